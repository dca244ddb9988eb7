
namespace SharpGrad;

// Free-function forms of the reductions in Tensor.Reductions.cs.
public static partial class torch
{
    /// <summary>The largest element (0-dim); NaN if any element is NaN.</summary>
    public static Tensor max(Tensor input) => input.max();
    /// <summary>Largest values along <paramref name="dim"/> and the indices of their first occurrences.</summary>
    public static (Tensor values, Tensor indices) max(Tensor input, long dim, bool keepdim = false) => input.max(dim, keepdim);
    /// <summary>Elementwise maximum (same as <see cref="maximum"/>).</summary>
    public static Tensor max(Tensor input, Tensor other) => input.max(other);
    /// <summary>The smallest element (0-dim); NaN if any element is NaN.</summary>
    public static Tensor min(Tensor input) => input.min();
    /// <summary>Smallest values along <paramref name="dim"/> and the indices of their first occurrences.</summary>
    public static (Tensor values, Tensor indices) min(Tensor input, long dim, bool keepdim = false) => input.min(dim, keepdim);
    /// <summary>Elementwise minimum (same as <see cref="minimum"/>).</summary>
    public static Tensor min(Tensor input, Tensor other) => input.min(other);

    /// <summary>Position of the largest element (int64), flattened or along a dim.</summary>
    public static Tensor argmax(Tensor input) => input.argmax();
    /// <summary>Position of the largest element (int64), flattened or along a dim.</summary>
    public static Tensor argmax(Tensor input, long dim, bool keepdim = false) => input.argmax(dim, keepdim);
    /// <summary>Position of the smallest element (int64), flattened or along a dim.</summary>
    public static Tensor argmin(Tensor input) => input.argmin();
    /// <summary>Position of the smallest element (int64), flattened or along a dim.</summary>
    public static Tensor argmin(Tensor input, long dim, bool keepdim = false) => input.argmin(dim, keepdim);
    /// <summary>Largest values over the given dims (gradient shared among ties).</summary>
    public static Tensor amax(Tensor input, long[]? dim = null, bool keepdim = false) => input.amax(dim, keepdim);
    /// <summary>Largest values over the given dims (gradient shared among ties).</summary>
    public static Tensor amax(Tensor input, long dim, bool keepdim = false) => input.amax(dim, keepdim);
    /// <summary>Smallest values over the given dims (gradient shared among ties).</summary>
    public static Tensor amin(Tensor input, long[]? dim = null, bool keepdim = false) => input.amin(dim, keepdim);
    /// <summary>Smallest values over the given dims (gradient shared among ties).</summary>
    public static Tensor amin(Tensor input, long dim, bool keepdim = false) => input.amin(dim, keepdim);

    /// <summary>Product of elements (all, or along a dim); integral inputs give int64.</summary>
    public static Tensor prod(Tensor input, ScalarType? dtype = null) => input.prod(dtype);
    /// <summary>Product of elements (all, or along a dim); integral inputs give int64.</summary>
    public static Tensor prod(Tensor input, long dim, bool keepdim = false, ScalarType? dtype = null) => input.prod(dim, keepdim, dtype);
    /// <summary>Product of elements (all, or along a dim); integral inputs give int64.</summary>
    public static Tensor prod(Tensor input, int dim, bool keepdim = false, ScalarType? dtype = null) => input.prod(dim, keepdim, dtype);

    /// <summary>Variance (unbiased by default; correction as in PyTorch), of all elements or over dims.</summary>
    public static Tensor var(Tensor input, bool unbiased = true) => input.var(unbiased);
    /// <summary>Variance (unbiased by default; correction as in PyTorch), of all elements or over dims.</summary>
    public static Tensor var(Tensor input, long dim, bool unbiased = true, bool keepdim = false) => input.var(dim, unbiased, keepdim);
    /// <summary>Variance (unbiased by default; correction as in PyTorch), of all elements or over dims.</summary>
    public static Tensor var(Tensor input, long[] dim, bool unbiased = true, bool keepdim = false) => input.var(dim, unbiased, keepdim);
    /// <summary>Variance (unbiased by default; correction as in PyTorch), of all elements or over dims.</summary>
    public static Tensor var(Tensor input, long dim, double correction, bool keepdim = false) => input.var(dim, correction, keepdim);
    /// <summary>Variance (unbiased by default; correction as in PyTorch), of all elements or over dims.</summary>
    public static Tensor var(Tensor input, long[]? dim, double correction, bool keepdim = false) => input.var(dim, correction, keepdim);
    /// <summary>Variance (unbiased by default; correction as in PyTorch), of all elements or over dims.</summary>
    public static Tensor var(Tensor input, double correction, bool keepdim = false) => input.var(correction, keepdim);
    /// <summary>Standard deviation (unbiased by default; correction as in PyTorch).</summary>
    public static Tensor std(Tensor input, bool unbiased = true) => input.std(unbiased);
    /// <summary>Standard deviation (unbiased by default; correction as in PyTorch).</summary>
    public static Tensor std(Tensor input, long dim, bool unbiased = true, bool keepdim = false) => input.std(dim, unbiased, keepdim);
    /// <summary>Standard deviation (unbiased by default; correction as in PyTorch).</summary>
    public static Tensor std(Tensor input, long[] dim, bool unbiased = true, bool keepdim = false) => input.std(dim, unbiased, keepdim);
    /// <summary>Standard deviation (unbiased by default; correction as in PyTorch).</summary>
    public static Tensor std(Tensor input, long dim, double correction, bool keepdim = false) => input.std(dim, correction, keepdim);
    /// <summary>Standard deviation (unbiased by default; correction as in PyTorch).</summary>
    public static Tensor std(Tensor input, long[]? dim, double correction, bool keepdim = false) => input.std(dim, correction, keepdim);
    /// <summary>Standard deviation (unbiased by default; correction as in PyTorch).</summary>
    public static Tensor std(Tensor input, double correction, bool keepdim = false) => input.std(correction, keepdim);

    /// <summary>Sum of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim). Integral inputs sum to int64.</summary>
    public static Tensor sum(Tensor input, int dim, bool keepdim = false, ScalarType? dtype = null) => input.sum(dim, keepdim, dtype);
    /// <summary>Mean of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim).</summary>
    public static Tensor mean(Tensor input, int dim, bool keepdim = false, ScalarType? dtype = null) => input.mean(dim, keepdim, dtype);

    /// <summary>log(Σ exp(x)) over dims, computed stably.</summary>
    public static Tensor logsumexp(Tensor input, long dim, bool keepdim = false) => input.logsumexp(dim, keepdim);
    /// <summary>log(Σ exp(x)) over dims, computed stably.</summary>
    public static Tensor logsumexp(Tensor input, long[] dim, bool keepdim = false) => input.logsumexp(dim, keepdim);
    /// <summary>Cumulative sum along a dim.</summary>
    public static Tensor cumsum(Tensor input, long dim, ScalarType? dtype = null) => input.cumsum(dim, dtype);
    /// <summary>Values at index along dim (torch.gather).</summary>
    public static Tensor gather(Tensor input, long dim, Tensor index) => input.gather(dim, index);
}
