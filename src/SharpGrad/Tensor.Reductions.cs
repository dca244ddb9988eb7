using SharpGrad.Ops;

namespace SharpGrad;

public sealed partial class Tensor
{
    /// <summary>The largest element (a 0-dim tensor; NaN if any element is NaN).</summary>
    public Tensor max() => Reduction.MaxAll(this, isMax: true);
    /// <summary>Largest values along <paramref name="dim"/> and their positions (first on ties).</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false) => Reduction.MaxDim(this, dim, keepdim, isMax: true);
    /// <summary>Elementwise maximum with <paramref name="other"/> (PyTorch's <c>max(other)</c>).</summary>
    public Tensor max(Tensor other) => Selection.Maximum(this, other);
    /// <summary>The smallest element (a 0-dim tensor; NaN if any element is NaN).</summary>
    public Tensor min() => Reduction.MaxAll(this, isMax: false);
    /// <summary>Smallest values along <paramref name="dim"/> and their positions (first on ties).</summary>
    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false) => Reduction.MaxDim(this, dim, keepdim, isMax: false);
    /// <summary>Elementwise minimum with <paramref name="other"/> (PyTorch's <c>min(other)</c>).</summary>
    public Tensor min(Tensor other) => Selection.Minimum(this, other);
    /// <summary>Position of the largest element in the flattened tensor, or along <paramref name="dim"/> (int64).</summary>
    public Tensor argmax(long? dim = null, bool keepdim = false)
        => dim is { } d ? Reduction.MaxDim(detach(), d, keepdim, isMax: true).indices : Reduction.ArgExtremeAll(this, isMax: true);
    /// <summary>Position of the smallest element in the flattened tensor, or along <paramref name="dim"/> (int64).</summary>
    public Tensor argmin(long? dim = null, bool keepdim = false)
        => dim is { } d ? Reduction.MaxDim(detach(), d, keepdim, isMax: false).indices : Reduction.ArgExtremeAll(this, isMax: false);
    /// <summary>Product of all elements, or along <paramref name="dim"/>; integral inputs multiply in int64.</summary>
    public Tensor prod(long? dim = null, bool keepdim = false, ScalarType? dtype = null) => Reduction.Prod(this, dim, keepdim, dtype);
    /// <summary>Values at <paramref name="index"/> along <paramref name="dim"/> (torch.gather).</summary>
    public Tensor gather(long dim, Tensor index) => Reduction.Gather(this, dim, index);
}

public static partial class torch
{
    /// <summary>The largest element.</summary>
    public static Tensor max(Tensor input) => input.max();
    /// <summary>Largest values along a dim and their positions.</summary>
    public static (Tensor values, Tensor indices) max(Tensor input, long dim, bool keepdim = false) => input.max(dim, keepdim);
    /// <summary>Elementwise maximum.</summary>
    public static Tensor max(Tensor input, Tensor other) => Selection.Maximum(input, other);
    /// <summary>The smallest element.</summary>
    public static Tensor min(Tensor input) => input.min();
    /// <summary>Smallest values along a dim and their positions.</summary>
    public static (Tensor values, Tensor indices) min(Tensor input, long dim, bool keepdim = false) => input.min(dim, keepdim);
    /// <summary>Elementwise minimum.</summary>
    public static Tensor min(Tensor input, Tensor other) => Selection.Minimum(input, other);
    /// <summary>Position of the largest element (flattened, or along a dim).</summary>
    public static Tensor argmax(Tensor input, long? dim = null, bool keepdim = false) => input.argmax(dim, keepdim);
    /// <summary>Position of the smallest element (flattened, or along a dim).</summary>
    public static Tensor argmin(Tensor input, long? dim = null, bool keepdim = false) => input.argmin(dim, keepdim);
    /// <summary>Product of elements (all, or along a dim).</summary>
    public static Tensor prod(Tensor input, long? dim = null, bool keepdim = false, ScalarType? dtype = null) => input.prod(dim, keepdim, dtype);
    /// <summary>Values at index along dim.</summary>
    public static Tensor gather(Tensor input, long dim, Tensor index) => input.gather(dim, index);
}
