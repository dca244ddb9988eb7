using SharpGrad.Kernels;

namespace SharpGrad.Ops;

// var / std, logsumexp and cumsum.
internal static partial class Reduction
{
    /// <summary>All dims of a rank, for reductions whose "no dim" means every dim.</summary>
    private static int[] AllDims(int rank) => Enumerable.Range(0, rank).ToArray();

    /// <summary>
    /// Variance (or, with <paramref name="takeSqrt"/>, standard deviation) over <paramref name="dims"/>
    /// (null or empty: all), dividing by max(0, N − correction). Computed in float64 by two passes
    /// and rounded to the input's dtype.
    /// </summary>
    public static Tensor Var(Tensor a, int[]? dims, double correction, bool keepdim, bool takeSqrt)
    {
        if (!a.ElementType.IsFloatingPoint())
            throw new InvalidOperationException("std and var only support floating point and complex dtypes");
        var mask = ReduceMask(a.Sizes.Length, dims ?? []);
        var reduceDims = dims is null || dims.Length == 0 ? AllDims(a.Sizes.Length) : dims;
        long count = 1;
        for (int i = 0; i < mask.Length; i++) if (mask[i]) count *= a.Sizes[i];
        Tensor result;
        if (count == a.NumelInt && count > 0 && a.IsContiguous && a.ElementType is ScalarType.Float32 or ScalarType.Float64)
            result = VarianceOfAll(a, correction, keepdim, takeSqrt);
        else
            using (new GradModeScope(false))
            {
                var x = a.ToDTypeIfNeeded(ScalarType.Float64);
                var centered = x - Mean(x, reduceDims, keepdim: true, dtype: null);
                var squares = Sum(centered * centered, reduceDims, keepdim, dtype: null);
                result = squares / Math.Max(0.0, count - correction);
                if (takeSqrt) result = result.sqrt();
                result = result.ToDTypeIfNeeded(a.ElementType);
            }
        if (Autograd.NeedsGrad(a))
            result.SetHistory(takeSqrt
                // std_backward: var_backward of grad / (2·std), zero where std is zero.
                ? new ReductionBackward("StdBackward0", a, mask, keepdim, static (g, n) =>
                {
                    var std = n.Result;
                    return VarGradient(Selection.Where(std == 0, torch.zeros_like(g), g / (std * 2.0)), n);
                }, savedInput: a, savedResult: result, scalar: count - correction)
                : new ReductionBackward("VarBackward0", a, mask, keepdim, VarGradient, savedInput: a, scalar: count - correction));
        return result;
    }

    /// <summary>The variance (or standard deviation) of every element of a contiguous float32 or
    /// float64 tensor, with no temporary the size of the input (<see cref="VarianceKernels"/>);
    /// the same two passes in float64 as the general path.</summary>
    private static Tensor VarianceOfAll(Tensor a, double correction, bool keepdim, bool takeSqrt)
    {
        double variance = a.ElementType == ScalarType.Float32
            ? VarianceKernels.VarianceOfAll<float>(a.ContiguousSpan<float>(), correction)
            : VarianceKernels.VarianceOfAll<double>(a.ContiguousSpan<double>(), correction);
        GC.KeepAlive(a);
        var result = Tensor.Scalar(takeSqrt ? Math.Sqrt(variance) : variance);
        if (keepdim) result = result.reshape(Enumerable.Repeat(1L, a.Sizes.Length).ToArray());
        return result.ToDTypeIfNeeded(a.ElementType);
    }

    /// <summary>var_backward: 2 / (N − correction) · grad · (x − mean(x)).</summary>
    private static Tensor VarGradient(Tensor g, ReductionBackward n)
        => 2.0 / n.Scalar * g * (n.Input - Mean(n.Input, n.Dims, keepdim: true, dtype: null));

    /// <summary>log Σ exp(x) over <paramref name="dims"/> (empty: all), stabilised by the maximum
    /// of each slice (infinite maxima replaced by 0, as PyTorch does). Integral inputs become float32.</summary>
    public static Tensor LogSumExp(Tensor a, int[] dims, bool keepdim)
    {
        if (!a.ElementType.IsFloatingPoint()) a = a.to(ScalarType.Float32);
        var mask = ReduceMask(a.Sizes.Length, dims);
        var reduceDims = MaskedDims(mask);
        if (a.Sizes.Length == 0) reduceDims = [];
        Tensor result;
        using (new GradModeScope(false))
        {
            if (a.NumelInt == 0)
                result = Sum(a.exp(), reduceDims, keepdim, dtype: null).log();
            else
            {
                var max = Amax(a, reduceDims, keepdim: true, isMax: true);
                max = Selection.Where(max.abs() == double.PositiveInfinity, torch.zeros_like(max), max);
                var shift = keepdim ? max : max.reshape(ToLong(ReducedShape(a.Sizes, mask, keepdim: false)));
                result = Sum((a - max).exp(), reduceDims, keepdim, dtype: null).log() + shift;
            }
        }
        // logsumexp_backward: grad · exp(x − result).
        if (Autograd.NeedsGrad(a))
            result.SetHistory(new ReductionBackward("LogsumexpBackward0", a, mask, keepdim,
                static (g, n) => g * (n.Input - n.Result).exp(), savedInput: a, savedResult: result));
        return result;
    }

    /// <summary>Inclusive cumulative sum along <paramref name="dim"/> (from the end when
    /// <paramref name="reverse"/>); integral and bool inputs sum in int64.</summary>
    public static Tensor Cumsum(Tensor a, long dim, ScalarType? dtype, bool reverse = false)
    {
        if (dtype is { } dt && dt != a.ElementType && dt.IsFloatingPoint() && a.ElementType.IsFloatingPoint())
            return Cumsum(a.to(dt), dim, null, reverse);
        var outType = dtype ?? (a.ElementType.IsFloatingPoint() ? a.ElementType : ScalarType.Int64);
        if (outType == ScalarType.Bool) outType = ScalarType.Int64;
        int d = Tensor.NormalizeDim(dim, a.Sizes.Length);
        var accumulate = outType.ComputeType();
        var x = Copy.Contiguous(a.ToDTypeIfNeeded(accumulate));
        var result = Tensor.Empty(a.Sizes, accumulate, uninitialized: true);
        var (outer, n, inner) = Split(a.Sizes, d);
        switch (accumulate)
        {
            case ScalarType.Float32: ReduceKernels.Cumsum<float, double>(x.ContiguousSpan<float>(), outer, n, inner, reverse, result.ContiguousSpan<float>()); break;
            case ScalarType.Float64: ReduceKernels.Cumsum<double, double>(x.ContiguousSpan<double>(), outer, n, inner, reverse, result.ContiguousSpan<double>()); break;
            case ScalarType.Int64: ReduceKernels.Cumsum<long, long>(x.ContiguousSpan<long>(), outer, n, inner, reverse, result.ContiguousSpan<long>()); break;
            default: throw new NotSupportedException($"unsupported dtype {accumulate.TorchName()}");
        }
        GC.KeepAlive(x);
        result = result.ToDTypeIfNeeded(outType);
        // The gradient of a cumulative sum is the cumulative sum taken the other way.
        if (outType.IsFloatingPoint() && Autograd.NeedsGrad(a))
            result.SetHistory(new UnaryBackward<(int dim, bool reverse)>("CumsumBackward0", a, null, (d, reverse),
                static (g, _, p) => Cumsum(g, p.dim, null, !p.reverse)));
        return result;
    }
}
