using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// torch.linalg's factorizations and solvers over batches of matrices (the last two dims): inv,
/// det, solve, solve_triangular, cholesky and qr, each with its backward from PyTorch's
/// derivatives.yaml / FunctionsManual.cpp. The formulas are written with these same differentiable
/// ops (solve, solve_triangular, matmul, transposes, triangular masks), so second derivatives and
/// forward mode work. The kernels compute in double for float32 and float64 alike (see
/// <see cref="LinalgKernels"/>).
/// </summary>
internal static class Linalg
{
    // ------------------------------------------------------------------ checks (PyTorch's messages)

    private static void CheckFloating(Tensor a, string fn)
    {
        switch (a.ElementType)
        {
            case ScalarType.Float32:
            case ScalarType.Float64:
                return;
            default:
                throw new ArgumentException($"{fn}: Expected a floating point or complex tensor as input. Got {a.ElementType.CTypeName()}");
        }
    }

    private static void CheckAtLeast2D(Tensor a, string fn, string name = "A")
    {
        if (a.dim() < 2) throw new ArgumentException($"{fn}: The input tensor {name} must have at least 2 dimensions.");
    }

    /// <summary>A floating batch of square matrices.</summary>
    private static void CheckSquare(Tensor a, string fn)
    {
        CheckAtLeast2D(a, fn);
        if (a.Sizes[^1] != a.Sizes[^2])
            throw new ArgumentException($"{fn}: A must be batches of square matrices, but they are {a.Sizes[^2]} by {a.Sizes[^1]} matrices");
        CheckFloating(a, fn);
    }

    /// <summary>PyTorch's "(Batch element i): " for a batched input that failed.</summary>
    private static string BatchPrefix(Tensor a, int index) => a.dim() > 2 ? $" (Batch element {index}):" : "";

    // ------------------------------------------------------------------ data in and out of the kernels

    /// <summary>The elements of <paramref name="t"/> (any strides, float32 widened exactly) as a new
    /// row-major double array the kernels may overwrite.</summary>
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

    private static int[] BatchShape(Tensor t) => t.Sizes[..^2];

    private static long[] Long(IEnumerable<int> sizes) => sizes.Select(s => (long)s).ToArray();

    // ------------------------------------------------------------------ differentiable helpers for the formulas

    /// <summary>The transpose of the last two dims (PyTorch's mT; mH for real tensors).</summary>
    internal static Tensor MT(Tensor t) => t.transpose(-2, -1);

    /// <summary>tril/triu as a product with a constant 0/1 mask (differentiable to any order): keeps
    /// the elements with column − row ≤ <paramref name="diagonal"/> (lower) or ≥ it (upper).</summary>
    private static Tensor Triangle(Tensor x, bool upper, int diagonal)
    {
        int rows = x.Sizes[^2], cols = x.Sizes[^1];
        var mask = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                mask[i * cols + j] = (upper ? j - i >= diagonal : j - i <= diagonal) ? 1 : 0;
        return x * FromDoubles(mask, [rows, cols], x.ElementType);
    }

    internal static Tensor Tril(Tensor x, int diagonal = 0) => Triangle(x, upper: false, diagonal);

    internal static Tensor Triu(Tensor x, int diagonal = 0) => Triangle(x, upper: true, diagonal);

    // ------------------------------------------------------------------ inv

