using System.Globalization;
using System.Numerics;

namespace SharpGrad.Printing;

/// <summary>
/// Python's <c>format(x, ".{p}f")</c> and <c>format(x, ".{p}e")</c> for doubles: the exact binary value is
/// rounded to the requested number of digits with ties to even, the sign of negative zero (and of
/// negative values that round to zero) is kept, and non-finite values print as <c>nan</c>, <c>inf</c>
/// and <c>-inf</c>. The exponent has a sign and at least two digits (<c>1.2346e+05</c>).
/// </summary>
internal static class PythonFloatFormat
{
    private static readonly BigInteger[] s_pow10 = BuildPowersOfTen(40);

    private static BigInteger[] BuildPowersOfTen(int n)
    {
        var r = new BigInteger[n];
        r[0] = BigInteger.One;
        for (int i = 1; i < n; i++) r[i] = r[i - 1] * 10;
        return r;
    }

    private static BigInteger Pow10(int n) => n < s_pow10.Length ? s_pow10[n] : BigInteger.Pow(10, n);

    /// <summary>Python's <c>"{:.{precision}f}".format(value)</c>.</summary>
    public static string Fixed(double value, int precision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(precision);
        if (!double.IsFinite(value)) return NonFinite(value);
        bool negative = double.IsNegative(value);
        string digits;
        if (value == 0)
        {
            digits = new string('0', precision + 1);
        }
        else
        {
            Decompose(Math.Abs(value), out long mant, out int exp2);
            digits = RoundScaled(mant, exp2, precision).ToString(CultureInfo.InvariantCulture);
            if (digits.Length < precision + 1) digits = digits.PadLeft(precision + 1, '0');
        }
        string sign = negative ? "-" : "";
        if (precision == 0) return sign + digits;
        return string.Concat(sign, digits.AsSpan(0, digits.Length - precision), ".", digits.AsSpan(digits.Length - precision));
    }

    /// <summary>Python's <c>"{:.{precision}e}".format(value)</c>.</summary>
    public static string Scientific(double value, int precision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(precision);
        if (!double.IsFinite(value)) return NonFinite(value);
        bool negative = double.IsNegative(value);
        string digits;
        int exp10;
        if (value == 0)
        {
            digits = new string('0', precision + 1);
            exp10 = 0;
        }
        else
        {
            double a = Math.Abs(value);
            Decompose(a, out long mant, out int exp2);
            exp10 = (int)Math.Floor(Math.Log10(a));
            BigInteger lower = Pow10(precision), upper = Pow10(precision + 1);
            BigInteger q = RoundScaled(mant, exp2, precision - exp10);
            // The logarithm estimate (or the rounding) may be one decade off; settle it exactly.
            while (true)
            {
                if (q >= upper) { exp10++; }
                else if (q < lower) { exp10--; }
                else break;
                q = RoundScaled(mant, exp2, precision - exp10);
            }
            digits = q.ToString(CultureInfo.InvariantCulture);
        }
        var sb = new System.Text.StringBuilder(precision + 8);
        if (negative) sb.Append('-');
        sb.Append(digits[0]);
        if (precision > 0) sb.Append('.').Append(digits, 1, precision);
        sb.Append('e').Append(exp10 < 0 ? '-' : '+');
        int absExp = Math.Abs(exp10);
        if (absExp < 10) sb.Append('0');
        sb.Append(absExp.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";

    /// <summary>Splits a positive finite double into <c>mant * 2^exp2</c>.</summary>
    private static void Decompose(double a, out long mant, out int exp2)
    {
        long bits = BitConverter.DoubleToInt64Bits(a);
        int biased = (int)((bits >> 52) & 0x7FF);
        mant = bits & 0xF_FFFF_FFFF_FFFFL;
        if (biased == 0) biased = 1; else mant |= 1L << 52;
        exp2 = biased - 1075;
    }

    /// <summary><c>mant * 2^exp2 * 10^pow10</c> rounded to an integer, ties to even.</summary>
    private static BigInteger RoundScaled(long mant, int exp2, int pow10)
    {
        BigInteger num = mant, den = BigInteger.One;
        if (exp2 >= 0) num <<= exp2; else den <<= -exp2;
        if (pow10 >= 0) num *= Pow10(pow10); else den *= Pow10(-pow10);
        BigInteger q = BigInteger.DivRem(num, den, out BigInteger rem);
        int c = (rem << 1).CompareTo(den);
        if (c > 0 || (c == 0 && !q.IsEven)) q += 1;
        return q;
    }
}
