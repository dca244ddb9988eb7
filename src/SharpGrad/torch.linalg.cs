using System.Globalization;
using SharpGrad.Ops;

namespace SharpGrad;

public static partial class torch
{
    /// <summary>The determinant of each square matrix in the last two dims (<c>torch.det</c>, an alias of <c>linalg.det</c>).</summary>
    public static Tensor det(Tensor input) => Linalg.Det(input);

    /// <summary>The inverse of each square matrix in the last two dims (<c>torch.inverse</c>, an alias of <c>linalg.inv</c>).</summary>
    public static Tensor inverse(Tensor input) => Linalg.Inv(input);

    /// <summary>
    /// <c>torch.linalg</c>: factorizations and solvers over batches of matrices (the last two dims of
    /// a tensor), differentiable to any order. SharpGrad computes them in double precision for float32
    /// and float64 inputs alike, rounding a float32 result once.
    /// </summary>
    public static partial class linalg
    {
        /// <summary>The inverse A⁻¹ of each square matrix (LU with partial pivoting). A singular matrix
        /// throws PyTorch's error naming the first zero diagonal element of U.</summary>
        public static Tensor inv(Tensor A) => Linalg.Inv(A);

        /// <summary>The determinant of each square matrix (from its LU factorization).</summary>
        public static Tensor det(Tensor A) => Linalg.Det(A);

        /// <summary>
        /// The solution X of A·X = B (X·A = B when <paramref name="left"/> is false) for square A,
        /// batched, with the batch dims of A and B broadcast as in PyTorch. B is taken as a (batch of)
        /// vector(s) when it is 1-D, or when its shape is A's without the last dim; the result then has
        /// B's shape too (left = true only, as in PyTorch).
        /// </summary>
        public static Tensor solve(Tensor A, Tensor B, bool left = true) => Linalg.Solve(A, B, left);

        /// <summary>
        /// The solution X of A·X = B (or X·A = B when <paramref name="left"/> is false) for triangular
        /// A: only its <paramref name="upper"/> or lower triangle is read, and its diagonal is taken as
        /// ones when <paramref name="unitriangular"/>. B must have at least 2 dims. As in PyTorch, a zero
        /// on the diagonal gives inf/nan rather than an error.
        /// </summary>
        public static Tensor solve_triangular(Tensor A, Tensor B, bool upper, bool left = true, bool unitriangular = false)
            => Linalg.SolveTriangular(A, B, upper, left, unitriangular);

        /// <summary>
        /// The Cholesky factor of each symmetric positive-definite matrix: lower triangular L with
        /// A = L·Lᵀ (reading A's lower triangle), or upper U = Lᵀ with A = Uᵀ·U when
        /// <paramref name="upper"/> (reading the upper triangle). A matrix that is not
        /// positive-definite throws PyTorch's error naming the leading minor that fails.
        /// </summary>
        public static Tensor cholesky(Tensor A, bool upper = false) => Linalg.Cholesky(A, upper);

        /// <summary>
        /// The QR decomposition A = Q·R by Householder reflections, with LAPACK's signs (as
        /// libtorch): <paramref name="mode"/> "reduced" (Q m×k, R k×n, k = min(m, n)), "complete"
        /// (Q m×m, R m×n) or "r" (R only; Q is an empty tensor). Differentiable in "reduced" mode, and
        /// in "complete" mode when m ≤ n.
        /// </summary>
        public static (Tensor Q, Tensor R) qr(Tensor A, string mode = "reduced") => Linalg.Qr(A, mode);

        /// <summary>
        /// A vector or matrix norm, as <c>torch.linalg.norm</c>. With neither <paramref name="ord"/>
        /// nor <paramref name="dim"/>, the 2-norm of all elements. With one dim, or a 1-D input, the
        /// vector norm of order <paramref name="ord"/> (see <see cref="vector_norm"/>); with two dims, or
        /// a 2-D input and an <paramref name="ord"/>, the matrix norm (see <see cref="matrix_norm(Tensor, double, long[], bool)"/>).
        /// </summary>
        public static Tensor norm(Tensor A, double? ord = null, long[]? dim = null, bool keepdim = false)
        {
            if (dim is not null)
                CheckNormDims(dim);
            else if (ord is not null && A.dim() is not (1 or 2))
                throw new ArgumentException($"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {A.dim()}D.");
            if (ord is { } matrixOrd && (dim is { Length: 2 } || (dim is null && A.dim() == 2)))
                return matrix_norm(A, matrixOrd, dim ?? [0, 1], keepdim);
            return vector_norm(A, ord ?? 2, dim, keepdim);
        }

