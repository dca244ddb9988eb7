
namespace SharpGrad;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// A custom differentiable operation with several outputs: <c>forward</c> returns them as an
        /// array, <c>apply</c> returns that array, and <c>backward</c> receives one gradient per output
        /// (zeros for an output that got none, or null after <c>ctx.set_materialize_grads(false)</c>)
        /// and returns one gradient per input. All outputs share one node, as in PyTorch: their
        /// <c>grad_fn</c> is the same (named <c>{T}Backward</c>) and their <c>output_nr</c> differ.
        /// Outputs passed to <c>ctx.mark_non_differentiable</c> do not require grad.
        /// </summary>
        public abstract class MultiOutputFunction<T> where T : MultiOutputFunction<T>, new()
        {
            /// <summary>Computes the outputs from the inputs (runs without recording a graph).</summary>
            public abstract Tensor[] forward(AutogradContext ctx, params Tensor[] inputs);
            /// <summary>Computes the input gradients from one gradient per output.</summary>
            public abstract Tensor?[] backward(AutogradContext ctx, params Tensor?[] grad_outputs);

            /// <summary>Runs forward without recording, then records one node for all outputs.</summary>
            public static Tensor[] apply(params Tensor[] inputs)
            {
                var fn = new T();
                bool record = Autograd.NeedsGrad(inputs);
                var ctx = new AutogradContext(inputs.Select(t => record && (t.requires_grad || ForwardAD.HasTangent(t))).ToArray());
                Tensor[] outputs;
                using (new GradModeScope(false))
                    outputs = (Tensor[])fn.forward(ctx, inputs).Clone();
                if (!record) return outputs;

                var differentiable = new bool[outputs.Length];
                for (int k = 0; k < outputs.Length; k++)
                {
                    var output = outputs[k] ?? throw new InvalidOperationException(
                        $"{typeof(T).Name}.forward returned null as output {k}; every output must be a tensor");
                    differentiable[k] = !ctx.NonDifferentiable.Contains(output);
                    if (ctx.Dirty.Contains(output))
                    {
                        if (output.is_leaf && output.LeafRequiresGrad)
                            throw new InvalidOperationException("a leaf Variable that requires grad is being used in an in-place operation.");
                        output.SharedStorage.Version++;
                    }
                    else if (inputs.Any(t => ReferenceEquals(t, output)) || outputs.Take(k).Any(t => ReferenceEquals(t, output)))
                    {
                        // An input returned unchanged, or one tensor returned twice: each output is a
                        // tensor of its own sharing the data.
                        outputs[k] = new Tensor(output.SharedStorage, output.Sizes, output.Strides, output.StorageOffset);
                    }
                }
                if (!differentiable.Contains(true)) return outputs;

                new FunctionNode(fn, ctx, inputs, typeof(T).Name + "Backward", outputs).SetHistoryOf(outputs, differentiable);
                return outputs;
            }

            /// <summary>The one node of all outputs: gradients arrive per output (input_nr = output_nr).</summary>
            private sealed class FunctionNode(MultiOutputFunction<T> fn, AutogradContext ctx, Tensor[] inputs, string name, Tensor[] outputs)
                : MultiOutputNode(name, inputs, outputs)
            {
                private readonly MultiOutputFunction<T> _fn = fn;
                private readonly AutogradContext _ctx = ctx;

                /// <summary>PyTorch prints custom Function nodes with their module path.</summary>
                public override string ToString() => "<torch.autograd.function." + base.ToString()[1..];

                internal override Tensor?[] ApplyAll(Tensor?[] grads)
                {
                    ThrowIfReleased();
                    var gradOutputs = new Tensor?[NumOutputs];
                    for (int k = 0; k < gradOutputs.Length; k++)
                    {
                        gradOutputs[k] = k < grads.Length ? grads[k] : null;
                        if (gradOutputs[k] is null && _ctx.MaterializeGrads)
                        {
                            var (shape, dtype) = OutputMetadata(k);
                            gradOutputs[k] = torch.zeros(Array.ConvertAll(shape, d => (long)d), dtype: dtype);
                        }
                    }
                    return CheckGradientCount(_fn.backward(_ctx, gradOutputs), NextEdges.Length, name());
                }

                internal override void ReleaseVariables()
                {
                    _ctx.Release();
                    base.ReleaseVariables();
                }
            }
        }
    }
}
