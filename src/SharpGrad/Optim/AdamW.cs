using static SharpGrad.torch.optim;

namespace SharpGrad.Optim;

/// <summary>AdamW (PyTorch's <c>torch.optim.AdamW</c>): Adam with decoupled weight decay.</summary>
public sealed class AdamW : Adam
{
    /// <summary>See <see cref="torch.optim.AdamW(IEnumerable{ParamGroup}, double, ValueTuple{double, double}?, double, double, bool, bool)"/>.</summary>
    public AdamW(IEnumerable<ParamGroup> @params, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
        double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(@params, lr, betas, eps, weight_decay, amsgrad, maximize, decoupled: true) { }
}
