using System.Management.Automation;
using System.Security;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// Lets a SecureString parameter also take plain text (a secret read from a vault or an
    /// automation variable arrives as text); the text is moved into a SecureString at binding.
    /// </summary>
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string text))
            {
                return inputData;
            }

            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}
