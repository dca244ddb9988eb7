using SharpGrad.Ops;
using static SharpGrad.torch.optim;

namespace SharpGrad.Optim;

/// <summary>Adam (PyTorch's <c>torch.optim.Adam</c>), optionally AMSGrad.</summary>
public class Adam : Optimizer
{
    /// <summary>True for AdamW: weight decay scales the parameter instead of adding to the gradient.</summary>
    private readonly bool _decoupledWeightDecay;

    /// <summary>See <see cref="torch.optim.Adam(IEnumerable{ParamGroup}, double, ValueTuple{double, double}?, double, double, bool, bool)"/>.</summary>
    public Adam(IEnumerable<ParamGroup> @params, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : this(@params, lr, betas, eps, weight_decay, amsgrad, maximize, decoupled: false) { }

    private protected Adam(IEnumerable<ParamGroup> @params, double lr, (double, double)? betas, double eps,
        double weight_decay, bool amsgrad, bool maximize, bool decoupled)
        : base(@params, Defaults(lr, betas ?? (0.9, 0.999), eps, weight_decay, amsgrad, maximize))
        => _decoupledWeightDecay = decoupled;

    private static Dictionary<string, object?> Defaults(double lr, (double, double) betas, double eps, double weight_decay, bool amsgrad, bool maximize)
    {
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {Py(lr)}");
        if (eps < 0) throw new ArgumentException($"Invalid epsilon value: {Py(eps)}");
        if (betas.Item1 < 0 || betas.Item1 >= 1) throw new ArgumentException($"Invalid beta parameter at index 0: {Py(betas.Item1)}");
        if (betas.Item2 < 0 || betas.Item2 >= 1) throw new ArgumentException($"Invalid beta parameter at index 1: {Py(betas.Item2)}");
        if (weight_decay < 0) throw new ArgumentException($"Invalid weight_decay value: {Py(weight_decay)}");
        return new()
        {
            ["lr"] = lr,
            ["betas"] = betas,
            ["eps"] = eps,
            ["weight_decay"] = weight_decay,
            ["amsgrad"] = amsgrad,
            ["maximize"] = maximize,
        };
    }

    /// <inheritdoc/>
    protected override void Update()
    {
        foreach (var group in param_groups)
        {
            double lr = group.lr, eps = group.eps, weightDecay = group.weight_decay;
            var (beta1, beta2) = group.betas;
            bool amsgrad = group.GetBool("amsgrad"), maximize = group.GetBool("maximize");
            foreach (var p in group.@params)
            {
                if (p.grad is not { } grad) continue;
                var s = StateOf(p);
                if (s.Count == 0) // PyTorch: if len(state) == 0
                {
                    s["step"] = NewStep();
                    s["exp_avg"] = torch.zeros_like(p);
                    s["exp_avg_sq"] = torch.zeros_like(p);
                    if (amsgrad) s["max_exp_avg_sq"] = torch.zeros_like(p);
                }
                // The scalars as _single_tensor_adam computes them, in double from the float32 step count.
                double step = Increment((Tensor)s["step"]!);
                double biasCorrection1 = 1 - Math.Pow(beta1, step);
                double biasCorrection2 = 1 - Math.Pow(beta2, step);
                double stepSize = lr / biasCorrection1;
                double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
                var maxExpAvgSq = amsgrad ? (Tensor)(s.GetValueOrDefault("max_exp_avg_sq") ?? (s["max_exp_avg_sq"] = torch.zeros_like(p)))! : null;
                OptimizerUpdates.Adam(p, grad, (Tensor)s["exp_avg"]!, (Tensor)s["exp_avg_sq"]!, maxExpAvgSq,
                    _decoupledWeightDecay ? 1 - lr * weightDecay : 1, _decoupledWeightDecay ? 0 : weightDecay,
                    beta1, beta2, biasCorrection2Sqrt, eps, stepSize, maximize);
            }
        }
    }
}
