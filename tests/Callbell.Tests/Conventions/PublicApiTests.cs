using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using Xunit;

namespace Callbell.Tests.Conventions
{
    /// <summary>
    /// Callbell.dll's public surface, held by a baseline file beside this one: a type or member
    /// added, removed or changed fails this test until the baseline is updated with it
    /// (CALLBELL_UPDATE_API=1 dotnet test), so every change to what users can touch is a visible
    /// line in a review. Plumbing stays internal and reaches the tests through InternalsVisibleTo.
    /// </summary>
    public sealed class PublicApiTests
    {
        [Fact]
        public void The_public_api_is_the_reviewed_baseline()
        {
            var assembly = typeof(CallbellClient).Assembly;
            var framework = assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName.StartsWith(".NETStandard", StringComparison.Ordinal) ? "netstandard2.0" : "net8.0";
            var baseline = Path.Combine(SourceFolder(), "PublicApi." + framework + ".txt");
            var actual = string.Join("\n", Describe(assembly)) + "\n";

            if (Environment.GetEnvironmentVariable("CALLBELL_UPDATE_API") == "1")
            {
                File.WriteAllText(baseline, actual);
            }

            Assert.True(File.Exists(baseline), "No baseline: run CALLBELL_UPDATE_API=1 dotnet test tests/Callbell.Tests (and tests/Callbell.Tests.NetStandard)");
            var expected = File.ReadAllText(baseline).Replace("\r\n", "\n");
            var added = actual.Split('\n').Except(expected.Split('\n')).ToList();
            var removed = expected.Split('\n').Except(actual.Split('\n')).ToList();
            Assert.True(added.Count == 0 && removed.Count == 0, "The public API changed. Added:\n  " + string.Join("\n  ", added) + "\nRemoved:\n  " + string.Join("\n  ", removed) + "\nIf intended, run CALLBELL_UPDATE_API=1 dotnet test and review the baseline diff.");
        }

        [Fact]
        public void Plumbing_is_not_public()
        {
            var exported = typeof(CallbellClient).Assembly.GetExportedTypes().Select(t => t.Namespace).Distinct().ToList();

            Assert.DoesNotContain("Callbell.Json", exported);
            Assert.DoesNotContain("Callbell.Bulk", exported);
            Assert.DoesNotContain(typeof(CallbellClient).Assembly.GetExportedTypes(), t => t.Name.EndsWith("Walker", StringComparison.Ordinal) || t.Name.EndsWith("Cache", StringComparison.Ordinal) || t.Name.EndsWith("Limiter", StringComparison.Ordinal));
        }

        private static IEnumerable<string> Describe(Assembly assembly)
        {
            foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                yield return Kind(type) + " " + Name(type) + Bases(type);
                const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
                var members = type.GetMembers(flags)
                    .Where(Visible)
                    .Select(Member)
                    .Where(m => m != null)
                    .OrderBy(m => m, StringComparer.Ordinal);
                foreach (var member in members)
                {
                    yield return "  " + member;
                }
            }
        }

        private static bool Visible(MemberInfo member)
        {
            switch (member)
            {
                case MethodBase method:
                    return (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly) && !method.IsSpecialName;
                case PropertyInfo property:
                    return property.GetAccessors(true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly);
                case FieldInfo field:
                    return (field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) && !field.IsSpecialName;
                case EventInfo e:
                    return e.AddMethod != null && (e.AddMethod.IsPublic || e.AddMethod.IsFamily);
                default:
                    return false; // nested types are listed as types of their own
            }
        }

        private static string? Member(MemberInfo member)
        {
            switch (member)
            {
                case ConstructorInfo constructor:
                    return (constructor.IsStatic ? "static " : string.Empty) + "ctor(" + Parameters(constructor) + ")";
                case MethodInfo method:
                    return (method.IsStatic ? "static " : method.IsAbstract ? "abstract " : method.IsVirtual && !method.IsFinal ? "virtual " : string.Empty)
                        + Name(method.ReturnType) + " " + method.Name + (method.IsGenericMethod ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty) + "(" + Parameters(method) + ")";
                case PropertyInfo property:
                    var accessors = property.GetAccessors(true).Where(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly).Select(a => a.Name.StartsWith("get_", StringComparison.Ordinal) ? "get;" : "set;");
                    var index = property.GetIndexParameters();
                    return (property.GetAccessors(true)[0].IsStatic ? "static " : string.Empty) + Name(property.PropertyType) + " " + (index.Length > 0 ? "this[" + string.Join(", ", index.Select(p => Name(p.ParameterType))) + "]" : property.Name) + " { " + string.Join(" ", accessors.OrderBy(a => a, StringComparer.Ordinal)) + " }";
                case FieldInfo field:
                    return field.DeclaringType!.IsEnum ? field.Name + " = " + Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : (field.IsLiteral ? "const " : field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty) + Name(field.FieldType) + " " + field.Name;
                case EventInfo e:
                    return "event " + Name(e.EventHandlerType!) + " " + e.Name;
                default:
                    return null;
            }
        }

        private static string Parameters(MethodBase method) =>
            string.Join(", ", method.GetParameters().Select(p => (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty) + Name(p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)));

        private static string Kind(Type type) =>
            type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";

        private static string Bases(Type type)
        {
            var bases = new List<string>();
            if (type.BaseType != null && type.BaseType != typeof(object) && type.BaseType != typeof(ValueType) && type.BaseType != typeof(Enum))
            {
                bases.Add(Name(type.BaseType));
            }

            bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).OrderBy(n => n, StringComparer.Ordinal));
            return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
        }

        private static string Name(Type type)
        {
            if (type.IsByRef)
            {
                return Name(type.GetElementType()!);
            }

            if (type.IsArray)
            {
                return Name(type.GetElementType()!) + "[]";
            }

            if (type.IsGenericParameter)
            {
                return type.Name;
            }

            var name = (type.IsNested ? Name(type.DeclaringType!) + "+" : type.Namespace + ".") + type.Name;
            if (!type.IsGenericType)
            {
                return name;
            }

            return name.Substring(0, name.IndexOf('`', StringComparison.Ordinal)) + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
    }
}
