using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpGrad.Kernels;

/// <summary>
/// Packs operands into the contiguous micro-panels the micro-kernel <typeparamref name="K"/> reads.
/// Strides are arbitrary (transposed and broadcast operands included); short panels are padded with
/// zeros so that the kernel always runs on full tiles.
/// </summary>
internal static unsafe class GemmPacking<T, K>
    where T : unmanaged, IFloatingPointIeee754<T>
    where K : IGemmKernel<T>
{
    /// <summary>
    /// Packs <paramref name="mr"/> (at most MR) rows and <paramref name="kc"/> columns of A, starting
    /// at <paramref name="src"/>, as <c>dst[p*MR + i] = A[i, p]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(int mr, int kc, T* src, nint rs, nint cs, T* dst)
    {
        int MR = K.MR;
        if (mr == MR)
        {
            if (rs == 1)
            {
                // Column-major (transposed) A: each column of the panel is contiguous.
                for (int p = 0; p < kc; p++, dst += MR)
                    Unsafe.CopyBlockUnaligned(dst, src + p * cs, (uint)(MR * sizeof(T)));
                return;
            }
            if (cs == 1)
            {
                // Row-major A: a transpose of MR contiguous rows.
                GemmInterleave<T>.Run(MR, kc, src, rs, dst, MR);
                return;
            }
        }
        if (mr < MR)
        {
            // A partial panel (the last rows of A): zero the panel with vector stores, then fill
            // its valid rows. Writing the padding element by element was slow enough to show:
            // in 64x1000·1000x100 the two partial panels' packing took a third as long as the
            // main micro-kernel.
            new Span<T>(dst, kc * MR).Clear();
            if (cs == 1)
            {
                GemmInterleave<T>.Run(mr, kc, src, rs, dst, MR);
                return;
            }
        }
        for (int p = 0; p < kc; p++, dst += MR)
        {
            T* s = src + p * cs;
            for (int i = 0; i < mr; i++)
                dst[i] = s[i * rs];
        }
    }

    /// <summary>
    /// Packs <paramref name="kc"/> rows and <paramref name="nr"/> (at most NR) columns of B, starting
    /// at <paramref name="src"/>, as <c>dst[p*NR + j] = B[p, j]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(int nr, int kc, T* src, nint rs, nint cs, T* dst)
    {
        int NR = K.NR;
        if (nr == NR)
        {
            if (cs == 1)
            {
                // Row-major B: each row of the panel is contiguous.
                for (int p = 0; p < kc; p++, dst += NR)
                    Unsafe.CopyBlockUnaligned(dst, src + p * rs, (uint)(NR * sizeof(T)));
                return;
            }
            if (rs == 1)
            {
                // Column-major (transposed) B: a transpose of NR contiguous columns.
                GemmInterleave<T>.Run(NR, kc, src, cs, dst, NR);
                return;
            }
        }
        if (nr < NR)
        {
            // A partial panel (the last columns of B): zero it with vector stores, then fill its
            // valid columns (as for A's partial panels).
            new Span<T>(dst, kc * NR).Clear();
            if (rs == 1)
            {
                GemmInterleave<T>.Run(nr, kc, src, cs, dst, NR);
                return;
            }
        }
        for (int p = 0; p < kc; p++, dst += NR)
        {
            T* s = src + p * rs;
            for (int j = 0; j < nr; j++)
                dst[j] = s[j * cs];
        }
    }
}

/// <summary>
/// <c>dst[p*ds + i] = src[i*stride + p]</c> for <c>i &lt; w</c>, <c>p &lt; count</c> (<c>w &lt;= ds</c>): interleaves
/// <c>w</c> contiguous source streams (the rows of a row-major A panel, the columns of a column-major
/// B panel), with 8 x 8 (float) or 4 x 4 (double) register transposes where AVX is available.
/// </summary>
internal static unsafe class GemmInterleave<T> where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int w, int count, T* src, nint stride, T* dst, int ds)
    {
        int p = 0;
        if (Avx.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                for (; p + 8 <= count; p += 8)
                {
                    int i = 0;
                    for (; i + 8 <= w; i += 8)
                        Transpose8x8((float*)src + i * stride + p, stride, (float*)dst + p * ds + i, ds);
                    if (i + 4 <= w)
                    {
                        Transpose4x8((float*)src + i * stride + p, stride, (float*)dst + p * ds + i, ds);
                        i += 4;
                    }
                    for (; i < w; i++)
                        for (int q = p; q < p + 8; q++)
                            dst[q * ds + i] = src[i * stride + q];
                }
            }
            else if (typeof(T) == typeof(double))
            {
                for (; p + 4 <= count; p += 4)
                {
                    int i = 0;
                    for (; i + 4 <= w; i += 4)
                        Transpose4x4((double*)src + i * stride + p, stride, (double*)dst + p * ds + i, ds);
                    for (; i < w; i++)
                        for (int q = p; q < p + 4; q++)
                            dst[q * ds + i] = src[i * stride + q];
                }
            }
        }
        for (; p < count; p++)
        {
            T* d = dst + p * ds;
            T* s = src + p;
            for (int i = 0; i < w; i++)
                d[i] = s[i * stride];
        }
    }

    /// <summary>Rows <c>s[i*ss .. +8)</c>, i &lt; 8, become rows <c>d[q*ds .. +8)</c>, q &lt; 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* s, nint ss, float* d, nint ds)
    {
        Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + ss);
        Vector256<float> r2 = Avx.LoadVector256(s + 2 * ss), r3 = Avx.LoadVector256(s + 3 * ss);
        Vector256<float> r4 = Avx.LoadVector256(s + 4 * ss), r5 = Avx.LoadVector256(s + 5 * ss);
        Vector256<float> r6 = Avx.LoadVector256(s + 6 * ss), r7 = Avx.LoadVector256(s + 7 * ss);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ds, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * ds, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * ds, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * ds, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * ds, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * ds, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * ds, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>Rows <c>s[i*ss .. +8)</c>, i &lt; 4, become rows <c>d[q*ds .. +4)</c>, q &lt; 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x8(float* s, nint ss, float* d, nint ds)
    {
        Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + ss);
        Vector256<float> r2 = Avx.LoadVector256(s + 2 * ss), r3 = Avx.LoadVector256(s + 3 * ss);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Sse.Store(d, u0.GetLower());
        Sse.Store(d + ds, u1.GetLower());
        Sse.Store(d + 2 * ds, u2.GetLower());
        Sse.Store(d + 3 * ds, u3.GetLower());
        Sse.Store(d + 4 * ds, u0.GetUpper());
        Sse.Store(d + 5 * ds, u1.GetUpper());
        Sse.Store(d + 6 * ds, u2.GetUpper());
        Sse.Store(d + 7 * ds, u3.GetUpper());
    }

    /// <summary>Rows <c>s[i*ss .. +4)</c>, i &lt; 4, become rows <c>d[q*ds .. +4)</c>, q &lt; 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(double* s, nint ss, double* d, nint ds)
    {
        Vector256<double> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + ss);
        Vector256<double> r2 = Avx.LoadVector256(s + 2 * ss), r3 = Avx.LoadVector256(s + 3 * ss);
        Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<double> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(d, Avx.Permute2x128(t0, t2, 0x20));
        Avx.Store(d + ds, Avx.Permute2x128(t1, t3, 0x20));
        Avx.Store(d + 2 * ds, Avx.Permute2x128(t0, t2, 0x31));
        Avx.Store(d + 3 * ds, Avx.Permute2x128(t1, t3, 0x31));
    }
}
