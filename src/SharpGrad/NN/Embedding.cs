using System.Globalization;
using SharpGrad.Modules;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A lookup table of <paramref name="num_embeddings"/> vectors of size <paramref name="embedding_dim"/>,
            /// initialised from N(0, 1) as PyTorch's (the <paramref name="padding_idx"/> row zeroed).</summary>
            public static Embedding Embedding(long num_embeddings, long embedding_dim, long? padding_idx = null, double? max_norm = null,
                double norm_type = 2.0, bool scale_grad_by_freq = false, bool sparse = false, ScalarType? dtype = null)
                => new(num_embeddings, embedding_dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, null, false, dtype);

            public static partial class functional
            {
                /// <summary>
                /// The rows of <paramref name="weight"/> named by the int64 <paramref name="input"/>:
                /// shape input.shape + [embedding_dim]. The <paramref name="padding_idx"/> row gets no
                /// gradient. max_norm, scale_grad_by_freq and sparse gradients are not supported.
                /// </summary>
                public static Tensor embedding(Tensor input, Tensor weight, long? padding_idx = null, double? max_norm = null,
                    double norm_type = 2.0, bool scale_grad_by_freq = false, bool sparse = false)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    ArgumentNullException.ThrowIfNull(weight);
                    _ = norm_type;
                    if (max_norm is not null) throw new NotSupportedException("embedding: max_norm (renormalizing the weight in place) is not supported by SharpGrad");
                    if (scale_grad_by_freq) throw new NotSupportedException("embedding: scale_grad_by_freq is not supported by SharpGrad");
                    if (sparse) throw new NotSupportedException("embedding: sparse gradients are not supported by SharpGrad");
                    if (weight.dim() != 2) throw new ArgumentException("'weight' must be 2-D");
                    if (input.dtype != ScalarType.Int64)
                        throw new ArgumentException($"Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got {torch.nn.Module.TensorTypeName(input)} instead (while checking arguments for embedding)");
                    long? pad = NormalizePaddingIdx(padding_idx, weight.size(0));
                    var rows = weight.index_select(0, input.reshape(-1));
                    var output = rows.view([.. input.shape, weight.size(1)]);
                    if (pad is { } p && Autograd.NeedsGrad(weight))
                    {
                        // The padding row's lookups pass their values but no gradient (embedding_backward skips them).
                        var isPadding = input.eq(torch.tensor(p)).unsqueeze(-1);
                        output = torch.where(isPadding, output.detach(), output);
                    }
                    return output;
                }

                /// <summary>PyTorch's <c>padding_idx</c> check; a negative index counts from the end.</summary>
                internal static long? NormalizePaddingIdx(long? padding_idx, long numEmbeddings)
                {
                    if (padding_idx is not { } p) return null;
                    if (p > 0 && p >= numEmbeddings) throw new ArgumentException("Padding_idx must be within num_embeddings");
                    if (p < 0)
                    {
                        if (p < -numEmbeddings) throw new ArgumentException("Padding_idx must be within num_embeddings");
                        p += numEmbeddings;
                    }
                    return p;
                }

                /// <summary>
                /// int64 one-hot vectors: shape input.shape + [num_classes], 1 at each input's value
                /// (<paramref name="num_classes"/> −1: the largest value + 1).
                /// </summary>
                public static Tensor one_hot(Tensor tensor, long num_classes = -1)
                {
                    ArgumentNullException.ThrowIfNull(tensor);
                    if (tensor.dtype != ScalarType.Int64)
                        throw new ArgumentException("one_hot is only applicable to index tensor of type LongTensor.");
                    var values = tensor.contiguous().reshape(-1).ToArray<long>();
                    if (num_classes == -1)
                    {
                        if (values.Length == 0) throw new ArgumentException("Can not infer total number of classes from empty tensor.");
                        num_classes = values.Max() + 1;
                    }
                    else if (num_classes < -1) throw new ArgumentException("num_classes should be positive");
                    foreach (var v in values)
                    {
                        if (v < 0) throw new ArgumentException("Class values must be non-negative.");
                        if (v >= num_classes) throw new ArgumentException("Class values must be smaller than num_classes.");
                    }
                    var result = new long[values.Length * num_classes];
                    for (int i = 0; i < values.Length; i++) result[i * num_classes + values[i]] = 1;
                    return torch.tensor(result, [.. tensor.shape, num_classes]);
                }
            }
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>PyTorch's <c>nn.Embedding</c>.</summary>
    public sealed class Embedding : torch.nn.Module<Tensor, Tensor>
    {
        /// <summary>The number of rows.</summary>
        public long num_embeddings { get; }
        /// <summary>The size of each row.</summary>
        public long embedding_dim { get; }
        /// <summary>The row that gets no gradient (normalized to be non-negative), or null.</summary>
        public long? padding_idx { get; }
        /// <summary>Not supported (renormalization); kept for the repr.</summary>
        public double? max_norm { get; }
        /// <summary>The p of max_norm's p-norm.</summary>
        public double norm_type { get; }
        /// <summary>Not supported; kept for the repr.</summary>
        public bool scale_grad_by_freq { get; }
        /// <summary>Not supported; kept for the repr.</summary>
        public bool sparse { get; }
        /// <summary>[num_embeddings, embedding_dim].</summary>
        public Tensor weight { get; set; }

        internal Embedding(long num_embeddings, long embedding_dim, long? padding_idx, double? max_norm, double norm_type,
            bool scale_grad_by_freq, bool sparse, Tensor? weight, bool freeze, ScalarType? dtype)
        {
            this.num_embeddings = num_embeddings;
            this.embedding_dim = embedding_dim;
            this.padding_idx = torch.nn.functional.NormalizePaddingIdx(padding_idx, num_embeddings);
            this.max_norm = max_norm;
            this.norm_type = norm_type;
            this.scale_grad_by_freq = scale_grad_by_freq;
            this.sparse = sparse;
            if (weight is null)
            {
                this.weight = torch.nn.Parameter(torch.empty([num_embeddings, embedding_dim], dtype), requires_grad: !freeze);
                reset_parameters();
            }
            else
            {
                if (weight.dim() != 2 || weight.size(0) != num_embeddings || weight.size(1) != embedding_dim)
                    throw new ArgumentException("Shape of weight does not match num_embeddings and embedding_dim");
                this.weight = torch.nn.Parameter(weight, requires_grad: !freeze);
            }
        }

        /// <summary>
        /// PyTorch's <c>Embedding.from_pretrained</c>: a layer whose weight shares
        /// <paramref name="embeddings"/>' values, frozen (no gradient) unless <paramref name="freeze"/> is false.
        /// </summary>
        public static Embedding from_pretrained(Tensor embeddings, bool freeze = true, long? padding_idx = null, double? max_norm = null,
            double norm_type = 2.0, bool scale_grad_by_freq = false, bool sparse = false)
        {
            ArgumentNullException.ThrowIfNull(embeddings);
            if (embeddings.dim() != 2) throw new ArgumentException("Embeddings parameter is expected to be 2-dimensional");
            return new Embedding(embeddings.size(0), embeddings.size(1), padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse,
                embeddings, freeze, null);
        }

        /// <summary>PyTorch's initialisation: N(0, 1), then the padding row zeroed.</summary>
        public void reset_parameters()
        {
            torch.nn.init.normal_(weight);
            if (padding_idx is { } p)
                using (torch.no_grad()) weight[p].fill_(0.0);
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
            => torch.nn.functional.embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse);

        /// <inheritdoc/>
        public override string extra_repr()
        {
            var s = string.Create(CultureInfo.InvariantCulture, $"{num_embeddings}, {embedding_dim}");
            if (padding_idx is { } p) s += string.Create(CultureInfo.InvariantCulture, $", padding_idx={p}");
            if (max_norm is { } m) s += $", max_norm={Repr.Float(m)}";
            if (norm_type != 2) s += $", norm_type={Repr.Float(norm_type)}";
            if (scale_grad_by_freq) s += ", scale_grad_by_freq=True";
            if (sparse) s += ", sparse=True";
            return s;
        }
    }
}
