
using System.Runtime.CompilerServices;

namespace SharpGrad;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// Compares the gradients autograd computes for <paramref name="func"/> with central finite
        /// differences (PyTorch's gradcheck): every input that requires grad should be float64.
        /// Returns true when they agree within <c>atol + rtol·|numerical|</c>; otherwise throws
        /// (or returns false when <paramref name="raise_exception"/> is false).
        /// </summary>
        [OverloadResolutionPriority(1)] // a lambda that binds either way (xs => xs[0] * xs[1]) takes the inputs as an array
        public static bool gradcheck(Func<Tensor[], Tensor> func, IList<Tensor> inputs, double eps = 1e-6,
            double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true)
        {
            var xs = inputs.ToArray();
            Tensor output;
            using (enable_grad()) output = func(xs);
            for (int i = 0; i < xs.Length; i++)
            {
                if (!xs[i].requires_grad) continue;
                var numerical = NumericalJacobian(func, xs, i, eps, output.NumelInt);
                if (!output.requires_grad)
                {
                    // No differentiable output (e.g. floor's gradient, differentiated again): the
                    // numerical Jacobian must be zero, as PyTorch's _check_no_differentiable_outputs asks.
                    foreach (var value in numerical)
                        if (value != 0)
                        {
                            if (!raise_exception) return false;
                            throw new InvalidOperationException("Numerical gradient for function expected to be zero");
                        }
                    continue;
                }
                var analytical = AnalyticalJacobian(func, xs, i, output);
                if (!Close(analytical, numerical, atol, rtol, out var where))
                {
                    if (!raise_exception) return false;
                    throw new InvalidOperationException(
                        $"Jacobian mismatch for output 0 with respect to input {i},\nnumerical:{numerical}\nanalytical:{analytical}\n(first mismatch at {where})");
                }
            }
            return true;
        }

        /// <summary><c>gradcheck</c> for a function of one tensor.</summary>
        public static bool gradcheck(Func<Tensor, Tensor> func, Tensor input, double eps = 1e-6,
            double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true)
            => gradcheck(xs => func(xs[0]), [input], eps, atol, rtol, raise_exception);

        /// <summary>
        /// Checks second derivatives: gradcheck of the function (inputs, v) ↦ vᵀ·∂func/∂inputs computed
        /// with <c>create_graph</c>, for a random (seeded) v, as PyTorch's gradgradcheck.
        /// </summary>
        [OverloadResolutionPriority(1)]
        public static bool gradgradcheck(Func<Tensor[], Tensor> func, IList<Tensor> inputs, double eps = 1e-6,
            double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true)
        {
            var xs = inputs.ToArray();
            Tensor output;
            using (enable_grad()) output = func(xs);
            var rng = new CpuGenerator(0);
            var v = Tensor.Empty(output.Sizes, ScalarType.Float64, uninitialized: true);
            rng.FillNormal(v.ContiguousSpan<double>());
            v = v.to(output.dtype).requires_grad_(true);
            var diffIndices = Enumerable.Range(0, xs.Length).Where(i => xs[i].requires_grad).ToArray();

            Tensor FirstGradients(Tensor[] args)
            {
                var inner = args[..xs.Length];
                var vv = args[xs.Length];
                var y = func(inner);
                var wrt = diffIndices.Select(i => inner[i]).ToArray();
                var grads = grad([y], wrt, [vv], create_graph: true, allow_unused: true);
                var flat = grads.Select((g, k) => (g ?? zeros_like(wrt[k])).reshape(-1)).ToArray();
                return cat(flat);
            }

            return gradcheck(FirstGradients, [.. xs, v], eps, atol, rtol, raise_exception);
        }

        /// <summary><c>gradcheck(f, [x])</c>, PyTorch's form for a function of one tensor: f is called as f(*inputs).</summary>
        public static bool gradcheck(Func<Tensor, Tensor> func, IList<Tensor> inputs, double eps = 1e-6,
            double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true)
            => gradcheck(func, ArityInputs(inputs, 1)[0], eps, atol, rtol, raise_exception);

        /// <summary><c>gradcheck(f, [x, y])</c> for a function of two tensors.</summary>
        public static bool gradcheck(Func<Tensor, Tensor, Tensor> func, IList<Tensor> inputs, double eps = 1e-6,
            double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true)
            => gradcheck(xs => func(xs[0], xs[1]), ArityInputs(inputs, 2), eps, atol, rtol, raise_exception);

        /// <summary><c>gradgradcheck(f, [x])</c> for a function of one tensor.</summary>
        public static bool gradgradcheck(Func<Tensor, Tensor> func, IList<Tensor> inputs, double eps = 1e-6,
            double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true)
            => gradgradcheck(func, ArityInputs(inputs, 1)[0], eps, atol, rtol, raise_exception);

        /// <summary><c>gradgradcheck(f, [x, y])</c> for a function of two tensors.</summary>
        public static bool gradgradcheck(Func<Tensor, Tensor, Tensor> func, IList<Tensor> inputs, double eps = 1e-6,
            double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true)
            => gradgradcheck(xs => func(xs[0], xs[1]), ArityInputs(inputs, 2), eps, atol, rtol, raise_exception);

        /// <summary>The inputs of a function that takes <paramref name="arity"/> tensors, checked.</summary>
        private static Tensor[] ArityInputs(IList<Tensor> inputs, int arity)
        {
            if (inputs.Count != arity)
                throw new ArgumentException($"the function takes {arity} tensor{(arity == 1 ? "" : "s")} but {inputs.Count} inputs were given");
            return inputs.ToArray();
        }

        /// <summary><c>gradgradcheck</c> for a function of one tensor.</summary>
        public static bool gradgradcheck(Func<Tensor, Tensor> func, Tensor input, double eps = 1e-6,
            double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true)
            => gradgradcheck(xs => func(xs[0]), [input], eps, atol, rtol, raise_exception);

        /// <summary>d output / d input i by central differences, as a [out.numel, in.numel] float64 matrix.</summary>
        private static double[,] NumericalJacobian(Func<Tensor[], Tensor> func, Tensor[] xs, int i, double eps, int outN)
        {
            var x = xs[i];
            int n = x.NumelInt;
            var jac = new double[outN, n];
            // Perturb a private copy so the caller's tensor (and its version counter) stays untouched;
            // it keeps requires_grad because func may itself differentiate (gradgradcheck).
            var probe = x.detach().clone().requires_grad_(x.requires_grad);
            var args = (Tensor[])xs.Clone();
            args[i] = probe;
            var flat = probe.reshape(-1);
            for (int k = 0; k < n; k++)
            {
                double orig = flat.ReadFlat(k);
                Tensor.SetFlat(probe, k, orig + eps);
                var plus = func(args).to(ScalarType.Float64).reshape(-1).ToArray<double>();
                Tensor.SetFlat(probe, k, orig - eps);
                var minus = func(args).to(ScalarType.Float64).reshape(-1).ToArray<double>();
                Tensor.SetFlat(probe, k, orig);
                for (int o = 0; o < outN; o++) jac[o, k] = (plus[o] - minus[o]) / (2 * eps);
            }
            return jac;
        }

        private static double[,] AnalyticalJacobian(Func<Tensor[], Tensor> func, Tensor[] xs, int i, Tensor output)
        {
            int outN = output.NumelInt, n = xs[i].NumelInt;
            var jac = new double[outN, n];
            for (int o = 0; o < outN; o++)
            {
                var onehot = zeros(output.shape, dtype: output.dtype);
                Tensor.SetFlat(onehot, o, 1.0);
                var g = grad([output], [xs[i]], [onehot], retain_graph: true, allow_unused: true)[0];
                if (g is null) continue;
                var values = g.to(ScalarType.Float64).reshape(-1).ToArray<double>();
                for (int k = 0; k < n; k++) jac[o, k] = values[k];
            }
            return jac;
        }

        private static bool Close(double[,] a, double[,] n, double atol, double rtol, out string where)
        {
            for (int r = 0; r < a.GetLength(0); r++)
                for (int c = 0; c < a.GetLength(1); c++)
                    if (!(Math.Abs(a[r, c] - n[r, c]) <= atol + rtol * Math.Abs(n[r, c])))
                    {
                        where = $"output {r}, input element {c}: analytical {a[r, c]}, numerical {n[r, c]}";
                        return false;
                    }
            where = "";
            return true;
        }
    }
}
