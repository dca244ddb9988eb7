using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// gather along a dimension and its adjoint, scatter_add (out of place, and in place for
/// <c>scatter_add_</c>). Each is the other's backward, so gather, scatter_add and max(dim)/min(dim)
/// stay differentiable to any order. The only gather/scatter-add of the library.
/// </summary>
internal static class GatherScatter
{
    /// <summary>out[i][j][k] = a[i][index[i][j][k]][k] for dim = 1 (PyTorch's torch.gather).</summary>
    public static Tensor Gather(Tensor a, long dim, Tensor index)
    {
        if (index.ElementType != ScalarType.Int64)
            throw new InvalidOperationException("gather(): Expected dtype int64 for index");
        int rank = Math.Max(a.Sizes.Length, 1);
        int d = Tensor.NormalizeDim(dim, a.Sizes.Length);
        if (Math.Max(index.Sizes.Length, 1) != rank)
            throw new InvalidOperationException("Index tensor must have the same number of dimensions as input tensor");
        var selfShape = NonEmptyShape(a.Sizes);
        var indexShape = NonEmptyShape(index.Sizes);
        for (int i = 0; i < rank; i++)
            if (i != d && indexShape[i] > selfShape[i])
                throw new InvalidOperationException(
                    $"Size does not match at dimension {i} expected index {Tensor.ShapeString(index.Sizes)} to be no larger than self {Tensor.ShapeString(a.Sizes)} apart from dimension {d}");

        var result = Tensor.Empty(index.Sizes, a.ElementType, uninitialized: true);
        if (result.NumelInt > 0)
        {
            var x = Copy.Contiguous(a);
            var idx = Copy.Contiguous(index).ContiguousSpan<long>();
            switch (a.ElementType)
            {
                case ScalarType.Float32: ReduceKernels.Gather<float>(x.ContiguousSpan<float>(), selfShape, idx, indexShape, d, result.ContiguousSpan<float>()); break;
                case ScalarType.Float64: ReduceKernels.Gather<double>(x.ContiguousSpan<double>(), selfShape, idx, indexShape, d, result.ContiguousSpan<double>()); break;
                case ScalarType.Int64: ReduceKernels.Gather<long>(x.ContiguousSpan<long>(), selfShape, idx, indexShape, d, result.ContiguousSpan<long>()); break;
                case ScalarType.Bool: ReduceKernels.Gather<bool>(x.ContiguousSpan<bool>(), selfShape, idx, indexShape, d, result.ContiguousSpan<bool>()); break;
                case ScalarType.UInt8: ReduceKernels.Gather<byte>(x.ContiguousSpan<byte>(), selfShape, idx, indexShape, d, result.ContiguousSpan<byte>()); break;
                case ScalarType.Int8: ReduceKernels.Gather<sbyte>(x.ContiguousSpan<sbyte>(), selfShape, idx, indexShape, d, result.ContiguousSpan<sbyte>()); break;
                case ScalarType.Int16: ReduceKernels.Gather<short>(x.ContiguousSpan<short>(), selfShape, idx, indexShape, d, result.ContiguousSpan<short>()); break;
                case ScalarType.Int32: ReduceKernels.Gather<int>(x.ContiguousSpan<int>(), selfShape, idx, indexShape, d, result.ContiguousSpan<int>()); break;
                case ScalarType.Float16: ReduceKernels.Gather<Half>(x.ContiguousSpan<Half>(), selfShape, idx, indexShape, d, result.ContiguousSpan<Half>()); break;
                case ScalarType.BFloat16: ReduceKernels.Gather<BFloat16>(x.ContiguousSpan<BFloat16>(), selfShape, idx, indexShape, d, result.ContiguousSpan<BFloat16>()); break;
                default: throw new NotSupportedException($"gather: unsupported dtype {a.ElementType.TorchName()}");
            }
            GC.KeepAlive(x);
            GC.KeepAlive(index);
        }
        // gather_backward: zeros of self's shape with the gradient scatter-added back.
        if (Autograd.NeedsGrad(a))
            result.SetHistory(new UnaryBackward<(int dim, int[] shape)>("GatherBackward0", a, index, (d, a.Sizes),
                static (g, index, p) => ScatterAdd(Tensor.Empty(p.shape, g.ElementType), p.dim, index, g)));
        return result;
    }

    /// <summary>Checks of scatter_add; returns the normalized dim.</summary>
    internal static int CheckScatterAdd(Tensor self, long dim, Tensor index, Tensor src)
    {
        if (index.ElementType != ScalarType.Int64)
            throw new InvalidOperationException("scatter_add(): Expected dtype int64 for index");
        if (src.ElementType != self.ElementType)
            throw new InvalidOperationException("scatter_add(): Expected self.dtype to be equal to src.dtype");
        int n = self.dim();
        int d = Tensor.NormalizeDim(dim, n);
        if (index.dim() != n)
            throw new InvalidOperationException("Index tensor must have the same number of dimensions as self tensor");
        if (src.dim() != n)
            throw new InvalidOperationException("Index tensor must have the same number of dimensions as src tensor");
        for (int i = 0; i < n; i++)
            if (index.Sizes[i] > src.Sizes[i] || (i != d && index.Sizes[i] > self.Sizes[i]))
                throw new InvalidOperationException(
                    $"Expected index {Tensor.ShapeString(index.Sizes)} to be no larger than self {Tensor.ShapeString(self.Sizes)} apart from dimension {d} and to be no larger size than src {Tensor.ShapeString(src.Sizes)}");
        return d;
    }