    public static Tensor Inv(Tensor a)
    {
        const string fn = "linalg.inv";
        CheckSquare(a, fn);
        int n = a.Sizes[^1], size = n * n;
        var data = ToDoubles(a);
        var result = new double[data.Length];
        var pivots = new int[n];
        for (int b = 0; b * size < data.Length; b++)
        {
            var lu = data.AsSpan(b * size, size);
            int info = LinalgKernels.LuFactor(lu, n, pivots, out _);
            if (info != 0)
                throw new InvalidOperationException(
                    $"{fn}:{BatchPrefix(a, b)} The diagonal element {info} is zero, the inversion could not be completed because the input matrix is singular.");
            var x = result.AsSpan(b * size, size);
            for (int i = 0; i < n; i++) x[i * n + i] = 1;
            LinalgKernels.LuSolve(lu, n, pivots, x, n);
        }
        var inverse = FromDoubles(result, a.Sizes, a.ElementType);
        // linalg_inv_ex: self: -at::matmul(inverse.mH(), at::matmul(grad, inverse.mH()))
        if (Autograd.NeedsGrad(a))
            inverse.SetHistory(new UnaryBackward("LinalgInvExBackward0", a, inverse,
                static (g, inv) => -MT(inv).matmul(g.matmul(MT(inv)))));
        return inverse;
    }

    // ------------------------------------------------------------------ det

    public static Tensor Det(Tensor a)
    {
        const string fn = "linalg.det";
        CheckSquare(a, fn);
        int n = a.Sizes[^1], size = n * n;
        var data = ToDoubles(a);
        int batch = size == 0 ? Tensor.Numel(BatchShape(a)) : data.Length / size;
        var result = new double[batch];
        var pivots = new int[n];
        for (int b = 0; b < batch; b++)
        {
            var lu = data.AsSpan(b * size, size);
            LinalgKernels.LuFactor(lu, n, pivots, out int swaps);
            double det = swaps % 2 == 0 ? 1 : -1;
            for (int i = 0; i < n; i++) det *= lu[i * n + i];
            result[b] = det;
        }
        var determinant = FromDoubles(result, BatchShape(a), a.ElementType);
        if (Autograd.NeedsGrad(a)) determinant.SetHistory(new DetBackward(a, determinant));
        return determinant;
    }

    /// <summary>
    /// linalg_det: A: linalg_det_backward(grad, result, A, LU, pivots), i.e. gA = g·det·A⁻ᴴ, computed
    /// as solve(Aᴴ, g·det·I) so that it is differentiable again. Where a matrix of the batch is
    /// singular (det = 0) PyTorch turns to an SVD; SharpGrad, which has none, uses the same
    /// gradient's other form there, the cofactor matrix (each entry a signed minor's determinant,
    /// also differentiable).
    /// </summary>
    private sealed class DetBackward : NamedNode
    {
        public DetBackward(Tensor a, Tensor det) : base("LinalgDetBackward0", [a]) => SaveForBackward(a, det);

        internal override Tensor?[] Apply(Tensor grad)
        {
            var a = Saved(0);
            var det = Saved(1);
            var g = grad.unsqueeze(-1).unsqueeze(-1);
            bool singular;
            using (new GradModeScope(false))
                singular = (det == 0).any().item<bool>();
            if (singular) return [g * Cofactors(a)];
            int n = a.Sizes[^1];
            var identity = torch.eye(n, dtype: a.ElementType);
            return [Solve(MT(a), (g * det.unsqueeze(-1).unsqueeze(-1)) * identity)];
        }
    }

    /// <summary>The cofactor matrix of each n×n matrix: C[i, j] = (−1)^(i+j)·det(A without row i and
    /// column j), the gradient of det(A) whether A is singular or not. Costs n² determinants.</summary>
    private static Tensor Cofactors(Tensor a)
    {
        int n = a.Sizes[^1];
        if (n == 1) return torch.ones_like(a);
        // Row i's minors keep the rows ≠ i: index [n·(n−1)], likewise for the columns.
        var others = new long[n * (n - 1)];
        var signs = new double[n * n];
        for (int i = 0, p = 0; i < n; i++)
        {
            for (int r = 0; r < n; r++)
                if (r != i) others[p++] = r;
            for (int j = 0; j < n; j++) signs[i * n + j] = (i + j) % 2 == 0 ? 1 : -1;
        }
        var index = torch.tensor(others);
        int batchDims = a.dim() - 2;
        var batch = Long(BatchShape(a));
        // [.., n·(n−1), n] → [.., n·(n−1), n·(n−1)] → [.., i, r, j, c] → [.., i, j, r, c]
        var minors = a.index_select(-2, index).index_select(-1, index)
            .reshape([.. batch, n, n - 1, n, n - 1]);
        long[] order = [.. Enumerable.Range(0, batchDims).Select(d => (long)d), batchDims, batchDims + 2, batchDims + 1, batchDims + 3];
        return Det(minors.permute(order)) * FromDoubles(signs, [n, n], a.ElementType);
    }

