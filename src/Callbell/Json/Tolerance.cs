using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Callbell.Json.Converters;

namespace Callbell.Json
{
    /// <summary>
    /// The one mechanism that makes every model tolerant, so models declare plain properties
    /// (<c>DateTimeOffset?</c>, <c>string?</c>, <c>bool?</c>, nested models) and nothing else.
    /// A type-info modifier gives each property of an <see cref="ApiObject"/> a converter that
    /// reads what the API promises (every date spelling included) and, for anything else (a
    /// number where text was promised, <c>false</c> where a date was, an unreadable date), holds
    /// the raw value instead of failing the page. The property's setter then files the held
    /// value under the field's JSON name on <see cref="ApiObject.AdditionalFields"/>.
    /// </summary>
    internal static class Tolerance
    {
        // Deserialization is synchronous on one thread: a converter holds, the setter that STJ
        // calls right after it takes.
        [ThreadStatic]
        private static bool _held;

        [ThreadStatic]
        private static object? _raw;

        private static readonly Dictionary<Type, JsonConverter> Converters = new Dictionary<Type, JsonConverter>
        {
            [typeof(string)] = new TolerantStringConverter(),
            [typeof(bool?)] = new TolerantBooleanConverter(),
            [typeof(int?)] = new TolerantInt32Converter(),
            [typeof(long?)] = new TolerantInt64Converter(),
            [typeof(decimal?)] = new TolerantDecimalConverter(),
            [typeof(DateTimeOffset?)] = new TolerantDateConverter(),
            [typeof(List<string>)] = new TolerantTextListConverter(),
        };

        /// <summary>Called by a converter that met a value of the wrong shape.</summary>
        public static void Hold(object? raw)
        {
            _raw = raw;
            _held = true;
        }

        /// <summary>Forgets anything held; called before each response is read.</summary>
        public static void Reset()
        {
            _held = false;
            _raw = null;
        }

        public static void Apply(JsonTypeInfo info)
        {
            if (info.Kind != JsonTypeInfoKind.Object || !typeof(ApiObject).IsAssignableFrom(info.Type))
            {
                return;
            }

            foreach (var property in info.Properties)
            {
                if (property.IsExtensionData || property.Set is null)
                {
                    continue;
                }

                if (property.CustomConverter is null)
                {
                    property.CustomConverter = ConverterFor(property.PropertyType);
                }

                var set = property.Set;
                var name = property.Name;
                property.Set = (target, value) =>
                {
                    if (_held)
                    {
                        var raw = _raw;
                        Reset();
                        ((ApiObject)target).Keep(name, raw);
                    }
                    else
                    {
                        set(target, value);
                    }
                };
            }
        }

        private static JsonConverter? ConverterFor(Type type)
        {
            if (Converters.TryGetValue(type, out var converter))
            {
                return converter;
            }

            if (typeof(ApiObject).IsAssignableFrom(type))
            {
                return (JsonConverter)Activator.CreateInstance(typeof(TolerantObjectConverter<>).MakeGenericType(type))!;
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && typeof(ApiObject).IsAssignableFrom(type.GetGenericArguments()[0]))
            {
                return (JsonConverter)Activator.CreateInstance(typeof(TolerantListConverter<>).MakeGenericType(type.GetGenericArguments()[0]))!;
            }

            // Collections with converters of their own (tags, custom fields) hold by themselves.
            return null;
        }
    }
}
