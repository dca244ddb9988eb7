using SharpGrad.Ops;

namespace SharpGrad;

public sealed partial class Tensor
{
    /// <summary>
    /// PyTorch indexing: <c>t[0]</c>, <c>t[0, 1]</c>, <c>t[.., 1]</c>, <c>t[1..3]</c>, <c>t[^1]</c>,
    /// <c>t[TensorIndex.Ellipsis, 0]</c>, <c>t[TensorIndex.None]</c> give views (gradients flow back);
    /// <c>t[mask]</c> and <c>t[indices]</c> give copies. Assigning (<c>t[mask] = 0</c>,
    /// <c>t[.., 1] = other</c>) writes in place.
    /// </summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => Indexing.Get(this, indices);
        set => Indexing.Set(this, indices, value);
    }

    /// <summary>The entries at <paramref name="index"/> (int64) along <paramref name="dim"/> (a copy).</summary>
    public Tensor index_select(long dim, Tensor index)
    {
        int d = NormalizeDim(dim, _shape.Length);
        if (index.dim() > 1) throw new ArgumentException("index_select(): Index is supposed to be a vector");
        if (index._dtype != ScalarType.Int64) throw new ArgumentException("index_select(): Expected dtype int64 for index");
        var positions = index.ToArray<long>();
        foreach (var p in positions)
            if (p < 0 || p >= _shape[d])
                throw new IndexOutOfRangeException($"index out of range in self");
        return Indexing.IndexSelect(this, d, positions, "IndexSelectBackward0");
    }

    /// <summary>The elements where <paramref name="mask"/> is true, as a 1-D copy.</summary>
    public Tensor masked_select(Tensor mask)
    {
        var shape = BroadcastShapes(_shape, mask._shape);
        var longShape = Array.ConvertAll(shape, x => (long)x);
        return expand(longShape)[mask.expand(longShape)].reshape(-1);
    }

    /// <summary>A copy with <paramref name="value"/> where <paramref name="mask"/> is true (differentiable).</summary>
    public Tensor masked_fill(Tensor mask, double value)
    {
        if (mask._dtype != ScalarType.Bool) throw new ArgumentException("masked_fill_ only supports boolean masks, but got mask with dtype " + mask._dtype.TorchName().Replace("torch.", ""));
        return Selection.Where(mask, full_like_value(value), this);
    }

    private Tensor full_like_value(double value) => _dtype == ScalarType.Int64 ? WrapNumber((long)value) : WrapNumber(value);

    /// <summary>Writes <paramref name="value"/> where <paramref name="mask"/> is true, in place.</summary>
    public Tensor masked_fill_(Tensor mask, double value)
    {
        if (mask._dtype != ScalarType.Bool) throw new ArgumentException("masked_fill_ only supports boolean masks, but got mask with dtype " + mask._dtype.TorchName().Replace("torch.", ""));
        if (!IsExpandableTo(mask._shape, _shape))
            throw new ArgumentException($"The size of tensor a ({_shape[^1]}) must match the size of tensor b ({mask._shape[^1]}) at non-singleton dimension {_shape.Length - 1}");
        var full = mask.expand(shape);
        this[full] = value;
        return this;
    }

    /// <summary>Writes <paramref name="values"/> at the positions given by one index tensor (PyTorch's index_put_).</summary>
    public Tensor index_put_(Tensor[] indices, Tensor values, bool accumulate = false)
    {
        if (indices.Length != 1) throw new NotSupportedException("SharpGrad's index_put_ takes one index tensor.");
        if (accumulate)
        {
            var current = this[indices[0]];
            this[indices[0]] = current + values;
            return this;
        }
        this[indices[0]] = values;
        return this;
    }

    /// <summary>In-place write of rows along dimension <paramref name="dim"/> of this tensor seen as
    /// <paramref name="mergedShape"/> (mask dimensions merged into one); recorded by autograd when needed.</summary>
    internal void IndexPutInPlace(int[] mergedShape, int dim, long[] positions, Tensor values)
    {
        CheckInPlaceWrite(values);
        var merged = Array.ConvertAll(mergedShape, x => (long)x);
        if (TracksInPlaceWrite(values))
        {
            AdoptInPlace(Indexing.IndexPut(clone().reshape(merged), dim, positions, values).reshape(shape));
            return;
        }
        // Write into a contiguous buffer seen in the merged shape: this tensor itself when it is
        // contiguous, else a scratch copy that is copied back.
        var buffer = _isContiguous ? this : Kernels.Copy.Contiguous(this);
        using (new GradModeScope(false))
            Indexing.WriteRows(Ops.Shape.Reshape(buffer, merged), dim, positions, values);
        if (!ReferenceEquals(buffer, this)) Kernels.Copy.Into(buffer, this);
        _storage.Version++;
    }

    /// <summary>PyTorch's checks before writing in place through this tensor.</summary>
    internal void CheckInPlaceWrite(Tensor? other)
    {
        if (GradMode.Enabled && _base is { } b && b._requiresGrad && b._gradFn is null)
            throw new InvalidOperationException("a view of a leaf Variable that requires grad is being used in an in-place operation.");
        if (GradMode.Enabled && _requiresGrad && _gradFn is null)
            throw new InvalidOperationException("a leaf Variable that requires grad is being used in an in-place operation.");
    }

    internal bool TracksInPlaceWrite(Tensor? other)
        => GradMode.Enabled && (requires_grad || (other is not null && other.requires_grad));
}
