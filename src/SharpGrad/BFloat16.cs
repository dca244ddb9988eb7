using System.Globalization;

namespace SharpGrad;

/// <summary>
/// The bfloat16 number format (torch.bfloat16): the upper 16 bits of a float32 (sign, 8 exponent
/// bits, 7 mantissa bits). .NET 10 has no such type, so SharpGrad has its own storage struct; all
/// arithmetic on it goes through float32, as PyTorch's CPU kernels do.
/// </summary>
public readonly struct BFloat16 : IEquatable<BFloat16>, IComparable<BFloat16>, IFormattable
{
    private readonly ushort _bits;

    private BFloat16(ushort bits) => _bits = bits;

    /// <summary>The value with these bits.</summary>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>The 16 bits of the value.</summary>
    public ushort Bits => _bits;

    /// <summary>
    /// c10's <c>round_to_nearest_even</c>: float32 rounded to the nearest bfloat16, ties to even;
    /// every NaN becomes the quiet NaN 0x7FC0.
    /// </summary>
    public static explicit operator BFloat16(float value)
    {
        if (float.IsNaN(value)) return new BFloat16(0x7FC0);
        uint u = BitConverter.SingleToUInt32Bits(value);
        uint roundingBias = ((u >> 16) & 1) + 0x7FFF;
        return new BFloat16((ushort)((u + roundingBias) >> 16));
    }

    /// <summary>A double rounded through float32 first, as c10 converts it.</summary>
    public static explicit operator BFloat16(double value) => (BFloat16)(float)value;

    /// <summary>The exact float32 value.</summary>
    public static implicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value._bits << 16);

    /// <summary>The exact double value.</summary>
    public static explicit operator double(BFloat16 value) => (float)value;

    /// <inheritdoc/>
    public bool Equals(BFloat16 other) => (float)this == (float)other;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((float)this).GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(BFloat16 other) => ((float)this).CompareTo((float)other);

    /// <summary>Equal as numbers (NaN equals nothing).</summary>
    public static bool operator ==(BFloat16 left, BFloat16 right) => left.Equals(right);

    /// <summary>Not equal as numbers.</summary>
    public static bool operator !=(BFloat16 left, BFloat16 right) => !left.Equals(right);

    /// <summary>Less than, as numbers.</summary>
    public static bool operator <(BFloat16 left, BFloat16 right) => (float)left < (float)right;

    /// <summary>Greater than, as numbers.</summary>
    public static bool operator >(BFloat16 left, BFloat16 right) => (float)left > (float)right;

    /// <summary>At most, as numbers.</summary>
    public static bool operator <=(BFloat16 left, BFloat16 right) => (float)left <= (float)right;

    /// <summary>At least, as numbers.</summary>
    public static bool operator >=(BFloat16 left, BFloat16 right) => (float)left >= (float)right;

    /// <summary>The value as float32 formats it.</summary>
    public override string ToString() => ((float)this).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ((float)this).ToString(format, formatProvider);
}
