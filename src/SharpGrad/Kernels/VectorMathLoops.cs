using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace SharpGrad.Kernels;

/// <summary>A float32 function: its scalar form (computed in float64 and rounded once) and its
/// float32 vector forms at each width.</summary>
internal interface IFloatFunction
{
    static abstract float Invoke(float x);
    static abstract Vector512<float> Invoke(Vector512<float> x);
    static abstract Vector256<float> Invoke(Vector256<float> x);
    static abstract Vector128<float> Invoke(Vector128<float> x);
}

/// <summary>The vector width a <see cref="VectorMathLoops"/> loop runs at.</summary>
internal enum MathVectorWidth
{
    /// <summary>Element by element, in float64 (no fused multiply-add in hardware).</summary>
    Scalar = 0,
    Vector128 = 128,
    Vector256 = 256,
    Vector512 = 512,
}

/// <summary>
/// SharpGrad's own float32 vector loops for the large unary functions (exp, log, tanh, sigmoid),
/// marked <c>AggressiveOptimization</c> so that the JIT compiles them fully optimized on their
/// first call, with every helper on their hot path inlined.
/// </summary>
/// <remarks>
/// <para>TensorPrimitives' loops for these functions, and the runtime's vector math they call
/// (<c>Vector512.Exp</c> reaches a generic <c>VectorMath.ExpSingle</c> that is never inlined),
/// are generic code that no ReadyToRun image holds for this machine: their first calls ran at
/// tier 0, so a first <c>exp</c> over 1e7 floats took tens of times longer than a warm one (see
/// docs/PERFORMANCE.md, 'Tier 0 and dynamic PGO').</para>
/// <para>The functions are computed in float32 with fused multiply-adds, 16 (AVX-512), 8 (AVX2)
/// or 4 (Vector128 with FMA, e.g. Arm64) lanes at a time; without FMA in hardware, element by
/// element in float64. e^x is 2^n · e^r after a Cody–Waite reduction x = n·ln 2 + r, |r| ≤ ln 2 / 2,
/// with a degree-6 minimax polynomial for e^r − 1; ln x is k·ln 2 + ln(1 + f), f in [−⅓, ⅓], with
/// a degree-10 minimax polynomial; tanh and sigmoid divide terms of e^(−2|x|) − 1 and e^(−|x|)
/// carried as float pairs (value plus rounding error), with one correction step after the
/// division. Each result is within one ulp of the correctly rounded value (mostly equal to it):
/// the error bounds are about 0.8 ulp (exp) and 0.6 ulp (log, tanh, sigmoid), the polynomials'
/// own errors being below 2^−27 relatively (VectorMathLoopsTests checks a dense sweep and the
/// edge cases at every width). The polynomial coefficients are minimax fits (Remez exchange, in
/// relative error) rounded to float32. float64 tensors keep TensorPrimitives.</para>
/// <para>A vector whose lanes are all in the common range (|x| ≤ 87 for exp and sigmoid, positive
/// normal finite x for log) takes the short path; any other lane (infinities, NaN, overflow,
/// underflow to subnormals or zero, zero or negative or subnormal arguments of log) sends the
/// vector through a separate, never-inlined path that handles every lane.</para>
/// </remarks>
internal static class VectorMathLoops
{
    public static void Exp(ReadOnlySpan<float> x, Span<float> d) => Run<ExpFunction>(x, d, WidestWidth);
    public static void Log(ReadOnlySpan<float> x, Span<float> d) => Run<LogFunction>(x, d, WidestWidth);
    public static void Tanh(ReadOnlySpan<float> x, Span<float> d) => Run<TanhFunction>(x, d, WidestWidth);
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> d) => Run<SigmoidFunction>(x, d, WidestWidth);

    /// <summary>The loops at a chosen width (tests run every width this machine supports).</summary>
    internal static void Exp(ReadOnlySpan<float> x, Span<float> d, MathVectorWidth width) => Run<ExpFunction>(x, d, width);
    internal static void Log(ReadOnlySpan<float> x, Span<float> d, MathVectorWidth width) => Run<LogFunction>(x, d, width);
    internal static void Tanh(ReadOnlySpan<float> x, Span<float> d, MathVectorWidth width) => Run<TanhFunction>(x, d, width);
    internal static void Sigmoid(ReadOnlySpan<float> x, Span<float> d, MathVectorWidth width) => Run<SigmoidFunction>(x, d, width);

    /// <summary>The widest width this machine runs in hardware with fused multiply-add.</summary>
    internal static MathVectorWidth WidestWidth =>
        Vector512.IsHardwareAccelerated && Fma.IsSupported ? MathVectorWidth.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? MathVectorWidth.Vector256
        : IsSupported(MathVectorWidth.Vector128) ? MathVectorWidth.Vector128
        : MathVectorWidth.Scalar;

    /// <summary>Whether this machine runs <paramref name="width"/> in hardware, with fused multiply-add.</summary>
    internal static bool IsSupported(MathVectorWidth width) => width switch
    {
        MathVectorWidth.Scalar => true,
        MathVectorWidth.Vector128 => Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.Arm64.IsSupported),
        MathVectorWidth.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        MathVectorWidth.Vector512 => Vector512.IsHardwareAccelerated && Fma.IsSupported,
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Unknown vector width."),
    };

    /// <summary>Runs of at least this many floats are written with non-temporal stores (around
    /// the caches): their results would not stay in the caches anyway, and the stores then skip
    /// reading each destination line before writing it.</summary>
    internal static int NonTemporalMinLength = 1 << 18;

    /// <summary>d[i] = f(x[i]); x and d are the same length and either the same memory or disjoint.</summary>
    private static void Run<TFunction>(ReadOnlySpan<float> x, Span<float> d, MathVectorWidth width) where TFunction : IFloatFunction
    {
        if (d.Length != x.Length) throw new ArgumentException("Destination length must match the source's.", nameof(d));
        switch (width)
        {
            case MathVectorWidth.Vector512: Run512<TFunction>(x, d); break;
            case MathVectorWidth.Vector256: Run256<TFunction>(x, d); break;
            case MathVectorWidth.Vector128: Run128<TFunction>(x, d); break;
            case MathVectorWidth.Scalar: RunScalar<TFunction>(x, d); break;
            default: throw new ArgumentOutOfRangeException(nameof(width), width, "Unknown vector width.");
        }
    }

    /// <summary>Element by element, through the float64 scalar form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunScalar<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        for (int i = 0; i < x.Length; i++) d[i] = TFunction.Invoke(x[i]);
    }

    /// <summary>The loop at 512's width: a run shorter than one vector is computed in a padded
    /// vector, so that every element gets the same vector code (a value's result does not depend on
    /// where it sits); otherwise the run's end is covered by one last vector overlapping the
    /// previous one, computed before the loop so that the result is right in place too (d = x).
    /// Long runs store through <see cref="RunNonTemporal512{TFunction}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run512<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        int n = x.Length;
        if (n < Vector512<float>.Count)
        {
            RunShort512<TFunction>(x, d);
            return;
        }
        if (n >= NonTemporalMinLength)
        {
            RunNonTemporal512<TFunction>(x, d);
            return;
        }
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(d);
        int lastStart = n - Vector512<float>.Count;
        var last = TFunction.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)lastStart));
        for (int i = 0; i < lastStart; i += Vector512<float>.Count)
            TFunction.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        last.StoreUnsafe(ref dr, (nuint)lastStart);
    }

    /// <summary><see cref="Run512{TFunction}"/> for a run of at least one vector, storing with
    /// aligned non-temporal stores from d's first 64-byte boundary on. The first and last vectors
    /// (unaligned, overlapping the aligned ones) are computed before the loop and stored after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunNonTemporal512<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        int lastStart = n - Vector512<float>.Count;
        var first = TFunction.Invoke(Vector512.LoadUnsafe(ref xr));
        var last = TFunction.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)lastStart));
        fixed (float* dp = d)
        {
            // A float array is 4-byte aligned, so some element of the first vector starts a 64-byte line.
            int i = (int)((nuint)(-(nint)dp) % 64) / sizeof(float);
            if (((nuint)dp & (sizeof(float) - 1)) != 0) i = n; // not float-aligned memory: plain stores below
            for (; i < lastStart; i += Vector512<float>.Count)
                TFunction.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreAlignedNonTemporal(dp + i);
            if (i == n)
            {
                for (i = 0; i < lastStart; i += Vector512<float>.Count)
                    TFunction.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i)).Store(dp + i);
            }
            if (Sse.IsSupported) Sse.StoreFence();
            first.Store(dp);
            last.Store(dp + lastStart);
        }
    }

    /// <summary>A run shorter than one 512-bit vector, padded with ones (an argument every function
    /// takes on its fast path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunShort512<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        Span<float> buffer = stackalloc float[Vector512<float>.Count];
        buffer.Fill(1);
        x.CopyTo(buffer);
        TFunction.Invoke(Vector512.Create(buffer)).CopyTo(buffer);
        buffer[..x.Length].CopyTo(d);
    }

    /// <summary>The loop at 256's width: a run shorter than one vector is computed in a padded
    /// vector, so that every element gets the same vector code (a value's result does not depend on
    /// where it sits); otherwise the run's end is covered by one last vector overlapping the
    /// previous one, computed before the loop so that the result is right in place too (d = x).
    /// Long runs store through <see cref="RunNonTemporal256{TFunction}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run256<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        int n = x.Length;
        if (n < Vector256<float>.Count)
        {
            RunShort256<TFunction>(x, d);
            return;
        }
        if (n >= NonTemporalMinLength)
        {
            RunNonTemporal256<TFunction>(x, d);
            return;
        }
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(d);
        int lastStart = n - Vector256<float>.Count;
        var last = TFunction.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)lastStart));
        for (int i = 0; i < lastStart; i += Vector256<float>.Count)
            TFunction.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        last.StoreUnsafe(ref dr, (nuint)lastStart);
    }

    /// <summary><see cref="Run256{TFunction}"/> for a run of at least one vector, storing with
    /// aligned non-temporal stores from d's first 32-byte boundary on. The first and last vectors
    /// (unaligned, overlapping the aligned ones) are computed before the loop and stored after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunNonTemporal256<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        int lastStart = n - Vector256<float>.Count;
        var first = TFunction.Invoke(Vector256.LoadUnsafe(ref xr));
        var last = TFunction.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)lastStart));
        fixed (float* dp = d)
        {
            // A float array is 4-byte aligned, so some element of the first vector starts a 32-byte line.
            int i = (int)((nuint)(-(nint)dp) % 32) / sizeof(float);
            if (((nuint)dp & (sizeof(float) - 1)) != 0) i = n; // not float-aligned memory: plain stores below
            for (; i < lastStart; i += Vector256<float>.Count)
                TFunction.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreAlignedNonTemporal(dp + i);
            if (i == n)
            {
                for (i = 0; i < lastStart; i += Vector256<float>.Count)
                    TFunction.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).Store(dp + i);
            }
            if (Sse.IsSupported) Sse.StoreFence();
            first.Store(dp);
            last.Store(dp + lastStart);
        }
    }

    /// <summary>A run shorter than one 256-bit vector, padded with ones (an argument every function
    /// takes on its fast path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunShort256<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        Span<float> buffer = stackalloc float[Vector256<float>.Count];
        buffer.Fill(1);
        x.CopyTo(buffer);
        TFunction.Invoke(Vector256.Create(buffer)).CopyTo(buffer);
        buffer[..x.Length].CopyTo(d);
    }

    /// <summary>The loop at 128's width: a run shorter than one vector is computed in a padded
    /// vector, so that every element gets the same vector code (a value's result does not depend on
    /// where it sits); otherwise the run's end is covered by one last vector overlapping the
    /// previous one, computed before the loop so that the result is right in place too (d = x).
    /// Long runs store through <see cref="RunNonTemporal128{TFunction}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run128<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        int n = x.Length;
        if (n < Vector128<float>.Count)
        {
            RunShort128<TFunction>(x, d);
            return;
        }
        if (n >= NonTemporalMinLength)
        {
            RunNonTemporal128<TFunction>(x, d);
            return;
        }
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(d);
        int lastStart = n - Vector128<float>.Count;
        var last = TFunction.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)lastStart));
        for (int i = 0; i < lastStart; i += Vector128<float>.Count)
            TFunction.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        last.StoreUnsafe(ref dr, (nuint)lastStart);
    }

    /// <summary><see cref="Run128{TFunction}"/> for a run of at least one vector, storing with
    /// aligned non-temporal stores from d's first 16-byte boundary on. The first and last vectors
    /// (unaligned, overlapping the aligned ones) are computed before the loop and stored after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunNonTemporal128<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        int lastStart = n - Vector128<float>.Count;
        var first = TFunction.Invoke(Vector128.LoadUnsafe(ref xr));
        var last = TFunction.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)lastStart));
        fixed (float* dp = d)
        {
            // A float array is 4-byte aligned, so some element of the first vector starts a 16-byte line.
            int i = (int)((nuint)(-(nint)dp) % 16) / sizeof(float);
            if (((nuint)dp & (sizeof(float) - 1)) != 0) i = n; // not float-aligned memory: plain stores below
            for (; i < lastStart; i += Vector128<float>.Count)
                TFunction.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i)).StoreAlignedNonTemporal(dp + i);
            if (i == n)
            {
                for (i = 0; i < lastStart; i += Vector128<float>.Count)
                    TFunction.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i)).Store(dp + i);
            }
            if (Sse.IsSupported) Sse.StoreFence();
            first.Store(dp);
            last.Store(dp + lastStart);
        }
    }

    /// <summary>A run shorter than one 128-bit vector, padded with ones (an argument every function
    /// takes on its fast path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunShort128<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IFloatFunction
    {
        Span<float> buffer = stackalloc float[Vector128<float>.Count];
        buffer.Fill(1);
        x.CopyTo(buffer);
        TFunction.Invoke(Vector128.Create(buffer)).CopyTo(buffer);
        buffer[..x.Length].CopyTo(d);
    }

    // ------------------------------------------------------------------ constants

    private const float Log2E = 1.44269504f;
    /// <summary>1.5 · 2^23: added to a float below 2^22 in magnitude, it rounds it to an integer
    /// (to nearest, ties to even) held in the low mantissa bits of the sum; these are its bits.</summary>
    private const float RoundingShift = 12582912f;
    private const int RoundingShiftBits = 0x4B40_0000;
    /// <summary>ln 2 = Ln2Hi + Ln2Lo, Ln2Hi with 15 significant bits (0x3F317200), Ln2Lo the rest.</summary>
    private const float Ln2Hi = 0.693145751953125f;
    private const float Ln2Lo = 1.42860677e-6f;
    private const int FloatExponentBias = 127;
    /// <summary>For |x| ≤ 87, n in x = n·ln 2 + r is within ±126, so 2^n is a normal float.</summary>
    private const float ExpFastLimit = 87f;
    /// <summary>exp and sigmoid clamp arguments to ±150 on their wide path: e^±150 is far beyond
    /// float32's range, and n ≤ 217 keeps 2^n within two normal factors.</summary>
    private const float ExpClamp = 150f;
    /// <summary>tanh x rounds to ±1 in float32 for |x| ≥ 9.02.</summary>
    private const float TanhClamp = 10f;
    /// <summary>The bits of ⅔ (rounded up): x's bits less these give k = the exponent of x / m in
    /// their top bits and m in [⅔, 4/3) from their low 23 bits.</summary>
    private const int LogReductionBits = 0x3F2A_AAAB;

    // e^r − 1 − r ≈ r²·(C2 + C3·r + C4·r² + C5·r³ + C6·r⁴) over |r| ≤ 0.3473 (relative error in e^r 4.2e-9).
    private const float ExpC2 = 0.4999999403953552f;
    private const float ExpC3 = 0.1666651964187622f;
    private const float ExpC4 = 0.041668400168418884f;
    private const float ExpC5 = 0.008368839509785175f;
    private const float ExpC6 = 0.0013814345002174377f;

    // ln(1 + f) − f + f²/2 ≈ f³·(C0 + C1·f + ... + C7·f⁷) over f in [−⅓, ⅓] (relative error in ln(1 + f) 6.4e-9).
    private const float LogC0 = 0.3333321511745453f;
    private const float LogC1 = -0.24999798834323883f;
    private const float LogC2 = 0.20010389387607574f;
    private const float LogC3 = -0.16680464148521423f;
    private const float LogC4 = 0.14006179571151733f;
    private const float LogC5 = -0.12184616178274155f;
    private const float LogC6 = 0.13982759416103363f;
    private const float LogC7 = -0.1288996785879135f;

    // ------------------------------------------------------------------ 512-bit kernels

    /// <summary>2^n for −126 ≤ n ≤ 127: n plus the exponent bias, moved into the exponent field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pow2(Vector512<int> n) => ((n + Vector512.Create(FloatExponentBias)) << 23).AsSingle();

    /// <summary>Reduces x (|x| ≤ 150) to x = n·ln 2 + r with n an integer and |r| ≤ ln 2 / 2 (a hair
    /// more where the rounding of x·log2(e) tips n), and returns q(r), where r + r²·q(r) is
    /// e^r − 1 to a relative 2^−27.8 of e^r: a degree-4 minimax fit over |r| ≤ 0.3473.</summary>
    /// <remarks>n comes from the rounding shift (x·log2(e) + 1.5·2^23 holds n in its low mantissa
    /// bits); r = x − n·ln2Hi − n·ln2Lo, where ln2Hi has 15 significant bits, so n·ln2Hi and the
    /// first subtraction are exact.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ReduceExp(Vector512<float> x, out Vector512<float> r, out Vector512<int> n)
    {
        var shifted = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(RoundingShift));
        var nf = shifted - Vector512.Create(RoundingShift);
        r = Vector512.FusedMultiplyAdd(nf, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(nf, Vector512.Create(-Ln2Lo), r);
        n = shifted.AsInt32() - Vector512.Create(RoundingShiftBits);
        var q = Vector512.Create(ExpC6);
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(ExpC5));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(ExpC4));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(ExpC3));
        return Vector512.FusedMultiplyAdd(q, r, Vector512.Create(ExpC2));
    }

    /// <summary>e^x for −150 ≤ x ≤ 150 as a float pair 2^n · (p + pLow), p = 1 + s rounded and
    /// pLow what that rounding lost (plus the rounding of s = r + r²q itself), so that e^x is
    /// carried to about 2^−27 relatively; 2^n is left to the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ExpPair(Vector512<float> x, out Vector512<float> pLow, out Vector512<int> n)
    {
        var q = ReduceExp(x, out var r, out n);
        var t = r * r * q;
        var s = r + t;
        var sLow = (r - s) + t; // |r| ≥ |t|: exact (Fast2Sum)
        var p = Vector512<float>.One + s;
        pLow = ((Vector512<float>.One - p) + s) + sLow; // 1 ≥ |s|: exact
        return p;
    }

    /// <summary>v · 2^n for any n from −252 to 254, in two exact steps (the second rounds once,
    /// to a subnormal, zero or infinity where the result is one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ScaleWide(Vector512<float> v, Vector512<int> n)
    {
        var half = n >> 1;
        return v * Pow2(half) * Pow2(n - half);
    }

    /// <summary>ln x for x a positive normal float whose bits less <see cref="LogReductionBits"/>
    /// (and less 23·2^23 where x was scaled up from a subnormal by 2^23) are <paramref name="ix"/>:
    /// x = 2^k · m with m in [⅔, 4/3), and ln x = k·ln 2 + ln(1 + f), f = m − 1 (exact), where
    /// ln(1 + f) = f − f²/2 + f³·P(f), P a degree-7 minimax fit (relative error 2^−27.2). The sums
    /// are carried as float pairs and rounded once at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> LogCore(Vector512<int> ix)
    {
        var k = Vector512.ConvertToSingle(ix >> 23);
        var m = ((ix & Vector512.Create(0x007F_FFFF)) + Vector512.Create(LogReductionBits)).AsSingle();
        var f = m - Vector512<float>.One;
        var p = Vector512.Create(LogC7);
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(LogC6));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(LogC5));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(LogC4));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(LogC3));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(LogC2));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(LogC1));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(LogC0));
        var tail = f * f * Vector512.FusedMultiplyAdd(p, f, Vector512.Create(-0.5f)); // ln(1 + f) − f
        var hi = f + tail;
        var lo = (f - hi) + tail; // |f| ≥ |tail|: exact
        var kHi = k * Vector512.Create(Ln2Hi); // exact: |k| < 2^8
        var sum = kHi + hi;
        var sumLow = ((kHi - sum) + hi) + Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2Lo), lo); // |kHi| ≥ |hi| or kHi = 0: exact
        return sum + sumLow;
    }

    /// <summary>num / (den + denLow) + numLow / den for den in [1, 2] (so numLow and denLow are
    /// small): the quotient rounded, then corrected by its exact residual num − q·den (a fused
    /// multiply-add) and the low parts, to about half an ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> DividePairs(Vector512<float> num, Vector512<float> numLow, Vector512<float> den, Vector512<float> denLow)
    {
        var inverse = Vector512<float>.One / den;
        var q = num * inverse;
        var residual = Vector512.FusedMultiplyAdd(-q, den, num) + numLow;
        residual = Vector512.FusedMultiplyAdd(-q, denLow, residual);
        return Vector512.FusedMultiplyAdd(residual, inverse, q);
    }

    /// <summary>sigmoid(x) for |x| ≤ 150: with e = e^(−|x|) carried as a pair, 1/(1 + e) for x ≥ 0
    /// and e/(1 + e) for x &lt; 0 (no cancellation either way). <paramref name="wide"/> scales e^(−|x|)
    /// in two steps (for |x| &gt; 87, where e is subnormal or zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SigmoidCore(Vector512<float> x, bool wide)
    {
        var p = ExpPair(-Vector512.Abs(x), out var pLow, out var n);
        Vector512<float> e, eLow;
        if (wide)
        {
            (e, eLow) = (ScaleWide(p, n), ScaleWide(pLow, n));
        }
        else
        {
            var scale = Pow2(n);
            (e, eLow) = (p * scale, pLow * scale);
        }
        var den = Vector512<float>.One + e;
        var denLow = ((Vector512<float>.One - den) + e) + eLow; // 1 ≥ e: exact
        var negative = Vector512.LessThan(x, Vector512<float>.Zero);
        var num = Vector512.ConditionalSelect(negative, e, Vector512<float>.One);
        var numLow = eLow & negative;
        return DividePairs(num, numLow, den, denLow);
    }

    // ------------------------------------------------------------------ 256-bit kernels

    /// <summary>2^n for −126 ≤ n ≤ 127: n plus the exponent bias, moved into the exponent field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Pow2(Vector256<int> n) => ((n + Vector256.Create(FloatExponentBias)) << 23).AsSingle();

    /// <summary>Reduces x (|x| ≤ 150) to x = n·ln 2 + r with n an integer and |r| ≤ ln 2 / 2 (a hair
    /// more where the rounding of x·log2(e) tips n), and returns q(r), where r + r²·q(r) is
    /// e^r − 1 to a relative 2^−27.8 of e^r: a degree-4 minimax fit over |r| ≤ 0.3473.</summary>
    /// <remarks>n comes from the rounding shift (x·log2(e) + 1.5·2^23 holds n in its low mantissa
    /// bits); r = x − n·ln2Hi − n·ln2Lo, where ln2Hi has 15 significant bits, so n·ln2Hi and the
    /// first subtraction are exact.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ReduceExp(Vector256<float> x, out Vector256<float> r, out Vector256<int> n)
    {
        var shifted = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
        var nf = shifted - Vector256.Create(RoundingShift);
        r = Vector256.FusedMultiplyAdd(nf, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(nf, Vector256.Create(-Ln2Lo), r);
        n = shifted.AsInt32() - Vector256.Create(RoundingShiftBits);
        var q = Vector256.Create(ExpC6);
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(ExpC5));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(ExpC4));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(ExpC3));
        return Vector256.FusedMultiplyAdd(q, r, Vector256.Create(ExpC2));
    }

    /// <summary>e^x for −150 ≤ x ≤ 150 as a float pair 2^n · (p + pLow), p = 1 + s rounded and
    /// pLow what that rounding lost (plus the rounding of s = r + r²q itself), so that e^x is
    /// carried to about 2^−27 relatively; 2^n is left to the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpPair(Vector256<float> x, out Vector256<float> pLow, out Vector256<int> n)
    {
        var q = ReduceExp(x, out var r, out n);
        var t = r * r * q;
        var s = r + t;
        var sLow = (r - s) + t; // |r| ≥ |t|: exact (Fast2Sum)
        var p = Vector256<float>.One + s;
        pLow = ((Vector256<float>.One - p) + s) + sLow; // 1 ≥ |s|: exact
        return p;
    }

    /// <summary>v · 2^n for any n from −252 to 254, in two exact steps (the second rounds once,
    /// to a subnormal, zero or infinity where the result is one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ScaleWide(Vector256<float> v, Vector256<int> n)
    {
        var half = n >> 1;
        return v * Pow2(half) * Pow2(n - half);
    }

    /// <summary>ln x for x a positive normal float whose bits less <see cref="LogReductionBits"/>
    /// (and less 23·2^23 where x was scaled up from a subnormal by 2^23) are <paramref name="ix"/>:
    /// x = 2^k · m with m in [⅔, 4/3), and ln x = k·ln 2 + ln(1 + f), f = m − 1 (exact), where
    /// ln(1 + f) = f − f²/2 + f³·P(f), P a degree-7 minimax fit (relative error 2^−27.2). The sums
    /// are carried as float pairs and rounded once at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LogCore(Vector256<int> ix)
    {
        var k = Vector256.ConvertToSingle(ix >> 23);
        var m = ((ix & Vector256.Create(0x007F_FFFF)) + Vector256.Create(LogReductionBits)).AsSingle();
        var f = m - Vector256<float>.One;
        var p = Vector256.Create(LogC7);
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(LogC6));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(LogC5));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(LogC4));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(LogC3));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(LogC2));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(LogC1));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(LogC0));
        var tail = f * f * Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-0.5f)); // ln(1 + f) − f
        var hi = f + tail;
        var lo = (f - hi) + tail; // |f| ≥ |tail|: exact
        var kHi = k * Vector256.Create(Ln2Hi); // exact: |k| < 2^8
        var sum = kHi + hi;
        var sumLow = ((kHi - sum) + hi) + Vector256.FusedMultiplyAdd(k, Vector256.Create(Ln2Lo), lo); // |kHi| ≥ |hi| or kHi = 0: exact
        return sum + sumLow;
    }

    /// <summary>num / (den + denLow) + numLow / den for den in [1, 2] (so numLow and denLow are
    /// small): the quotient rounded, then corrected by its exact residual num − q·den (a fused
    /// multiply-add) and the low parts, to about half an ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> DividePairs(Vector256<float> num, Vector256<float> numLow, Vector256<float> den, Vector256<float> denLow)
    {
        var inverse = Vector256<float>.One / den;
        var q = num * inverse;
        var residual = Vector256.FusedMultiplyAdd(-q, den, num) + numLow;
        residual = Vector256.FusedMultiplyAdd(-q, denLow, residual);
        return Vector256.FusedMultiplyAdd(residual, inverse, q);
    }

    /// <summary>sigmoid(x) for |x| ≤ 150: with e = e^(−|x|) carried as a pair, 1/(1 + e) for x ≥ 0
    /// and e/(1 + e) for x &lt; 0 (no cancellation either way). <paramref name="wide"/> scales e^(−|x|)
    /// in two steps (for |x| &gt; 87, where e is subnormal or zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SigmoidCore(Vector256<float> x, bool wide)
    {
        var p = ExpPair(-Vector256.Abs(x), out var pLow, out var n);
        Vector256<float> e, eLow;
        if (wide)
        {
            (e, eLow) = (ScaleWide(p, n), ScaleWide(pLow, n));
        }
        else
        {
            var scale = Pow2(n);
            (e, eLow) = (p * scale, pLow * scale);
        }
        var den = Vector256<float>.One + e;
        var denLow = ((Vector256<float>.One - den) + e) + eLow; // 1 ≥ e: exact
        var negative = Vector256.LessThan(x, Vector256<float>.Zero);
        var num = Vector256.ConditionalSelect(negative, e, Vector256<float>.One);
        var numLow = eLow & negative;
        return DividePairs(num, numLow, den, denLow);
    }

    // ------------------------------------------------------------------ 128-bit kernels

    /// <summary>2^n for −126 ≤ n ≤ 127: n plus the exponent bias, moved into the exponent field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Pow2(Vector128<int> n) => ((n + Vector128.Create(FloatExponentBias)) << 23).AsSingle();

    /// <summary>Reduces x (|x| ≤ 150) to x = n·ln 2 + r with n an integer and |r| ≤ ln 2 / 2 (a hair
    /// more where the rounding of x·log2(e) tips n), and returns q(r), where r + r²·q(r) is
    /// e^r − 1 to a relative 2^−27.8 of e^r: a degree-4 minimax fit over |r| ≤ 0.3473.</summary>
    /// <remarks>n comes from the rounding shift (x·log2(e) + 1.5·2^23 holds n in its low mantissa
    /// bits); r = x − n·ln2Hi − n·ln2Lo, where ln2Hi has 15 significant bits, so n·ln2Hi and the
    /// first subtraction are exact.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ReduceExp(Vector128<float> x, out Vector128<float> r, out Vector128<int> n)
    {
        var shifted = Vector128.FusedMultiplyAdd(x, Vector128.Create(Log2E), Vector128.Create(RoundingShift));
        var nf = shifted - Vector128.Create(RoundingShift);
        r = Vector128.FusedMultiplyAdd(nf, Vector128.Create(-Ln2Hi), x);
        r = Vector128.FusedMultiplyAdd(nf, Vector128.Create(-Ln2Lo), r);
        n = shifted.AsInt32() - Vector128.Create(RoundingShiftBits);
        var q = Vector128.Create(ExpC6);
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(ExpC5));
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(ExpC4));
        q = Vector128.FusedMultiplyAdd(q, r, Vector128.Create(ExpC3));
        return Vector128.FusedMultiplyAdd(q, r, Vector128.Create(ExpC2));
    }

    /// <summary>e^x for −150 ≤ x ≤ 150 as a float pair 2^n · (p + pLow), p = 1 + s rounded and
    /// pLow what that rounding lost (plus the rounding of s = r + r²q itself), so that e^x is
    /// carried to about 2^−27 relatively; 2^n is left to the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExpPair(Vector128<float> x, out Vector128<float> pLow, out Vector128<int> n)
    {
        var q = ReduceExp(x, out var r, out n);
        var t = r * r * q;
        var s = r + t;
        var sLow = (r - s) + t; // |r| ≥ |t|: exact (Fast2Sum)
        var p = Vector128<float>.One + s;
        pLow = ((Vector128<float>.One - p) + s) + sLow; // 1 ≥ |s|: exact
        return p;
    }

    /// <summary>v · 2^n for any n from −252 to 254, in two exact steps (the second rounds once,
    /// to a subnormal, zero or infinity where the result is one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ScaleWide(Vector128<float> v, Vector128<int> n)
    {
        var half = n >> 1;
        return v * Pow2(half) * Pow2(n - half);
    }

    /// <summary>ln x for x a positive normal float whose bits less <see cref="LogReductionBits"/>
    /// (and less 23·2^23 where x was scaled up from a subnormal by 2^23) are <paramref name="ix"/>:
    /// x = 2^k · m with m in [⅔, 4/3), and ln x = k·ln 2 + ln(1 + f), f = m − 1 (exact), where
    /// ln(1 + f) = f − f²/2 + f³·P(f), P a degree-7 minimax fit (relative error 2^−27.2). The sums
    /// are carried as float pairs and rounded once at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> LogCore(Vector128<int> ix)
    {
        var k = Vector128.ConvertToSingle(ix >> 23);
        var m = ((ix & Vector128.Create(0x007F_FFFF)) + Vector128.Create(LogReductionBits)).AsSingle();
        var f = m - Vector128<float>.One;
        var p = Vector128.Create(LogC7);
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(LogC6));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(LogC5));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(LogC4));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(LogC3));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(LogC2));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(LogC1));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(LogC0));
        var tail = f * f * Vector128.FusedMultiplyAdd(p, f, Vector128.Create(-0.5f)); // ln(1 + f) − f
        var hi = f + tail;
        var lo = (f - hi) + tail; // |f| ≥ |tail|: exact
        var kHi = k * Vector128.Create(Ln2Hi); // exact: |k| < 2^8
        var sum = kHi + hi;
        var sumLow = ((kHi - sum) + hi) + Vector128.FusedMultiplyAdd(k, Vector128.Create(Ln2Lo), lo); // |kHi| ≥ |hi| or kHi = 0: exact
        return sum + sumLow;
    }

    /// <summary>num / (den + denLow) + numLow / den for den in [1, 2] (so numLow and denLow are
    /// small): the quotient rounded, then corrected by its exact residual num − q·den (a fused
    /// multiply-add) and the low parts, to about half an ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> DividePairs(Vector128<float> num, Vector128<float> numLow, Vector128<float> den, Vector128<float> denLow)
    {
        var inverse = Vector128<float>.One / den;
        var q = num * inverse;
        var residual = Vector128.FusedMultiplyAdd(-q, den, num) + numLow;
        residual = Vector128.FusedMultiplyAdd(-q, denLow, residual);
        return Vector128.FusedMultiplyAdd(residual, inverse, q);
    }

    /// <summary>sigmoid(x) for |x| ≤ 150: with e = e^(−|x|) carried as a pair, 1/(1 + e) for x ≥ 0
    /// and e/(1 + e) for x &lt; 0 (no cancellation either way). <paramref name="wide"/> scales e^(−|x|)
    /// in two steps (for |x| &gt; 87, where e is subnormal or zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> SigmoidCore(Vector128<float> x, bool wide)
    {
        var p = ExpPair(-Vector128.Abs(x), out var pLow, out var n);
        Vector128<float> e, eLow;
        if (wide)
        {
            (e, eLow) = (ScaleWide(p, n), ScaleWide(pLow, n));
        }
        else
        {
            var scale = Pow2(n);
            (e, eLow) = (p * scale, pLow * scale);
        }
        var den = Vector128<float>.One + e;
        var denLow = ((Vector128<float>.One - den) + e) + eLow; // 1 ≥ e: exact
        var negative = Vector128.LessThan(x, Vector128<float>.Zero);
        var num = Vector128.ConditionalSelect(negative, e, Vector128<float>.One);
        var numLow = eLow & negative;
        return DividePairs(num, numLow, den, denLow);
    }

    // ------------------------------------------------------------------ the functions

    private struct ExpFunction : IFloatFunction
    {
        public static float Invoke(float x) => (float)double.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x)
        {
            if (Vector512.LessThanOrEqualAll(Vector512.Abs(x), Vector512.Create(ExpFastLimit)))
            {
                var q = ReduceExp(x, out var r, out var n);
                return (Vector512<float>.One + Vector512.FusedMultiplyAdd(r * r, q, r)) * Pow2(n);
            }
            return Wide(x);
        }

        /// <summary>Any x: clamped to [−150, 150] (beyond, e^x is 0 or ∞ in float32 all the same),
        /// scaled in two steps, NaN given back.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector512<float> Wide(Vector512<float> x)
        {
            var clamped = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-ExpClamp)), Vector512.Create(ExpClamp));
            var q = ReduceExp(clamped, out var r, out var n);
            var y = ScaleWide(Vector512<float>.One + Vector512.FusedMultiplyAdd(r * r, q, r), n);
            return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x)
        {
            if (Vector256.LessThanOrEqualAll(Vector256.Abs(x), Vector256.Create(ExpFastLimit)))
            {
                var q = ReduceExp(x, out var r, out var n);
                return (Vector256<float>.One + Vector256.FusedMultiplyAdd(r * r, q, r)) * Pow2(n);
            }
            return Wide(x);
        }

        /// <summary>Any x: clamped to [−150, 150] (beyond, e^x is 0 or ∞ in float32 all the same),
        /// scaled in two steps, NaN given back.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector256<float> Wide(Vector256<float> x)
        {
            var clamped = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(-ExpClamp)), Vector256.Create(ExpClamp));
            var q = ReduceExp(clamped, out var r, out var n);
            var y = ScaleWide(Vector256<float>.One + Vector256.FusedMultiplyAdd(r * r, q, r), n);
            return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Invoke(Vector128<float> x)
        {
            if (Vector128.LessThanOrEqualAll(Vector128.Abs(x), Vector128.Create(ExpFastLimit)))
            {
                var q = ReduceExp(x, out var r, out var n);
                return (Vector128<float>.One + Vector128.FusedMultiplyAdd(r * r, q, r)) * Pow2(n);
            }
            return Wide(x);
        }

        /// <summary>Any x: clamped to [−150, 150] (beyond, e^x is 0 or ∞ in float32 all the same),
        /// scaled in two steps, NaN given back.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector128<float> Wide(Vector128<float> x)
        {
            var clamped = Vector128.MinNative(Vector128.MaxNative(x, Vector128.Create(-ExpClamp)), Vector128.Create(ExpClamp));
            var q = ReduceExp(clamped, out var r, out var n);
            var y = ScaleWide(Vector128<float>.One + Vector128.FusedMultiplyAdd(r * r, q, r), n);
            return Vector128.ConditionalSelect(Vector128.Equals(x, x), y, x);
        }
    }

    private struct SigmoidFunction : IFloatFunction
    {
        public static float Invoke(float x) => (float)(1 / (1 + double.Exp(-(double)x)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x)
            => Vector512.LessThanOrEqualAll(Vector512.Abs(x), Vector512.Create(ExpFastLimit)) ? SigmoidCore(x, wide: false) : Wide(x);

        /// <summary>Any x: clamped to [−150, 150], NaN given back.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector512<float> Wide(Vector512<float> x)
        {
            var clamped = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-ExpClamp)), Vector512.Create(ExpClamp));
            return Vector512.ConditionalSelect(Vector512.Equals(x, x), SigmoidCore(clamped, wide: true), x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x)
            => Vector256.LessThanOrEqualAll(Vector256.Abs(x), Vector256.Create(ExpFastLimit)) ? SigmoidCore(x, wide: false) : Wide(x);

        /// <summary>Any x: clamped to [−150, 150], NaN given back.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector256<float> Wide(Vector256<float> x)
        {
            var clamped = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(-ExpClamp)), Vector256.Create(ExpClamp));
            return Vector256.ConditionalSelect(Vector256.Equals(x, x), SigmoidCore(clamped, wide: true), x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Invoke(Vector128<float> x)
            => Vector128.LessThanOrEqualAll(Vector128.Abs(x), Vector128.Create(ExpFastLimit)) ? SigmoidCore(x, wide: false) : Wide(x);

        /// <summary>Any x: clamped to [−150, 150], NaN given back.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector128<float> Wide(Vector128<float> x)
        {
            var clamped = Vector128.MinNative(Vector128.MaxNative(x, Vector128.Create(-ExpClamp)), Vector128.Create(ExpClamp));
            return Vector128.ConditionalSelect(Vector128.Equals(x, x), SigmoidCore(clamped, wide: true), x);
        }
    }

    private struct LogFunction : IFloatFunction
    {
        public static float Invoke(float x) => (float)double.Log(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x)
        {
            var bits = x.AsInt32();
            // Positive, normal and finite: bits − 2^23 (as unsigned) below 0x7F000000.
            if (Vector512.LessThanAll((bits - Vector512.Create(0x0080_0000)).AsUInt32(), Vector512.Create(0x7F00_0000u)))
                return LogCore(bits - Vector512.Create(LogReductionBits));
            return Special(x);
        }

        /// <summary>Any x: subnormals scaled up by 2^23 (and 23 taken off the exponent); ln ±0 = −∞,
        /// ln of a negative = NaN, ln ∞ = ∞, NaN given back.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector512<float> Special(Vector512<float> x)
        {
            var bits = x.AsInt32();
            var subnormal = Vector512.LessThan((bits - Vector512<int>.One).AsUInt32(), Vector512.Create(0x007F_FFFFu)).AsInt32();
            var scaledBits = Vector512.ConditionalSelect(subnormal, (x * Vector512.Create(8388608f)).AsInt32(), bits);
            var reduction = Vector512.ConditionalSelect(subnormal, Vector512.Create(LogReductionBits + (23 << 23)), Vector512.Create(LogReductionBits));
            var y = LogCore(scaledBits - reduction);
            y = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<float>.Zero), Vector512.Create(float.NegativeInfinity), y);
            y = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512.Create(float.NaN), y);
            y = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(float.PositiveInfinity)), x, y);
            return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x)
        {
            var bits = x.AsInt32();
            // Positive, normal and finite: bits − 2^23 (as unsigned) below 0x7F000000.
            if (Vector256.LessThanAll((bits - Vector256.Create(0x0080_0000)).AsUInt32(), Vector256.Create(0x7F00_0000u)))
                return LogCore(bits - Vector256.Create(LogReductionBits));
            return Special(x);
        }

        /// <summary>Any x: subnormals scaled up by 2^23 (and 23 taken off the exponent); ln ±0 = −∞,
        /// ln of a negative = NaN, ln ∞ = ∞, NaN given back.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector256<float> Special(Vector256<float> x)
        {
            var bits = x.AsInt32();
            var subnormal = Vector256.LessThan((bits - Vector256<int>.One).AsUInt32(), Vector256.Create(0x007F_FFFFu)).AsInt32();
            var scaledBits = Vector256.ConditionalSelect(subnormal, (x * Vector256.Create(8388608f)).AsInt32(), bits);
            var reduction = Vector256.ConditionalSelect(subnormal, Vector256.Create(LogReductionBits + (23 << 23)), Vector256.Create(LogReductionBits));
            var y = LogCore(scaledBits - reduction);
            y = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<float>.Zero), Vector256.Create(float.NegativeInfinity), y);
            y = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256.Create(float.NaN), y);
            y = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(float.PositiveInfinity)), x, y);
            return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Invoke(Vector128<float> x)
        {
            var bits = x.AsInt32();
            // Positive, normal and finite: bits − 2^23 (as unsigned) below 0x7F000000.
            if (Vector128.LessThanAll((bits - Vector128.Create(0x0080_0000)).AsUInt32(), Vector128.Create(0x7F00_0000u)))
                return LogCore(bits - Vector128.Create(LogReductionBits));
            return Special(x);
        }

        /// <summary>Any x: subnormals scaled up by 2^23 (and 23 taken off the exponent); ln ±0 = −∞,
        /// ln of a negative = NaN, ln ∞ = ∞, NaN given back.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector128<float> Special(Vector128<float> x)
        {
            var bits = x.AsInt32();
            var subnormal = Vector128.LessThan((bits - Vector128<int>.One).AsUInt32(), Vector128.Create(0x007F_FFFFu)).AsInt32();
            var scaledBits = Vector128.ConditionalSelect(subnormal, (x * Vector128.Create(8388608f)).AsInt32(), bits);
            var reduction = Vector128.ConditionalSelect(subnormal, Vector128.Create(LogReductionBits + (23 << 23)), Vector128.Create(LogReductionBits));
            var y = LogCore(scaledBits - reduction);
            y = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128<float>.Zero), Vector128.Create(float.NegativeInfinity), y);
            y = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), Vector128.Create(float.NaN), y);
            y = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128.Create(float.PositiveInfinity)), x, y);
            return Vector128.ConditionalSelect(Vector128.Equals(x, x), y, x);
        }
    }

    private struct TanhFunction : IFloatFunction
    {
        public static float Invoke(float x) => (float)double.Tanh(x);

        /// <summary>tanh |x| = −m / (2 + m) with m = e^(−2|x|) − 1 = (2^n − 1) + 2^n·(s + sLow), carried as a
        /// pair (no cancellation for small |x|, where m ≈ −2|x|); |x| clamped to 10, where tanh is 1
        /// in float32; the sign put back; NaN given back.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x)
        {
            var a = Vector512.MinNative(Vector512.Abs(x), Vector512.Create(TanhClamp));
            var q = ReduceExp(a * Vector512.Create(-2f), out var r, out var n);
            var t = r * r * q;
            var s = r + t;
            var sLow = (r - s) + t; // |r| ≥ |t|: exact
            var scale = Pow2(n); // n ≤ 0
            var c = scale - Vector512<float>.One; // exact for n ≥ −24; beyond, tanh rounds to 1 anyway
            var scaled = scale * s;
            var m = c + scaled;
            var mLow = ((c - m) + scaled) + scale * sLow; // c = 0 or |c| ≥ ½ ≥ |scaled|: exact
            var two = Vector512.Create(2f);
            var den = two + m;
            var denLow = ((two - den) + m) + mLow; // 2 ≥ |m|: exact
            var y = DividePairs(-m, -mLow, den, denLow);
            y = (y.AsUInt32() | (x.AsUInt32() & Vector512.Create(0x8000_0000u))).AsSingle();
            return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
        }

        /// <summary>tanh |x| = −m / (2 + m) with m = e^(−2|x|) − 1 = (2^n − 1) + 2^n·(s + sLow), carried as a
        /// pair (no cancellation for small |x|, where m ≈ −2|x|); |x| clamped to 10, where tanh is 1
        /// in float32; the sign put back; NaN given back.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x)
        {
            var a = Vector256.MinNative(Vector256.Abs(x), Vector256.Create(TanhClamp));
            var q = ReduceExp(a * Vector256.Create(-2f), out var r, out var n);
            var t = r * r * q;
            var s = r + t;
            var sLow = (r - s) + t; // |r| ≥ |t|: exact
            var scale = Pow2(n); // n ≤ 0
            var c = scale - Vector256<float>.One; // exact for n ≥ −24; beyond, tanh rounds to 1 anyway
            var scaled = scale * s;
            var m = c + scaled;
            var mLow = ((c - m) + scaled) + scale * sLow; // c = 0 or |c| ≥ ½ ≥ |scaled|: exact
            var two = Vector256.Create(2f);
            var den = two + m;
            var denLow = ((two - den) + m) + mLow; // 2 ≥ |m|: exact
            var y = DividePairs(-m, -mLow, den, denLow);
            y = (y.AsUInt32() | (x.AsUInt32() & Vector256.Create(0x8000_0000u))).AsSingle();
            return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
        }

        /// <summary>tanh |x| = −m / (2 + m) with m = e^(−2|x|) − 1 = (2^n − 1) + 2^n·(s + sLow), carried as a
        /// pair (no cancellation for small |x|, where m ≈ −2|x|); |x| clamped to 10, where tanh is 1
        /// in float32; the sign put back; NaN given back.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Invoke(Vector128<float> x)
        {
            var a = Vector128.MinNative(Vector128.Abs(x), Vector128.Create(TanhClamp));
            var q = ReduceExp(a * Vector128.Create(-2f), out var r, out var n);
            var t = r * r * q;
            var s = r + t;
            var sLow = (r - s) + t; // |r| ≥ |t|: exact
            var scale = Pow2(n); // n ≤ 0
            var c = scale - Vector128<float>.One; // exact for n ≥ −24; beyond, tanh rounds to 1 anyway
            var scaled = scale * s;
            var m = c + scaled;
            var mLow = ((c - m) + scaled) + scale * sLow; // c = 0 or |c| ≥ ½ ≥ |scaled|: exact
            var two = Vector128.Create(2f);
            var den = two + m;
            var denLow = ((two - den) + m) + mLow; // 2 ≥ |m|: exact
            var y = DividePairs(-m, -mLow, den, denLow);
            y = (y.AsUInt32() | (x.AsUInt32() & Vector128.Create(0x8000_0000u))).AsSingle();
            return Vector128.ConditionalSelect(Vector128.Equals(x, x), y, x);
        }
    }
}
