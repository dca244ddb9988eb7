using SharpGrad.Ops;

namespace SharpGrad;

// Subscripts and the index ops: t[0], t[.., 1], t[1..3], t[^1], t[mask], t[idx], t[mask] = 0, ...
public sealed partial class Tensor
{
    /// <summary>
    /// PyTorch's subscript. Integers, ranges (<c>1..3</c>, <c>..</c>, <c>^1</c>), <see cref="TensorIndex.Ellipsis"/>
    /// and <see cref="TensorIndex.None"/> give a view sharing storage (gradients flow through
    /// SelectBackward0/SliceBackward0/…); a bool mask or an int64 index tensor gives a copy
    /// (IndexBackward0). Setting copies the value (broadcast) into the view, or writes it to the
    /// selected elements (<c>index_put_</c>), in place.
    /// </summary>
    public Tensor this[params TensorIndex?[]? indices]
    {
        get => Indexing.GetItem(this, indices ?? [null]);
        set => SetItem(indices ?? [null], value);
    }

    /// <summary>Same as the subscript getter (TorchSharp's <c>index</c>).</summary>
    public Tensor index(params TensorIndex?[]? indices) => Indexing.GetItem(this, indices ?? [null]);

    private const string ViewOfLeafInPlace =
        "a view of a leaf Variable that requires grad is being used in an in-place operation.";

    private void SetItem(TensorIndex?[] indices, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // PyTorch's fast paths for a lone index.
        if (indices.Length == 1 && indices[0] is { Kind: TensorIndex.IndexKind.Boolean, Boolean: false }) return;
        if (indices.Length == 1) Indexing.CheckZeroDimSingle(this, indices[0]);

        Indexing.Slicing s;
        using (new GradModeScope(false)) s = Indexing.ApplySlicing(this, indices, disableSliceOptimization: false);
        var target = s.Result;
        bool isSelf = ReferenceEquals(target, this);

        if (GradMode.Enabled)
        {
            var root = ViewBase ?? this;
            if (root.LeafRequiresGrad && root.GradFn is null)
                throw new InvalidOperationException(isSelf && ViewBase is null
                    ? "a leaf Variable that requires grad is being used in an in-place operation."
                    : ViewOfLeafInPlace);
        }
        bool track = GradMode.Enabled && (requires_grad || value.requires_grad);

        // numpy's rule: leading size-1 dimensions of the value are dropped.
        var stripped = StripLeadingOnes(value);

        if (s.Positional is null)
        {
            // Basic subscript: copy into the view.
            using (new GradModeScope(false)) Ops.Shape.Expand(stripped, target.shape); // PyTorch's message on mismatch
            if (!track)
            {
                var src = SharesBuffer(stripped, this) ? Ops.Copy.Contiguous(stripped.clone()) : stripped;
                Ops.Copy.Into(src, target);
                SharedStorage.Version++;
                return;
            }
            if (isSelf)
            {
                copy_(stripped);
                return;
            }
            AdoptInPlace(Indexing.CopySlices(this, s.View, stripped.to(ElementType)));
            return;
        }

        // Advanced subscript: index_put_ on the view.
        var values = stripped;
        if (values.IsWrappedNumber) values = values.ToDTypeIfNeeded(ElementType);
        else if (values.ElementType != ElementType) throw IndexPutDTypeMismatch(values);

        if (!track)
        {
            if (SharesBuffer(values, this)) values = Ops.Copy.Contiguous(values.clone());
            if (s.Positional.Count == 1 && s.Positional[0] is { ElementType: ScalarType.Bool } mask
                && SameShape(mask.Sizes, target.Sizes) && values.NumelInt == 1 && values.dim() == 0)
                Indexing.MaskedFillInto(target, mask, values);
            else
                Indexing.IndexPutInto(target, Indexing.ExpandIndices(target, s.Positional), values, accumulate: false);
            SharedStorage.Version++;
            return;
        }
        var indexList = Indexing.ExpandIndices(target, s.Positional);
        if (isSelf)
        {
            AdoptInPlace(Indexing.IndexPut(this, indexList, values, accumulate: false));
            return;
        }
        var content = Indexing.IndexPut(s.View(this), indexList, values, accumulate: false);
        AdoptInPlace(Indexing.CopySlices(this, s.View, content));
    }

    /// <summary>PyTorch's checks before writing in place through this tensor: neither a leaf that
    /// requires grad nor a view of one may be modified while grad mode is on.</summary>
    internal void CheckInPlaceWrite(Tensor? other)
    {
        _ = other;
        if (!GradMode.Enabled) return;
        if (ViewBase is { } b && b.LeafRequiresGrad && b.GradFn is null)
            throw new InvalidOperationException(ViewOfLeafInPlace);
        if (LeafRequiresGrad && GradFn is null)
            throw new InvalidOperationException("a leaf Variable that requires grad is being used in an in-place operation.");
    }

    private static Tensor StripLeadingOnes(Tensor value)
    {
        int first = 0;
        while (first < value.Sizes.Length && value.Sizes[first] == 1) first++;
        if (first == 0) return value;
        return value.reshape(value.shape[first..]);
    }

    private static bool SharesBuffer(Tensor a, Tensor b) => ReferenceEquals(a.SharedStorage.RawArray, b.SharedStorage.RawArray);

    private InvalidOperationException IndexPutDTypeMismatch(Tensor values) => new(
        $"Index put requires the source and destination dtypes match, got {ElementType.CTypeName()} for the destination and {values.ElementType.CTypeName()} for the source.");

