using SharpGrad.Kernels;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// SharpGrad's own float32 loops for exp, log, tanh and sigmoid (Kernels/VectorMathLoops.cs),
/// which compute in float32 with fused multiply-adds (float64 where there is no FMA): every result within one ulp of the float64 reference
/// rounded to float32, over lengths around the vector widths (the overlapping last vector), in
/// place, and at the special values, at every vector width the machine runs (a dense sweep of
/// random values per range, and the edge cases). Run with AVX-512 off and AVX2 off too.
/// </summary>
public class VectorMathLoopsTests
{
    /// <summary>Values from −120 to 120 spread on a log scale (both signs), plus the special ones.</summary>
    private static float[] Inputs()
    {
        var values = new List<float>
        {
            0f, -0f, 1f, -1f, float.Epsilon, -float.Epsilon, 1e-38f, 1e-30f, 1e-10f, -1e-10f, 1e-7f, 0.0625f, -0.0625f,
            0.06249f, 0.5f, 88.72f, 88.73f, 89f, -87.3f, -103.9f, -104f, -110f, 200f, -200f,
            float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
        };
        for (double e = -30; e <= 2.1; e += 0.0137)
        {
            double v = Math.Pow(10, e) * (1 + 0.3 * Math.Sin(e * 7));
            if (v < 120) { values.Add((float)v); values.Add((float)-v); }
        }
        for (int i = 0; i < 4000; i++) values.Add((float)(Math.Sin(i * 0.7) * 12));
        return [.. values];
    }

    private static int UlpDistance(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return float.IsNaN(a) && float.IsNaN(b) ? 0 : int.MaxValue;
        if (a == b) return 0;
        static long Ordered(float f)
        {
            int bits = BitConverter.SingleToInt32Bits(f);
            return bits < 0 ? int.MinValue - (long)bits : bits;
        }
        return (int)Math.Min(int.MaxValue, Math.Abs(Ordered(a) - Ordered(b)));
    }

    /// <summary>The widths this machine runs (the scalar float64 loop always; the vector widths
    /// where they have hardware with fused multiply-add).</summary>
    /// <remarks>As bit counts (0 for the scalar loop): the enum is internal.</remarks>
    public static TheoryData<int> Widths() => [0, 128, 256, 512];

    private delegate void Loop(ReadOnlySpan<float> x, Span<float> d, MathVectorWidth width);

    private static readonly (string Name, Loop Loop, Func<double, double> Reference)[] Functions =
    [
        ("exp", VectorMathLoops.Exp, Math.Exp),
        ("log", VectorMathLoops.Log, Math.Log),
        ("tanh", VectorMathLoops.Tanh, Math.Tanh),
        ("sigmoid", VectorMathLoops.Sigmoid, v => 1 / (1 + Math.Exp(-v))),
    ];

