using System.Collections.Generic;
using Neptune.CodeGen.Model;

namespace Neptune.CodeGen.Emitting;

/// <summary>Property declarations with their XML docs, shared by requests, responses and structures.</summary>
internal static class MemberDocs
{
    public static void WriteProperty(SourceWriter w, MemberModel member, ServiceNames names, bool isInput, bool useRequiredKeyword)
    {
        w.Doc("summary", CSharp.DocText(member.Doc, $"The {member.WireName} member."));
        var remarks = Remarks(member, isInput);
        if (remarks.Length > 0)
        {
            w.Doc("remarks", CSharp.DocText(remarks, string.Empty));
        }

        var type = CSharp.TypeName(member.Type, names);
        if (member.Binding == MemberBinding.StatusCode)
        {
            w.Line($"public int {CSharp.Id(member.PropertyName)} {{ get; set; }}");
        }
        else if (useRequiredKeyword && member.Required)
        {
            w.Line($"public required {type} {CSharp.Id(member.PropertyName)} {{ get; set; }}");
        }
        else
        {
            w.Line($"public {type}? {CSharp.Id(member.PropertyName)} {{ get; set; }}");
        }
    }

    private static string Remarks(MemberModel member, bool isInput)
    {
        var parts = new List<string>();
        if (member.Required)
        {
            parts.Add("Required.");
        }

        var where = member.Binding switch
        {
            MemberBinding.Label => $"the URI path segment {{{member.WireName}}}",
            MemberBinding.Query => $"the query parameter '{member.WireName}'",
            MemberBinding.Header => $"the header '{member.WireName}'",
            MemberBinding.StatusCode => "the HTTP status code",
            MemberBinding.Payload => "the whole body",
            _ => $"the JSON key '{member.WireName}'",
        };
        parts.Add((isInput ? "Sent as " : "Read from ") + where + ".");
        if (member.Min is not null || member.Max is not null)
        {
            parts.Add($"Allowed {RangeText.Noun(member.Type)}: {RangeText.Bounds(member.Min, member.Max, forDocs: true)}.");
        }

        if (member.Default is not null)
        {
            parts.Add($"When not set, the service uses {member.Default}.");
        }

        return string.Join(" ", parts);
    }
}
