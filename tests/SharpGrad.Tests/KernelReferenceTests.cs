using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Elementwise and reduction fast paths against plain loops, over sizes around the
/// vector threshold, contiguous, transposed, sliced and broadcast operands.</summary>
public class KernelReferenceTests
{
    public static IEnumerable<object[]> Shapes()
    {
        foreach (var rows in new[] { 1, 3, 17 })
            foreach (var cols in new[] { 1, 2, 15, 16, 17, 33, 64 })
                yield return new object[] { rows, cols };
    }

    private static double[,] Values(Tensor t)
    {
        var flat = t.to(float64).contiguous().ToArray<double>();
        int r = (int)t.shape[0], c = (int)t.shape[1];
        var m = new double[r, c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m[i, j] = flat[i * c + j];
        return m;
    }

    private static void Check(Tensor actual, Func<int, int, double> expected, double tol = 1e-5)
    {
        var v = Values(actual);
        for (int i = 0; i < v.GetLength(0); i++)
            for (int j = 0; j < v.GetLength(1); j++)
                Assert.True(Math.Abs(v[i, j] - expected(i, j)) <= tol * (1 + Math.Abs(expected(i, j))), $"[{i},{j}]: {v[i, j]} vs {expected(i, j)}");
    }

    /// <summary>Flat runs long enough to be split over the worker threads: every chunk, including
    /// the last short one, lands in the right place, from operands that start at an offset.</summary>
    [Theory]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(200_017)]
    public void LongRunsSplitOverThreads(int length)
    {
        manual_seed(length);
        var a = randn(length + 3)[3..];                      // offset operands
        var b = randn(length + 5)[5..];
        float[] A = a.ToArray<float>(), B = b.ToArray<float>();
        void Expect(Tensor t, Func<int, double> f, double tol = 1e-5)
        {
            var v = t.ToArray<float>();
            Assert.Equal(length, v.Length);
            for (int i = 0; i < length; i++)
                if (Math.Abs(v[i] - f(i)) > tol * (1 + Math.Abs(f(i))))
                    Assert.Fail($"[{i}]: {v[i]} vs {f(i)}");
        }
        Expect(a + b, i => A[i] + B[i]);
        Expect(a * 3.0, i => A[i] * 3.0);
        Expect(2.0 - a, i => 2.0 - A[i]);
        Expect(a.exp(), i => Math.Exp(A[i]));
        var inPlace = b.clone();
        inPlace.sub_(a);
        Expect(inPlace, i => B[i] - A[i]);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ElementwiseOverLayouts(int rows, int cols)
    {
        manual_seed(rows * 100 + cols);
        var a = randn(rows, cols);
        var bT = randn(cols, rows).t();                      // transposed operand
        var wide = randn(rows, 2 * cols);
        var sliced = wide.slice(1, 0, null, 2);              // stride-2 operand
        var row = randn(1, cols);                            // broadcast over rows
        var col = randn(rows, 1);                            // broadcast over columns
        double[,] A = Values(a), B = Values(bT), S = Values(sliced), R = Values(row), C = Values(col);

        Check(a + bT, (i, j) => A[i, j] + B[i, j]);
        Check(a * sliced, (i, j) => A[i, j] * S[i, j]);
        Check(a - row, (i, j) => A[i, j] - R[0, j]);
        Check(col / (a.abs() + 1.0), (i, j) => C[i, 0] / (Math.Abs(A[i, j]) + 1));
        Check(2.5 - bT, (i, j) => 2.5 - B[i, j]);
        Check(bT.exp(), (i, j) => Math.Exp(B[i, j]));
        Check(sliced.tanh(), (i, j) => Math.Tanh(S[i, j]));
        Check(maximum(a, bT), (i, j) => Math.Max(A[i, j], B[i, j]));
        Check((a > bT).to(float32), (i, j) => A[i, j] > B[i, j] ? 1 : 0);
        Check(bT.contiguous(), (i, j) => B[i, j]);
        var inPlace = a.clone();
        inPlace.add_(bT);
        Check(inPlace, (i, j) => A[i, j] + B[i, j]);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ReductionsOverLayouts(int rows, int cols)
    {
        manual_seed(rows * 1000 + cols);
        var a = randn(cols, rows).t();   // transposed: the reduced runs are strided
        var A = Values(a);
        double RowSum(int i) { double s = 0; for (int j = 0; j < cols; j++) s += A[i, j]; return s; }
        double ColSum(int j) { double s = 0; for (int i = 0; i < rows; i++) s += A[i, j]; return s; }
        Check(a.sum(1, keepdim: true), (i, _) => RowSum(i), 1e-4);
        Check(a.sum(0, keepdim: true), (_, j) => ColSum(j), 1e-4);
        Check(a.amax(1, keepdim: true), (i, _) => Enumerable.Range(0, cols).Max(j => A[i, j]));
        Check(a.amin(0, keepdim: true), (_, j) => Enumerable.Range(0, rows).Min(i => A[i, j]));
        Check(a.mean(1, keepdim: true), (i, _) => RowSum(i) / cols, 1e-4);
        double total = 0;
        foreach (var v in A) total += v;
        Assert.Equal(total, a.sum().item(), 3);
    }
}
