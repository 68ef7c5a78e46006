using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Callbell.Http;

namespace Callbell.Json
{
    /// <summary>
    /// Turns a response body into a model, or into an error that names the request. A body that
    /// is not the promised JSON (HTML, truncated, invalid UTF-8, nested too deep, null) never
    /// escapes as a bare JsonException.
    /// </summary>
    internal static class ResponseReader
    {
        public static T Read<T>(ApiResponse response, JsonTypeInfo<T> info, string what)
            where T : class
        {
            T? value;
            try
            {
                value = JsonSerializer.Deserialize(response.Body, info);
            }
            catch (JsonException ex)
            {
                var cause = ex.InnerException is null ? ex.Message : ex.Message + " (" + ex.InnerException.Message + ")";
                throw Invalid(response, "The response is not the JSON the API documents (" + what + "): " + cause, ex);
            }

            return value ?? throw Invalid(response, "The response body is empty or JSON null; expected " + what + ".", null);
        }

        public static CallbellApiException Invalid(ApiResponse response, string detail, System.Exception? inner)
        {
            var preview = response.Length == 0 ? null : response.BodyText();
            return new CallbellApiException(CallbellErrorKind.InvalidResponse, response.Method, response.RequestUri, response.StatusCode, preview, 1, detail, inner);
        }
    }
}
