using System.Globalization;
using SharpGrad.Modules;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>
            /// PyTorch's <c>nn.MultiheadAttention</c>: attention over <paramref name="num_heads"/> heads of
            /// <c>embed_dim / num_heads</c> features, with PyTorch's parameters and initialisation
            /// (out_proj as a Linear, then xavier_uniform_ on the input projection, biases zero).
            /// </summary>
            public static MultiheadAttention MultiheadAttention(long embed_dim, long num_heads, double dropout = 0.0, bool bias = true,
                bool add_bias_kv = false, bool add_zero_attn = false, long? kdim = null, long? vdim = null, bool batch_first = false,
                ScalarType? dtype = null)
                => new(embed_dim, num_heads, dropout, bias, add_bias_kv, add_zero_attn, kdim, vdim, batch_first, dtype);

            public static partial class functional
            {
                /// <summary>
                /// PyTorch's <c>F.multi_head_attention_forward</c>: inputs are (L, N, E) (or unbatched
                /// (L, E)); returns the attention output (L, N, E) and, with <paramref name="need_weights"/>,
                /// the attention weights (N, L, S), averaged over heads unless
                /// <paramref name="average_attn_weights"/> is false ((N, num_heads, L, S)).
                /// </summary>
                public static (Tensor attn_output, Tensor? attn_output_weights) multi_head_attention_forward(
                    Tensor query, Tensor key, Tensor value, long embed_dim_to_check, long num_heads,
                    Tensor? in_proj_weight, Tensor? in_proj_bias, Tensor? bias_k, Tensor? bias_v, bool add_zero_attn,
                    double dropout_p, Tensor out_proj_weight, Tensor? out_proj_bias, bool training = true,
                    Tensor? key_padding_mask = null, bool need_weights = true, Tensor? attn_mask = null,
                    bool use_separate_proj_weight = false, Tensor? q_proj_weight = null, Tensor? k_proj_weight = null,
                    Tensor? v_proj_weight = null, Tensor? static_k = null, Tensor? static_v = null,
                    bool average_attn_weights = true, bool is_causal = false)
                    => MultiheadAttentionCore.Forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                        bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias, training, key_padding_mask,
                        need_weights, attn_mask, use_separate_proj_weight, q_proj_weight, k_proj_weight, v_proj_weight,
                        static_k, static_v, average_attn_weights, is_causal, sameQkv: ReferenceEquals(query, key) && ReferenceEquals(key, value),
                        sameKv: ReferenceEquals(key, value));
            }
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>
    /// PyTorch's <c>nn.MultiheadAttention</c>. Parameters in PyTorch's order: <c>in_proj_weight</c>
    /// (or <c>q_proj_weight</c>, <c>k_proj_weight</c>, <c>v_proj_weight</c> when kdim or vdim differ
    /// from embed_dim), <c>in_proj_bias</c>, <c>bias_k</c>, <c>bias_v</c>, then <c>out_proj</c>'s.
    /// </summary>
    public sealed class MultiheadAttention : torch.nn.Module
    {
        /// <summary>Total features of the model.</summary>
        public long embed_dim { get; }
        /// <summary>Features of the keys.</summary>
        public long kdim { get; }
        /// <summary>Features of the values.</summary>
        public long vdim { get; }
        /// <summary>Parallel attention heads.</summary>
        public long num_heads { get; }
        /// <summary>Dropout probability on the attention weights, in training.</summary>
        public double dropout { get; }
        /// <summary>Inputs and output are (batch, seq, feature) rather than (seq, batch, feature).</summary>
        public bool batch_first { get; }
        /// <summary>embed_dim / num_heads.</summary>
        public long head_dim { get; }
        /// <summary>Whether a batch of zeros is appended to the keys and values.</summary>
        public bool add_zero_attn { get; }

        // Fields in PyTorch's registration order (a null one is a declared but absent parameter).
        /// <summary>[3·embed_dim, embed_dim] when kdim = vdim = embed_dim, else null.</summary>
        public Tensor? in_proj_weight { get; set; }
        /// <summary>[embed_dim, embed_dim] when kdim or vdim differ from embed_dim, else null.</summary>
        public Tensor? q_proj_weight { get; set; }
        /// <summary>[embed_dim, kdim] when kdim or vdim differ from embed_dim, else null.</summary>
        public Tensor? k_proj_weight { get; set; }
        /// <summary>[embed_dim, vdim] when kdim or vdim differ from embed_dim, else null.</summary>
        public Tensor? v_proj_weight { get; set; }
        /// <summary>[3·embed_dim], or null without bias.</summary>
        public Tensor? in_proj_bias { get; set; }
        /// <summary>The output projection.</summary>
        public NonDynamicallyQuantizableLinear out_proj { get; set; }
        /// <summary>[1, 1, embed_dim] with add_bias_kv, else null.</summary>
        public Tensor? bias_k { get; set; }
        /// <summary>[1, 1, embed_dim] with add_bias_kv, else null.</summary>
        public Tensor? bias_v { get; set; }

        private bool QkvSameEmbedDim => kdim == embed_dim && vdim == embed_dim;

        internal MultiheadAttention(long embed_dim, long num_heads, double dropout, bool bias, bool add_bias_kv, bool add_zero_attn,
            long? kdim, long? vdim, bool batch_first, ScalarType? dtype)
        {
            if (embed_dim <= 0 || num_heads <= 0)
                throw new ArgumentException($"embed_dim and num_heads must be greater than 0, got embed_dim={embed_dim} and num_heads={num_heads} instead");
            this.embed_dim = embed_dim;
            this.kdim = kdim ?? embed_dim;
            this.vdim = vdim ?? embed_dim;
            this.num_heads = num_heads;
            this.dropout = dropout;
            this.batch_first = batch_first;
            head_dim = embed_dim / num_heads;
            if (head_dim * num_heads != embed_dim) throw new ArgumentException("embed_dim must be divisible by num_heads");
            this.add_zero_attn = add_zero_attn;

            if (QkvSameEmbedDim)
                in_proj_weight = torch.nn.Parameter(torch.empty([3 * embed_dim, embed_dim], dtype));
            else
            {
                q_proj_weight = torch.nn.Parameter(torch.empty([embed_dim, embed_dim], dtype));
                k_proj_weight = torch.nn.Parameter(torch.empty([embed_dim, this.kdim], dtype));
                v_proj_weight = torch.nn.Parameter(torch.empty([embed_dim, this.vdim], dtype));
            }
            if (bias) in_proj_bias = torch.nn.Parameter(torch.empty([3 * embed_dim], dtype));
            // Built (and so initialised, drawing from the generator) before _reset_parameters, as PyTorch's.
            out_proj = new NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias, dtype);
            if (add_bias_kv)
            {
                bias_k = torch.nn.Parameter(torch.empty([1, 1, embed_dim], dtype));
                bias_v = torch.nn.Parameter(torch.empty([1, 1, embed_dim], dtype));
            }
            _reset_parameters();
        }

        /// <summary>PyTorch's initialisation: xavier_uniform_ on the input projection, zero biases, xavier_normal_ on bias_k and bias_v.</summary>
        public void _reset_parameters()
        {
            if (in_proj_weight is not null) torch.nn.init.xavier_uniform_(in_proj_weight);
            else
            {
                torch.nn.init.xavier_uniform_(q_proj_weight!);
                torch.nn.init.xavier_uniform_(k_proj_weight!);
                torch.nn.init.xavier_uniform_(v_proj_weight!);
            }
            if (in_proj_bias is not null)
            {
                torch.nn.init.constant_(in_proj_bias, 0);
                torch.nn.init.constant_(out_proj.bias!, 0);
            }
            if (bias_k is not null) torch.nn.init.xavier_normal_(bias_k);
            if (bias_v is not null) torch.nn.init.xavier_normal_(bias_v);
        }

        /// <summary>PyTorch's <c>module(query, key, value, …)</c>; see <see cref="forward"/>.</summary>
        public (Tensor attn_output, Tensor? attn_output_weights) call(Tensor query, Tensor key, Tensor value,
            Tensor? key_padding_mask = null, bool need_weights = true, Tensor? attn_mask = null,
            bool average_attn_weights = true, bool is_causal = false)
            => forward(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights, is_causal);

        /// <summary>
        /// Attention of <paramref name="query"/> (L, N, E) over <paramref name="key"/> (S, N, kdim) and
        /// <paramref name="value"/> (S, N, vdim) ((N, L, E) … with batch_first; unbatched (L, E) …
        /// accepted). <paramref name="key_padding_mask"/> (N, S) and <paramref name="attn_mask"/>
        /// ((L, S) or (N·num_heads, L, S)) are bool (true: not attended) or float (added to the scores).
        /// Returns the output and, with <paramref name="need_weights"/>, the weights.
        /// </summary>
        public (Tensor attn_output, Tensor? attn_output_weights) forward(Tensor query, Tensor key, Tensor value,
            Tensor? key_padding_mask = null, bool need_weights = true, Tensor? attn_mask = null,
            bool average_attn_weights = true, bool is_causal = false)
        {
            ArgumentNullException.ThrowIfNull(query);
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(value);
            bool sameQkv = ReferenceEquals(query, key) && ReferenceEquals(key, value);
            bool sameKv = ReferenceEquals(key, value);
            bool batched = query.dim() == 3;
            if (batch_first && batched)
            {
                // Transposed separately, but the projection still knows which inputs were one tensor.
                query = query.transpose(1, 0);
                key = sameQkv ? query : key.transpose(1, 0);
                value = sameKv ? key : value.transpose(1, 0);
            }
            var (output, weights) = MultiheadAttentionCore.Forward(query, key, value, embed_dim, num_heads, in_proj_weight, in_proj_bias,
                bias_k, bias_v, add_zero_attn, dropout, out_proj.weight, out_proj.bias, training, key_padding_mask, need_weights,
                attn_mask, use_separate_proj_weight: !QkvSameEmbedDim, q_proj_weight, k_proj_weight, v_proj_weight, null, null,
                average_attn_weights, is_causal, sameQkv, sameKv);
            if (batch_first && batched) output = output.transpose(1, 0);
            return (output, weights);
        }
    }

    /// <summary>
    /// PyTorch's <c>NonDynamicallyQuantizableLinear</c>, MultiheadAttention's output projection: a
    /// Linear (same parameters, initialisation and forward) under its own name.
    /// </summary>
    public sealed class NonDynamicallyQuantizableLinear : Linear
    {
        internal NonDynamicallyQuantizableLinear(long in_features, long out_features, bool bias, ScalarType? dtype)
            : base(in_features, out_features, bias, dtype) { }
    }

    /// <summary>torch/nn/functional.py's multi_head_attention_forward (the path that computes the weights), step by step.</summary>
    internal static class MultiheadAttentionCore
    {
        public static (Tensor attn_output, Tensor? attn_output_weights) Forward(
            Tensor query, Tensor key, Tensor value, long embed_dim_to_check, long num_heads,
            Tensor? in_proj_weight, Tensor? in_proj_bias, Tensor? bias_k, Tensor? bias_v, bool add_zero_attn,
            double dropout_p, Tensor out_proj_weight, Tensor? out_proj_bias, bool training,
            Tensor? key_padding_mask, bool need_weights, Tensor? attn_mask,
            bool use_separate_proj_weight, Tensor? q_proj_weight, Tensor? k_proj_weight,
            Tensor? v_proj_weight, Tensor? static_k, Tensor? static_v,
            bool average_attn_weights, bool is_causal, bool sameQkv, bool sameKv)
        {
            ArgumentNullException.ThrowIfNull(query);
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(value);
            ArgumentNullException.ThrowIfNull(out_proj_weight);
            bool batched = ShapeCheck(query, key, value, key_padding_mask, attn_mask, num_heads);
            if (!batched)
            {
                query = query.unsqueeze(1);
                key = sameQkv ? query : key.unsqueeze(1);
                value = sameKv ? key : value.unsqueeze(1);
                key_padding_mask = key_padding_mask?.unsqueeze(0);
            }
            long tgtLen = query.size(0), bsz = query.size(1), embedDim = query.size(2);
            long srcLen = key.size(0);
            key_padding_mask = CanonicalMask(key_padding_mask, "key_padding_mask", query.dtype);
            if (is_causal && attn_mask is null)
                throw new ArgumentException("Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.");
            // is_causal is a hint: the mask given says the same, so it is applied as any other mask.
            attn_mask = CanonicalMask(attn_mask, "attn_mask", query.dtype);

            if (embedDim != embed_dim_to_check)
                throw new ArgumentException($"was expecting embedding dimension of {embed_dim_to_check}, but got {embedDim}");
            long headDim = embedDim / num_heads;
            if (headDim * num_heads != embedDim)
                throw new ArgumentException($"embed_dim {embedDim} not divisible by num_heads {num_heads}");
            if (use_separate_proj_weight)
            {
                if (key.size(0) != value.size(0) || key.size(1) != value.size(1))
                    throw new ArgumentException($"key's sequence and batch dims {Size(key.shape[..2])} do not match value's {Size(value.shape[..2])}");
            }
            else if (!key.shape.AsSpan().SequenceEqual(value.shape))
                throw new ArgumentException($"key shape {Size(key.shape)} does not match value shape {Size(value.shape)}");

            // Input projection.
            Tensor q, k, v;
            if (!use_separate_proj_weight)
            {
                if (in_proj_weight is null) throw new ArgumentException("use_separate_proj_weight is False but in_proj_weight is None");
                (q, k, v) = InProjectionPacked(query, key, value, in_proj_weight, in_proj_bias, sameQkv, sameKv);
            }
            else
            {
                if (q_proj_weight is null) throw new ArgumentException("use_separate_proj_weight is True but q_proj_weight is None");
                if (k_proj_weight is null) throw new ArgumentException("use_separate_proj_weight is True but k_proj_weight is None");
                if (v_proj_weight is null) throw new ArgumentException("use_separate_proj_weight is True but v_proj_weight is None");
                Tensor? bQ = null, bK = null, bV = null;
                if (in_proj_bias is not null)
                    (bQ, bK, bV) = (Part(in_proj_bias, 0, 3, 0), Part(in_proj_bias, 1, 3, 0), Part(in_proj_bias, 2, 3, 0));
                q = torch.nn.functional.linear(query, q_proj_weight, bQ);
                k = torch.nn.functional.linear(key, k_proj_weight, bK);
                v = torch.nn.functional.linear(value, v_proj_weight, bV);
            }

            // The attention mask as (1 or N·heads, L, S).
            if (attn_mask is not null)
            {
                if (attn_mask.dim() == 2)
                {
                    if (attn_mask.size(0) != tgtLen || attn_mask.size(1) != srcLen)
                        throw new ArgumentException($"The shape of the 2D attn_mask is {Size(attn_mask.shape)}, but should be ({tgtLen}, {srcLen}).");
                    attn_mask = attn_mask.unsqueeze(0);
                }
                else if (attn_mask.dim() == 3)
                {
                    long[] expected = [bsz * num_heads, tgtLen, srcLen];
                    if (!attn_mask.shape.AsSpan().SequenceEqual(expected))
                        throw new ArgumentException($"The shape of the 3D attn_mask is {Size(attn_mask.shape)}, but should be ({string.Join(", ", expected)}).");
                }
                else throw new ArgumentException($"attn_mask's dimension {attn_mask.dim()} is not supported");
            }

            // bias_k and bias_v: one more key and value.
            if (bias_k is not null && bias_v is not null)
            {
                if (static_k is not null) throw new ArgumentException("bias cannot be added to static key.");
                if (static_v is not null) throw new ArgumentException("bias cannot be added to static value.");
                k = torch.cat([k, bias_k.expand(1, bsz, bias_k.size(2))]);
                v = torch.cat([v, bias_v.expand(1, bsz, bias_v.size(2))]);
                attn_mask = PadLastByOne(attn_mask);
                key_padding_mask = PadLastByOne(key_padding_mask);
            }
            else if (bias_k is not null || bias_v is not null)
                throw new ArgumentException("bias_k and bias_v must both be given or both be None");

            // Heads: (L, N, E) → (N·heads, L, head_dim).
            q = q.view(tgtLen, bsz * num_heads, headDim).transpose(0, 1);
            if (static_k is null) k = k.view(k.size(0), bsz * num_heads, headDim).transpose(0, 1);
            else
            {
                if (static_k.size(0) != bsz * num_heads) throw new ArgumentException($"expecting static_k.size(0) of {bsz * num_heads}, but got {static_k.size(0)}");
                if (static_k.size(2) != headDim) throw new ArgumentException($"expecting static_k.size(2) of {headDim}, but got {static_k.size(2)}");
                k = static_k;
            }
            if (static_v is null) v = v.view(v.size(0), bsz * num_heads, headDim).transpose(0, 1);
            else
            {
                if (static_v.size(0) != bsz * num_heads) throw new ArgumentException($"expecting static_v.size(0) of {bsz * num_heads}, but got {static_v.size(0)}");
                if (static_v.size(2) != headDim) throw new ArgumentException($"expecting static_v.size(2) of {headDim}, but got {static_v.size(2)}");
                v = static_v;
            }

            if (add_zero_attn)
            {
                k = torch.cat([k, torch.zeros([bsz * num_heads, 1, headDim], k.dtype)], 1);
                v = torch.cat([v, torch.zeros([bsz * num_heads, 1, headDim], v.dtype)], 1);
                attn_mask = PadLastByOne(attn_mask);
                key_padding_mask = PadLastByOne(key_padding_mask);
            }
            srcLen = k.size(1);

            // The key padding mask joins the attention mask, one copy per head.
            if (key_padding_mask is not null)
            {
                if (key_padding_mask.dim() != 2 || key_padding_mask.size(0) != bsz || key_padding_mask.size(1) != srcLen)
                    throw new ArgumentException($"expecting key_padding_mask shape of ({bsz}, {srcLen}), but got {Size(key_padding_mask.shape)}");
                var perHead = key_padding_mask.view(bsz, 1, 1, srcLen).expand(-1, num_heads, -1, -1).reshape(bsz * num_heads, 1, srcLen);
                attn_mask = attn_mask is null ? perHead : attn_mask + perHead;
            }
            if (!training) dropout_p = 0.0;

            // Scores, softmax, dropout, the weighted values.
            var qScaled = q * Math.Sqrt(1.0 / headDim);
            var scores = qScaled.bmm(k.transpose(-2, -1));
            if (attn_mask is not null) scores = attn_mask + scores;
            var weights = torch.nn.functional.softmax(scores, -1);
            if (dropout_p > 0.0) weights = Recurrence.Dropout(weights, dropout_p);
            var output = weights.bmm(v);
            output = output.transpose(0, 1).contiguous().view(tgtLen * bsz, embedDim);
            output = torch.nn.functional.linear(output, out_proj_weight, out_proj_bias);
            output = output.view(tgtLen, bsz, output.size(1));

            Tensor? returnedWeights = null;
            if (need_weights)
            {
                returnedWeights = weights.view(bsz, num_heads, tgtLen, srcLen);
                if (average_attn_weights) returnedWeights = returnedWeights.mean(1);
                if (!batched) returnedWeights = returnedWeights.squeeze(0);
            }
            if (!batched) output = output.squeeze(1);
            return (output, returnedWeights);
        }

        /// <summary>functional.py's _mha_shape_check: whether the query is batched, with PyTorch's messages.</summary>
        private static bool ShapeCheck(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask, Tensor? attnMask, long numHeads)
        {
            if (query.dim() == 3)
            {
                if (key.dim() != 3 || value.dim() != 3)
                    throw new ArgumentException($"For batched (3-D) `query`, expected `key` and `value` to be 3-D but found {key.dim()}-D and {value.dim()}-D tensors respectively");
                if (keyPaddingMask is not null && keyPaddingMask.dim() != 2)
                    throw new ArgumentException($"For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found {keyPaddingMask.dim()}-D tensor instead");
                if (attnMask is not null && attnMask.dim() != 2 && attnMask.dim() != 3)
                    throw new ArgumentException($"For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found {attnMask.dim()}-D tensor instead");
                return true;
            }
            if (query.dim() == 2)
            {
                if (key.dim() != 2 || value.dim() != 2)
                    throw new ArgumentException($"For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found {key.dim()}-D and {value.dim()}-D tensors respectively");
                if (keyPaddingMask is not null && keyPaddingMask.dim() != 1)
                    throw new ArgumentException($"For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but found {keyPaddingMask.dim()}-D tensor instead");
                if (attnMask is not null)
                {
                    if (attnMask.dim() != 2 && attnMask.dim() != 3)
                        throw new ArgumentException($"For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found {attnMask.dim()}-D tensor instead");
                    if (attnMask.dim() == 3)
                    {
                        long[] expected = [numHeads, query.size(0), key.size(0)];
                        if (!attnMask.shape.AsSpan().SequenceEqual(expected))
                            throw new ArgumentException($"Expected `attn_mask` shape to be ({string.Join(", ", expected)}) but got {Size(attnMask.shape)}");
                    }
                }
                return false;
            }
            throw new ArgumentException($"query should be unbatched 2D or batched 3D tensor but received {query.dim()}-D query tensor");
        }

        /// <summary>functional.py's _canonical_mask: a bool mask becomes 0 / −inf in the query's dtype; a float mask stays.</summary>
        private static Tensor? CanonicalMask(Tensor? mask, string name, ScalarType targetType)
        {
            if (mask is null) return null;
            if (mask.dtype == ScalarType.Bool) return torch.zeros_like(mask, targetType).masked_fill_(mask, double.NegativeInfinity);
            if (!mask.is_floating_point()) throw new ArgumentException($"only bool and floating types of {name} are supported");
            return mask;
        }

        /// <summary>functional.py's _in_projection_packed: one product for self-attention, two when key is value, else three.</summary>
        private static (Tensor q, Tensor k, Tensor v) InProjectionPacked(Tensor query, Tensor key, Tensor value, Tensor w, Tensor? b,
            bool sameQkv, bool sameKv)
        {
            if (sameQkv)
            {
                var proj = torch.nn.functional.linear(query, w, b);
                return (Part(proj, 0, 3, -1), Part(proj, 1, 3, -1), Part(proj, 2, 3, -1));
            }
            long e = query.size(-1);
            var q = torch.nn.functional.linear(query, w.narrow(0, 0, e), b?.narrow(0, 0, e));
            if (sameKv)
            {
                var kv = torch.nn.functional.linear(key, w.narrow(0, e, 2 * e), b?.narrow(0, e, 2 * e));
                return (q, Part(kv, 0, 2, -1), Part(kv, 1, 2, -1));
            }
            return (q,
                torch.nn.functional.linear(key, w.narrow(0, e, e), b?.narrow(0, e, e)),
                torch.nn.functional.linear(value, w.narrow(0, 2 * e, e), b?.narrow(0, 2 * e, e)));
        }

        /// <summary>The <paramref name="index"/>-th of <paramref name="count"/> equal chunks along <paramref name="dim"/>, made contiguous.</summary>
        private static Tensor Part(Tensor t, int index, int count, int dim)
        {
            long size = t.size(dim) / count;
            return t.narrow(dim, index * size, size).contiguous();
        }

        /// <summary>F.pad(mask, (0, 1)): one more zero column.</summary>
        private static Tensor? PadLastByOne(Tensor? mask)
        {
            if (mask is null) return null;
            long[] shape = [.. mask.shape[..^1], 1];
            return torch.cat([mask, torch.zeros(shape, mask.dtype)], -1);
        }

        /// <summary>Python's <c>torch.Size([2, 3])</c>.</summary>
        private static string Size(long[] shape)
            => "torch.Size([" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "])";
    }
}
