using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpGrad.Kernels;

internal static unsafe partial class Gemm
{
    /// <summary>float32 products with at most this many columns take the narrow path.</summary>
    internal const int NarrowMaxColumns = 16;

    /// <summary>False sends narrow products down the blocked path instead (for benchmarks).</summary>
    internal static bool NarrowPathEnabled { get; set; } = true;

    /// <summary>
    /// float32 products with few columns (a classifier's last layer and its backward products):
    /// A is read in place and B is copied once into rows of 16 zero-padded columns, so that each
    /// row of B is one 512-bit vector (two 256-bit ones). Packing A, which the blocked path does,
    /// costs about as much as these products' multiply-adds.
    /// </summary>
    private static void NarrowFloat(GemmIsa isa, in GemmArgs<float> g)
    {
        // A deep product goes in chunks of k, each adding to C, so that packed B stays small.
        GemmArgs<float> chunk = g;
        int kChunk = Math.Min(g.K, NarrowDepthChunk);
        float* b = GemmBuffers.B<float>((long)kChunk * NarrowMaxColumns);
        for (int p0 = 0; p0 < g.K; p0 += NarrowDepthChunk)
        {
            chunk.K = Math.Min(NarrowDepthChunk, g.K - p0);
            chunk.A = g.A + p0 * g.Acs;
            chunk.B = g.B + p0 * g.Brs;
            chunk.Accumulate = g.Accumulate || p0 > 0;
            PackNarrowB(in chunk, b);
            if (isa == GemmIsa.Avx512)
                NarrowAvx512(in chunk, b, 0, chunk.M);
            else
                NarrowAvx2(in chunk, b, 0, chunk.M);
        }
    }

    /// <summary>Depth of B packed at once on the narrow path (256 KiB of packed rows).</summary>
    private const int NarrowDepthChunk = 4096;

    /// <summary>B (k x n, any strides) into k rows of 16 columns, the columns from n on zero.</summary>
    private static void PackNarrowB(in GemmArgs<float> g, float* dst)
    {
        int k = g.K, n = g.N;
        nint brs = g.Brs, bcs = g.Bcs;
        for (int p = 0; p < k; p++)
        {
            float* src = g.B + p * brs;
            float* row = dst + p * NarrowMaxColumns;
            int j = 0;
            for (; j < n; j++)
                row[j] = src[j * bcs];
            for (; j < NarrowMaxColumns; j++)
                row[j] = 0;
        }
    }

