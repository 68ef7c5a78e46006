using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Callbell.PowerShell.Tests
{
    /// <summary>The conventions every Callbell cmdlet follows, checked on the built assembly.</summary>
    public sealed class CmdletMetadataTests : IClassFixture<ModuleMetadata>
    {
        // Verbs that change something on the server or the machine, and so must honour -WhatIf/-Confirm.
        private static readonly ISet<string> ChangingVerbs = new HashSet<string>
        {
            "New", "Set", "Remove", "Add", "Send", "Start", "Stop", "Open", "Close", "Register", "Unregister", "Clear", "Update", "Invoke",
            "Sync", "Reset", "Rename", "Move", "Copy", "Enable", "Disable", "Restart", "Suspend", "Resume", "Approve", "Deny", "Publish",
            "Unpublish", "Submit", "Block", "Unblock", "Lock", "Unlock", "Grant", "Revoke", "Install", "Uninstall", "Import", "Write", "Save",
            "Initialize", "Edit", "Merge", "Split", "Join", "Push", "Pop", "Redo", "Undo", "Complete", "Confirm", "Deploy", "Request",
        };

        // Verbs that only read or convert: everything else must be in ChangingVerbs, so a new verb is a decision.
        private static readonly ISet<string> ReadingVerbs = new HashSet<string> { "Get", "Find", "Search", "Test", "Measure", "Compare", "Show", "Read", "Watch", "Wait", "Resolve", "ConvertFrom", "ConvertTo", "Select", "Receive", "Connect", "Disconnect", "Trace", "Debug", "Format", "Out", "Use", "Enter", "Exit" };
        // docs/design.md: deletes confirm by default (High); other changes (a Clear that resets a status) are Medium.
        private static readonly ISet<string> DestroyingVerbs = new HashSet<string> { "Remove", "Unregister" };
        // Changes with no way back that are not deletes: subscribing replaces the account's only webhook.
        private static readonly ISet<string> IrreversibleCmdlets = new HashSet<string> { "Register-CallbellWebhook" };

        private readonly ModuleMetadata _module;

        public CmdletMetadataTests(ModuleMetadata module)
        {
            _module = module;
        }

        [Fact]
        public void The_module_has_the_cmdlets_of_the_design()
        {
            var names = _module.Cmdlets.Select(c => c.Name).ToList();

            Assert.Contains("Connect-Callbell", names);
            Assert.Contains("Get-CallbellConnection", names);
            Assert.Contains("Get-CallbellRequestLog", names);
            Assert.Contains("Disconnect-Callbell", names);
            Assert.Contains("Get-CallbellContact", names);
            Assert.Contains("Start-CallbellSandbox", names);
            Assert.Contains("Stop-CallbellSandbox", names);
            foreach (var name in new[]
            {
                "Get-CallbellChannel", "Set-CallbellChannel", "Get-CallbellTeam", "Set-CallbellTeam", "Get-CallbellTeamMember",
                "Get-CallbellTemplate", "Set-CallbellTemplate", "Get-CallbellFunnel", "Get-CallbellCustomStatus", "New-CallbellCustomStatus",
                "Set-CallbellCustomStatus", "Remove-CallbellCustomStatus", "Set-CallbellUserStatus", "Clear-CallbellUserStatus", "Get-CallbellPlan",
                "New-CallbellContact", "Set-CallbellContact", "Remove-CallbellContact", "Get-CallbellContactMessage", "Open-CallbellConversation",
                "Close-CallbellConversation", "Add-CallbellConversationNote", "Set-CallbellConversationFunnel", "Get-CallbellContactBot",
                "Start-CallbellContactBot", "Stop-CallbellContactBot", "Send-CallbellMessage", "Get-CallbellMessageStatus",
                "Wait-CallbellMessage", "Remove-CallbellMessage", "Invoke-CallbellRequest", "Register-CallbellWebhook",
                "Unregister-CallbellWebhook", "Get-CallbellWebhookEvent", "ConvertFrom-CallbellWebhook", "Receive-CallbellWebhook",
            })
            {
                Assert.Contains(name, names);
            }
        }

        [Fact]
        public void Every_id_parameter_completes_names_to_ids()
        {
            var completers = new Dictionary<string, string>
            {
                ["TeamUuid"] = "TeamCompleter",
                ["ChannelUuid"] = "ChannelCompleter",
                ["TemplateUuid"] = "TemplateCompleter",
                ["FunnelId"] = "FunnelCompleter",
                ["CustomStatusId"] = "CustomStatusCompleter",
            };
            var checkedAny = 0;
            foreach (var cmdlet in _module.Cmdlets)
            {
                foreach (var property in cmdlet.Type.GetProperties())
                {
                    var aliases = property.GetCustomAttributesData().Where(a => a.AttributeType.Name == "AliasAttribute")
                        .SelectMany(a => a.ConstructorArguments).SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : new[] { (string)arg.Value! });
                    var names = aliases.Append(property.Name).Where(completers.ContainsKey).ToList();
                    if (names.Count == 0 || !property.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ParameterAttribute"))
                    {
                        continue;
                    }

                    var completer = property.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "ArgumentCompleterAttribute");
                    Assert.True(completer != null, cmdlet.Name + " -" + property.Name + " does not complete names to ids");
                    Assert.Equal(completers[names[0]], ((Type)completer!.ConstructorArguments[0].Value!).Name);
                    checkedAny++;
                }
            }

            Assert.True(checkedAny >= 10, "only " + checkedAny + " id parameters found");
        }

        [Fact]
        public void Every_verb_is_approved_and_every_noun_starts_with_Callbell()
        {
            var approved = _module.ApprovedVerbs();

            Assert.Contains("Get", approved); // the list was really read
            Assert.All(_module.Cmdlets, c =>
            {
                Assert.True(approved.Contains(c.Verb), c.Name + ": '" + c.Verb + "' is not an approved verb");
                Assert.StartsWith("Callbell", c.Noun);
            });
        }

        [Fact]
        public void Every_cmdlet_declares_its_output_type()
        {
            Assert.All(_module.Cmdlets, c => Assert.True(c.OutputTypes().Any(), c.Name + " has no [OutputType]"));
        }

        [Fact]
        public void Every_verb_in_use_is_known_to_change_something_or_not()
        {
            Assert.All(_module.Cmdlets, c => Assert.True(ChangingVerbs.Contains(c.Verb) || ReadingVerbs.Contains(c.Verb), c.Name + ": decide whether '" + c.Verb + "' changes something and add it to one of the lists"));
        }

        [Fact]
        public void Every_changing_cmdlet_supports_ShouldProcess_and_destroying_ones_confirm_by_default()
        {
            foreach (var cmdlet in _module.Cmdlets.Where(c => ChangingVerbs.Contains(c.Verb)))
            {
                Assert.True(cmdlet.Named<bool>("SupportsShouldProcess"), cmdlet.Name + " changes something but has no -WhatIf/-Confirm");
                if (DestroyingVerbs.Contains(cmdlet.Verb) || IrreversibleCmdlets.Contains(cmdlet.Name))
                {
                    Assert.Equal(3, cmdlet.Named<int>("ConfirmImpact")); // ConfirmImpact.High
                }
            }
        }

        [Fact]
        public void Parameter_sets_are_consistent()
        {
            foreach (var cmdlet in _module.Cmdlets)
            {
                var parameters = cmdlet.Parameters().ToList();
                var sets = parameters.Select(p => p.SetName).Where(s => s != "__AllParameterSets").Distinct().ToList();
                var defaultSet = cmdlet.Named<string>("DefaultParameterSetName");
                if (sets.Count > 1)
                {
                    Assert.True(defaultSet != null && sets.Contains(defaultSet), cmdlet.Name + " has several parameter sets but no valid default");
                }

                foreach (var set in sets.DefaultIfEmpty("__AllParameterSets"))
                {
                    var inSet = parameters.Where(p => p.SetName == set || p.SetName == "__AllParameterSets").ToList();
                    var positions = inSet.Where(p => p.Position >= 0).Select(p => p.Position).ToList();
                    Assert.True(positions.Count == positions.Distinct().Count(), cmdlet.Name + " [" + set + "] repeats a position");
                    Assert.True(inSet.Count(p => p.FromPipeline) <= 1, cmdlet.Name + " [" + set + "] binds two parameters by value");
                }
            }
        }

        [Fact]
        public void Switches_are_switches_never_booleans()
        {
            foreach (var parameter in _module.Cmdlets.SelectMany(c => c.Parameters()))
            {
                Assert.NotEqual(typeof(bool).FullName, parameter.Property.PropertyType.FullName);
                if (parameter.Name is "All" or "PassThru" or "Force" or "SkipValidation" or "IncludeFieldType" or "NoConnect")
                {
                    Assert.Equal("System.Management.Automation.SwitchParameter", parameter.Property.PropertyType.FullName);
                }
            }
        }

        [Fact]
        public void Get_CallbellContact_binds_uuids_from_the_pipeline_and_lists_by_default()
        {
            var cmdlet = _module.Cmdlets.Single(c => c.Name == "Get-CallbellContact");
            var parameters = cmdlet.Parameters().ToList();

            Assert.Equal("List", cmdlet.Named<string>("DefaultParameterSetName"));
            var uuid = parameters.Single(p => p.Name == "Uuid");
            Assert.True(uuid.FromPipeline);
            Assert.True(uuid.FromPipelineByPropertyName);
            Assert.Equal(0, uuid.Position);
            Assert.Equal("System.String[]", parameters.Single(p => p.Name == "Tag").Property.PropertyType.FullName);
            Assert.All(new[] { "Page", "Source", "Tag", "TeamUuid", "All", "First" }, name => Assert.Equal("List", parameters.Single(p => p.Name == name).SetName));
            Assert.Contains(parameters, p => p.Name == "PhoneNumber" && p.Mandatory && p.SetName == "ByPhoneNumber");
            Assert.Contains(parameters, p => p.Name == "Bsuid" && p.Mandatory && p.SetName == "ByBsuid");
            var completer = parameters.Single(p => p.Name == "Source").AttributeNamed("ArgumentCompleterAttribute");
            Assert.Equal("SourceCompleter", ((System.Type)completer!.ConstructorArguments[0].Value!).Name);
            Assert.Equal("Callbell.Contact", cmdlet.OutputTypes().Single().FullName);
        }

        [Fact]
        public void Every_cmdlet_that_calls_the_api_takes_a_connection()
        {
            // What works without an account: connecting itself, the local log, the emulator, and
            // reading or receiving webhook deliveries.
            var local = new HashSet<string> { "Connect-Callbell", "Disconnect-Callbell", "Get-CallbellConnection", "Clear-CallbellRequestLog", "Start-CallbellSandbox", "Stop-CallbellSandbox", "ConvertFrom-CallbellWebhook", "Receive-CallbellWebhook" };
            foreach (var cmdlet in _module.Cmdlets.Where(c => !local.Contains(c.Name)))
            {
                var connection = cmdlet.Parameters().SingleOrDefault(p => p.Name == "Connection");
                Assert.True(connection != null, cmdlet.Name + " has no -Connection");
                Assert.Equal("Callbell.CallbellConnectionInfo", connection!.Property.PropertyType.FullName);
                Assert.False(connection.FromPipelineByPropertyName, cmdlet.Name + " -Connection must not bind from piped objects");
            }
        }

        [Fact]
        public void Connect_Callbell_takes_the_token_as_a_SecureString_plain_text_converted_at_binding()
        {
            var parameters = _module.Cmdlets.Single(c => c.Name == "Connect-Callbell").Parameters().ToList();

            Assert.Equal("System.Security.SecureString", parameters.Single(p => p.Name == "Token").Property.PropertyType.FullName);
            Assert.True(parameters.Single(p => p.Name == "Token").HasAttribute("SecureStringTransformationAttribute"));
            Assert.Contains(parameters, p => p.Name == "Proxy" && p.Property.PropertyType.FullName == "System.Uri");
            Assert.Contains(parameters, p => p.Name == "ProxyCredential" && p.HasAttribute("CredentialAttribute"));
            Assert.Contains(parameters, p => p.Name == "BaseUri" && p.FromPipelineByPropertyName);
            Assert.Contains(parameters, p => p.Name == "TimeoutSec" && p.HasAttribute("ValidateRangeAttribute"));
        }

        [Fact]
        public void Numeric_and_text_parameters_are_validated_before_any_request()
        {
            foreach (var parameter in _module.Cmdlets.SelectMany(c => c.Parameters()))
            {
                var type = parameter.Property.PropertyType.FullName;
                if (type is "System.Int32" or "System.Int64")
                {
                    Assert.True(parameter.HasAttribute("ValidateRangeAttribute"), parameter.Property.DeclaringType!.Name + "." + parameter.Name + " has no [ValidateRange]");
                }
            }
        }
    }
}
