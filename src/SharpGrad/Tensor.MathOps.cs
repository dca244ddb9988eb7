using SharpGrad.Ops;

namespace SharpGrad;

// Elementwise math (atan2, asinh, fmod, remainder, lerp, isinf, nan_to_num), sorting and selection
// (sort, topk, kthvalue, median, mode, unique) and cumulative ops (cumprod, cummax, cummin), dist.
public sealed partial class Tensor
{
    // ------------------------------------------------------------------ elementwise

    /// <summary>atan2(self, other): the angle of the point (other, self), in (−π, π].</summary>
    public Tensor atan2(Tensor other) => ElementwiseMath.Atan2(this, other);

    /// <summary>Alias of <see cref="atan2"/>.</summary>
    public Tensor arctan2(Tensor other) => ElementwiseMath.Atan2(this, other);

    /// <summary>Inverse hyperbolic sine.</summary>
    public Tensor asinh() => ElementwiseMath.Asinh(this);

    /// <summary>Inverse hyperbolic cosine (NaN below 1).</summary>
    public Tensor acosh() => ElementwiseMath.Acosh(this);

    /// <summary>Inverse hyperbolic tangent (±inf at ±1, NaN outside).</summary>
    public Tensor atanh() => ElementwiseMath.Atanh(this);

    /// <summary>The remainder of truncated division, with the dividend's sign (C's fmod).</summary>
    public Tensor fmod(Tensor other) => ElementwiseMath.Fmod(this, other);

    /// <summary>fmod by a number (an integral tensor stays integral).</summary>
    public Tensor fmod(long other) => ElementwiseMath.Fmod(this, WrapNumber(other));

    /// <summary>fmod by a number.</summary>
    public Tensor fmod(double other) => ElementwiseMath.Fmod(this, WrapNumber(other));

    /// <summary>Python's modulus: the remainder with the divisor's sign.</summary>
    public Tensor remainder(Tensor other) => ElementwiseMath.Remainder(this, other);

    /// <summary>remainder by a number (an integral tensor stays integral).</summary>
    public Tensor remainder(long other) => ElementwiseMath.Remainder(this, WrapNumber(other));

    /// <summary>remainder by a number.</summary>
    public Tensor remainder(double other) => ElementwiseMath.Remainder(this, WrapNumber(other));

    /// <summary>Linear interpolation self + weight · (end − self).</summary>
    public Tensor lerp(Tensor end, double weight) => ElementwiseMath.Lerp(this, end, weight);

    /// <summary>Linear interpolation with a tensor of weights (broadcast).</summary>
    public Tensor lerp(Tensor end, Tensor weight) => ElementwiseMath.Lerp(this, end, weight);

    /// <summary>True where the element is +inf or −inf.</summary>
    public Tensor isinf() => ElementwiseMath.IsInf(this);

    /// <summary>True where the element is +inf.</summary>
    public Tensor isposinf() => ElementwiseMath.IsPosInf(this);

    /// <summary>True where the element is −inf.</summary>
    public Tensor isneginf() => ElementwiseMath.IsNegInf(this);

    /// <summary>True where the element is neither infinite nor NaN.</summary>
    public Tensor isfinite() => ElementwiseMath.IsFinite(this);

    /// <summary>Replaces NaN by <paramref name="nan"/>, +inf by <paramref name="posinf"/> and −inf by
    /// <paramref name="neginf"/> (by default the dtype's largest and lowest finite values).</summary>
    public Tensor nan_to_num(double? nan = 0.0, double? posinf = null, double? neginf = null) => ElementwiseMath.NanToNum(this, nan, posinf, neginf);

    // ------------------------------------------------------------------ sorting and selection

    /// <summary>Sorts along <paramref name="dim"/> (NaN as the largest value): the sorted values and
    /// the index each came from. The sort is stable either way.</summary>
    public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false) => Sorting.Sort(this, dim, descending, stable);

    /// <summary>The indices that sort the tensor along <paramref name="dim"/>.</summary>
    public Tensor argsort(long dim = -1, bool descending = false, bool stable = false)
    {
        _ = stable; // the sort is always stable
        return Sorting.Argsort(this, dim, descending);
    }

    /// <summary>The <paramref name="k"/> largest (or smallest) elements along <paramref name="dim"/> and their indices.</summary>
    public (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true, bool sorted = true) => Sorting.Topk(this, k, dim, largest, sorted);

    /// <summary>The <paramref name="k"/>-th smallest element (k from 1) along <paramref name="dim"/> and its index.</summary>
    public (Tensor values, Tensor indices) kthvalue(long k, long dim = -1, bool keepdim = false) => Sorting.Kthvalue(this, k, dim, keepdim);

    /// <summary>The lower median of all elements (NaN if any is NaN).</summary>
    public Tensor median() => Sorting.MedianAll(this);

    /// <summary>The lower median along <paramref name="dim"/> and its index.</summary>
    public (Tensor values, Tensor indices) median(long dim, bool keepdim = false) => Sorting.MedianDim(this, dim, keepdim);

    /// <summary>The most frequent value along <paramref name="dim"/> (the smallest of ties) and an index of it.</summary>
    public (Tensor values, Tensor indices) mode(long dim = -1, bool keepdim = false) => Sorting.Mode(this, dim, keepdim);

    /// <summary>The distinct elements in ascending order; with <paramref name="return_inverse"/> each
    /// element's index into them, with <paramref name="return_counts"/> how often each occurs. With
    /// <paramref name="dim"/>, the distinct slices along that dim, sorted lexicographically, the
    /// inverse indexing the slices (length size(dim)).</summary>
    public (Tensor output, Tensor? inverse_indices, Tensor? counts) unique(bool sorted = true, bool return_inverse = false, bool return_counts = false, long? dim = null)
    {
        _ = sorted; // the output is always sorted, one valid order for sorted=false
        if (dim is { } d) return UniqueDim.Unique(this, d, return_inverse, return_counts);
        return Sorting.Unique(this, return_inverse, return_counts);
    }

    // ------------------------------------------------------------------ cumulative

    /// <summary>Cumulative product along <paramref name="dim"/>.</summary>
    public Tensor cumprod(long dim, ScalarType? dtype = null) => Cumulative.Cumprod(this, dim, dtype);

    /// <summary>Running maximum along <paramref name="dim"/> and the index it was taken from.</summary>
    public (Tensor values, Tensor indices) cummax(long dim) => Cumulative.CumExtreme(this, dim, isMax: true);

    /// <summary>Running minimum along <paramref name="dim"/> and the index it was taken from.</summary>
    public (Tensor values, Tensor indices) cummin(long dim) => Cumulative.CumExtreme(this, dim, isMax: false);

    /// <summary>The p-norm of self − other (broadcast).</summary>
    public Tensor dist(Tensor other, double p = 2) => ElementwiseMath.Dist(this, other, p);
}
