using System;
using System.Buffers;
using System.Text;

namespace Callbell.Http
{
    /// <summary>
    /// A successful answer: status and the body bytes in a pooled buffer, returned on Dispose.
    /// Deserialize before disposing; nothing keeps a reference to the bytes afterwards.
    /// </summary>
    public sealed class ApiResponse : IDisposable
    {
        private byte[]? _buffer;

        private readonly ApiToken? _token;

        internal ApiResponse(int statusCode, byte[] buffer, int length, Uri requestUri, string method, ApiToken? token)
        {
            _token = token;
            StatusCode = statusCode;
            _buffer = buffer;
            Length = length;
            RequestUri = requestUri;
            Method = method;
        }

        /// <summary>An answer without a body (204, or a delete that an earlier attempt most likely did).</summary>
        internal static ApiResponse Empty(int statusCode, Uri requestUri, string method) =>
            new ApiResponse(statusCode, Array.Empty<byte>(), 0, requestUri, method, null);

        public int StatusCode { get; }

        public int Length { get; }

        public Uri RequestUri { get; }

        public string Method { get; }

        public ReadOnlySpan<byte> Body => _buffer is null ? throw new ObjectDisposedException(nameof(ApiResponse)) : new ReadOnlySpan<byte>(_buffer, 0, Length);

        /// <summary>
        /// A 64-bit FNV-1a-style hash of the body, eight bytes at a step: tells a repeated page
        /// from a new one without costing a noticeable share of reading the page.
        /// </summary>
        public ulong Fingerprint()
        {
            var body = Body;
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(body);
            ulong hash = 14695981039346656037UL ^ (ulong)body.Length;
            foreach (var word in words)
            {
                hash = (hash ^ word) * 1099511628211UL;
            }

            for (var i = words.Length * sizeof(ulong); i < body.Length; i++)
            {
                hash = (hash ^ body[i]) * 1099511628211UL;
            }

            return hash;
        }

        /// <summary>The start of the body, as text fit for an error message.</summary>
        public string BodyText(int maxChars = 300) =>
            Length == 0 ? string.Empty : MessageText.From(Encoding.UTF8.GetString(_buffer!, 0, Math.Min(Length, maxChars * 4)), _token, maxChars);

        public void Dispose()
        {
            var buffer = _buffer;
            _buffer = null;
            if (buffer != null && buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
