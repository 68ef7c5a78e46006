using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using Callbell.Paging;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// A cmdlet that lists: -Page, -All and -First in the "List" parameter set, one page with a
    /// warning only when the response shows more, or a walk written item by item as each page
    /// arrives, with progress. A list cmdlet is then a parameter block and one call to
    /// <see cref="WriteList{T}"/>.
    /// </summary>
    public abstract class CallbellListCmdlet : CallbellApiCmdlet
    {
        protected const string ListSet = "List";

        /// <summary>The page to get, from 1. With -All, the page to start from (to resume a walk). Default: 1.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, int.MaxValue)]
        public int Page { get; set; } = 1;

        /// <summary>Walks every page, from -Page on.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter All { get; set; }

        /// <summary>Stops after this many items, walking pages as needed.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, int.MaxValue)]
        public int First { get; set; }

        /// <summary>
        /// Writes one page, or (with -All or -First) the walk from <paramref name="start"/>.
        /// Failures become a non-terminating error whose target is <paramref name="target"/>.
        /// <paramref name="keep"/> filters here what the API cannot filter (wildcard names): then
        /// every page is read, with or without -All, so a filtered list never looks complete when
        /// it is not. <paramref name="named"/> ("team named 'Sales'") is the name filter given:
        /// without wildcards, matching nothing is an ObjectNotFound error, as Get-Process -Name x.
        /// </summary>
        protected void WriteList<T>(
            object target,
            string what,
            PagePosition start,
            Func<PagePosition, Task<Page<T>>> onePage,
            Func<PagePosition, IAsyncEnumerable<Page<T>>> walk,
            Func<T, bool>? keep = null,
            string? named = null)
        {
            _keep = keep is null ? null : new Func<object?, bool>(item => keep((T)item!));
            var first = MyInvocation.BoundParameters.ContainsKey(nameof(First)) ? First : (int?)null;
            ForItem(target, () =>
            {
                if (All || first.HasValue || keep != null)
                {
                    var written = WriteWalk(walk(start), first, what);
                    if (written == 0 && named != null && !WildcardPattern.ContainsWildcardCharacters(named))
                    {
                        WriteError(ErrorRecords.From(new CallbellException(CallbellErrorKind.NotFound, "Callbell.NotFound", "No " + named + " was found (every page was read).")
                        {
                            RecommendedAction = "Check the name, or use a wildcard (*) to search.",
                        }, target));
                    }
                }
                else
                {
                    WritePage(Await(onePage(start)), what);
                }
            });
        }

        private long WriteWalk<T>(IAsyncEnumerable<Page<T>> pages, int? first, string what)
        {
            var progress = new CommandProgress(0x0CA11BE1, MyInvocation.MyCommand.Name, "Requesting the first page of " + what);
            var written = 0L;
            var enumerator = pages.GetAsyncEnumerator(CancellationToken);
            try
            {
                while (Await(enumerator.MoveNextAsync().AsTask()))
                {
                    var page = enumerator.Current;
                    if (page.StoppedEarly != null)
                    {
                        WriteWarning(page.StoppedEarly + (page.ResumeAfter != null ? " To go on from there, run " + MyInvocation.MyCommand.Name + " again with the same filters and -After " + page.ResumeAfter + " -All." : string.Empty));
                        continue;
                    }

                    var total = page.Meta?.Pages;
                    var update = progress.Update("Page " + page.Number + (total.HasValue ? " of " + total.Value : string.Empty) + ": " + (written + page.Items.Count) + " " + what, total > 0 ? page.Number * 100 / total!.Value : -1);
                    if (update != null)
                    {
                        WriteProgress(update);
                    }

                    foreach (var item in page.Items)
                    {
                        if (!Kept(item))
                        {
                            continue;
                        }

                        WriteObject(item);
                        if (++written == first)
                        {
                            return written;
                        }
                    }
                }
            }
            finally
            {
                Await(enumerator.DisposeAsync().AsTask());
                CompleteProgress(progress);
            }

            return written;
        }

        private void WritePage<T>(Page<T> page, string what)
        {
            foreach (var item in page.Items)
            {
                if (Kept(item))
                {
                    WriteObject(item);
                }
            }

            if (page.HasMore)
            {
                var total = page.Meta?.Pages is int pages && page.Next is null ? " of " + pages : string.Empty;
                var next = page.Next != null ? "-After " + page.Next : "-Page " + (page.Number + 1);
                WriteWarning("This is page " + page.Number + total + " of " + what + "; more exist. Use -All to get every page, or " + next + " for the next.");
            }
        }

        private Func<object?, bool>? _keep;

        private bool Kept(object? item) => _keep is null || _keep(item);
    }
}
