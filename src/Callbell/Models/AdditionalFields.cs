using System;
using System.Collections.Generic;
using Callbell.Json;

namespace Callbell
{
    /// <summary>
    /// Fields the module does not model yet (the API grows), and raw values it could not read
    /// (an unparseable date), as plain values: <c>$contact.AdditionalFields.someNewField</c>.
    /// Its text form is compact JSON, so it survives Export-Csv readable.
    /// </summary>
    public sealed class AdditionalFields : Dictionary<string, object?>
    {
        public AdditionalFields()
            : base(StringComparer.OrdinalIgnoreCase)
        {
        }

        public override string ToString() => PlainJson.Text(writer => PlainJson.Write(writer, this));
    }
}
