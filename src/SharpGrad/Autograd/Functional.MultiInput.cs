
namespace SharpGrad;

public static partial class torch
{
    public static partial class autograd
    {
        public static partial class functional
        {
            // Functions of several tensors: the products come back one per input, as PyTorch's tuples.

            /// <summary>Vector-Jacobian product of a function of several inputs: (func(xs), vᵀ·∂func/∂xᵢ for each i).</summary>
            public static (Tensor output, Tensor[] vjp) vjp(Func<Tensor[], Tensor> func, Tensor[] inputs, Tensor? v = null,
                bool create_graph = false, bool strict = false)
            {
                var xs = inputs.Select(t => PrepareInput(t, create_graph)).ToArray();
                var y = func(xs);
                var grads = y.requires_grad
                    ? grad([y], xs, [v ?? OnesForScalar(y, "vjp")], create_graph: create_graph, allow_unused: true)
                    : new Tensor?[xs.Length];
                return (Finish(y, create_graph), Complete(grads, xs, create_graph, strict));
            }

            /// <summary>Jacobian-vector product of a function of several inputs: (func(xs), Σᵢ ∂func/∂xᵢ·vᵢ).</summary>
            public static (Tensor output, Tensor jvp) jvp(Func<Tensor[], Tensor> func, Tensor[] inputs, Tensor[] v,
                bool create_graph = false, bool strict = false)
            {
                var xs = inputs.Select(t => PrepareInput(t, create_graph)).ToArray();
                CheckVectors(xs, v);
                var y = func(xs);
                if (!y.requires_grad)
                {
                    if (strict) throw IndependentError();
                    return (Finish(y, create_graph), zeros_like(y));
                }
                var u = zeros_like(y, requires_grad: true);
                var g = grad([y], xs, [u], create_graph: true, allow_unused: true);
                var used = Enumerable.Range(0, xs.Length).Where(i => g[i] is not null).ToArray();
                if (used.Length < xs.Length && strict) throw IndependentError();
                if (used.Length == 0) return (Finish(y, create_graph), zeros_like(y));
                var jv = grad(used.Select(i => g[i]!).ToArray(), [u], used.Select(i => (Tensor?)v[i]).ToArray(),
                    create_graph: create_graph, allow_unused: true)[0] ?? zeros_like(y);
                return (Finish(y, create_graph), Finish(jv, create_graph));
            }

            /// <summary>The Hessian blocks of a scalar function of several inputs: [i][j] = ∂²f/∂xᵢ∂xⱼ,
            /// shaped xᵢ.shape + xⱼ.shape.</summary>
            public static Tensor[][] hessian(Func<Tensor[], Tensor> func, Tensor[] inputs, bool create_graph = false,
                bool strict = false, bool vectorize = false)
            {
                var xs = inputs.Select(t => PrepareInput(t, createGraph: true)).ToArray();
                var y = func(xs);
                CheckScalar(y, "hessian");
                var g = grad([y], xs, create_graph: true, allow_unused: true);
                var blocks = new Tensor[xs.Length][];
                for (int i = 0; i < xs.Length; i++)
                {
                    blocks[i] = new Tensor[xs.Length];
                    for (int j = 0; j < xs.Length; j++)
                        blocks[i][j] = g[i] is { } gi
                            ? JacobianOf(gi, xs[j], create_graph, strict)
                            : zeros([.. xs[i].shape, .. xs[j].shape], dtype: xs[i].dtype);
                }
                return blocks;
            }

            /// <summary>Vector-Hessian product of a scalar function of several inputs: (f(xs), vᵀ·H per input).</summary>
            public static (Tensor output, Tensor[] vhp) vhp(Func<Tensor[], Tensor> func, Tensor[] inputs, Tensor[] v,
                bool create_graph = false, bool strict = false)
            {
                var xs = inputs.Select(t => PrepareInput(t, createGraph: true)).ToArray();
                CheckVectors(xs, v);
                var y = func(xs);
                CheckScalar(y, "vhp");
                var g = grad([y], xs, create_graph: true, allow_unused: true);
                var used = Enumerable.Range(0, xs.Length).Where(i => g[i] is not null).ToArray();
                if (used.Length < xs.Length && strict) throw IndependentError();
                var products = used.Length == 0
                    ? new Tensor?[xs.Length]
                    : grad(used.Select(i => g[i]!).ToArray(), xs, used.Select(i => (Tensor?)v[i]).ToArray(),
                        create_graph: create_graph, allow_unused: true);
                return (Finish(y, create_graph), Complete(products, xs, create_graph, strict));
            }

            /// <summary>Hessian-vector product of a scalar function of several inputs (H is symmetric, so H·v = vᵀ·H).</summary>
            public static (Tensor output, Tensor[] hvp) hvp(Func<Tensor[], Tensor> func, Tensor[] inputs, Tensor[] v,
                bool create_graph = false, bool strict = false)
                => vhp(func, inputs, v, create_graph, strict);

            private static void CheckVectors(Tensor[] xs, Tensor[] v)
            {
                if (v.Length != xs.Length)
                    throw new ArgumentException($"The given v should contain {xs.Length} Tensors, got {v.Length}.");
                for (int i = 0; i < xs.Length; i++)
                    if (!v[i].SameShape(xs[i]))
                        throw new ArgumentException(
                            $"Mismatch in shape: v[{i}] has a shape of {Tensor.TorchSizeString(v[i].Sizes)} and inputs[{i}] has a shape of {Tensor.TorchSizeString(xs[i].Sizes)}.");
            }

            private static Tensor[] Complete(Tensor?[] products, Tensor[] xs, bool createGraph, bool strict)
            {
                var result = new Tensor[xs.Length];
                for (int i = 0; i < xs.Length; i++)
                {
                    if (products[i] is null && strict) throw IndependentError();
                    result[i] = Finish(products[i] ?? zeros_like(xs[i]), createGraph);
                }
                return result;
            }
        }
    }
}
