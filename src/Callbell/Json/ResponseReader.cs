using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Callbell.Http;

namespace Callbell.Json
{
    /// <summary>
    /// The generic reads every endpoint is written over: one object under a key (bare or wrapped
    /// in a one-element array, with an alternative key where the reference shows one), a page of
    /// items under a key with its <c>meta</c>, a status body, or the whole body as one object.
    /// A body that is not the promised JSON, or any failure while reading it, becomes an
    /// "invalid response" error naming the request; it never escapes as a bare exception.
    /// </summary>
    internal static class ResponseReader
    {
        private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 64 };

        public static T ReadOne<T>(ApiResponse response, string key, string? alternativeKey = null)
            where T : class
        {
            var info = CallbellJson.Info<T>();
            T? found = null;
            var seen = false;
            Read(response, key, (ref Utf8JsonReader reader) =>
            {
                if (!reader.ValueTextEquals(key) && (alternativeKey is null || !reader.ValueTextEquals(alternativeKey)))
                {
                    return false;
                }

                reader.Read();
                seen = true;
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var item = Deserialize(ref reader, info);
                        found ??= item;
                    }
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    found = Deserialize(ref reader, info);
                }
                else
                {
                    reader.Skip();
                }

                return true;
            });

            return found ?? throw Invalid(response, seen ? "The response's \"" + key + "\" holds no object." : "The response has no \"" + key + "\".", null);
        }

        public static (List<T> Items, PageMeta? Meta) ReadList<T>(ApiResponse response, string key)
            where T : class
        {
            var info = CallbellJson.Info<T>();
            var metaInfo = CallbellJson.Info<PageMeta>();
            List<T>? items = null;
            PageMeta? meta = null;
            Read(response, key, (ref Utf8JsonReader reader) =>
            {
                if (reader.ValueTextEquals("meta"))
                {
                    reader.Read();
                    meta = reader.TokenType == JsonTokenType.StartObject ? Deserialize(ref reader, metaInfo) : SkipValue(ref reader);
                    return true;
                }

                if (!reader.ValueTextEquals(key))
                {
                    return false;
                }

                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    return true;
                }

                items = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        items.Add(Deserialize(ref reader, info)!);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return true;
            });

            return (items ?? throw Invalid(response, "The response has no " + key + " array.", null), meta);
        }

        /// <summary>The whole body as one object (GET /auth/me, GET /plan).</summary>
        public static T ReadRoot<T>(ApiResponse response)
            where T : class
        {
            T? value;
            try
            {
                Tolerance.Reset();
                var reader = new Utf8JsonReader(response.Body, ReaderOptions);
                reader.Read();
                value = reader.TokenType == JsonTokenType.StartObject ? JsonSerializer.Deserialize(ref reader, CallbellJson.Info<T>()) : null;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw Invalid(response, "The response is not the JSON the API documents: " + Describe(ex), ex);
            }

            return value ?? throw Invalid(response, "The response body is empty or not a JSON object.", null);
        }

        /// <summary>{"status": …}, {"success": …}, or no body at all (204, an empty 200).</summary>
        public static ApiStatus ReadStatus(ApiResponse response)
        {
            var status = response.Length == 0 ? new ApiStatus { Success = true } : ReadRoot<ApiStatus>(response);
            status.StatusCode = response.StatusCode;
            return status;
        }

        public static CallbellApiException Invalid(ApiResponse response, string detail, Exception? inner)
        {
            var preview = response.Length == 0 ? null : response.BodyText();
            return new CallbellApiException(CallbellErrorKind.InvalidResponse, response.Method, response.RequestUri, response.StatusCode, preview, 1, detail, inner);
        }

        private delegate bool PropertyHandler(ref Utf8JsonReader reader);

        /// <summary>Walks the top-level object; <paramref name="handle"/> takes the properties it wants.</summary>
        private static void Read(ApiResponse response, string what, PropertyHandler handle)
        {
            try
            {
                Tolerance.Reset();
                var reader = new Utf8JsonReader(response.Body, ReaderOptions);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    throw Invalid(response, "The response is not the JSON the API documents: an object with " + what + " was expected.", null);
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (!handle(ref reader))
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            catch (CallbellException)
            {
                throw;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw Invalid(response, "The response is not the JSON the API documents (\"" + what + "\"): " + Describe(ex), ex);
            }
        }

        private static T? Deserialize<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> info) => JsonSerializer.Deserialize(ref reader, info);

        private static PageMeta? SkipValue(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        private static string Describe(Exception ex) =>
            ex.InnerException is null ? ex.Message : ex.Message + " (" + ex.InnerException.Message + ")";
    }
}
