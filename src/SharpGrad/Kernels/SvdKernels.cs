using System.Numerics.Tensors;

namespace SharpGrad.Kernels;

/// <summary>
/// The singular value decomposition A = U·diag(S)·Vh of one row-major m×n matrix in a double array
/// (the ops convert float32 inputs to double and round the results once), by one-sided Jacobi
/// (Hestenes): plane rotations applied to the columns of A until every pair of columns is
/// orthogonal; the columns' norms are then the singular values, the normalized columns U, and the
/// accumulated rotations V. A tall matrix (m &gt; n) is first reduced to its n×n triangular factor R
/// by Householder QR (A = Q·R), so that the rotations work on n-long columns, and U = Q·U_R; a wide
/// one is decomposed through its transpose. The method is simple and accurate to a few ulps of the
/// largest singular value, the small ones included. Singular values are sorted descending. The
/// signs of U's and V's columns are the method's own: PyTorch's (LAPACK's) are no more unique, so
/// only U·diag(S)·Vh, the orthogonality of U and V, and S can be compared with libtorch's.
/// </summary>
internal static class SvdKernels
{
    /// <summary>Sweeps over all column pairs before giving up; Jacobi converges quadratically, in
    /// well under 20 sweeps for the matrices met in practice.</summary>
    private const int MaxSweeps = 64;

    /// <summary>The spacing of doubles at 1 (DBL_EPSILON).</summary>
    private const double Eps = 2.220446049250313e-16;

