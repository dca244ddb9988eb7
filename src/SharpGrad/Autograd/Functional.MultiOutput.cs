
namespace SharpGrad;

public static partial class torch
{
    public static partial class autograd
    {
        public static partial class functional
        {
            // Inputs written out as in Python's hessian(f, (x, y)): hessian(f, x, y).

            /// <summary>The Hessian blocks of a scalar function of several inputs, the inputs written out:
            /// <c>hessian(f, x, y)</c>. (With one tensor, <c>hessian(f, x)</c> is the one-input form.)</summary>
            public static Tensor[][] hessian(Func<Tensor[], Tensor> func, params Tensor[] inputs)
                => hessian(func, inputs, create_graph: false);

            // (No such vjp/jvp: vjp(f, x, y) would read as the one-input vjp(f, x, v) whenever f's body
            // also compiles for a Tensor, since t[0] indexes a tensor too.)

            // Functions with several outputs: v holds one tensor per output (vjp) or per input (jvp).

            /// <summary>Vector-Jacobian product of a function with several outputs: (outputs, Σᵢ vᵢᵀ·∂outputᵢ/∂xⱼ
            /// for each input j).</summary>
            public static (Tensor[] output, Tensor[] vjp) vjp(Func<Tensor[], Tensor[]> func, Tensor[] inputs, Tensor[] v,
                bool create_graph = false, bool strict = false)
            {
                using var gradMode = new GradModeScope(true);
                var xs = inputs.Select(t => PrepareInput(t, create_graph)).ToArray();
                var ys = func(xs);
                ValidateV(v, ys);
                var used = Enumerable.Range(0, ys.Length).Where(i => ys[i].requires_grad).ToArray();
                var grads = used.Length == 0
                    ? new Tensor?[xs.Length]
                    : grad(used.Select(i => ys[i]).ToArray(), xs, used.Select(i => (Tensor?)v[i]).ToArray(),
                        create_graph: create_graph, allow_unused: true);
                return (ys.Select(y => Finish(y, create_graph)).ToArray(), Complete(grads, xs, create_graph, strict));
            }

            /// <summary>Vector-Jacobian product of a function of one tensor with several outputs.</summary>
            public static (Tensor[] output, Tensor vjp) vjp(Func<Tensor, Tensor[]> func, Tensor inputs, Tensor[] v,
                bool create_graph = false, bool strict = false)
            {
                var (output, products) = vjp(xs => func(xs[0]), [inputs], v, create_graph, strict);
                return (output, products[0]);
            }

            /// <summary>Jacobian-vector product of a function with several outputs: (outputs, ∂outputᵢ/∂x·v
            /// summed over the inputs, for each output i), by the double-backward trick.</summary>
            public static (Tensor[] output, Tensor[] jvp) jvp(Func<Tensor[], Tensor[]> func, Tensor[] inputs, Tensor[] v,
                bool create_graph = false, bool strict = false)
            {
                using var gradMode = new GradModeScope(true);
                var xs = inputs.Select(t => PrepareInput(t, create_graph)).ToArray();
                CheckVectors(xs, v);
                var ys = func(xs);
                var result = new Tensor?[ys.Length];
                var used = Enumerable.Range(0, ys.Length).Where(i => ys[i].requires_grad).ToArray();
                if (used.Length > 0)
                {
                    // g(u) = Σᵢ Jᵢᵀuᵢ is linear in the u's, so d(g·v)/duᵢ = Jᵢ v.
                    var us = used.Select(i => zeros_like(ys[i], requires_grad: true)).ToArray();
                    var g = grad(used.Select(i => ys[i]).ToArray(), xs, us.Select(u => (Tensor?)u).ToArray(),
                        create_graph: true, allow_unused: true);
                    var reached = Enumerable.Range(0, xs.Length).Where(j => g[j] is not null).ToArray();
                    if (reached.Length < xs.Length && strict) throw IndependentError();
                    if (reached.Length > 0)
                    {
                        var jv = grad(reached.Select(j => g[j]!).ToArray(), us, reached.Select(j => (Tensor?)v[j]).ToArray(),
                            create_graph: create_graph, allow_unused: true);
                        for (int n = 0; n < used.Length; n++) result[used[n]] = jv[n];
                    }
                }
                else if (strict)
                {
                    throw IndependentError();
                }
                var products = new Tensor[ys.Length];
                for (int i = 0; i < ys.Length; i++) products[i] = Finish(result[i] ?? zeros_like(ys[i]), create_graph);
                return (ys.Select(y => Finish(y, create_graph)).ToArray(), products);
            }

            /// <summary>Jacobian-vector product of a function of one tensor with several outputs.</summary>
            public static (Tensor[] output, Tensor[] jvp) jvp(Func<Tensor, Tensor[]> func, Tensor inputs, Tensor v,
                bool create_graph = false, bool strict = false)
                => jvp(xs => func(xs[0]), [inputs], [v], create_graph, strict);

            /// <summary>PyTorch's _validate_v: one v per output, each of its output's shape.</summary>
            private static void ValidateV(Tensor[] v, Tensor[] outputs)
            {
                if (v.Length != outputs.Length)
                    throw new ArgumentException($"v is a tuple of invalid length: should be {outputs.Length} but got {v.Length}.");
                for (int i = 0; i < v.Length; i++)
                    if (!v[i].SameShape(outputs[i]))
                        throw new ArgumentException(
                            $"Entry {i} in v has invalid size: should be {Tensor.TorchSizeString(outputs[i].Sizes)} but got {Tensor.TorchSizeString(v[i].Sizes)}.");
            }
        }
    }
}
