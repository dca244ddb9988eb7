using SharpGrad.Ops;

namespace SharpGrad;

// Reductions beyond sum and mean: max/min, argmax/argmin, amax/amin, prod, var/std, logsumexp,
// cumsum, and gather (used by the backward of max(dim) and min(dim)).
public sealed partial class Tensor
{
    // ------------------------------------------------------------------ max / min

    /// <summary>The largest element (a 0-dim tensor); NaN if any element is NaN.</summary>
    public Tensor max() => Reduction.MaxAll(this, isMax: true);

    /// <summary>The largest value along <paramref name="dim"/> and the index of its first occurrence (int64).</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false) => Reduction.MaxDim(this, dim, keepdim, isMax: true);

    /// <summary>Elementwise maximum with <paramref name="other"/> (same as <see cref="maximum"/>).</summary>
    public Tensor max(Tensor other) => Selection.Maximum(this, other);

    /// <summary>The smallest element (a 0-dim tensor); NaN if any element is NaN.</summary>
    public Tensor min() => Reduction.MaxAll(this, isMax: false);

    /// <summary>The smallest value along <paramref name="dim"/> and the index of its first occurrence (int64).</summary>
    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false) => Reduction.MaxDim(this, dim, keepdim, isMax: false);

    /// <summary>Elementwise minimum with <paramref name="other"/> (same as <see cref="minimum"/>).</summary>
    public Tensor min(Tensor other) => Selection.Minimum(this, other);

    /// <summary>Index of the first largest element of the flattened tensor (NaN counts as largest).</summary>
    public Tensor argmax() => Reduction.ArgMaxAll(this, isMax: true);

    /// <summary>Indices of the first largest elements along <paramref name="dim"/>.</summary>
    public Tensor argmax(long dim, bool keepdim = false) => Reduction.ArgMaxDim(this, dim, keepdim, isMax: true);

    /// <summary>Index of the first smallest element of the flattened tensor (NaN counts as smallest).</summary>
    public Tensor argmin() => Reduction.ArgMaxAll(this, isMax: false);

    /// <summary>Indices of the first smallest elements along <paramref name="dim"/>.</summary>
    public Tensor argmin(long dim, bool keepdim = false) => Reduction.ArgMaxDim(this, dim, keepdim, isMax: false);

    /// <summary>Maximum over <paramref name="dim"/> (all dims when null or empty); ties share the gradient.</summary>
    public Tensor amax(long[]? dim = null, bool keepdim = false) => Reduction.Amax(this, ToIntDims(dim), keepdim, isMax: true);
    /// <summary>Largest values over the given dims (gradient shared among ties).</summary>
    public Tensor amax(long dim, bool keepdim = false) => Reduction.Amax(this, [(int)dim], keepdim, isMax: true);

    /// <summary>Minimum over <paramref name="dim"/> (all dims when null or empty); ties share the gradient.</summary>
    public Tensor amin(long[]? dim = null, bool keepdim = false) => Reduction.Amax(this, ToIntDims(dim), keepdim, isMax: false);
    /// <summary>Smallest values over the given dims (gradient shared among ties).</summary>
    public Tensor amin(long dim, bool keepdim = false) => Reduction.Amax(this, [(int)dim], keepdim, isMax: false);

    // ------------------------------------------------------------------ prod

    /// <summary>Product of all elements (int64 for integral and bool inputs).</summary>
    public Tensor prod(ScalarType? dtype = null) => Reduction.Prod(this, null, false, dtype);

    /// <summary>Product along <paramref name="dim"/>.</summary>
    public Tensor prod(long dim, bool keepdim = false, ScalarType? dtype = null) => Reduction.Prod(this, [(int)dim], keepdim, dtype);
    /// <summary>Product along <paramref name="dim"/>. (An <c>int</c> overload, so that a literal
    /// <c>x.prod(0)</c> means dim 0 rather than <c>dtype: (ScalarType)0</c>.)</summary>
    public Tensor prod(int dim, bool keepdim = false, ScalarType? dtype = null) => Reduction.Prod(this, [dim], keepdim, dtype);

    // ------------------------------------------------------------------ var / std

    /// <summary>Variance of all elements, unbiased (divides by N − 1) unless <paramref name="unbiased"/> is false.</summary>
    public Tensor var(bool unbiased = true) => Reduction.Var(this, null, unbiased ? 1 : 0, false, takeSqrt: false);
    /// <summary>Variance (unbiased by default; correction as in PyTorch), of all elements or over dims.</summary>
    public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => Reduction.Var(this, [(int)dim], unbiased ? 1 : 0, keepdim, takeSqrt: false);
    /// <summary>Variance (unbiased by default; correction as in PyTorch), of all elements or over dims.</summary>
    public Tensor var(long[] dim, bool unbiased = true, bool keepdim = false) => Reduction.Var(this, ToIntDims(dim), unbiased ? 1 : 0, keepdim, takeSqrt: false);
    /// <summary>Variance dividing by max(0, N − <paramref name="correction"/>).</summary>
    public Tensor var(long dim, double correction, bool keepdim = false) => Reduction.Var(this, [(int)dim], correction, keepdim, takeSqrt: false);
    /// <summary>Variance (unbiased by default; correction as in PyTorch), of all elements or over dims.</summary>
    public Tensor var(long[]? dim, double correction, bool keepdim = false) => Reduction.Var(this, ToIntDims(dim), correction, keepdim, takeSqrt: false);
    /// <summary>Variance (unbiased by default; correction as in PyTorch), of all elements or over dims.</summary>
    public Tensor var(double correction, bool keepdim = false) => Reduction.Var(this, null, correction, keepdim, takeSqrt: false);

    /// <summary>Standard deviation of all elements, unbiased unless <paramref name="unbiased"/> is false.</summary>
    public Tensor std(bool unbiased = true) => Reduction.Var(this, null, unbiased ? 1 : 0, false, takeSqrt: true);
    /// <summary>Standard deviation (unbiased by default; correction as in PyTorch).</summary>
    public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => Reduction.Var(this, [(int)dim], unbiased ? 1 : 0, keepdim, takeSqrt: true);
    /// <summary>Standard deviation (unbiased by default; correction as in PyTorch).</summary>
    public Tensor std(long[] dim, bool unbiased = true, bool keepdim = false) => Reduction.Var(this, ToIntDims(dim), unbiased ? 1 : 0, keepdim, takeSqrt: true);
    /// <summary>Standard deviation dividing by max(0, N − <paramref name="correction"/>).</summary>
    public Tensor std(long dim, double correction, bool keepdim = false) => Reduction.Var(this, [(int)dim], correction, keepdim, takeSqrt: true);
    /// <summary>Standard deviation (unbiased by default; correction as in PyTorch).</summary>
    public Tensor std(long[]? dim, double correction, bool keepdim = false) => Reduction.Var(this, ToIntDims(dim), correction, keepdim, takeSqrt: true);
    /// <summary>Standard deviation (unbiased by default; correction as in PyTorch).</summary>
    public Tensor std(double correction, bool keepdim = false) => Reduction.Var(this, null, correction, keepdim, takeSqrt: true);

    // ------------------------------------------------------------------ logsumexp / cumsum / gather

    /// <summary>log(sum(exp(x))) along <paramref name="dim"/>, computed stably.</summary>
    public Tensor logsumexp(long dim, bool keepdim = false) => Reduction.LogSumExp(this, [(int)dim], keepdim);
    /// <summary>log(Σ exp(x)) over dims, computed stably.</summary>
    public Tensor logsumexp(long[] dim, bool keepdim = false) => Reduction.LogSumExp(this, ToIntDims(dim), keepdim);

    /// <summary>Cumulative sum along <paramref name="dim"/> (int64 for integral and bool inputs).</summary>
    public Tensor cumsum(long dim, ScalarType? dtype = null) => Reduction.Cumsum(this, dim, dtype);

    /// <summary>Values at <paramref name="index"/> (int64, same rank) along <paramref name="dim"/>:
    /// out[i][j] = this[index[i][j]][j] for dim 0, this[i][index[i][j]] for dim 1.</summary>
    public Tensor gather(long dim, Tensor index) => GatherScatter.Gather(this, dim, index);

    // ------------------------------------------------------------------ int-dim overloads of sum / mean
    // A literal 0 converts to any enum, so without these x.sum(0) would bind to sum(dtype: (ScalarType)0).
    /// <summary>Sum of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim). Integral inputs sum to int64.</summary>
    public Tensor sum(int dim, bool keepdim = false, ScalarType? dtype = null) => Reduction.Sum(this, [dim], keepdim, dtype);
    /// <summary>Mean of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim).</summary>
    public Tensor mean(int dim, bool keepdim = false, ScalarType? dtype = null) => Reduction.Mean(this, [dim], keepdim, dtype);

    private static int[] ToIntDims(long[]? dims) => dims is null ? [] : Ops.Reduction.ToInt(dims);
}
