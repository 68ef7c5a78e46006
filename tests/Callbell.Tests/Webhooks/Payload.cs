using System;
using System.IO;
using System.Text;

namespace Callbell.Tests.Webhooks
{
    /// <summary>The example bodies of each documented event, as files beside the tests.</summary>
    internal static class Payload
    {
        public static byte[] Of(string eventName) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Webhooks", "Payloads", eventName + ".json"));

        public static byte[] Text(string json) => Encoding.UTF8.GetBytes(json);
    }
}
