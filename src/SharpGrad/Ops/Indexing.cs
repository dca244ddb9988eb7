using System.Numerics.Tensors;

namespace SharpGrad.Ops;

/// <summary>
/// Tensor indexing. Basic indices (integers, ranges, ellipsis, None) become views through
/// <see cref="Views"/>; one tensor index (a bool mask or int64 indices) becomes a selection of
/// positions along one merged dimension, done by <see cref="IndexSelect"/> and written by
/// <see cref="IndexPut"/>. Their backward ops are each other, so indexing is differentiable to any order.
/// </summary>
internal static class Indexing
{
    /// <summary>Where the advanced (tensor) index applies: positions along dimension <c>Dim</c> of
    /// <c>Target</c>, a tensor whose mask dimensions were merged into that one.</summary>
    private readonly record struct Advanced(Tensor Target, int Dim, long[] Positions, int[] PositionShape);

    public static Tensor Get(Tensor t, TensorIndex[] indices)
    {
        var (view, advanced) = Resolve(t, indices);
        if (advanced is not { } adv) return view;
        var selected = IndexSelect(adv.Target, adv.Dim, adv.Positions, "IndexBackward0");
        if (adv.PositionShape.Length == 1) return selected;
        // Long index tensors of rank > 1: the selected dimension takes the index tensor's shape.
        var shape = selected.shape.ToList();
        shape.RemoveAt(adv.Dim);
        shape.InsertRange(adv.Dim, adv.PositionShape.Select(x => (long)x));
        return selected.reshape(shape.ToArray());
    }

    public static void Set(Tensor t, TensorIndex[] indices, Tensor value)
    {
        // Fast path: t[mask] = scalar with a full-shape mask, as in grad_input[input < 0] = 0.
        if (indices.Length == 1 && indices[0].kind == TensorIndex.Kind.Tensor && indices[0].tensor is { } mask
            && mask._dtype == ScalarType.Bool && mask.SameShape(t) && value.NumelInt == 1
            && t._isContiguous && !Autograd.NeedsGrad(t, value))
        {
            t.CheckInPlaceWrite(value);
            FillWhere(t, Kernels.Copy.Contiguous(mask), value.ReadFlat(0));
            t._storage.Version++;
            return;
        }
        var (view, advanced) = Resolve(t, indices);
        if (advanced is not { } adv)
        {
            view.copy_(value);
            return;
        }
        view.IndexPutInPlace(adv.Target._shape, adv.Dim, adv.Positions, value);
    }

    /// <summary>Applies the basic indices as views; returns the view and the advanced index, if any.</summary>
    private static (Tensor view, Advanced? advanced) Resolve(Tensor t, TensorIndex[] indices)
    {
        int consumed = 0;
        int ellipses = 0;
        foreach (var ix in indices)
        {
            switch (ix.kind)
            {
                case TensorIndex.Kind.Integer or TensorIndex.Kind.Slice: consumed++; break;
                case TensorIndex.Kind.Tensor:
                    consumed += ix.tensor!._dtype == ScalarType.Bool ? Math.Max(ix.tensor.dim(), 1) : 1;
                    break;
                case TensorIndex.Kind.Ellipsis:
                    if (++ellipses > 1) throw new IndexOutOfRangeException("an index can only have a single ellipsis ('...')");
                    break;
            }
        }
        if (consumed > t.dim())
            throw new IndexOutOfRangeException($"too many indices for tensor of dimension {t.dim()}");

        var result = t;
        int dim = 0;
        (Tensor tensor, int dim)? advancedIndex = null;
        foreach (var ix in indices)
        {
            switch (ix.kind)
            {
                case TensorIndex.Kind.Integer:
                {
                    long i = ix.fromEnd ? result._shape[dim] - ix.integer : ix.integer;
                    result = Views.Select(result, dim, i);
                    break;
                }
                case TensorIndex.Kind.Slice:
                    result = Views.Slice(result, dim, ix.start, ix.stop, ix.step);
                    dim++;
                    break;
                case TensorIndex.Kind.None:
                    result = Shape.Unsqueeze(result, dim);
                    dim++;
                    break;
                case TensorIndex.Kind.Boolean:
                    result = Shape.Unsqueeze(result, dim);
                    if (ix.integer == 0) result = Views.Slice(result, dim, 0, 0);
                    dim++;
                    break;
                case TensorIndex.Kind.Ellipsis:
                    dim += t.dim() - consumed;
                    break;
                case TensorIndex.Kind.Tensor:
                    if (advancedIndex is not null)
                        throw new NotSupportedException("SharpGrad supports one tensor index per indexing expression.");
                    advancedIndex = (ix.tensor!, dim);
                    dim += ix.tensor!._dtype == ScalarType.Bool ? Math.Max(ix.tensor.dim(), 1) : 1;
                    break;
            }
        }
        if (advancedIndex is not { } adv) return (result, null);
        return (result, MakeAdvanced(result, adv.tensor, adv.dim));
    }

