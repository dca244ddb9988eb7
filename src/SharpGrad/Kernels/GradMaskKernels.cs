using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpGrad.Kernels;

/// <summary>
/// <c>d[i] = pass(s[i]) ? g[i] : 0</c> in one pass, for the backward of relu and clamp (where the
/// general formula, <c>where(condition, grad, zeros_like(grad))</c>, would take three passes and
/// three buffers). Relu passes unless <c>s &lt;= 0</c> (so a NaN output passes its gradient, as
/// PyTorch's threshold_backward does); clamp passes where <c>lo &lt;= s &lt;= hi</c>.
/// </summary>
internal static class GradMaskKernels
{
    public static void Relu<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> s, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
        => Run<T, ReluMask>(g, s, d, T.Zero, T.Zero);

    public static void InRange<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> s, Span<T> d, T lo, T hi) where T : unmanaged, IFloatingPointIeee754<T>
        => Run<T, RangeMask>(g, s, d, lo, hi);

    private interface IMask
    {
        static abstract bool Pass<T>(T s, T lo, T hi) where T : IFloatingPointIeee754<T>;
        static abstract Vector512<T> Pass<T>(Vector512<T> s, Vector512<T> lo, Vector512<T> hi);
        static abstract Vector256<T> Pass<T>(Vector256<T> s, Vector256<T> lo, Vector256<T> hi);
    }

    private struct ReluMask : IMask
    {
        public static bool Pass<T>(T s, T lo, T hi) where T : IFloatingPointIeee754<T> => !(s <= T.Zero);
        public static Vector512<T> Pass<T>(Vector512<T> s, Vector512<T> lo, Vector512<T> hi) => ~Vector512.LessThanOrEqual(s, Vector512<T>.Zero);
        public static Vector256<T> Pass<T>(Vector256<T> s, Vector256<T> lo, Vector256<T> hi) => ~Vector256.LessThanOrEqual(s, Vector256<T>.Zero);
    }

    private struct RangeMask : IMask
    {
        public static bool Pass<T>(T s, T lo, T hi) where T : IFloatingPointIeee754<T> => s >= lo && s <= hi;
        public static Vector512<T> Pass<T>(Vector512<T> s, Vector512<T> lo, Vector512<T> hi)
            => Vector512.GreaterThanOrEqual(s, lo) & Vector512.LessThanOrEqual(s, hi);
        public static Vector256<T> Pass<T>(Vector256<T> s, Vector256<T> lo, Vector256<T> hi)
            => Vector256.GreaterThanOrEqual(s, lo) & Vector256.LessThanOrEqual(s, hi);
    }

    private static void Run<T, TMask>(ReadOnlySpan<T> g, ReadOnlySpan<T> s, Span<T> d, T lo, T hi)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMask : IMask
    {
        int n = d.Length;
        if (g.Length < n || s.Length < n) throw new ArgumentException("Operands shorter than the destination.");
        ref T gr = ref MemoryMarshal.GetReference(g);
        ref T sr = ref MemoryMarshal.GetReference(s);
        ref T dr = ref MemoryMarshal.GetReference(d);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vlo = Vector512.Create(lo);
            var vhi = Vector512.Create(hi);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var mask = TMask.Pass(Vector512.LoadUnsafe(ref sr, (nuint)i), vlo, vhi);
                (Vector512.LoadUnsafe(ref gr, (nuint)i) & mask).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vlo = Vector256.Create(lo);
            var vhi = Vector256.Create(hi);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var mask = TMask.Pass(Vector256.LoadUnsafe(ref sr, (nuint)i), vlo, vhi);
                (Vector256.LoadUnsafe(ref gr, (nuint)i) & mask).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref dr, i) = TMask.Pass(Unsafe.Add(ref sr, i), lo, hi) ? Unsafe.Add(ref gr, i) : T.Zero;
    }
}
