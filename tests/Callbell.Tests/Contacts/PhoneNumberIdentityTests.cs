using Callbell.Contacts;
using Xunit;

namespace Callbell.Tests.Contacts
{
    /// <summary>One spelling per phone number: the forms CRM files hold, and the numbers of the API digest.</summary>
    public sealed class PhoneNumberIdentityTests
    {
        [Theory]
        [InlineData("+39 333 765 4321", null, "+393337654321")]
        [InlineData("0039 333 765 4321", null, "+393337654321")]
        [InlineData("+39-333-765-4321", null, "+393337654321")]
        [InlineData("333 765 4321", "IT", "+393337654321")]
        [InlineData("333 765 4321", "39", "+393337654321")]
        [InlineData("333 765 4321", "+39", "+393337654321")]
        [InlineData("393337654321", null, "+393337654321")]              // the country code without "+", as WhatsApp ids and many exports
        [InlineData("393337654321", "IT", "+393337654321")]
        [InlineData("+44 (0)20 7946 0018", null, "+442079460018")]       // the "(0)" trunk digit
        [InlineData("020 7946 0018", "GB", "+442079460018")]
        [InlineData("(555) 010-0199", "US", "+15550100199")]
        [InlineData("+39 333 000 0012", null, "+393330000012")]
        [InlineData("333 000 0012", "it", "+393330000012")]
        [InlineData("5790372023", "US", "+15790372023")]                  // the digest's lookup example, read as a US number
        public void Every_spelling_of_a_number_is_one_E164_number(string written, string? country, string expected)
        {
            Assert.Equal(expected, PhoneNumberIdentity.ToE164(written, country, "PhoneNumber"));
        }

        [Theory]
        [InlineData("333 000 0012")]
        [InlineData("333 765 4321")]
        public void A_national_number_without_a_country_is_refused_naming_the_parameter_and_the_fix(string written)
        {
            var error = Assert.Throws<CallbellException>(() => PhoneNumberIdentity.ToE164(written, null, "PhoneNumber"));

            Assert.Equal("PhoneNumber", error.ParameterName);
            Assert.Contains("no country code", error.Message);
            Assert.Contains("-DefaultCountryCode", error.RecommendedAction);
        }

        [Theory]
        [InlineData("+39 12")]
        [InlineData("+1 555")]
        public void A_number_too_short_to_be_one_is_refused(string written)
        {
            var error = Assert.Throws<CallbellException>(() => PhoneNumberIdentity.ToE164(written, null, "To"));
            Assert.Equal("To", error.ParameterName);
        }

        [Theory]
        [InlineData("@alice_tg")]
        [InlineData("carol.ig")]
        public void A_platform_handle_is_not_a_number(string handle)
        {
            Assert.Null(PhoneNumberIdentity.ToE164(handle, "IT", "To"));
        }

        [Theory]
        [InlineData("IT", "IT")]
        [InlineData("it", "IT")]
        [InlineData("39", "IT")]
        [InlineData("+44", "GB")]
        [InlineData("1", "US")]
        public void A_country_is_a_region_or_a_calling_code(string country, string region)
        {
            Assert.Equal(region, PhoneNumberIdentity.Region(country));
        }

        [Theory]
        [InlineData("XX")]
        [InlineData("999")]
        [InlineData("Italy")]
        public void Anything_else_is_not_a_country(string country)
        {
            var error = Assert.Throws<CallbellException>(() => PhoneNumberIdentity.Region(country));
            Assert.Equal("DefaultCountryCode", error.ParameterName);
        }
    }
}
