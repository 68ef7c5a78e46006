using System.Linq;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Http
{
    /// <summary>The documented error bodies become the exception's message, parameters and code.</summary>
    public sealed class ErrorBodyTests : SandboxTest
    {
        [Fact]
        public async Task A_validation_error_names_each_parameter_in_PowerShell_terms()
        {
            var error = await Assert.ThrowsAsync<CallbellApiException>(() =>
                Connect().SendAsync(ApiRequest.Post("contacts").WithBody(new JsonBody().Set("source", "whatsapp").Set("name", "X")), null, default));

            Assert.Equal(422, error.StatusCode);
            Assert.Equal(new[] { "must be present and not empty" }, error.ParameterErrors["identifier"]);
            Assert.Equal("Identifier", error.ParameterName);
            Assert.Contains("Identifier (identifier): must be present and not empty", error.Message);
            Assert.Contains("\"identifier\"", error.ResponseBody); // the raw body stays reachable
            Assert.Equal(1, Sandbox.Journal.Count);
        }

        [Fact]
        public async Task A_stable_code_goes_into_the_error_id()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.ApiError) { Method = "POST", Path = "/v1/messages/send", Status = 402, Code = "whatsapp_wallet_depleted_credit", Message = "Top up your WhatsApp credit" });

            var error = await Assert.ThrowsAsync<CallbellApiException>(() =>
                Connect().SendAsync(ApiRequest.Post("messages/send").WithBody(new JsonBody().Set("to", "+39333")), null, default));

            Assert.Equal("Callbell.whatsapp_wallet_depleted_credit.402", error.ErrorId);
            Assert.Equal("whatsapp_wallet_depleted_credit", error.ErrorCode);
            Assert.Contains("Top up your WhatsApp credit", error.Message);
            Assert.Equal(1, Sandbox.Journal.Count);
        }

        [Theory]
        [InlineData("{\"error\":\"not authorized\"}", "not authorized", null)]
        [InlineData("{\"error\":{\"template_uuid\":[\"must be present\",\"must exist\"]},\"code\":\"bad_template\"}", null, "bad_template")]
        [InlineData("{\"error\":\"x\",\"code\":\"has spaces\"}", "x", null)]
        public void Error_bodies_parse_as_documented(string body, string? message, string? code)
        {
            var error = ApiErrorBody.TryParse(body)!;

            Assert.Equal(message, error.Message);
            Assert.Equal(code, error.Code);
        }

        [Theory]
        [InlineData("<html>Bad Gateway</html>")]
        [InlineData("{\"unexpected\":1}")]
        [InlineData("[]")]
        [InlineData("")]
        public void A_body_that_is_not_the_documented_shape_parses_to_nothing(string body)
        {
            Assert.Null(ApiErrorBody.TryParse(body));
        }

        [Fact]
        public void Api_names_become_PowerShell_parameter_names()
        {
            Assert.Equal("TemplateUuid", ApiErrorBody.PowerShellName("template_uuid"));
            Assert.Equal("CustomStatusUuid", ApiErrorBody.PowerShellName("custom_status_uuid"));
        }
    }
}
