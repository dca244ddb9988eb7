using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SharpGrad.Kernels;

/// <summary>AVX2/FMA micro-kernel: a 6 x (2 vectors) tile of C in 12 ymm accumulators (6 x 16 for float, 6 x 8 for double).</summary>
internal readonly unsafe struct Avx2Kernel<T> : IGemmKernel<T> where T : unmanaged
{
    public static int MR => 6;
    public static int NR => 2 * Vector256<T>.Count;
    public static int KC => 256;
    public static int NC => 512;

    /// <summary>No narrower variant: the full tile.</summary>
    public static void RunNarrow(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int nr) => Run(kc, a, b, ldb, c, ldc, false);

    /// <summary>No shorter variant: the full tile.</summary>
    public static void RunShort(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int mr) => Run(kc, a, b, ldb, c, ldc, false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, nint ldb, T* c, nint ldc, bool accumulate)
    {
        nint v = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default;
        Vector256<T> c10 = default, c11 = default;
        Vector256<T> c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default;
        Vector256<T> c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            Vector256<T> b1 = Vector256.Load(b + v);
            Vector256<T> ai;
            ai = Vector256.Create(a[0]); c00 = GemmMath.Fma(ai, b0, c00); c01 = GemmMath.Fma(ai, b1, c01);
            ai = Vector256.Create(a[1]); c10 = GemmMath.Fma(ai, b0, c10); c11 = GemmMath.Fma(ai, b1, c11);
            ai = Vector256.Create(a[2]); c20 = GemmMath.Fma(ai, b0, c20); c21 = GemmMath.Fma(ai, b1, c21);
            ai = Vector256.Create(a[3]); c30 = GemmMath.Fma(ai, b0, c30); c31 = GemmMath.Fma(ai, b1, c31);
            ai = Vector256.Create(a[4]); c40 = GemmMath.Fma(ai, b0, c40); c41 = GemmMath.Fma(ai, b1, c41);
            ai = Vector256.Create(a[5]); c50 = GemmMath.Fma(ai, b0, c50); c51 = GemmMath.Fma(ai, b1, c51);
            a += 6;
            b += ldb;
        }
        if (accumulate)
        {
            Acc(c + 0 * ldc, v, c00, c01);
            Acc(c + 1 * ldc, v, c10, c11);
            Acc(c + 2 * ldc, v, c20, c21);
            Acc(c + 3 * ldc, v, c30, c31);
            Acc(c + 4 * ldc, v, c40, c41);
            Acc(c + 5 * ldc, v, c50, c51);
        }
        else
        {
            c00.Store(c + 0 * ldc); c01.Store(c + 0 * ldc + v);
            c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + v);
            c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + v);
            c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + v);
            c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + v);
            c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Acc(T* row, nint v, Vector256<T> x0, Vector256<T> x1)
    {
        (Vector256.Load(row) + x0).Store(row);
        (Vector256.Load(row + v) + x1).Store(row + v);
    }
}
