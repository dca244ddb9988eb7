#pragma warning disable CS8981 // PyTorch's lower-case names are the point of this facade.
using SharpGrad.Optim;

namespace SharpGrad;

public static partial class torch
{
    // Each optimizer takes its parameters as one plain sequence of tensors (model.parameters()) or
    // as parameter groups, each with its own options; the options given here are the defaults the
    // groups do not set.
    public static partial class optim
    {
        /// <summary>Stochastic gradient descent (PyTorch's <c>torch.optim.SGD</c>).</summary>
        public static Optim.SGD SGD(IEnumerable<Tensor> @params, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false, bool maximize = false)
            => new([new ParamGroup(@params)], lr, momentum, dampening, weight_decay, nesterov, maximize);

        /// <summary>Stochastic gradient descent over parameter groups.</summary>
        public static Optim.SGD SGD(IEnumerable<ParamGroup> @params, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false, bool maximize = false)
            => new(@params, lr, momentum, dampening, weight_decay, nesterov, maximize);

        /// <summary>Adam (PyTorch's <c>torch.optim.Adam</c>); <paramref name="betas"/> null means (0.9, 0.999).</summary>
        public static Optim.Adam Adam(IEnumerable<Tensor> @params, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
            double weight_decay = 0, bool amsgrad = false, bool maximize = false)
            => new([new ParamGroup(@params)], lr, betas, eps, weight_decay, amsgrad, maximize);

        /// <summary>Adam over parameter groups.</summary>
        public static Optim.Adam Adam(IEnumerable<ParamGroup> @params, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
            double weight_decay = 0, bool amsgrad = false, bool maximize = false)
            => new(@params, lr, betas, eps, weight_decay, amsgrad, maximize);

        /// <summary>AdamW (PyTorch's <c>torch.optim.AdamW</c>): Adam with decoupled weight decay.</summary>
        public static Optim.AdamW AdamW(IEnumerable<Tensor> @params, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
            double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false)
            => new([new ParamGroup(@params)], lr, betas, eps, weight_decay, amsgrad, maximize);

        /// <summary>AdamW over parameter groups.</summary>
        public static Optim.AdamW AdamW(IEnumerable<ParamGroup> @params, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
            double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false)
            => new(@params, lr, betas, eps, weight_decay, amsgrad, maximize);

        /// <summary>RMSprop (PyTorch's <c>torch.optim.RMSprop</c>).</summary>
        public static Optim.RMSprop RMSprop(IEnumerable<Tensor> @params, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
            double weight_decay = 0, double momentum = 0, bool centered = false, bool maximize = false)
            => new([new ParamGroup(@params)], lr, alpha, eps, weight_decay, momentum, centered, maximize);

        /// <summary>RMSprop over parameter groups.</summary>
        public static Optim.RMSprop RMSprop(IEnumerable<ParamGroup> @params, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
            double weight_decay = 0, double momentum = 0, bool centered = false, bool maximize = false)
            => new(@params, lr, alpha, eps, weight_decay, momentum, centered, maximize);

        /// <summary>Adagrad (PyTorch's <c>torch.optim.Adagrad</c>).</summary>
        public static Optim.Adagrad Adagrad(IEnumerable<Tensor> @params, double lr = 1e-2, double lr_decay = 0, double weight_decay = 0,
            double initial_accumulator_value = 0, double eps = 1e-10, bool maximize = false)
            => new([new ParamGroup(@params)], lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize);

        /// <summary>Adagrad over parameter groups.</summary>
        public static Optim.Adagrad Adagrad(IEnumerable<ParamGroup> @params, double lr = 1e-2, double lr_decay = 0, double weight_decay = 0,
            double initial_accumulator_value = 0, double eps = 1e-10, bool maximize = false)
            => new(@params, lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize);

        /// <summary>
        /// L-BFGS (PyTorch's <c>torch.optim.LBFGS</c>): <c>step(closure)</c> runs up to
        /// <paramref name="max_iter"/> iterations; <paramref name="line_search_fn"/> is null or <c>"strong_wolfe"</c>.
        /// </summary>
        public static Optim.LBFGS LBFGS(IEnumerable<Tensor> @params, double lr = 1, int max_iter = 20, int? max_eval = null,
            double tolerance_grad = 1e-7, double tolerance_change = 1e-9, int history_size = 100, string? line_search_fn = null)
            => new([new ParamGroup(@params)], lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, line_search_fn);
    }
}
