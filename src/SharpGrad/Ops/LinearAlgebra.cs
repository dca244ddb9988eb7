using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Matrix products. Transposed operands are passed to GEMM as strides, never copied.</summary>
internal static class LinearAlgebra
{
    private static string Dims(Tensor t) => string.Join("x", t.Sizes);

    /// <summary>
    /// A matmul node's fast path for a gradient bound for a leaf (<see cref="Node.DirectTargets"/>):
    /// delivers the product <c>a·b</c> (or its transpose, for a leaf reached through <c>w.t()</c>)
    /// as the leaf's gradient without the steps <see cref="AccumulateGrad.Accumulate"/> would take
    /// on a computed product. With a <c>.grad</c> already there (after <c>zero_()</c>) the GEMM adds
    /// into it (no product buffer, no extra pass); with none (after
    /// <c>zero_grad(set_to_none=True)</c>) the GEMM writes a new buffer that becomes <c>.grad</c> as
    /// it is, which is PyTorch's AccumulateGrad taking over a gradient nobody else holds, where the
    /// general path must copy. False, with nothing done, unless the leaf is a contiguous float
    /// matrix of the operands' dtype and its <c>.grad</c>, if any, a plain contiguous tensor of its
    /// shape. Holds the leaf's lock, as AccumulateGrad does.
    /// </summary>
    internal static bool TryAddProductToLeafGrad(DirectTarget target, Tensor a, Tensor b)
    {
        var variable = target.Leaf!;
        if (target.Transposed) (a, b) = (b.t(), a.t()); // (a·b)ᵀ = bᵀ·aᵀ
        if (a.ElementType != variable.ElementType || b.ElementType != variable.ElementType || !variable.is_floating_point()
            || variable.Sizes.Length != 2 || variable.Sizes[0] != a.Sizes[0] || variable.Sizes[1] != b.Sizes[1])
            return false;
        lock (variable)
        {
            var existing = variable.AccumulatedGrad;
            if (existing is null)
            {
                if (!variable.IsContiguous) return false;
                variable.AccumulatedGrad = Mm(a, b);
                return true;
            }
            if (existing.GradFn is not null || existing.LeafRequiresGrad || !existing.IsContiguous
                || existing.ElementType != variable.ElementType || !existing.SameShape(variable))
                return false;
            MatMulAccumulate(a, b, existing);
            existing.SharedStorage.Version++;
            return true;
        }
    }

    /// <summary>A tensor's storage from its offset on. Span's constructor rather than AsSpan, and
    /// T unconstrained, so that this is precompiled (see docs/PERFORMANCE.md, 'Generic instantiations').</summary>
    private static ReadOnlySpan<T> FromOffset<T>(Tensor t)
    {
        var data = t.Data<T>();
        return new ReadOnlySpan<T>(data, t.StorageOffset, data.Length - t.StorageOffset);
    }

