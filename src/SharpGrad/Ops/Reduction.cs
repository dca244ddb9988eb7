using System.Numerics;
using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Reductions and their backward formulas.</summary>
internal static partial class Reduction
{
    /// <summary>Normalised, de-duplicated reduction dims; null or empty means all dims.</summary>
    internal static bool[] ReduceMask(int rank, ReadOnlySpan<int> dims)
    {
        var mask = new bool[rank];
        if (dims.Length == 0) { Array.Fill(mask, true); return mask; }
        foreach (var d in dims)
        {
            int nd = Tensor.NormalizeDim(d, rank);
            if (rank == 0) continue;
            if (mask[nd]) throw new ArgumentException($"dim {nd} appears multiple times in the list of dims");
            mask[nd] = true;
        }
        return mask;
    }

    internal static int[] ReducedShape(int[] shape, bool[] mask, bool keepdim)
    {
        var r = new List<int>(shape.Length);
        for (int i = 0; i < shape.Length; i++)
        {
            if (!mask[i]) r.Add(shape[i]);
            else if (keepdim) r.Add(1);
        }
        return r.ToArray();
    }

    /// <summary>Sum over <paramref name="dims"/> (all when empty); integral and bool inputs sum to int64.</summary>
    public static Tensor Sum(Tensor a, int[]? dims, bool keepdim, ScalarType? dtype)
    {
        var outType = dtype ?? (a.ElementType.IsFloatingPoint() ? a.ElementType : ScalarType.Int64);
        // float16/bfloat16 accumulate in float32 and round once, as PyTorch's CPU sum; a narrow
        // integer output dtype sums in int64 and wraps.
        var accumulate = outType.ComputeType();
        var x = Copy.Contiguous(a.ToDTypeIfNeeded(accumulate));
        bool all = dims is null || dims.Length == 0;
        var mask = ReduceMask(a.Sizes.Length, dims ?? []);
        var outShape = all && !keepdim ? [] : ReducedShape(a.Sizes, mask, keepdim);
        var result = Tensor.Empty(outShape, accumulate, uninitialized: true);
        var (sizes, reduced) = ReduceLoops.Group(a.Sizes, mask);
        switch (accumulate)
        {
            case ScalarType.Float32: ReduceLoops.Sum(x.ContiguousSpan<float>(), sizes, reduced, result.ContiguousSpan<float>()); break;
            case ScalarType.Float64: ReduceLoops.Sum(x.ContiguousSpan<double>(), sizes, reduced, result.ContiguousSpan<double>()); break;
            case ScalarType.Int64: ReduceLoops.Sum(x.ContiguousSpan<long>(), sizes, reduced, result.ContiguousSpan<long>()); break;
            default: throw new NotSupportedException("sum to bool is not supported");
        }
        GC.KeepAlive(x);
        result = result.ToDTypeIfNeeded(outType);
        if (Autograd.NeedsGrad(a))
            // sum_backward: the gradient expanded to the input's shape.
            result.SetHistory(new ReductionBackward(all && dims is null ? "SumBackward0" : "SumBackward1", a, mask, keepdim,
                static (g, n) => g.expand(n.Shape)));
        return result;
    }

    /// <summary>Puts back the reduced dimensions as size 1 so the gradient broadcasts to the input.</summary>
    internal static Tensor UnsqueezeReduced(Tensor grad, bool[] mask, bool keepdim)
    {
        if (keepdim) return grad;
        for (int i = 0; i < mask.Length; i++)
            if (mask[i]) grad = grad.unsqueeze(i);
        return grad;
    }

    // Plain loops rather than Array.ConvertAll: its int/long instantiations are not precompiled
    // anywhere, and a shape conversion runs in nearly every program's first backward.

    /// <summary>The values as longs (shapes for the public API).</summary>
    internal static long[] ToLong(int[] shape)
    {
        var result = new long[shape.Length];
        for (int i = 0; i < shape.Length; i++) result[i] = shape[i];
        return result;
    }

    /// <summary>The values as ints (dims from the public API; unchecked, as a cast).</summary>
    internal static int[] ToInt(long[] dims)
    {
        var result = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++) result[i] = (int)dims[i];
        return result;
    }

    public static Tensor Mean(Tensor a, int[]? dims, bool keepdim, ScalarType? dtype)
    {
        var outType = dtype ?? a.ElementType;
        if (!outType.IsFloatingPoint())
            throw new InvalidOperationException(
                $"mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {a.ElementType.CTypeName()}");
        var mask = ReduceMask(a.Sizes.Length, dims ?? []);
        long count = 1;
        for (int i = 0; i < mask.Length; i++) if (mask[i]) count *= a.Sizes[i];
        Tensor result;
        using (new GradModeScope(false))
            result = Sum(a, dims, keepdim, outType) / (double)count;
        result.GradFn = null;
        if (Autograd.NeedsGrad(a))
            // mean_backward: the gradient expanded to the input's shape, over the element count.
            result.SetHistory(new ReductionBackward(dims is null ? "MeanBackward0" : "MeanBackward1", a, mask, keepdim,
                static (g, n) => g.expand(n.Shape) / n.Scalar, scalar: count));
        return result;
    }
}
