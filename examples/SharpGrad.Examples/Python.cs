using System.Globalization;

namespace SharpGrad.Examples;

/// <summary>
/// Python's <c>print</c>, so that the walkthroughs read like the tutorials and print what they print:
/// arguments separated by a space, <c>null</c> as <c>None</c>, <c>bool</c> as <c>True</c>/<c>False</c>,
/// floating-point numbers as Python's <c>repr</c> (<c>loss.item()</c> → <c>621.5838623046875</c>), and a
/// tensor as its PyTorch repr (which is what <see cref="Tensor.ToString"/> already is).
/// </summary>
static class Python
{
    public static void print(params object?[] values)
    {
        var line = string.Join(" ", values.Select(str));
        if (ProgressBar.IsLive) ProgressBar.WriteLine(line);
        else Console.WriteLine(line);
    }

    /// <summary>Python's <c>str(value)</c>.</summary>
    public static string str(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        float f => repr((double)f),
        double d => repr(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list and not string => "[" + string.Join(", ", list.Cast<object?>().Select(str)) + "]",
        _ => value.ToString() ?? "",
    };

    /// <summary>Python's <c>repr(float)</c>: the shortest digits that read back to the same double, in
    /// fixed notation for exponents from -4 to 15 (always with a fractional part) and otherwise as
    /// <c>1.5e+16</c>.</summary>
    public static string repr(double value)
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