    private static void CheckAll(Loop loop, MathVectorWidth width, Func<double, double> reference, string name)
    {
        if (!VectorMathLoops.IsSupported(width)) return;
        var x = Inputs();
        // Every length from 1 to 70 (around the 4-, 8- and 16-wide vectors, the padded short runs
        // and the overlapping last vector), then the whole set, out of place and in place.
        foreach (int length in Enumerable.Range(1, 70).Append(x.Length))
        {
            for (int start = 0; start + length <= x.Length; start += Math.Max(length, 97))
            {
                var src = x.AsSpan(start, length);
                var d = new float[length];
                loop(src, d, width);
                var inPlace = src.ToArray();
                loop(inPlace, inPlace, width);
                for (int i = 0; i < length; i++)
                {
                    float expected = (float)reference(src[i]);
                    Assert.True(UlpDistance(d[i], expected) <= 1, $"{name}({src[i]:R}) = {d[i]:R}, expected {expected:R} (length {length}, {width})");
                    Assert.Equal(BitConverter.SingleToInt32Bits(d[i]), BitConverter.SingleToInt32Bits(inPlace[i]));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void ExpIsWithinOneUlpOfTheRoundedFloat64Value(int widthBits)
        => CheckAll(VectorMathLoops.Exp, (MathVectorWidth)widthBits, Math.Exp, "exp");

    [Theory]
    [MemberData(nameof(Widths))]
    public void LogIsWithinOneUlpOfTheRoundedFloat64Value(int widthBits)
        => CheckAll(VectorMathLoops.Log, (MathVectorWidth)widthBits, Math.Log, "log");

    [Theory]
    [MemberData(nameof(Widths))]
    public void TanhIsWithinOneUlpOfTheRoundedFloat64Value(int widthBits)
        => CheckAll(VectorMathLoops.Tanh, (MathVectorWidth)widthBits, Math.Tanh, "tanh");

    [Theory]
    [MemberData(nameof(Widths))]
    public void SigmoidIsWithinOneUlpOfTheRoundedFloat64Value(int widthBits)
        => CheckAll(VectorMathLoops.Sigmoid, (MathVectorWidth)widthBits, v => 1 / (1 + Math.Exp(-v)), "sigmoid");

    /// <summary>A dense sweep: 2^16 random floats in each range (uniform in value, and uniform in
    /// bit pattern over all floats), every one within one ulp of the float64 reference rounded
    /// to float32, and most exactly equal to it (exp over [−1, 1], the worst range, rounds about 91% correctly).</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void DenseRandomSweepIsWithinOneUlp(int widthBits)
    {
        var width = (MathVectorWidth)widthBits;
        if (!VectorMathLoops.IsSupported(width)) return;
        var random = new Random(20261203);
        var ranges = new (string Name, Func<float> Next)[]
        {
            ("uniform in [-1, 1]", () => (float)(random.NextDouble() * 2 - 1)),
            ("uniform in [-20, 20]", () => (float)(random.NextDouble() * 40 - 20)),
            ("uniform in [-110, 100]", () => (float)(random.NextDouble() * 210 - 110)),
            ("uniform in [80, 90]", () => (float)(random.NextDouble() * 10 + 80)),
            ("uniform in [-105, -85]", () => (float)(random.NextDouble() * 20 - 105)),
            ("uniform in [0.5, 2]", () => (float)(random.NextDouble() * 1.5 + 0.5)),
            ("positive, log-uniform", () => (float)Math.Exp(random.NextDouble() * 176 - 88)),
            ("any bit pattern", () => BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31))),
        };
        const int Count = 1 << 16;
        var x = new float[Count];
        var d = new float[Count];
        foreach (var (rangeName, next) in ranges)
        {
            for (int i = 0; i < Count; i++) x[i] = next();
            foreach (var (name, loop, reference) in Functions)
            {
                loop(x, d, width);
                int exact = 0;
                for (int i = 0; i < Count; i++)
                {
                    float expected = (float)reference(x[i]);
                    int distance = UlpDistance(d[i], expected);
                    Assert.True(distance <= 1, $"{name}({x[i]:R}) = {d[i]:R}, expected {expected:R} ({rangeName}, {width})");
                    if (distance == 0) exact++;
                }
                Assert.True(exact >= Count * 0.85, $"{name}: only {exact} of {Count} correctly rounded ({rangeName}, {width})");
            }
        }
    }

    /// <summary>The edge cases at every width, each element in a vector of its own kind: ±0, ±∞,
    /// NaN, the overflow and underflow thresholds, subnormal results and arguments, large |x|.</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void EdgeCases(int widthBits)
    {
        var width = (MathVectorWidth)widthBits;
        if (!VectorMathLoops.IsSupported(width)) return;
        // e^88.72283 is just below float.MaxValue, e^88.72284 rounds to ∞; e^-87.33655 is the
        // smallest normal; e^-103.27893 the smallest subnormal, e^-103.97208 rounds to 0.
        float[] x =
        [
            0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, -float.NaN,
            88.72283f, 88.72284f, 88.7228f, 88.723f, 88f, 87f, 87.00001f, 86.99999f, -87f, -87.00001f,
            -87.33655f, -87.3365f, -87.34f, -90f, -100f, -103.27893f, -103.2789f, -103.97207f, -103.97208f, -103.98f, -104f, -150f, 150f, -1e10f,
            1e10f, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 1e-45f, 1.1754942e-38f, 1.17549435e-38f,
            5.877472e-39f, 1e-40f, -1e-40f, -1f, -1e-30f, 1e-30f, 1e-7f, -1e-7f, 0.3465f, 0.3467f, -0.3466f,
            9f, 9.02f, 9.1f, 10f, 10.1f, 15f, 20f, 30f, 50f, -9f, -9.02f, -10f, -15f, -30f, -50f,
            0.6666666f, 0.6666667f, 1.3333333f, 1.3333334f, 0.99999994f, 1.0000001f, 2f, 0.5f, 3.4028235e38f,
        ];
        var y = new float[x.Length];
        foreach (var (name, loop, reference) in Functions)
        {
            // Element by element (each in a short, padded run), then all at once (one vector may
            // hold ordinary and special lanes together).
            for (int i = 0; i < x.Length; i++) loop(x.AsSpan(i, 1), y.AsSpan(i, 1), width);
            var together = new float[x.Length];
            loop(x, together, width);
            for (int i = 0; i < x.Length; i++)
            {
                float expected = (float)reference(x[i]);
                Assert.True(UlpDistance(y[i], expected) <= 1, $"{name}({x[i]:R}) = {y[i]:R}, expected {expected:R} ({width})");
                Assert.True(UlpDistance(together[i], expected) <= 1, $"{name}({x[i]:R}) = {together[i]:R} in a full run, expected {expected:R} ({width})");
                if (float.IsNaN(expected))
                {
                    Assert.True(float.IsNaN(y[i]) && float.IsNaN(together[i]), $"{name}({x[i]:R}) should be NaN ({width})");
                }
                else if (float.IsInfinity(expected) || expected == 0)
                {
                    // ±∞ and ±0 exactly, with their signs.
                    Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(y[i]));
                    Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(together[i]));
                }
            }
        }
    }

