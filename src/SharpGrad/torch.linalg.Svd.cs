using SharpGrad.Ops;

namespace SharpGrad;

public static partial class torch
{
    /// <summary>
    /// The singular value decomposition in the older form (<c>torch.svd</c>): (U, S, V) with
    /// A = U·diag(S)·Vᵀ, V (not Vh) returned. <paramref name="some"/> gives the reduced
    /// decomposition (U m×k, V n×k, k = min(m, n)); false gives U m×m and V n×n. With
    /// <paramref name="compute_uv"/> false, S alone is computed and U and V are zero-filled m×m and n×n
    /// matrices, as in PyTorch.
    /// </summary>
    public static (Tensor U, Tensor S, Tensor V) svd(Tensor input, bool some = true, bool compute_uv = true)
    {
        if (!compute_uv)
        {
            var s = LinalgSvd.SvdVals(input);
            long m = input.Sizes[^2], n = input.Sizes[^1];
            var batch = input.Sizes[..^2].Select(d => (long)d).ToArray();
            return (zeros([.. batch, m, m], dtype: input.dtype), s, zeros([.. batch, n, n], dtype: input.dtype));
        }
        var (u, sv, vh) = LinalgSvd.Svd(input, fullMatrices: !some);
        return (u, sv, vh.mT);
    }

    public static partial class linalg
    {
        /// <summary>
        /// The singular value decomposition A = U·diag(S)·Vh of each matrix (the last two dims), as
        /// <c>torch.linalg.svd</c>: S (k = min(m, n) values, descending); U m×m and Vh n×n when
        /// <paramref name="full_matrices"/>, else U m×k and Vh k×n. U's and V's columns are unique
        /// only up to sign (PyTorch's are LAPACK's choice; SharpGrad's are one-sided Jacobi's).
        /// Differentiable (PyTorch's svd_backward) for losses that do not depend on those signs,
        /// assuming distinct singular values (and, for U or V of a non-square A, full rank); with
        /// <paramref name="full_matrices"/>, U's and Vh's completing columns/rows get no gradient.
        /// </summary>
        public static (Tensor U, Tensor S, Tensor Vh) svd(Tensor A, bool full_matrices = true) => LinalgSvd.Svd(A, full_matrices);

        /// <summary>The singular values of each matrix (the last two dims), descending (<c>torch.linalg.svdvals</c>);
        /// its gradient is U·diag(gS)·Vh.</summary>
        public static Tensor svdvals(Tensor A) => LinalgSvd.SvdVals(A);

        /// <summary>The matrix norms that need singular values, over dims <paramref name="d0"/>, <paramref name="d1"/>
        /// (checked, non-negative and distinct): the sum of the singular values ("nuc"), the largest
        /// (<paramref name="ord"/> 2) or the smallest (−2), with both dims kept as size 1 when
        /// <paramref name="keepdim"/>.</summary>
        private static Tensor SingularValueNorm(Tensor A, int d0, int d1, string ord, bool keepdim)
        {
            // Move the two matrix dims last, rows then columns, as PyTorch's matrix_norm does.
            var order = Enumerable.Range(0, A.dim()).Where(d => d != d0 && d != d1).Select(d => (long)d).Append(d0).Append(d1).ToArray();
            var values = svdvals(A.permute(order));
            var result = ord switch
            {
                "nuc" => values.sum(-1),
                "2" => values.amax(-1),
                "-2" => values.amin(-1),
                _ => throw new ArgumentException($"linalg.matrix_norm: Order {ord} not supported."),
            };
            if (keepdim) result = result.unsqueeze(Math.Min(d0, d1)).unsqueeze(Math.Max(d0, d1));
            return result;
        }
    }
}
