using System;
using System.IO;

namespace Callbell.Tests.Http.Inbound
{
    /// <summary>A stream a test scripts: what a reader is handed comes from <see cref="Read"/>; what it writes back (100 Continue) is kept.</summary>
    internal abstract class ScriptedStream : Stream
    {
        public MemoryStream Written { get; } = new MemoryStream();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
