using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// One command's progress bar, updated at most four times a second: a host spends more on
    /// drawing progress than a page or an item costs, so most updates are dropped, never queued.
    /// </summary>
    internal sealed class CommandProgress
    {
        private static readonly long Interval = Stopwatch.Frequency / 4;

        private readonly int _activityId;
        private readonly string _activity;
        private string _status;
        private int _percent = -1;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _shownAt;
        private int _done;
        private int _failed;

        public CommandProgress(int activityId, string activity, string firstStatus)
        {
            _activityId = activityId;
            _activity = activity;
            _status = firstStatus;
        }

        private bool _shown;

        /// <summary>The bar with <paramref name="status"/> (a new record each time: a host may keep the ones it was given), or null when the last update was too recent.</summary>
        public ProgressRecord? Update(string status, int percent = -1)
        {
            var now = _clock.ElapsedTicks;
            if (_shown && now - _shownAt < Interval)
            {
                return null;
            }

            _shownAt = now;
            _shown = true;
            _status = status;
            _percent = Math.Min(100, percent);
            return new ProgressRecord(_activityId, _activity, _status) { PercentComplete = _percent };
        }

        /// <summary>Counts one pipeline item's outcome; the bar says how many are done, failed, and how fast.</summary>
        public ProgressRecord? ItemEnded(bool failed)
        {
            if (failed)
            {
                _failed++;
            }
            else
            {
                _done++;
            }

            var seconds = _clock.Elapsed.TotalSeconds;
            var rate = seconds > 0.5 ? ", " + ((_done + _failed) / seconds).ToString("n0", CultureInfo.CurrentCulture) + " a second" : string.Empty;
            return Update(_done.ToString("n0", CultureInfo.CurrentCulture) + " done, " + _failed.ToString("n0", CultureInfo.CurrentCulture) + " failed" + rate);
        }

        /// <summary>The record that removes the bar.</summary>
        public ProgressRecord Completed() =>
            new ProgressRecord(_activityId, _activity, _status) { PercentComplete = _percent, RecordType = ProgressRecordType.Completed };
    }
}