        /// <summary>The matrix norm <paramref name="ord"/> "fro" or "nuc" (<c>torch.linalg.norm(A, "fro")</c>)
        /// over <paramref name="dim"/> (the two dims of a 2-D input when null).</summary>
        public static Tensor norm(Tensor A, string ord, long[]? dim = null, bool keepdim = false)
        {
            if (dim is not null)
                CheckNormDims(dim);
            else if (A.dim() is not (1 or 2))
                throw new ArgumentException($"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {A.dim()}D.");
            return matrix_norm(A, ord, dim ?? [0, 1], keepdim);
        }

        private static void CheckNormDims(long[] dim)
        {
            if (dim.Length is not (1 or 2))
                throw new ArgumentException(
                    $"linalg.norm: If dim is specified, it mut be of length 1 or 2. Got [{string.Join(", ", dim.Select(d => d.ToString(CultureInfo.InvariantCulture)))}]");
        }

        /// <summary>
        /// The vector norm of order <paramref name="ord"/> over <paramref name="dim"/> (all elements
        /// when null): 2 (default), 1, inf (largest |x|), -inf (smallest |x|), 0 (count of non-zeros) or
        /// any other positive order. The gradient where the norm is 0 is 0, as in PyTorch.
        /// </summary>
        public static Tensor vector_norm(Tensor x, double ord = 2, long[]? dim = null, bool keepdim = false)
            => x.norm(ord, dim ?? Enumerable.Range(0, x.dim()).Select(d => (long)d).ToArray(), keepdim);

        /// <summary>
        /// The matrix norm of order <paramref name="ord"/> over the two dims <paramref name="dim"/>
        /// (the last two by default): 1 (largest column sum of |a|), -1 (smallest), inf (largest row
        /// sum), -inf (smallest), 2 (the largest singular value), -2 (the smallest).
        /// </summary>
        public static Tensor matrix_norm(Tensor A, double ord, long[]? dim = null, bool keepdim = false)
        {
            var (d0, d1) = MatrixNormDims(A, dim);
            double absOrd = Math.Abs(ord);
            if (absOrd == 2)
                return SingularValueNorm(A, d0, d1, ord > 0 ? "2" : "-2", keepdim);
            if (absOrd != 1 && !double.IsPositiveInfinity(absOrd))
                throw new ArgumentException($"linalg.matrix_norm: Order {ord.ToString(CultureInfo.InvariantCulture)} not supported.");
            // ord ±1: the extreme column sum (sum over rows, dim[0]); ord ±inf: the extreme row sum.
            if (double.IsPositiveInfinity(absOrd)) (d0, d1) = (d1, d0);
            if (!keepdim && d0 < d1) d1--;
            var sums = A.abs().sum([d0], keepdim);
            return ord > 0 ? sums.amax(d1, keepdim) : sums.amin(d1, keepdim);
        }

        /// <summary>The matrix norm "fro" (Frobenius: the 2-norm of the elements) or "nuc" (nuclear:
        /// the sum of the singular values).</summary>
        public static Tensor matrix_norm(Tensor A, string ord = "fro", long[]? dim = null, bool keepdim = false)
        {
            var (d0, d1) = MatrixNormDims(A, dim);
            return ord switch
            {
                "fro" => vector_norm(A, 2, [d0, d1], keepdim),
                "nuc" => SingularValueNorm(A, d0, d1, "nuc", keepdim),
                _ => throw new ArgumentException($"linalg.matrix_norm: Order {ord} not supported."),
            };
        }

        /// <summary>The two dims of a matrix norm, wrapped to be non-negative, after PyTorch's checks.</summary>
        private static (int, int) MatrixNormDims(Tensor A, long[]? dim)
        {
            if (A.dim() < 2) throw new ArgumentException("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.");
            if (!A.is_floating_point())
                throw new ArgumentException($"linalg.matrix_norm: Expected a floating point or complex tensor as input. Got {A.dtype.CTypeName()}");
            dim ??= [-2, -1];
            if (dim.Length != 2)
                throw new ArgumentException($"linalg.matrix_norm: dim must be a 2-tuple. Got {string.Join(" ", dim.Select(d => d.ToString(CultureInfo.InvariantCulture)))}");
            int d0 = (int)(dim[0] < 0 ? dim[0] + A.dim() : dim[0]);
            int d1 = (int)(dim[1] < 0 ? dim[1] + A.dim() : dim[1]);
            if (d0 < 0 || d0 >= A.dim() || d1 < 0 || d1 >= A.dim())
                throw new IndexOutOfRangeException($"Dimension out of range (expected to be in range of [{-A.dim()}, {A.dim() - 1}], but got {(d0 < 0 || d0 >= A.dim() ? dim[0] : dim[1])})");
            if (d0 == d1) throw new ArgumentException($"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})");
            return (d0, d1);
        }
    }
}
