namespace SharpGrad;

/// <summary>The 16-bit floating types PyTorch's CPU random kernels draw with kernels of their own.</summary>
internal enum ReducedFloat
{
    /// <summary>torch.float16 (11 significant bits).</summary>
    Float16,
    /// <summary>torch.bfloat16 (8 significant bits).</summary>
    BFloat16,
}

/// <summary>
/// uniform_ and normal_ for float16 and bfloat16, as PyTorch's CPU kernels
/// (<c>ATen/native/cpu/DistributionTemplates.h</c>) draw them. Values are carried as floats that are
/// always exactly representable in the reduced type: every step that c10's <c>Half</c>/<c>BFloat16</c>
/// arithmetic rounds (each operator computes in float and rounds its result back) is rounded here
/// with <see cref="Round"/>.
/// </summary>
internal sealed partial class CpuGenerator
{
    /// <summary>A float rounded to the reduced type (ties to even) and back.</summary>
    private static float Round(float value, ReducedFloat type) => type switch
    {
        ReducedFloat.Float16 => (float)(Half)value,
        ReducedFloat.BFloat16 => (BFloat16)value,
        _ => throw new NotSupportedException($"not a reduced floating type: {type}"),
    };

    /// <summary><c>std::numeric_limits&lt;T&gt;::digits</c>: the random bits one uniform keeps.</summary>
    private static int Digits(ReducedFloat type) => type switch
    {
        ReducedFloat.Float16 => 11,
        ReducedFloat.BFloat16 => 8,
        _ => throw new NotSupportedException($"not a reduced floating type: {type}"),
    };

    /// <summary>
    /// <c>uniform_kernel</c> for Half/BFloat16: from and to are cast to the type (through float), and
    /// each element takes one 32-bit draw, <c>x = (r &amp; (2^digits − 1)) · 2^−digits</c> in float,
    /// then <c>x · (to − from) + from</c> (to − from rounded to the type; the product is exact in
    /// float), rounded to the type.
    /// </summary>
    public void FillUniform(Span<float> dst, ReducedFloat type, double from, double to)
    {
        double max = type == ReducedFloat.Float16 ? (double)Half.MaxValue : 3.3895313892515355e38;
        CheckUniformBounds(from, to, -max, max, type == ReducedFloat.Float16 ? "c10::Half" : "c10::BFloat16");
        int digits = Digits(type);
        uint mask = (1u << digits) - 1;
        float divisor = 1.0f / (1 << digits);
        float f = Round((float)from, type), t = Round((float)to, type);
        float range = Round(t - f, type);
        lock (_lock)
        {
            for (int i = 0; i < dst.Length; i++)
            {
                float x = (_engine.Next() & mask) * divisor;
                dst[i] = Round(x * range + f, type);
            }
        }
    }

    /// <summary>
    /// <c>normal_kernel</c> for Half/BFloat16 on a contiguous buffer: with 16 or more elements,
    /// <c>normal_fill&lt;scalar_t&gt;</c> (uniforms of the type from 32-bit draws, Box–Muller in blocks of
    /// 16 pairing j with j+8, the tail's last 16 redrawn, every operation rounded to the type); below
    /// 16, one <c>at::normal_distribution&lt;double&gt;</c> sample per element cast to the type.
    /// </summary>
    public void FillNormal(Span<float> dst, ReducedFloat type, double mean, double std)
    {
        CheckStd(std);
        lock (_lock)
        {
            if (dst.Length >= 16)
            {
                float m = Round((float)mean, type), s = Round((float)std, type);
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = UniformReduced(type);
                for (int i = 0; i < dst.Length - 15; i += 16)
                    NormalFill16Reduced(dst.Slice(i, 16), m, s, type);
                if (dst.Length % 16 != 0)
                {
                    Span<float> tail = dst[^16..];
                    for (int i = 0; i < 16; i++)
                        tail[i] = UniformReduced(type);
                    NormalFill16Reduced(tail, m, s, type);
                }
            }
            else
            {
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = Round((float)NormalDouble(mean, std), type);
            }
        }
    }

    /// <summary><c>uniform_real_distribution&lt;scalar_t&gt;(0, 1)</c> for the reduced type; the caller holds the lock.</summary>
    private float UniformReduced(ReducedFloat type)
    {
        int digits = Digits(type);
        return (_engine.Next() & ((1u << digits) - 1)) * (1.0f / (1 << digits));
    }

    /// <summary>One block of <c>normal_fill_16&lt;scalar_t&gt;</c> with c10's reduced-type arithmetic.</summary>
    private static void NormalFill16Reduced(Span<float> data, float mean, float std, ReducedFloat type)
    {
        for (int j = 0; j < 8; j++)
        {
            float u1 = Round(1 - data[j], type);
            float u2 = data[j + 8];
            float radius = Round(MathF.Sqrt(Round(-2 * Round(MathF.Log(u1), type), type)), type);
            // 2.0f * pi<double> * u2 is evaluated in double, then cast to the type through float.
            float theta = Round((float)(2.0 * Math.PI * u2), type);
            float cos = Round(MathF.Cos(theta), type), sin = Round(MathF.Sin(theta), type);
            data[j] = Round(Round(Round(radius * cos, type) * std, type) + mean, type);
            data[j + 8] = Round(Round(Round(radius * sin, type) * std, type) + mean, type);
        }
    }
}
