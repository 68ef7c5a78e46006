using System.Globalization;

namespace Callbell.Http
{
    /// <summary>Checks of the free text a caller sends (names, titles, notes), before any request.</summary>
    internal static class Text
    {
        /// <summary>Non-empty after trimming, at most <paramref name="maxLength"/> characters, no control characters.</summary>
        public static string Require(string? value, string parameterName, int maxLength)
        {
            var text = value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                throw CallbellException.InvalidArgument(parameterName, parameterName + " is empty.", "Pass some text, e.g. -" + parameterName + " 'Support'.");
            }

            if (text!.Length > maxLength)
            {
                throw CallbellException.InvalidArgument(parameterName, parameterName + " is " + text.Length + " characters long; at most " + maxLength + " are allowed.");
            }

            foreach (var c in text)
            {
                if (char.IsControl(c))
                {
                    throw CallbellException.InvalidArgument(parameterName, parameterName + " '" + Identifier.Printable(text) + "' contains a control character.", "Remove line breaks and tabs.");
                }
            }

            return text;
        }

        /// <summary>
        /// The "page" value for endpoints that document no page parameter but return meta: sent
        /// only above 1, so a request for the first page is exactly the documented one.
        /// </summary>
        public static string? PageAbove1(int page)
        {
            if (page < 1)
            {
                throw CallbellException.InvalidArgument("Page", "Page must be 1 or more; it was " + page + ".", "Pages are numbered from 1.");
            }

            return page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null;
        }
    }
}
