namespace SharpGrad.Printing;

/// <summary>
/// Repeated characters and left padding for the printers.
/// </summary>
/// <remarks>Not string's (char, int) constructor, PadLeft or StringBuilder.Append(char, int): those
/// fill through SpanHelpers.Fill&lt;char&gt;, whose vectorized code is not precompiled, so a
/// program's first print JIT-compiled it (see docs/PERFORMANCE.md, 'Generic instantiations').</remarks>
internal static class Chars
{
    /// <summary><paramref name="count"/> copies of <paramref name="c"/> ("" when count &lt;= 0).</summary>
    public static string Repeat(char c, int count)
    {
        if (count <= 0) return "";
        var chars = new char[count];
        for (int i = 0; i < count; i++) chars[i] = c;
        return new string(chars);
    }

    /// <summary><paramref name="s"/> right-aligned in <paramref name="width"/> characters, as string.PadLeft.</summary>
    public static string PadLeft(string s, int width, char c = ' ')
        => s.Length >= width ? s : Repeat(c, width - s.Length) + s;
}
