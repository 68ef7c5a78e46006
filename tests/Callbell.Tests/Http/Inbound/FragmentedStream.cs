using System;
using System.IO;

namespace Callbell.Tests.Http.Inbound
{
    /// <summary>What a socket does to bytes: hands them over in pieces of any size. Writes (100 Continue) are kept.</summary>
    internal sealed class FragmentedStream : Stream
    {
        private readonly byte[] _bytes;
        private readonly Random _random;
        private int _position;

        public FragmentedStream(byte[] bytes, int seed)
        {
            _bytes = bytes;
            _random = new Random(seed);
        }

        public MemoryStream Written { get; } = new MemoryStream();

        /// <summary>How much the reader has taken so far: a body it refused must not have been read.</summary>
        public int Consumed => _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var take = Math.Min(Math.Min(count, _bytes.Length - _position), 1 + _random.Next(_random.Next(2) == 0 ? 8 : 2048));
            Buffer.BlockCopy(_bytes, _position, buffer, offset, take);
            _position += take;
            return take;
        }

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
