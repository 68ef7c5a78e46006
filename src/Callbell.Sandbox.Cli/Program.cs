using System;
using System.Globalization;
using System.Threading;
using Callbell.Sandbox;
using Callbell.Sandbox.Faults;

var options = new SandboxOptions();
var latencyMs = 0;
var rateLimitEvery = 0;
var failPage = 0;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value.");
        int NextInt() => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException(args[i - 1] + " needs a whole number.");

        switch (args[i])
        {
            case "--port": options.Port = NextInt(); break;
            case "--contacts": options.Contacts = NextInt(); break;
            case "--page-size": options.PageSize = Math.Max(1, NextInt()); break;
            case "--token": options.Token = Next(); break;
            case "--latency": latencyMs = NextInt(); break;
            case "--requests-per-second": options.RequestsPerSecond = NextInt(); break;
            case "--rate-limit-every": rateLimitEvery = NextInt(); break;
            case "--fail-page": failPage = NextInt(); break;
            case "--deliver-webhooks": options.DeliverWebhooks = true; break;
            case "--status-pace": options.MessageStatusPace = TimeSpan.FromMilliseconds(NextInt()); break;
            case "--webhook-secret": options.WebhookSecret = Next(); options.DeliverWebhooks = true; break;
            case "--help":
            case "-h":
                Console.WriteLine("Callbell sandbox: a local emulator of the Callbell API on 127.0.0.1.");
                Console.WriteLine("  --port N              listen on N (default: a free port)");
                Console.WriteLine("  --contacts N          generated contacts (default 1000)");
                Console.WriteLine("  --page-size N         contacts per page (default 20, as the API)");
                Console.WriteLine("  --token T             the token to accept (default: a new test_ token)");
                Console.WriteLine("  --latency MS          delay every response");
                Console.WriteLine("  --requests-per-second N  answer 429 past N requests in a second, as the API past 300 (default 300; 0: no limit)");
                Console.WriteLine("  --rate-limit-every N  answer every Nth request with 429 + Retry-After: 1");
                Console.WriteLine("  --fail-page N         answer page N of every list with 500");
                Console.WriteLine("  --deliver-webhooks    post events to the registered webhook (a local URL allowed)");
                Console.WriteLine("  --webhook-secret S    sign them with S (whsec_...); implies --deliver-webhooks");
                Console.WriteLine("  --status-pace MS      a sent message moves on by itself every MS (sent, delivered, read), posting each status");
                return 0;
            default:
                throw new ArgumentException("Unknown option " + args[i] + " (see --help).");
        }
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var sandbox = SandboxServer.Start(options);
sandbox.Faults.Latency = TimeSpan.FromMilliseconds(latencyMs);
if (rateLimitEvery > 0)
{
    sandbox.Faults.Add(FaultKind.RateLimit, every: rateLimitEvery);
}

if (failPage > 0)
{
    sandbox.Faults.Add(FaultKind.ServerError, page: failPage);
}

Console.WriteLine("Callbell sandbox listening on " + sandbox.BaseUri.AbsoluteUri);
Console.WriteLine("  token:    " + sandbox.Token);
Console.WriteLine("  contacts: " + options.Contacts + " (" + options.PageSize + " a page)");
Console.WriteLine("Connect with: Connect-Callbell -BaseUri " + sandbox.BaseUri.AbsoluteUri + " -Token (ConvertTo-SecureString " + sandbox.Token + " -AsPlainText -Force)");
Console.WriteLine("Press Ctrl+C to stop.");
using var stop = new ManualResetEventSlim();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Set();
};
stop.Wait();
return 0;