    // ------------------------------------------------------------------ solve

    /// <summary>B is a vector (or a batch of vectors) rather than a matrix: PyTorch's
    /// linalg_solve_is_vector_rhs.</summary>
    private static bool IsVectorRhs(Tensor a, Tensor b)
        => b.dim() == 1 || (a.dim() - 1 == b.dim() && b.Sizes.AsSpan().SequenceEqual(a.Sizes.AsSpan(0, a.dim() - 1)));

    /// <summary>X·A = B, as Aᵀ·Xᵀ = Bᵀ (differentiable through the transposes).</summary>
    public static Tensor Solve(Tensor a, Tensor b, bool left)
    {
        const string fn = "linalg.solve";
        CheckSquare(a, fn);
        int n = a.Sizes[^1];
        // A vector B stands for the column B.unsqueeze(-1), which fits X·A = B only when n = 1
        // (where X·A = B is A·X = B).
        if (left || (n == 1 && IsVectorRhs(a, b))) return Solve(a, b);
        var bm = IsVectorRhs(a, b) ? b.unsqueeze(-1) : b;
        if (bm.Sizes[^1] != n)
            throw new ArgumentException(
                $"{fn}: Incompatible shapes of A and B for the equation XA = B ({n}x{n} and {bm.Sizes[^2]}x{bm.Sizes[^1]})");
        return MT(Solve(MT(a), MT(b)));
    }

    public static Tensor Solve(Tensor a, Tensor b)
    {
        const string fn = "linalg.solve";
        CheckSquare(a, fn);
        CheckFloating(b, fn);
        if (a.ElementType != b.ElementType)
            throw new ArgumentException(
                $"{fn}: Expected A and B to have the same dtype, but found A of type {a.ElementType.CTypeName()} and B of type {b.ElementType.CTypeName()} instead");
        bool vector = IsVectorRhs(a, b);
        var bm = vector ? b.unsqueeze(-1) : b;
        int n = a.Sizes[^1];
        if (bm.dim() < 2 || bm.Sizes[^2] != n)
            throw new ArgumentException(
                $"{fn}: Incompatible shapes of A and B for the equation AX = B ({a.Sizes[^2]}x{n} and {(bm.dim() < 2 ? 1 : bm.Sizes[^2])}x{bm.Sizes[^1]})");
        int k = bm.Sizes[^1];
        var batch = Tensor.BroadcastShapes(BatchShape(a), BatchShape(bm));
        var aData = ToDoubles(a.detach().expand([.. Long(batch), n, n]));
        var x = ToDoubles(bm.detach().expand([.. Long(batch), n, k]));
        var pivots = new int[n];
        int count = Tensor.Numel(batch);
        for (int i = 0; i < count; i++)
        {
            var lu = aData.AsSpan(i * n * n, n * n);
            if (LinalgKernels.LuFactor(lu, n, pivots, out _) != 0)
                throw new InvalidOperationException(
                    $"torch.{fn}:{(batch.Length > 0 ? $" (Batch element {i}):" : "")} The solver failed because the input matrix is singular.");
            LinalgKernels.LuSolve(lu, n, pivots, x.AsSpan(i * n * k, n * k), k);
        }
        var solution = FromDoubles(x, [.. batch, n, k], a.ElementType);
        if (vector) solution = solution.squeeze(-1);
        solution.GradFn = null;
        solution.ViewBase = null;
        if (Autograd.NeedsGrad(a, b)) solution.SetHistory(new SolveBackward(a, b, solution, vector));
        return solution;
    }

