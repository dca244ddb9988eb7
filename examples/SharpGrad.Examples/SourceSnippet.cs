using System.Collections.Concurrent;
using System.Text;

namespace SharpGrad.Examples;

/// <summary>Reads <c>#region NAME</c> … <c>#endregion</c> blocks out of the walkthrough sources, which
/// the project embeds as resources (see the .csproj), so a published program shows them too.</summary>
static class SourceSnippet
{
    private static readonly ConcurrentDictionary<string, string[]> s_files = new();

    public static string Extract(string fileName, string region)
    {
        var lines = s_files.GetOrAdd(fileName, Load);
        var blocks = new List<List<string>>();
        List<string>? current = null;
        int depth = 0;
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (current is null)
            {
                if (trimmed == "#region " + region) current = [];
                continue;
            }
            if (trimmed.StartsWith("#region", StringComparison.Ordinal)) depth++;
            else if (trimmed.StartsWith("#endregion", StringComparison.Ordinal) && depth-- == 0)
            {
                blocks.Add(current);
                current = null;
                depth = 0;
                continue;
            }
            current.Add(line);
        }
        if (blocks.Count == 0) throw new InvalidOperationException($"{fileName} has no '#region {region}'.");
        return string.Join("\n\n", blocks.Select(Dedent));
    }

    private static string[] Load(string fileName)
    {
        using var stream = typeof(SourceSnippet).Assembly.GetManifestResourceStream(fileName)
            ?? throw new InvalidOperationException($"{fileName} is not embedded in the examples program.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n").Split('\n');
    }

    private static string Dedent(List<string> lines)
    {
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[0])) lines.RemoveAt(0);
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1])) lines.RemoveAt(lines.Count - 1);
        int indent = lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => string.IsNullOrWhiteSpace(l) ? "" : l[indent..]));
    }
}
