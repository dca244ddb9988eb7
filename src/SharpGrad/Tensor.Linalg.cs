using SharpGrad.Ops;

namespace SharpGrad;

public sealed partial class Tensor
{
    /// <summary>The determinant of each square matrix in the last two dims (<c>torch.linalg.det</c>).</summary>
    public Tensor det() => Linalg.Det(this);

    /// <summary>The inverse of each square matrix in the last two dims (<c>torch.linalg.inv</c>).</summary>
    public Tensor inverse() => Linalg.Inv(this);

    /// <summary>The transpose of the last two dims, a view (PyTorch's <c>Tensor.mT</c>).</summary>
    public Tensor mT => dim() >= 2 ? Linalg.MT(this)
        : throw new ArgumentException($"tensor.mT is only supported on matrices or batches of matrices. Got {dim()}-D tensor.");

    /// <summary>The conjugate transpose of the last two dims; for SharpGrad's real tensors, <see cref="mT"/>.</summary>
    public Tensor mH => dim() >= 2 ? Linalg.MT(this)
        : throw new ArgumentException($"tensor.mH is only supported on matrices or batches of matrices. Got {dim()}-D tensor.");
}
