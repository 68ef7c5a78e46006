using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace Callbell.RateLimits
{
    /// <summary>
    /// An account's pace kept in a small file that each process of the machine using the account
    /// maps into memory, so that overlapping runbooks pace their requests as one: each takes the
    /// next free moment with an atomic compare-and-swap on the mapped page, and none waits for a
    /// lock another may have died holding. The file is named after a hash of the account (never
    /// the token) and lives in $env:CALLBELL_BUDGET_DIR, else the user's temp folder. Where it
    /// cannot be made or mapped, the account is paced within the process, and the 429s another
    /// process causes lower this one's ceiling instead (<see cref="CongestionCeiling"/>).
    /// </summary>
    internal sealed unsafe class SharedPaceCell : PaceCell
    {
        private const long Magic = 0x31_65_63_61_70_6C_62_63; // "cblpace1"
        private const int Size = 64;

        private readonly FileStream _file;
        private readonly MemoryMappedFile _map;
        private readonly MemoryMappedViewAccessor _view;
        private readonly string _path;
        private byte* _base;

        private SharedPaceCell(string path, FileStream file, MemoryMappedFile map, MemoryMappedViewAccessor view)
        {
            _path = path;
            _file = file;
            _map = map;
            _view = view;
            byte* pointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _base = pointer + _view.PointerOffset;

            // A new file is all zeroes: the first process to see it marks it (the pace 0 is long past).
            Interlocked.CompareExchange(ref *(long*)_base, Magic, 0);
        }

        /// <summary>The directory budget files are kept in.</summary>
        public static string Directory
        {
            get
            {
                var configured = Environment.GetEnvironmentVariable("CALLBELL_BUDGET_DIR");
                return string.IsNullOrWhiteSpace(configured) ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "CallbellPS") : configured!;
            }
        }

        /// <summary>The file for <paramref name="account"/>: a hash of it, so the name tells nothing of the account.</summary>
        public static string PathFor(string account)
        {
            byte[] hash;
            using (var sha = SHA256.Create())
            {
                hash = sha.ComputeHash(Encoding.UTF8.GetBytes(account));
            }

            var name = new StringBuilder("budget-", 7 + 32 + 4);
            for (var i = 0; i < 16; i++)
            {
                name.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return System.IO.Path.Combine(Directory, name.Append(".bin").ToString());
        }

        /// <summary>Maps the account's file, making it if needed; null where the machine does not allow it.</summary>
        public static SharedPaceCell? TryOpen(string account)
        {
            var path = PathFor(account);
            for (var attempt = 0; attempt < 20; attempt++)
            {
                FileStream? file = null;
                MemoryMappedFile? map = null;
                try
                {
                    System.IO.Directory.CreateDirectory(Directory);
                    file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
                    if (file.Length < Size)
                    {
                        file.SetLength(Size);
                    }

                    map = MemoryMappedFile.CreateFromFile(file, null, Size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
                    var view = map.CreateViewAccessor(0, Size, MemoryMappedFileAccess.ReadWrite);
                    if (view.ReadInt64(0) != Magic && view.ReadInt64(0) != 0)
                    {
                        view.Dispose();
                        map.Dispose();
                        file.Dispose();
                        return null; // someone else's file of that name: leave it alone
                    }

                    return new SharedPaceCell(path, file, map, view);
                }
                catch (IOException)
                {
                    // Another process is removing it (it held it alone, see Close): try again.
                    map?.Dispose();
                    file?.Dispose();
                    Thread.Sleep(1);
                }
                catch (Exception ex) when (ex is UnauthorizedAccessException || ex is NotSupportedException || ex is System.Security.SecurityException || ex is ArgumentException)
                {
                    map?.Dispose();
                    file?.Dispose();
                    return null;
                }
            }

            return null;
        }

        // Callers hold their limiter's gate, as Close does: once closed, the pace stays in the process.
        public override long Read() => _base == null ? base.Read() : Volatile.Read(ref *(long*)(_base + 8));

        public override long CompareExchange(long value, long comparand) =>
            _base == null ? base.CompareExchange(value, comparand) : Interlocked.CompareExchange(ref *(long*)(_base + 8), value, comparand);

        /// <summary>
        /// Unmaps the file, and removes it if no other process has it open: taking it alone
        /// (an exclusive open, an OS lock on Unix) first means no process can be pacing on a file
        /// that is being removed; one that opens it meanwhile waits and then makes a new one.
        /// </summary>
        public override void Close()
        {
            _base = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
            _file.Dispose();
            try
            {
                using (new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Another process still paces on it.
            }
        }
    }
}
