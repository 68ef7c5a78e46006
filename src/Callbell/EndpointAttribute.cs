using System;

namespace Callbell
{
    /// <summary>
    /// The API endpoint an area-client method calls, as docs/callbell-api.md names it
    /// ("GET", "contacts/{uuid}"). A convention test holds these, the documented endpoints and
    /// the sandbox's routes to the same set.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    internal sealed class EndpointAttribute : Attribute
    {
        public EndpointAttribute(string method, string path)
        {
            Method = method;
            Path = path;
        }

        public string Method { get; }

        public string Path { get; }

        public override string ToString() => Method + " /" + Path;
    }
}
