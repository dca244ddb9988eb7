#pragma warning disable CS8981 // PyTorch's lower-case names are the point of this facade.

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

    public static Tensor argmax(Tensor input) => input.argmax();
    public static Tensor argmax(Tensor input, long dim, bool keepdim = false) => input.argmax(dim, keepdim);
    public static Tensor argmin(Tensor input) => input.argmin();
    public static Tensor argmin(Tensor input, long dim, bool keepdim = false) => input.argmin(dim, keepdim);
    public static Tensor amax(Tensor input, long[]? dim = null, bool keepdim = false) => input.amax(dim, keepdim);
    public static Tensor amax(Tensor input, long dim, bool keepdim = false) => input.amax(dim, keepdim);
    public static Tensor amin(Tensor input, long[]? dim = null, bool keepdim = false) => input.amin(dim, keepdim);
    public static Tensor amin(Tensor input, long dim, bool keepdim = false) => input.amin(dim, keepdim);

    public static Tensor prod(Tensor input, ScalarType? dtype = null) => input.prod(dtype);
    public static Tensor prod(Tensor input, long dim, bool keepdim = false, ScalarType? dtype = null) => input.prod(dim, keepdim, dtype);
    public static Tensor prod(Tensor input, int dim, bool keepdim = false, ScalarType? dtype = null) => input.prod(dim, keepdim, dtype);

    public static Tensor var(Tensor input, bool unbiased = true) => input.var(unbiased);
    public static Tensor var(Tensor input, long dim, bool unbiased = true, bool keepdim = false) => input.var(dim, unbiased, keepdim);
    public static Tensor var(Tensor input, long[] dim, bool unbiased = true, bool keepdim = false) => input.var(dim, unbiased, keepdim);
    public static Tensor var(Tensor input, long dim, double correction, bool keepdim = false) => input.var(dim, correction, keepdim);
    public static Tensor var(Tensor input, long[]? dim, double correction, bool keepdim = false) => input.var(dim, correction, keepdim);
    public static Tensor var(Tensor input, double correction, bool keepdim = false) => input.var(correction, keepdim);
    public static Tensor std(Tensor input, bool unbiased = true) => input.std(unbiased);
    public static Tensor std(Tensor input, long dim, bool unbiased = true, bool keepdim = false) => input.std(dim, unbiased, keepdim);
    public static Tensor std(Tensor input, long[] dim, bool unbiased = true, bool keepdim = false) => input.std(dim, unbiased, keepdim);
    public static Tensor std(Tensor input, long dim, double correction, bool keepdim = false) => input.std(dim, correction, keepdim);
    public static Tensor std(Tensor input, long[]? dim, double correction, bool keepdim = false) => input.std(dim, correction, keepdim);
    public static Tensor std(Tensor input, double correction, bool keepdim = false) => input.std(correction, keepdim);

    public static Tensor sum(Tensor input, int dim, bool keepdim = false, ScalarType? dtype = null) => input.sum(dim, keepdim, dtype);
    public static Tensor mean(Tensor input, int dim, bool keepdim = false, ScalarType? dtype = null) => input.mean(dim, keepdim, dtype);

    public static Tensor logsumexp(Tensor input, long dim, bool keepdim = false) => input.logsumexp(dim, keepdim);
    public static Tensor logsumexp(Tensor input, long[] dim, bool keepdim = false) => input.logsumexp(dim, keepdim);
    public static Tensor cumsum(Tensor input, long dim, ScalarType? dtype = null) => input.cumsum(dim, dtype);
    public static Tensor gather(Tensor input, long dim, Tensor index) => input.gather(dim, index);
}
