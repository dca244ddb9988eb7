namespace SharpGrad.Ops;

/// <summary>Basic indexing views (select, slice) and the ops that scatter a view's gradient back
/// into a zero tensor of the base's shape. The two are each other's backward, so indexing stays
/// differentiable to any order.</summary>
internal static class Views
{
    public static Tensor Select(Tensor a, long dim, long index)
    {
        if (a.Sizes.Length == 0) throw new IndexOutOfRangeException("select() cannot be applied to a 0-dim tensor.");
        int d = Tensor.NormalizeDim(dim, a.Sizes.Length);
        int size = a.Sizes[d];
        if (index < -size || index >= size)
            throw new IndexOutOfRangeException($"index {index} is out of bounds for dimension {d} with size {size}");
        int i = (int)(index < 0 ? index + size : index);
        var shape = a.Sizes.Where((_, k) => k != d).ToArray();
        var strides = a.Strides.Where((_, k) => k != d).ToArray();
        var result = Shape.MakeView(a, shape, strides, a.StorageOffset + i * a.Strides[d]);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new SelectBackward0(a, d, i));
        return result;
    }

    internal sealed class SelectBackward0(Tensor a, int dim, int index) : Node([a])
    {
        private readonly int[] _shape = a.Sizes;
        internal override Tensor?[] Apply(Tensor grad)
            => [ScatterIntoZeros(grad, _shape, t => Select(t, dim, index), "SelectBackwardBackward0")];
    }

    /// <summary>a[start:end:step] along <paramref name="dim"/>, with Python's clamping of bounds.</summary>
    public static Tensor Slice(Tensor a, long dim, long? start, long? end, long step = 1)
    {
        if (step <= 0) throw new ArgumentException("slice step must be positive");
        int d = Tensor.NormalizeDim(dim, a.Sizes.Length);
        int size = a.Sizes[d];
        long s = start ?? 0, e = end ?? size;
        if (s < 0) s += size;
        if (e < 0) e += size;
        s = Math.Clamp(s, 0, size);
        e = Math.Clamp(e, s, size);
        int len = (int)((e - s + step - 1) / step);
        var shape = (int[])a.Sizes.Clone();
        var strides = (int[])a.Strides.Clone();
        shape[d] = len;
        strides[d] = a.Strides[d] * (int)step;
        var result = Shape.MakeView(a, shape, strides, a.StorageOffset + (int)s * a.Strides[d]);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new SliceBackward0(a, d, (int)s, (int)e, (int)step));
        return result;
    }

    internal sealed class SliceBackward0(Tensor a, int dim, int start, int end, int step) : Node([a])
    {
        private readonly int[] _shape = a.Sizes;
        internal override Tensor?[] Apply(Tensor grad)
            => [ScatterIntoZeros(grad, _shape, t => Slice(t, dim, start, end, step), "SliceBackwardBackward0")];
    }

    public static Tensor Narrow(Tensor a, long dim, long start, long length)
    {
        int d = Tensor.NormalizeDim(dim, a.Sizes.Length);
        if (start < 0) start += a.Sizes[d];
        if (start < 0 || start + length > a.Sizes[d] || length < 0)
            throw new ArgumentException($"start ({start}) + length ({length}) exceeds dimension size ({a.Sizes[d]}).");
        return Slice(a, d, start, start + length);
    }

    /// <summary>zeros(shape) with <paramref name="view"/>(zeros) set to grad; differentiable, its
    /// backward being the view itself.</summary>
    internal static Tensor ScatterIntoZeros(Tensor grad, int[] shape, Func<Tensor, Tensor> view, string nodeName)
    {
        var result = Tensor.Empty(shape, grad.ElementType);
        using (new GradModeScope(false))
            Copy.Into(grad, view(result));
        if (Autograd.NeedsGrad(grad)) result.SetHistory(new ViewScatterBackward(grad, view, nodeName));
        return result;
    }

    internal sealed class ViewScatterBackward(Tensor grad, Func<Tensor, Tensor> view, string nodeName) : Node([grad])
    {
        public override string name() => nodeName;
        internal override Tensor?[] Apply(Tensor g) => [view(g)];
    }

    // ------------------------------------------------------------------ cat / stack

    public static Tensor Cat(IReadOnlyList<Tensor> tensors, long dim)
    {
        if (tensors.Count == 0) throw new ArgumentException("torch.cat(): expected a non-empty list of Tensors");
        // Legacy rule: 1-D empty tensors are skipped.
        var parts = tensors.Where(t => !(t.Sizes.Length == 1 && t.Sizes[0] == 0)).ToList();
        if (parts.Count == 0) return tensors[0].clone();
        var first = parts[0];
        int rank = first.Sizes.Length;
        if (rank == 0) throw new ArgumentException("zero-dimensional tensor (at position 0) cannot be concatenated");
        int d = Tensor.NormalizeDim(dim, rank);
        var dtype = parts[0].ElementType;
        int total = 0;
        for (int i = 0; i < parts.Count; i++)
        {
            var t = parts[i];
            if (t.Sizes.Length != rank)
                throw new ArgumentException(
                    $"Tensors must have same number of dimensions: got {rank} and {t.Sizes.Length}");
            for (int k = 0; k < rank; k++)
                if (k != d && t.Sizes[k] != first.Sizes[k])
                    throw new ArgumentException(
                        $"Sizes of tensors must match except in dimension {d}. Expected size {first.Sizes[k]} but got size {t.Sizes[k]} for tensor number {tensors.ToList().IndexOf(t)} in the list.");
            dtype = ScalarTypeExtensions.Promote(dtype, t.ElementType);
            total += t.Sizes[d];
        }
        var shape = (int[])first.Sizes.Clone();
        shape[d] = total;
        var result = Tensor.Empty(shape, dtype, uninitialized: true);
        int offset = 0;
        using (new GradModeScope(false))
        {
            foreach (var t in parts)
            {
                Copy.Into(t, Slice(result, d, offset, offset + t.Sizes[d]));
                offset += t.Sizes[d];
            }
        }
        if (Autograd.NeedsGrad(parts.ToArray())) result.SetHistory(new CatBackward0(parts, d));
        return result;
    }

    internal sealed class CatBackward0(List<Tensor> parts, int dim) : Node(parts.ToArray())
    {
        private readonly int[] _sizes = parts.Select(p => p.Sizes[dim]).ToArray();

        internal override Tensor?[] Apply(Tensor grad)
        {
            var grads = new Tensor?[_sizes.Length];
            int offset = 0;
            for (int i = 0; i < _sizes.Length; i++)
            {
                if (NeedsInputGrad(i)) grads[i] = Narrow(grad, dim, offset, _sizes[i]);
                offset += _sizes[i];
            }
            return grads;
        }
    }

    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long dim)
    {
        if (tensors.Count == 0) throw new ArgumentException("stack expects a non-empty TensorList");
        var shape0 = tensors[0].Sizes;
        for (int i = 1; i < tensors.Count; i++)
            if (!Tensor.SameShape(tensors[i].Sizes, shape0))
                throw new ArgumentException(
                    $"stack expects each tensor to be equal size, but got {Tensor.ShapeString(shape0)} at entry 0 and {Tensor.ShapeString(tensors[i].Sizes)} at entry {i}");
        int d = Tensor.NormalizeDim(dim, shape0.Length + 1);
        Tensor result;
        using (new GradModeScope(false))
            result = Cat(tensors.Select(t => Shape.Unsqueeze(t, d)).ToList(), d);
        result.GradFn = null;
        if (Autograd.NeedsGrad(tensors.ToArray())) result.SetHistory(new StackBackward0(tensors, d));
        return result;
    }

    internal sealed class StackBackward0(IReadOnlyList<Tensor> tensors, int dim) : Node(tensors.ToArray())
    {
        internal override Tensor?[] Apply(Tensor grad)
        {
            var grads = new Tensor?[NextEdges.Length];
            for (int i = 0; i < grads.Length; i++)
                if (NeedsInputGrad(i)) grads[i] = Select(grad, dim, i);
            return grads;
        }
    }
}
