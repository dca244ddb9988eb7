using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// gather along a dimension, and its adjoint: scatter-add of a gradient into a zero tensor.
/// Each is the other's backward, so max(dim)/min(dim) and gather stay differentiable to any order.
/// </summary>
internal static class GatherScatter
{
    /// <summary>out[i][j][k] = a[i][index[i][j][k]][k] for dim = 1 (PyTorch's torch.gather).</summary>
    public static Tensor Gather(Tensor a, long dim, Tensor index)
    {
        if (index._dtype != ScalarType.Int64)
            throw new InvalidOperationException("gather(): Expected dtype int64 for index");
        int rank = Math.Max(a._shape.Length, 1);
        int d = Tensor.NormalizeDim(dim, a._shape.Length);
        if (Math.Max(index._shape.Length, 1) != rank)
            throw new InvalidOperationException("Index tensor must have the same number of dimensions as input tensor");
        var selfShape = NonEmptyShape(a._shape);
        var indexShape = NonEmptyShape(index._shape);
        for (int i = 0; i < rank; i++)
            if (i != d && indexShape[i] > selfShape[i])
                throw new InvalidOperationException(
                    $"Size does not match at dimension {i} expected index {Tensor.ShapeString(index._shape)} to be no larger than self {Tensor.ShapeString(a._shape)} apart from dimension {d}");

        var result = Tensor.Empty(index._shape, a._dtype, uninitialized: true);
        if (result.NumelInt > 0)
        {
            var x = Copy.Contiguous(a);
            var idx = Copy.Contiguous(index).ContiguousSpan<long>();
            switch (a._dtype)
            {
                case ScalarType.Float32: ReduceKernels.Gather<float>(x.ContiguousSpan<float>(), selfShape, idx, indexShape, d, result.ContiguousSpan<float>()); break;
                case ScalarType.Float64: ReduceKernels.Gather<double>(x.ContiguousSpan<double>(), selfShape, idx, indexShape, d, result.ContiguousSpan<double>()); break;
                case ScalarType.Int64: ReduceKernels.Gather<long>(x.ContiguousSpan<long>(), selfShape, idx, indexShape, d, result.ContiguousSpan<long>()); break;
                default: ReduceKernels.Gather<bool>(x.ContiguousSpan<bool>(), selfShape, idx, indexShape, d, result.ContiguousSpan<bool>()); break;
            }
        }
        if (Autograd.NeedsGrad(a)) result.SetHistory(new GatherBackward0(a, d, index));
        return result;
    }

    internal sealed class GatherBackward0 : Node
    {
        private readonly int[] _shape;
        private readonly int _dim;

        public GatherBackward0(Tensor a, int dim, Tensor index) : base([a])
        {
            _shape = a._shape;
            _dim = dim;
            SaveForBackward(index);
        }

        internal override Tensor?[] Apply(Tensor grad)
            => [ScatterAddIntoZeros(grad, _dim, Saved(0), _shape, "ScatterAddBackward0")];
    }

    /// <summary>
    /// zeros(shape) with src added at the positions index names along dim (PyTorch's
    /// <c>zeros(shape).scatter_add(dim, index, src)</c>, src of the index's shape). Differentiable
    /// in src; its backward is <see cref="Gather"/>.
    /// </summary>
    internal static Tensor ScatterAddIntoZeros(Tensor src, int dim, Tensor index, int[] shape, string nodeName)
    {
        var result = Tensor.Empty(shape, src._dtype);
        if (index.NumelInt > 0)
        {
            var selfShape = NonEmptyShape(shape);
            var indexShape = NonEmptyShape(index._shape);
            var idx = Copy.Contiguous(index).ContiguousSpan<long>();
            var s = Copy.Contiguous(src);
            switch (src._dtype)
            {
                case ScalarType.Float32: ReduceKernels.ScatterAdd<float>(result.ContiguousSpan<float>(), selfShape, idx, indexShape, dim, s.ContiguousSpan<float>()); break;
                case ScalarType.Float64: ReduceKernels.ScatterAdd<double>(result.ContiguousSpan<double>(), selfShape, idx, indexShape, dim, s.ContiguousSpan<double>()); break;
                case ScalarType.Int64: ReduceKernels.ScatterAdd<long>(result.ContiguousSpan<long>(), selfShape, idx, indexShape, dim, s.ContiguousSpan<long>()); break;
                default: throw new NotSupportedException("scatter_add is not supported for bool tensors");
            }
        }
        if (Autograd.NeedsGrad(src)) result.SetHistory(new ScatterAddBackward(src, dim, index, nodeName));
        return result;
    }

    internal sealed class ScatterAddBackward : Node
    {
        private readonly int _dim;
        private readonly string _name;

        public ScatterAddBackward(Tensor src, int dim, Tensor index, string name) : base([src])
        {
            _dim = dim;
            _name = name;
            SaveForBackward(index);
        }

        public override string name() => _name;

        internal override Tensor?[] Apply(Tensor grad) => [Gather(grad, _dim, Saved(0))];
    }

    /// <summary>A 0-dim shape seen as [1], as PyTorch's scatter/gather kernels do.</summary>
    private static int[] NonEmptyShape(int[] shape) => shape.Length == 0 ? [1] : shape;
}
