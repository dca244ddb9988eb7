namespace SharpGrad.Kernels;

/// <summary>
/// The dense factorizations behind <c>torch.linalg</c>, on one row-major matrix in a double array
/// (the ops convert float32 inputs to double, factor in double and round the result once, so
/// float32 results are at least as accurate as LAPACK's single-precision ones). Each routine follows
/// the LAPACK routine libtorch calls, so that pivots, signs and error indices agree with PyTorch's:
/// getrf (LU, partial pivoting), potrf (Cholesky, lower), trsm (triangular solve), geqrf/orgqr
/// (Householder QR, reflectors as dlarfg makes them).
/// </summary>
internal static class LinalgKernels
{
    /// <summary>
    /// LU factorization with partial pivoting, in place: <paramref name="a"/> (n×n) becomes L (unit
    /// lower, below the diagonal) and U (upper). <paramref name="pivots"/>[k] is the row swapped with
    /// row k. Returns LAPACK's info: 0, or the 1-based index of the first zero diagonal element of U
    /// (the factorization is still completed, as getrf does). <paramref name="swaps"/> counts the
    /// row interchanges (the determinant's sign).
    /// </summary>
    public static int LuFactor(Span<double> a, int n, Span<int> pivots, out int swaps)
    {
        int info = 0;
        swaps = 0;
        for (int k = 0; k < n; k++)
        {
            // The first row with the largest |a[i, k]| (idamax).
            int p = k;
            double best = Math.Abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(a[i * n + k]);
                if (v > best) { best = v; p = i; }
            }
            pivots[k] = p;
            if (p != k)
            {
                swaps++;
                SwapRows(a, k, p, n);
            }
            double pivot = a[k * n + k];
            if (pivot == 0)
            {
                if (info == 0) info = k + 1;
                continue;
            }
            for (int i = k + 1; i < n; i++)
            {
                double factor = a[i * n + k] / pivot;
                a[i * n + k] = factor;
                if (factor == 0) continue;
                var row = a.Slice(i * n, n);
                var top = a.Slice(k * n, n);
                for (int j = k + 1; j < n; j++) row[j] -= factor * top[j];
            }
        }
        return info;
    }

    /// <summary>Solves A·X = B from <see cref="LuFactor"/>'s output; <paramref name="b"/> (n×k) is
    /// overwritten with X.</summary>
    public static void LuSolve(ReadOnlySpan<double> lu, int n, ReadOnlySpan<int> pivots, Span<double> b, int k)
    {
        for (int i = 0; i < n; i++)
            if (pivots[i] != i) SwapRows(b, i, pivots[i], k);
        TriangularSolve(lu, n, upper: false, unitDiagonal: true, b, k);
        TriangularSolve(lu, n, upper: true, unitDiagonal: false, b, k);
    }

    /// <summary>Solves A·X = B for triangular A (n×n; only its <paramref name="upper"/> or lower
    /// triangle is read, and its diagonal is taken as ones when <paramref name="unitDiagonal"/>);
    /// <paramref name="b"/> (n×k) is overwritten with X. A zero diagonal gives inf/nan, as trsm.</summary>
    public static void TriangularSolve(ReadOnlySpan<double> a, int n, bool upper, bool unitDiagonal, Span<double> b, int k)
    {
        // Substitution row by row: upward from the last row for upper A, downward from the first for
        // lower A; row i subtracts the rows already solved (those past i, or those before it).
        for (int step = 0; step < n; step++)
        {
            int i = upper ? n - 1 - step : step;
            int solvedFrom = upper ? i + 1 : 0, solvedTo = upper ? n : i;
            var row = b.Slice(i * k, k);
            for (int p = solvedFrom; p < solvedTo; p++)
            {
                double f = a[i * n + p];
                if (f == 0) continue;
                var done = b.Slice(p * k, k);
                for (int j = 0; j < k; j++) row[j] -= f * done[j];
            }
            if (!unitDiagonal)
            {
                double d = a[i * n + i];
                for (int j = 0; j < k; j++) row[j] /= d;
            }
        }
    }

    /// <summary>
    /// Cholesky factorization A = L·Lᵀ reading A's lower triangle (potrf 'L'); <paramref name="a"/>
    /// (n×n) becomes L, its upper triangle zeroed. Returns 0, or the order of the first leading minor
    /// that is not positive-definite (LAPACK's info).
    /// </summary>
    public static int Cholesky(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            for (int p = 0; p < j; p++) d -= a[j * n + p] * a[j * n + p];
            if (!(d > 0)) return j + 1;
            d = Math.Sqrt(d);
            a[j * n + j] = d;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                for (int p = 0; p < j; p++) s -= a[i * n + p] * a[j * n + p];
                a[i * n + j] = s / d;
            }
        }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) a[i * n + j] = 0;
        return 0;
    }

    /// <summary>
    /// Householder QR in place (geqrf): <paramref name="a"/> (m×n) becomes R on and above the
    /// diagonal and the reflectors' vectors below it (their first element is an implicit 1);
    /// <paramref name="tau"/> (min(m, n)) holds their scales. Each reflector is dlarfg's:
    /// H = I − τ·v·vᵀ maps the column (α, x) to (β, 0) with β = −sign(α)·‖(α, x)‖, so R's diagonal
    /// has LAPACK's signs.
    /// </summary>
    public static void HouseholderQr(Span<double> a, int m, int n, Span<double> tau)
    {
        int steps = Math.Min(m, n);
        for (int k = 0; k < steps; k++)
        {
            double alpha = a[k * n + k];
            double tailNorm = 0;
            for (int i = k + 1; i < m; i++) tailNorm = Hypot(tailNorm, a[i * n + k]);
            if (tailNorm == 0)
            {
                tau[k] = 0; // H = I: the column is already in place.
                continue;
            }
            double beta = -Math.CopySign(Hypot(alpha, tailNorm), alpha);
            tau[k] = (beta - alpha) / beta;
            double scale = 1 / (alpha - beta);
            for (int i = k + 1; i < m; i++) a[i * n + k] *= scale;
            a[k * n + k] = beta;

            // Apply H to the columns on the right: a[:, j] −= τ·v·(vᵀ·a[:, j]).
            for (int j = k + 1; j < n; j++)
            {
                double w = a[k * n + j];
                for (int i = k + 1; i < m; i++) w += a[i * n + k] * a[i * n + j];
                w *= tau[k];
                a[k * n + j] -= w;
                for (int i = k + 1; i < m; i++) a[i * n + j] -= w * a[i * n + k];
            }
        }
    }

    /// <summary>The first <paramref name="columns"/> columns of Q = H₀·H₁·…, from
    /// <see cref="HouseholderQr"/>'s reflectors (orgqr), into <paramref name="q"/> (m×columns).</summary>
    public static void FormQ(ReadOnlySpan<double> reflectors, int m, int n, ReadOnlySpan<double> tau, Span<double> q, int columns)
    {
        q.Slice(0, m * columns).Clear();
        for (int i = 0; i < Math.Min(m, columns); i++) q[i * columns + i] = 1;
        for (int k = Math.Min(m, n) - 1; k >= 0; k--)
        {
            if (tau[k] == 0) continue;
            for (int j = 0; j < columns; j++)
            {
                double w = q[k * columns + j];
                for (int i = k + 1; i < m; i++) w += reflectors[i * n + k] * q[i * columns + j];
                w *= tau[k];
                q[k * columns + j] -= w;
                for (int i = k + 1; i < m; i++) q[i * columns + j] -= w * reflectors[i * n + k];
            }
        }
    }

    /// <summary>Swaps rows <paramref name="i"/> and <paramref name="j"/> of a row-major matrix with <paramref name="width"/> columns.</summary>
    private static void SwapRows(Span<double> a, int i, int j, int width)
    {
        var x = a.Slice(i * width, width);
        var y = a.Slice(j * width, width);
        for (int c = 0; c < width; c++) (x[c], y[c]) = (y[c], x[c]);
    }

    /// <summary>√(x² + y²) without overflow for large x or y (dlapy2).</summary>
    private static double Hypot(double x, double y)
    {
        double ax = Math.Abs(x), ay = Math.Abs(y);
        double big = Math.Max(ax, ay), small = Math.Min(ax, ay);
        if (big == 0) return 0;
        double r = small / big;
        return big * Math.Sqrt(1 + r * r);
    }
}
