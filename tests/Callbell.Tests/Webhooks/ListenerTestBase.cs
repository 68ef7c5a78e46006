using System;
using System.Collections.Generic;
using System.Text;
using Callbell.Webhooks;

namespace Callbell.Tests.Webhooks
{
    /// <summary>What the listener's test classes share: listeners on free ports, stopped after each test, and the event they post.</summary>
    public abstract class ListenerTestBase : IDisposable
    {
        private readonly List<WebhookListener> _listeners = new List<WebhookListener>();

        /// <summary>The last listener's address.</summary>
        protected string Url { get; private set; } = string.Empty;

        public virtual void Dispose()
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }
        }

        protected static byte[] ContactCreated(string name) => Encoding.UTF8.GetBytes("{\"event\":\"contact_created\",\"payload\":{\"uuid\":\"eb2b914a977e4ab896e7b886698b3eac\",\"name\":\"" + name + "\"}}");

        protected WebhookListener Listen(Action<WebhookListenerOptions>? configure = null)
        {
            var (listener, url) = LocalListener.Start(configure);
            Url = url;
            _listeners.Add(listener);
            return listener;
        }

        /// <summary>A listener started some other way, stopped with the rest.</summary>
        protected void Own(WebhookListener listener) => _listeners.Add(listener);
    }
}
