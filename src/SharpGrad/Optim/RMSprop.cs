using SharpGrad.Ops;
using static SharpGrad.torch.optim;

namespace SharpGrad.Optim;

/// <summary>RMSprop (PyTorch's <c>torch.optim.RMSprop</c>), optionally centered and with momentum.</summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>See <see cref="torch.optim.RMSprop(IEnumerable{ParamGroup}, double, double, double, double, double, bool, bool)"/>.</summary>
    public RMSprop(IEnumerable<ParamGroup> @params, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0,
        double momentum = 0, bool centered = false, bool maximize = false)
        : base(@params, Defaults(lr, alpha, eps, weight_decay, momentum, centered, maximize)) { }

    private static Dictionary<string, object?> Defaults(double lr, double alpha, double eps, double weight_decay, double momentum, bool centered, bool maximize)
    {
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {Py(lr)}");
        if (eps < 0) throw new ArgumentException($"Invalid epsilon value: {Py(eps)}");
        if (momentum < 0) throw new ArgumentException($"Invalid momentum value: {Py(momentum)}");
        if (weight_decay < 0) throw new ArgumentException($"Invalid weight_decay value: {Py(weight_decay)}");
        if (alpha < 0) throw new ArgumentException($"Invalid alpha value: {Py(alpha)}");
        return new()
        {
            ["lr"] = lr,
            ["momentum"] = momentum,
            ["alpha"] = alpha,
            ["eps"] = eps,
            ["centered"] = centered,
            ["weight_decay"] = weight_decay,
            ["maximize"] = maximize,
        };
    }

    /// <inheritdoc/>
    protected override void Update()
    {
        foreach (var group in param_groups)
        {
            double lr = group.lr, alpha = group.GetDouble("alpha"), eps = group.eps, weightDecay = group.weight_decay, momentum = group.momentum;
            bool centered = group.GetBool("centered"), maximize = group.GetBool("maximize");
            foreach (var p in group.@params)
            {
                if (p.grad is not { } grad) continue;
                var s = StateOf(p);
                if (s.Count == 0) // PyTorch: if len(state) == 0
                {
                    s["step"] = NewStep();
                    s["square_avg"] = torch.zeros_like(p);
                    if (momentum > 0) s["momentum_buffer"] = torch.zeros_like(p);
                    if (centered) s["grad_avg"] = torch.zeros_like(p);
                }
                Increment((Tensor)s["step"]!);
                var gradAvg = centered ? (Tensor)(s.GetValueOrDefault("grad_avg") ?? (s["grad_avg"] = torch.zeros_like(p)))! : null;
                var buffer = momentum > 0 ? (Tensor)(s.GetValueOrDefault("momentum_buffer") ?? (s["momentum_buffer"] = torch.zeros_like(p)))! : null;
                OptimizerUpdates.Rmsprop(p, grad, (Tensor)s["square_avg"]!, gradAvg, buffer, lr, alpha, eps, weightDecay, momentum, maximize);
            }
        }
    }
}
