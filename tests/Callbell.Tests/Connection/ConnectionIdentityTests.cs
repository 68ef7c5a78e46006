using System;
using System.Linq;
using System.Net;
using Xunit;

namespace Callbell.Tests.Connection
{
    /// <summary>Which settings share one connection: all of them, by value, secrets included but never in the text.</summary>
    public sealed class ConnectionIdentityTests
    {
        private static CallbellConnectionOptions Options() => new CallbellConnectionOptions
        {
            Token = ApiToken.Parse("test_identitytokenidentitytoken"),
            Proxy = new Uri("http://proxy.example:8080"),
            ProxyCredential = new NetworkCredential("user", "secret", "domain"),
        };

        [Fact]
        public void Every_public_setting_changes_the_identity()
        {
            // A setting added to the options but forgotten in the identity would let two
            // connections with different settings share one HttpClient.
            var settings = typeof(CallbellConnectionOptions).GetProperties().Where(p => p.CanWrite && p.SetMethod!.IsPublic).ToList();
            Assert.True(settings.Count >= 15, "the options lost their settings?");
            foreach (var setting in settings)
            {
                var changed = Options();
                var value = setting.GetValue(changed);
                object other = value switch
                {
                    Uri uri => new Uri(uri, "/other"),
                    TimeSpan span => span + TimeSpan.FromTicks(1),
                    int number => number + 1,
                    long number => number + 1,
                    bool flag => !flag,
                    ApiToken _ => ApiToken.Parse("test_anothertokenanothertoken"),
                    NetworkCredential _ => new NetworkCredential("user", "secret", "other"),
                    null when setting.PropertyType == typeof(string) => "GB",
                    _ => throw new InvalidOperationException("No other value known for " + setting.Name + " (" + setting.PropertyType + "): add one here."),
                };
                setting.SetValue(changed, other);

                Assert.False(Options().Identity().Equals(changed.Identity()), setting.Name + " does not change the identity.");
            }
        }

        [Fact]
        public void Equal_settings_are_one_identity_with_credentials_compared_by_value()
        {
            var first = Options().Identity();
            var second = Options().Identity();

            Assert.True(first.Equals(second));
            Assert.Equal(first.GetHashCode(), second.GetHashCode());
        }

        [Theory]
        [InlineData("user", "secret", "domain2")]
        [InlineData("user", "secret2", "domain")]
        [InlineData("use", "secret", "rdomain")]
        [InlineData("userd", "secret", "omain")]
        public void Credentials_that_differ_in_any_part_are_other_identities(string user, string password, string domain)
        {
            var other = Options();
            other.ProxyCredential = new NetworkCredential(user, password, domain);

            Assert.False(Options().Identity().Equals(other.Identity()));
        }
    }
}
