using SharpGrad.Ops;
using static SharpGrad.torch.optim;

namespace SharpGrad.Optim;

/// <summary>Stochastic gradient descent, optionally with momentum and Nesterov momentum (PyTorch's <c>torch.optim.SGD</c>).</summary>
public sealed class SGD : Optimizer
{
    /// <summary>See <see cref="torch.optim.SGD(IEnumerable{ParamGroup}, double, double, double, double, bool, bool)"/>.</summary>
    public SGD(IEnumerable<ParamGroup> @params, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
        bool nesterov = false, bool maximize = false)
        : base(@params, Defaults(lr, momentum, dampening, weight_decay, nesterov, maximize)) { }

    private static Dictionary<string, object?> Defaults(double lr, double momentum, double dampening, double weight_decay, bool nesterov, bool maximize)
    {
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {Py(lr)}");
        if (momentum < 0) throw new ArgumentException($"Invalid momentum value: {Py(momentum)}");
        if (weight_decay < 0) throw new ArgumentException($"Invalid weight_decay value: {Py(weight_decay)}");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        return new()
        {
            ["lr"] = lr,
            ["momentum"] = momentum,
            ["dampening"] = dampening,
            ["weight_decay"] = weight_decay,
            ["nesterov"] = nesterov,
            ["maximize"] = maximize,
        };
    }

    /// <inheritdoc/>
    protected override void Update()
    {
        foreach (var group in param_groups)
        {
            double lr = group.lr, momentum = group.momentum, dampening = group.GetDouble("dampening"), weightDecay = group.weight_decay;
            bool nesterov = group.GetBool("nesterov"), maximize = group.GetBool("maximize");
            foreach (var p in group.@params)
            {
                if (p.grad is not { } grad) continue;
                Tensor? buffer = null;
                bool first = false;
                if (momentum != 0)
                {
                    var s = StateOf(p);
                    if (s.GetValueOrDefault("momentum_buffer") is Tensor b) buffer = b;
                    else
                    {
                        // PyTorch's first step clones the gradient into the buffer; the update writes it.
                        s["momentum_buffer"] = buffer = torch.empty_like(p).contiguous();
                        first = true;
                    }
                }
                OptimizerUpdates.Sgd(p, grad, buffer, first, lr, momentum, dampening, weightDecay, nesterov, maximize);
            }
        }
    }
}
