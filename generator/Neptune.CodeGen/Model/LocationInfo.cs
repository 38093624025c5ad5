using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Neptune.CodeGen.Model;

/// <summary>A place in a spec file, kept as plain values so models stay equatable; turned into a <see cref="Location"/> only when reported.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo FileStart(string filePath) => new(filePath, default, default);
}
