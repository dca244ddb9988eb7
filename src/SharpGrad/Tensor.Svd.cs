namespace SharpGrad;

public sealed partial class Tensor
{
    /// <summary>The singular value decomposition (U, S, V) with A = U·diag(S)·Vᵀ (<c>Tensor.svd</c>; see
    /// <see cref="torch.svd(Tensor, bool, bool)"/>).</summary>
    public (Tensor U, Tensor S, Tensor V) svd(bool some = true, bool compute_uv = true) => torch.svd(this, some, compute_uv);
}
