using SharpGrad.Ops;
using static SharpGrad.torch.optim;

namespace SharpGrad.Optim;

/// <summary>Adagrad (PyTorch's <c>torch.optim.Adagrad</c>).</summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>See <see cref="torch.optim.Adagrad(IEnumerable{ParamGroup}, double, double, double, double, double, bool)"/>.</summary>
    public Adagrad(IEnumerable<ParamGroup> @params, double lr = 1e-2, double lr_decay = 0, double weight_decay = 0,
        double initial_accumulator_value = 0, double eps = 1e-10, bool maximize = false)
        : base(@params, Defaults(lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize))
    {
        // As PyTorch, the state exists from construction: the step and the sum of squares.
        foreach (var group in param_groups)
            foreach (var p in group.@params)
            {
                var s = StateOf(p);
                s["step"] = NewStep();
                s["sum"] = torch.full_like(p, group.GetDouble("initial_accumulator_value"));
            }
    }

    private static Dictionary<string, object?> Defaults(double lr, double lr_decay, double weight_decay, double initial_accumulator_value, double eps, bool maximize)
    {
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {Py(lr)}");
        if (lr_decay < 0) throw new ArgumentException($"Invalid lr_decay value: {Py(lr_decay)}");
        if (weight_decay < 0) throw new ArgumentException($"Invalid weight_decay value: {Py(weight_decay)}");
        if (initial_accumulator_value < 0) throw new ArgumentException($"Invalid initial_accumulator_value value: {Py(initial_accumulator_value)}");
        if (eps < 0) throw new ArgumentException($"Invalid epsilon value: {Py(eps)}");
        return new()
        {
            ["lr"] = lr,
            ["lr_decay"] = lr_decay,
            ["eps"] = eps,
            ["weight_decay"] = weight_decay,
            ["initial_accumulator_value"] = initial_accumulator_value,
            ["maximize"] = maximize,
        };
    }

    /// <inheritdoc/>
    protected override void Update()
    {
        foreach (var group in param_groups)
        {
            double lr = group.lr, lrDecay = group.GetDouble("lr_decay"), eps = group.eps, weightDecay = group.weight_decay;
            bool maximize = group.GetBool("maximize");
            foreach (var p in group.@params)
            {
                if (p.grad is not { } grad) continue;
                var s = StateOf(p);
                if (s.Count == 0) // PyTorch: if len(state) == 0
                {
                    // A parameter of a group added after construction.
                    s["step"] = NewStep();
                    s["sum"] = torch.full_like(p, group.GetDouble("initial_accumulator_value"));
                }
                double step = Increment((Tensor)s["step"]!);
                double clr = lr / (1 + (step - 1) * lrDecay);
                OptimizerUpdates.Adagrad(p, grad, (Tensor)s["sum"]!, clr, weightDecay, eps, maximize);
            }
        }
    }
}
