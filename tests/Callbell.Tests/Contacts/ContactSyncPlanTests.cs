using System;
using System.Linq;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox.Data;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Contacts
{
    /// <summary>One CRM row: found by phone, then updated with what differs, or created when asked.</summary>
    public sealed class ContactSyncPlanTests : SandboxTest
    {
        private const string Whatsapp = "b1a2c3d4e5f60718293a4b5c6d7e8f90";

        [Fact]
        public async Task A_known_number_is_updated_with_only_what_differs_and_the_phone_is_never_sent()
        {
            var client = Client();
            var edit = new ContactEdit { PhoneNumber = "+39 333 000 0005", Note = "From the CRM" }; // on the main WhatsApp channel, where a lookup without a channel looks

            var plan = await ContactSyncPlan.ForRowAsync(client, edit, null, edit.PhoneNumber, null, false, null, null, default);
            var result = await plan.ApplyAsync(client, 3, default);

            Assert.Equal("Updated", result.Action);
            Assert.Equal(new[] { "note" }, result.Changed);
            Assert.Equal(3, result.Row);
            Assert.Equal(ContactGenerator.UuidFor(5), result.Uuid);
            Assert.Equal("{\"note\":\"From the CRM\"}", System.Text.Encoding.UTF8.GetString(Sandbox.Journal.Requests.Last().Body));
        }

        [Fact]
        public async Task An_unknown_number_is_not_found_unless_creating_was_asked_for()
        {
            var client = Client();
            var edit = new ContactEdit { PhoneNumber = "+39 344 000 0001", Name = "Nuova" };

            var missing = await Assert.ThrowsAsync<CallbellException>(() => ContactSyncPlan.ForRowAsync(client, edit, null, edit.PhoneNumber, null, false, null, "Nuova", default));
            Assert.Equal(CallbellErrorKind.NotFound, missing.Kind);

            var plan = await ContactSyncPlan.ForRowAsync(client, edit, null, edit.PhoneNumber, Whatsapp, true, null, "Nuova", default);
            Assert.Null(plan.Current);
            Assert.Equal("whatsapp", plan.Source); // from the channel's type
            var created = await plan.ApplyAsync(client, null, default);
            Assert.Equal("Created", created.Action);
            Assert.Equal("Nuova", created.Contact!.Name);
        }

        [Fact]
        public async Task A_contact_to_create_without_a_source_or_a_name_is_refused_naming_what_is_missing()
        {
            var client = Client();
            var edit = new ContactEdit { PhoneNumber = "+39 344 000 0002" };

            var noSource = await Assert.ThrowsAsync<CallbellException>(() => ContactSyncPlan.ForRowAsync(client, edit, null, edit.PhoneNumber, null, true, null, "Name", default));
            var noName = await Assert.ThrowsAsync<CallbellException>(() => ContactSyncPlan.ForRowAsync(client, edit, null, edit.PhoneNumber, null, true, "telegram", " ", default));

            Assert.Equal("Source", noSource.ParameterName);
            Assert.Equal("Name", noName.ParameterName);
            Assert.DoesNotContain(Sandbox.Journal.Requests, r => r.Method == "POST");
        }
    }
}
