using System;
using Callbell.Webhooks;
using Xunit;

namespace Callbell.Tests.Webhooks
{
    /// <summary>Verification of X-Callbell-Signature: t=&lt;seconds&gt;,v1=HMAC-SHA256("t.body") keyed by the whole secret.</summary>
    public sealed class WebhookSignatureTests
    {
        private const string Secret = "whsec_4f1b2c3d4e5f60718293a4b5c6d7e8f9";
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        private static readonly byte[] Body = Payload.Text("{\"event\":\"contact_deleted\",\"payload\":{\"uuid\":\"eb2b914a977e4ab896e7b886698b3eac\"}}");

        [Fact]
        public void A_known_vector_computed_independently_verifies()
        {
            // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'whsec_test'
            const string header = "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";

            var signedAt = WebhookSignature.Verify(Payload.Text("{\"a\":1}"), header, "whsec_test", TimeSpan.FromMinutes(5), DateTimeOffset.FromUnixTimeSeconds(1700000060));

            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), signedAt);
            Assert.Equal(header, WebhookSignature.Sign(Payload.Text("{\"a\":1}"), "whsec_test", signedAt));
        }

        [Fact]
        public void A_valid_signature_returns_when_it_was_signed()
        {
            var header = WebhookSignature.Sign(Body, Secret, Now.AddSeconds(-30));

            var signedAt = WebhookSignature.Verify(Body, header, Secret, WebhookSignature.DefaultTolerance, Now);

            Assert.Equal(Now.AddSeconds(-30), signedAt);
        }

        [Fact]
        public void Upper_case_hex_and_spaces_after_commas_are_accepted()
        {
            var header = WebhookSignature.Sign(Body, Secret, Now);
            var parts = header.Split(',');

            WebhookSignature.Verify(Body, parts[0] + ", " + parts[1].ToUpperInvariant().Replace("V1=", "v1="), Secret, WebhookSignature.DefaultTolerance, Now);
        }

        [Fact]
        public void The_whole_secret_is_the_key_so_one_without_its_prefix_does_not_match()
        {
            var header = WebhookSignature.Sign(Body, Secret, Now);

            var error = Assert.Throws<WebhookSignatureException>(() => WebhookSignature.Verify(Body, header, "whsec_" + Secret, WebhookSignature.DefaultTolerance, Now));

            Assert.Equal(SignatureFailure.Mismatch, error.Failure);
        }

        [Fact]
        public void A_wrong_secret_fails_as_a_mismatch_and_the_message_holds_neither_secret_nor_signature()
        {
            var header = WebhookSignature.Sign(Body, Secret, Now);

            var error = Assert.Throws<WebhookSignatureException>(() => WebhookSignature.Verify(Body, header, "whsec_other", WebhookSignature.DefaultTolerance, Now));

            Assert.Equal(SignatureFailure.Mismatch, error.Failure);
            Assert.Equal("Callbell.WebhookSignature.Mismatch", error.ErrorId);
            Assert.DoesNotContain("whsec_", error.Message + error.RecommendedAction);
            Assert.DoesNotContain(header.Substring(header.IndexOf("v1=", StringComparison.Ordinal) + 3), error.Message);
        }

        [Fact]
        public void A_body_changed_by_one_byte_fails()
        {
            var header = WebhookSignature.Sign(Body, Secret, Now);
            var tampered = (byte[])Body.Clone();
            tampered[tampered.Length - 3] ^= 1;

            var error = Assert.Throws<WebhookSignatureException>(() => WebhookSignature.Verify(tampered, header, Secret, WebhookSignature.DefaultTolerance, Now));

            Assert.Equal(SignatureFailure.Mismatch, error.Failure);
        }

        [Fact]
        public void A_signature_older_than_the_tolerance_is_refused_as_expired_even_when_it_matches()
        {
            var header = WebhookSignature.Sign(Body, Secret, Now.AddMinutes(-6));

            var error = Assert.Throws<WebhookSignatureException>(() => WebhookSignature.Verify(Body, header, Secret, WebhookSignature.DefaultTolerance, Now));

            Assert.Equal(SignatureFailure.Expired, error.Failure);
            Assert.Contains("6 min", error.Message);
            WebhookSignature.Verify(Body, header, Secret, TimeSpan.FromMinutes(10), Now); // a wider tolerance lets it through
        }

        [Fact]
        public void A_signature_from_the_future_beyond_the_tolerance_is_refused()
        {
            var header = WebhookSignature.Sign(Body, Secret, Now.AddMinutes(7));

            var error = Assert.Throws<WebhookSignatureException>(() => WebhookSignature.Verify(Body, header, Secret, WebhookSignature.DefaultTolerance, Now));

            Assert.Equal(SignatureFailure.FromTheFuture, error.Failure);
        }

        [Theory]
        [InlineData(null, SignatureFailure.Missing)]
        [InlineData("  ", SignatureFailure.Missing)]
        [InlineData("v1=abcdef", SignatureFailure.Malformed)]
        [InlineData("t=1700000000", SignatureFailure.Malformed)]
        [InlineData("t=soon,v1=abcdef", SignatureFailure.Malformed)]
        [InlineData("t=-5,v1=abcdef", SignatureFailure.Malformed)]
        [InlineData("t=99999999999999999,v1=abcdef", SignatureFailure.Malformed)]
        [InlineData("garbage", SignatureFailure.Malformed)]
        public void A_missing_or_malformed_header_says_so(string? header, SignatureFailure expected)
        {
            var error = Assert.Throws<WebhookSignatureException>(() => WebhookSignature.Verify(Body, header, Secret, WebhookSignature.DefaultTolerance, Now));

            Assert.Equal(expected, error.Failure);
        }

        [Theory]
        [InlineData("")]
        [InlineData("4f1b2c3d4e5f")]
        [InlineData("whsec_")]
        public void A_secret_without_the_whsec_prefix_is_refused_before_anything_is_checked(string secret)
        {
            var error = Assert.Throws<CallbellException>(() => WebhookSignature.Verify(Body, "t=1,v1=00", secret, WebhookSignature.DefaultTolerance, Now));

            Assert.Equal("Secret", error.ParameterName);
            if (secret.Length > WebhookSignature.SecretPrefix.Length)
            {
                Assert.DoesNotContain(secret, error.Message + error.RecommendedAction);
            }
        }

        [Fact]
        public void A_tolerance_of_zero_or_less_is_refused_naming_the_parameter()
        {
            Assert.Equal("Tolerance", Assert.Throws<CallbellException>(() => WebhookSignature.RequireTolerance(TimeSpan.Zero)).ParameterName);
            Assert.Equal("Tolerance", Assert.Throws<CallbellException>(() => WebhookListener.Start(new WebhookListenerOptions { Prefixes = new[] { "http://127.0.0.1:1/" }, AllowUnsigned = true, Tolerance = TimeSpan.FromSeconds(-1) })).ParameterName);
        }

        [Fact]
        public void With_two_v1_values_either_may_match()
        {
            var header = WebhookSignature.Sign(Body, Secret, Now);
            var v1 = header.Substring(header.IndexOf("v1=", StringComparison.Ordinal));

            WebhookSignature.Verify(Body, header.Replace(v1, "v1=00ff," + v1), Secret, WebhookSignature.DefaultTolerance, Now);
            Assert.Throws<WebhookSignatureException>(() => WebhookSignature.Verify(Body, header.Replace(v1, "v1=00ff,v1=11ee"), Secret, WebhookSignature.DefaultTolerance, Now));
        }
    }
}
