using System.Numerics;
using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// Tensor subscripts (PyTorch's <c>__getitem__</c>/<c>__setitem__</c>) and the gather/scatter ops
/// behind them. Basic subscripts (integers, slices, ellipsis, None) become views built from
/// select/slice/unsqueeze; tensor subscripts (bool masks, int64 indices) become <c>index</c>, a copy
/// whose backward is <c>index_put</c> with accumulation, itself differentiated by indexing again.
/// </summary>
internal static class Indexing
{
    // ================================================================== subscripts

    /// <summary>The outcome of applying the basic part of a subscript: the view, a way to replay
    /// the same view on another tensor of the same shape, and the tensor indices left over
    /// (PyTorch's positional list: a null takes one dimension, a bool mask as many as it has).</summary>
    internal sealed class Slicing(Tensor result)
    {
        public Tensor Result = result;
        public readonly List<Func<Tensor, Tensor>> ViewOps = [];
        public List<Tensor?>? Positional;

        /// <summary>Applies the recorded select/slice/unsqueeze steps to <paramref name="t"/>.</summary>
        public Tensor View(Tensor t)
        {
            foreach (var op in ViewOps) t = op(t);
            return t;
        }
    }

    /// <summary>PyTorch's applySlicing: basic indices one after another, tensor indices recorded.</summary>
    public static Slicing ApplySlicing(Tensor self, TensorIndex?[] indices, bool disableSliceOptimization)
    {
        long specified = 0;
        bool sawEllipsis = false;
        foreach (var index in indices)
        {
            if (index is null) continue;
            switch (index.Kind)
            {
                case TensorIndex.IndexKind.Integer:
                case TensorIndex.IndexKind.Slice:
                    specified++;
                    break;
                case TensorIndex.IndexKind.Tensor:
                    var t = index.TensorValue!;
                    specified += t.ElementType == ScalarType.Bool ? t.dim() : 1;
                    break;
                case TensorIndex.IndexKind.Ellipsis:
                    if (sawEllipsis) throw new IndexOutOfRangeException("an index can only have a single ellipsis");
                    sawEllipsis = true;
                    break;
            }
        }
        if (specified > self.dim())
            throw new IndexOutOfRangeException($"too many indices for tensor of dimension {self.dim()}");

        var s = new Slicing(self);
        List<(int dim, Tensor index)>? recorded = null;
        int dim = 0;
        for (int i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            switch (index?.Kind ?? TensorIndex.IndexKind.NewAxis)
            {
                case TensorIndex.IndexKind.Integer:
                    ApplySelect(s, dim, index!.FromEnd ? -index.Integer : index.Integer, index.FromEnd && index.Integer == 0, i);
                    break;
                case TensorIndex.IndexKind.Slice:
                    ApplySlice(s, dim, index!, disableSliceOptimization);
                    dim++;
                    break;
                case TensorIndex.IndexKind.Ellipsis:
                    dim += self.dim() - (int)specified;
                    break;
                case TensorIndex.IndexKind.NewAxis:
                    ApplyUnsqueeze(s, dim);
                    dim++;
                    break;
                case TensorIndex.IndexKind.Boolean:
                    ApplyUnsqueeze(s, dim);
                    (recorded ??= []).Add((dim, BoolToIndexingTensor(index!.Boolean)));
                    dim++;
                    break;
                default:
                    var t = index!.TensorValue!;
                    if (t.dim() == 0 && t.ElementType == ScalarType.Int64)
                    {
                        ApplySelect(s, dim, t.item<long>(), false, i);
                    }
                    else if (t.dim() == 0 && t.ElementType == ScalarType.Bool)
                    {
                        ApplyUnsqueeze(s, dim);
                        (recorded ??= []).Add((dim, BoolToIndexingTensor(t.item<bool>())));
                        dim++;
                    }
                    else
                    {
                        (recorded ??= []).Add((dim, t));
                        dim += t.ElementType == ScalarType.Bool ? t.dim() : 1;
                    }
                    break;
            }
        }

        if (recorded is not null)
        {
            // Later steps only change later dimensions, so the recorded positions hold in the result.
            var positional = new List<Tensor?>();
            int cur = 0;
            foreach (var (d, t) in recorded)
            {
                while (cur < d) { positional.Add(null); cur++; }
                positional.Add(t);
                cur += t.ElementType == ScalarType.Bool ? t.dim() : 1;
            }
            s.Positional = positional;
        }
        return s;
    }

    /// <summary>PyTorch's fast path for a lone integer on a 0-dim tensor.</summary>
    public static void CheckZeroDimSingle(Tensor self, TensorIndex? index)
    {
        if (self.dim() != 0 || index is null) return;
        bool integer = index.Kind == TensorIndex.IndexKind.Integer
            || (index.Kind == TensorIndex.IndexKind.Tensor && index.TensorValue!.dim() == 0 && index.TensorValue.ElementType == ScalarType.Int64);
        if (integer) throw InvalidZeroDimIndex();
    }

    private static IndexOutOfRangeException InvalidZeroDimIndex() => new(
        "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");

