using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Callbell
{
    /// <summary>
    /// The API's documented error body: <c>{"error": "text"}</c> or, for validation,
    /// <c>{"error": {"param": ["message", …]}}</c>, optionally with a stable <c>code</c>. A body
    /// that is not such JSON parses to nothing, and the caller shows it as text.
    /// </summary>
    public sealed class ApiErrorBody
    {
        private ApiErrorBody(string? message, string? code, IReadOnlyDictionary<string, string[]> parameters)
        {
            Message = message;
            Code = code;
            ParameterErrors = parameters;
        }

        /// <summary>The error text, when <c>error</c> is a string.</summary>
        public string? Message { get; }

        /// <summary>The stable code (e.g. whatsapp_wallet_depleted_credit), when sent.</summary>
        public string? Code { get; }

        /// <summary>API parameter name (snake_case) → its messages.</summary>
        public IReadOnlyDictionary<string, string[]> ParameterErrors { get; }

        /// <summary>Null when <paramref name="body"/> is not the documented shape.</summary>
        public static ApiErrorBody? TryParse(string? body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(body!);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                string? message = null;
                var parameters = new Dictionary<string, string[]>(StringComparer.Ordinal);
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String)
                    {
                        message = Clean(error.GetString());
                    }
                    else if (error.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var parameter in error.EnumerateObject())
                        {
                            parameters[parameter.Name] = Messages(parameter.Value);
                        }
                    }
                }
                else if (root.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    message = Clean(text.GetString());
                }

                var code = root.TryGetProperty("code", out var codeElement) && codeElement.ValueKind == JsonValueKind.String ? StableCode(codeElement.GetString()) : null;
                return message is null && code is null && parameters.Count == 0 ? null : new ApiErrorBody(message, code, parameters);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>"template_uuid" → "TemplateUuid": the name a PowerShell user passes.</summary>
        public static string PowerShellName(string apiName)
        {
            var text = new StringBuilder(apiName.Length);
            var upper = true;
            foreach (var c in apiName)
            {
                if (c == '_' || c == '-' || c == '.')
                {
                    upper = true;
                    continue;
                }

                text.Append(upper ? char.ToUpper(c, CultureInfo.InvariantCulture) : c);
                upper = false;
            }

            return text.ToString();
        }

        /// <summary>One line a person reads: the message, or each parameter with its messages.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            if (!string.IsNullOrEmpty(Message))
            {
                parts.Add(Message!);
            }

            foreach (var parameter in ParameterErrors)
            {
                parts.Add(PowerShellName(parameter.Key) + " (" + parameter.Key + "): " + string.Join("; ", parameter.Value));
            }

            return string.Join(". ", parts) + (Code != null ? " [code " + Code + "]" : string.Empty);
        }

        private static string Clean(string? text) => Http.MessageText.From(text ?? string.Empty, null, 500);

        /// <summary>A code goes into ErrorIds: letters, digits and underscores only, or none.</summary>
        private static string? StableCode(string? code)
        {
            if (string.IsNullOrEmpty(code) || code!.Length > 100)
            {
                return null;
            }

            foreach (var c in code)
            {
                if (!(char.IsLetterOrDigit(c) && c < 128) && c != '_')
                {
                    return null;
                }
            }

            return code;
        }

        private static string[] Messages(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Array:
                    var messages = new List<string>();
                    foreach (var item in value.EnumerateArray())
                    {
                        messages.Add(Clean(item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText()));
                    }

                    return messages.ToArray();
                case JsonValueKind.String:
                    return new[] { Clean(value.GetString()) };
                default:
                    return new[] { Clean(value.GetRawText()) };
            }
        }
    }
}
