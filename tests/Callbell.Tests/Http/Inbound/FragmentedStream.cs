using System;

namespace Callbell.Tests.Http.Inbound
{
    /// <summary>What a socket does to bytes: hands them over in pieces of any size.</summary>
    internal sealed class FragmentedStream : ScriptedStream
    {
        private readonly byte[] _bytes;
        private readonly Random _random;
        private int _position;

        public FragmentedStream(byte[] bytes, int seed)
        {
            _bytes = bytes;
            _random = new Random(seed);
        }

        /// <summary>How much the reader has taken so far: a body it refused must not have been read.</summary>
        public int Consumed => _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var take = Math.Min(Math.Min(count, _bytes.Length - _position), 1 + _random.Next(_random.Next(2) == 0 ? 8 : 2048));
            Buffer.BlockCopy(_bytes, _position, buffer, offset, take);
            _position += take;
            return take;
        }
    }
}