    /// <summary>
    /// _linalg_solve_ex: A, B: linalg_solve_backward: gB = solve(Aᴴ, gX), gA = −gB·Xᴴ (for a vector
    /// right side, the outer product), each summed back over the broadcast batch dims.
    /// </summary>
    private sealed class SolveBackward : NamedNode
    {
        private readonly bool _vector;
        private readonly int[] _aShape, _bShape;

        public SolveBackward(Tensor a, Tensor b, Tensor x, bool vector) : base("LinalgSolveExBackward0", [a, b])
        {
            _vector = vector;
            _aShape = a.Sizes;
            _bShape = b.Sizes;
            SaveForBackward(a, NeedsInputGrad(0) ? x : null);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var a = Saved(0);
            var gX = _vector ? grad.unsqueeze(-1) : grad;
            var gB = Solve(MT(a), gX);
            Tensor? gA = null;
            if (NeedsInputGrad(0))
            {
                var x = Saved(1);
                var xm = _vector ? x.unsqueeze(-1) : x;
                gA = (-gB.matmul(MT(xm))).SumToShape(_aShape);
            }
            return [gA, NeedsInputGrad(1) ? (_vector ? gB.squeeze(-1) : gB).SumToShape(_bShape) : null];
        }
    }

    // ------------------------------------------------------------------ solve_triangular

    public static Tensor SolveTriangular(Tensor a, Tensor b, bool upper, bool left, bool unitriangular)
    {
        const string fn = "linalg.solve_triangular";
        CheckSquare(a, fn);
        CheckAtLeast2D(b, fn, "B");
        CheckFloating(b, fn);
        if (a.ElementType != b.ElementType)
            throw new ArgumentException(
                $"{fn}: Expected A and B to have the same dtype, but found A of type {a.ElementType.CTypeName()} and B of type {b.ElementType.CTypeName()} instead");
        int n = a.Sizes[^1];
        // X·A = B is Aᵀ·Xᵀ = Bᵀ: solve that on the left, with the other triangle of Aᵀ.
        var am = left ? a : MT(a);
        var bm = left ? b : MT(b);
        bool lower = left ? !upper : upper;
        if (bm.Sizes[^2] != n)
            throw new ArgumentException(
                $"{fn}: Incompatible shapes of A and B for the equation {(left ? "AX = B" : "XA = B")} ({a.Sizes[^2]}x{n} and {b.Sizes[^2]}x{b.Sizes[^1]})");
        int k = bm.Sizes[^1];
        var batch = Tensor.BroadcastShapes(BatchShape(am), BatchShape(bm));
        var aData = ToDoubles(am.detach().expand([.. Long(batch), n, n]));
        var x = ToDoubles(bm.detach().expand([.. Long(batch), n, k]));
        int count = Tensor.Numel(batch);
        for (int i = 0; i < count; i++)
            LinalgKernels.TriangularSolve(aData.AsSpan(i * n * n, n * n), n, upper: !lower, unitriangular, x.AsSpan(i * n * k, n * k), k);
        var solution = FromDoubles(x, [.. batch, n, k], a.ElementType);
        if (!left) solution = MT(solution).contiguous();
        solution.GradFn = null;
        solution.ViewBase = null;
        if (Autograd.NeedsGrad(a, b)) solution.SetHistory(new SolveTriangularBackward(a, b, solution, upper, left, unitriangular));
        return solution;
    }

    /// <summary>
    /// linalg_solve_triangular: self, B: linalg_solve_triangular_backward: gB = solve_triangular(Aᴴ,
    /// gX, !upper, left, unitriangular); gA = −gB·Xᴴ (left) or −Xᴴ·gB (right), kept to A's triangle
    /// (the strict one when unitriangular).
    /// </summary>
    private sealed class SolveTriangularBackward : NamedNode
    {
        private readonly bool _upper, _left, _unit;
        private readonly int[] _aShape, _bShape;

