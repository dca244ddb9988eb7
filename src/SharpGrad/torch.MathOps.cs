using SharpGrad.Ops;

namespace SharpGrad;

// Free-function forms of Tensor.MathOps.cs: elementwise math, sorting and selection, cumulative ops.
public static partial class torch
{
    /// <summary>atan2(input, other); see <see cref="Tensor.atan2"/>.</summary>
    public static Tensor atan2(Tensor input, Tensor other) => ElementwiseMath.Atan2(input, other);
    /// <summary>Alias of <see cref="atan2"/>.</summary>
    public static Tensor arctan2(Tensor input, Tensor other) => ElementwiseMath.Atan2(input, other);
    /// <summary>Inverse hyperbolic sine.</summary>
    public static Tensor asinh(Tensor input) => ElementwiseMath.Asinh(input);
    /// <summary>Inverse hyperbolic cosine.</summary>
    public static Tensor acosh(Tensor input) => ElementwiseMath.Acosh(input);
    /// <summary>Inverse hyperbolic tangent.</summary>
    public static Tensor atanh(Tensor input) => ElementwiseMath.Atanh(input);
    /// <summary>C's fmod; see <see cref="Tensor.fmod(Tensor)"/>.</summary>
    public static Tensor fmod(Tensor input, Tensor other) => input.fmod(other);
    /// <summary>fmod by a number (an integral tensor stays integral).</summary>
    public static Tensor fmod(Tensor input, long other) => input.fmod(other);
    /// <summary>fmod by a number.</summary>
    public static Tensor fmod(Tensor input, double other) => input.fmod(other);
    /// <summary>Python's modulus; see <see cref="Tensor.remainder(Tensor)"/>.</summary>
    public static Tensor remainder(Tensor input, Tensor other) => input.remainder(other);
    /// <summary>remainder by a number (an integral tensor stays integral).</summary>
    public static Tensor remainder(Tensor input, long other) => input.remainder(other);
    /// <summary>remainder by a number.</summary>
    public static Tensor remainder(Tensor input, double other) => input.remainder(other);
    /// <summary>Linear interpolation input + weight · (end − input).</summary>
    public static Tensor lerp(Tensor input, Tensor end, double weight) => input.lerp(end, weight);
    /// <summary>Linear interpolation with a tensor of weights.</summary>
    public static Tensor lerp(Tensor input, Tensor end, Tensor weight) => input.lerp(end, weight);
    /// <summary>True where the element is ±inf.</summary>
    public static Tensor isinf(Tensor input) => input.isinf();
    /// <summary>True where the element is +inf.</summary>
    public static Tensor isposinf(Tensor input) => input.isposinf();
    /// <summary>True where the element is −inf.</summary>
    public static Tensor isneginf(Tensor input) => input.isneginf();
    /// <summary>True where the element is finite.</summary>
    public static Tensor isfinite(Tensor input) => input.isfinite();
    /// <summary>Replaces NaN and infinities by finite numbers; see <see cref="Tensor.nan_to_num"/>.</summary>
    public static Tensor nan_to_num(Tensor input, double? nan = 0.0, double? posinf = null, double? neginf = null) => input.nan_to_num(nan, posinf, neginf);

    /// <summary>Sorts along <paramref name="dim"/>; see <see cref="Tensor.sort"/>.</summary>
    public static (Tensor values, Tensor indices) sort(Tensor input, long dim = -1, bool descending = false, bool stable = false) => input.sort(dim, descending, stable);
    /// <summary>The indices that sort <paramref name="input"/> along <paramref name="dim"/>.</summary>
    public static Tensor argsort(Tensor input, long dim = -1, bool descending = false, bool stable = false) => input.argsort(dim, descending, stable);
    /// <summary>The k largest (or smallest) elements and their indices.</summary>
    public static (Tensor values, Tensor indices) topk(Tensor input, long k, long dim = -1, bool largest = true, bool sorted = true) => input.topk(k, dim, largest, sorted);
    /// <summary>The k-th smallest element and its index.</summary>
    public static (Tensor values, Tensor indices) kthvalue(Tensor input, long k, long dim = -1, bool keepdim = false) => input.kthvalue(k, dim, keepdim);
    /// <summary>The lower median of all elements.</summary>
    public static Tensor median(Tensor input) => input.median();
    /// <summary>The lower median along <paramref name="dim"/> and its index.</summary>
    public static (Tensor values, Tensor indices) median(Tensor input, long dim, bool keepdim = false) => input.median(dim, keepdim);
    /// <summary>The most frequent value along <paramref name="dim"/> and an index of it.</summary>
    public static (Tensor values, Tensor indices) mode(Tensor input, long dim = -1, bool keepdim = false) => input.mode(dim, keepdim);
    /// <summary>The distinct elements, optionally with inverse indices and counts; see <see cref="Tensor.unique"/>.</summary>
    public static (Tensor output, Tensor? inverse_indices, Tensor? counts) unique(Tensor input, bool sorted = true, bool return_inverse = false, bool return_counts = false, long? dim = null)
        => input.unique(sorted, return_inverse, return_counts, dim);

    /// <summary>Cumulative product along <paramref name="dim"/>.</summary>
    public static Tensor cumprod(Tensor input, long dim, ScalarType? dtype = null) => input.cumprod(dim, dtype);
    /// <summary>Running maximum along <paramref name="dim"/> and its indices.</summary>
    public static (Tensor values, Tensor indices) cummax(Tensor input, long dim) => input.cummax(dim);
    /// <summary>Running minimum along <paramref name="dim"/> and its indices.</summary>
    public static (Tensor values, Tensor indices) cummin(Tensor input, long dim) => input.cummin(dim);
    /// <summary>The p-norm of input − other.</summary>
    public static Tensor dist(Tensor input, Tensor other, double p = 2) => input.dist(other, p);
}
