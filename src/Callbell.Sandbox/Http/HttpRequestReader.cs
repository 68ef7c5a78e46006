using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Sandbox.Http
{
    /// <summary>
    /// Reads HTTP/1.1 requests off one connection, keep-alive included. Just enough HTTP for a
    /// client like HttpClient: Content-Length bodies, no chunked uploads.
    /// </summary>
    internal sealed class HttpRequestReader
    {
        private const int MaxHeaderBytes = 64 * 1024;
        private const int MaxBodyBytes = 16 * 1024 * 1024;

        private readonly Stream _stream;
        private byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public HttpRequestReader(Stream stream)
        {
            _stream = stream;
        }

        /// <summary>The next request, or null when the client closed the connection.</summary>
        public async Task<SandboxRequest?> ReadAsync(CancellationToken cancellationToken)
        {
            int headerEnd;
            while ((headerEnd = IndexOfHeaderEnd()) < 0)
            {
                if (_end - _start >= MaxHeaderBytes)
                {
                    throw new InvalidDataException("Request headers exceed " + MaxHeaderBytes + " bytes.");
                }

                MakeRoom();
                var read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                _end += read;
            }

            var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
            _start = headerEnd + 4;
            var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
            var requestLine = lines[0].Split(' ');
            if (requestLine.Length != 3)
            {
                throw new InvalidDataException("Malformed request line.");
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 1; i < lines.Length; i++)
            {
                var colon = lines[i].IndexOf(':');
                if (colon > 0)
                {
                    headers[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
                }
            }

            var length = headers.TryGetValue("Content-Length", out var text) && int.TryParse(text, out var n) ? n : 0;
            if (length < 0 || length > MaxBodyBytes)
            {
                throw new InvalidDataException("Request body too large.");
            }

            if (length > 0 && headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
            {
                // A client that asks may wait for this before sending the body.
                var proceed = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");
                await _stream.WriteAsync(proceed, 0, proceed.Length, cancellationToken).ConfigureAwait(false);
            }

            var body = new byte[length];
            var copied = Math.Min(length, _end - _start);
            Buffer.BlockCopy(_buffer, _start, body, 0, copied);
            _start += copied;
            while (copied < length)
            {
                var read = await _stream.ReadAsync(body, copied, length - copied, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                copied += read;
            }

            return new SandboxRequest(requestLine[0], requestLine[1], headers, body);
        }

        private int IndexOfHeaderEnd()
        {
            for (var i = _start; i + 3 < _end; i++)
            {
                if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }

        private void MakeRoom()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
    }
}