    /// <summary>Runs long enough for the non-temporal stores (from d's first 64-byte boundary on),
    /// with the destination at every float offset within a line, out of place and in place.</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void LongRunsAtEveryAlignment(int widthBits)
    {
        var width = (MathVectorWidth)widthBits;
        if (!VectorMathLoops.IsSupported(width)) return;
        int n = VectorMathLoops.NonTemporalMinLength + 37;
        var source = new float[n + 16];
        for (int i = 0; i < source.Length; i++) source[i] = (float)(Math.Sin(i * 0.37) * 30);
        foreach (var (name, loop, reference) in Functions)
        {
            if (name == "log") continue; // negative arguments: NaN, checked elsewhere
            for (int offset = 0; offset < 16; offset += 5)
            {
                var d = new float[n + 16];
                loop(source.AsSpan(offset, n), d.AsSpan(offset, n), width);
                var inPlace = (float[])source.Clone();
                loop(inPlace.AsSpan(offset, n), inPlace.AsSpan(offset, n), width);
                for (int i = 0; i < n; i++)
                {
                    float expected = (float)reference(source[offset + i]);
                    Assert.True(UlpDistance(d[offset + i], expected) <= 1, $"{name}({source[offset + i]:R}) = {d[offset + i]:R} at {i} (offset {offset}, {width})");
                    Assert.Equal(d[offset + i], inPlace[offset + i]);
                }
                Assert.Equal(0, d[offset + n]); // nothing written outside the run
                if (offset > 0) Assert.Equal(0, d[offset - 1]);
            }
        }
    }

    /// <summary>The special values exactly, as PyTorch gives them.</summary>
    [Fact]
    public void SpecialValues()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, -1f, 1e-30f, -1e-30f, 100f, -120f, 1f, 1f, 1f, 1f, 1f, 1f];
        var d = new float[x.Length];
        VectorMathLoops.Exp(x, d);
        Assert.Equal([float.NaN, float.PositiveInfinity, 0f, 1f, 1f, (float)Math.Exp(-1), 1f, 1f, float.PositiveInfinity, 0f], d[..10]);
        VectorMathLoops.Log(x, d);
        Assert.True(float.IsNaN(d[0]) && float.IsPositiveInfinity(d[1]) && float.IsNaN(d[2]));
        Assert.Equal([float.NegativeInfinity, float.NegativeInfinity, float.NaN, (float)Math.Log(1e-30f), float.NaN, (float)Math.Log(100), float.NaN], d[3..10]);
        VectorMathLoops.Tanh(x, d);
        Assert.Equal([float.NaN, 1f, -1f, 0f, -0f, (float)Math.Tanh(-1), 1e-30f, -1e-30f, 1f, -1f], d[..10]);
        Assert.True(float.IsNegative(d[4]));
        VectorMathLoops.Sigmoid(x, d);
        Assert.Equal([float.NaN, 1f, 0f, 0.5f, 0.5f, (float)(1 / (1 + Math.E)), 0.5f, 0.5f, 1f, 0f], d[..10]);
    }

    /// <summary>Through the tensor ops: a float32 tensor long enough for the vector loops gets
    /// their values (within one ulp of the float64 reference).</summary>
    [Fact]
    public void TensorOpsUseTheLoops()
    {
        var values = Enumerable.Range(0, 80).Select(i => (float)(i * 0.37 - 14)).ToArray();
        var t = tensor(values).reshape(2, 40);
        var cases = new (Func<Tensor, Tensor>, Func<double, double>, string)[]
        {
            (a => a.exp(), Math.Exp, "exp"), (a => a.log(), Math.Log, "log"),
            (a => a.tanh(), Math.Tanh, "tanh"), (a => a.sigmoid(), v => 1 / (1 + Math.Exp(-v)), "sigmoid"),
        };
        foreach (var (op, reference, name) in cases)
        {
            var result = op(t).ToArray<float>();
            for (int i = 0; i < values.Length; i++)
                Assert.True(UlpDistance(result[i], (float)reference(values[i])) <= 1, $"{name}({values[i]:R}) = {result[i]:R}");
        }
    }
}
