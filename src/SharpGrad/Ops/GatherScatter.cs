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
            var contiguousIndex = Copy.Contiguous(index);
            var idx = contiguousIndex.ContiguousSpan<long>();
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
            Dispatch.KeepAlive(x, contiguousIndex);
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
        var contiguousIndex = Copy.Contiguous(index);
        var idx = contiguousIndex.ContiguousSpan<long>();
        switch (work.ElementType)
        {
            case ScalarType.Float32: ReduceKernels.ScatterAdd<float>(work.ContiguousSpan<float>(), selfShape, idx, indexShape, dim, values.ContiguousSpan<float>()); break;
            case ScalarType.Float64: ReduceKernels.ScatterAdd<double>(work.ContiguousSpan<double>(), selfShape, idx, indexShape, dim, values.ContiguousSpan<double>()); break;
            case ScalarType.Int64: ReduceKernels.ScatterAdd<long>(work.ContiguousSpan<long>(), selfShape, idx, indexShape, dim, values.ContiguousSpan<long>()); break;
            default: throw new NotSupportedException($"scatter_add: unsupported dtype {target.ElementType.TorchName()}");
        }
        Dispatch.KeepAlive(values, contiguousIndex);
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

    // ------------------------------------------------------------------ scatter / scatter_reduce

    /// <summary>Checks of scatter (src null: the value form) and scatter_reduce; returns the
    /// normalized dim.</summary>
    internal static int CheckScatter(string op, Tensor self, long dim, Tensor index, Tensor? src)
    {
        if (index.ElementType != ScalarType.Int64)
            throw new InvalidOperationException($"{op}(): Expected dtype int32/int64 for index");
        if (src is not null && src.ElementType != self.ElementType)
            throw new InvalidOperationException($"{op}(): Expected self.dtype to be equal to src.dtype");
        int n = self.dim();
        int d = Tensor.NormalizeDim(dim, n);
        if (Math.Max(index.dim(), 1) != Math.Max(n, 1))
            throw new InvalidOperationException("Index tensor must have the same number of dimensions as self tensor");
        if (src is not null && Math.Max(src.dim(), 1) != Math.Max(n, 1))
            throw new InvalidOperationException("Index tensor must have the same number of dimensions as src tensor");
        var selfShape = NonEmptyShape(self.Sizes);
        var indexShape = NonEmptyShape(index.Sizes);
        var srcShape = src is null ? null : NonEmptyShape(src.Sizes);
        for (int i = 0; i < indexShape.Length; i++)
        {
            bool tooLarge = (i != d && indexShape[i] > selfShape[i]) || (srcShape is not null && indexShape[i] > srcShape[i]);
            if (!tooLarge) continue;
            if (src is null)
                throw new InvalidOperationException(
                    $"Expected index {Tensor.ShapeString(index.Sizes)} to be no larger than self {Tensor.ShapeString(self.Sizes)} apart from dimension {d}");
            throw new InvalidOperationException(
                $"Expected index {Tensor.ShapeString(index.Sizes)} to be no larger than self {Tensor.ShapeString(self.Sizes)} apart from dimension {d} and to be no larger size than src {Tensor.ShapeString(src.Sizes)}");
        }
        return d;
    }

    /// <summary>The storage offsets in a contiguous tensor of self's shape that scatter writes.</summary>
    private static int[] Targets(int[] selfSizes, int dim, Tensor index)
    {
        var idx = Copy.Contiguous(index);
        var targets = ReduceKernels.IndexedOffsets(NonEmptyShape(selfSizes), idx.ContiguousSpan<long>(), NonEmptyShape(index.Sizes), dim);
        GC.KeepAlive(idx);
        return targets;
    }

    /// <summary>src's index-shaped corner, contiguous, the only part of src that scatter reads.</summary>
    private static Tensor SrcCorner(Tensor src, Tensor index)
        => Copy.Contiguous(new Tensor(src.SharedStorage, index.Sizes, src.dim() == 0 ? new int[index.dim()] : src.Strides, src.StorageOffset));

    /// <summary>Out-of-place <c>scatter(dim, index, src)</c> (<paramref name="src"/> a tensor) or
    /// <c>scatter(dim, index, value)</c>: a copy of self with the positions index names along dim
    /// set to src's elements or to value. Where index repeats a position, the last write wins.</summary>
    public static Tensor Scatter(Tensor self, long dim, Tensor index, Tensor? src, double value = 0)
    {
        int d = CheckScatter("scatter", self, dim, index, src);
        var result = Tensor.Empty(self.Sizes, self.ElementType, uninitialized: true);
        Copy.Into(self, result);
        ScatterInto(result, d, index, src, value);
        if (src is null ? Autograd.NeedsGrad(self) : Autograd.NeedsGrad(self, src))
            result.SetHistory(new ScatterBackward(self, src, d, index));
        return result;
    }

    /// <summary>scatter's writes into a contiguous <paramref name="target"/>, without autograd.</summary>
    internal static void ScatterInto(Tensor target, int dim, Tensor index, Tensor? src, double value)
    {
        if (index.NumelInt == 0) return;
        var targets = Targets(target.Sizes, dim, index);
        var values = src is null ? null : SrcCorner(src, index);
        switch (target.ElementType)
        {
            case ScalarType.Float32:
                if (values is null) ManipulationKernels.ScatterFill(target.ContiguousSpan<float>(), targets, (float)value);
                else ManipulationKernels.Scatter<float>(target.ContiguousSpan<float>(), targets, values.ContiguousSpan<float>());
                break;
            case ScalarType.Float64:
                if (values is null) ManipulationKernels.ScatterFill(target.ContiguousSpan<double>(), targets, value);
                else ManipulationKernels.Scatter<double>(target.ContiguousSpan<double>(), targets, values.ContiguousSpan<double>());
                break;
            case ScalarType.Int64:
                if (values is null) ManipulationKernels.ScatterFill(target.ContiguousSpan<long>(), targets, (long)value);
                else ManipulationKernels.Scatter<long>(target.ContiguousSpan<long>(), targets, values.ContiguousSpan<long>());
                break;
            case ScalarType.Bool:
                if (values is null) ManipulationKernels.ScatterFill(target.ContiguousSpan<bool>(), targets, value != 0);
                else ManipulationKernels.Scatter<bool>(target.ContiguousSpan<bool>(), targets, values.ContiguousSpan<bool>());
                break;
            default: throw new NotSupportedException($"SharpGrad's scatter does not support dtype {target.ElementType}");
        }
        GC.KeepAlive(values);
    }

    /// <summary>scatter's node: ScatterBackward0 (src a tensor) or ScatterBackward1 (a value).
    /// self: grad.scatter(dim, index, 0); src: grad.gather(dim, index), zero outside src's
    /// index-shaped corner.</summary>
    internal sealed class ScatterBackward : NamedNode
    {
        private readonly int _dim;
        private readonly int[] _srcShape, _indexShape;

        public ScatterBackward(Tensor self, Tensor? src, int dim, Tensor index)
            : base(src is null ? "ScatterBackward1" : "ScatterBackward0", src is null ? [self] : [self, src])
        {
            _dim = dim;
            _srcShape = src?.Sizes ?? [];
            _indexShape = index.Sizes;
            SaveForBackward(index);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var index = Saved(0);
            var gradSelf = NeedsInputGrad(0) ? Scatter(grad, _dim, index, null, 0) : null;
            if (NextEdges.Length == 1) return [gradSelf];
            var gradSrc = NeedsInputGrad(1) ? PadToSrc(Gather(grad, _dim, index), _srcShape, _indexShape) : null;
            return [gradSelf, gradSrc];
        }
    }

    /// <summary>A gradient of index's shape, zero-padded to src's (src may be larger than index).</summary>
    private static Tensor PadToSrc(Tensor gradSrc, int[] srcShape, int[] indexShape)
    {
        if (Tensor.SameShape(srcShape, indexShape)) return gradSrc;
        return Views.ScatterIntoZeros(gradSrc, srcShape, t => IndexCorner(t, indexShape), "SliceBackwardBackward0");
    }

    private static Tensor IndexCorner(Tensor t, int[] shape)
    {
        for (int i = 0; i < shape.Length; i++) t = Views.Slice(t, i, 0, shape[i]);
        return t;
    }

    /// <summary>
    /// Out-of-place <c>scatter_reduce(dim, index, src, reduce, include_self)</c>: a copy of self in
    /// which each position index names along dim is reduced ("sum", "prod", "mean", "amax", "amin")
    /// with the src elements sent to it, and with self's own element unless include_self is false.
    /// </summary>
    public static Tensor ScatterReduce(Tensor self, long dim, Tensor index, Tensor src, string reduce, bool includeSelf)
    {
        if (reduce is not ("sum" or "prod" or "mean" or "amax" or "amin"))
            throw new ArgumentException($"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}");
        int d = CheckScatter("scatter_reduce", self, dim, index, src);
        var result = Tensor.Empty(self.Sizes, self.ElementType, uninitialized: true);
        Copy.Into(self, result);
        if (index.NumelInt > 0)
        {
            var targets = Targets(self.Sizes, d, index);
            var values = SrcCorner(src, index);
            switch (self.ElementType)
            {
                case ScalarType.Float32: ManipulationKernels.ScatterReduce<float>(result.ContiguousSpan<float>(), targets, values.ContiguousSpan<float>(), reduce, includeSelf); break;
                case ScalarType.Float64: ManipulationKernels.ScatterReduce<double>(result.ContiguousSpan<double>(), targets, values.ContiguousSpan<double>(), reduce, includeSelf); break;
                case ScalarType.Int64: ManipulationKernels.ScatterReduce<long>(result.ContiguousSpan<long>(), targets, values.ContiguousSpan<long>(), reduce, includeSelf); break;
                default: throw new NotSupportedException($"SharpGrad's scatter_reduce does not support dtype {self.ElementType}");
            }
            GC.KeepAlive(values);
        }
        if (Autograd.NeedsGrad(self, src)) result.SetHistory(new ScatterReduceBackward0(self, src, d, index, reduce, includeSelf, result));
        return result;
    }

    /// <summary>scatter_reduce's backward, PyTorch's scatter_reduce_backward formula by formula
    /// (prod computes the exclusive products explicitly where an element is 0; amax/amin share the
    /// gradient evenly among tied elements).</summary>
    internal sealed class ScatterReduceBackward0 : Node
    {
        private readonly int _dim;
        private readonly string _reduce;
        private readonly bool _includeSelf;
        private readonly int[] _srcShape, _indexShape;

        public ScatterReduceBackward0(Tensor self, Tensor src, int dim, Tensor index, string reduce, bool includeSelf, Tensor result)
            : base([self, src])
        {
            _dim = dim;
            _reduce = reduce;
            _includeSelf = includeSelf;
            _srcShape = src.Sizes;
            _indexShape = index.Sizes;
            bool readsValues = reduce is "prod" or "amax" or "amin";
            // src's index-shaped corner is all the formulas read of src.
            var corner = Tensor.SameShape(src.Sizes, index.Sizes) ? src : IndexCorner(src, index.Sizes);
            SaveForBackward(index, readsValues ? self : null, reduce is "sum" ? null : corner, readsValues ? result : null);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var index = Saved(0);
            int dim = _dim;
            Tensor gradSelf, gradSrc;
            switch (_reduce)
            {
                case "sum":
                    gradSelf = grad;
                    gradSrc = grad.gather(dim, index);
                    break;
                case "prod":
                    {
                        var self = Saved(1);
                        var src = Saved(2);
                        var result = Saved(3);
                        var maskedSelf = self.masked_fill(self == 0, 1.0);
                        var maskedSelfResult = ScatterReduce(maskedSelf, dim, index, src, "prod", _includeSelf);
                        gradSelf = grad * maskedSelfResult / maskedSelf;
                        var srcZero = src == 0;
                        var srcNumZeros = ScatterAdd(torch.zeros_like(self), dim, index, srcZero.to(self.dtype)).gather(dim, index);
                        var srcSingleZero = srcZero.logical_and(srcNumZeros == 1);
                        var maskedSrc = src.masked_fill(srcSingleZero, 1.0);
                        var maskedSrcResult = ScatterReduce(self, dim, index, maskedSrc, "prod", _includeSelf);
                        gradSrc = torch.where(srcSingleZero, (grad * maskedSrcResult).gather(dim, index),
                            (grad * result).gather(dim, index) / src.masked_fill(srcZero, 1.0));
                        break;
                    }
                case "mean":
                    {
                        var src = Saved(2);
                        var n = _includeSelf ? torch.ones_like(grad) : torch.zeros_like(grad);
                        using (new GradModeScope(false))
                        {
                            n = ScatterAdd(n, dim, index, torch.ones_like(src));
                            n = n.masked_fill(n == 0, 1.0);
                        }
                        gradSelf = grad / n;
                        gradSrc = grad.gather(dim, index) / n.gather(dim, index);
                        break;
                    }
                default: // amax, amin
                    {
                        var self = Saved(1);
                        var src = Saved(2);
                        var result = Saved(3);
                        Tensor selfIsResult, srcIsResult, distributeCount;
                        using (new GradModeScope(false))
                        {
                            var value = result.gather(dim, index);
                            selfIsResult = (self == result).to(grad.dtype);
                            srcIsResult = (src == value).to(grad.dtype);
                            distributeCount = ScatterAdd(selfIsResult, dim, index, srcIsResult);
                        }
                        var gradDistributed = grad / distributeCount;
                        gradSelf = selfIsResult * gradDistributed;
                        gradSrc = srcIsResult * gradDistributed.gather(dim, index);
                        break;
                    }
            }
            if (!_includeSelf) gradSelf = Scatter(gradSelf, dim, index, null, 0);
            return
            [
                NeedsInputGrad(0) ? gradSelf : null,
                NeedsInputGrad(1) ? PadToSrc(gradSrc, _srcShape, _indexShape) : null,
            ];
        }
    }

    /// <summary>A 0-dim shape seen as [1], as PyTorch's scatter/gather kernels do.</summary>
    private static int[] NonEmptyShape(int[] shape) => shape.Length == 0 ? [1] : shape;
}
