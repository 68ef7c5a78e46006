using System;
using System.Text;
using System.Text.Json;
using System.Threading;
using Callbell.Paging;

namespace Callbell.Json
{
    /// <summary>
    /// Reads a made-up contact page on a spare thread when the process's first connection is made.
    /// The serializer's first read of a model compiles its converters and property accessors (tens
    /// of milliseconds in a fresh process); done while the first request is on the network, the
    /// first answer is read at the speed of the later ones. Reads nothing real, sends nothing.
    /// </summary>
    internal static class JsonWarmUp
    {
        private const string Sample =
            "{\"uuid\":\"0\",\"name\":\"n\",\"phoneNumber\":\"1\",\"source\":\"whatsapp\",\"tags\":[\"t\"],\"assignedUser\":null," +
            "\"customFields\":{\"f\":\"v\"},\"createdAt\":\"2026-01-01T00:00:00Z\",\"closedAt\":null,\"blockedAt\":null,\"funnelId\":null," +
            "\"team\":{\"uuid\":\"0\",\"name\":\"t\"},\"channel\":{\"uuid\":\"0\",\"title\":\"c\",\"type\":\"whatsapp\"},\"bsuid\":null," +
            "\"avatarUrl\":null,\"href\":\"h\",\"conversationHref\":\"h\"}";

        private const string SampleMeta = "{\"page\":1,\"pages\":1,\"next\":null}";

        private static int _started;

        /// <summary>Starts the warm-up once per process.</summary>
        public static void Start()
        {
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                ThreadPool.QueueUserWorkItem(_ => Run());
            }
        }

        private static void Run()
        {
            try
            {
                var contact = new Utf8JsonReader(Encoding.UTF8.GetBytes(Sample));
                JsonSerializer.Deserialize(ref contact, CallbellJson.Info<Contact>());
                var meta = new Utf8JsonReader(Encoding.UTF8.GetBytes(SampleMeta));
                JsonSerializer.Deserialize(ref meta, CallbellJson.Info<PageMeta>());
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is NotSupportedException)
            {
                // Only a head start: the real read reports its own errors.
            }
            finally
            {
                Tolerance.Reset();
            }
        }
    }
}
