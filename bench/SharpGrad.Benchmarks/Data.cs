namespace SharpGrad.Benchmarks;

/// <summary>
/// Deterministic inputs shared by both libraries, so that each workload starts from the very same
/// numbers on SharpGrad and on TorchSharp (neither library's own generator is used).
/// </summary>
internal static class Data
{
    /// <summary>SplitMix64 stream with Box-Muller normals: fast, portable, seedable.</summary>
    private sealed class Rng(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in (0, 1).</summary>
        public double Uniform() => ((Next() >> 11) + 0.5) * (1.0 / (1UL << 53));

        public double Normal()
        {
            double u1 = Uniform(), u2 = Uniform();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }

    /// <summary>n standard-normal floats (PyTorch's randn), scaled.</summary>
    public static float[] Randn(int n, ulong seed, double scale = 1.0)
    {
        var rng = new Rng(seed);
        var a = new float[n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.Normal() * scale);
        return a;
    }

    /// <summary>n floats uniform in [-bound, bound] (nn.Linear's default initialisation range).</summary>
    public static float[] Uniform(int n, ulong seed, double bound)
    {
        var rng = new Rng(seed);
        var a = new float[n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)((2 * rng.Uniform() - 1) * bound);
        return a;
    }

    /// <summary>n class labels in [0, classes).</summary>
    public static long[] Labels(int n, int classes, ulong seed)
    {
        var rng = new Rng(seed);
        var a = new long[n];
        for (int i = 0; i < a.Length; i++) a[i] = (long)(rng.Next() % (ulong)classes);
        return a;
    }
}
