using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharpGrad.Kernels;

/// <summary>
/// The blocked loops around the micro-kernel <typeparamref name="K"/> (BLIS's five loops, with the
/// roles of A and B transposed because C is row-major), and their split over threads.
/// </summary>
internal static unsafe class GemmDriver<T, K>
    where T : unmanaged, IFloatingPointIeee754<T>
    where K : IGemmKernel<T>
{
    /// <summary>Elements of A packed at once (all of k for a block of rows); sized for L3.</summary>
    private const long APackBudget = 1L << 21;

    [ThreadStatic] private static Job? t_job;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmArgs<T> g)
    {
        // A block of A rows is packed for all of k; a very deep product is split into chunks of
        // k that fit the packing budget, each adding to C.
        int kMax = (int)Math.Max(K.KC, APackBudget / K.MR / K.KC * K.KC);
        if (g.K <= kMax)
        {
            RunChunk(in g);
            return;
        }
        GemmArgs<T> chunk = g;
        for (int p0 = 0; p0 < g.K; p0 += kMax)
        {
            chunk.K = Math.Min(kMax, g.K - p0);
            chunk.A = g.A + p0 * g.Acs;
            chunk.B = g.B + p0 * g.Brs;
            chunk.Accumulate = g.Accumulate || p0 > 0;
            RunChunk(in chunk);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunChunk(in GemmArgs<T> g)
    {
        int threads = ChooseThreads(in g);
        if (threads > 1)
        {
            Job job = t_job ??= new Job();
            job.Args = g;
            job.Threads = threads;
            job.SplitK = PreferDepthSplit(in g);
            job.SplitRows = !job.SplitK && PreferRowSplit(in g, threads);
            if (job.SplitK) job.PrepareScratch(threads, g.M * g.N);
            bool ran = WorkerPool.TryRun(job, threads);
            if (ran && job.SplitK) job.AddScratchIntoC();
            job.Args = default;
            if (ran)
                return;
        }
        Compute(in g, 0, 1);
    }

    /// <summary>
    /// Each thread packs the operand it needs whole into its own buffers (sharing a packed block
    /// between cores costs more in cache-line transfers than packing it twice). Splitting the
    /// columns of C duplicates A's packing, splitting the rows duplicates B's: pick the cheaper,
    /// counting the padding of partial micro-panels and cache lines of C written by both cores.
    /// </summary>
    private static bool PreferRowSplit(in GemmArgs<T> g, int threads)
    {
        const double PackCost = 0.5;             // cycles per packed element, roughly
        double fmaPerCycle = K.NR / 2.0;         // one vector FMA per cycle, roughly (Zen 4's rate; two full-width units do twice that)
        int npn = Ceil(g.N, K.NR), npm = Ceil(g.M, K.MR);
        // Column ranges meet inside every row of C: unless that boundary falls on a cache-line
        // boundary both cores write the same line of each row, once per block of k.
        const double SharedLineCost = 500;       // cycles per transfer of a line between cores
        double byCols = (double)Ceil(npn, threads) * K.NR * RoundUp(g.M, K.MR) * g.K / fmaPerCycle
                        + PackCost * ((double)g.M * g.K + (double)g.N * g.K / threads)
                        + SharedLineCost * g.M * Ceil(g.K, K.KC);
        double byRows = (double)Ceil(npm, threads) * K.MR * RoundUp(g.N, K.NR) * g.K / fmaPerCycle
                        + PackCost * ((double)g.N * g.K + (double)g.M * g.K / threads);
        // Measured (BENCHMARKS.md, "Measurements behind design choices"): with at least two row
        // panels per thread the row split is never slower, and for short, wide-k products it is
        // much faster, which the estimate above does not capture; square products are unchanged.
        return byRows < byCols || Ceil(g.M, K.MR) >= 2 * threads;
    }

    private static int ChooseThreads(in GemmArgs<T> g)
    {
        int max = Gemm.MaxThreads;
        if (max <= 1)
            return 1;
        long work = (long)g.M * g.N * g.K;
        if (work < Gemm.ParallelThreshold)
            return 1;
        // Enough independent tiles for every thread, and enough work to pay for the hand-off.
        long tiles = (long)Ceil(g.M, K.MR) * Ceil(g.N, K.NR);
        int byWork = (int)Math.Min(max, work / (Gemm.ParallelThreshold / 2));
        return (int)Math.Max(1, Math.Min(byWork, tiles));
    }

    /// <summary>Rows of A packed per block: as many as fit <see cref="APackBudget"/>.</summary>
    private static int BlockRows(int m, int k)
    {
        int mr = K.MR;
        long fit = APackBudget / k / mr * mr;
        return (int)Math.Min(RoundUp(m, mr), Math.Max(mr, fit));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Ceil(int a, int b) => (a + b - 1) / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RoundUp(int a, int b) => Ceil(a, b) * b;

    /// <summary>
    /// A short, narrow product with a long k (64x1000·1000x100): splitting k gives each thread half
    /// of B to read instead of all of it (and, after an elementwise op that split the same buffer
    /// the same way, the half its own core wrote last); the partial products, m x n each, are
    /// small to add (measured: BENCHMARKS.md, "Measurements behind design choices").
    /// </summary>
    private static bool PreferDepthSplit(in GemmArgs<T> g)
        => g.K >= 4 * Math.Max(g.M, g.N) && (long)g.M * g.N <= 64 * 1024;

    private sealed class Job : ParallelJob
    {
        public GemmArgs<T> Args;
        public int Threads;
        public bool SplitRows, SplitK;
        private T[][] _scratch = [];

        /// <summary>A private m x n result for every thread but the first (k split).</summary>
        public void PrepareScratch(int threads, int elements)
        {
            if (_scratch.Length < threads) Array.Resize(ref _scratch, threads);
            for (int t = 1; t < threads; t++)
                if (_scratch[t] is null || _scratch[t].Length < elements)
                    _scratch[t] = GC.AllocateUninitializedArray<T>(elements, pinned: true);
        }

        /// <summary>Thread <paramref name="t"/>'s partial product; the arrays are pinned (allocated
        /// on the pinned object heap), so the address is stable.</summary>
        private T* Scratch(int t) => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_scratch[t]));

        /// <summary>C += the other threads' partial products (k split), row by row.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void AddScratchIntoC()
        {
            GemmArgs<T> g = Args;
            for (int t = 1; t < Threads; t++)
            {
                T* s = Scratch(t);
                for (int i = 0; i < g.M; i++)
                    GemmMath.AddInto(g.C + i * g.Ldc, s + (long)i * g.N, g.N);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int thread)
        {
            if (SplitK)
            {
                // Thread t computes the product over its range of k: into C for thread 0 (with the
                // caller's accumulate), into its own scratch otherwise; the caller adds them up.
                GemmArgs<T> part = Args;
                int k0 = (int)((long)Args.K * thread / Threads), k1 = (int)((long)Args.K * (thread + 1) / Threads);
                if (k0 >= k1)
                {
                    if (thread > 0) new Span<T>(_scratch[thread], 0, Args.M * Args.N).Clear();
                    return;
                }
                part.K = k1 - k0;
                part.A += k0 * part.Acs;
                part.B += k0 * part.Brs;
                if (thread > 0)
                {
                    part.C = Scratch(thread);
                    part.Ldc = part.N;
                    part.Accumulate = false;
                }
                Compute(in part, 0, 1);
                return;
            }
            if (!SplitRows)
            {
                Compute(in Args, thread, Threads);
                return;
            }
            // Each thread computes its own rows of C as an independent product.
            GemmArgs<T> g = Args;
            int np = Ceil(g.M, K.MR);
            int r0 = (int)((long)np * thread / Threads) * K.MR;
            int r1 = Math.Min(g.M, (int)((long)np * (thread + 1) / Threads) * K.MR);
            if (r0 >= r1)
                return;
            g.A += r0 * g.Ars;
            g.C += r0 * g.Ldc;
            g.M = r1 - r0;
            Compute(in g, 0, 1);
        }
    }

    /// <summary>
    /// The share of thread <paramref name="t"/> of <paramref name="threads"/>: all rows of C and the
    /// thread's range of columns, with the thread's own packed copies of A and B.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Compute(in GemmArgs<T> g, int t, int threads)
    {
        int MR = K.MR, NR = K.NR, KC = K.KC, NC = K.NC;
        int m = g.M, n = g.N, k = g.K;
        // k in blocks of equal depth, at most KC: 784 = 4 x 196 rather than 3 x 256 + 16, whose
        // last, shallow block would read and write C for few multiply-adds.
        int kBlocks = Ceil(k, KC);
        int kcb = Ceil(k, kBlocks);

        // This thread's columns of C, in whole micro-panels.
        int npn = Ceil(n, NR);
        int n0 = (int)((long)npn * t / threads) * NR;
        int n1 = Math.Min(n, (int)((long)npn * (t + 1) / threads) * NR);
        if (n0 >= n1)
            return;

        // B with contiguous rows is read in place when packing it would not pay: with a single
        // panel of A rows each element of B is used once per block, and a B of up to 512 KiB stays
        // in L2 whatever its layout while every thread would otherwise pack all of it (for large
        // products packing is as fast or faster; BENCHMARKS.md, "Measurements behind design
        // choices").
        bool directB = g.Bcs == 1 && (m <= MR || (long)k * n * sizeof(T) <= 512 * 1024);
        int mc3 = BlockRows(m, k);
        T* aPack = GemmBuffers.A<T>((long)RoundUp(mc3, MR) * k);
        T* bPack = GemmBuffers.B<T>((long)KC * NC);
        T* edge = stackalloc T[MR * NR];

        for (int ic = 0; ic < m; ic += mc3)
        {
            int mcb = Math.Min(mc3, m - ic);
            int npa = Ceil(mcb, MR);
            long blockStride = (long)kcb * npa * MR;

            // Pack rows [ic, ic + mcb) of A, all of k.
            for (int q = 0; q < kBlocks; q++)
            {
                int pc = q * kcb, kc = Math.Min(kcb, k - pc);
                for (int r = 0; r < npa; r++)
                    GemmPacking<T, K>.PackA(Math.Min(MR, mcb - r * MR), kc,
                        g.A + (ic + r * MR) * g.Ars + pc * g.Acs, g.Ars, g.Acs,
                        aPack + q * blockStride + (long)r * kc * MR);
            }

            for (int jc = n0; jc < n1; jc += NC)
            {
                int nc = Math.Min(NC, n1 - jc);
                int npb = Ceil(nc, NR);
                int lastNr = nc - (npb - 1) * NR;
                for (int q = 0; q < kBlocks; q++)
                {
                    int pc = q * kcb, kc = Math.Min(kcb, k - pc);
                    T* bSrc = g.B + pc * g.Brs + jc * g.Bcs;
                    if (!directB)
                    {
                        for (int jp = 0; jp < npb; jp++)
                            GemmPacking<T, K>.PackB(Math.Min(NR, nc - jp * NR), kc,
                                bSrc + jp * NR * g.Bcs, g.Brs, g.Bcs, bPack + jp * kc * NR);
                    }
                    else if (lastNr < NR)
                    {
                        // Only the partial last panel is packed (zero-padded).
                        GemmPacking<T, K>.PackB(lastNr, kc, bSrc + (npb - 1) * NR, g.Brs, 1, bPack);
                    }

                    bool acc = g.Accumulate || q > 0;
                    T* aBlock = aPack + q * blockStride;
                    for (int r = 0; r < npa; r++)
                    {
                        int mr = Math.Min(MR, mcb - r * MR);
                        T* ap = aBlock + r * kc * MR;
                        T* cRow = g.C + (ic + r * MR) * g.Ldc + jc;
                        for (int jp = 0; jp < npb; jp++)
                        {
                            int nr = jp < npb - 1 ? NR : lastNr;
                            T* bp;
                            nint ldb;
                            if (!directB)
                            {
                                bp = bPack + jp * kc * NR;
                                ldb = NR;
                            }
                            else if (nr == NR)
                            {
                                bp = bSrc + jp * NR;
                                ldb = g.Brs;
                            }
                            else
                            {
                                bp = bPack;
                                ldb = NR;
                            }
                            T* cp = cRow + jp * NR;
                            if (mr == MR && nr == NR)
                                K.Run(kc, ap, bp, ldb, cp, g.Ldc, acc);
                            else
                                EdgeTile(kc, ap, bp, ldb, cp, g.Ldc, acc, mr, nr, edge);
                        }
                    }
                }
            }
        }
    }

    /// <summary>A partial tile: full kernel into scratch, then the valid part into C.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void EdgeTile(int kc, T* ap, T* bp, nint ldb, T* c, nint ldc, bool acc, int mr, int nr, T* edge)
    {
        int NR = K.NR;
        if (nr < NR)
            K.RunNarrow(kc, ap, bp, ldb, edge, NR, nr);
        else
            K.RunShort(kc, ap, bp, ldb, edge, NR, mr);
        for (int i = 0; i < mr; i++)
        {
            T* src = edge + i * NR;
            T* dst = c + i * ldc;
            if (acc)
                for (int j = 0; j < nr; j++)
                    dst[j] += src[j];
            else
                for (int j = 0; j < nr; j++)
                    dst[j] = src[j];
        }
    }
}
