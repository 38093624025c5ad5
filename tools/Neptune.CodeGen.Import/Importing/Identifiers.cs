using System.Collections.Generic;
using System.Text;

namespace Neptune.CodeGen.Import.Importing;

/// <summary>C# names from Smithy names, following the generator's rules (a member key becomes its PascalCase property).</summary>
internal static class Identifiers
{
    /// <summary>The generator's rule: upper-case the first letter (<c>neptuneIamRoleArn</c> → <c>NeptuneIamRoleArn</c>).</summary>
    public static string PropertyName(string key) => key.Length == 0 ? key : char.ToUpperInvariant(key[0]) + key.Substring(1);

    /// <summary>
    /// An identifier from free text: words split at anything that is not a letter or digit, each word's first letter
    /// upper-cased; a word written all in capitals (<c>AT_SEQUENCE_NUMBER</c>) becomes <c>AtSequenceNumber</c>.
    /// </summary>
    public static string ToPascalIdentifier(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch) && ch < 128)
            {
                word.Append(ch);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        var allCaps = words.TrueForAll(IsUpperWord);
        var result = new StringBuilder();
        foreach (var w in words)
        {
            var lowerRest = allCaps || IsUpperWord(w);
            result.Append(char.ToUpperInvariant(w[0]));
            result.Append(lowerRest ? w.Substring(1).ToLowerInvariant() : w.Substring(1));
        }

        if (result.Length > 0 && char.IsDigit(result[0]))
        {
            result.Insert(0, "Value");
        }

        return result.ToString();
    }

    private static bool IsUpperWord(string word)
    {
        var letters = 0;
        foreach (var ch in word)
        {
            if (char.IsLetter(ch))
            {
                letters++;
                if (!char.IsUpper(ch))
                {
                    return false;
                }
            }
        }

        // A single capital ("A") is not a shouted word; "ML" and "GZIP" are.
        return letters > 1;
    }
}