    /// <summary>Turns a mask or an index tensor at <paramref name="dim"/> into positions along one dimension.</summary>
    private static Advanced MakeAdvanced(Tensor target, Tensor index, int dim)
    {
        if (index._dtype == ScalarType.Bool)
        {
            int k = Math.Max(index.dim(), 1);
            var mask = index.dim() == 0 ? index.reshape(1) : index;
            for (int i = 0; i < k; i++)
            {
                if (dim + i >= target.dim() || mask._shape[i] != target._shape[dim + i])
                    throw new IndexOutOfRangeException(
                        $"The shape of the mask {Tensor.ShapeString(mask._shape)} at index {i} does not match the shape of the indexed tensor {Tensor.ShapeString(target._shape)} at index {dim + i}");
            }
            var flatMask = Kernels.Copy.Contiguous(mask).ContiguousSpan<bool>();
            var positions = new List<long>();
            for (int i = 0; i < flatMask.Length; i++) if (flatMask[i]) positions.Add(i);
            var merged = target;
            if (k != 1)
            {
                var shape = target.shape.ToList();
                shape.RemoveRange(dim, k);
                shape.Insert(dim, -1);
                merged = target.reshape(shape.ToArray());
            }
            return new Advanced(merged, dim, positions.ToArray(), [positions.Count]);
        }
        if (index._dtype != ScalarType.Int64)
            throw new IndexOutOfRangeException("tensors used as indices must be long, int, byte or bool tensors");
        var values = index.ToArray<long>();
        int size = target._shape[dim];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < -size || values[i] >= size)
                throw new IndexOutOfRangeException($"index {values[i]} is out of bounds for dimension {dim} with size {size}");
            if (values[i] < 0) values[i] += size;
        }
        return new Advanced(target, dim, values, index.dim() == 0 ? [1] : index._shape);
    }

    private static void FillWhere(Tensor t, Tensor mask, double value)
    {
        var m = mask.ContiguousSpan<bool>();
        switch (t._dtype)
        {
            case ScalarType.Float32: Fill(t.ContiguousSpan<float>(), m, (float)value); break;
            case ScalarType.Float64: Fill(t.ContiguousSpan<double>(), m, value); break;
            case ScalarType.Int64: Fill(t.ContiguousSpan<long>(), m, (long)value); break;
            default: Fill(t.ContiguousSpan<bool>(), m, value != 0); break;
        }

        static void Fill<T>(Span<T> d, ReadOnlySpan<bool> m, T v)
        {
            for (int i = 0; i < d.Length; i++) if (m[i]) d[i] = v;
        }
    }

    // ------------------------------------------------------------------ select positions along a dim

    /// <summary>x with dimension <paramref name="dim"/> replaced by the rows at <paramref name="positions"/> (a copy).</summary>
    public static Tensor IndexSelect(Tensor x, int dim, long[] positions, string nodeName)
    {
        var src = Kernels.Copy.Contiguous(x);
        var (outer, size, inner) = Split(src._shape, dim);
        var shape = (int[])src._shape.Clone();
        shape[dim] = positions.Length;
        var result = Tensor.Empty(shape, src._dtype, uninitialized: true);
        switch (src._dtype)
        {
            case ScalarType.Float32: Gather(src.ContiguousSpan<float>(), result.ContiguousSpan<float>(), outer, size, inner, positions); break;
            case ScalarType.Float64: Gather(src.ContiguousSpan<double>(), result.ContiguousSpan<double>(), outer, size, inner, positions); break;
            case ScalarType.Int64: Gather(src.ContiguousSpan<long>(), result.ContiguousSpan<long>(), outer, size, inner, positions); break;
            default: Gather(src.ContiguousSpan<bool>(), result.ContiguousSpan<bool>(), outer, size, inner, positions); break;
        }
        if (Autograd.NeedsGrad(x)) result.SetHistory(new IndexSelectBackward(x, dim, positions, nodeName));
        return result;

        static void Gather<T>(ReadOnlySpan<T> s, Span<T> d, int outer, int size, int inner, long[] pos)
        {
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < pos.Length; j++)
                    s.Slice((o * size + (int)pos[j]) * inner, inner).CopyTo(d.Slice((o * pos.Length + j) * inner, inner));
        }
    }

    internal sealed class IndexSelectBackward(Tensor x, int dim, long[] positions, string nodeName) : Node([x])
    {
        private readonly int[] _shape = x._shape;
        public override string name() => nodeName;
        internal override Tensor?[] Apply(Tensor grad) => [IndexAddIntoZeros(grad, _shape, dim, positions)];
    }

    /// <summary>zeros(shape) with the rows of <paramref name="grad"/> added at <paramref name="positions"/>
    /// (repeated positions accumulate): the backward of <see cref="IndexSelect"/>.</summary>
    public static Tensor IndexAddIntoZeros(Tensor grad, int[] shape, int dim, long[] positions)
    {
        var g = Kernels.Copy.Contiguous(grad);
        var result = Tensor.Empty(shape, g._dtype);
        var (outer, size, inner) = Split(shape, dim);
        switch (g._dtype)
        {
            case ScalarType.Float32: Scatter(g.ContiguousSpan<float>(), result.ContiguousSpan<float>(), outer, size, inner, positions); break;
            case ScalarType.Float64: Scatter(g.ContiguousSpan<double>(), result.ContiguousSpan<double>(), outer, size, inner, positions); break;
            default: throw new NotSupportedException("index gradients are floating point");
        }
        if (Autograd.NeedsGrad(grad)) result.SetHistory(new IndexAddBackward(grad, dim, positions));
        return result;

        static void Scatter<T>(ReadOnlySpan<T> s, Span<T> d, int outer, int size, int inner, long[] pos)
            where T : System.Numerics.INumber<T>
        {
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < pos.Length; j++)
                {
                    var target = d.Slice((o * size + (int)pos[j]) * inner, inner);
                    TensorPrimitives.Add(target, s.Slice((o * pos.Length + j) * inner, inner), target);
                }
        }
    }

    internal sealed class IndexAddBackward(Tensor grad, int dim, long[] positions) : Node([grad])
    {
        public override string name() => "IndexPutBackward0";
        internal override Tensor?[] Apply(Tensor g) => [IndexSelect(g, dim, positions, "IndexBackward0")];
    }

    // ------------------------------------------------------------------ write positions along a dim

    /// <summary>A copy of <paramref name="self"/> with <paramref name="values"/> (broadcast) written at
    /// <paramref name="positions"/> along <paramref name="dim"/>: the out-of-place index_put.</summary>
    public static Tensor IndexPut(Tensor self, int dim, long[] positions, Tensor values)
    {
        var result = Shape.Clone(self);
        result._gradFn = null;
        WriteRows(result, dim, positions, values);
        if (Autograd.NeedsGrad(self, values)) result.SetHistory(new IndexPutBackward0(self, values, dim, positions));
        return result;
    }

    /// <summary>Writes values into the rows of a contiguous tensor, no autograd.</summary>
    internal static void WriteRows(Tensor dst, int dim, long[] positions, Tensor values)
    {
        var shape = (int[])dst._shape.Clone();
        shape[dim] = positions.Length;
        if (!Tensor.IsExpandableTo(values._shape, shape))
            throw new ArgumentException(
                $"shape mismatch: value tensor of shape {Tensor.ShapeString(values._shape)} cannot be broadcast to indexing result of shape {Tensor.ShapeString(shape)}");
        var v = Tensor.Empty(shape, dst._dtype, uninitialized: true);
        Kernels.Copy.Into(values, v);
        var (outer, size, inner) = Split(dst._shape, dim);
        switch (dst._dtype)
        {
            case ScalarType.Float32: Put(v.ContiguousSpan<float>(), dst.ContiguousSpan<float>(), outer, size, inner, positions); break;
            case ScalarType.Float64: Put(v.ContiguousSpan<double>(), dst.ContiguousSpan<double>(), outer, size, inner, positions); break;
            case ScalarType.Int64: Put(v.ContiguousSpan<long>(), dst.ContiguousSpan<long>(), outer, size, inner, positions); break;
            default: Put(v.ContiguousSpan<bool>(), dst.ContiguousSpan<bool>(), outer, size, inner, positions); break;
        }

        static void Put<T>(ReadOnlySpan<T> s, Span<T> d, int outer, int size, int inner, long[] pos)
        {
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < pos.Length; j++)
                    s.Slice((o * pos.Length + j) * inner, inner).CopyTo(d.Slice((o * size + (int)pos[j]) * inner, inner));
        }
    }

    internal sealed class IndexPutBackward0(Tensor self, Tensor values, int dim, long[] positions) : Node([self, values])
    {
        private readonly int[] _valuesShape = values._shape;

        // The written positions take no gradient from self; values get the gradient gathered there.
        internal override Tensor?[] Apply(Tensor grad) =>
        [
            NeedsInputGrad(0) ? IndexPut(grad, dim, positions, Tensor.WrapNumber(0.0)) : null,
            NeedsInputGrad(1) ? IndexSelect(grad, dim, positions, "IndexBackward0").SumToShape(_valuesShape) : null,
        ];
    }

    private static (int outer, int size, int inner) Split(int[] shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[dim], inner);
    }
}
