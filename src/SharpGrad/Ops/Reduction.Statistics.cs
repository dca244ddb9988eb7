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
        if (!a._dtype.IsFloatingPoint())
            throw new InvalidOperationException("std and var only support floating point and complex dtypes");
        var mask = ReduceMask(a._shape.Length, dims ?? []);
        var reduceDims = dims is null || dims.Length == 0 ? AllDims(a._shape.Length) : dims;
        long count = 1;
        for (int i = 0; i < mask.Length; i++) if (mask[i]) count *= a._shape[i];
        Tensor result;
        using (new GradModeScope(false))
        {
            var x = a.ToDTypeIfNeeded(ScalarType.Float64);
            var centered = x - Mean(x, reduceDims, keepdim: true, dtype: null);
            var squares = Sum(centered * centered, reduceDims, keepdim, dtype: null);
            result = squares / Math.Max(0.0, count - correction);
            if (takeSqrt) result = result.sqrt();
            result = result.ToDTypeIfNeeded(a._dtype);
        }
        if (Autograd.NeedsGrad(a))
            result.SetHistory(takeSqrt
                ? new StdBackward0(a, result, mask, keepdim, count - correction)
                : new VarBackward0(a, mask, keepdim, count - correction));
        return result;
    }

    /// <summary>var_backward: 2 / (N − correction) · grad · (x − mean(x)).</summary>
    internal static Tensor VarGradient(Tensor grad, Tensor self, bool[] mask, bool keepdim, double dof)
    {
        var g = UnsqueezeReduced(grad, mask, keepdim);
        return 2.0 / dof * g * (self - Mean(self, MaskedDims(mask), keepdim: true, dtype: null));
    }

    internal sealed class VarBackward0 : Node
    {
        private readonly bool[] _mask;
        private readonly bool _keepdim;
        private readonly double _dof;

        public VarBackward0(Tensor a, bool[] mask, bool keepdim, double dof) : base([a])
        {
            _mask = mask;
            _keepdim = keepdim;
            _dof = dof;
            SaveForBackward(a);
        }

        internal override Tensor?[] Apply(Tensor grad) => [VarGradient(grad, Saved(0), _mask, _keepdim, _dof)];
    }

    /// <summary>std_backward: var_backward of grad / (2·std), zero where std is zero.</summary>
    internal sealed class StdBackward0 : Node
    {
        private readonly bool[] _mask;
        private readonly bool _keepdim;
        private readonly double _dof;

        public StdBackward0(Tensor a, Tensor result, bool[] mask, bool keepdim, double dof) : base([a])
        {
            _mask = mask;
            _keepdim = keepdim;
            _dof = dof;
            SaveForBackward(a, result);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var result = Saved(1);
            var gradVar = Selection.Where(result == 0, torch.zeros_like(grad), grad / (result * 2.0));
            return [VarGradient(gradVar, Saved(0), _mask, _keepdim, _dof)];
        }
    }

    /// <summary>log Σ exp(x) over <paramref name="dims"/> (empty: all), stabilised by the maximum
    /// of each slice (infinite maxima replaced by 0, as PyTorch does). Integral inputs become float32.</summary>
    public static Tensor LogSumExp(Tensor a, int[] dims, bool keepdim)
    {
        if (!a._dtype.IsFloatingPoint()) a = a.to(ScalarType.Float32);
        var mask = ReduceMask(a._shape.Length, dims);
        var reduceDims = MaskedDims(mask);
        if (a._shape.Length == 0) reduceDims = [];
        Tensor result;
        using (new GradModeScope(false))
        {
            if (a.NumelInt == 0)
                result = Sum(a.exp(), reduceDims, keepdim, dtype: null).log();
            else
            {
                var max = Amax(a, reduceDims, keepdim: true, isMax: true);
                max = Selection.Where(max.abs() == double.PositiveInfinity, torch.zeros_like(max), max);
                var shift = keepdim ? max : max.reshape(ToLong(ReducedShape(a._shape, mask, keepdim: false)));
                result = Sum((a - max).exp(), reduceDims, keepdim, dtype: null).log() + shift;
            }
        }
        if (Autograd.NeedsGrad(a)) result.SetHistory(new LogsumexpBackward0(a, result, mask, keepdim));
        return result;
    }

    /// <summary>logsumexp_backward: grad · exp(x − result).</summary>
    internal sealed class LogsumexpBackward0 : Node
    {
        private readonly bool[] _mask;
        private readonly bool _keepdim;

        public LogsumexpBackward0(Tensor a, Tensor result, bool[] mask, bool keepdim) : base([a])
        {
            _mask = mask;
            _keepdim = keepdim;
            SaveForBackward(a, result);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var g = UnsqueezeReduced(grad, _mask, _keepdim);
            var r = UnsqueezeReduced(Saved(1), _mask, _keepdim);
            return [g * (Saved(0) - r).exp()];
        }
    }

    /// <summary>Inclusive cumulative sum along <paramref name="dim"/> (from the end when
    /// <paramref name="reverse"/>); integral and bool inputs sum in int64.</summary>
    public static Tensor Cumsum(Tensor a, long dim, ScalarType? dtype, bool reverse = false)
    {
        if (dtype is { } dt && dt != a._dtype && dt.IsFloatingPoint() && a._dtype.IsFloatingPoint())
            return Cumsum(a.to(dt), dim, null, reverse);
        var outType = dtype ?? (a._dtype.IsFloatingPoint() ? a._dtype : ScalarType.Int64);
        if (outType == ScalarType.Bool) outType = ScalarType.Int64;
        int d = Tensor.NormalizeDim(dim, a._shape.Length);
        var x = Copy.Contiguous(a.ToDTypeIfNeeded(outType));
        var result = Tensor.Empty(a._shape, outType, uninitialized: true);
        var (outer, n, inner) = Split(a._shape, d);
        switch (outType)
        {
            case ScalarType.Float32: ReduceKernels.Cumsum<float, double>(x.ContiguousSpan<float>(), outer, n, inner, reverse, result.ContiguousSpan<float>()); break;
            case ScalarType.Float64: ReduceKernels.Cumsum<double, double>(x.ContiguousSpan<double>(), outer, n, inner, reverse, result.ContiguousSpan<double>()); break;
            default: ReduceKernels.Cumsum<long, long>(x.ContiguousSpan<long>(), outer, n, inner, reverse, result.ContiguousSpan<long>()); break;
        }
        if (outType.IsFloatingPoint() && Autograd.NeedsGrad(a)) result.SetHistory(new CumsumBackward0(a, d, reverse));
        return result;
    }

    /// <summary>The gradient of a cumulative sum is the cumulative sum taken the other way.</summary>
    internal sealed class CumsumBackward0(Tensor a, int dim, bool reverse) : Node([a])
    {
        internal override Tensor?[] Apply(Tensor grad) => [Cumsum(grad, dim, null, !reverse)];
    }
}
