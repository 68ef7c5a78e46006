using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http.Inbound;
using CsCheck;
using Xunit;

namespace Callbell.Tests.Http.Inbound
{
    /// <summary>
    /// The one HTTP/1.1 reader the webhook receiver and the sandbox share: whatever the framing
    /// and however the bytes are cut, requests come out whole and in order; what cannot be framed
    /// safely is refused with the status that says why, before the body is read.
    /// </summary>
    public sealed class HttpRequestReaderTests
    {
        private static readonly RequestLimits Limits = new RequestLimits(4096, 8192);

        private static readonly Gen<SentRequest> Requests =
            Gen.Select(
                Gen.Int[0, 3].Select(i => new[] { "POST", "GET", "HEAD", "DELETE" }[i]),
                Gen.Int[0, 3000],
                Gen.Frequency((3, Gen.Const(Framing.Length)), (2, Gen.Const(Framing.Chunked)), (1, Gen.Const(Framing.ChunkedWithTrailers))),
                Gen.Int[0, 5],
                Gen.Bool,
                Gen.Int)
            .Select((method, size, framing, extraHeaders, expect, seed) => SentRequest.Make(method, size, framing, extraHeaders, expect, seed));

        [Fact]
        public void Any_requests_in_any_framing_cut_anywhere_come_out_whole_and_in_order()
        {
            Gen.Select(Requests.Array[1, 6], Gen.Int, Gen.Bool).Sample((requests, seed, blankLines) =>
            {
                var wire = new MemoryStream();
                foreach (var request in requests)
                {
                    if (blankLines)
                    {
                        wire.Write(new byte[] { (byte)'\r', (byte)'\n' }, 0, 2);
                    }

                    var bytes = request.Wire();
                    wire.Write(bytes, 0, bytes.Length);
                }

                var stream = new FragmentedStream(wire.ToArray(), seed);
                var budget = new ByteBudget(1 << 20);
                var reader = new HttpRequestReader(stream, Limits, budget);
                var read = new List<InboundRequest>();
                InboundRequest? next;
                while ((next = reader.ReadAsync(CancellationToken.None).GetAwaiter().GetResult()) != null)
                {
                    read.Add(next);
                }

                Assert.Equal(requests.Length, read.Count);
                for (var i = 0; i < requests.Length; i++)
                {
                    Assert.Equal(requests[i].Method, read[i].Method);
                    Assert.Equal(requests[i].Target, read[i].Target);
                    Assert.Equal(requests[i].Body, read[i].Body);
                    Assert.Equal(requests[i].Headers["X-Probe"], read[i].Header("x-probe"));
                    Assert.Equal(requests[i].Body.Length, read[i].Reserved);
                }

                // Every body's bytes were counted while held; they are given back by whoever answers.
                Assert.Equal(requests.Sum(r => (long)r.Body.Length), budget.Held);
            }, iter: 300, threads: 1);
        }