    // ------------------------------------------------------------------ index_put

    /// <summary>
    /// Writes <paramref name="values"/> (broadcast) at <c>self[indices]</c>, in place; with
    /// <paramref name="accumulate"/> adds instead, duplicates adding up. Each entry is an int64
    /// index tensor, a bool mask over as many dimensions as it has, or null for a whole dimension.
    /// </summary>
    public Tensor index_put_(Tensor?[] indices, Tensor values, bool accumulate = false)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        CheckInPlaceWrite(values);
        if (values.IsWrappedNumber) values = values.ToDTypeIfNeeded(ElementType);
        else if (values.ElementType != ElementType) throw IndexPutDTypeMismatch(values);
        var expanded = Indexing.ExpandIndices(this, indices);
        if (TracksInPlace(values)) return AdoptInPlace(Indexing.IndexPut(this, expanded, values, accumulate));
        if (SharesBuffer(values, this)) values = Ops.Copy.Contiguous(values.clone());
        Indexing.IndexPutInto(this, expanded, values, accumulate);
        SharedStorage.Version++;
        return this;
    }

    /// <summary>Out-of-place <see cref="index_put_"/>.</summary>
    public Tensor index_put(Tensor?[] indices, Tensor values, bool accumulate = false)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (values.IsWrappedNumber) values = values.ToDTypeIfNeeded(ElementType);
        else if (values.ElementType != ElementType) throw IndexPutDTypeMismatch(values);
        return Indexing.IndexPut(this, Indexing.ExpandIndices(this, indices), values, accumulate);
    }

    // ------------------------------------------------------------------ index_select / index_add

    /// <summary>The entries <paramref name="index"/> (1-D int64) along <paramref name="dim"/>, as a copy.</summary>
    public Tensor index_select(long dim, Tensor index) => Indexing.IndexSelect(this, dim, index);

    /// <summary>A copy of this tensor with <c>alpha * source</c> added at the entries <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor index_add(long dim, Tensor index, Tensor source, double alpha = 1)
        => Indexing.IndexAdd(this, dim, index, source, alpha);

    /// <summary>In-place <see cref="index_add"/>.</summary>
    public Tensor index_add_(long dim, Tensor index, Tensor source, double alpha = 1)
    {
        CheckInPlaceWrite(source);
        var (d, idx) = Indexing.CheckIndexAdd(this, dim, index, source);
        if (TracksInPlace(source)) return AdoptInPlace(Indexing.IndexAdd(this, dim, index, source, alpha));
        if (SharesBuffer(source, this)) source = Ops.Copy.Contiguous(source.clone());
        Indexing.IndexAddInto(this, d, idx, source, alpha);
        SharedStorage.Version++;
        return this;
    }

    // ------------------------------------------------------------------ scatter_add (gather: Tensor.Gather.cs)

    /// <summary>A copy of this tensor with <c>self[index[i][j]][j] += src[i][j]</c> (dim 0).</summary>
    public Tensor scatter_add(long dim, Tensor index, Tensor src) => GatherScatter.ScatterAdd(this, dim, index, src);

    /// <summary>In-place <see cref="scatter_add"/>.</summary>
    public Tensor scatter_add_(long dim, Tensor index, Tensor src)
    {
        CheckInPlaceWrite(src);
        if (Sizes.Length == 0) return copy_(scatter_add(dim, index, src));
        int d = GatherScatter.CheckScatterAdd(this, dim, index, src);
        if (TracksInPlace(src)) return AdoptInPlace(GatherScatter.ScatterAdd(this, dim, index, src));
        if (SharesBuffer(src, this)) src = Ops.Copy.Contiguous(src.clone());
        GatherScatter.ScatterAddInto(this, d, index, src);
        SharedStorage.Version++;
        return this;
    }

    // ------------------------------------------------------------------ masked_fill / masked_select

    /// <summary><paramref name="value"/> where <paramref name="mask"/> (bool, broadcast) is true, else this tensor's elements.</summary>
    public Tensor masked_fill(Tensor mask, double value) => Indexing.MaskedFill(this, mask, WrapNumber(value));

    /// <summary><see cref="masked_fill(Tensor, double)"/> with a 0-dim tensor value (differentiable in it).</summary>
    public Tensor masked_fill(Tensor mask, Tensor value) => Indexing.MaskedFill(this, mask, value);

    /// <summary>In-place <see cref="masked_fill(Tensor, double)"/>.</summary>
    public Tensor masked_fill_(Tensor mask, double value) => masked_fill_(mask, WrapNumber(value));

    /// <summary>In-place <see cref="masked_fill(Tensor, Tensor)"/>.</summary>
    public Tensor masked_fill_(Tensor mask, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(value);
        CheckInPlaceWrite(value);
        Indexing.CheckMaskedFillArgs(mask, value);
        using (new GradModeScope(false)) Ops.Shape.Expand(mask, shape); // the mask must broadcast to this tensor
        if (TracksInPlace(value)) return AdoptInPlace(Indexing.MaskedFill(this, mask, value));
        Indexing.MaskedFillInto(this, mask, value);
        SharedStorage.Version++;
        return this;
    }

    /// <summary>The elements where <paramref name="mask"/> (bool, broadcast) is true, as a 1-D copy.</summary>
    public Tensor masked_select(Tensor mask) => Indexing.MaskedSelect(this, mask);
}
