using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// Tensor manipulation: split/chunk/unbind (views sharing one multi-output node), repeat,
/// repeat_interleave, flip, roll, tril/triu, meshgrid, diagonal/diag/trace, outer, addmm/baddbmm,
/// masked_scatter, bincount and histc. Each forward sits next to its backward; the backward
/// formulas are differentiable tensor ops, so second derivatives and forward mode follow.
/// </summary>
internal static class Manipulation
{
    // ------------------------------------------------------------------ split / chunk / unbind

    /// <summary><c>split(split_size, dim)</c>: views of <paramref name="splitSize"/> entries along
    /// dim, the last one shorter when the size does not divide.</summary>
    public static Tensor[] Split(Tensor a, long splitSize, long dim, string nodeName = "SplitBackward0")
    {
        if (a.dim() == 0) throw new ArgumentException("split expects at least a 1-dimensional tensor");
        if (splitSize < 0) throw new ArgumentException($"split expects split_size be non-negative, but got split_size={splitSize}");
        int d = Tensor.NormalizeDim(dim, a.dim());
        int size = a.Sizes[d];
        if (splitSize == 0 && size != 0)
            throw new ArgumentException($"split_size can only be 0 if dimension size is 0, but got dimension size of {size}");
        int count = splitSize == 0 ? 1 : (int)Math.Max(1, (size + splitSize - 1) / splitSize);
        var sizes = new int[count];
        for (int i = 0; i < count; i++) sizes[i] = (int)Math.Min(splitSize, size - splitSize * i);
        return Pieces(a, d, sizes, nodeName);
    }

    /// <summary><c>split(split_sizes, dim)</c>: views of the given lengths along dim.</summary>
    public static Tensor[] SplitWithSizes(Tensor a, long[] splitSizes, long dim)
    {
        if (a.dim() == 0) throw new ArgumentException("split expects at least a 1-dimensional tensor");
        int d = Tensor.NormalizeDim(dim, a.dim());
        int size = a.Sizes[d];
        string list = string.Join(", ", splitSizes);
        if (splitSizes.Any(s => s < 0))
            throw new ArgumentException($"split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[{list}]");
        if (splitSizes.Sum() != size)
            throw new ArgumentException(
                $"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size at dimension {d}), but got split_sizes=[{list}]");
        return Pieces(a, d, splitSizes.Select(s => (int)s).ToArray(), "SplitWithSizesBackward0");
    }

    /// <summary><c>chunk(chunks, dim)</c>: <c>split</c> with ⌈size / chunks⌉ entries per piece.</summary>
    public static Tensor[] Chunk(Tensor a, long chunks, long dim)
    {
        if (a.dim() == 0) throw new ArgumentException("chunk expects at least a 1-dimensional tensor");
        if (chunks <= 0) throw new ArgumentException($"chunk expects `chunks` to be greater than 0, got: {chunks}");
        int d = Tensor.NormalizeDim(dim, a.dim());
        int size = a.Sizes[d];
        long splitSize = (size + chunks - 1) / chunks;
        // An empty dimension keeps the number of chunks (split would give one piece).
        if (splitSize == 0 && size == 0) return SplitWithSizes(a, new long[chunks], d);
        return Split(a, splitSize, d);
    }

    /// <summary><c>unbind(dim)</c>: the slices along dim, as views without that dim.</summary>
    public static Tensor[] Unbind(Tensor a, long dim)
    {
        if (a.dim() == 0) throw new IndexOutOfRangeException("Dimension specified as 0 but tensor has no dimensions");
        int d = Tensor.NormalizeDim(dim, a.dim());
        var pieces = new Tensor[a.Sizes[d]];
        using (new GradModeScope(false))
            for (int i = 0; i < pieces.Length; i++) pieces[i] = Views.Select(a, d, i);
        return RecordPieces(a, pieces, d, "UnbindBackward0", unbind: true);
    }

    private static Tensor[] Pieces(Tensor a, int dim, int[] sizes, string nodeName)
    {
        var pieces = new Tensor[sizes.Length];
        int start = 0;
        using (new GradModeScope(false))
        {
            for (int i = 0; i < sizes.Length; i++)
            {
                pieces[i] = Views.Slice(a, dim, start, start + sizes[i]);
                start += sizes[i];
            }
        }
        return RecordPieces(a, pieces, dim, nodeName, unbind: false);
    }

