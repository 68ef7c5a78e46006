using System;
using System.Text;
using Callbell.Sandbox.Http;

namespace Callbell.Sandbox.Faults
{
    /// <summary>The canned wrong answers: each is something a broken proxy or server really sends.</summary>
    internal static class HostileBodies
    {
        public static SandboxResponse For(FaultRule rule, Uri baseUri)
        {
            switch (rule.Kind)
            {
                case FaultKind.HtmlPage:
                    return new SandboxResponse(200, Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"), "text/html; charset=utf-8");
                case FaultKind.WrongContentType:
                    return new SandboxResponse(200, Encoding.UTF8.GetBytes("{\"contacts\":[]}"), "text/plain");
                case FaultKind.DeepNesting:
                    var depth = 10000;
                    // Inside a field the client keeps as raw JSON, so only a depth limit can stop it.
                    var deep = new StringBuilder(depth * 2 + 64).Append("{\"contacts\":[{\"uuid\":\"a\",\"futureField\":");
                    deep.Append('[', depth).Append(']', depth).Append("}]}");
                    return SandboxResponse.Json(200, deep.ToString());
                case FaultKind.InvalidUtf8:
                    var prefix = Encoding.ASCII.GetBytes("{\"contacts\":[{\"uuid\":\"");
                    var suffix = Encoding.ASCII.GetBytes("\",\"name\":\"x\"}]}");
                    var body = new byte[prefix.Length + 2 + suffix.Length];
                    Buffer.BlockCopy(prefix, 0, body, 0, prefix.Length);
                    body[prefix.Length] = 0xFF;
                    body[prefix.Length + 1] = 0xFE;
                    Buffer.BlockCopy(suffix, 0, body, prefix.Length + 2, suffix.Length);
                    return new SandboxResponse(200, body);
                case FaultKind.NullBody:
                    return SandboxResponse.Json(200, "null");
                case FaultKind.NumberBody:
                    return SandboxResponse.Json(200, "42");
                case FaultKind.NullList:
                    return SandboxResponse.Json(200, "{\"contacts\":null,\"contact\":null}");
                case FaultKind.Redirect:
                    var redirect = SandboxResponse.Json(302, "{}");
                    var target = rule.RedirectTo?.AbsoluteUri ?? "http://attacker.invalid" + baseUri.AbsolutePath + "contacts";
                    redirect.Headers.Add(new System.Collections.Generic.KeyValuePair<string, string>("Location", target));
                    return redirect;
                default:
                    throw new ArgumentOutOfRangeException(nameof(rule), rule.Kind, "Not a canned body.");
            }
        }
    }
}
