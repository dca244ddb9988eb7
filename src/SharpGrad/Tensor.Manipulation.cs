using SharpGrad.Ops;

namespace SharpGrad;

// Manipulation ops (Ops/Manipulation.cs, Ops/Einsum.cs, Ops/GatherScatter.cs): split, chunk, unbind,
// repeat, repeat_interleave, flip, roll, tril/triu, diagonal/diag/trace, outer, addmm, baddbmm,
// masked_scatter, scatter, scatter_reduce, bincount, histc.
public sealed partial class Tensor
{
    /// <summary>Splits into views of <paramref name="split_size"/> entries along <paramref name="dim"/>
    /// (the last one shorter when the size does not divide).</summary>
    public Tensor[] split(long split_size, long dim = 0) => Manipulation.Split(this, split_size, dim);

    /// <summary>Splits into views of the given lengths along <paramref name="dim"/>.</summary>
    public Tensor[] split(long[] split_size, long dim = 0) => Manipulation.SplitWithSizes(this, split_size, dim);

    /// <summary>Splits into views of the given lengths along <paramref name="dim"/> (PyTorch's name).</summary>
    public Tensor[] split_with_sizes(long[] split_sizes, long dim = 0) => Manipulation.SplitWithSizes(this, split_sizes, dim);

    /// <summary>Splits into <paramref name="chunks"/> views (fewer if the size is small) of ⌈size / chunks⌉ entries.</summary>
    public Tensor[] chunk(long chunks, long dim = 0) => Manipulation.Chunk(this, chunks, dim);

    /// <summary>The slices along <paramref name="dim"/>, as views without that dim.</summary>
    public Tensor[] unbind(long dim = 0) => Manipulation.Unbind(this, dim);

    /// <summary>The tensor tiled <c>repeats[i]</c> times along each dim (a copy).</summary>
    public Tensor repeat(params long[] repeats) => Manipulation.Repeat(this, repeats);

    /// <summary>Each entry repeated <paramref name="repeats"/> times in place along <paramref name="dim"/>
    /// (of the flattened tensor when dim is null).</summary>
    public Tensor repeat_interleave(long repeats, long? dim = null) => Manipulation.RepeatInterleave(this, repeats, dim);

    /// <summary>Entry i along <paramref name="dim"/> repeated repeats[i] times (of the flattened tensor when dim is null).</summary>
    public Tensor repeat_interleave(Tensor repeats, long? dim = null) => Manipulation.RepeatInterleave(this, repeats, dim);

    /// <summary>A copy with the order of entries reversed along each of <paramref name="dims"/>.</summary>
    public Tensor flip(params long[] dims) => Manipulation.Flip(this, dims);

    /// <summary>Entries shifted cyclically by <paramref name="shifts"/> along <paramref name="dims"/>
    /// (along the flattened tensor when dims is null).</summary>
    public Tensor roll(long shifts, long? dims = null) => Manipulation.Roll(this, [shifts], dims is { } d ? [d] : []);

    /// <summary>Entries shifted cyclically by each shift along its dim.</summary>
    public Tensor roll(long[] shifts, long[] dims) => Manipulation.Roll(this, shifts, dims);

    /// <summary>The lower triangle (on and below the given diagonal) of the last two dims; zeros elsewhere.</summary>
    public Tensor tril(long diagonal = 0) => Manipulation.Triangle(this, diagonal, lower: true);

    /// <summary>The upper triangle (on and above the given diagonal) of the last two dims; zeros elsewhere.</summary>
    public Tensor triu(long diagonal = 0) => Manipulation.Triangle(this, diagonal, lower: false);

    /// <summary>A view of the diagonal of the (<paramref name="dim1"/>, <paramref name="dim2"/>) planes, as a new last dim.</summary>
    public Tensor diagonal(long offset = 0, long dim1 = 0, long dim2 = 1) => Manipulation.Diagonal(this, offset, dim1, dim2);

    /// <summary>For a vector, the square matrix with it on the given diagonal; for a matrix, a copy of that diagonal.</summary>
    public Tensor diag(long diagonal = 0) => Manipulation.Diag(this, diagonal);

    /// <summary>The sum of a matrix's diagonal.</summary>
    public Tensor trace() => Manipulation.Trace(this);

    /// <summary>The outer product with <paramref name="vec2"/>.</summary>
    public Tensor outer(Tensor vec2) => Manipulation.Outer(this, vec2);

