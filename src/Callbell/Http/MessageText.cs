namespace Callbell.Http
{
    /// <summary>
    /// Makes server text safe to put in an error message: control characters blanked (a CR/LF
    /// would forge log lines), the token masked (some servers echo it), the length bounded.
    /// </summary>
    internal static class MessageText
    {
        public static string From(string text, ApiToken? token, int maxChars)
        {
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsControl(chars[i]))
                {
                    chars[i] = ' ';
                }
            }

            var clean = new string(chars).Trim();
            clean = token is null ? clean : token.Redact(clean);
            return clean.Length > maxChars ? clean.Substring(0, maxChars) + "…" : clean;
        }
    }
}
