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
    /// <summary>Powers of ten for the exact paths, in a class of their own so that only those
    /// paths build them.</summary>
    private static class BigPowers
    {
        public static readonly BigInteger[] Table = Build(40);

        private static BigInteger[] Build(int n)
        {
            var r = new BigInteger[n];
            r[0] = BigInteger.One;
            for (int i = 1; i < n; i++) r[i] = r[i - 1] * 10;
            return r;
        }
    }

    private static BigInteger Pow10(int n) => n < BigPowers.Table.Length ? BigPowers.Table[n] : BigInteger.Pow(10, n);

    /// <summary>Python's <c>"{:.{precision}f}".format(value)</c>.</summary>
    public static string Fixed(double value, int precision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(precision);
        if (!double.IsFinite(value)) return NonFinite(value);
        bool negative = double.IsNegative(value);
        string digits;
        if (value == 0)
        {
            digits = Chars.Repeat('0', precision + 1);
        }
        else
        {
            Decompose(Math.Abs(value), out long mant, out int exp2);
            digits = TryRoundScaled(mant, exp2, precision, out ulong small)
                ? small.ToString(CultureInfo.InvariantCulture)
                : BigDigits(mant, exp2, precision);
            digits = Chars.PadLeft(digits, precision + 1, '0');
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
            digits = Chars.Repeat('0', precision + 1);
            exp10 = 0;
        }
        else
        {
            double a = Math.Abs(value);
            Decompose(a, out long mant, out int exp2);
            exp10 = (int)Math.Floor(Math.Log10(a));
            digits = TryScientificDigits(mant, exp2, precision, ref exp10, out ulong small)
                ? small.ToString(CultureInfo.InvariantCulture)
                : BigScientificDigits(mant, exp2, precision, ref exp10);
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

    // The fast paths below do the same exact arithmetic in 64-bit integers (with a 128-bit product
    // as two ulongs) whenever the numbers fit: all but extreme magnitudes and precisions.
    // BigInteger's first use slows a program's first print (it loads System.Runtime.Numerics and
    // JIT-compiles generic span helpers), and UInt128 is no better: neither its operators nor
    // code that uses it are precompiled (see docs/PERFORMANCE.md, 'Generic instantiations').

    /// <summary>10^0 … 10^19, the powers of ten that fit in a ulong.</summary>
    private static readonly ulong[] s_pow10Small =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000,
        1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    /// <summary><see cref="RoundScaled"/> in 64-bit arithmetic: false when it does not fit (the
    /// result, or an operand, would need more bits).</summary>
    private static bool TryRoundScaled(long mant, int exp2, int pow10, out ulong result)
    {
        result = 0;
        ulong m = (ulong)mant;
        if (pow10 < 0)
        {
            // q = (mant * 2^exp2) / 10^-pow10: numerator and denominator each in a ulong.
            if (-pow10 >= s_pow10Small.Length) return false;
            ulong num = m, den = s_pow10Small[-pow10];
            if (exp2 >= 0)
            {
                if (exp2 >= BitOperations.LeadingZeroCount(num)) return false;
                num <<= exp2;
            }
            else
            {
                if (-exp2 >= BitOperations.LeadingZeroCount(den)) return false;
                den <<= -exp2;
            }
            ulong q = num / den, rem = num - q * den;
            return RoundHalfEven(q, rem.CompareTo(den - rem), out result);
        }
        if (pow10 >= s_pow10Small.Length) return false;
        // (hi, lo) = mant * 10^pow10 < 2^117; then q = (hi, lo) * 2^exp2.
        ulong hi = MultiplyHigh(m, s_pow10Small[pow10], out ulong lo);
        if (exp2 >= 0)
        {
            if (hi != 0 || (lo != 0 && exp2 >= BitOperations.LeadingZeroCount(lo))) return false;
            result = lo << exp2;
            return true;
        }
        int s = -exp2;
        if (s >= 118)
        {
            // (hi, lo) < 2^117 <= 2^(s-1): less than half, rounds to 0.
            return true;
        }
        ulong qLo, remHi, remLo, halfHi, halfLo;
        if (s < 64)
        {
            if ((hi >> s) != 0) return false;
            qLo = (lo >> s) | (hi << (64 - s));
            remHi = 0; remLo = lo & ((1UL << s) - 1);
            halfHi = 0; halfLo = 1UL << (s - 1);
        }
        else
        {
            // s in [64, 117]: the quotient is hi >> (s - 64), the remainder (hi's low bits, lo).
            int t = s - 64;
            qLo = hi >> t;
            remHi = hi & ((1UL << t) - 1); remLo = lo;
            halfHi = t == 0 ? 0 : 1UL << (t - 1); halfLo = t == 0 ? 1UL << 63 : 0;
        }
        int c = remHi != halfHi ? remHi.CompareTo(halfHi) : remLo.CompareTo(halfLo);
        return RoundHalfEven(qLo, c, out result);
    }

    /// <summary>q, plus one when the remainder is over half (<paramref name="remVsHalf"/> &gt; 0) or
    /// exactly half and q is odd; false on overflow.</summary>
    private static bool RoundHalfEven(ulong q, int remVsHalf, out ulong result)
    {
        if (remVsHalf > 0 || (remVsHalf == 0 && (q & 1) != 0))
        {
            if (q == ulong.MaxValue) { result = 0; return false; }
            q++;
        }
        result = q;
        return true;
    }

    /// <summary>The high 64 bits of a * b (the low ones in <paramref name="low"/>), in plain
    /// integer arithmetic.</summary>
    private static ulong MultiplyHigh(ulong a, ulong b, out ulong low)
    {
        ulong aLo = (uint)a, aHi = a >> 32, bLo = (uint)b, bHi = b >> 32;
        ulong p0 = aLo * bLo, p1 = aLo * bHi, p2 = aHi * bLo, p3 = aHi * bHi;
        ulong mid = (p0 >> 32) + (uint)p1 + (uint)p2;
        low = (mid << 32) | (uint)p0;
        return p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
    }

    /// <summary>The settling loop of <see cref="Scientific"/> in 64-bit arithmetic: the digits
    /// (<paramref name="precision"/> + 1 of them) and the exponent, or false (exp10 unchanged).</summary>
    private static bool TryScientificDigits(long mant, int exp2, int precision, ref int exp10, out ulong digits)
    {
        digits = 0;
        if (precision + 1 >= s_pow10Small.Length) return false; // 10^(precision + 1) must fit in a ulong
        ulong lower = s_pow10Small[precision], upper = s_pow10Small[precision + 1];
        int e = exp10;
        if (!TryRoundScaled(mant, exp2, precision - e, out ulong q)) return false;
        while (true)
        {
            if (q >= upper) { e++; }
            else if (q < lower) { e--; }
            else break;
            if (!TryRoundScaled(mant, exp2, precision - e, out q)) return false;
        }
        exp10 = e;
        digits = q;
        return true;
    }

    // BigInteger appears only in the methods below (not even as a local elsewhere), so that the
    // fast paths never load it.

    /// <summary>The digits of <see cref="RoundScaled"/>.</summary>
    private static string BigDigits(long mant, int exp2, int pow10)
        => RoundScaled(mant, exp2, pow10).ToString(CultureInfo.InvariantCulture);

    /// <summary>The <paramref name="precision"/> + 1 digits of <see cref="Scientific"/>, settling
    /// <paramref name="exp10"/>.</summary>
    private static string BigScientificDigits(long mant, int exp2, int precision, ref int exp10)
    {
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
        return q.ToString(CultureInfo.InvariantCulture);
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