    /// <summary>The outer product with <paramref name="vec2"/> (PyTorch's older name).</summary>
    public Tensor ger(Tensor vec2) => Manipulation.Outer(this, vec2);

    /// <summary>beta·this + alpha·(mat1 @ mat2).</summary>
    public Tensor addmm(Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1) => Manipulation.Addmm(this, mat1, mat2, beta, alpha);

    /// <summary>beta·this + alpha·bmm(batch1, batch2).</summary>
    public Tensor baddbmm(Tensor batch1, Tensor batch2, double beta = 1, double alpha = 1) => Manipulation.Baddbmm(this, batch1, batch2, beta, alpha);

    /// <summary>A copy whose positions where <paramref name="mask"/> (bool, broadcast) is true take
    /// <paramref name="source"/>'s elements in order.</summary>
    public Tensor masked_scatter(Tensor mask, Tensor source) => Manipulation.MaskedScatter(this, mask, source);

    /// <summary>A copy with <c>self[index[i][j]][j] = src[i][j]</c> (dim 0).</summary>
    public Tensor scatter(long dim, Tensor index, Tensor src) => GatherScatter.Scatter(this, dim, index, src);

    /// <summary>A copy with <c>self[index[i][j]][j] = value</c> (dim 0).</summary>
    public Tensor scatter(long dim, Tensor index, double value) => GatherScatter.Scatter(this, dim, index, null, value);

    /// <summary>In-place <see cref="scatter(long, Tensor, Tensor)"/>.</summary>
    public Tensor scatter_(long dim, Tensor index, Tensor src)
    {
        CheckInPlaceWrite(src);
        int d = GatherScatter.CheckScatter("scatter", this, dim, index, src);
        if (TracksInPlace(src) || !IsContiguous) return AdoptOrCopy(GatherScatter.Scatter(this, dim, index, src));
        if (SharesBuffer(src, this)) src = Ops.Copy.Contiguous(src.clone());
        GatherScatter.ScatterInto(this, d, index, src, 0);
        SharedStorage.Version++;
        return this;
    }

    /// <summary>In-place <see cref="scatter(long, Tensor, double)"/>.</summary>
    public Tensor scatter_(long dim, Tensor index, double value)
    {
        CheckInPlaceWrite(null);
        int d = GatherScatter.CheckScatter("scatter", this, dim, index, null);
        if (TracksInPlace(null) || !IsContiguous) return AdoptOrCopy(GatherScatter.Scatter(this, dim, index, null, value));
        GatherScatter.ScatterInto(this, d, index, null, value);
        SharedStorage.Version++;
        return this;
    }

    /// <summary>A copy in which each position <paramref name="index"/> names along <paramref name="dim"/>
    /// is reduced (<c>"sum"</c>, <c>"prod"</c>, <c>"mean"</c>, <c>"amax"</c>, <c>"amin"</c>) with the
    /// src elements sent to it, and with its own element unless <paramref name="include_self"/> is false.</summary>
    public Tensor scatter_reduce(long dim, Tensor index, Tensor src, string reduce, bool include_self = true)
        => GatherScatter.ScatterReduce(this, dim, index, src, reduce, include_self);

    /// <summary>In-place <see cref="scatter_reduce"/>.</summary>
    public Tensor scatter_reduce_(long dim, Tensor index, Tensor src, string reduce, bool include_self = true)
    {
        CheckInPlaceWrite(src);
        return AdoptOrCopy(GatherScatter.ScatterReduce(this, dim, index, src, reduce, include_self));
    }

    /// <summary>How often each value of this 1-D non-negative int64 tensor occurs (or the sum of its weights).</summary>
    public Tensor bincount(Tensor? weights = null, long minlength = 0) => Manipulation.Bincount(this, weights, minlength);

    /// <summary>A histogram of <paramref name="bins"/> equal-width bins over [min, max] (the data's range when min == max).</summary>
    public Tensor histc(long bins = 100, double min = 0, double max = 0) => Manipulation.Histc(this, bins, min, max);

    /// <summary>Writes an out-of-place result into this tensor: recorded (adopting its history)
    /// when autograd tracks it, else a plain copy.</summary>
    private Tensor AdoptOrCopy(Tensor result)
    {
        if (result.GradFn is not null || result.Tangent is not null) return AdoptInPlace(result);
        Ops.Copy.Into(result, this);
        SharedStorage.Version++;
        return this;
    }
}