    private static void ApplySelect(Slicing s, int dim, long index, bool endIndex, int realDim)
    {
        var r = s.Result;
        if (r.dim() == 0) throw InvalidZeroDimIndex();
        int size = r.Sizes[dim];
        if (endIndex) index = size; // ^0: one past the last element
        if (!(size >= -index && size > index))
            throw new IndexOutOfRangeException($"index {index} is out of bounds for dimension {realDim} with size {size}");
        s.Result = Views.Select(r, dim, index);
        s.ViewOps.Add(t => Views.Select(t, dim, index));
    }

    private static void ApplySlice(Slicing s, int dim, TensorIndex index, bool disableSliceOptimization)
    {
        long step = index.Step;
        if (step <= 0) throw new ArgumentException("step must be greater than zero");
        long start = index.Start ?? 0;
        long? stop = index.Stop;
        int length = s.Result.Sizes[dim];
        // As in PyTorch, an explicit 0:len slice inside a longer subscript is skipped.
        if (!disableSliceOptimization && start == 0 && stop == length && step == 1) return;
        s.Result = Views.Slice(s.Result, dim, start, stop, step);
        s.ViewOps.Add(t => Views.Slice(t, dim, start, stop, step));
    }

    private static void ApplyUnsqueeze(Slicing s, int dim)
    {
        s.Result = Shape.Unsqueeze(s.Result, dim);
        s.ViewOps.Add(t => Shape.Unsqueeze(t, dim));
    }

    /// <summary>True indexes a new size-1 dimension as 0:, false as empty.</summary>
    private static Tensor BoolToIndexingTensor(bool value)
        => value ? Tensor.FromArray(new long[] { 0 }, [1]) : Tensor.FromArray(Array.Empty<long>(), [0]);

    /// <summary><c>self[indices]</c>.</summary>
    public static Tensor GetItem(Tensor self, TensorIndex?[] indices)
    {
        if (indices.Length == 1) CheckZeroDimSingle(self, indices[0]);
        // A lone slice is always applied, so that t[:] is a new view (PyTorch's rule).
        bool lonelySlice = indices.Length == 1 && indices[0]?.Kind == TensorIndex.IndexKind.Slice;
        var s = ApplySlicing(self, indices, lonelySlice);
        if (s.Positional is null)
            return ReferenceEquals(s.Result, self) ? Alias(self) : s.Result;
        return Index(s.Result, ExpandIndices(s.Result, s.Positional));
    }

