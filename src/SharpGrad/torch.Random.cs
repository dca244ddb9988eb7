namespace SharpGrad;

public static partial class torch
{
    /// <summary>
    /// A random number generator with PyTorch's CPU stream (<c>torch.Generator</c>): seeded alike, it
    /// draws PyTorch's numbers. Pass it as <c>generator:</c> to a sampling function;
    /// <c>new torch.Generator().manual_seed(42)</c> returns the generator, as in PyTorch.
    /// </summary>
    public sealed class Generator
    {
        internal readonly CpuGenerator Engine;

        /// <summary>A generator seeded with PyTorch's default seed (67280421310721).</summary>
        public Generator() => Engine = new CpuGenerator();

        private Generator(CpuGenerator engine) => Engine = engine;

        /// <summary>The process-wide default generator that <c>manual_seed</c> seeds.</summary>
        public static Generator default_generator { get; } = new(CpuGenerator.Default);

        /// <summary>Re-seeds the generator and returns it.</summary>
        public Generator manual_seed(long seed)
        {
            Engine.ManualSeed(seed);
            return this;
        }

        /// <summary>Re-seeds from a non-deterministic source and returns the new seed.</summary>
        public long seed() => Engine.Seed();

        /// <summary>The seed last set.</summary>
        public long initial_seed() => Engine.InitialSeed;

        /// <summary>The device the generator draws for.</summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "PyTorch's instance property")]
        public Device device => Device.CPU;

        /// <summary>An independent copy of the complete state, for <see cref="set_state"/>.</summary>
        public Generator get_state() => new(Engine.Clone());

        /// <summary>Restores a state taken with <see cref="get_state"/>.</summary>
        public Generator set_state(Generator state)
        {
            Engine.CopyStateFrom(state.Engine);
            return this;
        }

        /// <summary>PyTorch's repr.</summary>
        public override string ToString() => "<torch._C.Generator object>";
    }

    /// <summary>The default generator, or the one passed as <c>generator:</c>.</summary>
    internal static CpuGenerator EngineOf(Generator? generator) => generator?.Engine ?? CpuGenerator.Default;

    /// <summary>Uniform samples from [0, 1).</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var type = dtype ?? float32;
        if (!type.IsFloatingPoint())
            throw new NotSupportedException($"\"check_uniform_bounds\" not implemented for '{type.CTypeName()}'");
        var t = Tensor.Empty(Tensor.ToIntShape(size), type, uninitialized: true);
        t.FillUniformUntracked(0, 1, generator);
        return Finish(t, null, device, requires_grad);
    }

    /// <summary>Standard normal samples.</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var type = dtype ?? float32;
        if (!type.IsFloatingPoint())
            throw new NotSupportedException($"\"normal_kernel_cpu\" not implemented for '{type.CTypeName()}'");
        var t = Tensor.Empty(Tensor.ToIntShape(size), type, uninitialized: true);
        t.FillNormalUntracked(0, 1, generator);
        return Finish(t, null, device, requires_grad);
    }

    /// <summary>Integers uniform in [low, high) (int64 unless dtype says otherwise).</summary>
    public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var t = Tensor.Empty(Tensor.ToIntShape(size), int64, uninitialized: true);
        EngineOf(generator).FillRandInt(t.ContiguousSpan<long>(), low, high);
        return Finish(t, dtype, device, requires_grad);
    }

    /// <summary>Integers uniform in [0, high).</summary>
    public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
        => randint(0, high, size, dtype, device, requires_grad, generator);

    /// <summary>
    /// A random permutation of 0 … n-1 (int64 unless <paramref name="dtype"/> says otherwise), PyTorch's
    /// CPU algorithm: from the identity, position i swaps with i + (r mod (n - i)) for a 32-bit draw r,
    /// so a seeded generator gives PyTorch's permutation.
    /// </summary>
    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentException($"n must be non-negative, got{n}");
        if (n >= uint.MaxValue / 20)
            throw new NotSupportedException($"randperm of {n} elements (at least 2^32 / 20) is not supported");
        var perm = new long[n];
        for (long i = 0; i < n; i++) perm[i] = i;
        var engine = EngineOf(generator);
        lock (engine.SyncRoot)
        {
            for (long i = 0; i < n - 1; i++)
            {
                long z = engine.NextUInt32() % (n - i);
                (perm[i], perm[z + i]) = (perm[z + i], perm[i]);
            }
        }
        return Finish(Tensor.FromArray(perm, [(int)n]), dtype, device, requires_grad);
    }
}