    private static Tensor[] RecordPieces(Tensor a, Tensor[] pieces, int dim, string nodeName, bool unbind)
    {
        foreach (var p in pieces)
        {
            p.GradFn = null;
            p.Tangent = null;
        }
        if (pieces.Length == 0 || !Autograd.NeedsGrad(a)) return pieces;
        new PiecesBackward(nodeName, a, pieces, dim, unbind).SetHistoryOf(pieces, Enumerable.Repeat(true, pieces.Length).ToArray());
        return pieces;
    }

    /// <summary>
    /// The one node of split's, chunk's or unbind's pieces (PyTorch's SplitBackward0,
    /// SplitWithSizesBackward0, UnbindBackward0): the input's gradient is the pieces' gradients
    /// put back together (cat, or stack for unbind), zeros for a piece that got none.
    /// </summary>
    internal sealed class PiecesBackward(string name, Tensor input, Tensor[] pieces, int dim, bool unbind)
        : MultiOutputNode(name, [input], pieces)
    {
        internal override Tensor?[] ApplyAll(Tensor?[] grads)
        {
            var parts = new Tensor[NumOutputs];
            for (int k = 0; k < parts.Length; k++)
            {
                var (shape, dtype) = OutputMetadata(k);
                parts[k] = (k < grads.Length ? grads[k] : null) ?? Tensor.Empty(shape, dtype);
            }
            if (unbind) return [Views.Stack(parts, dim)];
            // cat skips 1-D empty tensors, which is right here: they hold no gradient.
            return [parts.Length == 1 ? parts[0] : Views.Cat(parts, dim)];
        }
    }

    // ------------------------------------------------------------------ repeat / repeat_interleave