    /// <summary>Rows <paramref name="i0"/> to <paramref name="i1"/> of C, eight at a time, with
    /// one 512-bit accumulator per row of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NarrowAvx512(in GemmArgs<float> g, float* b, int i0, int i1)
    {
        int k = g.K;
        nint ars = g.Ars, acs = g.Acs, ldc = g.Ldc;
        bool acc = g.Accumulate;
        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(g.N)).AsSingle();
        int i = i0;
        for (; i + 8 <= i1; i += 8)
        {
            Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
            Vector512<float> c4 = default, c5 = default, c6 = default, c7 = default;
            float* a = g.A + i * ars;
            float* bp = b;
            for (int p = 0; p < k; p++, a += acs, bp += NarrowMaxColumns)
            {
                Vector512<float> bv = Vector512.LoadAligned(bp);
                c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), bv, c0);
                c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[ars]), bv, c1);
                c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2 * ars]), bv, c2);
                c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3 * ars]), bv, c3);
                c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4 * ars]), bv, c4);
                c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5 * ars]), bv, c5);
                c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6 * ars]), bv, c6);
                c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7 * ars]), bv, c7);
            }
            float* c = g.C + i * ldc;
            StoreRow512(c, c0, mask, acc);
            StoreRow512(c + ldc, c1, mask, acc);
            StoreRow512(c + 2 * ldc, c2, mask, acc);
            StoreRow512(c + 3 * ldc, c3, mask, acc);
            StoreRow512(c + 4 * ldc, c4, mask, acc);
            StoreRow512(c + 5 * ldc, c5, mask, acc);
            StoreRow512(c + 6 * ldc, c6, mask, acc);
            StoreRow512(c + 7 * ldc, c7, mask, acc);
        }
        for (; i < i1; i++)
        {
            // Up to seven rows left: two accumulators per row, over even and odd p.
            Vector512<float> s0 = default, s1 = default;
            float* a = g.A + i * ars;
            int p = 0;
            for (; p + 2 <= k; p += 2)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[p * acs]), Vector512.LoadAligned(b + p * NarrowMaxColumns), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[(p + 1) * acs]), Vector512.LoadAligned(b + (p + 1) * NarrowMaxColumns), s1);
            }
            if (p < k)
                s0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[p * acs]), Vector512.LoadAligned(b + p * NarrowMaxColumns), s0);
            StoreRow512(g.C + i * ldc, s0 + s1, mask, acc);
        }
    }

    /// <summary>Writes (or adds) the columns of <paramref name="row"/> that <paramref name="mask"/> selects.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow512(float* c, Vector512<float> row, Vector512<float> mask, bool accumulate)
    {
        if (accumulate)
            row += Avx512F.MaskLoad(c, mask, Vector512<float>.Zero);
        Avx512F.MaskStore(c, mask, row);
    }

    /// <summary><see cref="NarrowAvx512"/> with two 256-bit halves per row of C, four rows at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NarrowAvx2(in GemmArgs<float> g, float* b, int i0, int i1)
    {
        int k = g.K, n = g.N;
        nint ars = g.Ars, acs = g.Acs, ldc = g.Ldc;
        bool acc = g.Accumulate;
        Vector256<float> maskLo = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(n)).AsSingle();
        Vector256<float> maskHi = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(n - 8)).AsSingle();
        int i = i0;
        for (; i + 4 <= i1; i += 4)
        {
            Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
            Vector256<float> d0 = default, d1 = default, d2 = default, d3 = default;
            float* a = g.A + i * ars;
            float* bp = b;
            for (int p = 0; p < k; p++, a += acs, bp += NarrowMaxColumns)
            {
                Vector256<float> lo = Vector256.LoadAligned(bp), hi = Vector256.LoadAligned(bp + 8);
                Vector256<float> x0 = Vector256.Create(a[0]), x1 = Vector256.Create(a[ars]);
                Vector256<float> x2 = Vector256.Create(a[2 * ars]), x3 = Vector256.Create(a[3 * ars]);
                c0 = Fma.MultiplyAdd(x0, lo, c0);
                d0 = Fma.MultiplyAdd(x0, hi, d0);
                c1 = Fma.MultiplyAdd(x1, lo, c1);
                d1 = Fma.MultiplyAdd(x1, hi, d1);
                c2 = Fma.MultiplyAdd(x2, lo, c2);
                d2 = Fma.MultiplyAdd(x2, hi, d2);
                c3 = Fma.MultiplyAdd(x3, lo, c3);
                d3 = Fma.MultiplyAdd(x3, hi, d3);
            }
            float* c = g.C + i * ldc;
            StoreRow256(c, c0, d0, maskLo, maskHi, acc);
            StoreRow256(c + ldc, c1, d1, maskLo, maskHi, acc);
            StoreRow256(c + 2 * ldc, c2, d2, maskLo, maskHi, acc);
            StoreRow256(c + 3 * ldc, c3, d3, maskLo, maskHi, acc);
        }
        for (; i < i1; i++)
        {
            Vector256<float> c0 = default, d0 = default;
            float* a = g.A + i * ars;
            float* bp = b;
            for (int p = 0; p < k; p++, a += acs, bp += NarrowMaxColumns)
            {
                Vector256<float> x = Vector256.Create(a[0]);
                c0 = Fma.MultiplyAdd(x, Vector256.LoadAligned(bp), c0);
                d0 = Fma.MultiplyAdd(x, Vector256.LoadAligned(bp + 8), d0);
            }
            StoreRow256(g.C + i * ldc, c0, d0, maskLo, maskHi, acc);
        }
    }

    /// <summary>Writes (or adds) the columns of a row, held in two halves, that the masks select.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow256(float* c, Vector256<float> lo, Vector256<float> hi,
        Vector256<float> maskLo, Vector256<float> maskHi, bool accumulate)
    {
        if (accumulate)
        {
            lo += Avx.MaskLoad(c, maskLo);
            hi += Avx.MaskLoad(c + 8, maskHi);
        }
        Avx.MaskStore(c, maskLo, lo);
        Avx.MaskStore(c + 8, maskHi, hi);
    }
}
