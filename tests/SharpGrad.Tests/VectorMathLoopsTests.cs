using SharpGrad.Kernels;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// SharpGrad's own float32 loops for exp, log, tanh and sigmoid (Kernels/VectorMathLoops.cs),
/// which compute in float64 and round once: every result within one ulp of the float64 reference
/// rounded to float32, over lengths around the vector widths (the overlapping last vector), in
/// place, and at the special values. Run with AVX-512 off and AVX2 off too, for the other widths.
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

    private static void CheckAll(Action<ReadOnlySpan<float>, Span<float>> loop, Func<double, double> reference, string name)
    {
        var x = Inputs();
        // Every length from 1 to 70 (around the 8- and 16-wide vectors and their overlapping
        // last vector), then the whole set, out of place and in place.
        foreach (int length in Enumerable.Range(1, 70).Append(x.Length))
        {
            for (int start = 0; start + length <= x.Length; start += Math.Max(length, 97))
            {
                var src = x.AsSpan(start, length);
                var d = new float[length];
                loop(src, d);
                var inPlace = src.ToArray();
                loop(inPlace, inPlace);
                for (int i = 0; i < length; i++)
                {
                    float expected = (float)reference(src[i]);
                    Assert.True(UlpDistance(d[i], expected) <= 1, $"{name}({src[i]:R}) = {d[i]:R}, expected {expected:R} (length {length})");
                    Assert.Equal(BitConverter.SingleToInt32Bits(d[i]), BitConverter.SingleToInt32Bits(inPlace[i]));
                }
            }
        }
    }

    [Fact]
    public void ExpIsWithinOneUlpOfTheRoundedFloat64Value()
        => CheckAll(VectorMathLoops.Exp, Math.Exp, "exp");

    [Fact]
    public void LogIsWithinOneUlpOfTheRoundedFloat64Value()
        => CheckAll(VectorMathLoops.Log, Math.Log, "log");

    [Fact]
    public void TanhIsWithinOneUlpOfTheRoundedFloat64Value()
        => CheckAll(VectorMathLoops.Tanh, Math.Tanh, "tanh");

    [Fact]
    public void SigmoidIsWithinOneUlpOfTheRoundedFloat64Value()
        => CheckAll(VectorMathLoops.Sigmoid, v => 1 / (1 + Math.Exp(-v)), "sigmoid");

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
