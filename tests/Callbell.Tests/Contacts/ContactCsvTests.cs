using System.Linq;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Contacts
{
    /// <summary>
    /// Export-Csv writes each property's ToString(). Every property of a contact, with every
    /// optional part present, must read as data, never as a type name.
    /// </summary>
    public sealed class ContactCsvTests : SandboxTest
    {
        [Fact]
        public async Task Every_property_of_a_contact_has_a_readable_text_form()
        {
            var page = await Client().Contacts.GetPageAsync(new ContactQuery { IncludeFieldTypes = true }, 1);
            var contact = page.Items.First(c => c.Tags.Count > 0 && c.CustomFields.ContainsKey("Interests") && c.Team != null);

            var properties = typeof(Contact).GetProperties().Where(p => p.GetIndexParameters().Length == 0).ToList();
            Assert.True(properties.Count >= 20);
            foreach (var property in properties)
            {
                var text = property.GetValue(contact)?.ToString() ?? string.Empty;
                Assert.False(text.StartsWith("System.") || text.StartsWith("Callbell."), property.Name + " reads as '" + text + "' in a CSV cell");
            }

            Assert.Equal(string.Join(", ", contact.Tags), contact.Tags.ToString());
            Assert.StartsWith("{\"Plan\":", contact.CustomFields.ToString());
            Assert.Contains("Plan: dropdown", contact.CustomFieldsMetadata!.ToString());
            Assert.Contains("lifecycleStage", contact.AdditionalFields!.ToString());
        }
    }
}
