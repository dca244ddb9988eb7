using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// The singular value decomposition over batches of matrices (the last two dims): linalg.svd and
/// linalg.svdvals (and torch.svd, linalg's spectral and nuclear norms on top of them), with PyTorch's
/// backward, <c>svd_backward</c> from FunctionsManual.cpp, written with differentiable tensor ops so
/// that second derivatives and forward mode work. The kernel (<see cref="SvdKernels"/>) computes in
/// double for float32 and float64 alike and the results are rounded once.
/// </summary>
internal static class LinalgSvd
{
    private const string Fn = "linalg.svd";

    /// <summary>U, S, Vh with A = U·diag(S)·Vh: U m×m and Vh n×n when <paramref name="fullMatrices"/>,
    /// else m×k and k×n (k = min(m, n)); S descending.</summary>
    public static (Tensor U, Tensor S, Tensor Vh) Svd(Tensor a, bool fullMatrices)
    {
        var (u, s, vh) = Compute(a, fullMatrices, computeUV: true);
        if (Autograd.NeedsGrad(a)) SvdBackward.Record(a, u!, s, vh!, fullMatrices);
        return (u!, s, vh!);
    }

    /// <summary>The singular values, descending. As in PyTorch, an input that needs a gradient gets
    /// the whole (reduced) SVD, whose node (LinalgSvdBackward0) the values' gradient goes through.</summary>
    public static Tensor SvdVals(Tensor a)
    {
        if (!Autograd.NeedsGrad(a)) return Compute(a, fullMatrices: false, computeUV: false).S;
        return Svd(a, fullMatrices: false).S;
    }

    private static (Tensor? U, Tensor S, Tensor? Vh) Compute(Tensor a, bool fullMatrices, bool computeUV)
    {
        if (a.dim() < 2) throw new ArgumentException($"{Fn}: The input tensor A must have at least 2 dimensions.");
        switch (a.ElementType)
        {
            case ScalarType.Float32:
            case ScalarType.Float64:
                break;
            default:
                throw new ArgumentException($"{Fn}: Expected a floating point or complex tensor as input. Got {a.ElementType.CTypeName()}");
        }
        int m = a.Sizes[^2], n = a.Sizes[^1], k = Math.Min(m, n);
        int uColumns = fullMatrices ? m : k, vhRows = fullMatrices ? n : k;
        var batchShape = a.Sizes[..^2];
        int batch = Tensor.Numel(batchShape);
        var data = ToDoubles(a);
        // As libtorch: a NaN is an error; an infinity gives NaN for the whole matrix's results.
        if (Array.Exists(data, double.IsNaN))
            throw new InvalidOperationException($"{Fn}: The algorithm failed to converge because the input matrix contained non-finite values.");
        var s = new double[batch * k];
        var u = computeUV ? new double[batch * m * uColumns] : [];
        var vh = computeUV ? new double[batch * vhRows * n] : [];
        for (int b = 0; b < batch; b++)
        {
            var matrix = data.AsSpan(b * m * n, m * n);
            if (matrix.IndexOfAny(double.PositiveInfinity, double.NegativeInfinity) >= 0)
            {
                s.AsSpan(b * k, k).Fill(double.NaN);
                if (computeUV)
                {
                    u.AsSpan(b * m * uColumns, m * uColumns).Fill(double.NaN);
                    vh.AsSpan(b * vhRows * n, vhRows * n).Fill(double.NaN);
                }
                continue;
            }
            SvdKernels.Svd(matrix, m, n, s.AsSpan(b * k, k),
                computeUV ? u.AsSpan(b * m * uColumns, m * uColumns) : default, uColumns,
                computeUV ? vh.AsSpan(b * vhRows * n, vhRows * n) : default, vhRows, computeUV);
        }
        var sTensor = FromDoubles(s, [.. batchShape, k], a.ElementType);
        if (!computeUV) return (null, sTensor, null);
        return (FromDoubles(u, [.. batchShape, m, uColumns], a.ElementType), sTensor,
            FromDoubles(vh, [.. batchShape, vhRows, n], a.ElementType));
    }

    /// <summary>The elements of <paramref name="t"/> (any strides, float32 widened exactly) as a new row-major double array.</summary>
    private static double[] ToDoubles(Tensor t)
    {
        Tensor contiguous;
        using (new GradModeScope(false))
            contiguous = t.detach().to(ScalarType.Float64).contiguous();
        var result = contiguous.ContiguousSpan<double>().ToArray();
        GC.KeepAlive(contiguous);
        return result;
    }

    /// <summary>A tensor of <paramref name="dtype"/> holding <paramref name="data"/> (rounded once for float32).</summary>
    private static Tensor FromDoubles(double[] data, int[] shape, ScalarType dtype)
    {
        var t = Tensor.FromArray(data, shape);
        if (dtype == ScalarType.Float64) return t;
        using (new GradModeScope(false))
            return t.to(dtype);
    }

