using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Callbell.Contacts;
using Xunit;

namespace Callbell.Tests.Contacts
{
    /// <summary>
    /// Custom-field values from CSV cells read the same in every culture: ISO dates and "."
    /// decimals, and anything that would need a guess is the row's error naming the field.
    /// </summary>
    public sealed class CultureInvariantValuesTests
    {
        private static readonly Dictionary<string, string> Types = new Dictionary<string, string> { ["Renewal"] = "date", ["Seats"] = "number" };

        [Theory]
        [InlineData("en-US")]
        [InlineData("de-DE")]
        [InlineData("it-IT")]
        public void Iso_dates_and_point_decimals_convert_alike_in_every_culture(string culture)
        {
            var converted = InCulture(culture, () => ContactChanges.ConvertFields(new Dictionary<string, object?> { ["Renewal"] = "2026-03-04", ["Seats"] = "3.5" }, Types));

            Assert.Equal("2026-03-04", converted["Renewal"]);
            Assert.Equal("3.5", converted["Seats"]);
        }

        [Theory]
        [InlineData("03/04/2026")]
        [InlineData("4.3.2026")]
        [InlineData("March 4, 2026")]
        public void A_date_that_needs_a_guess_is_an_error_naming_the_field(string cell)
        {
            var error = Assert.Throws<CallbellException>(() => ContactChanges.ConvertFields(new Dictionary<string, object?> { ["Renewal"] = cell }, Types));

            Assert.Equal("CustomField 'Renewal'", error.ParameterName);
            Assert.Contains("2026-03-04", error.RecommendedAction);
        }

        [Theory]
        [InlineData("3,5")]
        [InlineData("1,000")]
        [InlineData("1.000,5")]
        public void A_number_with_a_comma_is_an_error_not_a_silent_35(string cell)
        {
            var error = Assert.Throws<CallbellException>(() => ContactChanges.ConvertFields(new Dictionary<string, object?> { ["Seats"] = cell }, Types));

            Assert.Equal("CustomField 'Seats'", error.ParameterName);
        }

        private static T InCulture<T>(string name, System.Func<T> work)
        {
            var before = Thread.CurrentThread.CurrentCulture;
            Thread.CurrentThread.CurrentCulture = CultureInfo.GetCultureInfo(name);
            try
            {
                return work();
            }
            finally
            {
                Thread.CurrentThread.CurrentCulture = before;
            }
        }
    }
}
