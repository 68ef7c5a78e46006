using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Callbell.Webhooks
{
    /// <summary>
    /// Callbell's webhook signature (since September 2026): the header
    /// <c>X-Callbell-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where v1 is the hex
    /// HMAC-SHA256 of <c>"&lt;t&gt;.&lt;raw body&gt;"</c> keyed by the whole secret, whsec_ included.
    /// Verification works on the raw body bytes: re-serialised JSON would differ.
    /// </summary>
    public static class WebhookSignature
    {
        public const string HeaderName = "X-Callbell-Signature";

        public const string SecretPrefix = "whsec_";

        /// <summary>How far the signature's time may be from now, unless the caller says otherwise.</summary>
        public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

        /// <summary>
        /// Checks <paramref name="header"/> against <paramref name="body"/> and returns the time
        /// Callbell signed it. Every failure is a <see cref="WebhookSignatureException"/> saying which
        /// check failed; neither the secret nor the expected signature ever appears in it.
        /// </summary>
        public static DateTimeOffset Verify(byte[] body, string? header, string secret, TimeSpan tolerance, DateTimeOffset now)
        {
            if (body is null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            RequireSecret(secret);
            if (string.IsNullOrWhiteSpace(header))
            {
                throw new WebhookSignatureException(SignatureFailure.Missing, "The request has no " + HeaderName + " header, so it cannot be verified.");
            }

            long? timestamp = null;
            var signatures = new System.Collections.Generic.List<string>();
            foreach (var part in header!.Split(','))
            {
                var equals = part.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var name = part.Substring(0, equals).Trim();
                var value = part.Substring(equals + 1).Trim();
                if (name == "t")
                {
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                    {
                        throw new WebhookSignatureException(SignatureFailure.Malformed, "The " + HeaderName + " header's t is not a number of seconds.");
                    }

                    timestamp = seconds;
                }
                else if (name == "v1")
                {
                    signatures.Add(value); // more than one while a secret is rotated: any may match
                }
            }

            if (timestamp is null || signatures.Count == 0)
            {
                throw new WebhookSignatureException(SignatureFailure.Malformed, "The " + HeaderName + " header must hold t=<unix seconds>,v1=<hex>; it has " + (timestamp is null ? "no t" : "no v1") + ".");
            }

            DateTimeOffset signedAt;
            try
            {
                signedAt = DateTimeOffset.FromUnixTimeSeconds(timestamp.Value);
            }
            catch (ArgumentOutOfRangeException)
            {
                throw new WebhookSignatureException(SignatureFailure.Malformed, "The " + HeaderName + " header's t is not a possible time.");
            }

            var skew = now - signedAt;
            if (skew > tolerance)
            {
                throw new WebhookSignatureException(SignatureFailure.Expired, "The signature was made " + Describe(skew) + " ago, more than the " + Describe(tolerance) + " allowed: a replay, or a clock out of step.");
            }

            if (-skew > tolerance)
            {
                throw new WebhookSignatureException(SignatureFailure.FromTheFuture, "The signature claims a time " + Describe(-skew) + " ahead of this machine's clock, more than the " + Describe(tolerance) + " allowed.");
            }

            var expected = Compute(body, timestamp.Value, secret);
            var matched = false;
            foreach (var signature in signatures)
            {
                matched |= FixedTimeEquals(expected, signature);
            }

            if (!matched)
            {
                throw new WebhookSignatureException(SignatureFailure.Mismatch, "The signature does not match the body: a different secret (rotated in the dashboard?) or a body changed on its way.");
            }

            return signedAt;
        }

        /// <summary>The header Callbell would send for <paramref name="body"/> signed at <paramref name="signedAt"/>: for tests, sandboxes and relays.</summary>
        public static string Sign(byte[] body, string secret, DateTimeOffset signedAt)
        {
            RequireSecret(secret);
            var seconds = signedAt.ToUnixTimeSeconds();
            return "t=" + seconds.ToString(CultureInfo.InvariantCulture) + ",v1=" + Compute(body, seconds, secret);
        }

        /// <summary>Throws unless <paramref name="tolerance"/> is more than zero.</summary>
        public static void RequireTolerance(TimeSpan tolerance)
        {
            if (tolerance <= TimeSpan.Zero)
            {
                throw CallbellException.InvalidArgument("Tolerance", "Tolerance must be more than zero; it was " + tolerance + ".", "Use e.g. -Tolerance (New-TimeSpan -Minutes 5).");
            }
        }

        /// <summary>Throws when <paramref name="secret"/> cannot be a Callbell signing secret.</summary>
        public static void RequireSecret(string? secret)
        {
            if (string.IsNullOrEmpty(secret) || !secret!.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length == SecretPrefix.Length)
            {
                throw CallbellException.InvalidArgument("Secret", "The webhook secret must be the whole signing secret the dashboard shows, starting with " + SecretPrefix + ".", "Copy the secret from API Settings › Webhooks including its " + SecretPrefix + " prefix: Callbell signs with all of it.");
            }
        }

        private static string Compute(byte[] body, long seconds, string secret)
        {
            var prefix = Encoding.UTF8.GetBytes(seconds.ToString(CultureInfo.InvariantCulture) + ".");
            var message = new byte[prefix.Length + body.Length];
            Buffer.BlockCopy(prefix, 0, message, 0, prefix.Length);
            Buffer.BlockCopy(body, 0, message, prefix.Length, body.Length);
            using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret)))
            {
                var hash = hmac.ComputeHash(message);
                var hex = new StringBuilder(hash.Length * 2);
                foreach (var b in hash)
                {
                    hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                }

                return hex.ToString();
            }
        }

        /// <summary>Compares every character whatever the first difference, so timing reveals nothing; hex case is ignored.</summary>
        private static bool FixedTimeEquals(string expected, string actual)
        {
            var difference = expected.Length ^ actual.Length;
            for (var i = 0; i < expected.Length; i++)
            {
                var other = i < actual.Length ? actual[i] | 0x20 : 0;
                difference |= expected[i] ^ other;
            }

            return difference == 0;
        }

        private static string Describe(TimeSpan span) =>
            span.TotalDays >= 2 ? Math.Round(span.TotalDays).ToString(CultureInfo.InvariantCulture) + " days"
            : span.TotalHours >= 2 ? Math.Round(span.TotalHours, 1).ToString(CultureInfo.InvariantCulture) + " h"
            : span.TotalMinutes >= 1 ? Math.Round(span.TotalMinutes, 1).ToString(CultureInfo.InvariantCulture) + " min"
            : Math.Round(span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
    }
}
