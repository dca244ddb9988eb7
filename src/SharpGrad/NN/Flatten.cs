using SharpGrad.Modules;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Flattens dims start_dim..end_dim into one.</summary>
            public static Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);

            /// <summary>Splits <paramref name="dim"/> into <paramref name="unflattened_size"/>.</summary>
            public static Unflatten Unflatten(long dim, long[] unflattened_size) => new(dim, unflattened_size);
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>PyTorch's <c>nn.Flatten</c>.</summary>
    public sealed class Flatten(long start_dim = 1, long end_dim = -1) : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>First dim to flatten.</summary>
        public long start_dim { get; } = start_dim;
        /// <summary>Last dim to flatten.</summary>
        public long end_dim { get; } = end_dim;
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);
        /// <inheritdoc/>
        public override string extra_repr() => $"start_dim={start_dim}, end_dim={end_dim}";
    }

    /// <summary>PyTorch's <c>nn.Unflatten</c>.</summary>
    public sealed class Unflatten : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The dim to split.</summary>
        public long dim { get; }
        /// <summary>Its new sizes (one may be −1).</summary>
        public long[] unflattened_size { get; }

        internal Unflatten(long dim, long[] unflattened_size)
        {
            ArgumentNullException.ThrowIfNull(unflattened_size);
            this.dim = dim;
            this.unflattened_size = (long[])unflattened_size.Clone();
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            int nd = input.dim();
            long d = dim < 0 ? dim + nd : dim;
            if (d < 0 || d >= nd)
                throw new IndexOutOfRangeException($"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {dim})");
            var shape = input.shape;
            return input.view([.. shape[..(int)d], .. unflattened_size, .. shape[((int)d + 1)..]]);
        }

        /// <inheritdoc/>
        public override string extra_repr() => $"dim={dim}, unflattened_size={Repr.Tuple(unflattened_size)}";
    }
}