        public SolveTriangularBackward(Tensor a, Tensor b, Tensor x, bool upper, bool left, bool unit)
            : base("LinalgSolveTriangularBackward0", [a, b])
        {
            (_upper, _left, _unit) = (upper, left, unit);
            _aShape = a.Sizes;
            _bShape = b.Sizes;
            SaveForBackward(a, NeedsInputGrad(0) ? x : null);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var a = Saved(0);
            var gB = SolveTriangular(MT(a), grad, !_upper, _left, _unit);
            Tensor? gA = null;
            if (NeedsInputGrad(0))
            {
                var x = Saved(1);
                var product = _left ? -gB.matmul(MT(x)) : -MT(x).matmul(gB);
                gA = (_upper ? Triu(product, _unit ? 1 : 0) : Tril(product, _unit ? -1 : 0)).SumToShape(_aShape);
            }
            return [gA, NeedsInputGrad(1) ? gB.SumToShape(_bShape) : null];
        }
    }

    // ------------------------------------------------------------------ cholesky

    public static Tensor Cholesky(Tensor a, bool upper)
    {
        const string fn = "linalg.cholesky";
        CheckSquare(a, fn);
        int n = a.Sizes[^1], size = n * n;
        // potrf reads one triangle: the lower one of A, or for upper = true the upper one (the
        // lower one of Aᵀ), whose factor's transpose is returned.
        var data = ToDoubles(upper ? MT(a) : a);
        for (int b = 0; b * size < data.Length; b++)
        {
            int info = LinalgKernels.Cholesky(data.AsSpan(b * size, size), n);
            if (info != 0)
                throw new InvalidOperationException(
                    $"{fn}:{BatchPrefix(a, b)} The factorization could not be completed because the input is not positive-definite (the leading minor of order {info} is not positive-definite).");
        }
        var factor = FromDoubles(data, a.Sizes, a.ElementType);
        if (upper)
        {
            using (new GradModeScope(false))
                factor = MT(factor).contiguous();
        }
        // linalg_cholesky_ex: self: cholesky_backward(grad, upper, L)
        if (Autograd.NeedsGrad(a))
            factor.SetHistory(new UnaryBackward<bool>("LinalgCholeskyExBackward0", a, factor, upper, static (g, l, up) =>
            {
                // cf. Iain Murray (2016), arXiv 1602.07527, as PyTorch's cholesky_backward.
                if (up) { l = MT(l); g = MT(g); }
                var gA = Tril(MT(l).matmul(g));
                // 0.5 (gA + gAᴴ − diag(gA))
                gA = 0.5 * (gA + MT(Tril(gA, -1)));
                gA = SolveTriangular(MT(l), gA, upper: true, left: true, unitriangular: false);
                return SolveTriangular(l, gA, upper: false, left: false, unitriangular: false);
            }));
        return factor;
    }

    // ------------------------------------------------------------------ qr

