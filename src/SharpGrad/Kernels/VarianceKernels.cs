using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace SharpGrad.Kernels;

/// <summary>
/// The variance of a whole contiguous float32 or float64 buffer, in float64, by two passes (the mean,
/// then Σ(x − mean)²) over blocks widened into a small buffer: no temporary the size of the input.
/// PyTorch computes a full-tensor std/var on the CPU the same way (<c>std_var_all_cpu</c>: two passes
/// accumulated in double), and standardising a dataset (<c>x.std()</c> over tens of millions of
/// elements) would otherwise allocate three float64 copies of it.
/// </summary>
internal static class VarianceKernels
{
    private const int Block = 2048;

    /// <summary>Σ(x − mean)² / max(0, n − correction) of <paramref name="x"/> (T is float or double, n &gt; 0).</summary>
    public static double VarianceOfAll<T>(ReadOnlySpan<T> x, double correction) where T : unmanaged
    {
        Span<double> block = stackalloc double[Block];
        double sum = 0;
        for (int start = 0; start < x.Length; start += Block)
        {
            var widened = Widen(x.Slice(start, Math.Min(Block, x.Length - start)), block);
            sum += TensorPrimitives.Sum<double>(widened);
        }
        double mean = sum / x.Length;
        double squares = 0;
        for (int start = 0; start < x.Length; start += Block)
        {
            var centered = Widen(x.Slice(start, Math.Min(Block, x.Length - start)), block);
            TensorPrimitives.Subtract(centered, mean, centered);
            squares += TensorPrimitives.SumOfSquares<double>(centered);
        }
        return squares / Math.Max(0.0, x.Length - correction);
    }

    /// <summary><paramref name="source"/> as float64 in the first elements of <paramref name="block"/>.</summary>
    private static Span<double> Widen<T>(ReadOnlySpan<T> source, Span<double> block) where T : unmanaged
    {
        var widened = block[..source.Length];
        if (typeof(T) == typeof(float))
            TensorPrimitives.ConvertChecked(MemoryMarshal.Cast<T, float>(source), widened);
        else if (typeof(T) == typeof(double))
            MemoryMarshal.Cast<T, double>(source).CopyTo(widened);
        else
            throw new NotSupportedException($"VarianceOfAll: element type {typeof(T).Name} is not float or double");
        return widened;
    }
}
