

namespace SharpGrad;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>PyTorch's <c>torch.nn.utils</c>: gradient clipping and flat parameter vectors.</summary>
        public static class utils
        {
            /// <summary>
            /// Scales the gradients in place so that their joint <paramref name="norm_type"/>-norm is
            /// at most <paramref name="max_norm"/> (scaled by max_norm / (total_norm + 1e-6), clamped to
            /// 1, as PyTorch's); returns the total norm before clipping.
            /// </summary>
            public static Tensor clip_grad_norm_(IEnumerable<Tensor> parameters, double max_norm, double norm_type = 2,
                bool error_if_nonfinite = false)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
                if (grads.Count == 0) return torch.tensor(0.0f);
                using var _ = new GradModeScope(false);
                Tensor total;
                if (double.IsPositiveInfinity(norm_type))
                    total = torch.stack(grads.Select(g => g.abs().max()).ToList()).max();
                else
                    total = VectorNorm(torch.stack(grads.Select(g => VectorNorm(g, norm_type)).ToList()), norm_type);
                if (error_if_nonfinite && !double.IsFinite(total.item()))
                    throw new InvalidOperationException(
                        $"The total norm of order {Modules.Repr.Float(norm_type)} for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
                var clipCoef = max_norm / (total + 1e-6);
                var clamped = clipCoef.clamp(max: 1.0);
                foreach (var g in grads) g.mul_(clamped.to(g.dtype));
                return total;
            }

            /// <summary>Clips one gradient; see <see cref="clip_grad_norm_(IEnumerable{Tensor}, double, double, bool)"/>.</summary>
            public static Tensor clip_grad_norm_(Tensor parameter, double max_norm, double norm_type = 2, bool error_if_nonfinite = false)
                => clip_grad_norm_([parameter], max_norm, norm_type, error_if_nonfinite);

            /// <summary>(Σ|x|ᵖ)^(1/p) over all elements; p = 0 counts the non-zeros.</summary>
            private static Tensor VectorNorm(Tensor x, double p) => p switch
            {
                2 => x.square().sum().sqrt(),
                1 => x.abs().sum(),
                0 => x.ne(torch.zeros_like(x)).to(x.dtype).sum(),
                double.NegativeInfinity => x.abs().min(),
                _ => x.abs().pow(p).sum().pow(1 / p),
            };

            /// <summary>Clamps every gradient to [−clip_value, clip_value], in place.</summary>
            public static void clip_grad_value_(IEnumerable<Tensor> parameters, double clip_value)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                using var _ = new GradModeScope(false);
                foreach (var p in parameters)
                    p.grad?.clamp_(-clip_value, clip_value);
            }

            /// <summary>The parameters flattened and concatenated into one vector.</summary>
            public static Tensor parameters_to_vector(IEnumerable<Tensor> parameters)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return torch.cat(parameters.Select(p => p.view(-1)).ToList());
            }

            /// <summary>Makes each parameter's values the next slice of <paramref name="vec"/> (they then share its storage, as in PyTorch).</summary>
            public static void vector_to_parameters(Tensor vec, IEnumerable<Tensor> parameters)
            {
                ArgumentNullException.ThrowIfNull(vec);
                ArgumentNullException.ThrowIfNull(parameters);
                long pointer = 0;
                foreach (var p in parameters)
                {
                    long n = p.numel();
                    p.data = vec.slice(0, pointer, pointer + n).view_as(p).data;
                    pointer += n;
                }
            }
        }
    }
}