    /// <summary>A new view of the whole tensor (<c>t[...]</c>).</summary>
    public static Tensor Alias(Tensor a)
    {
        var result = Shape.MakeView(a, a.Sizes, a.Strides, a.StorageOffset);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new AliasBackward0(a));
        return result;
    }

    internal sealed class AliasBackward0(Tensor a) : Node([a])
    {
        internal override Tensor?[] Apply(Tensor grad) => [grad];
    }

    // ================================================================== index / index_put

    /// <summary>PyTorch's expandTensors: bool masks become one int64 index tensor per masked
    /// dimension (their nonzero positions), after checking the mask's shape.</summary>
    public static Tensor?[] ExpandIndices(Tensor self, IReadOnlyList<Tensor?> indices)
    {
        var result = new List<Tensor?>(indices.Count);
        foreach (var index in indices)
        {
            if (index is null) { result.Add(null); continue; }
            if (index.ElementType == ScalarType.Bool)
            {
                for (int j = 0; j < index.dim(); j++)
                {
                    int srcIdx = result.Count + j;
                    if (srcIdx >= self.dim())
                        throw new IndexOutOfRangeException($"too many indices for tensor of dimension {self.dim()} (got {srcIdx + 1})");
                    if (index.Sizes[j] != self.Sizes[srcIdx])
                        throw new IndexOutOfRangeException(
                            $"The shape of the mask {Tensor.ShapeString(index.Sizes)} at index {j} does not match the shape of the indexed tensor {Tensor.ShapeString(self.Sizes)} at index {srcIdx}");
                }
                result.AddRange(Nonzero(index));
            }
            else if (index.ElementType == ScalarType.Int64)
            {
                result.Add(index);
            }
            else if (index.ElementType == ScalarType.Int32)
            {
                result.Add(index.ToDTypeIfNeeded(ScalarType.Int64));
            }
            else if (index.ElementType == ScalarType.UInt8)
            {
                // PyTorch still reads a uint8 index as a mask, with a deprecation warning.
                throw new NotSupportedException(
                    "indexing with dtype torch.uint8 is deprecated in PyTorch and not supported by SharpGrad; use a bool mask (mask.to(torch.bool)) instead");
            }
            else
            {
                throw new IndexOutOfRangeException("tensors used as indices must be long, int, byte or bool tensors");
            }
        }
        if (result.Count > self.dim())
            throw new IndexOutOfRangeException($"too many indices for tensor of dimension {self.dim()} (got {result.Count})");
        return result.ToArray();
    }

    /// <summary>The coordinates of the true elements of a bool tensor, one int64 tensor per dimension.</summary>
    internal static Tensor[] Nonzero(Tensor mask)
    {
        var m = Copy.Contiguous(mask.ToDTypeIfNeeded(ScalarType.Bool));
        var span = m.ContiguousSpan<bool>();
        int count = 0;
        foreach (var b in span) if (b) count++;
        int k = mask.Sizes.Length;
        var columns = new long[k][];
        for (int j = 0; j < k; j++) columns[j] = new long[count];
        Span<int> coord = stackalloc int[Math.Max(k, 1)];
        coord.Clear();
        for (int p = 0, c = 0; p < span.Length; p++)
        {
            if (span[p])
            {
                for (int j = 0; j < k; j++) columns[j][c] = coord[j];
                c++;
            }
            for (int j = k - 1; j >= 0; j--)
            {
                if (++coord[j] < mask.Sizes[j]) break;
                coord[j] = 0;
            }
        }
        GC.KeepAlive(m);
        var result = new Tensor[k];
        for (int j = 0; j < k; j++) result[j] = Tensor.FromArray(columns[j], [count]);
        return result;
    }

    /// <summary>Where each element of <c>self[indices]</c> lives in <c>self</c>: the result's shape
    /// and, for each of its elements in row-major order, the offset from self's first element.</summary>
    internal readonly record struct IndexPlan(int[] ResultShape, int[] Offsets);

    /// <summary>Numpy's advanced-indexing layout: the index tensors broadcast together; their
    /// dimensions replace the indexed ones when those are adjacent, else they come first.</summary>
    internal static IndexPlan Plan(int[] shape, int[] strides, Tensor?[] indices)
    {
        int n = shape.Length;
        if (indices.Length > n)
            throw new IndexOutOfRangeException($"too many indices for tensor of dimension {n} (got {indices.Length})");
        var dims = new List<int>();
        var tensors = new List<Tensor>();
        for (int d = 0; d < indices.Length; d++)
        {
            if (indices[d] is not { } t) continue;
            if (t.ElementType != ScalarType.Int64)
                throw new IndexOutOfRangeException("tensors used as indices must be long, int, byte or bool tensors");
            dims.Add(d);
            tensors.Add(t);
        }
        if (dims.Count == 0) return new IndexPlan((int[])shape.Clone(), Offsets(shape, strides));

        int[] b = tensors[0].Sizes;
        for (int m = 1; m < tensors.Count; m++)
        {
            if (!Broadcastable(b, tensors[m].Sizes))
                throw new IndexOutOfRangeException(
                    "shape mismatch: indexing tensors could not be broadcast together with shapes " +
                    string.Join(", ", tensors.Select(t => Tensor.ShapeString(t.Sizes))));
            b = Tensor.BroadcastShapes(b, tensors[m].Sizes);
        }
        int nb = Tensor.Numel(b);
        var indexedOffsets = new int[nb];
        for (int m = 0; m < tensors.Count; m++)
        {
            var values = LongValues(tensors[m], b);
            int size = shape[dims[m]], stride = strides[dims[m]];
            for (int j = 0; j < nb; j++)
            {
                long v = values[j];
                if (v < -size || v >= size)
                    throw new IndexOutOfRangeException($"index {v} is out of bounds for dimension {m} with size {size}");
                if (v < 0) v += size;
                indexedOffsets[j] += (int)v * stride;
            }
        }

        bool adjacent = dims[^1] - dims[0] == dims.Count - 1;
        var before = adjacent ? Enumerable.Range(0, dims[0]).ToArray() : [];
        var after = adjacent
            ? Enumerable.Range(dims[^1] + 1, n - dims[^1] - 1).ToArray()
            : Enumerable.Range(0, n).Where(d => !dims.Contains(d)).ToArray();
        var resultShape = before.Select(d => shape[d]).Concat(b).Concat(after.Select(d => shape[d])).ToArray();
        var beforeOffsets = Offsets(before.Select(d => shape[d]).ToArray(), before.Select(d => strides[d]).ToArray());
        var afterOffsets = Offsets(after.Select(d => shape[d]).ToArray(), after.Select(d => strides[d]).ToArray());
        var offsets = new int[beforeOffsets.Length * nb * afterOffsets.Length];
        int k = 0;
        foreach (var o1 in beforeOffsets)
            foreach (var o2 in indexedOffsets)
                foreach (var o3 in afterOffsets)
                    offsets[k++] = o1 + o2 + o3;
        return new IndexPlan(resultShape, offsets);
    }

    private static bool Broadcastable(int[] a, int[] b)
    {
        for (int i = 1; i <= Math.Min(a.Length, b.Length); i++)
            if (a[^i] != b[^i] && a[^i] != 1 && b[^i] != 1) return false;
        return true;
    }

    /// <summary>The values of an int64 tensor broadcast to <paramref name="shape"/>, row-major.</summary>
    /// <remarks>In an array of its own, not a pooled one: the array outlives the tensor that fills it.</remarks>
    private static long[] LongValues(Tensor t, int[] shape)
    {
        var values = new long[Tensor.Numel(shape)];
        Copy.Into(t, Tensor.FromArray(values, shape));
        return values;
    }

    /// <summary>Offsets of every element of a strided layout, in row-major order.</summary>
    internal static int[] Offsets(int[] sizes, int[] strides)
    {
        int n = Tensor.Numel(sizes);
        var result = new int[n];
        int rank = sizes.Length;
        if (n == 0 || rank == 0) return result;
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int off = 0;
        for (int i = 0; i < n; i++)
        {
            result[i] = off;
            for (int d = rank - 1; d >= 0; d--)
            {
                off += strides[d];
                if (++index[d] < sizes[d]) break;
                off -= strides[d] * sizes[d];
                index[d] = 0;
            }
        }
        return result;
    }

    /// <summary><c>self[indices]</c> for per-dimension int64 index tensors (null: the whole dimension).</summary>
    public static Tensor Index(Tensor self, Tensor?[] indices)
    {
        var plan = Plan(self.Sizes, self.Strides, indices);
        var result = Tensor.Empty(plan.ResultShape, self.ElementType, uninitialized: true);
        GatherRaw(self, plan.Offsets, result);
        if (Autograd.NeedsGrad(self)) result.SetHistory(new IndexBackward0(self, indices));
        return result;
    }

    internal sealed class IndexBackward0 : Node
    {
        private readonly int[] _shape;
        private readonly SavedIndices _indices;

        public IndexBackward0(Tensor self, Tensor?[] indices) : base([self])
        {
            _shape = self.Sizes;
            _indices = new SavedIndices(this, indices);
        }

        internal override Tensor?[] Apply(Tensor grad)
            => [IndexPut(Tensor.Empty(_shape, grad.ElementType), _indices.Get(), grad, accumulate: true)];
    }

    /// <summary>Index tensors kept by a node through <see cref="Node.SaveForBackward"/>, so that
    /// they are released after backward and checked for in-place changes.</summary>
    private sealed class SavedIndices
    {
        private readonly Node _node;
        private readonly int[] _positions;
        private readonly int _count;

        public SavedIndices(Node node, Tensor?[] indices)
        {
            _node = node;
            _count = indices.Length;
            var present = new List<Tensor?>();
            var positions = new List<int>();
            for (int i = 0; i < indices.Length; i++)
            {
                if (indices[i] is not { } t) continue;
                positions.Add(i);
                present.Add(t);
            }
            _positions = positions.ToArray();
            node.SaveForBackward(present.ToArray());
        }

        public Tensor?[] Get()
        {
            var result = new Tensor?[_count];
            for (int k = 0; k < _positions.Length; k++) result[_positions[k]] = _node.Saved(k);
            return result;
        }
    }

    /// <summary>Out-of-place <c>index_put</c>: a copy of <paramref name="self"/> with the indexed
    /// elements set to (or, with <paramref name="accumulate"/>, incremented by) <paramref name="values"/>.</summary>
    public static Tensor IndexPut(Tensor self, Tensor?[] indices, Tensor values, bool accumulate)
    {
        var result = Tensor.Empty(self.Sizes, self.ElementType, uninitialized: true);
        Copy.Into(self, result);
        IndexPutInto(result, indices, values, accumulate);
        if (Autograd.NeedsGrad(self, values))
            result.SetHistory(new IndexPutBackward0(self, indices, values, accumulate));
        return result;
    }

    /// <summary>Writes <paramref name="values"/> (broadcast, converted) into the indexed elements
    /// of <paramref name="target"/>, in place and without autograd.</summary>
    internal static void IndexPutInto(Tensor target, Tensor?[] indices, Tensor values, bool accumulate)
    {
        var plan = Plan(target.Sizes, target.Strides, indices);
        if (!Tensor.IsExpandableTo(values.Sizes, plan.ResultShape))
            throw new ArgumentException(
                $"shape mismatch: value tensor of shape {Tensor.ShapeString(values.Sizes)} cannot be broadcast to indexing result of shape {Tensor.ShapeString(plan.ResultShape)}");
        var dense = Tensor.Empty(plan.ResultShape, target.ElementType, uninitialized: true);
        Copy.Into(values, dense);
        ScatterRaw(target, plan.Offsets, dense, accumulate);
    }

    internal sealed class IndexPutBackward0 : Node
    {
        private readonly SavedIndices _indices;
        private readonly bool _accumulate;
        private readonly int[] _valuesShape;

        public IndexPutBackward0(Tensor self, Tensor?[] indices, Tensor values, bool accumulate) : base([self, values])
        {
            _indices = new SavedIndices(this, indices);
            _accumulate = accumulate;
            _valuesShape = values.Sizes;
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var indices = _indices.Get();
            Tensor? gradSelf = null, gradValues = null;
            if (NeedsInputGrad(0))
                gradSelf = _accumulate ? grad : IndexPut(grad, indices, Tensor.WrapNumber(0.0), accumulate: false);
            if (NeedsInputGrad(1))
                gradValues = Index(grad, indices).SumToShape(_valuesShape);
            return [gradSelf, gradValues];
        }
    }

    /// <summary>A copy of <paramref name="self"/> whose region <paramref name="view"/> holds
    /// <paramref name="src"/> (broadcast): how an assignment through a subscript is recorded.
    /// Its backward is the same op with zeros (for self) and the view of the gradient (for src).</summary>
    public static Tensor CopySlices(Tensor self, Func<Tensor, Tensor> view, Tensor src)
    {
        var result = Tensor.Empty(self.Sizes, self.ElementType, uninitialized: true);
        Copy.Into(self, result);
        Tensor region;
        using (new GradModeScope(false)) region = view(result);
        if (!Tensor.IsExpandableTo(src.Sizes, region.Sizes))
            throw new ArgumentException(
                $"The expanded size of the tensor does not match: target sizes {Tensor.ShapeString(region.Sizes)}, tensor sizes {Tensor.ShapeString(src.Sizes)}");
        Copy.Into(src, region);
        if (Autograd.NeedsGrad(self, src)) result.SetHistory(new CopySlicesNode(self, view, src));
        return result;
    }

    /// <summary>PyTorch's <c>CopySlices</c>: the grad_fn of a tensor written through a subscript.</summary>
    internal sealed class CopySlicesNode(Tensor self, Func<Tensor, Tensor> view, Tensor src) : Node([self, src])
    {
        private readonly int[] _srcShape = src.Sizes;

        public override string name() => "CopySlices";

        internal override Tensor?[] Apply(Tensor grad)
        {
            Tensor? gradSelf = NeedsInputGrad(0) ? CopySlices(grad, view, Tensor.WrapNumber(0.0)) : null;
            Tensor? gradSrc = NeedsInputGrad(1) ? view(grad).SumToShape(_srcShape) : null;
            return [gradSelf, gradSrc];
        }
    }

    // ================================================================== masked_fill / masked_select

    private static string TypeMetaName(ScalarType t) => t.TypeMetaName();

    internal static void CheckMaskedFillArgs(Tensor mask, Tensor value)
    {
        if (mask.ElementType != ScalarType.Bool)
            throw new ArgumentException($"masked_fill_ only supports boolean masks, but got mask with dtype {TypeMetaName(mask.ElementType)}");
        if (value.dim() != 0)
            throw new ArgumentException(
                $"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with {value.dim()} dimension(s).");
    }

    /// <summary><c>self.masked_fill(mask, value)</c>: value where the mask is true, else self (both broadcast).</summary>
    public static Tensor MaskedFill(Tensor self, Tensor mask, Tensor value)
    {
        CheckMaskedFillArgs(mask, value);
        var shape = Tensor.BroadcastShapes(self.Sizes, mask.Sizes);
        var result = Tensor.Empty(shape, self.ElementType, uninitialized: true);
        Copy.Into(self, result);
        MaskedFillInto(result, mask, value);
        if (Autograd.NeedsGrad(self, value)) result.SetHistory(new MaskedFillBackward(self, mask, value));
        return result;
    }

    /// <summary>Sets the elements of <paramref name="target"/> where <paramref name="mask"/> (broadcast)
    /// is true to the 0-dim <paramref name="value"/>, in place and without autograd.</summary>
    internal static void MaskedFillInto(Tensor target, Tensor mask, Tensor value)
    {
        var m = Tensor.Empty(target.Sizes, ScalarType.Bool, uninitialized: true);
        Copy.Into(mask, m);
        var flags = m.Data<bool>();
        if (target.IsContiguous)
        {
            switch (target.ElementType)
            {
                case ScalarType.Float32: FillContiguous(target.ContiguousSpan<float>(), flags, value.item<float>()); break;
                case ScalarType.Float64: FillContiguous(target.ContiguousSpan<double>(), flags, value.item<double>()); break;
                case ScalarType.Int64: FillContiguous(target.ContiguousSpan<long>(), flags, value.item<long>()); break;
                case ScalarType.Bool: FillContiguous(target.ContiguousSpan<bool>(), flags, value.item<bool>()); break;
                case ScalarType.UInt8: FillContiguous(target.ContiguousSpan<byte>(), flags, value.item<byte>()); break;
                case ScalarType.Int8: FillContiguous(target.ContiguousSpan<sbyte>(), flags, value.item<sbyte>()); break;
                case ScalarType.Int16: FillContiguous(target.ContiguousSpan<short>(), flags, value.item<short>()); break;
                case ScalarType.Int32: FillContiguous(target.ContiguousSpan<int>(), flags, value.item<int>()); break;
                case ScalarType.Float16: FillContiguous(target.ContiguousSpan<Half>(), flags, value.item<Half>()); break;
                case ScalarType.BFloat16: FillContiguous(target.ContiguousSpan<BFloat16>(), flags, value.item<BFloat16>()); break;
                default: throw new NotSupportedException($"masked_fill: unsupported dtype {target.ElementType.TorchName()}");
            }
            Dispatch.KeepAlive(target, m);
            return;
        }
        var offsets = Offsets(target.Sizes, target.Strides);
        switch (target.ElementType)
        {
            case ScalarType.Float32: FillStrided(target.Data<float>(), target.StorageOffset, offsets, flags, value.item<float>()); break;
            case ScalarType.Float64: FillStrided(target.Data<double>(), target.StorageOffset, offsets, flags, value.item<double>()); break;
            case ScalarType.Int64: FillStrided(target.Data<long>(), target.StorageOffset, offsets, flags, value.item<long>()); break;
            case ScalarType.Bool: FillStrided(target.Data<bool>(), target.StorageOffset, offsets, flags, value.item<bool>()); break;
            case ScalarType.UInt8: FillStrided(target.Data<byte>(), target.StorageOffset, offsets, flags, value.item<byte>()); break;
            case ScalarType.Int8: FillStrided(target.Data<sbyte>(), target.StorageOffset, offsets, flags, value.item<sbyte>()); break;
            case ScalarType.Int16: FillStrided(target.Data<short>(), target.StorageOffset, offsets, flags, value.item<short>()); break;
            case ScalarType.Int32: FillStrided(target.Data<int>(), target.StorageOffset, offsets, flags, value.item<int>()); break;
            case ScalarType.Float16: FillStrided(target.Data<Half>(), target.StorageOffset, offsets, flags, value.item<Half>()); break;
            case ScalarType.BFloat16: FillStrided(target.Data<BFloat16>(), target.StorageOffset, offsets, flags, value.item<BFloat16>()); break;
            default: throw new NotSupportedException($"masked_fill: unsupported dtype {target.ElementType.TorchName()}");
        }
        Dispatch.KeepAlive(target, m);

        static void FillContiguous<T>(Span<T> d, bool[] flags, T v)
        {
            for (int i = 0; i < d.Length; i++) if (flags[i]) d[i] = v;
        }

        static void FillStrided<T>(T[] d, int baseOffset, int[] offsets, bool[] flags, T v)
        {
            for (int i = 0; i < offsets.Length; i++) if (flags[i]) d[baseOffset + offsets[i]] = v;
        }
    }

    /// <summary>MaskedFillBackward0 (C# number value) / MaskedFillBackward1 (tensor value).</summary>
    internal sealed class MaskedFillBackward : Node
    {
        private readonly int[] _selfShape;
        private readonly bool _tensorValue;

        public MaskedFillBackward(Tensor self, Tensor mask, Tensor value) : base([self, value])
        {
            _selfShape = self.Sizes;
            _tensorValue = !value.IsWrappedNumber;
            SaveForBackward(mask);
        }

        public override string name() => _tensorValue ? "MaskedFillBackward1" : "MaskedFillBackward0";

        internal override Tensor?[] Apply(Tensor grad)
        {
            var mask = Saved(0);
            Tensor? gradSelf = NeedsInputGrad(0) ? MaskedFill(grad, mask, Tensor.WrapNumber(0.0)).SumToShape(_selfShape) : null;
            Tensor? gradValue = NeedsInputGrad(1) ? MaskedSelect(grad, mask).sum() : null;
            return [gradSelf, gradValue];
        }
    }

    /// <summary><c>self.masked_select(mask)</c>: the elements where the mask is true, as a 1-D copy.</summary>
    public static Tensor MaskedSelect(Tensor self, Tensor mask)
    {
        if (mask.ElementType != ScalarType.Bool)
            throw new ArgumentException("masked_select: expected BoolTensor for mask");
        var shape = Tensor.BroadcastShapes(self.Sizes, mask.Sizes);
        if (shape.Length == 0) shape = [1]; // a 0-dim input gives a 1-D result
        var fullMask = Tensor.Empty(shape, ScalarType.Bool, uninitialized: true);
        Copy.Into(mask, fullMask);
        var indices = Nonzero(fullMask);
        var expanded = new Tensor(self.SharedStorage, shape, Dispatch.BroadcastStrides(self, shape), self.StorageOffset);
        var plan = Plan(shape, expanded.Strides, indices);
        var result = Tensor.Empty(plan.ResultShape, self.ElementType, uninitialized: true);
        GatherRaw(expanded, plan.Offsets, result);
        if (Autograd.NeedsGrad(self)) result.SetHistory(new MaskedSelectBackward0(self, shape, indices));
        return result;
    }

    internal sealed class MaskedSelectBackward0 : Node
    {
        private readonly int[] _selfShape, _shape;
        private readonly SavedIndices _indices;

        public MaskedSelectBackward0(Tensor self, int[] shape, Tensor[] indices) : base([self])
        {
            _selfShape = self.Sizes;
            _shape = shape;
            _indices = new SavedIndices(this, indices);
        }

        internal override Tensor?[] Apply(Tensor grad)
            => [IndexPut(Tensor.Empty(_shape, grad.ElementType), _indices.Get(), grad, accumulate: true).SumToShape(_selfShape)];
    }

    // ================================================================== index_select / index_add

    private static void CheckIndexRange(Tensor index, int size)
    {
        foreach (var v in LongValues(index, index.Sizes))
            if (v < 0 || v >= size) throw new IndexOutOfRangeException("index out of range in self");
    }

    /// <summary>A 1-D view of a 0-dim index.</summary>
    private static Tensor AsVector(Tensor index)
        => index.dim() == 0 ? new Tensor(index.SharedStorage, [1], [1], index.StorageOffset) : index;

    /// <summary><c>self.index_select(dim, index)</c>: the entries <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public static Tensor IndexSelect(Tensor self, long dim, Tensor index)
    {
        if (index.ElementType != ScalarType.Int64)
            throw new ArgumentException("index_select(): Expected dtype int32 or int64 for index");
        if (index.dim() > 1)
            throw new IndexOutOfRangeException("index_select(): Index is supposed to be a vector");
        if (self.dim() == 0)
            return IndexSelect(self.reshape(1), 0, index).reshape(index.dim() == 0 ? [] : [index.numel()]);
        int d = Tensor.NormalizeDim(dim, self.dim());
        var idx = AsVector(index);
        CheckIndexRange(idx, self.Sizes[d]);
        Tensor result;
        if (self.IsContiguous)
            result = SelectContiguousBlocks(self, d, LongValues(idx, idx.Sizes));
        else
        {
            var indices = new Tensor?[d + 1];
            indices[d] = idx;
            var plan = Plan(self.Sizes, self.Strides, indices);
            result = Tensor.Empty(plan.ResultShape, self.ElementType, uninitialized: true);
            GatherRaw(self, plan.Offsets, result);
        }
        // index_select_backward: zeros of self's shape with the gradient index_add-ed back.
        if (Autograd.NeedsGrad(self))
            result.SetHistory(new UnaryBackward<(int dim, int[] shape)>("IndexSelectBackward0", self, idx, (d, self.Sizes),
                static (g, index, p) => IndexAdd(Tensor.Empty(p.shape, g.ElementType), p.dim, index, g, 1)));
        return result;
    }

    /// <summary>index_select of a contiguous tensor: each selected entry along <paramref name="dim"/> is
    /// a block of the elements after it, copied whole (a DataLoader's batch of rows, say), with no
    /// offset per element (an array the size of the batch, for every batch).</summary>
    private static Tensor SelectContiguousBlocks(Tensor self, int dim, long[] index)
    {
        int outer = 1, inner = 1, size = self.Sizes[dim];
        for (int i = 0; i < dim; i++) outer *= self.Sizes[i];
        for (int i = dim + 1; i < self.Sizes.Length; i++) inner *= self.Sizes[i];
        var shape = (int[])self.Sizes.Clone();
        shape[dim] = index.Length;
        var result = Tensor.Empty(shape, self.ElementType, uninitialized: true);
        Array source = self.SharedStorage.RawArray, destination = result.SharedStorage.RawArray;
        int to = 0;
        for (int o = 0; o < outer; o++)
            foreach (long v in index)   // in range: checked by the caller
            {
                Array.Copy(source, self.StorageOffset + (o * size + (int)v) * inner, destination, to, inner);
                to += inner;
            }
        GC.KeepAlive(self);
        return result;
    }

    /// <summary>Checks of index_add and returns the normalized dim and the 1-D index.</summary>
    internal static (int dim, Tensor index) CheckIndexAdd(Tensor self, long dim, Tensor index, Tensor source)
    {
        if (index.ElementType != ScalarType.Int64)
            throw new ArgumentException("index_add_(): Expected dtype int32/int64 for index");
        if (index.dim() > 1)
            throw new IndexOutOfRangeException("index_add_(): Index is supposed to be a vector");
        if (source.ElementType != self.ElementType)
            throw new ArgumentException(
                $"index_add_(): self ({self.ElementType.CTypeName()}) and source ({source.ElementType.CTypeName()}) must have the same scalar type");
        int d = Tensor.NormalizeDim(dim, self.dim());
        var idx = AsVector(index);
        var selfShape = self.dim() == 0 ? [1] : self.Sizes;
        var sourceShape = source.dim() == 0 ? [1] : source.Sizes;
        if (sourceShape.Length != selfShape.Length)
            throw new ArgumentException("index_add_(): Source/destination tensor must have same slice shapes.");
        if (sourceShape[d] != idx.NumelInt)
            throw new ArgumentException(
                $"index_add_(): Number of indices ({idx.NumelInt}) should be equal to source.size(dim) ({sourceShape[d]})");
        for (int i = 0; i < selfShape.Length; i++)
            if (i != d && selfShape[i] != sourceShape[i])
                throw new ArgumentException(
                    $"source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = {Tensor.ShapeString(self.Sizes)} source.shape = {Tensor.ShapeString(source.Sizes)}");
        CheckIndexRange(idx, selfShape[d]);
        return (d, idx);
    }

    /// <summary>Adds alpha * source into <paramref name="target"/> at the entries <paramref name="index"/>
    /// along <paramref name="dim"/>, in place and without autograd (arguments already checked).</summary>
    internal static void IndexAddInto(Tensor target, int dim, Tensor index, Tensor source, double alpha)
    {
        if (target.dim() == 0)
        {
            target = new Tensor(target.SharedStorage, [1], [1], target.StorageOffset);
            source = source.dim() == 0 ? new Tensor(source.SharedStorage, [1], [1], source.StorageOffset) : source;
        }
        if (alpha != 1)
            using (new GradModeScope(false)) source = (source * alpha).ToDTypeIfNeeded(target.ElementType);
        var indices = new Tensor?[dim + 1];
        indices[dim] = index;
        IndexPutInto(target, indices, source, accumulate: true);
    }

    /// <summary>Out-of-place <c>index_add</c>: self with alpha * source added at <paramref name="index"/> along dim.</summary>
    public static Tensor IndexAdd(Tensor self, long dim, Tensor index, Tensor source, double alpha)
    {
        var (d, idx) = CheckIndexAdd(self, dim, index, source);
        var result = Tensor.Empty(self.Sizes, self.ElementType, uninitialized: true);
        Copy.Into(self, result);
        IndexAddInto(result, d, idx, source, alpha);
        if (Autograd.NeedsGrad(self, source)) result.SetHistory(new IndexAddBackward0(self, source, d, idx, alpha));
        return result;
    }

    internal sealed class IndexAddBackward0 : Node
    {
        private readonly int _dim;
        private readonly double _alpha;
        private readonly int[] _sourceShape;

        public IndexAddBackward0(Tensor self, Tensor source, int dim, Tensor index, double alpha) : base([self, source])
        {
            _dim = dim;
            _alpha = alpha;
            _sourceShape = source.Sizes;
            SaveForBackward(index);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            Tensor? gradSource = null;
            if (NeedsInputGrad(1))
            {
                gradSource = grad.dim() == 0 ? grad : IndexSelect(grad, _dim, Saved(0));
                if (_alpha != 1) gradSource = gradSource * _alpha;
                if (!Tensor.SameShape(gradSource.Sizes, _sourceShape))
                    gradSource = gradSource.reshape(Reduction.ToLong(_sourceShape));
            }
            return [NeedsInputGrad(0) ? grad : null, gradSource];
        }
    }

    // ================================================================== kernels

    /// <summary>dst[i] = src[offsets[i]] (offsets from src's first element; dst fresh and contiguous).</summary>
    private static void GatherRaw(Tensor src, int[] offsets, Tensor dst)
    {
        switch (src.ElementType)
        {
            case ScalarType.Float32: Run(src.Data<float>(), src.StorageOffset, offsets, dst.Data<float>()); break;
            case ScalarType.Float64: Run(src.Data<double>(), src.StorageOffset, offsets, dst.Data<double>()); break;
            case ScalarType.Int64: Run(src.Data<long>(), src.StorageOffset, offsets, dst.Data<long>()); break;
            case ScalarType.Bool: Run(src.Data<bool>(), src.StorageOffset, offsets, dst.Data<bool>()); break;
            case ScalarType.UInt8: Run(src.Data<byte>(), src.StorageOffset, offsets, dst.Data<byte>()); break;
            case ScalarType.Int8: Run(src.Data<sbyte>(), src.StorageOffset, offsets, dst.Data<sbyte>()); break;
            case ScalarType.Int16: Run(src.Data<short>(), src.StorageOffset, offsets, dst.Data<short>()); break;
            case ScalarType.Int32: Run(src.Data<int>(), src.StorageOffset, offsets, dst.Data<int>()); break;
            case ScalarType.Float16: Run(src.Data<Half>(), src.StorageOffset, offsets, dst.Data<Half>()); break;
            case ScalarType.BFloat16: Run(src.Data<BFloat16>(), src.StorageOffset, offsets, dst.Data<BFloat16>()); break;
            default: throw new NotSupportedException($"index: unsupported dtype {src.ElementType.TorchName()}");
        }
        Dispatch.KeepAlive(src, dst);

        static void Run<T>(T[] s, int baseOffset, int[] offsets, T[] d)
        {
            for (int i = 0; i < offsets.Length; i++) d[i] = s[baseOffset + offsets[i]];
        }
    }

    /// <summary>dst[offsets[i]] = values[i] (or +=); values fresh, contiguous, of dst's dtype.</summary>
    private static void ScatterRaw(Tensor dst, int[] offsets, Tensor values, bool accumulate)
    {
        switch (dst.ElementType)
        {
            case ScalarType.Float32: Numeric(dst.Data<float>(), dst.StorageOffset, offsets, values.Data<float>(), accumulate); break;
            case ScalarType.Float64: Numeric(dst.Data<double>(), dst.StorageOffset, offsets, values.Data<double>(), accumulate); break;
            case ScalarType.Int64: Numeric(dst.Data<long>(), dst.StorageOffset, offsets, values.Data<long>(), accumulate); break;
            case ScalarType.UInt8: Numeric(dst.Data<byte>(), dst.StorageOffset, offsets, values.Data<byte>(), accumulate); break;
            case ScalarType.Int8: Numeric(dst.Data<sbyte>(), dst.StorageOffset, offsets, values.Data<sbyte>(), accumulate); break;
            case ScalarType.Int16: Numeric(dst.Data<short>(), dst.StorageOffset, offsets, values.Data<short>(), accumulate); break;
            case ScalarType.Int32: Numeric(dst.Data<int>(), dst.StorageOffset, offsets, values.Data<int>(), accumulate); break;
            case ScalarType.Float16: Numeric(dst.Data<Half>(), dst.StorageOffset, offsets, values.Data<Half>(), accumulate); break;
            case ScalarType.BFloat16:
                {
                    // No arithmetic on the storage struct: each sum in float32, rounded once (as c10's BFloat16 +=).
                    var d = dst.Data<BFloat16>();
                    var v = values.Data<BFloat16>();
                    for (int i = 0; i < offsets.Length; i++)
                    {
                        ref var slot = ref d[dst.StorageOffset + offsets[i]];
                        slot = accumulate ? (BFloat16)(slot + (float)v[i]) : v[i];
                    }
                    break;
                }
            case ScalarType.Bool:
                {
                    var d = dst.Data<bool>();
                    var v = values.Data<bool>();
                    for (int i = 0; i < offsets.Length; i++)
                    {
                        ref var slot = ref d[dst.StorageOffset + offsets[i]];
                        slot = accumulate ? slot | v[i] : v[i];
                    }
                    break;
                }
            default: throw new NotSupportedException($"index_put_: unsupported dtype {dst.ElementType.TorchName()}");
        }
        Dispatch.KeepAlive(dst, values);

        static void Numeric<T>(T[] d, int baseOffset, int[] offsets, T[] v, bool accumulate) where T : INumberBase<T>
        {
            if (accumulate)
                for (int i = 0; i < offsets.Length; i++) d[baseOffset + offsets[i]] += v[i];
            else
                for (int i = 0; i < offsets.Length; i++) d[baseOffset + offsets[i]] = v[i];
        }
    }
}
