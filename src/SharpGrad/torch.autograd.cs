
namespace SharpGrad;

public static partial class torch
{
    /// <summary>PyTorch's <c>torch.autograd</c>: custom functions, grad, backward, and friends.</summary>
    public static partial class autograd
    {
        /// <summary>
        /// A custom differentiable operation: override <c>forward</c> and <c>backward</c>, call <c>apply</c>.
        /// <c>backward</c> returns one gradient per input of forward (null where none is needed); a gradient
        /// whose shape broadcasts to its input's shape is summed down to it.
        /// </summary>
        public abstract class Function<T> where T : Function<T>, new()
        {
            /// <summary>Computes the output from the inputs (runs without recording a graph).</summary>
            public abstract Tensor forward(AutogradContext ctx, params Tensor[] inputs);
            /// <summary>Computes the input gradients from the output gradient.</summary>
            public abstract Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs);

            /// <summary>Runs forward without recording, then records one node (named <c>{T}Backward</c>).</summary>
            public static Tensor apply(params Tensor[] inputs)
            {
                var fn = new T();
                bool record = Autograd.NeedsGrad(inputs);
                var ctx = new AutogradContext(inputs.Select(t => record && (t.requires_grad || ForwardAD.HasTangent(t))).ToArray());
                Tensor output;
                using (new GradModeScope(false))
                    output = fn.forward(ctx, inputs);
                if (!record || ctx.NonDifferentiable.Contains(output)) return output;

                if (ctx.Dirty.Contains(output))
                {
                    if (output.is_leaf && output.LeafRequiresGrad)
                        throw new InvalidOperationException("a leaf Variable that requires grad is being used in an in-place operation.");
                    output.SharedStorage.Version++;
                }
                else if (inputs.Any(t => ReferenceEquals(t, output)))
                {
                    // Returning an input unchanged: the output is a new tensor sharing its data.
                    output = new Tensor(output.SharedStorage, output.Sizes, output.Strides, output.StorageOffset);
                }
                output.SetHistory(new CustomFunctionNode(fn, ctx, inputs, typeof(T).Name + "Backward"));
                return output;
            }

            private sealed class CustomFunctionNode(Function<T> fn, AutogradContext ctx, Tensor[] inputs, string nodeName)
                : Node(inputs)
            {
                public override string name() => nodeName;

                /// <summary>PyTorch prints custom Function nodes with their module path.</summary>
                public override string ToString() => "<torch.autograd.function." + base.ToString()[1..];

                internal override Tensor?[] Apply(Tensor grad)
                {
                    ThrowIfReleased();
                    return CheckGradientCount(fn.backward(ctx, grad), NextEdges.Length, nodeName);
                }

                internal override void ReleaseVariables()
                {
                    ctx.Release();
                    base.ReleaseVariables();
                }
            }
        }

        /// <summary>
        /// PyTorch's rule for what a custom backward returns: one gradient per forward input; more is
        /// allowed only when the extra entries are all null ("returning too many results is ok, but
        /// only as long as they're all None"), and they are dropped.
        /// </summary>
        internal static Tensor?[] CheckGradientCount(Tensor?[] grads, int inputCount, string nodeName)
        {
            if (grads.Length > inputCount)
            {
                bool allNull = true;
                for (int i = inputCount; i < grads.Length; i++) allNull &= grads[i] is null;
                if (allNull) return grads[..inputCount];
            }
            if (grads.Length != inputCount)
                throw new InvalidOperationException(
                    $"function {nodeName} returned an incorrect number of gradients (expected {inputCount}, got {grads.Length})");
            return grads;
        }

        /// <summary>Computes and accumulates gradients of <paramref name="tensors"/> into leaves' <c>.grad</c>.</summary>
        public static void backward(IList<Tensor> tensors, IList<Tensor?>? grad_tensors = null, bool? retain_graph = null,
            bool create_graph = false, IList<Tensor>? inputs = null)
            => Engine.Backward(tensors.ToArray(), grad_tensors?.ToArray(), retain_graph ?? create_graph, create_graph, inputs?.ToArray());

        /// <summary>Backward of a single tensor.</summary>
        public static void backward(Tensor tensor, Tensor? grad_tensors = null, bool? retain_graph = null,
            bool create_graph = false, IList<Tensor>? inputs = null)
            => tensor.backward(grad_tensors, retain_graph, create_graph, inputs);

        /// <summary>Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, returned
        /// rather than accumulated; with <paramref name="create_graph"/> they can be differentiated again.</summary>
        public static Tensor?[] grad(IList<Tensor> outputs, IList<Tensor> inputs, IList<Tensor?>? grad_outputs = null,
            bool? retain_graph = null, bool create_graph = false, bool allow_unused = false)
            => Engine.Grad(outputs.ToArray(), inputs.ToArray(), grad_outputs?.ToArray(), retain_graph ?? create_graph,
                create_graph, allow_unused);

        /// <summary><see cref="grad(IList{Tensor}, IList{Tensor}, IList{Tensor}?, bool?, bool, bool)"/> for one output and one input.</summary>
        public static Tensor?[] grad(Tensor outputs, Tensor inputs, Tensor? grad_outputs = null,
            bool? retain_graph = null, bool create_graph = false, bool allow_unused = false)
            => grad([outputs], [inputs], grad_outputs is null ? null : [grad_outputs], retain_graph, create_graph, allow_unused);

        /// <summary>Turns anomaly detection on or off globally; <paramref name="check_nan"/> says whether
        /// a backward node returning NaN raises an error (forward stack traces are recorded either way).</summary>
        public static void set_detect_anomaly(bool mode, bool check_nan = true)
        {
            AnomalyMode.Enabled = mode;
            AnomalyMode.CheckNan = check_nan;
        }

        /// <summary>Anomaly detection inside a <c>using</c> block (restores the previous mode on dispose).</summary>
        public static AnomalyModeScope detect_anomaly(bool check_nan = true) => new(true, check_nan);

        /// <summary>Whether anomaly detection is on.</summary>
        public static bool is_anomaly_enabled() => AnomalyMode.Enabled;

        /// <summary>Whether anomaly detection also checks backward results for NaN.</summary>
        public static bool is_anomaly_check_nan_enabled() => AnomalyMode.CheckNan;

        /// <summary>Higher-level derivatives built on <see cref="grad(IList{Tensor}, IList{Tensor}, IList{Tensor}?, bool?, bool, bool)"/>.</summary>
        public static partial class functional
        {
            internal static Tensor PrepareInput(Tensor t, bool createGraph)
                => createGraph && t.requires_grad ? t.view_as(t) : t.detach().requires_grad_(true);

            internal static Tensor JacobianOf(Tensor y, Tensor x, bool createGraph, bool strict)
            {
                int n = y.NumelInt;
                var rows = new Tensor[n];
                for (int i = 0; i < n; i++)
                {
                    Tensor? g = null;
                    if (y.requires_grad)
                    {
                        var onehot = zeros(y.shape, dtype: y.dtype);
                        Tensor.SetFlat(onehot, i, 1.0);
                        g = grad([y], [x], [onehot], retain_graph: true, create_graph: createGraph, allow_unused: true)[0];
                    }
                    if (g is null && strict)
                        throw new InvalidOperationException(
                            "Output 0 of the user-provided function is independent of input 0. This is not allowed in strict mode.");
                    rows[i] = g ?? zeros(x.shape, dtype: x.dtype);
                }
                var stacked = n == 0 ? zeros([0, .. x.shape], dtype: x.dtype) : stack(rows);
                return stacked.reshape([.. y.shape, .. x.shape]);
            }
        }
    }
}
