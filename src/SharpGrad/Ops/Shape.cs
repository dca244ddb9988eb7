namespace SharpGrad.Ops;

/// <summary>Views and shape changes. Views share storage; each records how to map the gradient back.</summary>
internal static class Shape
{
    /// <summary>A view of <paramref name="a"/> with new geometry over the same storage.</summary>
    internal static Tensor MakeView(Tensor a, int[] shape, int[] strides, int offset)
    {
        var v = new Tensor(a.SharedStorage, shape, strides, offset) { ViewBase = a.ViewBase ?? a };
        return v;
    }

    /// <summary>Resolves one -1 in a requested shape, with PyTorch's messages.</summary>
    internal static int[] InferShape(ReadOnlySpan<long> requested, int numel)
    {
        var shape = new int[requested.Length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < requested.Length; i++)
        {
            if (requested[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException("only one dimension can be inferred");
                infer = i;
            }
            else if (requested[i] < 0) throw new ArgumentException($"invalid shape dimension {requested[i]}");
            else { shape[i] = (int)requested[i]; known *= requested[i]; }
        }
        if (infer >= 0)
        {
            if (known == 0 || numel % known != 0)
                throw new ArgumentException($"shape '[{string.Join(", ", requested.ToArray())}]' is invalid for input of size {numel}");
            shape[infer] = (int)(numel / known);
        }
        else if (known != numel)
            throw new ArgumentException($"shape '[{string.Join(", ", requested.ToArray())}]' is invalid for input of size {numel}");
        return shape;
    }

    /// <summary>Strides for viewing <paramref name="a"/> as <paramref name="shape"/> without copying, or null
    /// (PyTorch's computeStride: each run of merged input dims must be contiguous).</summary>
    internal static int[]? ViewStrides(Tensor a, int[] shape)
    {
        if (a.IsContiguous) return Tensor.ContiguousStrides(shape);
        var oldShape = a.Sizes;
        var oldStrides = a.Strides;
        var newStrides = new int[shape.Length];
        if (a.NumelInt == 0) return Tensor.ContiguousStrides(shape);
        int viewD = shape.Length - 1;
        long chunkBase = oldStrides.Length > 0 ? oldStrides[^1] : 1;
        long tensorNumel = 1, viewNumel = 1;
        for (int tensorD = oldShape.Length - 1; tensorD >= 0; tensorD--)
        {
            tensorNumel *= oldShape[tensorD];
            if (tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBase))
            {
                while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] == 1))
                {
                    newStrides[viewD] = (int)(viewNumel * chunkBase);
                    viewNumel *= shape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (tensorD > 0)
                {
                    chunkBase = oldStrides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    public static Tensor View(Tensor a, ReadOnlySpan<long> requested)
    {
        var shape = InferShape(requested, a.NumelInt);
        var strides = ViewStrides(a, shape) ?? throw new InvalidOperationException(
            "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
        var result = MakeView(a, shape, strides, a.StorageOffset);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new ReshapeBackward("ViewBackward0", a));
        return result;
    }

    public static Tensor Reshape(Tensor a, ReadOnlySpan<long> requested)
    {
        var shape = InferShape(requested, a.NumelInt);
        if (ViewStrides(a, shape) is { } strides)
        {
            var view = MakeView(a, shape, strides, a.StorageOffset);
            if (Autograd.NeedsGrad(a)) view.SetHistory(new ReshapeBackward("ViewBackward0", a));
            return view;
        }
        var copy = Clone(a);
        var result = MakeView(copy, shape, Tensor.ContiguousStrides(shape), 0);
        result.ViewBase = null;
        if (Autograd.NeedsGrad(a)) result.SetHistory(new ReshapeBackward("UnsafeViewBackward0", copy));
        return result;
    }

    public static Tensor Clone(Tensor a)
    {
        var result = Tensor.Empty(a.Sizes, a.ElementType, uninitialized: true);
        Copy.Into(a, result);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new CloneBackward0(a));
        return result;
    }

    internal sealed class CloneBackward0(Tensor a) : Node([a])
    {
        internal override Tensor?[] Apply(Tensor grad) => [grad];
    }

    public static Tensor Contiguous(Tensor a) => a.IsContiguous ? a : Clone(a);

    public static Tensor Expand(Tensor a, ReadOnlySpan<long> sizes)
    {
        int n = sizes.Length;
        if (n < a.Sizes.Length)
            throw new ArgumentException(
                $"expand(torch.FloatTensor{{{string.Join(", ", a.Sizes)}}}, size=[{string.Join(", ", sizes.ToArray())}]): the number of sizes provided ({n}) must be greater or equal to the number of dimensions in the tensor ({a.Sizes.Length})");
        var shape = new int[n];
        var strides = new int[n];
        int lead = n - a.Sizes.Length;
        for (int i = 0; i < n; i++)
        {
            long want = sizes[i];
            if (i < lead)
            {
                if (want < 0) throw new ArgumentException($"The expanded size of the tensor ({want}) isn't allowed in a leading, non-existing dimension {i}");
                shape[i] = (int)want;
                strides[i] = 0;
                continue;
            }
            int have = a.Sizes[i - lead];
            if (want == -1) want = have;
            if (have == want) { shape[i] = have; strides[i] = a.Strides[i - lead]; }
            else if (have == 1) { shape[i] = (int)want; strides[i] = 0; }
            else throw new ArgumentException(
                $"The expanded size of the tensor ({want}) must match the existing size ({have}) at non-singleton dimension {i}.  Target sizes: [{string.Join(", ", sizes.ToArray())}].  Tensor sizes: [{string.Join(", ", a.Sizes)}]");
        }
        if (Tensor.SameShape(shape, a.Sizes) && !Autograd.NeedsGrad(a)) return a;
        var result = MakeView(a, shape, strides, a.StorageOffset);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new ExpandBackward0(a));
        return result;
    }

