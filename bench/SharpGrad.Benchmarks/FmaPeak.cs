using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpGrad.Benchmarks;

/// <summary>
/// The host's float32 multiply-add ceiling, measured (issue 12: matmul against "the host's measured
/// FMA peak"): a loop of nothing but fused multiply-adds on many independent vector accumulators
/// (enough to cover two FMA ports times their latency), with the widest vectors this process runs
/// (AVX-512, else AVX2 with FMA3, else <see cref="Vector{T}"/> multiplies and adds). Measured on one core alone, then on
/// every core at once, one thread per core, as the GEMM splits its products.
/// </summary>
internal static class FmaPeak
{
    /// <summary>The last measurement (null before <see cref="Measure"/>).</summary>
    public static Result? Last { get; private set; }

    /// <param name="Isa">The vectors the loop used.</param>
    /// <param name="PerCore">GFLOP/s of one thread alone (best of the repeats).</param>
    /// <param name="AllCores">GFLOP/s of <paramref name="Cores"/> threads at once (best of the repeats).</param>
    /// <param name="Cores">Threads run at once, one per core.</param>
    public sealed record Result(string Isa, double PerCore, double AllCores, int Cores)
    {
        /// <summary>The header line printed beside the table.</summary>
        public string Describe() => FormattableString.Invariant(
            $"Measured float32 FMA peak ({Isa}, {Accumulators} independent accumulators, best of {Repeats} runs): ") +
            FormattableString.Invariant($"{PerCore:0.0} GFLOP/s on one core, {AllCores:0.0} GFLOP/s on all {Cores} cores at once; ") +
            "the matmul rows show each library's share of the all-core peak.";

        /// <summary>"58% of peak" for a rate in GFLOP/s.</summary>
        public string Share(double gflops) => string.Create(CultureInfo.InvariantCulture, $"{gflops / AllCores * 100:0}% of peak");
    }

    private const int Accumulators = 12;
    private const int Repeats = 5;
    private const double SecondsPerRun = 0.05;

    /// <summary>Measures the peak (about half a second) and keeps it in <see cref="Last"/>.</summary>
    public static Result Measure()
    {
        // Calibrate: iterations for about SecondsPerRun on one core (compiles the loop first).
        Loop(1000);
        long probe = 200_000;
        var sw = Stopwatch.StartNew();
        Loop(probe);
        long iterations = (long)Math.Max(probe, probe * SecondsPerRun / Math.Max(sw.Elapsed.TotalSeconds, 1e-6));

        double flopsPerThread = iterations * FlopsPerIteration;
        double perCore = 0, allCores = 0;
        int cores = Environment.ProcessorCount;
        for (int r = 0; r < Repeats; r++)
        {
            sw.Restart();
            Loop(iterations);
            perCore = Math.Max(perCore, flopsPerThread / sw.Elapsed.TotalSeconds / 1e9);
            allCores = Math.Max(allCores, cores * flopsPerThread / OnAllCores(cores, iterations) / 1e9);
        }
        return Last = new Result(IsaName, perCore, allCores, cores);
    }

    /// <summary>Seconds for <paramref name="cores"/> threads, released together, to run the loop.</summary>
    private static double OnAllCores(int cores, long iterations)
    {
        using var start = new Barrier(cores + 1);
        var threads = new Thread[cores];
        for (int t = 0; t < cores; t++)
        {
            threads[t] = new Thread(() => { start.SignalAndWait(); Loop(iterations); }) { IsBackground = true };
            threads[t].Start();
        }
        start.SignalAndWait();
        var sw = Stopwatch.StartNew();
        foreach (var t in threads) t.Join();
        return sw.Elapsed.TotalSeconds;
    }

    private static string IsaName =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? "AVX-512" :
        Vector256.IsHardwareAccelerated && Fma.IsSupported ? "AVX2/FMA3" :
        $"Vector<float> of {Vector<float>.Count}, multiply then add";

    /// <summary>Flops per iteration of <see cref="Loop"/>: 2 per lane per accumulator.</summary>
    private static double FlopsPerIteration =>
        2.0 * Accumulators * (Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? Vector512<float>.Count :
            Vector256.IsHardwareAccelerated && Fma.IsSupported ? Vector256<float>.Count : Vector<float>.Count);

    private static float Loop(long iterations)
    {
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported) return Loop512(iterations);
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported) return Loop256(iterations);
        return LoopVector(iterations);
    }

    // Each accumulator is its own dependency chain (acc = acc * x + y), so the loop is bound by the
    // FMA units' throughput, not their latency. x and y keep the values finite and non-denormal.

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop512(long iterations)
    {
        Vector512<float> x = Vector512.Create(0.999999f), y = Vector512.Create(1e-3f);
        Vector512<float> a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y, a8 = y, a9 = y, a10 = y, a11 = y;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y); a11 = Vector512.FusedMultiplyAdd(a11, x, y);
        }
        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop256(long iterations)
    {
        Vector256<float> x = Vector256.Create(0.999999f), y = Vector256.Create(1e-3f);
        Vector256<float> a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y, a8 = y, a9 = y, a10 = y, a11 = y;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, x, y); a1 = Fma.MultiplyAdd(a1, x, y);
            a2 = Fma.MultiplyAdd(a2, x, y); a3 = Fma.MultiplyAdd(a3, x, y);
            a4 = Fma.MultiplyAdd(a4, x, y); a5 = Fma.MultiplyAdd(a5, x, y);
            a6 = Fma.MultiplyAdd(a6, x, y); a7 = Fma.MultiplyAdd(a7, x, y);
            a8 = Fma.MultiplyAdd(a8, x, y); a9 = Fma.MultiplyAdd(a9, x, y);
            a10 = Fma.MultiplyAdd(a10, x, y); a11 = Fma.MultiplyAdd(a11, x, y);
        }
        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)));
    }

    /// <summary>Without FMA3 a fused multiply-add is a software call; the scalar and Vector paths of a
    /// product then multiply and add separately, so that is the ceiling measured here.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float LoopVector(long iterations)
    {
        Vector<float> x = new(0.999999f), y = new(1e-3f);
        Vector<float> a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y, a8 = y, a9 = y, a10 = y, a11 = y;
        for (long i = 0; i < iterations; i++)
        {
            a0 = a0 * x + y; a1 = a1 * x + y; a2 = a2 * x + y; a3 = a3 * x + y;
            a4 = a4 * x + y; a5 = a5 * x + y; a6 = a6 * x + y; a7 = a7 * x + y;
            a8 = a8 * x + y; a9 = a9 * x + y; a10 = a10 * x + y; a11 = a11 * x + y;
        }
        return Vector.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)));
    }
}
