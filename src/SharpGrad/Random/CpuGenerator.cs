using System.Globalization;
using System.Security.Cryptography;

namespace SharpGrad;

/// <summary>Which of PyTorch's CPU kernels <see cref="CpuGenerator.FillNormal(Span{float}, double, double)"/>
/// reproduces for float32 buffers of 16 or more elements.</summary>
internal enum FloatNormalKernel
{
    /// <summary>
    /// <c>normal_fill_AVX2</c>, what PyTorch runs on an x86-64 CPU whose best capability is AVX2
    /// (single-precision Cephes <c>log256_ps</c>/<c>sincos256_ps</c> and a final fused multiply-add).
    /// Emulated lane by lane in portable code, so the result does not depend on the host CPU; it
    /// reproduces PyTorch's x86-64 output bit for bit (checked on <c>torch.randn(2, 3, 4, 5)</c>, seed 0).
    /// </summary>
    Avx2,

    /// <summary>
    /// The portable <c>normal_fill&lt;float&gt;</c> (C library <c>logf</c>/<c>cosf</c>/<c>sinf</c>),
    /// what PyTorch runs without AVX2 or on AVX-512 and ARM builds. Differs from <see cref="Avx2"/>
    /// by a few float ulps.
    /// </summary>
    Scalar,
}

/// <summary>
/// A pseudo-random number generator that reproduces PyTorch's CPU generator
/// (<c>at::CPUGeneratorImpl</c>): an MT19937 engine plus the sampling kernels of
/// <c>ATen/core/DistributionsHelper.h</c>, <c>ATen/core/TransformationHelper.h</c> and
/// <c>ATen/native/cpu/DistributionTemplates.h</c>, so that with the same seed SharpGrad draws the same
/// numbers as PyTorch (e.g. <c>torch.manual_seed(0); torch.rand(3)</c>).
/// </summary>
/// <remarks>
/// <para>All members are thread safe: each call holds the generator's lock, as PyTorch's kernels hold
/// the generator mutex, and a fill runs entirely under one acquisition. Callers that need several
/// calls to be atomic may hold <see cref="SyncRoot"/> themselves (the lock is re-entrant).</para>
/// <para>The fill methods work on contiguous spans and consume the stream exactly as PyTorch does for a
/// contiguous tensor of that many elements.</para>
/// </remarks>
internal sealed partial class CpuGenerator
{
    /// <summary>The seed PyTorch's default CPU generator starts with (<c>torch.initial_seed()</c>).</summary>
    public const long DefaultSeed = 67280421310721;

    private const float FloatDivisor = 1.0f / (1 << 24);          // 2^-24
    private const double DoubleDivisor = 1.0 / (1UL << 53);       // 2^-53

    private readonly MersenneTwister _engine;
    private readonly Lock _lock = new();
    private double _nextDoubleNormal;
    private bool _hasNextDoubleNormal;

    /// <summary>The process-wide default generator (PyTorch's default CPU generator), seeded with
    /// <see cref="DefaultSeed"/>.</summary>
    public static CpuGenerator Default { get; } = new();

    /// <summary>Creates a generator seeded with <paramref name="seed"/> (like <c>torch.Generator().manual_seed(seed)</c>).</summary>
    public CpuGenerator(long seed = DefaultSeed) => _engine = new MersenneTwister(unchecked((ulong)seed));

    /// <summary>The generator's lock; re-entrant, so a caller may hold it across several calls.</summary>
    public Lock SyncRoot => _lock;

    /// <summary>The float32 normal kernel to reproduce; <see cref="SharpGrad.FloatNormalKernel.Avx2"/> by default.</summary>
    public FloatNormalKernel FloatNormalKernel { get; set; } = FloatNormalKernel.Avx2;

    /// <summary>The seed last set (<c>initial_seed()</c>); its 64-bit pattern as PyTorch stores it.</summary>
    public long InitialSeed
    {
        get
        {
            lock (_lock)
                return unchecked((long)_engine.InitialSeed);
        }
    }

    /// <summary>
    /// Re-seeds (<c>manual_seed</c>): resets the MT19937 engine from the low 32 bits of
    /// <paramref name="seed"/> and drops the cached Box–Muller sample.
    /// </summary>
    public void ManualSeed(long seed)
    {
        lock (_lock)
        {
            _hasNextDoubleNormal = false;
            _nextDoubleNormal = 0;
            _engine.Seed(unchecked((ulong)seed));
        }
    }

