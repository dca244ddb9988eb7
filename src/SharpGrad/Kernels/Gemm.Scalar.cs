using System.Numerics;
using System.Runtime.CompilerServices;

namespace SharpGrad.Kernels;

/// <summary>Portable scalar micro-kernel: a 4 x 4 tile of C in 16 scalar accumulators.</summary>
internal readonly unsafe struct ScalarKernel<T> : IGemmKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => 4;
    public static int NR => 4;
    public static int KC => 256;
    public static int NC => 256;

    /// <summary>No narrower variant: the full tile.</summary>
    public static void RunNarrow(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int nr) => Run(kc, a, b, ldb, c, ldc, false);

    /// <summary>No shorter variant: the full tile.</summary>
    public static void RunShort(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int mr) => Run(kc, a, b, ldb, c, ldc, false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, nint ldb, T* c, nint ldc, bool accumulate)
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
        T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        for (int p = 0; p < kc; p++)
        {
            T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            T ai;
            ai = a[0]; c00 += ai * b0; c01 += ai * b1; c02 += ai * b2; c03 += ai * b3;
            ai = a[1]; c10 += ai * b0; c11 += ai * b1; c12 += ai * b2; c13 += ai * b3;
            ai = a[2]; c20 += ai * b0; c21 += ai * b1; c22 += ai * b2; c23 += ai * b3;
            ai = a[3]; c30 += ai * b0; c31 += ai * b1; c32 += ai * b2; c33 += ai * b3;
            a += 4;
            b += ldb;
        }
        if (accumulate)
        {
            T* r0 = c + 0 * ldc; r0[0] += c00; r0[1] += c01; r0[2] += c02; r0[3] += c03;
            T* r1 = c + 1 * ldc; r1[0] += c10; r1[1] += c11; r1[2] += c12; r1[3] += c13;
            T* r2 = c + 2 * ldc; r2[0] += c20; r2[1] += c21; r2[2] += c22; r2[3] += c23;
            T* r3 = c + 3 * ldc; r3[0] += c30; r3[1] += c31; r3[2] += c32; r3[3] += c33;
        }
        else
        {
            T* r0 = c + 0 * ldc; r0[0] = c00; r0[1] = c01; r0[2] = c02; r0[3] = c03;
            T* r1 = c + 1 * ldc; r1[0] = c10; r1[1] = c11; r1[2] = c12; r1[3] = c13;
            T* r2 = c + 2 * ldc; r2[0] = c20; r2[1] = c21; r2[2] = c22; r2[3] = c23;
            T* r3 = c + 3 * ldc; r3[0] = c30; r3[1] = c31; r3[2] = c32; r3[3] = c33;
        }
    }
}
