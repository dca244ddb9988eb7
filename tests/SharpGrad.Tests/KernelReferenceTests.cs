using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Elementwise and reduction fast paths against plain loops, over sizes around the
/// vector threshold, contiguous, transposed, sliced and broadcast operands.</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
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

    /// <summary>The one-pass backward of relu and clamp against the general where() formula (which
    /// create_graph uses), over lengths around the vector widths, with ties at the bounds, signed
    /// zeros and NaN; relu passes a NaN output's gradient as PyTorch's threshold_backward does.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(1000)]
    public void FusedReluAndClampBackwardMatchTheGeneralFormula(int length)
    {
        foreach (var dtype in new[] { float32, float64 })
        {
            manual_seed(length);
            var values = randn(length, dtype: dtype);
            values[0] = 0.0;
            if (length > 2) { values[1] = double.NaN; values[2] = -0.0; }
            if (length > 4) { values[3] = 0.5; values[4] = -0.5; }
            var upstream = randn(length, dtype: dtype);
            foreach (var (name, f) in new (string, Func<Tensor, Tensor>)[]
            {
                ("relu", t => t.relu()),
                ("clamp(min=0)", t => t.clamp(min: 0)),
                ("clamp(-0.5, 0.5)", t => t.clamp(min: -0.5, max: 0.5)),
                ("clamp(max=0.5)", t => t.clamp(max: 0.5)),
            })
            {
                var x1 = values.detach().requires_grad_();
                f(x1).backward(upstream);                        // fused: no graph recorded
                var x2 = values.detach().requires_grad_();
                var g2 = autograd.grad([f(x2)], [x2], [upstream], create_graph: true)[0]!;  // general formula
                double[] fused = x1.grad!.to(float64).ToArray<double>(), general = g2.to(float64).ToArray<double>();
                var v = values.to(float64).ToArray<double>();
                var u = upstream.to(float64).ToArray<double>();
                for (int i = 0; i < length; i++)
                {
                    Assert.True(fused[i].Equals(general[i]), $"{name} {dtype} [{i}] x={v[i]}: fused {fused[i]} vs general {general[i]}");
                    bool passes = name == "relu" ? !(Math.Max(v[i], 0) <= 0) || double.IsNaN(v[i])
                        : name == "clamp(min=0)" ? v[i] >= 0
                        : name == "clamp(max=0.5)" ? v[i] <= 0.5
                        : v[i] >= -0.5 && v[i] <= 0.5;
                    Assert.Equal(passes ? u[i] : 0.0, fused[i]);
                }
            }
        }
    }

    /// <summary>add_/sub_ with alpha: one fused multiply-add pass where it applies (contiguous, same
    /// shape), the general path elsewhere (broadcast, strided, shifted overlap), same values.</summary>
    [Theory]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(100_001)] // pooled, and past the zero path's switch to the runtime's memset
    public void FillWritesEveryElementIncludingNegativeZero(int n)
    {
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var t = full(new long[] { n }, 3.0, dtype: dtype);
            t.zero_();
            Assert.All(t.ToArray<double>(), v => Assert.True(v == 0 && !double.IsNegative(v)));
            t.fill_(-0.0);
            Assert.All(t.ToArray<double>(), v => Assert.True(v == 0 && double.IsNegative(v), "fill_(-0.0) must keep the sign"));
            t.fill_(2.5);
            Assert.All(t.ToArray<double>(), v => Assert.Equal(2.5, v));
        }
        var longs = full(new long[] { n }, 7L, dtype: ScalarType.Int64);
        longs.zero_();
        Assert.All(longs.ToArray<long>(), v => Assert.Equal(0L, v));
        var pairs = full(new long[] { n, 2 }, 1.0);
        pairs[.., 0].zero_();
        Assert.Equal(0.0, pairs[.., 0].sum().item<double>());
        Assert.Equal((double)n, pairs[.., 1].sum().item<double>());
    }

    [Fact]
    public void AddAndSubInPlaceWithAlpha()
    {
        foreach (var dtype in new[] { float32, float64 })
        {
            manual_seed(3);
            var w = randn(new long[] { 7, 33 }, dtype: dtype);
            var g = randn(new long[] { 7, 33 }, dtype: dtype);
            double[] W = w.to(float64).ToArray<double>(), G = g.to(float64).ToArray<double>();
            double tol = dtype == float32 ? 1e-6 : 1e-14;
            void Expect(Tensor t, Func<int, double> f)
            {
                var v = t.to(float64).ToArray<double>();
                for (int i = 0; i < v.Length; i++) Assert.True(Math.Abs(v[i] - f(i)) <= tol * (1 + Math.Abs(f(i))), $"[{i}] {v[i]} vs {f(i)}");
            }
            var fused = w.clone(); fused.add_(g, alpha: -0.25); Expect(fused, i => W[i] - 0.25 * G[i]);
            fused = w.clone(); fused.sub_(g, alpha: 3); Expect(fused, i => W[i] - 3 * G[i]);
            fused = w.clone(); fused.add_(fused, alpha: 2); Expect(fused, i => 3 * W[i]);           // same memory
            var strided = w.clone(); strided.add_(g.t().contiguous().t(), alpha: 0.5); Expect(strided, i => W[i] + 0.5 * G[i]);
            var row = g[0..1];                                                                  // broadcast
            var broadcast = w.clone(); broadcast.add_(row, alpha: 2); Expect(broadcast, i => W[i] + 2 * G[i % 33]);
            var flat = w.flatten().clone();                                                     // shifted overlap
            flat[1..].add_(flat[..^1], alpha: 1.5);                                            // (general path; no exception)
            Assert.Equal(7 * 33, flat.numel());
            var bumped = w.clone(); int before = bumped.SharedStorage.Version; bumped.add_(g, alpha: 2);
            Assert.Equal(before + 1, bumped.SharedStorage.Version);
        }
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

    /// <summary>Tensors of more dimensions than the loop drivers keep on the stack (8): permuted so
    /// that no dimensions merge, broadcast, copied and reduced over alternating dimensions, against
    /// plain index arithmetic on the source values.</summary>
    [Fact]
    public void LayoutsBeyondTheStackBufferRank()
    {
        int[] baseShape = [2, 3, 2, 2, 3, 2, 2, 3, 2, 2];
        int[] perm = [9, 0, 8, 1, 7, 2, 6, 3, 5, 4];
        int rank = baseShape.Length;
        manual_seed(10);
        var a = randn(Array.ConvertAll(baseShape, s => (long)s));
        var A = a.to(float64).ToArray<double>();
        var baseStrides = new int[rank];
        for (int k = rank - 1, s = 1; k >= 0; s *= baseShape[k], k--) baseStrides[k] = s;
        var shape = Array.ConvertAll(perm, p => baseShape[p]);
        var ap = a.permute(Array.ConvertAll(perm, p => (long)p));
        var bShape = (int[])shape.Clone();
        bShape[2] = 1; bShape[5] = 1;
        var b = randn(Array.ConvertAll(bShape, s => (long)s));
        var B = b.to(float64).ToArray<double>();

        // Row-major walk over `shape`: the permuted element of a and the broadcast element of b.
        int n = A.Length;
        var expectSum = new double[n];
        var expectCopy = new double[n];
        var index = new int[rank];
        for (int flat = 0; flat < n; flat++)
        {
            int aOff = 0, bOff = 0;
            for (int k = 0; k < rank; k++)
            {
                aOff += index[k] * baseStrides[perm[k]];
                bOff = bOff * bShape[k] + (bShape[k] == 1 ? 0 : index[k]);
            }
            expectCopy[flat] = A[aOff];
            expectSum[flat] = A[aOff] + B[bOff];
            for (int k = rank - 1; k >= 0 && ++index[k] == shape[k]; k--) index[k] = 0;
        }
        var copy = ap.contiguous().to(float64).ToArray<double>();
        var sum = (ap + b).to(float64).ToArray<double>();
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(expectCopy[i], copy[i]);
            Assert.True(Math.Abs(expectSum[i] - sum[i]) <= 1e-5 * (1 + Math.Abs(expectSum[i])), $"sum [{i}]: {sum[i]} vs {expectSum[i]}");
        }

        // Reducing dims 1, 3, 5, 7 leaves 9 alternating groups of kept and reduced dimensions.
        var reduced = ap.sum(new long[] { 1, 3, 5, 7 }).to(float64).ToArray<double>();
        var expectReduced = new double[reduced.Length];
        Array.Clear(index);
        for (int flat = 0; flat < n; flat++)
        {
            int o = 0;
            for (int k = 0; k < rank; k++)
                if (k is not (1 or 3 or 5 or 7)) o = o * shape[k] + index[k];
            expectReduced[o] += expectCopy[flat];
            for (int k = rank - 1; k >= 0 && ++index[k] == shape[k]; k--) index[k] = 0;
        }
        for (int i = 0; i < reduced.Length; i++)
            Assert.True(Math.Abs(expectReduced[i] - reduced[i]) <= 1e-4 * (1 + Math.Abs(expectReduced[i])), $"reduced [{i}]: {reduced[i]} vs {expectReduced[i]}");
    }
}