    internal sealed class ExpandBackward0(Tensor a) : Node([a])
    {
        private readonly int[] _shape = a.Sizes;
        internal override Tensor?[] Apply(Tensor grad) => [grad.SumToShape(_shape)];
    }

    public static Tensor Permute(Tensor a, ReadOnlySpan<long> dims)
    {
        int n = a.Sizes.Length;
        if (dims.Length != n)
            throw new ArgumentException(
                $"permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = {n} is not equal to len(dims) = {dims.Length}".Replace("permute(sparse_coo)", "permute"));
        var shape = new int[n];
        var strides = new int[n];
        var seen = new bool[n];
        var perm = new int[n];
        for (int i = 0; i < n; i++)
        {
            int d = Tensor.NormalizeDim(dims[i], n);
            if (seen[d]) throw new ArgumentException("permute(): duplicate dims are not allowed.");
            seen[d] = true;
            perm[i] = d;
            shape[i] = a.Sizes[d];
            strides[i] = a.Strides[d];
        }
        var result = MakeView(a, shape, strides, a.StorageOffset);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new PermuteBackward0(a, perm));
        return result;
    }

    internal sealed class PermuteBackward0(Tensor a, int[] perm) : Node([a])
    {
        internal override Tensor?[] Apply(Tensor grad)
        {
            var inverse = new long[perm.Length];
            for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
            return [grad.permute(inverse)];
        }
    }

    public static Tensor Transpose(Tensor a, long dim0, long dim1, bool isT = false)
    {
        int n = a.Sizes.Length;
        if (n == 0)
        {
            Tensor.NormalizeDim(dim0, 0);
            Tensor.NormalizeDim(dim1, 0);
            var scalarView = MakeView(a, a.Sizes, a.Strides, a.StorageOffset);
            if (Autograd.NeedsGrad(a)) scalarView.SetHistory(isT ? new TBackward0(a) : new TransposeBackward0(a, 0, 0));
            return scalarView;
        }
        int d0 = Tensor.NormalizeDim(dim0, n), d1 = Tensor.NormalizeDim(dim1, n);
        var shape = (int[])a.Sizes.Clone();
        var strides = (int[])a.Strides.Clone();
        (shape[d0], shape[d1]) = (shape[d1], shape[d0]);
        (strides[d0], strides[d1]) = (strides[d1], strides[d0]);
        var result = MakeView(a, shape, strides, a.StorageOffset);
        if (Autograd.NeedsGrad(a)) result.SetHistory(isT ? new TBackward0(a) : new TransposeBackward0(a, d0, d1));
        return result;
    }

    internal sealed class TransposeBackward0(Tensor a, int d0, int d1) : Node([a])
    {
        internal override Tensor?[] Apply(Tensor grad) => [grad.transpose(d0, d1)];
    }

    internal sealed class TBackward0(Tensor a) : Node([a])
    {
        private readonly bool _isMatrix = a.Sizes.Length == 2;
        internal override bool IsMatrixTranspose => _isMatrix;
        internal override Tensor?[] Apply(Tensor grad) => [grad.t()];
    }

    public static Tensor T(Tensor a)
    {
        if (a.Sizes.Length > 2)
            throw new ArgumentException($"t() expects a tensor with <= 2 dimensions, but self is {a.Sizes.Length}D");
        if (a.Sizes.Length < 2)
        {
            var v = MakeView(a, a.Sizes, a.Strides, a.StorageOffset);
            if (Autograd.NeedsGrad(a)) v.SetHistory(new TBackward0(a));
            return v;
        }
        return Transpose(a, 0, 1, isT: true);
    }

    public static Tensor Unsqueeze(Tensor a, long dim)
    {
        int n = a.Sizes.Length;
        int d = Tensor.NormalizeDim(dim, n + 1);
        var shape = new int[n + 1];
        var strides = new int[n + 1];
        for (int i = 0, j = 0; i <= n; i++)
        {
            if (i == d)
            {
                shape[i] = 1;
                strides[i] = j < n ? a.Sizes[j] * a.Strides[j] : 1;
                continue;
            }
            shape[i] = a.Sizes[j];
            strides[i] = a.Strides[j];
            j++;
        }
        var result = MakeView(a, shape, strides, a.StorageOffset);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new ReshapeBackward("UnsqueezeBackward0", a));
        return result;
    }

    public static Tensor Squeeze(Tensor a, long? dim)
    {
        int n = a.Sizes.Length;
        var keep = new List<int>();
        int only = dim is { } dd ? Tensor.NormalizeDim(dd, n) : -1;
        for (int i = 0; i < n; i++)
        {
            bool drop = a.Sizes[i] == 1 && (dim is null || i == only);
            if (!drop) keep.Add(i);
        }
        var shape = keep.Select(i => a.Sizes[i]).ToArray();
        var strides = keep.Select(i => a.Strides[i]).ToArray();
        var result = MakeView(a, shape, strides, a.StorageOffset);
        if (Autograd.NeedsGrad(a)) result.SetHistory(new ReshapeBackward(dim is null ? "SqueezeBackward0" : "SqueezeBackward1", a));
        return result;
    }

    public static Tensor Flatten(Tensor a, long startDim, long endDim)
    {
        int n = a.Sizes.Length;
        if (n == 0) return Reshape(a, [1]);
        int s = Tensor.NormalizeDim(startDim, n), e = Tensor.NormalizeDim(endDim, n);
        if (s > e) throw new ArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
        if (s == e) return a;
        var shape = new List<long>();
        for (int i = 0; i < s; i++) shape.Add(a.Sizes[i]);
        long merged = 1;
        for (int i = s; i <= e; i++) merged *= a.Sizes[i];
        shape.Add(merged);
        for (int i = e + 1; i < n; i++) shape.Add(a.Sizes[i]);
        return Reshape(a, shape.ToArray());
    }

    /// <summary>The backward of a view that only changes the shape (view, reshape's copy, squeeze,
    /// unsqueeze): the gradient reshaped to the input's shape.</summary>
    internal sealed class ReshapeBackward(string name, Tensor a) : NamedNode(name, [a])
    {
        private readonly long[] _shape = Reduction.ToLong(a.Sizes);
        internal override Tensor?[] Apply(Tensor grad) => [grad.reshape(_shape)];
    }
}
