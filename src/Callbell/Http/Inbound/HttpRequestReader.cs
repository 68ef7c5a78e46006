using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Http.Inbound
{
    /// <summary>
    /// Reads HTTP/1.1 requests off one connection, one after another (keep-alive): Content-Length
    /// and chunked bodies, "Expect: 100-continue", and limits on the head, the body and the bytes
    /// held across connections. Framing is strict, because a server that guesses can be made to
    /// read one request as two: both Content-Length and Transfer-Encoding, a Content-Length that
    /// disagrees with itself, or a folded header line is refused.
    /// Timeouts are the caller's: it closes the stream, and the read in progress ends.
    /// </summary>
    internal sealed class HttpRequestReader
    {
        private const int MaxChunkLineBytes = 1024;
        private static readonly byte[] Continue = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");

        private readonly Stream _stream;
        private readonly RequestLimits _limits;
        private readonly ByteBudget? _budget;
        private byte[] _buffer = new byte[4096];
        private int _start;
        private int _end;

        // What the request being read holds of the budget, given back if it is never handed on.
        private long _reserved;

        public HttpRequestReader(Stream stream, RequestLimits limits, ByteBudget? budget = null)
        {
            _stream = stream;
            _limits = limits;
            _budget = budget;
        }

        /// <summary>
        /// Waits for the first byte of the next request: true once one has begun, false when the
        /// peer closed the connection between requests (a clean end, not an error).
        /// </summary>
        public async Task<bool> WaitForRequestAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                // A client may send blank lines between requests; they are not a request.
                while (_start < _end && (_buffer[_start] == '\r' || _buffer[_start] == '\n'))
                {
                    _start++;
                }

                if (_start < _end)
                {
                    return true;
                }

                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }

        /// <summary>The next request whole, or null when the peer closed the connection before it began.</summary>
        public async Task<InboundRequest?> ReadAsync(CancellationToken cancellationToken)
        {
            if (!await WaitForRequestAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var head = await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
            _reserved = 0;
            try
            {
                var body = head.Chunked
                    ? await ReadChunkedAsync(head, cancellationToken).ConfigureAwait(false)
                    : await ReadLengthAsync(head, cancellationToken).ConfigureAwait(false);
                return new InboundRequest(head.Method, head.Target, head.Version, head.Headers, body) { Reserved = _reserved };
            }
            catch
            {
                _budget?.Release(_reserved);
                throw;
            }
        }

        /// <summary>The request line and headers: lines up to the first empty one, all of them together bounded.</summary>
        private async Task<Head> ReadHeadAsync(CancellationToken cancellationToken)
        {
            var refusal = "The request line and headers exceed " + _limits.MaxHeaderBytes + " bytes.";
            var lines = new List<string>();
            var used = 0;
            while (true)
            {
                var line = await ReadLineAsync(_limits.MaxHeaderBytes - used, 431, refusal, cancellationToken).ConfigureAwait(false);
                used += line.Length + 2;
                if (line.Length == 0)
                {
                    return Head.Parse(lines);
                }

                lines.Add(line);
            }
        }

        /// <summary>The next line, without its CRLF; one reaching <paramref name="limit"/> bytes is refused with <paramref name="status"/>.</summary>
        private async Task<string> ReadLineAsync(int limit, int status, string refusal, CancellationToken cancellationToken)
        {
            var end = await FindAsync(limit, status, refusal, cancellationToken).ConfigureAwait(false);
            if (end - _start + 2 > limit)
            {
                throw new HttpRefusal(status, refusal);
            }

            var line = Encoding.ASCII.GetString(_buffer, _start, end - _start);
            _start = end + 2;
            return line;
        }

        private async Task<byte[]> ReadLengthAsync(Head head, CancellationToken cancellationToken)
        {
            var length = head.ContentLength;
            if (length == 0)
            {
                return Array.Empty<byte>();
            }

            if (length > _limits.MaxBodyBytes)
            {
                throw new HttpRefusal(413, "The body's " + length.ToString(CultureInfo.InvariantCulture) + " bytes exceed the limit of " + _limits.MaxBodyBytes + ".");
            }

            Reserve(length);
            await ContinueAsync(head, cancellationToken).ConfigureAwait(false);
            var body = new byte[length];
            await ReadExactAsync(body, 0, (int)length, cancellationToken).ConfigureAwait(false);
            return body;
        }

        private async Task<byte[]> ReadChunkedAsync(Head head, CancellationToken cancellationToken)
        {
            await ContinueAsync(head, cancellationToken).ConfigureAwait(false);
            using var body = new MemoryStream();
            while (true)
            {
                var line = await ReadLineAsync(MaxChunkLineBytes, 400, "A chunk-size line is longer than " + MaxChunkLineBytes + " bytes.", cancellationToken).ConfigureAwait(false);
                var size = ChunkSize(line);
                if (size == 0)
                {
                    break;
                }

                if (body.Length + size > _limits.MaxBodyBytes)
                {
                    throw new HttpRefusal(413, "The chunked body exceeds the limit of " + _limits.MaxBodyBytes + " bytes.");
                }

                Reserve(size);
                var chunk = new byte[size];
                await ReadExactAsync(chunk, 0, (int)size, cancellationToken).ConfigureAwait(false);
                body.Write(chunk, 0, chunk.Length);
                var crlf = await FindAsync(2, 400, "A chunk is longer than its size says.", cancellationToken).ConfigureAwait(false);
                if (crlf != _start)
                {
                    throw new HttpRefusal(400, "A chunk is longer than its size says.");
                }

                _start += 2;
            }

            // Trailers, which nothing here uses, up to the empty line that ends the body.
            var used = 0;
            while (true)
            {
                var trailer = await ReadLineAsync(_limits.MaxHeaderBytes - used, 431, "The trailers exceed " + _limits.MaxHeaderBytes + " bytes.", cancellationToken).ConfigureAwait(false);
                used += trailer.Length + 2;
                if (trailer.Length == 0)
                {
                    break;
                }
            }

            return body.ToArray();
        }

        private static long ChunkSize(string line)
        {
            var semicolon = line.IndexOf(';');
            var hex = semicolon < 0 ? line : line.Substring(0, semicolon);
            if (hex.Length == 0 || hex.Length > 8 || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
            {
                throw new HttpRefusal(400, "A chunk size is not hexadecimal: '" + (line.Length > 40 ? line.Substring(0, 40) : line) + "'.");
            }

            return size;
        }

        private void Reserve(long bytes)
        {
            if (_budget is null)
            {
                return;
            }

            if (!_budget.TryReserve(bytes))
            {
                throw new HttpRefusal(503, "Bodies being read or waiting already hold " + _budget.Held.ToString(CultureInfo.InvariantCulture) + " of " + _budget.Limit.ToString(CultureInfo.InvariantCulture) + " bytes.");
            }

            _reserved += bytes;
        }

        /// <summary>A client that asked waits for this before it sends the body; it is sent only once the body is wanted.</summary>
        private Task ContinueAsync(Head head, CancellationToken cancellationToken) =>
            head.ExpectsContinue && _start == _end && head.Version == "HTTP/1.1"
                ? _stream.WriteAsync(Continue, 0, Continue.Length, cancellationToken)
                : Task.CompletedTask;

        /// <summary>The index of the next CRLF at or after the read position, reading more as needed; past <paramref name="limit"/> bytes without one, refused.</summary>
        private async Task<int> FindAsync(int limit, int status, string refusal, CancellationToken cancellationToken)
        {
            var scanned = _start;
            while (true)
            {
                for (var i = scanned; i < _end; i++)
                {
                    if (_buffer[i] == '\n')
                    {
                        if (i == _start || _buffer[i - 1] != '\r')
                        {
                            throw new HttpRefusal(400, "A line ends in a bare LF.");
                        }

                        return i - 1;
                    }
                }

                scanned = _end;
                if (_end - _start >= limit)
                {
                    throw new HttpRefusal(status, refusal);
                }

                var offset = _start;
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new IOException("The connection closed in the middle of a request.");
                }

                scanned -= offset - _start;
            }
        }

        private async Task ReadExactAsync(byte[] destination, int offset, int count, CancellationToken cancellationToken)
        {
            var copied = Math.Min(count, _end - _start);
            Buffer.BlockCopy(_buffer, _start, destination, offset, copied);
            _start += copied;
            while (copied < count)
            {
                var read = await _stream.ReadAsync(destination, offset + copied, count - copied, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("The connection closed in the middle of a body.");
                }

                copied += read;
            }
        }

        /// <summary>Reads more into the buffer, moving what is unread to its front first; false at the end of the stream.</summary>
        private async Task<bool> FillAsync(CancellationToken cancellationToken)
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

            var read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
            _end += read;
            return read > 0;
        }

        /// <summary>The request line and headers, checked.</summary>
        private sealed class Head
        {
            private Head(string method, string target, string version, Dictionary<string, string> headers)
            {
                Method = method;
                Target = target;
                Version = version;
                Headers = headers;
            }

            public string Method { get; }

            public string Target { get; }

            public string Version { get; }

            public Dictionary<string, string> Headers { get; }

            public long ContentLength { get; private set; }

            public bool Chunked { get; private set; }

            public bool ExpectsContinue { get; private set; }

            public static Head Parse(List<string> lines)
            {
                foreach (var line in lines)
                {
                    if (line.IndexOf('\r') >= 0)
                    {
                        throw new HttpRefusal(400, "A bare CR in the head.");
                    }
                }

                var parts = lines[0].Split(' ');
                if (parts.Length != 3 || parts[0].Length == 0 || !IsToken(parts[0]) || parts[1].Length == 0)
                {
                    throw new HttpRefusal(400, "Malformed request line.");
                }

                if (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0")
                {
                    throw new HttpRefusal(parts[2].StartsWith("HTTP/", StringComparison.Ordinal) ? 505 : 400, "Only HTTP/1.1 and HTTP/1.0 are served.");
                }

                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 1; i < lines.Count; i++)
                {
                    var line = lines[i];
                    var colon = line.IndexOf(':');
                    if (colon <= 0 || !IsToken(line.Substring(0, colon)))
                    {
                        // Includes folded lines (leading space) and "Name : value": both are how one request is smuggled inside another.
                        throw new HttpRefusal(400, "Malformed header line.");
                    }

                    var name = line.Substring(0, colon);
                    var value = line.Substring(colon + 1).Trim(' ', '\t');
                    headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
                }

                var head = new Head(parts[0], parts[1], parts[2], headers);
                if (headers.TryGetValue("Transfer-Encoding", out var coding))
                {
                    if (headers.ContainsKey("Content-Length"))
                    {
                        throw new HttpRefusal(400, "Both Content-Length and Transfer-Encoding.");
                    }

                    if (!coding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new HttpRefusal(501, "Transfer-Encoding '" + coding + "' is not served; only chunked.");
                    }

                    head.Chunked = true;
                }
                else if (headers.TryGetValue("Content-Length", out var length))
                {
                    head.ContentLength = ParseLength(length);
                }

                if (headers.TryGetValue("Expect", out var expect))
                {
                    if (!expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new HttpRefusal(417, "Expect '" + expect + "' is not served.");
                    }

                    head.ExpectsContinue = true;
                }

                return head;
            }

            /// <summary>Digits only; a repeated header must repeat the same number.</summary>
            private static long ParseLength(string text)
            {
                long? length = null;
                foreach (var part in text.Split(','))
                {
                    var digits = part.Trim(' ', '\t');
                    if (digits.Length == 0 || digits.Length > 18 || !IsDigits(digits))
                    {
                        throw new HttpRefusal(400, "Content-Length is not a number.");
                    }

                    var value = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
                    if (length.HasValue && length != value)
                    {
                        throw new HttpRefusal(400, "Content-Length disagrees with itself.");
                    }

                    length = value;
                }

                return length ?? 0;
            }

            private static bool IsDigits(string text)
            {
                foreach (var c in text)
                {
                    if (c < '0' || c > '9')
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>RFC 9110's token: what a method or a header name may be made of.</summary>
            private static bool IsToken(string text)
            {
                if (text.Length == 0)
                {
                    return false;
                }

                foreach (var c in text)
                {
                    if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".IndexOf(c) >= 0)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
