using System.Numerics;
using System.Runtime.CompilerServices;

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
                // Row-major A: MR read streams, contiguous writes.
                for (int p = 0; p < kc; p++, dst += MR)
                {
                    T* s = src + p;
                    for (int i = 0; i < MR; i++)
                        dst[i] = s[i * rs];
                }
                return;
            }
        }
        for (int p = 0; p < kc; p++, dst += MR)
        {
            T* s = src + p * cs;
            int i = 0;
            for (; i < mr; i++)
                dst[i] = s[i * rs];
            for (; i < MR; i++)
                dst[i] = T.Zero;
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
                // Column-major (transposed) B: NR read streams, contiguous writes.
                for (int p = 0; p < kc; p++, dst += NR)
                {
                    T* s = src + p;
                    for (int j = 0; j < NR; j++)
                        dst[j] = s[j * cs];
                }
                return;
            }
        }
        for (int p = 0; p < kc; p++, dst += NR)
        {
            T* s = src + p * rs;
            int j = 0;
            for (; j < nr; j++)
                dst[j] = s[j * cs];
            for (; j < NR; j++)
                dst[j] = T.Zero;
        }
    }
}
