namespace SharpGrad;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// Pads <paramref name="input"/>: <paramref name="pad"/> lists (left, right) amounts from the
            /// last dim backwards, as PyTorch's (<c>(1, 1, 2, 0)</c> pads the last dim by 1 on each side
            /// and the one before by 2 at the start). <paramref name="mode"/> is "constant" (with
            /// <paramref name="value"/>, default 0; negative amounts crop), "reflect", "replicate" or
            /// "circular" (the last 1, 2 or 3 dims of a batched or unbatched input).
            /// </summary>
            public static Tensor pad(Tensor input, long[] pad, string mode = "constant", double? value = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(pad);
                ArgumentNullException.ThrowIfNull(mode);
                if (pad.Length % 2 != 0) throw new ArgumentException("Padding length must be divisible by 2");
                int padded = pad.Length / 2, ndim = input.dim();
                if (padded > ndim)
                    throw new ArgumentException($"Padding length should be less than or equal to two times the input dimension but got padding length {pad.Length} and input of dimension {ndim}");
                if (mode == "constant") return ConstantPad(input, pad, value ?? 0.0);
                if (mode is not ("reflect" or "replicate" or "circular"))
                    throw new ArgumentException($"Unrecognised padding mode {mode}");
                if (value is not null && value.Value != 0)
                    throw new ArgumentException($"Padding mode \"{mode}\" doesn't take in value argument.");
                if (!(padded is >= 1 and <= 3 && (ndim == padded + 1 || ndim == padded + 2)))
                    throw new ArgumentException($"Padding size {pad.Length} is not supported for {ndim}D input tensor.");
                var result = input;
                for (int i = 0; i < padded; i++)
                {
                    int dim = ndim - 1 - i;
                    long left = pad[2 * i], right = pad[2 * i + 1], size = input.size(dim);
                    result = result.index_select(dim, SourceIndices(mode, left, right, size, dim, input));
                }
                return result;
            }

            /// <summary>For each output position along one dim, the input position it copies.</summary>
            private static Tensor SourceIndices(string mode, long left, long right, long size, int dim, Tensor input)
            {
                long outSize = size + left + right;
                if (outSize <= 0)
                    throw new ArgumentException($"input tensor size ({size}) plus padding ({left}, {right}) at dimension {dim} gives an output size of {outSize}, which is invalid");
                if (mode == "reflect" && (left >= size || right >= size))
                    throw new ArgumentException($"Argument #4: Padding size should be less than the corresponding input dimension, but got: padding ({left}, {right}) at dimension {dim} of input {Tensor.ShapeString(input.Sizes)}");
                if (mode == "circular" && (left > size || right > size))
                    throw new ArgumentException("Padding value causes wrapping around more than once.");
                var index = new long[outSize];
                for (long j = 0; j < outSize; j++)
                {
                    long i = j - left;
                    index[j] = mode switch
                    {
                        "reflect" => i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i,
                        "replicate" => Math.Clamp(i, 0, size - 1),
                        _ => ((i % size) + size) % size,
                    };
                }
                return torch.tensor(index);
            }

            /// <summary>Constant padding: negative amounts crop (narrow), positive ones add blocks of the value (cat).</summary>
            private static Tensor ConstantPad(Tensor input, long[] pad, double value)
            {
                int ndim = input.dim();
                var result = input;
                for (int i = 0; i < pad.Length / 2; i++)
                {
                    int dim = ndim - 1 - i;
                    long left = pad[2 * i], right = pad[2 * i + 1], size = result.size(dim);
                    if (size + left + right < 0)
                        throw new ArgumentException($"The input size {size}, plus negative padding {left} and {right} resulted in a negative output size, which is invalid. Check dimension {dim} of your input.");
                    long start = Math.Max(-left, 0), length = size - start - Math.Max(-right, 0);
                    if (start != 0 || length != size) result = result.narrow(dim, start, Math.Max(length, 0));
                    var parts = new List<Tensor>(3);
                    if (left > 0) parts.Add(Block(result, dim, left, value));
                    parts.Add(result);
                    if (right > 0) parts.Add(Block(result, dim, right, value));
                    if (parts.Count > 1) result = torch.cat(parts, dim);
                }
                return ReferenceEquals(result, input) ? input.clone() : result;
            }

            private static Tensor Block(Tensor like, int dim, long size, double value)
            {
                var shape = like.shape;
                shape[dim] = size;
                return torch.full(shape, value, like.dtype);
            }
        }
    }
}
