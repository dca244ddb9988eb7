using System.Globalization;

namespace SharpGrad;

/// <summary>Conversions for porting Python as written: <c>f"{loss:.4f}"</c>, <c>float(t)</c>, <c>t.tolist()</c>.</summary>
public sealed partial class Tensor : IFormattable
{
    /// <summary>
    /// With no format, the repr (<see cref="ToString()"/>). With one (<c>$"{loss:F4}"</c>, Python's
    /// <c>f"{loss:.4f}"</c>), the value of a one-element tensor formatted as a .NET number (a float
    /// tensor as its double value, an integer or bool tensor as a long); the invariant culture unless
    /// <paramref name="formatProvider"/> says otherwise. A larger tensor throws <see cref="FormatException"/>.
    /// </summary>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        if (string.IsNullOrEmpty(format)) return ToString();
        if (NumelInt != 1) throw new FormatException("unsupported format string passed to Tensor.__format__");
        var provider = formatProvider ?? CultureInfo.InvariantCulture;
        return is_floating_point() ? item<double>().ToString(format, provider) : item<long>().ToString(format, provider);
    }

    /// <summary>Python's <c>float(t)</c>: the value of a one-element tensor.</summary>
    public static explicit operator float(Tensor t) => t.item<float>();

    /// <summary>Python's <c>float(t)</c> at double precision.</summary>
    public static explicit operator double(Tensor t) => t.item<double>();

    /// <summary>Python's <c>int(t)</c>: the value of a one-element tensor, truncated toward zero.</summary>
    public static explicit operator long(Tensor t) => t.item<long>();

    /// <summary>Python's <c>bool(t)</c>: whether the one element is non-zero.</summary>
    public static explicit operator bool(Tensor t)
    {
        if (t.NumelInt != 1)
            throw new InvalidOperationException(t.NumelInt == 0
                ? "Boolean value of Tensor with no values is ambiguous"
                : "Boolean value of Tensor with more than one value is ambiguous");
        return t.item<bool>();
    }

    /// <summary>
    /// Python's <c>t.tolist()</c>: for a 0-d tensor its value, otherwise nested <c>List&lt;object&gt;</c>s,
    /// one level per dimension. Elements are what Python gives: <c>double</c> for float tensors (a
    /// float32, float16 or bfloat16 element widened exactly), <c>long</c> for the integer dtypes,
    /// <c>bool</c> for bool. For flat typed
    /// values use <see cref="ToArray{T}"/>.
    /// </summary>
    public object tolist()
    {
        object[] values = ElementType switch
        {
            ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16 => ToArray<double>().Select(v => (object)v).ToArray(),
            ScalarType.Int64 or ScalarType.UInt8 or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 => ToArray<long>().Select(v => (object)v).ToArray(),
            ScalarType.Bool => ToArray<bool>().Select(v => (object)v).ToArray(),
            _ => throw new NotSupportedException($"tolist: {ElementType.TorchName()} is not supported"),
        };
        if (Sizes.Length == 0) return values[0];
        int next = 0;
        return Nest(0);

        List<object> Nest(int dim)
        {
            var list = new List<object>(Sizes[dim]);
            for (int i = 0; i < Sizes[dim]; i++)
                list.Add(dim == Sizes.Length - 1 ? values[next++] : Nest(dim + 1));
            return list;
        }
    }
}