    /// <summary>
    /// The SVD of <paramref name="a"/> (m×n, row-major; not written). <paramref name="s"/> gets the
    /// k = min(m, n) singular values, largest first. When <paramref name="computeUV"/>,
    /// <paramref name="u"/> gets U (m×<paramref name="uColumns"/>, with <paramref name="uColumns"/>
    /// = k, or m for full matrices) and <paramref name="vh"/> gets Vh (<paramref name="vhRows"/>×n,
    /// with <paramref name="vhRows"/> = k, or n for full matrices); columns of U or V beyond the
    /// matrix's rank (zero singular values, full matrices) are completed to an orthonormal basis.
    /// </summary>
    public static void Svd(ReadOnlySpan<double> a, int m, int n, Span<double> s,
        Span<double> u, int uColumns, Span<double> vh, int vhRows, bool computeUV)
    {
        if (m >= n)
        {
            // A = U·S·Vᵀ directly: V's columns are Vh's rows.
            var b = a.Slice(0, m * n).ToArray();
            var left = computeUV ? new double[m * uColumns] : null;
            var right = computeUV ? new double[n * n] : null;
            TallSvd(b, m, n, s, left, uColumns, right);
            if (!computeUV) return;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < uColumns; j++) u[i * uColumns + j] = left![j * m + i];
            right.AsSpan().CopyTo(vh);
        }
        else
        {
            // Aᵀ = U'·S·V'ᵀ (n×m, tall), so A = V'·S·U'ᵀ: U = V' and Vh's rows are U''s columns.
            var b = new double[n * m];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) b[j * m + i] = a[i * n + j];
            var left = computeUV ? new double[n * vhRows] : null;
            var right = computeUV ? new double[m * m] : null;
            TallSvd(b, n, m, s, left, vhRows, right);
            if (!computeUV) return;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++) u[i * m + j] = right![j * m + i];
            left.AsSpan().CopyTo(vh);
        }
    }

    /// <summary>
    /// The SVD of a tall or square <paramref name="b"/> (m×n row-major, m ≥ n; overwritten).
    /// <paramref name="left"/>, when not null, gets U's first <paramref name="leftColumns"/> (n or
    /// m) columns, each contiguous (column-major m×leftColumns); <paramref name="right"/>, when not
    /// null, gets V's n columns, each contiguous (column-major n×n).
    /// </summary>
    private static void TallSvd(double[] b, int m, int n, Span<double> s, double[]? left, int leftColumns, double[]? right)
    {
        // Reduce a tall A to R (n×n upper triangular) by A = Q·R; the rotations then work on R.
        double[] r = b;
        double[]? q = null;
        if (m > n)
        {
            var tau = new double[n];
            LinalgKernels.HouseholderQr(b, m, n, tau);
            r = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++) r[i * n + j] = b[i * n + j];
            if (left is not null)
            {
                q = new double[m * leftColumns];
                LinalgKernels.FormQ(b, m, n, tau, q, leftColumns);
            }
        }

        // The columns of R, each contiguous, and V = I to accumulate the rotations in.
        var columns = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) columns[j * n + i] = r[i * n + j];
        double[]? v = null;
        if (right is not null)
        {
            v = right;
            Array.Clear(v);
            for (int j = 0; j < n; j++) v[j * n + j] = 1;
        }
        OneSidedJacobi(columns, n, n, v);

        // σⱼ = ‖column j‖, sorted descending (a stable sort, so that ties keep their order).
        var sigma = new double[n];
        for (int j = 0; j < n; j++) sigma[j] = Math.Sqrt(TensorPrimitives.Dot<double>(columns.AsSpan(j * n, n), columns.AsSpan(j * n, n)));
        var order = Enumerable.Range(0, n).OrderByDescending(j => sigma[j]).ToArray();
        for (int j = 0; j < n; j++) s[j] = sigma[order[j]];
        if (left is null) return;

        // V's columns in the sorted order.
        var unsortedV = (double[])v!.Clone();
        for (int j = 0; j < n; j++) unsortedV.AsSpan(order[j] * n, n).CopyTo(right.AsSpan(j * n, n));

        // U_R's columns: the rotated columns of R, normalized; those of zero singular values are
        // completed to an orthonormal basis of ℝⁿ.
        var unitColumns = new double[n * n];
        var filled = new bool[n];
        for (int j = 0; j < n; j++)
        {
            double norm = s[j];
            if (norm == 0 || !double.IsFinite(1 / norm)) continue;
            var source = columns.AsSpan(order[j] * n, n);
            var target = unitColumns.AsSpan(j * n, n);
            for (int i = 0; i < n; i++) target[i] = source[i] / norm;
            filled[j] = true;
        }
        CompleteOrthonormal(unitColumns, n, filled);

        if (q is null)
        {
            // Square: U = U_R (leftColumns = n = m).
            unitColumns.AsSpan().CopyTo(left);
            return;
        }
        // U = Q·U_R for the first n columns; Q's own further columns complete U for full matrices.
        for (int j = 0; j < n; j++)
        {
            var target = left.AsSpan(j * m, m);
            var unit = unitColumns.AsSpan(j * n, n);
            for (int i = 0; i < m; i++)
            {
                double sum = 0;
                for (int l = 0; l < n; l++) sum += q[i * leftColumns + l] * unit[l];
                target[i] = sum;
            }
        }
        for (int j = n; j < leftColumns; j++)
            for (int i = 0; i < m; i++) left[j * m + i] = q[i * leftColumns + j];
    }

    /// <summary>
    /// One-sided Jacobi on <paramref name="n"/> columns of length <paramref name="length"/>, each
    /// contiguous in <paramref name="columns"/>: each pair (p, q) whose columns are not orthogonal to
    /// working precision is rotated so that they are (the rotation that diagonalizes their 2×2 Gram
    /// matrix [[α, γ], [γ, β]], as in Demmel and Veselić), until a whole sweep rotates nothing. The
    /// same rotations are applied to the columns of <paramref name="v"/> (n×n) when not null.
    /// </summary>
    private static void OneSidedJacobi(double[] columns, int length, int n, double[]? v)
    {
        // Columns count as orthogonal when |cos ∠(p, q)| ≤ length·ε, about the rounding error of γ.
        double tolerance = Math.Max(length, 1) * Eps;
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    var cp = columns.AsSpan(p * length, length);
                    var cq = columns.AsSpan(q * length, length);
                    double alpha = TensorPrimitives.Dot<double>(cp, cp);
                    double beta = TensorPrimitives.Dot<double>(cq, cq);
                    if (alpha == 0 || beta == 0) continue;
                    double gamma = TensorPrimitives.Dot<double>(cp, cq);
                    // Not "≤", so that a NaN (a non-finite input) stops the rotations rather than spreading.
                    if (!(Math.Abs(gamma) > tolerance * Math.Sqrt(alpha) * Math.Sqrt(beta))) continue;
                    rotated = true;
                    // tan θ = t, the smaller root of t² + 2ζt − 1 = 0.
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Abs(zeta) > 1e150
                        ? 0.5 / zeta
                        : Math.CopySign(1, zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    double c = 1 / Math.Sqrt(1 + t * t), sn = c * t;
                    Rotate(cp, cq, c, sn);
                    if (v is not null) Rotate(v.AsSpan(p * n, n), v.AsSpan(q * n, n), c, sn);
                }
            }
            if (!rotated) return;
        }
    }

    /// <summary>(x, y) ← (c·x − s·y, s·x + c·y), elementwise.</summary>
    private static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i], yi = y[i];
            x[i] = c * xi - s * yi;
            y[i] = s * xi + c * yi;
        }
    }

    /// <summary>
    /// Fills each column j of <paramref name="columns"/> (column-major, columns of length
    /// <paramref name="length"/>) with <c>filled[j]</c> false by a unit vector orthogonal to all the
    /// filled ones: the first standard basis vector whose component orthogonal to them is large
    /// (the largest if none is), orthogonalized twice by Gram-Schmidt (twice is enough for
    /// orthogonality to working precision).
    /// </summary>
    private static void CompleteOrthonormal(double[] columns, int length, bool[] filled)
    {
        var candidate = new double[length];
        var best = new double[length];
        for (int j = 0; j < filled.Length; j++)
        {
            if (filled[j]) continue;
            double bestNorm = -1;
            for (int e = 0; e < length; e++)
            {
                Array.Clear(candidate);
                candidate[e] = 1;
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int other = 0; other < filled.Length; other++)
                    {
                        if (!filled[other]) continue;
                        var basis = columns.AsSpan(other * length, length);
                        double projection = TensorPrimitives.Dot<double>(basis, candidate);
                        for (int i = 0; i < length; i++) candidate[i] -= projection * basis[i];
                    }
                }
                double norm = Math.Sqrt(TensorPrimitives.Dot<double>(candidate, candidate));
                if (norm > bestNorm)
                {
                    bestNorm = norm;
                    candidate.AsSpan().CopyTo(best);
                }
                if (norm > 0.5) break;
            }
            var target = columns.AsSpan(j * length, length);
            for (int i = 0; i < length; i++) target[i] = best[i] / bestNorm;
            filled[j] = true;
        }
    }
}
