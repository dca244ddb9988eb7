
namespace SharpGrad;

public static partial class torch
{
    public static partial class autograd
    {
        public static partial class functional
        {
            /// <summary>Vector-Jacobian product: (func(x), vᵀ·J). <paramref name="v"/> defaults to 1 for a
            /// one-element output.</summary>
            public static (Tensor output, Tensor vjp) vjp(Func<Tensor, Tensor> func, Tensor inputs, Tensor? v = null,
                bool create_graph = false, bool strict = false)
            {
                var x = PrepareInput(inputs, create_graph);
                var y = func(x);
                var g = y.requires_grad
                    ? grad([y], [x], [v ?? OnesForScalar(y, "vjp")], create_graph: create_graph, allow_unused: !strict)[0]
                    : null;
                if (g is null && strict) throw IndependentError();
                return (Finish(y, create_graph), Finish(g ?? zeros_like(x), create_graph));
            }

            /// <summary>Jacobian-vector product: (func(x), J·v), by the double-backward trick.</summary>
            public static (Tensor output, Tensor jvp) jvp(Func<Tensor, Tensor> func, Tensor inputs, Tensor? v = null,
                bool create_graph = false, bool strict = false)
            {
                var x = PrepareInput(inputs, create_graph);
                var y = func(x);
                if (v is null && x.NumelInt != 1)
                    throw new InvalidOperationException("The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.");
                v ??= ones_like(x);
                if (!v.SameShape(x))
                    throw new ArgumentException($"Mismatch in shape: v has a shape of {Tensor.TorchSizeString(v.Sizes)} and inputs has a shape of {Tensor.TorchSizeString(x.Sizes)}.");
                if (!y.requires_grad)
                {
                    if (strict) throw IndependentError();
                    return (Finish(y, create_graph), zeros_like(y));
                }
                // g(u) = Jᵀu is linear in u, so d(g·v)/du = J v.
                var u = zeros_like(y, requires_grad: true);
                var g = grad([y], [x], [u], create_graph: true, allow_unused: true)[0];
                if (g is null)
                {
                    if (strict) throw IndependentError();
                    return (Finish(y, create_graph), zeros_like(y));
                }
                var jv = grad([g], [u], [v], create_graph: create_graph, allow_unused: true)[0] ?? zeros_like(y);
                return (Finish(y, create_graph), Finish(jv, create_graph));
            }

            /// <summary>The Hessian of a scalar function: shape input.shape + input.shape.</summary>
            public static Tensor hessian(Func<Tensor, Tensor> func, Tensor inputs, bool create_graph = false,
                bool strict = false, bool vectorize = false)
            {
                var x = PrepareInput(inputs, createGraph: true);
                var y = func(x);
                CheckScalar(y, "hessian");
                var g = grad([y], [x], create_graph: true, allow_unused: true)[0];
                if (g is null)
                {
                    if (strict) throw IndependentError();
                    return zeros([.. x.shape, .. x.shape], dtype: x.dtype);
                }
                return JacobianOf(g, x, create_graph, strict);
            }

            /// <summary>Hessian-vector product of a scalar function: (func(x), H·v).</summary>
            public static (Tensor output, Tensor hvp) hvp(Func<Tensor, Tensor> func, Tensor inputs, Tensor? v = null,
                bool create_graph = false, bool strict = false)
                => vhp(func, inputs, v, create_graph, strict); // H is symmetric, so H·v = vᵀ·H

            /// <summary>Vector-Hessian product of a scalar function: (func(x), vᵀ·H).</summary>
            public static (Tensor output, Tensor vhp) vhp(Func<Tensor, Tensor> func, Tensor inputs, Tensor? v = null,
                bool create_graph = false, bool strict = false)
            {
                var x = PrepareInput(inputs, createGraph: true);
                var y = func(x);
                CheckScalar(y, "vhp");
                v ??= x.NumelInt == 1 ? ones_like(x)
                    : throw new InvalidOperationException("The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.");
                var g = grad([y], [x], create_graph: true, allow_unused: true)[0];
                if (g is null)
                {
                    if (strict) throw IndependentError();
                    return (Finish(y, create_graph), zeros_like(x));
                }
                var hv = grad([g], [x], [v], create_graph: create_graph, allow_unused: true)[0] ?? zeros_like(x);
                return (Finish(y, create_graph), Finish(hv, create_graph));
            }

            private static Tensor OnesForScalar(Tensor y, string what)
                => y.NumelInt == 1 ? ones_like(y)
                    : throw new InvalidOperationException("The vector v can only be None if the user-provided function returns a single Tensor with a single element.");

            private static void CheckScalar(Tensor y, string what)
            {
                if (y.NumelInt != 1)
                    throw new InvalidOperationException(
                        $"The Tensor returned by the function given to {what} should contain a single element");
            }

            private static Tensor Finish(Tensor t, bool createGraph) => createGraph ? t : t.detach();

            private static InvalidOperationException IndependentError() => new(
                "The output of the user-provided function is independent of input 0. This is not allowed in strict mode.");
        }
    }
}