    /// <summary>C = A·B for 2-D tensors of any strides.</summary>
    private static Tensor MatMul2D(Tensor a, Tensor b)
    {
        if (a.ElementType == ScalarType.Bool)
            throw new NotSupportedException("\"addmm_impl_cpu_\" not implemented for 'Bool'");
        var compute = a.ElementType.ComputeType();
        if (compute != a.ElementType)
            // float16/bfloat16 accumulate in float32, the narrow integers in int64; rounded once.
            return MatMul2D(a.ToDTypeIfNeeded(compute), b.ToDTypeIfNeeded(compute)).ToDTypeIfNeeded(a.ElementType);
        int m = a.Sizes[0], k = a.Sizes[1], n = b.Sizes[1];
        var result = Tensor.Empty([m, n], a.ElementType, uninitialized: true);
        if (a.ElementType is ScalarType.Float32 or ScalarType.Float64)
            FloatProductInto(a, b, result, accumulate: false);
        else
        {
            // Integer matmul: exact, in a plain loop.
            var x = a.Data<long>(); var y = b.Data<long>(); var d = result.Data<long>();
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    long s = 0;
                    for (int p = 0; p < k; p++)
                        s += x[a.StorageOffset + i * a.Strides[0] + p * a.Strides[1]] * y[b.StorageOffset + p * b.Strides[0] + j * b.Strides[1]];
                    d[i * n + j] = s;
                }
        }
        Dispatch.KeepAlive(a, b);
        return result;
    }

    /// <summary><c>c += a·b</c> for float matrices, c contiguous (a leaf's gradient; see
    /// <see cref="TryAddProductToLeafGrad"/>).</summary>
    internal static void MatMulAccumulate(Tensor a, Tensor b, Tensor c) => FloatProductInto(a, b, c, accumulate: true);

    /// <summary><c>c (+)= a·b</c> through the GEMM for float32 or float64 matrices of any strides
    /// into a contiguous <paramref name="c"/>.</summary>
    private static void FloatProductInto(Tensor a, Tensor b, Tensor c, bool accumulate)
    {
        int m = a.Sizes[0], k = a.Sizes[1], n = b.Sizes[1];
        if (c.ElementType == ScalarType.Float32)
            Gemm.Multiply(m, n, k, FromOffset<float>(a), a.Strides[0], a.Strides[1],
                FromOffset<float>(b), b.Strides[0], b.Strides[1], WritableFromOffset<float>(c), n, accumulate);
        else
            Gemm.Multiply(m, n, k, FromOffset<double>(a), a.Strides[0], a.Strides[1],
                FromOffset<double>(b), b.Strides[0], b.Strides[1], WritableFromOffset<double>(c), n, accumulate);
        Dispatch.KeepAlive(a, b, c);
    }

    /// <summary>Like <see cref="FromOffset{T}"/>, for the destination.</summary>
    private static Span<T> WritableFromOffset<T>(Tensor t)
    {
        var data = t.Data<T>();
        return new Span<T>(data, t.StorageOffset, data.Length - t.StorageOffset);
    }

    private static void CheckSameDType(Tensor a, Tensor b, string what)
    {
        if (a.ElementType != b.ElementType)
            throw new ArgumentException(
                $"expected {what} to have the same dtype, but got: {DTypeWord(a.ElementType)} != {DTypeWord(b.ElementType)}");
    }

    internal static string DTypeWord(ScalarType t) => t.TypeMetaName();

    public static Tensor Mm(Tensor a, Tensor b)
    {
        if (a.Sizes.Length != 2) throw new ArgumentException($"self must be a matrix");
        if (b.Sizes.Length != 2) throw new ArgumentException($"mat2 must be a matrix");
        if (a.Sizes[1] != b.Sizes[0])
            throw new ArgumentException($"mat1 and mat2 shapes cannot be multiplied ({Dims(a)} and {Dims(b)})");
        CheckSameDType(a, b, "m1 and m2");
        var result = MatMul2D(a, b);
        if (Autograd.NeedsGrad(a, b)) result.SetHistory(new MmBackward0(a, b));
        return result;
    }

    internal sealed class MmBackward0 : Node
    {
        public MmBackward0(Tensor a, Tensor b) : base([a, b])
            => SaveForBackward(NeedsInputGrad(1) ? a : null, NeedsInputGrad(0) ? b : null);

        internal override bool AccumulatesDirectly => true;

        // mm: self: grad.mm(mat2.t()), mat2: self.t().mm(grad)
        internal override Tensor?[] Apply(Tensor grad) =>
        [
            NeedsInputGrad(0) ? MmUnlessAddedToLeafGrad(this, 0, grad, Saved(1).t()) : null,
            NeedsInputGrad(1) ? MmUnlessAddedToLeafGrad(this, 1, Saved(0).t(), grad) : null,
        ];
    }

    /// <summary>
    /// <c>left.mm(right)</c>, the gradient of <paramref name="node"/>'s input <paramref name="input"/>
    /// (mm's and addmm's nodes). The speed path: when the engine bound that input to a leaf (a
    /// weight, perhaps through <c>w.t()</c>; see <see cref="Node.DirectTargets"/>), the GEMM writes
    /// the product straight into its <c>.grad</c> (<see cref="TryAddProductToLeafGrad"/>), and null
    /// is returned: the gradient has already arrived.
    /// </summary>
    internal static Tensor? MmUnlessAddedToLeafGrad(Node node, int input, Tensor left, Tensor right)
        => node.DirectTargets?[input] is { Leaf: not null } target && TryAddProductToLeafGrad(target, left, right)
            ? null
            : Mm(left, right);

    public static Tensor Dot(Tensor a, Tensor b)
    {
        if (a.Sizes.Length != 1 || b.Sizes.Length != 1)
            throw new ArgumentException($"1D tensors expected, but got {a.Sizes.Length}D and {b.Sizes.Length}D tensors");
        if (a.Sizes[0] != b.Sizes[0])
            throw new ArgumentException(
                $"inconsistent tensor size, expected tensor [{a.Sizes[0]}] and src [{b.Sizes[0]}] to have the same number of elements, but got {a.Sizes[0]} and {b.Sizes[0]} elements respectively");
        CheckSameDType(a, b, "both vectors");
        Tensor result;
        using (new GradModeScope(false))
            result = Reduction.Sum(a * b, null, false, null);
        result.GradFn = null;
        if (Autograd.NeedsGrad(a, b)) result.SetHistory(ProductBackward("DotBackward0", a, b,
            static (g, n) => n.B * g, static (g, n) => n.A * g));
        return result;
    }

    /// <summary>
    /// The node of a product: each operand's gradient reads only the other operand, so each is saved
    /// only when the other needs a gradient (dot: self: grad * tensor, tensor: grad * self;
    /// mv: self: grad.ger(vec), vec: self.t().mv(grad); bmm: self: grad.bmm(mat2.transpose(1, 2)),
    /// mat2: self.transpose(1, 2).bmm(grad)).
    /// </summary>
    private static BinaryBackward ProductBackward(string name, Tensor a, Tensor b,
        Func<Tensor, BinaryBackward, Tensor> gradA, Func<Tensor, BinaryBackward, Tensor> gradB)
    {
        var node = new BinaryBackward(name, a, b, gradA, gradB);
        return node.Save(node.NeedsInputGrad(1) ? a : null, node.NeedsInputGrad(0) ? b : null);
    }

    public static Tensor Mv(Tensor a, Tensor v)
    {
        if (a.Sizes.Length != 2 || v.Sizes.Length != 1)
            throw new ArgumentException($"vector + matrix @ vector expected, got 1, {a.Sizes.Length}, {v.Sizes.Length}");
        if (a.Sizes[1] != v.Sizes[0])
            throw new ArgumentException($"size mismatch, got input ({a.Sizes[0]}), mat ({Dims(a)}), vec ({v.Sizes[0]})");
        CheckSameDType(a, v, "m1 and m2");
        Tensor result;
        using (new GradModeScope(false))
            result = MatMul2D(a, Shape.Unsqueeze(v, 1)).reshape(a.Sizes[0]);
        result.GradFn = null;
        result.ViewBase = null;
        if (Autograd.NeedsGrad(a, v)) result.SetHistory(ProductBackward("MvBackward0", a, v,
            static (g, n) => Mm(g.unsqueeze(1), n.B.unsqueeze(0)), static (g, n) => Mv(n.A.t(), g)));
        return result;
    }

    /// <summary>Batched matmul of 3-D tensors [B, n, m]·[B, m, p].</summary>
    public static Tensor Bmm(Tensor a, Tensor b)
    {
        if (a.Sizes.Length != 3) throw new ArgumentException("batch1 must be a 3D tensor");
        if (b.Sizes.Length != 3) throw new ArgumentException("batch2 must be a 3D tensor");
        if (a.Sizes[0] != b.Sizes[0] || a.Sizes[2] != b.Sizes[1])
            throw new ArgumentException(
                $"Expected size for first two dimensions of batch2 tensor to be: [{a.Sizes[0]}, {a.Sizes[2]}] but got: [{b.Sizes[0]}, {b.Sizes[1]}].");
        CheckSameDType(a, b, "batch1 and batch2");
        int batch = a.Sizes[0], m = a.Sizes[1], k = a.Sizes[2], n = b.Sizes[2];
        var result = Tensor.Empty([batch, m, n], a.ElementType, uninitialized: true);
        for (int i = 0; i < batch; i++)
        {
            var ai = new Tensor(a.SharedStorage, [m, k], [a.Strides[1], a.Strides[2]], a.StorageOffset + i * a.Strides[0]);
            var bi = new Tensor(b.SharedStorage, [k, n], [b.Strides[1], b.Strides[2]], b.StorageOffset + i * b.Strides[0]);
            var ci = MatMul2D(ai, bi);
            Copy.Into(ci, new Tensor(result.SharedStorage, [m, n], [n, 1], i * m * n));
        }
        if (Autograd.NeedsGrad(a, b)) result.SetHistory(ProductBackward("BmmBackward0", a, b,
            static (g, n) => Bmm(g, n.B.transpose(1, 2)), static (g, n) => Bmm(n.A.transpose(1, 2), g)));
        return result;
    }

    /// <summary>torch.matmul: dot, mv, mm, or broadcast batched products, by the operands' ranks.</summary>
    public static Tensor Matmul(Tensor a, Tensor b)
    {
        int da = a.Sizes.Length, db = b.Sizes.Length;
        if (da == 0 || db == 0)
            throw new ArgumentException($"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D");
        if (da == 1 && db == 1) return Dot(a, b);
        if (da == 2 && db == 1) return Mv(a, b);
        if (da == 1 && db == 2)
        {
            if (a.Sizes[0] != b.Sizes[0])
                throw new ArgumentException($"mat1 and mat2 shapes cannot be multiplied (1x{a.Sizes[0]} and {Dims(b)})");
            return Mm(a.unsqueeze(0), b).squeeze(0);
        }
        if (da == 2 && db == 2) return Mm(a, b);
        if (da >= 3 && db <= 2)
        {
            // Fold the batch into rows: [.., n, k]·[k, p] is one mm.
            var bm = db == 1 ? b.unsqueeze(1) : b;
            if (a.Sizes[^1] != bm.Sizes[0])
                throw new ArgumentException(
                    $"mat1 and mat2 shapes cannot be multiplied ({a.NumelInt / a.Sizes[^1]}x{a.Sizes[^1]} and {Dims(bm)})");
            var folded = Mm(a.reshape(-1, a.Sizes[^1]), bm);
            var outShape = a.Sizes[..^1].Select(x => (long)x).Append(bm.Sizes[1]).ToArray();
            var r = folded.reshape(outShape);
            return db == 1 ? r.squeeze(-1) : r;
        }
        // General case: broadcast batch dims, then bmm.
        var a3 = da == 1 ? a.unsqueeze(0) : a;
        var b3 = db == 1 ? b.unsqueeze(1) : b;
        var batchA = a3.Sizes[..^2];
        var batchB = b3.Sizes[..^2];
        var batch = Tensor.BroadcastShapes(batchA, batchB);
        int n = a3.Sizes[^2], k = a3.Sizes[^1], k2 = b3.Sizes[^2], p = b3.Sizes[^1];
        if (k != k2)
            throw new ArgumentException($"Expected size for first two dimensions of batch2 tensor to be: [{Tensor.Numel(batch)}, {k}] but got: [{Tensor.Numel(batch)}, {k2}].");
        long bsz = Tensor.Numel(batch);
        var ae = a3.expand([.. batch.Select(x => (long)x), n, k]).reshape(bsz, n, k);
        var be = b3.expand([.. batch.Select(x => (long)x), k, p]).reshape(bsz, k, p);
        var prod = Bmm(ae, be);
        var shape = batch.Select(x => (long)x).ToList();
        if (da > 1) shape.Add(n);
        if (db > 1) shape.Add(p);
        return prod.reshape(shape.ToArray());
    }
}
