using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpGrad.Kernels;

/// <summary>AVX-512 micro-kernel: a 12 x (2 vectors) tile of C in 24 zmm accumulators (12 x 32 for float, 12 x 16 for double).</summary>
/// <remarks>The shape suits both AVX-512 designs SharpGrad has been measured on, so there is no
/// per-microarchitecture choice: 24 independent accumulators cover two FMA units of latency 4
/// (8 chains needed) on a core with two full-width 512-bit units (Sapphire Rapids and later Xeons)
/// as well as Zen 4's split 512-bit FMAs; per step of k, 2 vector loads of B and 12 broadcasts of A
/// feed 24 FMAs (fewer loads than either core issues in the time of those FMAs), and 24 + 3 of
/// the 32 zmm registers are live, so nothing spills.</remarks>
internal readonly unsafe struct Avx512Kernel<T> : IGemmKernel<T> where T : unmanaged
{
    public static int MR => 12;
    public static int NR => 2 * Vector512<T>.Count;
    public static int KC => 256;
    public static int NC => 512;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, nint ldb, T* c, nint ldc, bool accumulate)
    {
        nint v = Vector512<T>.Count;
        // Start fetching the C tile now; it is needed only after the k loop.
        for (int i = 0; i < 12; i++)
        {
            Sse.Prefetch0(c + i * ldc);
            Sse.Prefetch0(c + i * ldc + 2 * v - 1);
        }
        Vector512<T> c00 = default, c01 = default;
        Vector512<T> c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default;
        Vector512<T> c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default;
        Vector512<T> c70 = default, c71 = default;
        Vector512<T> c80 = default, c81 = default;
        Vector512<T> c90 = default, c91 = default;
        Vector512<T> c100 = default, c101 = default;
        Vector512<T> c110 = default, c111 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + v);
            Vector512<T> ai;
            ai = Vector512.Create(a[0]); c00 = GemmMath.Fma(ai, b0, c00); c01 = GemmMath.Fma(ai, b1, c01);
            ai = Vector512.Create(a[1]); c10 = GemmMath.Fma(ai, b0, c10); c11 = GemmMath.Fma(ai, b1, c11);
            ai = Vector512.Create(a[2]); c20 = GemmMath.Fma(ai, b0, c20); c21 = GemmMath.Fma(ai, b1, c21);
            ai = Vector512.Create(a[3]); c30 = GemmMath.Fma(ai, b0, c30); c31 = GemmMath.Fma(ai, b1, c31);
            ai = Vector512.Create(a[4]); c40 = GemmMath.Fma(ai, b0, c40); c41 = GemmMath.Fma(ai, b1, c41);
            ai = Vector512.Create(a[5]); c50 = GemmMath.Fma(ai, b0, c50); c51 = GemmMath.Fma(ai, b1, c51);
            ai = Vector512.Create(a[6]); c60 = GemmMath.Fma(ai, b0, c60); c61 = GemmMath.Fma(ai, b1, c61);
            ai = Vector512.Create(a[7]); c70 = GemmMath.Fma(ai, b0, c70); c71 = GemmMath.Fma(ai, b1, c71);
            ai = Vector512.Create(a[8]); c80 = GemmMath.Fma(ai, b0, c80); c81 = GemmMath.Fma(ai, b1, c81);
            ai = Vector512.Create(a[9]); c90 = GemmMath.Fma(ai, b0, c90); c91 = GemmMath.Fma(ai, b1, c91);
            ai = Vector512.Create(a[10]); c100 = GemmMath.Fma(ai, b0, c100); c101 = GemmMath.Fma(ai, b1, c101);
            ai = Vector512.Create(a[11]); c110 = GemmMath.Fma(ai, b0, c110); c111 = GemmMath.Fma(ai, b1, c111);
            a += 12;
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
            Acc(c + 6 * ldc, v, c60, c61);
            Acc(c + 7 * ldc, v, c70, c71);
            Acc(c + 8 * ldc, v, c80, c81);
            Acc(c + 9 * ldc, v, c90, c91);
            Acc(c + 10 * ldc, v, c100, c101);
            Acc(c + 11 * ldc, v, c110, c111);
        }
        else
        {
            c00.Store(c + 0 * ldc); c01.Store(c + 0 * ldc + v);
            c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + v);
            c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + v);
            c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + v);
            c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + v);
            c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + v);
            c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + v);
            c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + v);
            c80.Store(c + 8 * ldc); c81.Store(c + 8 * ldc + v);
            c90.Store(c + 9 * ldc); c91.Store(c + 9 * ldc + v);
            c100.Store(c + 10 * ldc); c101.Store(c + 10 * ldc + v);
            c110.Store(c + 11 * ldc); c111.Store(c + 11 * ldc + v);
        }
    }

    /// <summary>
    /// An edge panel of at most one vector of columns: 12 rows by one zmm (or, for at most half a
    /// vector, one ymm: Zen 4, which splits a zmm FMA into two halves, retires ymm FMAs at twice
    /// the rate; cores with full-width 512-bit units retire both at the same rate), instead of the
    /// full two-vector tile whose padding columns would be multiplied for nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunNarrow(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int nr)
    {
        if (nr <= Vector256<T>.Count)
            Narrow256(kc, a, b, ldb, c, ldc);
        else if (nr <= Vector512<T>.Count)
            Narrow512(kc, a, b, ldb, c, ldc);
        else
            Run(kc, a, b, ldb, c, ldc, false);
    }

    /// <summary>
    /// The last panel of rows when it holds at most 8 of the 12: four rows at a time (8 zmm
    /// accumulators), instead of the full tile multiplying padding rows (seed 001's 64-row product
    /// spends a ninth of its multiply-adds on its last panel's 8 padding rows otherwise).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunShort(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int mr)
    {
        if (mr > 8)
        {
            Run(kc, a, b, ldb, c, ldc, false);
            return;
        }
        Short4(kc, a, b, ldb, c, ldc);
        if (mr > 4)
            Short4(kc, a + 4, b, ldb, c + 4 * ldc, ldc);
    }

    /// <summary>Rows 0-3 of a 12-row panel of A (stride 12) times two vectors of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Short4(int kc, T* a, T* b, nint ldb, T* c, nint ldc)
    {
        nint v = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + v);
            Vector512<T> ai;
            ai = Vector512.Create(a[0]); c00 = GemmMath.Fma(ai, b0, c00); c01 = GemmMath.Fma(ai, b1, c01);
            ai = Vector512.Create(a[1]); c10 = GemmMath.Fma(ai, b0, c10); c11 = GemmMath.Fma(ai, b1, c11);
            ai = Vector512.Create(a[2]); c20 = GemmMath.Fma(ai, b0, c20); c21 = GemmMath.Fma(ai, b1, c21);
            ai = Vector512.Create(a[3]); c30 = GemmMath.Fma(ai, b0, c30); c31 = GemmMath.Fma(ai, b1, c31);
            a += 12;
            b += ldb;
        }
        c00.Store(c); c01.Store(c + v);
        c10.Store(c + ldc); c11.Store(c + ldc + v);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + v);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + v);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow512(int kc, T* a, T* b, nint ldb, T* c, nint ldc)
    {
        Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<T> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            c0 = GemmMath.Fma(Vector512.Create(a[0]), b0, c0);
            c1 = GemmMath.Fma(Vector512.Create(a[1]), b0, c1);
            c2 = GemmMath.Fma(Vector512.Create(a[2]), b0, c2);
            c3 = GemmMath.Fma(Vector512.Create(a[3]), b0, c3);
            c4 = GemmMath.Fma(Vector512.Create(a[4]), b0, c4);
            c5 = GemmMath.Fma(Vector512.Create(a[5]), b0, c5);
            c6 = GemmMath.Fma(Vector512.Create(a[6]), b0, c6);
            c7 = GemmMath.Fma(Vector512.Create(a[7]), b0, c7);
            c8 = GemmMath.Fma(Vector512.Create(a[8]), b0, c8);
            c9 = GemmMath.Fma(Vector512.Create(a[9]), b0, c9);
            c10 = GemmMath.Fma(Vector512.Create(a[10]), b0, c10);
            c11 = GemmMath.Fma(Vector512.Create(a[11]), b0, c11);
            a += 12;
            b += ldb;
        }
        c0.Store(c); c1.Store(c + ldc); c2.Store(c + 2 * ldc); c3.Store(c + 3 * ldc);
        c4.Store(c + 4 * ldc); c5.Store(c + 5 * ldc); c6.Store(c + 6 * ldc); c7.Store(c + 7 * ldc);
        c8.Store(c + 8 * ldc); c9.Store(c + 9 * ldc); c10.Store(c + 10 * ldc); c11.Store(c + 11 * ldc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow256(int kc, T* a, T* b, nint ldb, T* c, nint ldc)
    {
        Vector256<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector256<T> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            c0 = GemmMath.Fma(Vector256.Create(a[0]), b0, c0);
            c1 = GemmMath.Fma(Vector256.Create(a[1]), b0, c1);
            c2 = GemmMath.Fma(Vector256.Create(a[2]), b0, c2);
            c3 = GemmMath.Fma(Vector256.Create(a[3]), b0, c3);
            c4 = GemmMath.Fma(Vector256.Create(a[4]), b0, c4);
            c5 = GemmMath.Fma(Vector256.Create(a[5]), b0, c5);
            c6 = GemmMath.Fma(Vector256.Create(a[6]), b0, c6);
            c7 = GemmMath.Fma(Vector256.Create(a[7]), b0, c7);
            c8 = GemmMath.Fma(Vector256.Create(a[8]), b0, c8);
            c9 = GemmMath.Fma(Vector256.Create(a[9]), b0, c9);
            c10 = GemmMath.Fma(Vector256.Create(a[10]), b0, c10);
            c11 = GemmMath.Fma(Vector256.Create(a[11]), b0, c11);
            a += 12;
            b += ldb;
        }
        c0.Store(c); c1.Store(c + ldc); c2.Store(c + 2 * ldc); c3.Store(c + 3 * ldc);
        c4.Store(c + 4 * ldc); c5.Store(c + 5 * ldc); c6.Store(c + 6 * ldc); c7.Store(c + 7 * ldc);
        c8.Store(c + 8 * ldc); c9.Store(c + 9 * ldc); c10.Store(c + 10 * ldc); c11.Store(c + 11 * ldc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Acc(T* row, nint v, Vector512<T> x0, Vector512<T> x1)
    {
        (Vector512.Load(row) + x0).Store(row);
        (Vector512.Load(row + v) + x1).Store(row + v);
    }
}

/// <summary>AVX-512 micro-kernel for products with few rows: a 4 x (4 vectors) tile of C in 16 zmm accumulators (4 x 64 for float, 4 x 32 for double).</summary>
internal readonly unsafe struct Avx512KernelM4<T> : IGemmKernel<T> where T : unmanaged
{
    public static int MR => 4;
    public static int NR => 4 * Vector512<T>.Count;
    public static int KC => 256;
    public static int NC => 512;

    /// <summary>No narrower variant: the full tile.</summary>
    public static void RunNarrow(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int nr) => Run(kc, a, b, ldb, c, ldc, false);

    /// <summary>No shorter variant: the full tile.</summary>
    public static void RunShort(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int mr) => Run(kc, a, b, ldb, c, ldc, false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, nint ldb, T* c, nint ldc, bool accumulate)
    {
        nint v = Vector512<T>.Count;
        // Start fetching the C tile now; it is needed only after the k loop.
        for (int i = 0; i < 4; i++)
        {
            Sse.Prefetch0(c + i * ldc);
            Sse.Prefetch0(c + i * ldc + 4 * v - 1);
        }
        Vector512<T> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<T> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<T> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<T> c30 = default, c31 = default, c32 = default, c33 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + v);
            Vector512<T> b2 = Vector512.Load(b + 2 * v);
            Vector512<T> b3 = Vector512.Load(b + 3 * v);
            Vector512<T> ai;
            ai = Vector512.Create(a[0]); c00 = GemmMath.Fma(ai, b0, c00); c01 = GemmMath.Fma(ai, b1, c01); c02 = GemmMath.Fma(ai, b2, c02); c03 = GemmMath.Fma(ai, b3, c03);
            ai = Vector512.Create(a[1]); c10 = GemmMath.Fma(ai, b0, c10); c11 = GemmMath.Fma(ai, b1, c11); c12 = GemmMath.Fma(ai, b2, c12); c13 = GemmMath.Fma(ai, b3, c13);
            ai = Vector512.Create(a[2]); c20 = GemmMath.Fma(ai, b0, c20); c21 = GemmMath.Fma(ai, b1, c21); c22 = GemmMath.Fma(ai, b2, c22); c23 = GemmMath.Fma(ai, b3, c23);
            ai = Vector512.Create(a[3]); c30 = GemmMath.Fma(ai, b0, c30); c31 = GemmMath.Fma(ai, b1, c31); c32 = GemmMath.Fma(ai, b2, c32); c33 = GemmMath.Fma(ai, b3, c33);
            a += 4;
            b += ldb;
        }
        if (accumulate)
        {
            Acc(c + 0 * ldc, v, c00, c01, c02, c03);
            Acc(c + 1 * ldc, v, c10, c11, c12, c13);
            Acc(c + 2 * ldc, v, c20, c21, c22, c23);
            Acc(c + 3 * ldc, v, c30, c31, c32, c33);
        }
        else
        {
            c00.Store(c + 0 * ldc); c01.Store(c + 0 * ldc + v); c02.Store(c + 0 * ldc + 2 * v); c03.Store(c + 0 * ldc + 3 * v);
            c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + v); c12.Store(c + 1 * ldc + 2 * v); c13.Store(c + 1 * ldc + 3 * v);
            c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + v); c22.Store(c + 2 * ldc + 2 * v); c23.Store(c + 2 * ldc + 3 * v);
            c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + v); c32.Store(c + 3 * ldc + 2 * v); c33.Store(c + 3 * ldc + 3 * v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Acc(T* row, nint v, Vector512<T> x0, Vector512<T> x1, Vector512<T> x2, Vector512<T> x3)
    {
        (Vector512.Load(row) + x0).Store(row);
        (Vector512.Load(row + v) + x1).Store(row + v);
        (Vector512.Load(row + 2 * v) + x2).Store(row + 2 * v);
        (Vector512.Load(row + 3 * v) + x3).Store(row + 3 * v);
    }
}
