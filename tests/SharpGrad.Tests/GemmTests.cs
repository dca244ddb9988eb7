using System.Numerics;
using System.Runtime.InteropServices;
using SharpGrad.Kernels;

namespace SharpGrad.Tests;

public class GemmTests
{
    /// <summary>How an operand is laid out in memory.</summary>
    public enum Layout
    {
        /// <summary>Row-major with padded rows.</summary>
        RowMajor,
        /// <summary>Column-major (a transposed row-major matrix).</summary>
        ColMajor,
        /// <summary>Both strides larger than 1.</summary>
        Strided,
        /// <summary>Row stride 0: every row is the same.</summary>
        BroadcastRows,
        /// <summary>Column stride 0: every column is the same.</summary>
        BroadcastCols,
    }

    public static TheoryData<string> Isas()
    {
        var data = new TheoryData<string>();
        foreach (GemmIsa isa in Enum.GetValues<GemmIsa>())
            if (Gemm.IsSupported(isa))
                data.Add(isa.ToString());
        return data;
    }

    // Shapes around the micro-tile sizes of every path (MR 12/6/4, NR 32/16/8/4), the block
    // depth KC (128/256), the block width NC (256/512), single rows/columns and k = 1; edge panels
    // of every narrow kernel width (n mod NR in 1..8, 9..16, 17..31); seed 001's products; short,
    // narrow products with a long k (split over threads by k, partial products added).
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (1, 1, 2), (2, 1, 2), (1, 2, 2), (1, 2, 1), (3, 5, 7), (1, 100, 50), (100, 1, 50),
        (1, 1, 300), (70, 90, 1), (4, 4, 4), (5, 3, 9), (6, 16, 20), (7, 17, 21), (11, 31, 40),
        (12, 32, 64), (13, 33, 65), (24, 64, 100), (25, 65, 127), (36, 96, 128), (37, 97, 129),
        (12, 8, 255), (23, 47, 256), (48, 48, 257), (5, 40, 600), (64, 64, 64), (65, 63, 61),
        (97, 130, 33), (130, 97, 70), (200, 520, 20), (31, 513, 90), (3, 1000, 5), (1000, 3, 5),
        (300, 5, 100), (5, 300, 100), (64, 100, 1000), (1000, 100, 64), (40, 44, 30), (40, 108, 30),
        (16, 40, 1000), (5, 33, 2000), (30, 3, 4001), (20, 64, 50), (21, 96, 300),
    ];

    public static TheoryData<string, int, int, int> IsaShapes()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (GemmIsa isa in Enum.GetValues<GemmIsa>())
            if (Gemm.IsSupported(isa))
                foreach (var (m, n, k) in Shapes)
                    data.Add(isa.ToString(), m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(IsaShapes))]
    public void RowMajorMatchesReference(string isaName, int m, int n, int k)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        Check<float>(isa, m, n, k, Layout.RowMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: m * 31 + n * 7 + k);
        Check<double>(isa, m, n, k, Layout.RowMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: m * 31 + n * 7 + k);
    }

    [Theory]
    [MemberData(nameof(IsaShapes))]
    public void AccumulateWithPaddedLdc(string isaName, int m, int n, int k)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        Check<float>(isa, m, n, k, Layout.RowMajor, Layout.RowMajor, ldcPad: 3, accumulate: true, seed: k);
        Check<double>(isa, m, n, k, Layout.RowMajor, Layout.RowMajor, ldcPad: 5, accumulate: true, seed: k);
        Check<float>(isa, m, n, k, Layout.RowMajor, Layout.RowMajor, ldcPad: 7, accumulate: false, seed: n);
    }

    public static TheoryData<string, Layout, Layout> IsaLayouts()
    {
        var data = new TheoryData<string, Layout, Layout>();
        foreach (GemmIsa isa in Enum.GetValues<GemmIsa>())
            if (Gemm.IsSupported(isa))
                foreach (Layout la in Enum.GetValues<Layout>())
                    foreach (Layout lb in Enum.GetValues<Layout>())
                        data.Add(isa.ToString(), la, lb);
        return data;
    }

    [Theory]
    [MemberData(nameof(IsaLayouts))]
    public void TransposedStridedAndBroadcastOperands(string isaName, Layout la, Layout lb)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        (int, int, int)[] shapes = [(1, 1, 3), (13, 33, 65), (37, 70, 300), (130, 45, 20), (3, 200, 9)];
        int seed = 1;
        foreach (var (m, n, k) in shapes)
        {
            Check<float>(isa, m, n, k, la, lb, ldcPad: 2, accumulate: false, seed: seed++);
            Check<double>(isa, m, n, k, la, lb, ldcPad: 0, accumulate: true, seed: seed++);
        }
    }

    [Theory]
    [MemberData(nameof(IsaLayouts))]
    public void VectorsAndFewRows(string isaName, Layout la, Layout lb)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        // m = 1 or n = 1 (vector-matrix paths, cache-sized and streaming), and few rows (the
        // small-m kernel, B read in place with a partial last panel).
        (int, int, int)[] shapes =
        [
            (1, 300, 70), (1, 37, 700), (1, 5000, 60), (1, 1, 500), (300, 1, 70), (700, 1, 37),
            (5000, 1, 60), (2, 300, 40), (4, 64, 300), (4, 65, 300), (3, 129, 513), (8, 70, 300),
            (6, 200, 30),
        ];
        int seed = 100;
        foreach (var (m, n, k) in shapes)
        {
            Check<float>(isa, m, n, k, la, lb, ldcPad: 0, accumulate: false, seed: seed++);
            Check<double>(isa, m, n, k, la, lb, ldcPad: 0, accumulate: true, seed: seed++);
            Check<float>(isa, m, n, k, la, lb, ldcPad: 1, accumulate: true, seed: seed++);
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void ZeroSizes(string isaName)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        // k = 0: C is zeroed, or left alone when accumulating.
        var c = new float[3 * 5];
        Array.Fill(c, 7f);
        Gemm.Multiply(isa, 3, 4, 0, ReadOnlySpan<float>.Empty, 0, 1, ReadOnlySpan<float>.Empty, 4, 1, c, 5, false);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 5; j++)
                Assert.Equal(j < 4 ? 0f : 7f, c[i * 5 + j]);
        Array.Fill(c, 7f);
        Gemm.Multiply(isa, 3, 4, 0, ReadOnlySpan<float>.Empty, 0, 1, ReadOnlySpan<float>.Empty, 4, 1, c, 5, true);
        Assert.All(c, x => Assert.Equal(7f, x));

        var cd = new double[6];
        Array.Fill(cd, 7.0);
        Gemm.Multiply(isa, 2, 3, 0, ReadOnlySpan<double>.Empty, 0, 0, ReadOnlySpan<double>.Empty, 0, 0, cd, 3, false);
        Assert.All(cd, x => Assert.Equal(0.0, x));

        // m = 0 or n = 0: nothing is touched, even with empty spans.
        Gemm.Multiply(isa, 0, 4, 5, ReadOnlySpan<float>.Empty, 5, 1, new float[20], 4, 1, Span<float>.Empty, 4, false);
        Gemm.Multiply(isa, 4, 0, 5, new double[20], 5, 1, ReadOnlySpan<double>.Empty, 0, 1, Span<double>.Empty, 0, false);
    }

    [Fact]
    public void TinyProductIsExact()
    {
        // [1 2] x [3 4]^T = 11
        var c = new float[1];
        Gemm.Multiply(1, 1, 2, new float[] { 1, 2 }, 2, 1, new float[] { 3, 4 }, 1, 1, c, 1, false);
        Assert.Equal(11f, c[0]);
        var cd = new double[] { 1 };
        Gemm.Multiply(1, 1, 2, new double[] { 1, 2 }, 2, 1, new double[] { 3, 4 }, 1, 1, cd, 1, true);
        Assert.Equal(12.0, cd[0]);
    }

    [Theory]
    [MemberData(nameof(IsaLayouts))]
    public void PartialPanelsOfEveryLayout(string isaName, Layout la, Layout lb)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        // m mod MR and n mod NR in every range the packers fill with zeros (1, 3, 4, 5, 8, 9, 11 rows;
        // 1..31 columns), for every layout of A and B (a row-major A's and a column-major B's
        // partial panels are interleaved with register transposes into the zeroed panel).
        (int, int, int)[] shapes =
        [
            (13, 33, 17), (16, 40, 33), (17, 9, 40), (20, 36, 64), (23, 47, 8), (25, 100, 9),
            (9, 31, 70), (11, 15, 24), (64, 100, 35), (29, 7, 65),
        ];
        int seed = 300;
        foreach (var (m, n, k) in shapes)
        {
            Check<float>(isa, m, n, k, la, lb, ldcPad: 0, accumulate: false, seed: seed++);
            Check<float>(isa, m, n, k, la, lb, ldcPad: 3, accumulate: true, seed: seed++);
            Check<double>(isa, m, n, k, la, lb, ldcPad: 1, accumulate: false, seed: seed++);
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void DepthSplitIntoEqualBlocks(string isaName)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        // k just above one and two blocks of KC (split into equal, shallower blocks), and the MLP's
        // 784; with partial panels in both directions, accumulating and not.
        foreach (int k in new[] { 257, 513, 784 })
        {
            Check<float>(isa, 30, 70, k, Layout.RowMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: k);
            Check<float>(isa, 27, 45, k, Layout.ColMajor, Layout.ColMajor, ldcPad: 2, accumulate: true, seed: k + 1);
            Check<double>(isa, 25, 37, k, Layout.RowMajor, Layout.ColMajor, ldcPad: 0, accumulate: true, seed: k + 2);
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void TrainingStepProductsWithTransposedOperands(string isaName)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        // seed 001 (64x1000 -> 100 -> 10) and an MLP layer (batch 64, 784 -> 512 -> 10): the forward
        // products, grad * W^T (B transposed) and X^T * grad (A transposed) accumulated into a
        // weight's gradient, as mm's backward runs them.
        Check<float>(isa, 64, 100, 1000, Layout.RowMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: 1);
        Check<float>(isa, 1000, 100, 64, Layout.ColMajor, Layout.RowMajor, ldcPad: 0, accumulate: true, seed: 2);
        Check<float>(isa, 64, 100, 10, Layout.RowMajor, Layout.ColMajor, ldcPad: 0, accumulate: false, seed: 3);
        Check<float>(isa, 100, 10, 64, Layout.ColMajor, Layout.RowMajor, ldcPad: 0, accumulate: true, seed: 4);
        Check<float>(isa, 64, 512, 784, Layout.RowMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: 5);
        Check<float>(isa, 64, 784, 512, Layout.RowMajor, Layout.ColMajor, ldcPad: 0, accumulate: false, seed: 6);
        Check<float>(isa, 784, 512, 64, Layout.ColMajor, Layout.RowMajor, ldcPad: 0, accumulate: true, seed: 7);
        Check<float>(isa, 512, 10, 64, Layout.ColMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: 8);
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void ProductsAroundThePathThresholds(string isaName)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        // Gemm.SmallThreshold (512 multiply-adds: direct loop at and below, packed above) and
        // Gemm.ParallelThreshold (327,680: one thread below, the pool at and above).
        (int, int, int)[] shapes = [(8, 8, 8), (8, 8, 9), (8, 9, 8), (64, 64, 79), (64, 64, 80), (64, 80, 64)];
        int seed = 500;
        foreach (var (m, n, k) in shapes)
        {
            Check<float>(isa, m, n, k, Layout.RowMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: seed++);
            Check<float>(isa, m, n, k, Layout.ColMajor, Layout.ColMajor, ldcPad: 1, accumulate: true, seed: seed++);
            Check<double>(isa, m, n, k, Layout.RowMajor, Layout.ColMajor, ldcPad: 0, accumulate: true, seed: seed++);
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void LargerThanOnePackedBlock(string isaName)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        // Rows of A beyond one packed block (m * k above the packing budget), several KC blocks,
        // several NC blocks per thread and edge tiles in both directions; tall products are split
        // over threads by rows.
        Check<float>(isa, 2100, 37, 1030, Layout.RowMajor, Layout.RowMajor, ldcPad: 1, accumulate: true, seed: 5);
        Check<double>(isa, 1037, 45, 2100, Layout.ColMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: 6);
        Check<float>(isa, 150, 1100, 300, Layout.RowMajor, Layout.ColMajor, ldcPad: 0, accumulate: false, seed: 7);
        // Wide and shallow: the threads split the columns of C.
        Check<float>(isa, 24, 2000, 300, Layout.RowMajor, Layout.RowMajor, ldcPad: 2, accumulate: true, seed: 8);
        Check<double>(isa, 30, 1500, 200, Layout.ColMajor, Layout.ColMajor, ldcPad: 0, accumulate: false, seed: 9);
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void VeryDeepProductIsComputedInChunksOfK(string isaName)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        // k beyond what one packed block of A holds for every micro-kernel height.
        Check<float>(isa, 9, 3, 600_000, Layout.RowMajor, Layout.RowMajor, ldcPad: 0, accumulate: true, seed: 11);
        Check<double>(isa, 13, 2, 600_000, Layout.RowMajor, Layout.ColMajor, ldcPad: 1, accumulate: false, seed: 12);
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void MediumSquareProducts(string isaName)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        foreach (int s in new[] { 48, 95, 128, 191, 256 })
        {
            Check<float>(isa, s, s, s, Layout.RowMajor, Layout.RowMajor, 0, false, s);
            Check<double>(isa, s, s, s, Layout.RowMajor, Layout.ColMajor, 0, false, s);
        }
    }

    [Theory]
    [MemberData(nameof(IsaLayouts))]
    public void NarrowProductsOfEveryLayout(string isaName, Layout la, Layout lb)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        // float32 products with n <= Gemm.NarrowMaxColumns (16) read A in place and B packed into
        // 16-column rows, C written through masked stores: every n from 1 to the bound + 1, odd m
        // (rows left over after blocks of 8 and 4), k = 1, accumulating into padded rows of C.
        int seed = 700;
        for (int n = 1; n <= Gemm.NarrowMaxColumns + 1; n++)
        {
            Check<float>(isa, 37, n, 29, la, lb, ldcPad: 0, accumulate: false, seed: seed++);
            Check<float>(isa, 541, n, 1, la, lb, ldcPad: 2, accumulate: true, seed: seed++);
            Check<float>(isa, 15, n, 70, la, lb, ldcPad: 3, accumulate: true, seed: seed++);
            Check<float>(isa, 64, n, 100, la, lb, ldcPad: 1, accumulate: false, seed: seed++);
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void NarrowProductsOfTrainingSteps(string isaName)
    {
        GemmIsa isa = Enum.Parse<GemmIsa>(isaName);
        // A classifier's last layer (64x512 * 512x10) and its backward products (grad * W^T is
        // wide; X^T * grad accumulates into the weight's gradient), seed 001's 100 -> 10 layer,
        // and a product deeper than one packed chunk of B (4096).
        Check<float>(isa, 64, 10, 512, Layout.RowMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: 1);
        Check<float>(isa, 64, 10, 512, Layout.RowMajor, Layout.ColMajor, ldcPad: 0, accumulate: false, seed: 2);
        Check<float>(isa, 512, 10, 64, Layout.ColMajor, Layout.RowMajor, ldcPad: 0, accumulate: true, seed: 3);
        Check<float>(isa, 100, 10, 64, Layout.ColMajor, Layout.RowMajor, ldcPad: 0, accumulate: true, seed: 4);
        Check<float>(isa, 64, 10, 100, Layout.RowMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: 5);
        Check<float>(isa, 11, 13, 9000, Layout.RowMajor, Layout.ColMajor, ldcPad: 1, accumulate: true, seed: 6);
        Check<float>(isa, 9, 16, 8193, Layout.ColMajor, Layout.RowMajor, ldcPad: 0, accumulate: false, seed: 7);
    }

    [Fact]
    public void OutputAliasingAnInputIsHandled()
    {
        // C shares A's array: the product must use A's values from before the call.
        const int m = 40, n = 40, k = 40;
        var rnd = new Random(3);
        var buf = new double[m * k];
        for (int i = 0; i < buf.Length; i++)
            buf[i] = rnd.NextDouble() - 0.5;
        var b = new double[k * n];
        for (int i = 0; i < b.Length; i++)
            b[i] = rnd.NextDouble() - 0.5;
        double[] expected = Reference<double>(m, n, k, buf, k, 1, b, n, 1, out _);
        Gemm.Multiply(m, n, k, buf, k, 1, b, n, 1, buf, n, false);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - buf[i]) < 1e-12, $"element {i}");
    }

    [Fact]
    public void ConcurrentCallersGetCorrectResults()
    {
        Parallel.For(0, 8, t =>
        {
            for (int rep = 0; rep < 3; rep++)
                Check<float>(Gemm.BestIsa, 90 + t, 120 - t, 80 + 3 * t, Layout.RowMajor, Layout.ColMajor, 1, rep == 1, t * 10 + rep);
        });
    }

    [Fact]
    public void InvalidArgumentsThrow()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(-1, 2, 3, a, 3, 1, b, 2, 1, c, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(2, 2, 3, a, -3, 1, b, 2, 1, c, 2, false));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 2, 3, a, 4, 1, b, 2, 1, c, 2, false));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 2, 3, a, 3, 1, b, 3, 1, c, 2, false));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 2, 3, a, 3, 1, b, 2, 1, c, 3, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(2, 2, 3, a, 3, 1, b, 2, 1, c, 1, false));
        Gemm.Multiply(2, 2, 3, a, 3, 1, b, 2, 1, c, 2, false);
    }

    // ---- helpers ----

    private static (int Rs, int Cs, int Length) Strides(Layout layout, int rows, int cols)
    {
        return layout switch
        {
            Layout.RowMajor => (cols + 3, 1, (rows - 1) * (cols + 3) + cols),
            Layout.ColMajor => (1, rows + 2, (cols - 1) * (rows + 2) + rows),
            Layout.Strided => (2 * cols + 1, 2, (rows - 1) * (2 * cols + 1) + 2 * (cols - 1) + 1),
            Layout.BroadcastRows => (0, 1, cols),
            Layout.BroadcastCols => (1, 0, rows),
            _ => throw new ArgumentOutOfRangeException(nameof(layout)),
        };
    }

    private static void Multiply<T>(GemmIsa isa, int m, int n, int k, T[] a, int aOff, int ars, int acs,
        T[] b, int bOff, int brs, int bcs, T[] c, int ldc, bool accumulate)
    {
        if (typeof(T) == typeof(float))
        {
            var af = (float[])(object)a;
            var bf = (float[])(object)b;
            var cf = (float[])(object)c;
            if (isa == Gemm.BestIsa)
                Gemm.Multiply(m, n, k, af.AsSpan(aOff), ars, acs, bf.AsSpan(bOff), brs, bcs, cf, ldc, accumulate);
            else
                Gemm.Multiply(isa, m, n, k, af.AsSpan(aOff), ars, acs, bf.AsSpan(bOff), brs, bcs, cf, ldc, accumulate);
        }
        else
        {
            var ad = (double[])(object)a;
            var bd = (double[])(object)b;
            var cd = (double[])(object)c;
            if (isa == Gemm.BestIsa)
                Gemm.Multiply(m, n, k, ad.AsSpan(aOff), ars, acs, bd.AsSpan(bOff), brs, bcs, cd, ldc, accumulate);
            else
                Gemm.Multiply(isa, m, n, k, ad.AsSpan(aOff), ars, acs, bd.AsSpan(bOff), brs, bcs, cd, ldc, accumulate);
        }
    }

    /// <summary>Plain triple loop in double; also returns sum |a||b| per element for the tolerance.</summary>
    private static double[] Reference<T>(int m, int n, int k, ReadOnlySpan<T> a, int ars, int acs,
        ReadOnlySpan<T> b, int brs, int bcs, out double[] magnitude)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[m * n];
        magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = double.CreateChecked(a[i * ars + p * acs]) * double.CreateChecked(b[p * brs + j * bcs]);
                    s += x;
                    mag += Math.Abs(x);
                }
                result[i * n + j] = s;
                magnitude[i * n + j] = mag;
            }
        return result;
    }

    private static void Check<T>(GemmIsa isa, int m, int n, int k, Layout la, Layout lb, int ldcPad, bool accumulate, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rnd = new Random(seed);
        T Rand() => T.CreateChecked(rnd.NextDouble() * 2 - 1);

        var (ars, acs, alen) = Strides(la, m, k);
        var (brs, bcs, blen) = Strides(lb, k, n);
        // Operands start at an offset inside their arrays, with slack after them.
        const int aOff = 5, bOff = 3;
        var a = new T[aOff + alen + 4];
        var b = new T[bOff + blen + 4];
        for (int i = 0; i < a.Length; i++)
            a[i] = Rand();
        for (int i = 0; i < b.Length; i++)
            b[i] = Rand();

        int ldc = n + ldcPad;
        var c = new T[(m - 1) * ldc + n + 3];
        T sentinel = T.CreateChecked(12345);
        for (int i = 0; i < c.Length; i++)
            c[i] = sentinel;
        var c0 = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T v = accumulate ? Rand() : T.NaN; // overwritten results must not read C
                c[i * ldc + j] = v;
                c0[i * n + j] = accumulate ? double.CreateChecked(v) : 0;
            }

        double[] expected = Reference<T>(m, n, k, a.AsSpan(aOff), ars, acs, b.AsSpan(bOff), brs, bcs, out double[] mag);
        Multiply(isa, m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, ldc, accumulate);

        double eps = typeof(T) == typeof(float) ? 1.2e-7 : 2.3e-16;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double want = c0[i * n + j] + expected[i * n + j];
                double got = double.CreateChecked(c[i * ldc + j]);
                double tol = 2 * (k + 2) * eps * (mag[i * n + j] + Math.Abs(c0[i * n + j])) + 1e-30;
                if (!(Math.Abs(got - want) <= tol))
                    Assert.Fail($"{typeof(T).Name} {isa} m={m} n={n} k={k} A={la} B={lb} ldc={ldc} acc={accumulate}: " +
                                $"C[{i},{j}] = {got}, expected {want} (tol {tol})");
            }
        // Nothing outside the m x n window of C is written.
        for (int i = 0; i < c.Length; i++)
        {
            int row = i / ldc, col = i % ldc;
            if (row >= m || col >= n)
                Assert.True(c[i] == sentinel, $"C[{i}] outside the result was overwritten");
        }
    }
}