    public static (Tensor Q, Tensor R) Qr(Tensor a, string mode)
    {
        const string fn = "linalg.qr";
        bool computeQ, complete;
        switch (mode)
        {
            case "reduced": (computeQ, complete) = (true, false); break;
            case "complete": (computeQ, complete) = (true, true); break;
            case "r": (computeQ, complete) = (false, false); break;
            default:
                throw new ArgumentException($"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', or 'complete'");
        }
        CheckAtLeast2D(a, fn);
        CheckFloating(a, fn);
        int m = a.Sizes[^2], n = a.Sizes[^1], k = Math.Min(m, n);
        int qColumns = complete ? m : k, rRows = complete ? m : k;
        var batchShape = BatchShape(a);
        int batch = Tensor.Numel(batchShape);
        var data = ToDoubles(a);
        var q = computeQ ? new double[batch * m * qColumns] : [];
        var r = new double[batch * rRows * n];
        var tau = new double[k];
        for (int b = 0; b < batch; b++)
        {
            var matrix = data.AsSpan(b * m * n, m * n);
            LinalgKernels.HouseholderQr(matrix, m, n, tau);
            var rb = r.AsSpan(b * rRows * n, rRows * n);
            for (int i = 0; i < Math.Min(rRows, m); i++)
                for (int j = i; j < n; j++) rb[i * n + j] = matrix[i * n + j];
            if (computeQ) LinalgKernels.FormQ(matrix, m, n, tau, q.AsSpan(b * m * qColumns, m * qColumns), qColumns);
        }
        var qTensor = computeQ ? FromDoubles(q, [.. batchShape, m, qColumns], a.ElementType) : Tensor.Empty([0], a.ElementType);
        var rTensor = FromDoubles(r, [.. batchShape, rRows, n], a.ElementType);
        if (Autograd.NeedsGrad(a)) QrBackward.Record(a, qTensor, rTensor, mode);
        return (qTensor, rTensor);
    }

    /// <summary>
    /// linalg_qr: A: linalg_qr_backward(grad_Q, grad_R, Q, R, mode). One node for both outputs, as in
    /// PyTorch: a gradient may arrive for Q, for R or for both.
    /// </summary>
    private sealed class QrBackward : MultiOutputNode
    {
        private readonly string _mode;

        private QrBackward(Tensor a, Tensor q, Tensor r, string mode) : base("LinalgQrBackward0", [a], [q, r])
        {
            _mode = mode;
            SaveForBackward(q, r);
        }

        /// <summary>Makes the node the grad_fn of Q (output 0, unless mode='r' left it out) and R
        /// (output 1); under forward mode, gives them their tangents first.</summary>
        public static void Record(Tensor a, Tensor q, Tensor r, string mode)
            => new QrBackward(a, q, r, mode).SetHistoryOf([q, r], [mode != "r", true]);

        internal override Tensor?[] ApplyAll(Tensor?[] grads)
        {
            var gQ = grads.Length > 0 ? grads[0] : null;
            var gR = grads.Length > 1 ? grads[1] : null;
            if (_mode == "r")
                throw new InvalidOperationException(
                    "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
            var q = Saved(0);
            var r = Saved(1);
            int m = q.Sizes[^2], n = r.Sizes[^1];
            if (_mode == "complete" && m > n)
                throw new InvalidOperationException("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
            if (gQ is null && gR is null) return [null];

            // gA = gR·Rᴴ − Qᴴ·gQ (the terms present)
            Tensor gA;
            if (gQ is not null)
                gA = gR is not null ? gR.matmul(MT(r)) - MT(q).matmul(gQ) : -MT(q).matmul(gQ);
            else
                gA = gR!.matmul(MT(r));
            if (m >= n)
            {
                // gA = [gQ + Q·syminvadj(triu(gA))]·R⁻ᴴ, syminvadj(X) = X + Xᴴ with the diagonal halved.
                var sym = Triu(gA) + MT(Triu(gA, 1));
                gA = q.matmul(sym);
                if (gQ is not null) gA = gA + gQ;
                return [SolveTriangular(MT(r), gA, upper: false, left: false, unitriangular: false)];
            }
            // m < n: gA = [Q·trilImInvAdjSkew(−gA)·R₁⁻ᴴ, 0] + Q·gR, with R = [R₁ | R₂].
            var x = -gA;
            var skew = Tril(x - MT(x));
            var left = SolveTriangular(MT(r.narrow(-1, 0, m)), q.matmul(skew), upper: false, left: false, unitriangular: false);
            var zeros = torch.zeros([.. Long(left.Sizes[..^1]), n - m], dtype: left.ElementType);
            var result = torch.cat([left, zeros], -1);
            if (gR is not null) result = result + q.matmul(gR);
            return [result];
        }
    }
}