        [Theory]
        [InlineData("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400)]
        [InlineData("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400)]
        [InlineData("POST / HTTP/1.1\r\nContent-Length: 3x\r\n\r\nabc", 400)]
        [InlineData("POST / HTTP/1.1\r\nContent-Length: -3\r\n\r\n", 400)]
        [InlineData("POST / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n", 400)]
        [InlineData("POST / HTTP/1.1\r\nContent-Length : 3\r\n\r\nabc", 400)]
        [InlineData("POST / HTTP/1.1\nContent-Length: 3\n\nabc", 400)]
        [InlineData("POST /\r\n\r\n", 400)]
        [InlineData("POST / HTTP/1.1\r\nX-A: 1\rContent-Length: 3\r\n\r\nabc", 400)]
        [InlineData("POST / HTTP/2.0\r\n\r\n", 505)]
        [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)]
        [InlineData("POST / HTTP/1.1\r\nExpect: something-else\r\nContent-Length: 3\r\n\r\nabc", 417)]
        [InlineData("POST / HTTP/1.1\r\nContent-Length: 8193\r\n\r\n", 413)]
        [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nab\r\n0\r\n\r\n", 400)]
        [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 400)]
        [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2001\r\n", 413)]
        public void What_cannot_be_framed_safely_is_refused_with_the_status_that_says_why(string wire, int status)
        {
            var refusal = Assert.Throws<HttpRefusal>(() => Read(wire));

            Assert.Equal(status, refusal.Status);
        }

        [Fact]
        public void Headers_past_the_limit_are_refused_431_whether_in_one_line_or_many()
        {
            var oneLine = "GET / HTTP/1.1\r\nX-Big: " + new string('a', 5000) + "\r\n\r\n";
            var manyLines = "GET / HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, 600).Select(i => "X-" + i + ": 1\r\n")) + "\r\n";
            var trailers = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + string.Concat(Enumerable.Range(0, 600).Select(i => "X-" + i + ": 1\r\n")) + "\r\n";

            Assert.Equal(431, Assert.Throws<HttpRefusal>(() => Read(oneLine)).Status);
            Assert.Equal(431, Assert.Throws<HttpRefusal>(() => Read(manyLines)).Status);
            Assert.Equal(431, Assert.Throws<HttpRefusal>(() => Read(trailers)).Status);
        }

        [Fact]
        public async Task A_body_too_large_is_refused_before_it_is_read_and_its_sender_is_never_told_to_continue()
        {
            var head = "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n";
            var stream = new FragmentedStream(Encoding.ASCII.GetBytes(head + new string('x', 100000)), 1);

            var refusal = await Assert.ThrowsAsync<HttpRefusal>(() => new HttpRequestReader(stream, Limits).ReadAsync(CancellationToken.None));

            Assert.Equal(413, refusal.Status);
            Assert.Equal(0, stream.Written.Length);
            Assert.True(stream.Consumed < head.Length + 4096, "read " + stream.Consumed + " bytes of a refused body");
        }

        [Fact]
        public async Task A_sender_that_expects_100_continue_is_told_to_go_on_once_its_head_is_accepted()
        {
            var head = Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            var pipe = new StagedStream(head, Encoding.ASCII.GetBytes("hello"));
            var reader = new HttpRequestReader(pipe, Limits);

            var request = await reader.ReadAsync(CancellationToken.None);

            Assert.Equal("hello", Encoding.ASCII.GetString(request!.Body));
            Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", pipe.WrittenBeforeSecondStage);
        }

        [Fact]
        public async Task Bodies_held_across_connections_are_bounded_and_a_refused_or_cut_body_gives_its_bytes_back()
        {
            var budget = new ByteBudget(1000);
            var first = new HttpRequestReader(new FragmentedStream(Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nContent-Length: 600\r\n\r\n" + new string('a', 600)), 1), Limits, budget);
            var second = new HttpRequestReader(new FragmentedStream(Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nContent-Length: 600\r\n\r\n" + new string('b', 600)), 2), Limits, budget);
            var cut = new HttpRequestReader(new FragmentedStream(Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n" + new string('c', 50)), 3), Limits, budget);

            var held = await first.ReadAsync(CancellationToken.None);
            var refusal = await Assert.ThrowsAsync<HttpRefusal>(() => second.ReadAsync(CancellationToken.None));
            await Assert.ThrowsAsync<IOException>(() => cut.ReadAsync(CancellationToken.None));

            Assert.Equal(503, refusal.Status);
            Assert.Equal(600, budget.Held);
            budget.Release(held!.Reserved);
            Assert.Equal(0, budget.Held);
        }

        [Fact]
        public async Task A_connection_closed_between_requests_is_a_clean_end_and_in_the_middle_of_one_is_an_error()
        {
            Assert.Null(await new HttpRequestReader(new FragmentedStream(Array.Empty<byte>(), 1), Limits).ReadAsync(CancellationToken.None));
            Assert.Throws<IOException>(() => Read("POST / HTTP/1.1\r\nContent-Le"));
            Assert.Throws<IOException>(() => Read("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"));
        }

        [Fact]
        public void Keep_alive_follows_the_version_and_the_connection_header()
        {
            Assert.True(Read("GET / HTTP/1.1\r\n\r\n").KeepAlive);
            Assert.False(Read("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").KeepAlive);
            Assert.False(Read("GET / HTTP/1.0\r\n\r\n").KeepAlive);
            Assert.True(Read("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").KeepAlive);
        }

        [Theory]
        [InlineData("/callbell/?x=1", "/callbell/")]
        [InlineData("http://hooks.example.com/callbell/hook?x=1", "/callbell/hook")]
        [InlineData("http://hooks.example.com", "/")]
        [InlineData("/", "/")]
        public void The_path_of_an_origin_or_absolute_target_leaves_out_the_query_and_the_authority(string target, string path)
        {
            Assert.Equal(path, Read("GET " + target + " HTTP/1.1\r\n\r\n").RawPath);
        }

        private static InboundRequest Read(string wire) =>
            new HttpRequestReader(new FragmentedStream(Encoding.ASCII.GetBytes(wire), wire.Length), Limits).ReadAsync(CancellationToken.None).GetAwaiter().GetResult()!;

        private enum Framing
        {
            Length,
            Chunked,
            ChunkedWithTrailers,
        }

        /// <summary>A request as a client would put it on the wire.</summary>
        private sealed class SentRequest
        {
            private Framing _framing;
            private int _seed;
            private bool _expect;

            public string Method { get; private set; } = "GET";

            public string Target { get; private set; } = "/";

            public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>();

            public byte[] Body { get; private set; } = Array.Empty<byte>();

            public static SentRequest Make(string method, int size, Framing framing, int extraHeaders, bool expect, int seed)
            {
                var random = new Random(seed);
                var body = new byte[method == "GET" || method == "HEAD" ? 0 : size];
                random.NextBytes(body);
                var request = new SentRequest { Method = method, Target = "/hook/" + seed + "?page=" + size, Body = body, _framing = framing, _seed = seed, _expect = expect };
                request.Headers["X-Probe"] = "v" + random.Next(7);
                for (var i = 0; i < extraHeaders; i++)
                {
                    request.Headers["X-Extra-" + i] = new string('h', random.Next(200));
                }

                return request;
            }

            public byte[] Wire()
            {
                var random = new Random(_seed);
                var head = new StringBuilder(Method + " " + Target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                foreach (var header in Headers)
                {
                    head.Append(header.Key).Append(':').Append(random.Next(2) == 0 ? " " : "\t ").Append(header.Value).Append("\r\n");
                }

                if (_expect && Body.Length > 0)
                {
                    head.Append("Expect: 100-continue\r\n");
                }

                var wire = new MemoryStream();
                if (_framing == Framing.Length)
                {
                    head.Append("Content-Length: ").Append(Body.Length).Append("\r\n\r\n");
                    Append(wire, head.ToString());
                    wire.Write(Body, 0, Body.Length);
                    return wire.ToArray();
                }

                head.Append("Transfer-Encoding: chunked\r\n\r\n");
                Append(wire, head.ToString());
                for (var at = 0; at < Body.Length;)
                {
                    var size = Math.Min(Body.Length - at, 1 + random.Next(700));
                    Append(wire, size.ToString(random.Next(2) == 0 ? "x" : "X") + (random.Next(3) == 0 ? ";name=value" : string.Empty) + "\r\n");
                    wire.Write(Body, at, size);
                    Append(wire, "\r\n");
                    at += size;
                }

                Append(wire, "0\r\n" + (_framing == Framing.ChunkedWithTrailers ? "X-Trailer: done\r\n" : string.Empty) + "\r\n");
                return wire.ToArray();
            }

            private static void Append(MemoryStream wire, string text)
            {
                var bytes = Encoding.ASCII.GetBytes(text);
                wire.Write(bytes, 0, bytes.Length);
            }
        }

        /// <summary>Hands over the head, then the body only once something was written back, as a client waiting for 100 Continue does.</summary>
        private sealed class StagedStream : ScriptedStream
        {
            private readonly byte[] _first;
            private readonly byte[] _second;
            private int _stage;

            public StagedStream(byte[] first, byte[] second)
            {
                _first = first;
                _second = second;
            }

            public string WrittenBeforeSecondStage { get; private set; } = string.Empty;

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_stage == 0)
                {
                    _stage = 1;
                    Buffer.BlockCopy(_first, 0, buffer, offset, _first.Length);
                    return _first.Length;
                }

                if (_stage == 1)
                {
                    // A client that asked for 100 Continue sends nothing until it has it.
                    Assert.True(Written.Length > 0, "the body was asked for before 100 Continue was sent");
                    WrittenBeforeSecondStage = Encoding.ASCII.GetString(Written.ToArray());
                    _stage = 2;
                    Buffer.BlockCopy(_second, 0, buffer, offset, _second.Length);
                    return _second.Length;
                }

                return 0;
            }
        }
    }
}
