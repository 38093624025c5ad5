using System;

namespace Neptune.CodeGen.Import.Importing;

/// <summary>
/// The model uses something the spec format cannot express. The message names the shape and member and says what
/// is unsupported; the importer never approximates it.
/// </summary>
internal sealed class UnsupportedConstructException : Exception
{
    public UnsupportedConstructException(string shapeId, string? member, string what)
        : base($"{shapeId}{(member is null ? string.Empty : "$" + member)}: {what}")
    {
        ShapeId = shapeId;
        Member = member;
    }

    public string ShapeId { get; }

    public string? Member { get; }
}