    /// <summary>
    /// linalg_svd (_linalg_svd in derivatives.yaml): A: svd_backward(gU, gS, gVh, U, S, Vh), with U,
    /// Vh and their gradients narrowed to their first k columns / rows when full_matrices (the
    /// completing columns carry no gradient). One node for the three outputs.
    /// </summary>
    private sealed class SvdBackward : MultiOutputNode
    {
        private readonly bool _fullMatrices;

        private SvdBackward(Tensor a, Tensor u, Tensor s, Tensor vh, bool fullMatrices)
            : base("LinalgSvdBackward0", [a], [u, s, vh])
        {
            _fullMatrices = fullMatrices;
            SaveForBackward(u, s, vh);
        }

        public static void Record(Tensor a, Tensor u, Tensor s, Tensor vh, bool fullMatrices)
            => new SvdBackward(a, u, s, vh, fullMatrices).SetHistoryOf([u, s, vh], [true, true, true]);

        internal override Tensor?[] ApplyAll(Tensor?[] grads)
        {
            var gU = grads.Length > 0 ? grads[0] : null;
            var gS = grads.Length > 1 ? grads[1] : null;
            var gVh = grads.Length > 2 ? grads[2] : null;
            var u = Saved(0);
            var s = Saved(1);
            var vh = Saved(2);
            if (_fullMatrices)
            {
                int k = s.Sizes[^1];
                u = u.narrow(-1, 0, k);
                vh = vh.narrow(-2, 0, k);
                gU = gU?.narrow(-1, 0, k);
                gVh = gVh?.narrow(-2, 0, k);
            }
            return [Backward(gU, gS, gVh, u, s, vh)];
        }
    }

    /// <summary>
    /// svd_backward for real A = U·diag(S)·Vh (reduced: U m×k, Vh k×n). With skew(X) = X − Xᵀ and
    /// E_jk = S_k² − S_j² off the diagonal (1 on it):
    /// gA = U·[(skew(Uᵀ·gU) / E)·S + S·(skew(Vᵀ·gV) / E) + diag(gS)]·Vh,
    /// plus (I − U·Uᵀ)·gU·S⁻¹·Vh when m &gt; n, or U·S⁻¹·gVh·(I − V·Vᵀ) when m &lt; n. As PyTorch, it
    /// assumes distinct singular values (and, for U's or V's gradient of a non-square A, full rank):
    /// repeated ones give inf/NaN where the loss depends on U or V.
    /// </summary>
    private static Tensor? Backward(Tensor? gU, Tensor? gS, Tensor? gVh, Tensor u, Tensor s, Tensor vh)
    {
        if (gU is null && gS is null && gVh is null) return null;
        int m = u.Sizes[^2], n = vh.Sizes[^1], k = s.Sizes[^1];

        // svdvals: gA = U·diag(gS)·Vh.
        if (gU is null && gVh is null)
            return m >= n ? u.matmul(gS!.unsqueeze(-1) * vh) : (u * gS!.unsqueeze(-2)).matmul(vh);

        var identity = torch.eye(k, dtype: s.ElementType);
        var uhgU = gU is not null ? Skew(Linalg.MT(u).matmul(gU)) : null;
        var vhgV = gVh is not null ? Skew(vh.matmul(Linalg.MT(gVh))) : null;
        var squares = s * s;
        // E with its diagonal (0 there) made 1: any non-zero would do, the numerator is 0 there.
        var e = squares.unsqueeze(-2) - squares.unsqueeze(-1) + identity;
        Tensor inner;
        if (uhgU is not null && vhgV is not null)
            inner = (uhgU * s.unsqueeze(-2) + s.unsqueeze(-1) * vhgV) / e;
        else if (uhgU is not null)
            inner = uhgU / e * s.unsqueeze(-2);
        else
            inner = s.unsqueeze(-1) * (vhgV! / e);
        if (gS is not null) inner = inner + gS.unsqueeze(-1) * identity;

        if (m > n && gU is not null)
        {
            // gA = [U·inner + (I − U·Uᵀ)·gU·S⁻¹]·Vh
            var gUSinv = gU / s.unsqueeze(-2);
            var left = u.matmul(inner) + gUSinv - u.matmul(Linalg.MT(u).matmul(gUSinv));
            return left.matmul(vh);
        }
        if (m < n && gVh is not null)
        {
            // gA = U·[inner·Vh + S⁻¹·gVh·(I − V·Vᵀ)]
            var sinvgVh = gVh / s.unsqueeze(-1);
            var right = inner.matmul(vh) + sinvgVh - sinvgVh.matmul(Linalg.MT(vh)).matmul(vh);
            return u.matmul(right);
        }
        return m >= n ? u.matmul(inner.matmul(vh)) : u.matmul(inner).matmul(vh);
    }

    private static Tensor Skew(Tensor x) => x - Linalg.MT(x);
}
