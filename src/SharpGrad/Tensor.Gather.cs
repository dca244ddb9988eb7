using SharpGrad.Ops;

#pragma warning disable CS8981 // PyTorch's lower-case names are the point of this facade.

namespace SharpGrad;

public sealed partial class Tensor
{
    /// <summary>Values along <paramref name="dim"/> at <paramref name="index"/> (int64, same rank):
    /// <c>out[i][j] = self[index[i][j]][j]</c> for dim 0. Differentiable (GatherBackward0).</summary>
    public Tensor gather(long dim, Tensor index) => Indexing.Gather(this, dim, index);
}

public static partial class torch
{
    /// <summary>Values of <paramref name="input"/> along <paramref name="dim"/> at <paramref name="index"/>.</summary>
    public static Tensor gather(Tensor input, long dim, Tensor index) => Indexing.Gather(input, dim, index);
}
