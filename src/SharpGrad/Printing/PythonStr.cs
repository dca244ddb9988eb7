using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace SharpGrad.Printing;

/// <summary>
/// Python's <c>str()</c> and <c>repr()</c> of the values a ported program prints, so that
/// <see cref="torch.print"/> writes what Python's <c>print</c> writes.
/// </summary>
internal static class PythonStr
{
    /// <summary>Python's <c>str(value)</c>: a string as it is, everything else as <see cref="Repr(object?)"/>.</summary>
    public static string Str(object? value) => value is string s ? s : Repr(value);

    /// <summary>Python's <c>repr(value)</c> for the C# counterparts of Python's values: <c>None</c>,
    /// <c>True</c>/<c>False</c>, floats, <c>'strings'</c>, dtypes, <c>torch.Size([2, 3])</c> (for a
    /// <see cref="torch.Size"/> and a <c>long[]</c> shape), tuples, lists and dicts, tensors.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        float f => Repr((double)f),
        double d => Repr(d),
        string s => QuoteString(s),
        ScalarType dtype => dtype.TorchName(),
        Tensor t => t.ToString(),
        torch.Size size => size.ToString(),
        long[] shape => torch.Size.Format(shape),
        ITuple tuple => ReprTuple(tuple),
        IDictionary dict => ReprDict(dict),
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Repr)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string ReprDict(IDictionary dict)
    {
        var items = new List<string>();
        var e = dict.GetEnumerator();
        while (e.MoveNext()) items.Add(Repr(e.Key) + ": " + Repr(e.Value));
        return "{" + string.Join(", ", items) + "}";
    }

    private static string ReprTuple(ITuple tuple)
    {
        var items = new string[tuple.Length];
        for (int i = 0; i < items.Length; i++) items[i] = Repr(tuple[i]);
        return items.Length == 1 ? $"({items[0]},)" : "(" + string.Join(", ", items) + ")";
    }

    /// <summary>Python's repr of a str: single quotes unless the text holds one and no double quote.</summary>
    private static string QuoteString(string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var escaped = s.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t");
        if (quote == '\'') escaped = escaped.Replace("'", "\\'");
        return quote + escaped + quote;
    }

    /// <summary>Python's <c>repr(float)</c>: the shortest digits that read back to the same double, in
    /// fixed notation for exponents from -4 to 15 (always with a fractional part) and otherwise as
    /// <c>1.5e+16</c> or <c>1e-05</c>.</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        string sign = double.IsNegative(value) ? "-" : "";
        if (value == 0) return sign + "0.0";

        // .NET's "R" gives the same shortest round-trip digits as Python, only laid out differently.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        int exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        int dot = mantissa.IndexOf('.');
        int point = (dot < 0 ? mantissa.Length : dot) + exponent;   // digits before the decimal point
        var digits = mantissa.Replace(".", "");
        int leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        point -= leadingZeros;

        int sci = point - 1;
        if (sci is >= -4 and < 16)
        {
            if (point <= 0) return sign + "0." + new string('0', -point) + digits;
            if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length) + ".0";
            return sign + digits[..point] + "." + digits[point..];
        }
        var fraction = digits.Length > 1 ? "." + digits[1..] : "";
        return $"{sign}{digits[0]}{fraction}e{(sci < 0 ? '-' : '+')}{Math.Abs(sci):00}";
    }
}