    /// <summary>
    /// Re-seeds from a non-deterministic source (<c>Generator.seed()</c>) and returns the new seed.
    /// PyTorch reads 64 bits from <c>/dev/urandom</c>; here the top bit is cleared so that the seed is
    /// non-negative.
    /// </summary>
    public long Seed()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        long seed = BitConverter.ToInt64(bytes) & long.MaxValue;
        ManualSeed(seed);
        return seed;
    }

    /// <summary>A 32-bit draw (<c>CPUGeneratorImpl::random()</c>).</summary>
    public uint NextUInt32()
    {
        lock (_lock)
            return _engine.Next();
    }

    /// <summary>A 64-bit draw (<c>random64()</c>): two 32-bit draws, the first is the high word.</summary>
    public ulong NextUInt64()
    {
        lock (_lock)
            return Next64();
    }

    /// <summary>
    /// <c>random_()</c> with no bounds on an int64 tensor of one element
    /// (<c>torch.empty((), dtype=torch.int64).random_()</c>, how <c>torch.utils.data</c> draws seeds):
    /// one 64-bit draw reduced modulo 2^63, i.e. uniform in [0, 2^63 - 1]
    /// (<c>transformation::uniform_int&lt;int64_t&gt;</c> of <c>random64()</c>).
    /// </summary>
    public long NextInt64NonNegative()
    {
        lock (_lock)
            return (long)(Next64() & long.MaxValue);
    }

    /// <summary>An independent copy of this generator's complete state (<c>Generator.clone_state()</c>).</summary>
    public CpuGenerator Clone()
    {
        lock (_lock)
        {
            var copy = new CpuGenerator(0) { FloatNormalKernel = FloatNormalKernel };
            _engine.CopyTo(copy._engine);
            copy._nextDoubleNormal = _nextDoubleNormal;
            copy._hasNextDoubleNormal = _hasNextDoubleNormal;
            return copy;
        }
    }

    /// <summary>Takes over <paramref name="other"/>'s complete state (<c>Generator.set_state()</c>).</summary>
    public void CopyStateFrom(CpuGenerator other)
    {
        if (ReferenceEquals(other, this)) return;
        lock (other._lock)
            lock (_lock)
            {
                other._engine.CopyTo(_engine);
                _nextDoubleNormal = other._nextDoubleNormal;
                _hasNextDoubleNormal = other._hasNextDoubleNormal;
            }
    }

    // ------------------------------------------------------------------------- uniform

    /// <summary>
    /// <c>uniform_(from, to)</c> for float32: each element takes one 32-bit draw,
    /// <c>x = (r &amp; (2^24-1)) * 2^-24</c>, then <c>x * (to - from) + from</c> in float, fused
    /// (one rounding), as libtorch computes it on x86-64 (tools/TorchOracle script UniformRounding).
    /// </summary>
    public void FillUniform(Span<float> dst, double from = 0, double to = 1)
    {
        CheckUniformBounds(from, to, float.MinValue, float.MaxValue, "float");
        float f = (float)from, t = (float)to;
        lock (_lock)
        {
            for (int i = 0; i < dst.Length; i++)
            {
                float x = (_engine.Next() & 0xFFFFFF) * FloatDivisor;
                // One rounding, as libtorch's kernel (compiled with FMA contraction) does.
                dst[i] = MathF.FusedMultiplyAdd(x, t - f, f);
            }
        }
    }

    /// <summary>
    /// <c>uniform_(from, to)</c> for float64: each element takes one 64-bit draw,
    /// <c>x = (r &amp; (2^53-1)) * 2^-53</c>, then <c>x * (to - from) + from</c>, fused (one rounding).
    /// </summary>
    public void FillUniform(Span<double> dst, double from = 0, double to = 1)
    {
        CheckUniformBounds(from, to, double.MinValue, double.MaxValue, "double");
        lock (_lock)
        {
            for (int i = 0; i < dst.Length; i++)
                dst[i] = Math.FusedMultiplyAdd(UniformDouble(), to - from, from);
        }
    }

    private static void CheckUniformBounds(double from, double to, double min, double max, string typeName)
    {
        if (from < min || from > max)
            throw new ArgumentOutOfRangeException(nameof(from), $"from is out of bounds for {typeName}");
        if (to < min || to > max)
            throw new ArgumentOutOfRangeException(nameof(to), $"to is out of bounds for {typeName}");
        if (!(from <= to))
            throw new ArgumentException(
                $"uniform_ expects to return a [from, to) range, but found from={Fmt(from)} > to={Fmt(to)}");
        if (to - from > max)
            throw new ArgumentException(
                $"uniform_ expects to-from <= std::numeric_limits<{typeName}>::max(), but found to={Fmt(to)} and from={Fmt(from)} which result in to-from to exceed the limit");
    }

    // -------------------------------------------------------------------------- normal

    /// <summary>
    /// <c>normal_(mean, std)</c> for a contiguous float32 buffer. With 16 or more elements this is
    /// PyTorch's <c>normal_fill</c> (see <see cref="FloatNormalKernel"/> for which variant): all
    /// elements are first filled with float uniforms, then Box–Muller runs on blocks of 16 pairing
    /// element j with j+8; if the length is not a multiple of 16 the last 16 elements are redrawn and
    /// recomputed. Below 16 elements each value is a double-precision Box–Muller sample
    /// (<c>at::normal_distribution&lt;double&gt;</c>, with the cached second sample) rounded to float.
    /// </summary>
    public void FillNormal(Span<float> dst, double mean = 0, double std = 1)
    {
        CheckStd(std);
        lock (_lock)
        {
            if (dst.Length >= 16)
            {
                NormalFillFloat(dst, (float)mean, (float)std, FloatNormalKernel == FloatNormalKernel.Avx2);
            }
            else
            {
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = (float)NormalDouble(mean, std);
            }
        }
    }

    /// <summary>
    /// <c>normal_(mean, std)</c> for a contiguous float64 buffer: <c>normal_fill&lt;double&gt;</c> for
    /// 16 or more elements (uniforms from 64-bit draws, C library <c>log</c>/<c>cos</c>/<c>sin</c>),
    /// otherwise one <c>at::normal_distribution&lt;double&gt;</c> sample per element.
    /// </summary>
    public void FillNormal(Span<double> dst, double mean = 0, double std = 1)
    {
        CheckStd(std);
        lock (_lock)
        {
            if (dst.Length >= 16)
            {
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = UniformDouble();
                for (int i = 0; i < dst.Length - 15; i += 16)
                    NormalFill16Double(dst.Slice(i, 16), mean, std);
                if (dst.Length % 16 != 0)
                {
                    Span<double> tail = dst[^16..];
                    for (int i = 0; i < 16; i++)
                        tail[i] = UniformDouble();
                    NormalFill16Double(tail, mean, std);
                }
            }
            else
            {
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = NormalDouble(mean, std);
            }
        }
    }

    /// <summary>
    /// <c>normal_</c> on a non-contiguous tensor: one <c>at::normal_distribution&lt;double&gt;</c> sample
    /// per element whatever the count. Pass the elements in the order PyTorch's TensorIterator visits them.
    /// </summary>
    public void FillNormalSerial(Span<float> dst, double mean = 0, double std = 1)
    {
        CheckStd(std);
        lock (_lock)
        {
            for (int i = 0; i < dst.Length; i++)
                dst[i] = (float)NormalDouble(mean, std);
        }
    }

    /// <inheritdoc cref="FillNormalSerial(Span{float}, double, double)"/>
    public void FillNormalSerial(Span<double> dst, double mean = 0, double std = 1)
    {
        CheckStd(std);
        lock (_lock)
        {
            for (int i = 0; i < dst.Length; i++)
                dst[i] = NormalDouble(mean, std);
        }
    }

    private static void CheckStd(double std)
    {
        if (!(std >= 0.0))
            throw new ArgumentException($"normal expects std >= 0.0, but found std {Fmt(std)}");
    }

    /// <summary><c>normal_fill</c> / <c>normal_fill_AVX2</c> for float32; the caller holds the lock.</summary>
    private void NormalFillFloat(Span<float> data, float mean, float std, bool avx2)
    {
        for (int i = 0; i < data.Length; i++)
            data[i] = UniformFloat();
        for (int i = 0; i < data.Length - 15; i += 16)
            NormalFill16Float(data.Slice(i, 16), mean, std, avx2);
        if (data.Length % 16 != 0)
        {
            // Recompute the last 16 values from fresh uniforms.
            Span<float> tail = data[^16..];
            for (int i = 0; i < 16; i++)
                tail[i] = UniformFloat();
            NormalFill16Float(tail, mean, std, avx2);
        }
    }

    private static void NormalFill16Float(Span<float> block, float mean, float std, bool avx2)
    {
        if (avx2)
            NormalFill16Avx2(block, mean, std);
        else
            NormalFill16Scalar(block, mean, std);
    }

    // ------------------------------------------------------------------------ integers

    /// <summary>
    /// <c>random_(low, high)</c> / <c>randint(low, high)</c> into int64: with <c>range = high - low</c>,
    /// each element is <c>r % range + low</c> where r is a 32-bit draw, or a 64-bit draw when
    /// <c>range &gt;= 2^28</c> (the threshold of PyTorch's public builds; the modulo bias is PyTorch's too).
    /// </summary>
    public void FillRandInt(Span<long> dst, long low, long high)
    {
        if (low >= high)
            throw new ArgumentException($"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}");
        ulong range = unchecked((ulong)high - (ulong)low);
        ulong baseValue = unchecked((ulong)low);
        lock (_lock)
        {
            if (range >= 1UL << 28)
            {
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = unchecked((long)(Next64() % range + baseValue));
            }
            else
            {
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = unchecked((long)(_engine.Next() % range + baseValue));
            }
        }
    }

    // ----------------------------------------------------------------------- bernoulli

    /// <summary>
    /// <c>bernoulli_(p)</c> with a scalar probability, PyTorch's default CPU kernel: one double uniform
    /// (64-bit draw) per element, 1 where it is below <paramref name="p"/>. (PyTorch builds with MKL use a
    /// different, non-reproducible stream on Intel CPUs.)
    /// </summary>
    public void FillBernoulli(Span<float> dst, double p)
    {
        CheckProbability(p);
        lock (_lock)
        {
            for (int i = 0; i < dst.Length; i++)
                dst[i] = UniformDouble() < p ? 1f : 0f;
        }
    }

    /// <inheritdoc cref="FillBernoulli(Span{float}, double)"/>
    public void FillBernoulli(Span<double> dst, double p)
    {
        CheckProbability(p);
        lock (_lock)
        {
            for (int i = 0; i < dst.Length; i++)
                dst[i] = UniformDouble() < p ? 1.0 : 0.0;
        }
    }

    private static void CheckProbability(double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentException($"bernoulli_ expects p to be in [0, 1], but got p={Fmt(p)}");
    }

    // ------------------------------------------------------------------------ internals
    // All of these expect the caller to hold _lock.

    private ulong Next64()
    {
        ulong hi = _engine.Next();
        ulong lo = _engine.Next();
        return (hi << 32) | lo;
    }

    /// <summary><c>uniform_real_distribution&lt;double&gt;(0, 1)</c>.</summary>
    private double UniformDouble() => (Next64() & ((1UL << 53) - 1)) * DoubleDivisor;

    /// <summary><c>uniform_real_distribution&lt;float&gt;(0, 1)</c>.</summary>
    private float UniformFloat() => (_engine.Next() & 0xFFFFFF) * FloatDivisor;

    /// <summary>
    /// <c>at::normal_distribution&lt;double&gt;(mean, std)</c>: returns the cached sample if there is one;
    /// otherwise draws u1, u2, computes <c>r = sqrt(-2 log1p(-u2))</c>, <c>theta = 2 pi u1</c>, caches
    /// <c>r sin(theta)</c> and returns <c>r cos(theta)</c>, scaled as <c>value * std + mean</c>.
    /// </summary>
    private double NormalDouble(double mean, double std)
    {
        if (_hasNextDoubleNormal)
        {
            _hasNextDoubleNormal = false;
            return _nextDoubleNormal * std + mean;
        }
        double u1 = UniformDouble();
        double u2 = UniformDouble();
        double r = Math.Sqrt(-2.0 * RandomMath.Log1p(-u2));
        double theta = 2.0 * Math.PI * u1;
        _nextDoubleNormal = r * Math.Sin(theta);
        _hasNextDoubleNormal = true;
        double ret = r * Math.Cos(theta);
        return ret * std + mean;
    }

    private static void NormalFill16Double(Span<double> data, double mean, double std)
    {
        for (int j = 0; j < 8; j++)
        {
            double u1 = 1 - data[j]; // [0, 1) -> (0, 1] for log
            double u2 = data[j + 8];
            double radius = Math.Sqrt(-2 * Math.Log(u1));
            double theta = 2.0 * Math.PI * u2;
            data[j] = radius * Math.Cos(theta) * std + mean;
            data[j + 8] = radius * Math.Sin(theta) * std + mean;
        }
    }

    /// <summary>One block of the portable <c>normal_fill_16&lt;float&gt;</c>.</summary>
    private static void NormalFill16Scalar(Span<float> data, float mean, float std)
    {
        for (int j = 0; j < 8; j++)
        {
            float u1 = 1 - data[j];
            float u2 = data[j + 8];
            float radius = MathF.Sqrt(-2 * MathF.Log(u1));
            float theta = (float)(2.0 * Math.PI * u2); // 2.0f * pi<double> * u2 is evaluated in double
            data[j] = radius * MathF.Cos(theta) * std + mean;
            data[j + 8] = radius * MathF.Sin(theta) * std + mean;
        }
    }

    /// <summary>One block of <c>normal_fill_16_AVX2</c>, one lane at a time.</summary>
    private static void NormalFill16Avx2(Span<float> data, float mean, float std)
    {
        const float twoPi = (float)(2.0 * Math.PI);
        for (int j = 0; j < 8; j++)
        {
            float u1 = 1f - data[j];
            float u2 = data[j + 8];
            float radius = MathF.Sqrt(-2f * RandomMath.CephesLog(u1));
            float theta = twoPi * u2;
            RandomMath.CephesSinCos(theta, out float sin, out float cos);
            float n1 = radius * cos;
            float n2 = radius * sin;
            data[j] = MathF.FusedMultiplyAdd(n1, std, mean);
            data[j + 8] = MathF.FusedMultiplyAdd(n2, std, mean);
        }
    }

    private static string Fmt(double v) => v.ToString(CultureInfo.InvariantCulture);
}