    /// <summary><c>repeat(sizes)</c>: the tensor tiled <c>sizes[i]</c> times along each dim (leading
    /// dims added as needed).</summary>
    public static Tensor Repeat(Tensor a, ReadOnlySpan<long> repeats)
    {
        int n = repeats.Length, rank = a.dim();
        if (n < rank)
            throw new ArgumentException("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
        int lead = n - rank;
        var target = new long[n];
        for (int i = 0; i < n; i++) target[i] = repeats[i] * (i < lead ? 1 : a.Sizes[i - lead]);
        var result = Tensor.Empty(Tensor.ToIntShape(target), a.ElementType, uninitialized: true);
        // Seen as [r0, s0, r1, s1, …], the result is the input broadcast along the r's.
        var split = new int[2 * n];
        var srcStrides = new int[2 * n];
        for (int i = 0; i < n; i++)
        {
            split[2 * i] = (int)repeats[i];
            split[2 * i + 1] = i < lead ? 1 : a.Sizes[i - lead];
            srcStrides[2 * i + 1] = i < lead ? 0 : a.Strides[i - lead];
        }
        if (result.NumelInt > 0)
        {
            var source = new Tensor(a.SharedStorage, split.Select((s, k) => k % 2 == 0 ? 1 : s).ToArray(), srcStrides, a.StorageOffset);
            Copy.Into(source, new Tensor(result.SharedStorage, split, Tensor.ContiguousStrides(split), 0));
        }
        if (Autograd.NeedsGrad(a))
        {
            var sumDims = Enumerable.Range(0, n).Select(i => 2L * i).ToArray();
            result.SetHistory(new UnaryBackward<(long[] split, long[] sumDims, long[] shape)>("RepeatBackward0", a, null,
                (Reduction.ToLong(split), sumDims, Reduction.ToLong(a.Sizes)),
                static (g, _, p) => g.reshape(p.split).sum(p.sumDims).reshape(p.shape)));
        }
        return result;
    }

    /// <summary><c>repeat_interleave(repeats, dim)</c> with an int count: each entry repeated in place
    /// (<paramref name="dim"/> null: of the flattened tensor). Composite, as in PyTorch.</summary>
    public static Tensor RepeatInterleave(Tensor a, long repeats, long? dim)
    {
        if (repeats < 0) throw new ArgumentException("Repeats must be non-negative");
        var input = dim is null ? a.flatten() : a;
        int d = Tensor.NormalizeDim(dim ?? 0, input.dim());
        var sizes = input.shape.ToList();
        sizes.Insert(d + 1, repeats);
        return input.unsqueeze(d + 1).expand([.. sizes]).flatten(d, d + 1);
    }

    /// <summary><c>repeat_interleave(repeats, dim)</c> with a tensor of counts: entry i along dim
    /// repeated repeats[i] times (a 0-dim or one-element repeats applies to every entry); an
    /// index_select, as in PyTorch.</summary>
    public static Tensor RepeatInterleave(Tensor a, Tensor repeats, long? dim)
    {
        var input = dim is null ? a.flatten() : a;
        int d = Tensor.NormalizeDim(dim ?? 0, input.dim());
        long size = input.dim() == 0 ? 1 : input.Sizes[d];
        var counts = repeats;
        if (repeats.dim() == 0 || (repeats.dim() == 1 && repeats.Sizes[0] == 1))
            counts = repeats.reshape(1).expand(size);
        else if (repeats.dim() == 1)
        {
            if (repeats.Sizes[0] != size)
                throw new ArgumentException(
                    $"repeats must have the same size as input along dim, but got repeats.size(0) = {repeats.Sizes[0]} and input.size({d}) = {size}");
        }
        else throw new ArgumentException("repeats must be 0-dim or 1-dim tensor");
        return input.index_select(d, RepeatInterleaveIndices(counts));
    }

    /// <summary><c>torch.repeat_interleave(repeats)</c>: each index i repeated repeats[i] times.</summary>
    public static Tensor RepeatInterleaveIndices(Tensor repeats)
    {
        if (repeats.dim() != 1) throw new ArgumentException("repeat_interleave only accept 1D vector as repeat");
        if (repeats.ElementType != ScalarType.Int64)
            throw new NotSupportedException($"\"repeat_interleave_cpu\" not implemented for '{repeats.ElementType.CTypeName()}'");
        var counts = repeats.ToArray<long>();
        if (counts.Any(c => c < 0)) throw new ArgumentException("repeats can not be negative");
        var indices = new long[counts.Sum()];
        for (int i = 0, k = 0; i < counts.Length; i++)
            for (long r = 0; r < counts[i]; r++) indices[k++] = i;
        return Tensor.FromArray(indices, [indices.Length]);
    }

    // ------------------------------------------------------------------ flip / roll

    /// <summary>A copy of <paramref name="a"/> whose index along each dim maps through
    /// <paramref name="map"/> (dim, size, i) → source index.</summary>
    private static Tensor Remap(Tensor a, Func<int, int, int, int> map)
    {
        int rank = a.dim();
        var offsets = new int[rank][];
        for (int d = 0; d < rank; d++)
        {
            offsets[d] = new int[Math.Max(a.Sizes[d], 1)];
            for (int i = 0; i < a.Sizes[d]; i++) offsets[d][i] = map(d, a.Sizes[d], i) * a.Strides[d];
        }
        var result = Tensor.Empty(a.Sizes, a.ElementType, uninitialized: true);
        switch (a.ElementType)
        {
            case ScalarType.Float32: ManipulationKernels.RemapCopy(a.Data<float>(), a.StorageOffset, a.Sizes, offsets, result.ContiguousSpan<float>()); break;
            case ScalarType.Float64: ManipulationKernels.RemapCopy(a.Data<double>(), a.StorageOffset, a.Sizes, offsets, result.ContiguousSpan<double>()); break;
            case ScalarType.Int64: ManipulationKernels.RemapCopy(a.Data<long>(), a.StorageOffset, a.Sizes, offsets, result.ContiguousSpan<long>()); break;
            case ScalarType.Bool: ManipulationKernels.RemapCopy(a.Data<bool>(), a.StorageOffset, a.Sizes, offsets, result.ContiguousSpan<bool>()); break;
            default: throw new NotSupportedException($"SharpGrad's flip and roll do not support dtype {a.ElementType}");
        }
        GC.KeepAlive(a);
        return result;
    }

    /// <summary><c>flip(dims)</c>: a copy with the order of entries reversed along each of dims.</summary>
    public static Tensor Flip(Tensor a, ReadOnlySpan<long> dims)
    {
        var flipped = new bool[Math.Max(a.dim(), 1)];
        foreach (var dim in dims)
        {
            int d = Tensor.NormalizeDim(dim, a.dim());
            if (flipped[d]) throw new ArgumentException($"dim {d} appears multiple times in the list of dims");
            flipped[d] = true;
        }
        var result = Remap(a, (d, size, i) => flipped[d] ? size - 1 - i : i);
        if (Autograd.NeedsGrad(a))
            result.SetHistory(new UnaryBackward<long[]>("FlipBackward0", a, null, dims.ToArray(), static (g, _, dims) => g.flip(dims)));
        return result;
    }

    /// <summary><c>roll(shifts, dims)</c>: entries shifted cyclically along each dim; with no dims,
    /// along the flattened tensor.</summary>
    public static Tensor Roll(Tensor a, long[] shifts, long[] dims)
    {
        if (dims.Length == 0 && shifts.Length == 1) return Roll(a.flatten(), shifts, [0]).view(a.shape);
        if (shifts.Length != dims.Length)
            throw new ArgumentException($"shifts and dimensions must align. shifts: {shifts.Length}, dims:{dims.Length}");
        var shift = new long[Math.Max(a.dim(), 1)];
        for (int k = 0; k < dims.Length; k++) shift[Tensor.NormalizeDim(dims[k], a.dim())] += shifts[k];
        var result = Remap(a, (d, size, i) => (int)(((i - shift[d]) % size + size) % size));
        if (Autograd.NeedsGrad(a))
            result.SetHistory(new UnaryBackward<(long[] shifts, long[] dims)>("RollBackward0", a, null,
                (shifts.Select(s => -s).ToArray(), dims), static (g, _, p) => g.roll(p.shifts, p.dims)));
        return result;
    }

    // ------------------------------------------------------------------ tril / triu

    /// <summary><c>tril(diagonal)</c> (<paramref name="lower"/>) or <c>triu(diagonal)</c>: the
    /// entries on and below (above) the given diagonal of the last two dims; zeros elsewhere.</summary>
    public static Tensor Triangle(Tensor a, long diagonal, bool lower)
    {
        string name = lower ? "tril" : "triu";
        if (a.dim() < 2) throw new ArgumentException($"{name}: input tensor must have at least 2 dimensions");
        int rows = a.Sizes[^2], cols = a.Sizes[^1];
        var keep = new bool[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                keep[i * cols + j] = lower ? j - i <= diagonal : j - i >= diagonal;
        Tensor result;
        using (new GradModeScope(false))
            result = Selection.Where(Tensor.FromArray(keep, [rows, cols]), a, Tensor.Empty([], a.ElementType));
        result.GradFn = null;
        result.Tangent = null;
        if (Autograd.NeedsGrad(a))
            result.SetHistory(lower
                ? new UnaryBackward<long>("TrilBackward0", a, null, diagonal, static (g, _, k) => g.tril(k))
                : new UnaryBackward<long>("TriuBackward0", a, null, diagonal, static (g, _, k) => g.triu(k)));
        return result;
    }

    // ------------------------------------------------------------------ meshgrid

    /// <summary><c>meshgrid(tensors, indexing)</c>: each 0-D or 1-D input expanded (a view) over the
    /// grid of all inputs' sizes; "xy" swaps the first two inputs (Cartesian indexing).</summary>
    public static Tensor[] Meshgrid(IReadOnlyList<Tensor> tensors, string indexing)
    {
        if (tensors.Count == 0) throw new ArgumentException("meshgrid expects a non-empty TensorList");
        if (indexing is not ("ij" or "xy"))
            throw new ArgumentException($"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}");
        foreach (var t in tensors)
        {
            if (t.dim() > 1)
                throw new ArgumentException($"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}");
            if (t.ElementType != tensors[0].ElementType)
                throw new ArgumentException("meshgrid expects all tensors to have the same dtype");
        }
        var inputs = tensors.ToArray();
        bool swap = indexing == "xy" && inputs.Length >= 2;
        if (swap) (inputs[0], inputs[1]) = (inputs[1], inputs[0]);
        var shape = inputs.Select(t => t.numel()).ToArray();
        var grids = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var viewShape = Enumerable.Repeat(1L, inputs.Length).ToArray();
            viewShape[i] = -1;
            grids[i] = inputs[i].view(viewShape).expand(shape);
        }
        if (swap) (grids[0], grids[1]) = (grids[1], grids[0]);
        return grids;
    }

    // ------------------------------------------------------------------ diagonal / diag / trace

    /// <summary><c>diagonal(offset, dim1, dim2)</c>: a view of the diagonal of the (dim1, dim2) planes,
    /// as a new last dim.</summary>
    public static Tensor Diagonal(Tensor a, long offset, long dim1, long dim2)
    {
        int n = a.dim();
        int d1 = Tensor.NormalizeDim(dim1, n), d2 = Tensor.NormalizeDim(dim2, n);
        if (d1 == d2) throw new ArgumentException($"Diagonal dimensions cannot be identical {dim1}, {dim2}");
        int s1 = a.Sizes[d1], s2 = a.Sizes[d2];
        int length = (int)Math.Max(0, offset >= 0 ? Math.Min(s1, s2 - offset) : Math.Min(s1 + offset, s2));
        int start = a.StorageOffset;
        if (length > 0) start += (int)(offset >= 0 ? offset * a.Strides[d2] : -offset * a.Strides[d1]);
        var shape = new List<int>();
        var strides = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (i == d1 || i == d2) continue;
            shape.Add(a.Sizes[i]);
            strides.Add(a.Strides[i]);
        }
        shape.Add(length);
        strides.Add(a.Strides[d1] + a.Strides[d2]);
        var result = Shape.MakeView(a, [.. shape], [.. strides], start);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new DiagonalBackward0(a, (int)offset, d1, d2));
        return result;
    }

    /// <summary>diagonal_backward: zeros of the input's shape with the gradient on the diagonal.</summary>
    internal sealed class DiagonalBackward0(Tensor a, int offset, int dim1, int dim2) : Node([a])
    {
        private readonly int[] _shape = a.Sizes;
        internal override Tensor?[] Apply(Tensor grad)
            => [Views.ScatterIntoZeros(grad, _shape, t => Diagonal(t, offset, dim1, dim2), "DiagonalBackwardBackward0")];
    }

    /// <summary><c>diag(diagonal)</c>: a 1-D tensor's square matrix with it on the given diagonal,
    /// or a copy of a matrix's diagonal.</summary>
    public static Tensor Diag(Tensor a, long diagonal)
    {
        if (a.dim() == 2) return Diagonal(a, diagonal, 0, 1).clone();
        if (a.dim() != 1) throw new ArgumentException($"diag(): Supports 1D or 2D tensors. Got {a.dim()}D");
        int n = a.Sizes[0] + (int)Math.Abs(diagonal);
        int k = (int)diagonal;
        // diag_embed: zeros with the vector on the diagonal; its backward takes the diagonal back.
        return Views.ScatterIntoZeros(a, [n, n], t => Diagonal(t, k, 0, 1), "DiagEmbedBackward0");
    }

    /// <summary><c>trace()</c>: the sum of a matrix's diagonal.</summary>
    public static Tensor Trace(Tensor a)
    {
        if (a.dim() != 2) throw new ArgumentException($"Expected a matrix, but got tensor with ndim == {a.dim()}");
        Tensor result;
        using (new GradModeScope(false))
            result = Reduction.Sum(Diagonal(a, 0, 0, 1), null, false, null);
        result.GradFn = null;
        result.Tangent = null;
        if (Autograd.NeedsGrad(a))
            result.SetHistory(new UnaryBackward<int[]>("TraceBackward0", a, null, a.Sizes,
                static (g, _, shape) => Views.ScatterIntoZeros(g.expand(Math.Min(shape[0], shape[1])), shape,
                    static t => Diagonal(t, 0, 0, 1), "DiagonalBackwardBackward0")));
        return result;
    }

    // ------------------------------------------------------------------ outer / addmm / baddbmm

    /// <summary><c>outer(vec2)</c>: the outer product of two vectors (composite, as in PyTorch).</summary>
    public static Tensor Outer(Tensor a, Tensor b)
    {
        if (a.dim() != 1) throw new ArgumentException($"outer: Expected 1-D argument self, but got {a.dim()}-D");
        if (b.dim() != 1) throw new ArgumentException($"outer: Expected 1-D argument vec2, but got {b.dim()}-D");
        return a.reshape(-1, 1) * b;
    }

    /// <summary><c>addmm(input, mat1, mat2, beta, alpha)</c>: beta·input + alpha·(mat1 @ mat2), input
    /// broadcast to the product's shape (ignored, NaN and all, when beta is 0).</summary>
    public static Tensor Addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha)
    {
        if (mat1.dim() != 2) throw new ArgumentException($"mat1 must be a matrix, got {mat1.dim()}-D tensor");
        if (mat2.dim() != 2) throw new ArgumentException($"mat2 must be a matrix, got {mat2.dim()}-D tensor");
        return AddProduct("AddmmBackward0", input, mat1, mat2, beta, alpha, [mat1.Sizes[0], mat2.Sizes[1]],
            static (a, b) => LinearAlgebra.Mm(a, b),
            static (g, b) => g.mm(b.t()), static (a, g) => a.t().mm(g));
    }

    /// <summary><c>baddbmm(input, batch1, batch2, beta, alpha)</c>: beta·input + alpha·bmm(batch1, batch2).</summary>
    public static Tensor Baddbmm(Tensor input, Tensor batch1, Tensor batch2, double beta, double alpha)
    {
        if (batch1.dim() != 3) throw new ArgumentException("batch1 must be a 3D tensor");
        if (batch2.dim() != 3) throw new ArgumentException("batch2 must be a 3D tensor");
        return AddProduct("BaddbmmBackward0", input, batch1, batch2, beta, alpha, [batch1.Sizes[0], batch1.Sizes[1], batch2.Sizes[2]],
            static (a, b) => LinearAlgebra.Bmm(a, b),
            static (g, b) => g.bmm(b.transpose(1, 2)), static (a, g) => a.transpose(1, 2).bmm(g));
    }

    private static Tensor AddProduct(string name, Tensor input, Tensor a, Tensor b, double beta, double alpha, long[] shape,
        Func<Tensor, Tensor, Tensor> product, Func<Tensor, Tensor, Tensor> gradA, Func<Tensor, Tensor, Tensor> gradB)
    {
        Tensor result;
        using (new GradModeScope(false))
        {
            var bias = Shape.Expand(input, shape);
            var dtype = a.ElementType;
            if (a.dim() == 2 && alpha == 1 && beta != 0 && dtype is ScalarType.Float32 or ScalarType.Float64
                && b.ElementType == dtype && input.ElementType == dtype && a.Sizes[1] == b.Sizes[0] && a.NumelInt > 0 && b.NumelInt > 0)
            {
                // addmm as BLAS does it: the GEMM adds the product straight onto beta·input (one
                // pass over the result, no product buffer).
                result = Tensor.Empty(Tensor.ToIntShape(shape), dtype, uninitialized: true);
                Copy.Into(beta == 1 ? bias : bias * beta, result);
                LinearAlgebra.MatMulAccumulate(a, b, result);
                GC.KeepAlive(a);
                GC.KeepAlive(b);
            }
            else
            {
                result = product(a, b);
                if (alpha != 1) result = result * alpha;
                if (beta != 0) result = Arithmetic.Add(result, beta == 1 ? bias : bias * beta);
                else if (bias.ElementType != result.ElementType) result = result.to(Tensor.ResultType(result, bias));
            }
        }
        result.GradFn = null;
        result.Tangent = null;
        if (Autograd.NeedsGrad([input, a, b]))
            result.SetHistory(new AddProductBackward(name, input, a, b, beta, alpha, gradA, gradB));
        return result;
    }

    /// <summary>addmm's and baddbmm's node: input: beta·grad summed to its shape; mat1:
    /// alpha·(grad @ mat2ᵀ); mat2: alpha·(mat1ᵀ @ grad). Each operand is saved only when the
    /// other needs a gradient.</summary>
    internal sealed class AddProductBackward : NamedNode
    {
        private readonly double _beta, _alpha;
        private readonly int[] _inputShape;
        private readonly bool _matrices;
        private readonly Func<Tensor, Tensor, Tensor> _gradA, _gradB;

        public AddProductBackward(string name, Tensor input, Tensor a, Tensor b, double beta, double alpha,
            Func<Tensor, Tensor, Tensor> gradA, Func<Tensor, Tensor, Tensor> gradB) : base(name, [input, a, b])
        {
            _beta = beta;
            _alpha = alpha;
            _inputShape = input.Sizes;
            _matrices = a.dim() == 2;
            _gradA = gradA;
            _gradB = gradB;
            SaveForBackward(NeedsInputGrad(2) ? a : null, NeedsInputGrad(1) ? b : null);
        }

        /// <summary>addmm (alpha 1) may write a leaf operand's gradient straight from the GEMM, as
        /// mm does: <c>linear</c>'s weight, reached through <c>w.t()</c>.</summary>
        internal override bool AccumulatesDirectly => _matrices && _alpha == 1;

        internal override Tensor?[] Apply(Tensor grad) =>
        [
            NeedsInputGrad(0) ? Scale(grad, _beta).SumToShape(_inputShape) : null,
            NeedsInputGrad(1)
                ? AccumulatesDirectly ? LinearAlgebra.MmUnlessAddedToLeafGrad(this, 1, grad, Saved(1).t()) : Scale(_gradA(grad, Saved(1)), _alpha)
                : null,
            NeedsInputGrad(2)
                ? AccumulatesDirectly ? LinearAlgebra.MmUnlessAddedToLeafGrad(this, 2, Saved(0).t(), grad) : Scale(_gradB(Saved(0), grad), _alpha)
                : null,
        ];

        private static Tensor Scale(Tensor t, double factor) => factor == 1 ? t : t * factor;
    }

    // ------------------------------------------------------------------ masked_scatter

    /// <summary><c>masked_scatter(mask, source)</c>: a copy of self (broadcast with mask) whose
    /// masked positions take source's elements in order.</summary>
    public static Tensor MaskedScatter(Tensor self, Tensor mask, Tensor source)
    {
        if (mask.ElementType != ScalarType.Bool)
            throw new ArgumentException($"masked_scatter_ only supports boolean masks, but got mask with dtype {mask.ElementType.CTypeName()}");
        if (source.ElementType != self.ElementType)
            throw new ArgumentException(
                $"masked_scatter: expected self and source to have same dtypes but got{self.ElementType.CTypeName()} and {source.ElementType.CTypeName()}");
        var shape = Tensor.BroadcastShapes(self.Sizes, mask.Sizes);
        var fullMask = Tensor.Empty(shape, ScalarType.Bool, uninitialized: true);
        Copy.Into(mask, fullMask);
        var positions = Indexing.Nonzero(fullMask);
        int count = positions.Length == 0 ? (fullMask.ContiguousSpan<bool>()[0] ? 1 : 0) : positions[0].NumelInt;
        if (source.NumelInt < count) throw new ArgumentException("Number of elements of source < number of ones in mask");
        var result = Tensor.Empty(shape, self.ElementType, uninitialized: true);
        Copy.Into(self, result);
        if (count > 0)
        {
            using (new GradModeScope(false))
            {
                var values = Shape.Reshape(source, [-1]).narrow(0, 0, count);
                if (shape.Length == 0) Copy.Into(values.reshape(), result);
                else Indexing.IndexPutInto(result, positions, values, accumulate: false);
            }
        }
        if (Autograd.NeedsGrad(self, source)) result.SetHistory(new MaskedScatterBackward0(self, fullMask, source));
        GC.KeepAlive(fullMask);
        return result;
    }

    /// <summary>self: grad.masked_fill(mask, 0); source: grad.masked_select(mask), zero-padded to
    /// source's size (masked_scatter_backward).</summary>
    internal sealed class MaskedScatterBackward0 : Node
    {
        private readonly int[] _selfShape, _sourceShape;

        public MaskedScatterBackward0(Tensor self, Tensor mask, Tensor source) : base([self, source])
        {
            _selfShape = self.Sizes;
            _sourceShape = source.Sizes;
            SaveForBackward(mask);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var mask = Saved(0);
            Tensor? gradSelf = NeedsInputGrad(0) ? grad.masked_fill(mask, 0.0).SumToShape(_selfShape) : null;
            Tensor? gradSource = null;
            if (NeedsInputGrad(1))
            {
                var selected = grad.masked_select(mask);
                int missing = Tensor.Numel(_sourceShape) - selected.NumelInt;
                if (missing > 0) selected = Views.Cat([selected, Tensor.Empty([missing], grad.ElementType)], 0);
                gradSource = selected.view(Reduction.ToLong(_sourceShape));
            }
            return [gradSelf, gradSource];
        }
    }

    // ------------------------------------------------------------------ bincount / histc

    /// <summary><c>bincount(weights, minlength)</c>: how often each value of a 1-D non-negative int
    /// tensor occurs (or the sum of its weights): int64, or float32 for float32 weights and
    /// float64 for any other weights. Not differentiable.</summary>
    public static Tensor Bincount(Tensor input, Tensor? weights, long minlength)
    {
        if (input.ElementType != ScalarType.Int64)
            throw new NotSupportedException($"\"bincount_cpu\" not implemented for '{input.ElementType.CTypeName()}'");
        if (minlength < 0) throw new ArgumentException("minlength should be >= 0");
        if (input.dim() == 1 && input.NumelInt == 0) return Tensor.Empty([(int)minlength], ScalarType.Int64);
        var values = Copy.Contiguous(input);
        var span = values.ContiguousSpan<long>();
        long max = -1;
        foreach (var v in span)
        {
            if (v < 0) { max = -2; break; }
            max = Math.Max(max, v);
        }
        if (input.dim() != 1 || max < 0) throw new ArgumentException("bincount only supports 1-d non-negative integral inputs.");
        if (weights is not null && (weights.dim() != 1 || weights.Sizes[0] != input.Sizes[0]))
            throw new ArgumentException("weights should be 1-d and have the same length as input");
        int bins = (int)Math.Max(max + 1, minlength);
        Tensor result;
        if (weights is null)
        {
            result = Tensor.Empty([bins], ScalarType.Int64);
            ManipulationKernels.Bincount<long>(span, default, weighted: false, result.ContiguousSpan<long>());
        }
        else if (weights.ElementType == ScalarType.Float32)
        {
            result = Tensor.Empty([bins], ScalarType.Float32);
            var w = Copy.Contiguous(weights);
            ManipulationKernels.Bincount<float>(span, w.ContiguousSpan<float>(), weighted: true, result.ContiguousSpan<float>());
            GC.KeepAlive(w);
        }
        else
        {
            result = Tensor.Empty([bins], ScalarType.Float64);
            var w = Copy.Contiguous(weights.ToDTypeIfNeeded(ScalarType.Float64));
            ManipulationKernels.Bincount<double>(span, w.ContiguousSpan<double>(), weighted: true, result.ContiguousSpan<double>());
            GC.KeepAlive(w);
        }
        GC.KeepAlive(values);
        return result;
    }

    /// <summary><c>histc(bins, min, max)</c>: a histogram of equal-width bins over [min, max] (the
    /// data's range when min == max), in the input's dtype. Not differentiable.</summary>
    public static Tensor Histc(Tensor input, long bins, double min, double max)
    {
        if (input.ElementType is not (ScalarType.Float32 or ScalarType.Float64))
            throw new NotSupportedException($"\"histogram_cpu\" not implemented for '{input.ElementType.CTypeName()}'");
        if (bins <= 0) throw new ArgumentException($"torch.histogram(): bins must be > 0, but got {bins} for dimension 0");
        double lo = min, hi = max;
        if (lo == hi && input.NumelInt > 0)
        {
            using (new GradModeScope(false))
            {
                lo = input.min().item<double>();
                hi = input.max().item<double>();
            }
        }
        if (lo == hi)
        {
            lo -= 1;
            hi += 1;
        }
        if (double.IsInfinity(lo) || double.IsInfinity(hi) || double.IsNaN(lo) || double.IsNaN(hi))
            throw new ArgumentException(
                $"torch.histc: range of [{lo.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {hi.ToString(System.Globalization.CultureInfo.InvariantCulture)}] is not finite");
        if (lo > hi) throw new ArgumentException("torch.histc: max must be larger than min");
        var result = Tensor.Empty([(int)bins], input.ElementType);
        var values = Copy.Contiguous(input);
        if (input.ElementType == ScalarType.Float32)
            ManipulationKernels.Histc(values.ContiguousSpan<float>(), (float)lo, (float)hi, result.ContiguousSpan<float>());
        else
            ManipulationKernels.Histc(values.ContiguousSpan<double>(), lo, hi, result.ContiguousSpan<double>());
        GC.KeepAlive(values);
        return result;
    }
}
