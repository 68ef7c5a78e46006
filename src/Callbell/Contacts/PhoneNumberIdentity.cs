using System;
using System.Linq;
using PhoneNumbers;

namespace Callbell.Contacts
{
    /// <summary>
    /// One spelling per phone number, so that "+39 333 765 4321", "0039 333 765 4321" and
    /// "333 765 4321" (with Italy as the default country) are one person: E.164, "+393337654321".
    /// Parsing is libphonenumber's (the library made for this); this class only decides what a
    /// number without a country means. It lives in its own class so that PhoneNumbers.dll is
    /// loaded the first time a number is parsed, never at Import-Module.
    /// </summary>
    internal static class PhoneNumberIdentity
    {
        /// <summary>
        /// The E.164 form of <paramref name="text"/>: with "+" or "00", as written; otherwise a
        /// national number of <paramref name="defaultCountry"/> (an ISO region such as "IT", or a
        /// calling code such as "39"), or, failing that, digits that are a valid number once read
        /// as international. Null when <paramref name="text"/> is a handle (it has letters).
        /// Throws, naming <paramref name="parameterName"/>, when it is not a possible number, or
        /// is national and no country says whose.
        /// </summary>
        public static string? ToE164(string? text, string? defaultCountry, string parameterName)
        {
            if (text is null || string.IsNullOrWhiteSpace(text) || text.Any(char.IsLetter))
            {
                return null;
            }

            var written = text.Trim();
            var util = PhoneNumberUtil.GetInstance();
            var region = Region(defaultCountry, util);
            if (written.StartsWith("00", StringComparison.Ordinal))
            {
                written = "+" + written.Substring(2);
            }

            if (written.StartsWith("+", StringComparison.Ordinal))
            {
                return Format(util, TryParse(util, written, null)) ?? throw NotANumber(text, parameterName);
            }

            if (region != null)
            {
                var national = TryParse(util, written, region);
                if (national != null && util.IsPossibleNumber(national) && (util.IsValidNumber(national) || !IsValidInternational(util, written)))
                {
                    return util.Format(national, PhoneNumberFormat.E164);
                }
            }

            // Digits with their country code but without "+", as many CRM exports write them.
            var international = TryParse(util, "+" + written, null);
            if (international != null && util.IsValidNumber(international))
            {
                return util.Format(international, PhoneNumberFormat.E164);
            }

            throw region is null
                ? CallbellException.InvalidArgument(parameterName, parameterName + " '" + Http.Identifier.Printable(text) + "' has no country code, so it could be anyone's.", "Write it with its country code (+39 333 765 4321), or give -DefaultCountryCode (e.g. IT or 39), or set it once with Connect-Callbell -DefaultCountryCode or $env:CALLBELL_DEFAULT_COUNTRY_CODE.")
                : NotANumber(text, parameterName);
        }

        /// <summary>
        /// The ISO region for "IT", "it" or "39"/"+39"; null for null; an error for anything else.
        /// Its signature names no PhoneNumbers type, so a caller can be compiled without loading
        /// the library (the test of what Import-Module and a walk load holds this).
        /// </summary>
        public static string? Region(string? country) => Region(country, PhoneNumberUtil.GetInstance());

        private static string? Region(string? country, PhoneNumberUtil util)
        {
            if (string.IsNullOrWhiteSpace(country))
            {
                return null;
            }

            var value = country!.Trim().TrimStart('+');
            if (value.All(char.IsDigit) && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                var region = util.GetRegionCodeForCountryCode(code);
                if (region != "ZZ")
                {
                    return region;
                }
            }
            else if (value.Length == 2 && util.GetSupportedRegions().Contains(value.ToUpperInvariant()))
            {
                return value.ToUpperInvariant();
            }

            throw CallbellException.InvalidArgument("DefaultCountryCode", "DefaultCountryCode '" + Http.Identifier.Printable(country) + "' is not a country: give a region such as IT or a calling code such as 39.");
        }

        private static bool IsValidInternational(PhoneNumberUtil util, string digits)
        {
            var international = TryParse(util, "+" + digits, null);
            return international != null && util.IsValidNumber(international);
        }

        private static string? Format(PhoneNumberUtil util, PhoneNumber? number) =>
            number != null && util.IsPossibleNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;

        private static PhoneNumber? TryParse(PhoneNumberUtil util, string text, string? region)
        {
            try
            {
                return util.Parse(text, region);
            }
            catch (NumberParseException)
            {
                return null;
            }
        }

        private static CallbellException NotANumber(string text, string parameterName) =>
            CallbellException.InvalidArgument(parameterName, parameterName + " '" + Http.Identifier.Printable(text) + "' is not a possible phone number.", "Check the digits; write it with its country code, e.g. +39 333 765 4321.");
    }
}
