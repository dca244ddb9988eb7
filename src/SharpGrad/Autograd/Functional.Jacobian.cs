
namespace SharpGrad;

public static partial class torch
{
    public static partial class autograd
    {
        public static partial class functional
        {
            // Jacobians of functions of one or several tensors with one or several outputs. Every form
            // computes the blocks ∂outputᵢ/∂inputⱼ, shaped outputᵢ.shape + inputⱼ.shape, by reverse mode
            // (one backward per output element) or, with strategy: "forward-mode", by forward mode
            // (one forward pass per input element, with that element's unit tangent).

            /// <summary>The Jacobian of <paramref name="func"/> at <paramref name="inputs"/>: shape
            /// output.shape + input.shape.</summary>
            public static Tensor jacobian(Func<Tensor, Tensor> func, Tensor inputs, bool create_graph = false,
                bool strict = false, bool vectorize = false, string strategy = "reverse-mode")
                => JacobianBlocks(xs => [func(xs[0])], [inputs], create_graph, strict, vectorize, strategy)[0][0];

            /// <summary>Jacobians of a function of several inputs: one tensor per input.</summary>
            public static Tensor[] jacobian(Func<Tensor[], Tensor> func, Tensor[] inputs, bool create_graph = false,
                bool strict = false, bool vectorize = false, string strategy = "reverse-mode")
                => JacobianBlocks(xs => [func(xs)], inputs, create_graph, strict, vectorize, strategy)[0];

            /// <summary>Jacobians of a function with several outputs: one tensor per output.</summary>
            public static Tensor[] jacobian(Func<Tensor, Tensor[]> func, Tensor inputs, bool create_graph = false,
                bool strict = false, bool vectorize = false, string strategy = "reverse-mode")
                => JacobianBlocks(xs => func(xs[0]), [inputs], create_graph, strict, vectorize, strategy).Select(row => row[0]).ToArray();

            /// <summary>Jacobians of a function of several inputs with several outputs: <c>[i][j]</c> is
            /// ∂outputᵢ/∂inputⱼ (PyTorch's tuple of tuples).</summary>
            public static Tensor[][] jacobian(Func<Tensor[], Tensor[]> func, Tensor[] inputs, bool create_graph = false,
                bool strict = false, bool vectorize = false, string strategy = "reverse-mode")
                => JacobianBlocks(func, inputs, create_graph, strict, vectorize, strategy);

            private static Tensor[][] JacobianBlocks(Func<Tensor[], Tensor[]> func, Tensor[] inputs, bool createGraph,
                bool strict, bool vectorize, string strategy)
            {
                if (strategy is not ("forward-mode" or "reverse-mode"))
                    throw new ArgumentException(
                        "Expected strategy to be either \"forward-mode\" or \"reverse-mode\". Hint: If your function has more outputs than inputs, \"forward-mode\" tends to be more performant. Otherwise, prefer to use \"reverse-mode\".");
                if (strategy == "reverse-mode") return ReverseJacobian(func, inputs, createGraph, strict);
                if (createGraph)
                    throw new NotSupportedException(
                        "torch.autograd.functional.jacobian: `create_graph=True` and `strategy=\"forward-mode\"` are not supported together (yet). Please either set `create_graph=False` or `strategy=\"reverse-mode\"`.");
                if (strict)
                    throw new InvalidOperationException(
                        "torch.autograd.functional.jacobian: `strict=True` and `strategy=\"forward-mode\"` are not supported together (yet). Please either set `strict=False` or `strategy=\"reverse-mode\"`.");
                if (!vectorize)
                    // PyTorch's message, missing space included.
                    throw new NotSupportedException(
                        "Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.");
                return ForwardJacobian(func, inputs);
            }

            private static Tensor[][] ReverseJacobian(Func<Tensor[], Tensor[]> func, Tensor[] inputs, bool createGraph, bool strict)
            {
                using var gradMode = new GradModeScope(true);
                var xs = inputs.Select(t => PrepareInput(t, createGraph)).ToArray();
                var ys = func(xs);
                var blocks = new Tensor[ys.Length][];
                for (int i = 0; i < ys.Length; i++)
                {
                    var y = ys[i];
                    int n = y.NumelInt;
                    var rows = new Tensor[xs.Length][];
                    for (int j = 0; j < xs.Length; j++) rows[j] = new Tensor[n];
                    for (int k = 0; k < n; k++)
                    {
                        Tensor?[] g = new Tensor?[xs.Length];
                        if (y.requires_grad)
                        {
                            var onehot = zeros(y.shape, dtype: y.dtype);
                            Tensor.SetFlat(onehot, k, 1.0);
                            g = grad([y], xs, [onehot], retain_graph: true, create_graph: createGraph, allow_unused: true);
                        }
                        for (int j = 0; j < xs.Length; j++)
                        {
                            if (g[j] is null && strict)
                                throw new InvalidOperationException(
                                    $"Output {i} of the user-provided function is independent of input {j}. This is not allowed in strict mode.");
                            rows[j][k] = g[j] ?? zeros(xs[j].shape, dtype: xs[j].dtype);
                        }
                    }
                    blocks[i] = new Tensor[xs.Length];
                    for (int j = 0; j < xs.Length; j++)
                    {
                        var x = xs[j];
                        var stacked = n == 0 ? zeros([0, .. x.shape], dtype: x.dtype) : stack(rows[j]);
                        var block = stacked.reshape([.. y.shape, .. x.shape]);
                        blocks[i][j] = createGraph ? block : block.detach();
                    }
                }
                return blocks;
            }

            /// <summary>Column by column: input j's element k gets tangent 1, every other element 0, and
            /// the outputs' tangents are column (j, k) of every output's Jacobian.</summary>
            private static Tensor[][] ForwardJacobian(Func<Tensor[], Tensor[]> func, Tensor[] inputs)
            {
                var xs = inputs.Select(t => t.detach()).ToArray();
                List<Tensor>[][]? columns = null;   // [output][input] → one column per input element
                Tensor[]? primals = null;
                for (int j = 0; j < xs.Length; j++)
                {
                    for (int k = 0; k < xs[j].NumelInt; k++)
                    {
                        using var level = forward_ad.dual_level();
                        var unit = zeros(xs[j].shape, dtype: xs[j].dtype);
                        Tensor.SetFlat(unit, k, 1.0);
                        var duals = xs.Select((x, jj) => jj == j ? forward_ad.make_dual(x, unit) : x).ToArray();
                        var outs = func(duals);
                        primals ??= outs.Select(o => forward_ad.unpack_dual(o).primal.detach()).ToArray();
                        columns ??= outs.Select(_ => xs.Select(_ => new List<Tensor>()).ToArray()).ToArray();
                        for (int i = 0; i < outs.Length; i++)
                        {
                            var (primal, tangent) = forward_ad.unpack_dual(outs[i]);
                            columns[i][j].Add((tangent ?? zeros_like(primal)).detach());
                        }
                    }
                }
                // Every input empty: one plain call for the output shapes.
                primals ??= func(xs).Select(o => o.detach()).ToArray();
                var blocks = new Tensor[primals.Length][];
                for (int i = 0; i < primals.Length; i++)
                {
                    blocks[i] = new Tensor[xs.Length];
                    for (int j = 0; j < xs.Length; j++)
                    {
                        var cols = columns?[i][j];
                        var block = cols is { Count: > 0 }
                            ? stack(cols, dim: -1)
                            : zeros([.. primals[i].shape, 0], dtype: xs[j].dtype);
                        blocks[i][j] = block.reshape([.. primals[i].shape, .. xs[j].shape]);
                    }
                }
                return blocks;
            }
        }
    }
}
