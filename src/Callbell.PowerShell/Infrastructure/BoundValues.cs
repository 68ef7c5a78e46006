using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// The one place where what PowerShell binds becomes what the library expects, run for every
    /// cmdlet before each record: a value of a [ValidateSet] parameter takes the set's spelling
    /// whatever the casing (ValidateSet accepts "Image"; the API knows "image"), as does a known
    /// value of an open set whose completer lists them (<see cref="Completers.IKnownValues"/>:
    /// -Source WhatsApp is sent as whatsapp), and values that
    /// become JSON (bodies, custom fields, metadata, query values) lose their PSObject wrappers at
    /// every level, as Invoke-RestMethod does: a PSCustomObject is an object, a PSObject is its
    /// base object, a typed object its properties, arrays stay arrays.
    /// </summary>
    internal static class BoundValues
    {
        private const int MaxDepth = 32;

        private static readonly ConcurrentDictionary<Type, Parameter[]> Plans = new ConcurrentDictionary<Type, Parameter[]>();

        public static void Normalise(PSCmdlet cmdlet)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            if (bound.Count == 0)
            {
                return;
            }

            foreach (var parameter in Plans.GetOrAdd(cmdlet.GetType(), Plan))
            {
                if (!bound.TryGetValue(parameter.Property.Name, out var value) || value is null)
                {
                    continue;
                }

                var normal = parameter.Set != null ? Canonical(value, parameter.Set) : Plain(value, parameter.Property.PropertyType, 0);
                if (!ReferenceEquals(normal, value))
                {
                    parameter.Property.SetValue(cmdlet, normal);
                    bound[parameter.Property.Name] = normal;
                }
            }
        }

        /// <summary>A value as plain .NET data for JSON: dictionaries, arrays and scalars, no PSObject anywhere.</summary>
        public static object? Plain(object? value) => Plain(value, typeof(object), 0);

        private static Parameter[] Plan(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.GetCustomAttributes<ParameterAttribute>().Any())
                .Select(p => new Parameter(p, p.GetCustomAttribute<ValidateSetAttribute>()?.ValidValues.ToArray() ?? KnownValues(p)))
                .Where(p => p.Set != null || IsData(p.Property.PropertyType))
                .ToArray();

        private static string[]? KnownValues(PropertyInfo property) =>
            property.GetCustomAttribute<ArgumentCompleterAttribute>()?.Type is Type completer && typeof(Completers.IKnownValues).IsAssignableFrom(completer)
                ? ((Completers.IKnownValues)Activator.CreateInstance(completer)!).Known.ToArray()
                : null;

        private static bool IsData(Type type) =>
            type == typeof(object) || type == typeof(object[]) || type == typeof(Hashtable) || type == typeof(IDictionary);

        private static object Canonical(object value, string[] set)
        {
            string One(string text) => set.FirstOrDefault(s => string.Equals(s, text, StringComparison.OrdinalIgnoreCase)) ?? text;
            switch (value)
            {
                case string text:
                    var one = One(text);
                    return one == text ? value : one;
                case string[] texts:
                    var canonical = texts.Select(One).ToArray();
                    return canonical.SequenceEqual(texts) ? value : canonical;
                default:
                    return value;
            }
        }

        private static object? Plain(object? value, Type target, int depth)
        {
            if (depth > MaxDepth)
            {
                return Convert.ToString(value, CultureInfo.InvariantCulture);
            }

            switch (value)
            {
                case null:
                    return null;
                case PSObject wrapped when wrapped.BaseObject is PSCustomObject:
                    var map = new OrderedDictionary();
                    foreach (var property in wrapped.Properties)
                    {
                        map[property.Name] = Plain(property.Value, typeof(object), depth + 1);
                    }

                    return target == typeof(Hashtable) ? ToHashtable(map) : map;
                case PSObject wrapped:
                    return Plain(wrapped.BaseObject, target, depth + 1);
                case string _:
                case ValueType _:
                case Uri _:
                case Array array when array.GetType().GetElementType()!.IsValueType: // bytes of a webhook body
                    return value;
                case Hashtable table:
                    var copy = new Hashtable(table.Count, StringComparer.OrdinalIgnoreCase);
                    foreach (DictionaryEntry entry in table)
                    {
                        copy[entry.Key] = Plain(entry.Value, typeof(object), depth + 1);
                    }

                    return copy;
                case IDictionary dictionary:
                    var ordered = new OrderedDictionary();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        ordered[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Plain(entry.Value, typeof(object), depth + 1);
                    }

                    return target == typeof(Hashtable) ? ToHashtable(ordered) : ordered;
                case IEnumerable items:
                    return items.Cast<object?>().Select(i => Plain(i, typeof(object), depth + 1)).ToArray();
                default:
                    // A typed object (another cmdlet's output) as its properties, as ConvertTo-Json writes it.
                    var fields = new OrderedDictionary();
                    foreach (var property in PSObject.AsPSObject(value).Properties.Where(p => p.IsGettable))
                    {
                        fields[property.Name] = Plain(property.Value, typeof(object), depth + 1);
                    }

                    return target == typeof(Hashtable) ? ToHashtable(fields) : fields;
            }
        }

        private static Hashtable ToHashtable(OrderedDictionary map)
        {
            var table = new Hashtable(map.Count, StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in map)
            {
                table[entry.Key] = entry.Value;
            }

            return table;
        }

        private sealed class Parameter
        {
            public Parameter(PropertyInfo property, string[]? set)
            {
                Property = property;
                Set = set;
            }

            public PropertyInfo Property { get; }

            public string[]? Set { get; }
        }
    }
}