    /// <summary>
    /// target[index[i][j]][j] += src[i][j] (dim 0), in place and without autograd (arguments
    /// already checked); only the index-shaped corner of src takes part. Bool adds as logical or.
    /// </summary>
    internal static void ScatterAddInto(Tensor target, int dim, Tensor index, Tensor src)
    {
        if (index.NumelInt == 0) return;
        bool isBool = target.ElementType == ScalarType.Bool;
        // bool adds in int64 (then != 0); the narrow types in their compute type, converted back.
        var work = isBool ? target.ToDTypeIfNeeded(ScalarType.Int64) : Copy.Contiguous(target.ToDTypeIfNeeded(target.ElementType.ComputeType()));
        var corner = new Tensor(src.SharedStorage, index.Sizes, src.Strides, src.StorageOffset);
        var values = Copy.Contiguous(corner.ToDTypeIfNeeded(work.ElementType));
        var selfShape = NonEmptyShape(target.Sizes);
        var indexShape = NonEmptyShape(index.Sizes);
        var idx = Copy.Contiguous(index).ContiguousSpan<long>();
        switch (work.ElementType)
        {
            case ScalarType.Float32: ReduceKernels.ScatterAdd<float>(work.ContiguousSpan<float>(), selfShape, idx, indexShape, dim, values.ContiguousSpan<float>()); break;
            case ScalarType.Float64: ReduceKernels.ScatterAdd<double>(work.ContiguousSpan<double>(), selfShape, idx, indexShape, dim, values.ContiguousSpan<double>()); break;
            case ScalarType.Int64: ReduceKernels.ScatterAdd<long>(work.ContiguousSpan<long>(), selfShape, idx, indexShape, dim, values.ContiguousSpan<long>()); break;
            default: throw new NotSupportedException($"scatter_add: unsupported dtype {target.ElementType.TorchName()}");
        }
        GC.KeepAlive(values);
        GC.KeepAlive(index);
        if (isBool)
            using (new GradModeScope(false)) work = Comparison.Ne(work, Tensor.WrapNumber(0L));
        if (!ReferenceEquals(work, target)) Copy.Into(work, target);
    }

    /// <summary>Out-of-place <c>scatter_add</c>: a copy of self with src added at the positions index
    /// names along dim. <paramref name="nodeName"/> is the node's name (ScatterBackward0 where
    /// PyTorch's formula scatters into zeros, as max(dim)'s backward does).</summary>
    public static Tensor ScatterAdd(Tensor self, long dim, Tensor index, Tensor src, string nodeName = "ScatterAddBackward0")
    {
        int d = CheckScatterAdd(self, dim, index, src);
        var result = Tensor.Empty(self.Sizes, self.ElementType, uninitialized: true);
        Copy.Into(self, result);
        ScatterAddInto(result, d, index, src);
        if (Autograd.NeedsGrad(self, src)) result.SetHistory(new ScatterAddBackward0(self, src, d, index, nodeName));
        return result;
    }

    /// <summary>self: grad; src: grad gathered at index (zero outside src's index-shaped corner).</summary>
    internal sealed class ScatterAddBackward0 : NamedNode
    {
        private readonly int _dim;
        private readonly int[] _srcShape, _indexShape;

        public ScatterAddBackward0(Tensor self, Tensor src, int dim, Tensor index, string name) : base(name, [self, src])
        {
            _dim = dim;
            _srcShape = src.Sizes;
            _indexShape = index.Sizes;
            SaveForBackward(index);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            Tensor? gradSrc = null;
            if (NeedsInputGrad(1))
            {
                gradSrc = Gather(grad, _dim, Saved(0));
                if (!Tensor.SameShape(_srcShape, _indexShape))
                {
                    var shape = _indexShape;
                    gradSrc = Views.ScatterIntoZeros(gradSrc, _srcShape, t => Corner(t, shape), "SliceBackwardBackward0");
                }
            }
            return [NeedsInputGrad(0) ? grad : null, gradSrc];
        }

        private static Tensor Corner(Tensor t, int[] shape)
        {
            for (int i = 0; i < shape.Length; i++) t = Views.Slice(t, i, 0, shape[i]);
            return t;
        }
    }

    /// <summary>A 0-dim shape seen as [1], as PyTorch's scatter/gather kernels do.</summary>
    private static int[] NonEmptyShape(int[] shape) => shape.Length == 0 ? [1] : shape;
}
