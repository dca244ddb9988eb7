namespace SharpGrad.Tests;

/// <summary>
/// The generator against values printed by PyTorch (CPU). Values are PyTorch's printed 4-decimal
/// output unless more digits are given.
/// </summary>
[Collection("Global state")] // seeds and draws from the global generator
public class RandomTests
{
    private static void AssertClose(double[] expected, ReadOnlySpan<float> actual, double tol = 5e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol,
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    private static float[] Rand(CpuGenerator g, int n)
    {
        var a = new float[n];
        g.FillUniform(a);
        return a;
    }

    private static float[] Randn(CpuGenerator g, int n)
    {
        var a = new float[n];
        g.FillNormal(a);
        return a;
    }

    private static long[] RandInt(CpuGenerator g, long low, long high, int n)
    {
        var a = new long[n];
        g.FillRandInt(a, low, high);
        return a;
    }

    // ------------------------------------------------------------------ engine

    [Fact]
    public void MersenneTwister_MatchesStdMt19937Reference()
    {
        // The C++ standard requires the 10000th output of a default-constructed std::mt19937
        // (seed 5489) to be 4123659995.
        var mt = new MersenneTwister(5489);
        uint v = 0;
        for (int i = 0; i < 10000; i++)
            v = mt.Next();
        Assert.Equal(4123659995u, v);
    }

    [Fact]
    public void MersenneTwister_FirstOutputsForSeed5489()
    {
        var mt = new MersenneTwister(5489);
        Assert.Equal(3499211612u, mt.Next());
        Assert.Equal(581869302u, mt.Next());
        Assert.Equal(3890346734u, mt.Next());
    }

    [Fact]
    public void Seed_UsesLow32BitsOnly_AndKeepsFullInitialSeed()
    {
        var a = new CpuGenerator(0x1_0000_0007L);
        var b = new CpuGenerator(7);
        Assert.Equal(b.NextUInt32(), a.NextUInt32());
        Assert.Equal(0x1_0000_0007L, a.InitialSeed);
    }

    [Fact]
    public void NextUInt64_IsTwoDrawsHighWordFirst()
    {
        var a = new CpuGenerator(3);
        var b = new CpuGenerator(3);
        ulong hi = b.NextUInt32(), lo = b.NextUInt32();
        Assert.Equal((hi << 32) | lo, a.NextUInt64());
    }

    [Fact]
    public void DefaultGenerator_UsesPyTorchDefaultSeed()
    {
        Assert.Equal(67280421310721L, CpuGenerator.DefaultSeed);
        Assert.Equal(67280421310721L, new CpuGenerator().InitialSeed);
        Assert.Same(CpuGenerator.Default, CpuGenerator.Default);
    }

    // ------------------------------------------------------------------ rand

    [Fact]
    public void Rand_Seed0()
    {
        var g = new CpuGenerator(0);
        AssertClose([0.4963, 0.7682, 0.0885, 0.1320, 0.3074], Rand(g, 5));
    }

    [Fact]
    public void Rand_Seed0_IsBitExact()
    {
        var g = new CpuGenerator(0);
        Assert.Equal(
            [0.49625658988952637f, 0.7682217955589294f, 0.08847743272781372f, 0.13203048706054688f,
             0.30742281675338745f, 0.6340786814689636f, 0.4900934100151062f, 0.8964447379112244f],
            Rand(g, 8));
    }

    [Fact]
    public void Rand_Float64_Seed0_IsBitExact()
    {
        var g = new CpuGenerator(0);
        var a = new double[8];
        g.FillUniform(a);
        Assert.Equal(
            [0.9700530018065531, 0.707819864399788, 0.45938294312745087, 0.9207476841219603,
             0.6450241201227648, 0.7911478921803037, 0.17860617520075095, 0.3511076243939284],
            a);
    }

    [Fact]
    public void Rand_Seed42()
    {
        var g = new CpuGenerator(42);
        AssertClose([0.8823], Rand(g, 1));
    }

    [Fact]
    public void Rand_Seed1234_EightDigits()
    {
        var g = new CpuGenerator(1234);
        AssertClose([0.028979, 0.401899], Rand(g, 4).AsSpan(0, 2), 5e-7);
    }

    [Fact]
    public void Uniform_FromTo_IsAffineInFloat()
    {
        var g = new CpuGenerator(0);
        var h = new CpuGenerator(0);
        var a = new float[5];
        g.FillUniform(a, -2, 3);
        float[] u = Rand(h, 5);
        for (int i = 0; i < 5; i++)
            Assert.Equal(MathF.FusedMultiplyAdd(u[i], 5f, -2f), a[i]); // one rounding, as libtorch (oracle script UniformRounding)
    }

    [Fact]
    public void Uniform_Double_Uses53BitsOfTwoDraws()
    {
        var g = new CpuGenerator(0);
        var h = new CpuGenerator(0);
        var a = new double[3];
        g.FillUniform(a);
        for (int i = 0; i < 3; i++)
            Assert.Equal((h.NextUInt64() & ((1UL << 53) - 1)) / 9007199254740992.0, a[i]);
        Assert.All(a, x => Assert.InRange(x, 0.0, 1.0));
    }

    [Fact]
    public void Uniform_RejectsReversedRange()
    {
        var g = new CpuGenerator(0);
        Assert.Throws<ArgumentException>(() => g.FillUniform(new float[1], 1, 0));
    }

    // ------------------------------------------------------------------ randn, small (< 16)

    [Fact]
    public void Randn3_Seed0()
    {
        var g = new CpuGenerator(0);
        AssertClose([1.5410, -0.2934, -2.1788], Randn(g, 3));
    }

    [Fact]
    public void Randn6_Seed0()
    {
        var g = new CpuGenerator(0);
        AssertClose([1.5410, -0.2934, -2.1788, 0.5684, -1.0845, -1.3986], Randn(g, 6));
    }

    [Fact]
    public void Randn7_Seed0_IsBitExact()
    {
        var g = new CpuGenerator(0);
        Assert.Equal(
            [1.5409960746765137f, -0.293428897857666f, -2.1787893772125244f, 0.5684312582015991f,
             -1.0845223665237427f, -1.3985954523086548f, 0.40334683656692505f],
            Randn(g, 7));
    }

    [Fact]
    public void Randn6_Seed42()
    {
        var g = new CpuGenerator(42);
        AssertClose([0.3367, 0.1288, 0.2345, 0.2303, -1.1229, -0.1863], Randn(g, 6));
    }

    [Fact]
    public void Randn_Seed1234_EightDigits()
    {
        var g = new CpuGenerator(1234);
        AssertClose([0.04613046, 0.40240282, -1.01152909], Randn(g, 3), 5e-8);
    }

    [Fact]
    public void Randn_CachedSecondSample_CarriesOverBetweenCalls()
    {
        // randn(3) leaves the sine half of its second pair cached; the next call starts with it.
        var g = new CpuGenerator(0);
        float[] first = Randn(g, 3);
        float[] second = Randn(g, 1);
        float[] third = Randn(g, 2);
        float[] all = [.. first, .. second, .. third];
        var h = new CpuGenerator(0);
        Assert.Equal(Randn(h, 6), all);
    }

    [Fact]
    public void ManualSeed_DropsCachedNormal()
    {
        var g = new CpuGenerator(0);
        Randn(g, 3);
        g.ManualSeed(0);
        AssertClose([1.5410], Randn(g, 1));
    }

    [Fact]
    public void Randn_Double_Small_MatchesFloatBeforeRounding()
    {
        var g = new CpuGenerator(0);
        var d = new double[6];
        g.FillNormal(d);
        var h = new CpuGenerator(0);
        float[] f = Randn(h, 6);
        for (int i = 0; i < 6; i++)
            Assert.Equal((float)d[i], f[i]);
    }

    [Fact]
    public void Normal_MeanStd_Small()
    {
        var g = new CpuGenerator(0);
        var a = new float[3];
        g.FillNormal(a, 10, 2);
        AssertClose([10 + 2 * 1.5410, 10 + 2 * -0.2934, 10 + 2 * -2.1788], a, 2e-4);
    }

    // ------------------------------------------------------------------ randn, normal_fill (>= 16)

    private static readonly double[] Randn4x4Seed0 =
    [
        -1.1258, -1.1524, -0.2506, -0.4339,
        0.8487, 0.6920, -0.3160, -2.1152,
        0.3223, -1.2633, 0.3500, 0.3081,
        0.1198, 1.2377, 1.1168, -0.2473,
    ];

    [Fact]
    public void Randn4x4_Seed0_Avx2Kernel()
    {
        var g = new CpuGenerator(0) { FloatNormalKernel = FloatNormalKernel.Avx2 };
        AssertClose(Randn4x4Seed0, Randn(g, 16));
    }

    [Fact]
    public void Randn4x4_Seed0_ScalarKernel()
    {
        var g = new CpuGenerator(0) { FloatNormalKernel = FloatNormalKernel.Scalar };
        AssertClose(Randn4x4Seed0, Randn(g, 16));
    }

    // torch.manual_seed(0); torch.randn(2, 3, 4, 5) as printed (9 significant digits, so each value
    // identifies its float32 exactly) by PyTorch on an x86-64 AVX2 CPU: seven full blocks of 16 and
    // a recomputed tail of 16 (120 % 16 = 8).
    private static readonly float[] Randn120Seed0 =
    [
        -1.12583983f, -1.15236020f, -2.50578582e-01f, -4.33878809e-01f, 8.48710358e-01f, 6.92009151e-01f,
        -3.16012770e-01f, -2.11521935f, 3.22274923e-01f, -1.26333475f, 3.49983186e-01f, 3.08133930e-01f,
        1.19841509e-01f, 1.23765790f, 1.11677718f, -2.47278154e-01f, -1.35265374f, -1.69593120f,
        5.66650629e-01f, 7.93508351e-01f, 5.98839462e-01f, -1.55509508f, -3.41360390e-01f, 1.85300612f,
        7.50189483e-01f, -5.85497558e-01f, -1.73396751e-01f, 1.83477938e-01f, 1.38936615f, 1.58633423f,
        9.46298361e-01f, -8.43676746e-01f, -6.13583088e-01f, 3.15927416e-02f, -4.92676973e-01f, 2.48414755e-01f,
        4.39695835e-01f, 1.12411186e-01f, 6.40792370e-01f, 4.41156268e-01f, -1.02309652e-01f, 7.92443991e-01f,
        -2.89667696e-01f, 5.25074862e-02f, 5.22860467e-01f, 2.30220532f, -1.46889389f, -1.58668876f,
        -6.73089921e-01f, 8.72831225e-01f, 1.05535746f, 1.77843720e-01f, -2.30335474e-01f, -3.91754389e-01f,
        5.43294728e-01f, -3.95157546e-01f, -4.46217179e-01f, 7.44020700e-01f, 1.52097952f, 3.41050267f,
        -1.53118432f, -1.23413503f, 1.81972528f, -5.51528692e-01f, -5.69248080e-01f, 9.19971406e-01f,
        1.11081612f, 1.28987408f, -1.47817397f, 2.56723285f, -4.73119795e-01f, 3.35550755e-01f,
        -1.62932599f, -5.49743652e-01f, -4.79834259e-01f, -4.99681532e-01f, -1.06698036f, 1.11493957f,
        -1.40671432e-01f, 8.05753589e-01f, -9.33482349e-02f, 6.87050223e-01f, -8.38315368e-01f, 8.91821750e-04f,
        8.41894090e-01f, -4.00034159e-01f, 1.03946197f, 3.58153105e-01f, -2.46000946e-01f, 2.30251646f,
        -1.88168919f, -4.97270226e-02f, -1.04497862f, -9.56500828e-01f, 3.35318595e-02f, 7.10086584e-01f,
        1.64586699f, -1.36016893f, 3.44565421e-01f, 5.19867718e-01f, -2.61332250f, -1.69647443f,
        -2.28241786e-01f, 2.79955000e-01f, -7.01523602e-01f, 1.03668678f, -6.03670120e-01f, -1.27876520f,
        9.29502323e-02f, -6.66099727e-01f, 6.08047187e-01f, -7.30019867e-01f, 1.37503791f, 6.59631073e-01f,
        4.76557106e-01f, -1.01630747f, 1.80366978e-01f, 1.08331867e-01f, -7.54823267e-01f, 2.44318530e-01f,
    ];

    [Fact]
    public void Randn120_Seed0_Avx2Kernel_IsBitExact()
    {
        var g = new CpuGenerator(0) { FloatNormalKernel = FloatNormalKernel.Avx2 };
        var a = new float[120];
        g.FillNormal(a);
        Assert.Equal(Randn120Seed0, a);
    }

    [Fact]
    public void Randn120_Seed0_ScalarKernel_IsClose()
    {
        var g = new CpuGenerator(0) { FloatNormalKernel = FloatNormalKernel.Scalar };
        var a = new float[120];
        g.FillNormal(a);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - Randn120Seed0[i]) <= 1e-6, $"element {i}: {a[i]} vs {Randn120Seed0[i]}");
    }

    [Fact]
    public void NormalFill_Double_PairsJWithJPlus8()
    {
        var g = new CpuGenerator(0);
        var d = new double[16];
        g.FillNormal(d);
        var h = new CpuGenerator(0);
        var u = new double[16];
        h.FillUniform(u);
        for (int j = 0; j < 8; j++)
        {
            double radius = Math.Sqrt(-2 * Math.Log(1 - u[j]));
            double theta = 2.0 * Math.PI * u[j + 8];
            Assert.Equal(radius * Math.Cos(theta), d[j]);
            Assert.Equal(radius * Math.Sin(theta), d[j + 8]);
        }
        Assert.Equal(h.NextUInt32(), g.NextUInt32()); // 32 draws each
    }

    [Fact]
    public void Avx2AndScalarKernels_AgreeClosely()
    {
        var a = new CpuGenerator(123) { FloatNormalKernel = FloatNormalKernel.Avx2 };
        var b = new CpuGenerator(123) { FloatNormalKernel = FloatNormalKernel.Scalar };
        float[] x = Randn(a, 4096), y = Randn(b, 4096);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(x[i] - y[i]) <= 2e-6 * Math.Max(1, Math.Abs(y[i])), $"element {i}: {x[i]} vs {y[i]}");
    }

    [Fact]
    public void Randn17_RecomputesOnlyTheLast16()
    {
        // normal_fill: element 0 comes from the first block; elements 1..16 are redrawn.
        var g = new CpuGenerator(0);
        float[] a = Randn(g, 17);
        Assert.True(Math.Abs(a[0] - -1.1258) <= 5e-5);
        var h = new CpuGenerator(0);
        float[] b = Randn(h, 16);
        Assert.Equal(b[0], a[0]);
        Assert.NotEqual(b[1], a[1]);
        // 17 + 16 = 33 draws were consumed.
        var k = new CpuGenerator(0);
        for (int i = 0; i < 33; i++)
            k.NextUInt32();
        Assert.Equal(k.NextUInt32(), g.NextUInt32());
    }

    [Fact]
    public void NormalFill_MeanAndStdApplied()
    {
        var g = new CpuGenerator(0);
        var a = new float[16];
        g.FillNormal(a, 1, 3);
        for (int i = 0; i < 16; i++)
            Assert.True(Math.Abs(a[i] - (1 + 3 * Randn4x4Seed0[i])) <= 3e-4, $"element {i}: {a[i]}");
    }

    [Fact]
    public void Normal_RejectsNegativeStd()
    {
        var g = new CpuGenerator(0);
        Assert.Throws<ArgumentException>(() => g.FillNormal(new float[4], 0, -1));
    }

    // ------------------------------------------------------------------ randint

    [Fact]
    public void RandInt_Seed0()
    {
        var g = new CpuGenerator(0);
        Assert.Equal([4L, 9, 3, 0, 3], RandInt(g, 0, 10, 5));
    }

    [Fact]
    public void RandInt17_Seed0_OneDrawPerElement()
    {
        var g = new CpuGenerator(0);
        var values = new long[10];
        for (int i = 0; i < values.Length; i++)
            values[i] = RandInt(g, 0, 17, 1)[0];
        Assert.Equal([7L, 3, 12, 16, 2, 0, 16, 10, 6, 5], values);
        var h = new CpuGenerator(0);
        Assert.Equal(values, RandInt(h, 0, 17, 10));
    }

    [Fact]
    public void RandInt_Seed1234_ThenRandn()
    {
        var g = new CpuGenerator(1234);
        Assert.Equal([75L, 71, 6, 65, 16, 64], RandInt(g, 0, 100, 6));
        AssertClose([-0.85447514, 0.50984222, -0.08205455, 0.66073167], Randn(g, 4), 5e-8);
    }

    [Fact]
    public void RandInt_WideRange_Uses64BitDraws()
    {
        var g = new CpuGenerator(1234);
        Assert.Equal([204000912083L, 166721346613, 878802328948], RandInt(g, 0, 1L << 40, 3));
        // three 64-bit draws consume as much as six 32-bit ones
        AssertClose([-0.85447514, 0.50984222, -0.08205455, 0.66073167], Randn(g, 4), 5e-8);
    }

    [Fact]
    public void RandInt_Threshold_Is2Pow28()
    {
        var a = new CpuGenerator(5);
        var b = new CpuGenerator(5);
        RandInt(a, 0, (1L << 28) - 1, 2);
        RandInt(b, 0, 1L << 28, 1);
        Assert.Equal(a.NextUInt32(), b.NextUInt32());
    }

    [Fact]
    public void RandInt_NegativeLow()
    {
        var g = new CpuGenerator(0);
        var h = new CpuGenerator(0);
        long[] a = RandInt(g, -5, 5, 100);
        long[] b = RandInt(h, 0, 10, 100);
        for (int i = 0; i < a.Length; i++)
            Assert.Equal(b[i] - 5, a[i]);
    }

    [Fact]
    public void Stream_Seed1234_RandnRandIntRand()
    {
        var g = new CpuGenerator(1234);
        AssertClose([0.04613046, 0.40240282, -1.01152909], Randn(g, 3), 5e-8);
        Assert.Equal([75L, 29, 43, 41], RandInt(g, 0, 100, 4));
        AssertClose([0.77485049, 0.82080257], Rand(g, 2), 5e-8);
    }

    [Fact]
    public void RandInt_RejectsEmptyRange()
    {
        var g = new CpuGenerator(0);
        Assert.Throws<ArgumentException>(() => g.FillRandInt(new long[1], 5, 5));
    }

    // ------------------------------------------------------------------ statistics & determinism

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Normal_Statistics_Float(bool avx2Kernel)
    {
        var g = new CpuGenerator(2024) { FloatNormalKernel = avx2Kernel ? FloatNormalKernel.Avx2 : FloatNormalKernel.Scalar };
        var a = new float[100_000];
        g.FillNormal(a);
        double mean = a.Average(x => (double)x);
        double std = Math.Sqrt(a.Sum(x => (x - mean) * (x - mean)) / (a.Length - 1));
        Assert.InRange(mean, -0.015, 0.015);
        Assert.InRange(std, 0.985, 1.015);
        Assert.All(a, x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void Normal_Statistics_Double_WithMeanStd()
    {
        var g = new CpuGenerator(7);
        var a = new double[100_000];
        g.FillNormal(a, 3, 0.5);
        double mean = a.Average();
        double std = Math.Sqrt(a.Sum(x => (x - mean) * (x - mean)) / (a.Length - 1));
        Assert.InRange(mean, 3 - 0.008, 3 + 0.008);
        Assert.InRange(std, 0.5 - 0.008, 0.5 + 0.008);
    }

    [Fact]
    public void Normal_Statistics_SerialPath()
    {
        var g = new CpuGenerator(11);
        var a = new float[100_000];
        g.FillNormalSerial(a);
        double mean = a.Average(x => (double)x);
        double std = Math.Sqrt(a.Sum(x => (x - mean) * (x - mean)) / (a.Length - 1));
        Assert.InRange(mean, -0.015, 0.015);
        Assert.InRange(std, 0.985, 1.015);
    }

    [Fact]
    public void Uniform_Statistics()
    {
        var g = new CpuGenerator(99);
        var a = new float[100_000];
        g.FillUniform(a);
        Assert.All(a, x => Assert.InRange(x, 0f, 0.99999995f));
        double mean = a.Average(x => (double)x);
        Assert.InRange(mean, 0.5 - 0.005, 0.5 + 0.005);
    }

    [Fact]
    public void Bernoulli_Statistics()
    {
        var g = new CpuGenerator(5);
        var a = new float[100_000];
        g.FillBernoulli(a, 0.3);
        Assert.All(a, x => Assert.True(x is 0f or 1f));
        Assert.InRange(a.Average(x => (double)x), 0.3 - 0.006, 0.3 + 0.006);
    }

    [Fact]
    public void ReSeeding_ReproducesTheStream()
    {
        var g = new CpuGenerator(0);
        float[] a = Randn(g, 50);
        float[] b = Rand(g, 7);
        long[] c = RandInt(g, 0, 1000, 9);
        float[] d = Randn(g, 5);
        g.ManualSeed(0);
        Assert.Equal(a, Randn(g, 50));
        Assert.Equal(b, Rand(g, 7));
        Assert.Equal(c, RandInt(g, 0, 1000, 9));
        Assert.Equal(d, Randn(g, 5));
    }

    [Fact]
    public void NonDeterministicSeed_IsReturnedAndReproducible()
    {
        var g = new CpuGenerator(0);
        long seed = g.Seed();
        Assert.Equal(seed, g.InitialSeed);
        Assert.True(seed >= 0);
        float[] a = Randn(g, 20);
        var h = new CpuGenerator(seed);
        Assert.Equal(a, Randn(h, 20));
    }

    [Fact]
    public void Clone_CopiesEngineAndNormalCache()
    {
        var g = new CpuGenerator(0);
        Randn(g, 3); // leaves a cached sample
        CpuGenerator c = g.Clone();
        Assert.Equal(Randn(g, 5), Randn(c, 5));
        Assert.Equal(g.NextUInt64(), c.NextUInt64());
    }

    [Fact]
    public void ConcurrentUse_ConsumesEachDrawOnce()
    {
        var g = new CpuGenerator(42);
        var seen = new System.Collections.Concurrent.ConcurrentBag<uint>();
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 2500; i++)
                seen.Add(g.NextUInt32());
        });
        var reference = new CpuGenerator(42);
        var expected = new List<uint>();
        for (int i = 0; i < 10000; i++)
            expected.Add(reference.NextUInt32());
        Assert.Equal(expected.Order(), seen.Order());
    }
}
