using SharpGrad.Ops;


namespace SharpGrad;

public static partial class torch
{
    /// <summary>The entries <paramref name="index"/> (1-D int64) of <paramref name="input"/> along <paramref name="dim"/>.</summary>
    public static Tensor index_select(Tensor input, long dim, Tensor index) => Indexing.IndexSelect(input, dim, index);

    /// <summary><paramref name="value"/> where <paramref name="mask"/> is true, else <paramref name="input"/>.</summary>
    public static Tensor masked_fill(Tensor input, Tensor mask, double value) => input.masked_fill(mask, value);

    /// <summary><see cref="masked_fill(Tensor, Tensor, double)"/> with a 0-dim tensor value.</summary>
    public static Tensor masked_fill(Tensor input, Tensor mask, Tensor value) => input.masked_fill(mask, value);

    /// <summary>The elements of <paramref name="input"/> where <paramref name="mask"/> is true, as a 1-D tensor.</summary>
    public static Tensor masked_select(Tensor input, Tensor mask) => Indexing.MaskedSelect(input, mask);

    /// <summary>A copy of <paramref name="input"/> with <paramref name="src"/> added at <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public static Tensor scatter_add(Tensor input, long dim, Tensor index, Tensor src) => GatherScatter.ScatterAdd(input, dim, index, src);

    /// <summary>A copy of <paramref name="input"/> with <c>alpha * source</c> added at the entries <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public static Tensor index_add(Tensor input, long dim, Tensor index, Tensor source, double alpha = 1)
        => Indexing.IndexAdd(input, dim, index, source, alpha);

    /// <summary>Out-of-place <c>index_put_</c>.</summary>
    public static Tensor index_put(Tensor input, Tensor?[] indices, Tensor values, bool accumulate = false)
        => input.index_put(indices, values, accumulate);
}
