using SharpGrad.Ops;

namespace SharpGrad;

// torch.* forms of the manipulation ops (Tensor.Manipulation.cs), with PyTorch's parameter names.
public static partial class torch
{
    /// <summary>Splits <paramref name="tensor"/> into views of <paramref name="split_size_or_sections"/> entries along dim.</summary>
    public static Tensor[] split(Tensor tensor, long split_size_or_sections, long dim = 0) => Manipulation.Split(tensor, split_size_or_sections, dim);

    /// <summary>Splits <paramref name="tensor"/> into views of the given lengths along dim.</summary>
    public static Tensor[] split(Tensor tensor, long[] split_size_or_sections, long dim = 0) => Manipulation.SplitWithSizes(tensor, split_size_or_sections, dim);

    /// <summary>Splits <paramref name="input"/> into <paramref name="chunks"/> views along dim.</summary>
    public static Tensor[] chunk(Tensor input, long chunks, long dim = 0) => Manipulation.Chunk(input, chunks, dim);

    /// <summary>The slices of <paramref name="input"/> along dim, as views.</summary>
    public static Tensor[] unbind(Tensor input, long dim = 0) => Manipulation.Unbind(input, dim);

    /// <summary>Each entry of <paramref name="input"/> repeated <paramref name="repeats"/> times in place along dim.</summary>
    public static Tensor repeat_interleave(Tensor input, long repeats, long? dim = null) => Manipulation.RepeatInterleave(input, repeats, dim);

    /// <summary>Entry i of <paramref name="input"/> along dim repeated repeats[i] times.</summary>
    public static Tensor repeat_interleave(Tensor input, Tensor repeats, long? dim = null) => Manipulation.RepeatInterleave(input, repeats, dim);

    /// <summary>Each index i repeated repeats[i] times (<c>torch.repeat_interleave(repeats)</c>).</summary>
    public static Tensor repeat_interleave(Tensor repeats) => Manipulation.RepeatInterleaveIndices(repeats);

    /// <summary>A copy of <paramref name="input"/> reversed along each of <paramref name="dims"/>.</summary>
    public static Tensor flip(Tensor input, params long[] dims) => Manipulation.Flip(input, dims);

    /// <summary><paramref name="input"/> shifted cyclically along dims (flattened when dims is null).</summary>
    public static Tensor roll(Tensor input, long shifts, long? dims = null) => input.roll(shifts, dims);

    /// <summary><paramref name="input"/> shifted cyclically by each shift along its dim.</summary>
    public static Tensor roll(Tensor input, long[] shifts, long[] dims) => Manipulation.Roll(input, shifts, dims);

    /// <summary>The lower triangle of the last two dims of <paramref name="input"/>.</summary>
    public static Tensor tril(Tensor input, long diagonal = 0) => Manipulation.Triangle(input, diagonal, lower: true);

    /// <summary>The upper triangle of the last two dims of <paramref name="input"/>.</summary>
    public static Tensor triu(Tensor input, long diagonal = 0) => Manipulation.Triangle(input, diagonal, lower: false);

    /// <summary>Coordinate grids of 0-D or 1-D tensors; <paramref name="indexing"/> "ij" (matrix) or "xy" (Cartesian).</summary>
    public static Tensor[] meshgrid(IList<Tensor> tensors, string indexing = "ij") => Manipulation.Meshgrid([.. tensors], indexing);

    /// <summary>Coordinate grids of 0-D or 1-D tensors, "ij" indexing.</summary>
    public static Tensor[] meshgrid(params Tensor[] tensors) => Manipulation.Meshgrid(tensors, "ij");

    /// <summary>A view of a diagonal of <paramref name="input"/>.</summary>
    public static Tensor diagonal(Tensor input, long offset = 0, long dim1 = 0, long dim2 = 1) => Manipulation.Diagonal(input, offset, dim1, dim2);

    /// <summary>A vector's square matrix, or a copy of a matrix's diagonal.</summary>
    public static Tensor diag(Tensor input, long diagonal = 0) => Manipulation.Diag(input, diagonal);

    /// <summary>The sum of the diagonal of the matrix <paramref name="input"/>.</summary>
    public static Tensor trace(Tensor input) => Manipulation.Trace(input);

    /// <summary>The outer product of two vectors.</summary>
    public static Tensor outer(Tensor input, Tensor vec2) => Manipulation.Outer(input, vec2);

    /// <summary>The outer product of two vectors (PyTorch's older name).</summary>
    public static Tensor ger(Tensor input, Tensor vec2) => Manipulation.Outer(input, vec2);

    /// <summary>beta·input + alpha·(mat1 @ mat2).</summary>
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1) => Manipulation.Addmm(input, mat1, mat2, beta, alpha);

    /// <summary>beta·input + alpha·bmm(batch1, batch2).</summary>
    public static Tensor baddbmm(Tensor input, Tensor batch1, Tensor batch2, double beta = 1, double alpha = 1) => Manipulation.Baddbmm(input, batch1, batch2, beta, alpha);

    /// <summary>Einstein summation over <paramref name="operands"/> as <paramref name="equation"/>
    /// says ("ij,jk->ik", "...ij,...jk", "ii->i", implicit output when there is no "->").</summary>
    public static Tensor einsum(string equation, params Tensor[] operands) => Einsum.Compute(equation, operands);

    /// <summary>A copy of <paramref name="input"/> whose masked positions take <paramref name="source"/>'s elements in order.</summary>
    public static Tensor masked_scatter(Tensor input, Tensor mask, Tensor source) => Manipulation.MaskedScatter(input, mask, source);

    /// <summary>A copy of <paramref name="input"/> with the positions <paramref name="index"/> names along dim set to src's elements.</summary>
    public static Tensor scatter(Tensor input, long dim, Tensor index, Tensor src) => GatherScatter.Scatter(input, dim, index, src);

    /// <summary>A copy of <paramref name="input"/> with the positions <paramref name="index"/> names along dim set to <paramref name="value"/>.</summary>
    public static Tensor scatter(Tensor input, long dim, Tensor index, double value) => GatherScatter.Scatter(input, dim, index, null, value);

    /// <summary>A copy of <paramref name="input"/> reduced at the positions <paramref name="index"/> names with src's elements.</summary>
    public static Tensor scatter_reduce(Tensor input, long dim, Tensor index, Tensor src, string reduce, bool include_self = true)
        => GatherScatter.ScatterReduce(input, dim, index, src, reduce, include_self);

    /// <summary>How often each value of a 1-D non-negative int64 tensor occurs (or the sum of its weights).</summary>
    public static Tensor bincount(Tensor input, Tensor? weights = null, long minlength = 0) => Manipulation.Bincount(input, weights, minlength);

    /// <summary>A histogram of <paramref name="input"/> in <paramref name="bins"/> equal-width bins over [min, max].</summary>
    public static Tensor histc(Tensor input, long bins = 100, double min = 0, double max = 0) => Manipulation.Histc(input, bins, min, max);
}
