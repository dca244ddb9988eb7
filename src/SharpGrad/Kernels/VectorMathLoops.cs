using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpGrad.Kernels;

/// <summary>A float32 function computed in float64 and rounded once to float32: its scalar form,
/// and its vector forms over float32 values widened to float64.</summary>
internal interface IFloatFunction
{
    static abstract float Invoke(float x);
    static abstract Vector512<double> Invoke(Vector512<double> x);
    static abstract Vector256<double> Invoke(Vector256<double> x);
}

/// <summary>
/// SharpGrad's own float32 vector loops for the large unary functions (exp, log, tanh, sigmoid),
/// marked <c>AggressiveOptimization</c> so that the JIT compiles them fully optimized on their
/// first call, with every helper they use inlined.
/// </summary>
/// <remarks>
/// TensorPrimitives' loops for these functions, and the runtime's vector math they call
/// (<c>Vector512.Exp</c> reaches a generic <c>VectorMath.ExpSingle</c> that is never inlined),
/// are generic code that no ReadyToRun image holds for this machine: their first calls ran at
/// tier 0, so a first <c>exp</c> over 1e7 floats took tens of times longer than a warm one (see
/// docs/PERFORMANCE.md, 'Tier 0 and dynamic PGO'). These loops compute each float32 in float64
/// (range reduction to 2^n · e^r, a Taylor polynomial for e^r; log from the exponent and an atanh
/// series of the mantissa) and round once, so their results are the correctly rounded value but
/// for cases a float64 error of ~1e-12 can tip: within one ulp of TensorPrimitives' (which are
/// within one ulp of the true value) and of PyTorch's. float64 tensors keep TensorPrimitives.
/// </remarks>
internal static class VectorMathLoops
{
    public static void Exp(ReadOnlySpan<float> x, Span<float> d) => Run<ExpFunction>(x, d);
    public static void Log(ReadOnlySpan<float> x, Span<float> d) => Run<LogFunction>(x, d);
    public static void Tanh(ReadOnlySpan<float> x, Span<float> d) => Run<TanhFunction>(x, d);
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> d) => Run<SigmoidFunction>(x, d);

    /// <summary>d[i] = f(x[i]); x and d are the same length and either the same memory or disjoint.</summary>
    /// <remarks>The widest accelerated vector is used (AVX-512, else AVX2; else the scalar form),
    /// the run's end covered by one last vector overlapping the previous one; that vector is
    /// computed before the loop, so that the result is right in place too (d = x). A NaN input
    /// gives itself back.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        if (d.Length != x.Length) throw new ArgumentException("Destination length must match the source's.", nameof(d));
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(d);
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            int lastStart = n - Vector512<float>.Count;
            var last = Apply512<TFunction>(Vector512.LoadUnsafe(ref xr, (nuint)lastStart));
            for (int i = 0; i < lastStart; i += Vector512<float>.Count)
                Apply512<TFunction>(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            last.StoreUnsafe(ref dr, (nuint)lastStart);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            int lastStart = n - Vector256<float>.Count;
            var last = Apply256<TFunction>(Vector256.LoadUnsafe(ref xr, (nuint)lastStart));
            for (int i = 0; i < lastStart; i += Vector256<float>.Count)
                Apply256<TFunction>(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            last.StoreUnsafe(ref dr, (nuint)lastStart);
        }
        else
        {
            for (int i = 0; i < n; i++) Unsafe.Add(ref dr, i) = TFunction.Invoke(Unsafe.Add(ref xr, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Apply512<TFunction>(Vector512<float> x) where TFunction : IFloatFunction
    {
        var (lower, upper) = Vector512.Widen(x);
        var y = Vector512.Narrow(TFunction.Invoke(lower), TFunction.Invoke(upper));
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Apply256<TFunction>(Vector256<float> x) where TFunction : IFloatFunction
    {
        var (lower, upper) = Vector256.Widen(x);
        var y = Vector256.Narrow(TFunction.Invoke(lower), TFunction.Invoke(upper));
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
    }

    // ------------------------------------------------------------------ float64 kernels

    private const double Log2E = 1.4426950408889634;
    private const double Ln2 = 0.6931471805599453;
    /// <summary>1.5 · 2^52: added to a float64 below 2^51 in magnitude, it rounds it to an integer
    /// (to nearest, ties to even) held in the low bits of the sum's bit pattern.</summary>
    private const double RoundingShift = 6755399441055744.0;
    /// <summary>exp's argument is clamped to ±700, where e^x is still a normal float64 and far
    /// outside float32's range (so float32 results still overflow to ∞ and underflow to 0).</summary>
    private const double ExpArgumentLimit = 700;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>e^x for |x| ≤ 700 (larger clamped; a NaN may come out as anything, the callers put
    /// it back): x·log2(e) = n + f with n an integer and |f| ≤ ½, so e^x = 2^n · e^r with
    /// r = f·ln 2, |r| ≤ 0.347, where the Taylor series to r^8 errs by under 3e-10 relatively
    /// (float32's half ulp is 6e-8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpCore(Vector512<double> x)
    {
        x = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-ExpArgumentLimit)), Vector512.Create(ExpArgumentLimit));
        var z = x * Vector512.Create(Log2E);
        var shifted = z + Vector512.Create(RoundingShift);
        var r = (z - (shifted - Vector512.Create(RoundingShift))) * Vector512.Create(Ln2);
        var p = Vector512.Create(1.0 / 40320);
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1.0 / 5040));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1.0 / 720));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1.0 / 120));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1.0 / 24));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1.0 / 6));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(0.5));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512<double>.One);
        p = Vector512.MultiplyAddEstimate(p, r, Vector512<double>.One);
        // 2^n: n (in the low bits of shifted) plus the exponent bias, moved into the exponent field.
        var scale = ((shifted.AsUInt64() + Vector512.Create(1023UL)) << 52).AsDouble();
        return p * scale;
    }

    /// <summary><see cref="ExpCore(Vector512{double})"/> at AVX2's width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpCore(Vector256<double> x)
    {
        x = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(-ExpArgumentLimit)), Vector256.Create(ExpArgumentLimit));
        var z = x * Vector256.Create(Log2E);
        var shifted = z + Vector256.Create(RoundingShift);
        var r = (z - (shifted - Vector256.Create(RoundingShift))) * Vector256.Create(Ln2);
        var p = Vector256.Create(1.0 / 40320);
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1.0 / 5040));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1.0 / 720));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1.0 / 120));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1.0 / 24));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1.0 / 6));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(0.5));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256<double>.One);
        p = Vector256.MultiplyAddEstimate(p, r, Vector256<double>.One);
        var scale = ((shifted.AsUInt64() + Vector256.Create(1023UL)) << 52).AsDouble();
        return p * scale;
    }

    /// <summary>ln x for x &gt; 0 a normal float64: x = 2^e · m with m in [√½, √2), ln m =
    /// 2·atanh(s) with s = (m − 1)/(m + 1), |s| ≤ 0.172, by its series to s^15. Zero, negative and
    /// infinite x are the caller's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LogCore(Vector512<double> x)
    {
        var bits = x.AsUInt64();
        var m = ((bits & Vector512.Create(0x000F_FFFF_FFFF_FFFFUL)) | Vector512.Create(0x3FF0_0000_0000_0000UL)).AsDouble();
        var big = Vector512.GreaterThan(m, Vector512.Create(Sqrt2));
        m = Vector512.ConditionalSelect(big, m * Vector512.Create(0.5), m);
        // The biased exponent as a float64 (2^52 + e, less 2^52 and the bias), plus one where m was halved.
        var e = ((bits >> 52) | Vector512.Create(0x4330_0000_0000_0000UL)).AsDouble() - Vector512.Create(4503599627370496.0 + 1023)
            + (Vector512<double>.One & big);
        var s = (m - Vector512<double>.One) / (m + Vector512<double>.One);
        var s2 = s * s;
        var q = Vector512.Create(1.0 / 15);
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1.0 / 13));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1.0 / 11));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1.0 / 9));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1.0 / 7));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1.0 / 5));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1.0 / 3));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512<double>.One);
        return Vector512.MultiplyAddEstimate(e, Vector512.Create(Ln2), (s + s) * q);
    }

    /// <summary><see cref="LogCore(Vector512{double})"/> at AVX2's width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LogCore(Vector256<double> x)
    {
        var bits = x.AsUInt64();
        var m = ((bits & Vector256.Create(0x000F_FFFF_FFFF_FFFFUL)) | Vector256.Create(0x3FF0_0000_0000_0000UL)).AsDouble();
        var big = Vector256.GreaterThan(m, Vector256.Create(Sqrt2));
        m = Vector256.ConditionalSelect(big, m * Vector256.Create(0.5), m);
        var e = ((bits >> 52) | Vector256.Create(0x4330_0000_0000_0000UL)).AsDouble() - Vector256.Create(4503599627370496.0 + 1023)
            + (Vector256<double>.One & big);
        var s = (m - Vector256<double>.One) / (m + Vector256<double>.One);
        var s2 = s * s;
        var q = Vector256.Create(1.0 / 15);
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1.0 / 13));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1.0 / 11));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1.0 / 9));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1.0 / 7));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1.0 / 5));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1.0 / 3));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256<double>.One);
        return Vector256.MultiplyAddEstimate(e, Vector256.Create(Ln2), (s + s) * q);
    }

    /// <summary>tanh |x| ≥ 1/16 as (1 − e^(−2|x|)) / (1 + e^(−2|x|)); below, its odd Taylor series to
    /// x^9 (which errs by under 1e-14 there, where the quotient would lose digits to cancellation).</summary>
    private const double TanhSeriesLimit = 0.0625;

    // ------------------------------------------------------------------ the functions

    private struct ExpFunction : IFloatFunction
    {
        public static float Invoke(float x) => (float)double.Exp(x);
        public static Vector512<double> Invoke(Vector512<double> x) => ExpCore(x);
        public static Vector256<double> Invoke(Vector256<double> x) => ExpCore(x);
    }

    private struct SigmoidFunction : IFloatFunction
    {
        public static float Invoke(float x) => (float)(1 / (1 + double.Exp(-(double)x)));
        public static Vector512<double> Invoke(Vector512<double> x) => Vector512<double>.One / (Vector512<double>.One + ExpCore(-x));
        public static Vector256<double> Invoke(Vector256<double> x) => Vector256<double>.One / (Vector256<double>.One + ExpCore(-x));
    }

    private struct LogFunction : IFloatFunction
    {
        public static float Invoke(float x) => (float)double.Log(x);

        public static Vector512<double> Invoke(Vector512<double> x)
        {
            var y = LogCore(x);
            y = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<double>.Zero), Vector512.Create(double.NegativeInfinity), y);
            y = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<double>.Zero), Vector512.Create(double.NaN), y);
            return Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(double.PositiveInfinity)), x, y);
        }

        public static Vector256<double> Invoke(Vector256<double> x)
        {
            var y = LogCore(x);
            y = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<double>.Zero), Vector256.Create(double.NegativeInfinity), y);
            y = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), Vector256.Create(double.NaN), y);
            return Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(double.PositiveInfinity)), x, y);
        }
    }

    private struct TanhFunction : IFloatFunction
    {
        public static float Invoke(float x) => (float)double.Tanh(x);

        public static Vector512<double> Invoke(Vector512<double> x)
        {
            var a = Vector512.Abs(x);
            var z = ExpCore(a * Vector512.Create(-2.0)) - Vector512<double>.One; // e^(−2|x|) − 1, in (−1, 0]
            var quotient = -z / (z + Vector512.Create(2.0));
            var a2 = a * a;
            var series = Vector512.Create(62.0 / 2835);
            series = Vector512.MultiplyAddEstimate(series, a2, Vector512.Create(-17.0 / 315));
            series = Vector512.MultiplyAddEstimate(series, a2, Vector512.Create(2.0 / 15));
            series = Vector512.MultiplyAddEstimate(series, a2, Vector512.Create(-1.0 / 3));
            series = Vector512.MultiplyAddEstimate(series * a2, a, a);
            var t = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(TanhSeriesLimit)), series, quotient);
            return (t.AsUInt64() | (x.AsUInt64() & Vector512.Create(0x8000_0000_0000_0000UL))).AsDouble();
        }

        public static Vector256<double> Invoke(Vector256<double> x)
        {
            var a = Vector256.Abs(x);
            var z = ExpCore(a * Vector256.Create(-2.0)) - Vector256<double>.One;
            var quotient = -z / (z + Vector256.Create(2.0));
            var a2 = a * a;
            var series = Vector256.Create(62.0 / 2835);
            series = Vector256.MultiplyAddEstimate(series, a2, Vector256.Create(-17.0 / 315));
            series = Vector256.MultiplyAddEstimate(series, a2, Vector256.Create(2.0 / 15));
            series = Vector256.MultiplyAddEstimate(series, a2, Vector256.Create(-1.0 / 3));
            series = Vector256.MultiplyAddEstimate(series * a2, a, a);
            var t = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(TanhSeriesLimit)), series, quotient);
            return (t.AsUInt64() | (x.AsUInt64() & Vector256.Create(0x8000_0000_0000_0000UL))).AsDouble();
        }
    }
}
