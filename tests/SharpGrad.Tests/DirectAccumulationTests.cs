using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// mm's backward adds a weight's gradient straight into its existing <c>.grad</c> (the product
/// accumulates into it) where nothing could observe the difference; everywhere else it takes the
/// general path. Both must give the same numbers.
/// </summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class DirectAccumulationTests
{
    private static void AssertClose(Tensor expected, Tensor actual, double tol = 1e-12)
    {
        Assert.Equal(expected.shape, actual.shape);
        var e = expected.to(float64).contiguous().ToArray<double>();
        var a = actual.to(float64).contiguous().ToArray<double>();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tol * (1 + Math.Abs(e[i])), $"[{i}] expected {e[i]}, got {a[i]}");
    }

    /// <summary>The gradients of x and w for loss(x.mm(w)) + earlier gradients, by autograd.grad (never direct).</summary>
    private static (Tensor dx, Tensor dw) Reference(Tensor x, Tensor w, Func<Tensor, Tensor> loss)
    {
        var xr = x.detach().requires_grad_(x.requires_grad);
        var wr = w.detach().requires_grad_();
        var inputs = x.requires_grad ? new[] { xr, wr } : new[] { wr };
        var grads = autograd.grad([loss(xr.mm(wr))], inputs);
        var dw = grads[^1]!;
        var dx = x.requires_grad ? grads[0]! : zeros(1);
        return (dx, dw);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WeightGradientsAddedInPlaceMatchTheGeneralPath(bool inputNeedsGrad)
    {
        foreach (var dtype in new[] { float64, float32 })
        {
            manual_seed(11);
            var x = randn(new long[] { 13, 37 }, dtype: dtype, requires_grad: inputNeedsGrad);
            var w = randn(new long[] { 37, 21 }, dtype: dtype, requires_grad: true);
            Func<Tensor, Tensor> loss = y => (y.clamp(min: 0) * y).sum();
            var (dx, dw) = Reference(x, w, loss);

            // First backward: no .grad yet (general path), then three more on top of it.
            for (int step = 0; step < 4; step++)
                loss(x.mm(w)).backward();
            double tol = dtype == float64 ? 1e-12 : 1e-5;
            AssertClose(dw * 4, w.grad!, tol);
            if (inputNeedsGrad) AssertClose(dx * 4, x.grad!, tol);

            // After zero_(), a step adds into the zeroed gradient; the version counter moves.
            w.grad!.zero_();
            int version = w.grad.SharedStorage.Version;
            loss(x.mm(w)).backward();
            AssertClose(dw, w.grad!, tol);
            Assert.True(w.grad.SharedStorage.Version > version);
        }
    }

    [Fact]
    public void WhereTheGradientCouldBeObservedTheGeneralPathRuns()
    {
        manual_seed(5);
        var x = randn(6, 9, dtype: float64);
        var w = randn(new long[] { 9, 4 }, dtype: float64, requires_grad: true);
        Func<Tensor, Tensor> loss = y => y.pow(2).sum();
        var (_, dw) = Reference(x, w, loss);

        // A hook on the leaf sees the incoming gradient itself.
        w.grad = zeros(9, 4, dtype: float64);
        Tensor? seen = null;
        w.register_hook(g => { seen = g.clone(); return null; });
        loss(x.mm(w)).backward();
        AssertClose(dw, seen!);
        AssertClose(dw, w.grad!);

        // The same leaf on both sides (two contributions are summed first).
        var s = randn(new long[] { 5, 5 }, dtype: float64, requires_grad: true);
        var expected = autograd.grad([s.mm(s).sum()], [s])[0]!;
        s.grad = zeros(5, 5, dtype: float64);
        s.mm(s).sum().backward();
        AssertClose(expected, s.grad!);

        // A transposed .grad (not contiguous) still accumulates correctly.
        var v = randn(new long[] { 9, 4 }, dtype: float64, requires_grad: true);
        v.grad = zeros(4, 9, dtype: float64).t();
        loss(x.mm(v)).backward();
        AssertClose(autograd.grad([loss(x.mm(v))], [v])[0]!, v.grad!);

        // create_graph keeps .grad differentiable; anomaly mode still checks every gradient.
        var u = randn(new long[] { 9, 4 }, dtype: float64, requires_grad: true);
        u.grad = zeros(9, 4, dtype: float64);
        loss(x.mm(u)).backward(create_graph: true);
        Assert.NotNull(u.grad!.grad_fn);
        using (autograd.detect_anomaly())
        {
            var bad = x.clone();
            bad[0, 0] = double.NaN;
            var z = randn(new long[] { 9, 4 }, dtype: float64, requires_grad: true);
            z.grad = zeros(9, 4, dtype: float64);
            Assert.Throws<InvalidOperationException>(() => bad.mm(z).sum().backward());
        }
    }

    [Fact]
    public void ConcurrentBackwardIntoASharedWeightLosesNothing()
    {
        var x = ones(8, 16);
        var w = zeros(new long[] { 16, 4 }, requires_grad: true);
        w.grad = zeros(16, 4);
        const int perThread = 200;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < perThread; i++) x.mm(w).sum().backward();
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        // d/dw sum(x·w) = xᵀ·1 = 8 in every entry, per backward.
        Assert.True(equal(w.grad!, full([16, 4], 8.0 * perThread * threads.Length)));
    }

    /// <summary>nn.Linear's form, x·wᵀ: the product reaches the weight through its transpose node,
    /// with no .grad yet (set_to_none), with one (accumulating), and after zero_().</summary>
    [Fact]
    public void TransposedWeightGradientsMatchTheGeneralPath()
    {
        foreach (var dtype in new[] { float64, float32 })
        {
            manual_seed(3);
            var x = randn(new long[] { 10, 7 }, dtype: dtype);
            var w = randn(new long[] { 5, 7 }, dtype: dtype, requires_grad: true);
            var b = randn(new long[] { 5 }, dtype: dtype, requires_grad: true);
            Func<Tensor, Tensor> loss = y => (y.tanh() * y).sum();
            var wr = w.detach().requires_grad_();
            var expected = autograd.grad([loss(x.matmul(wr.t()) + b.detach())], [wr])[0]!;
            double tol = dtype == float64 ? 1e-12 : 1e-5;

            loss(nn.functional.linear(x, w, b)).backward();
            AssertClose(expected, w.grad!, tol);
            Assert.True(w.grad!.is_contiguous());
            Assert.Null(w.grad.grad_fn);
            var first = w.grad;

            loss(nn.functional.linear(x, w, b)).backward();
            AssertClose(expected * 2, w.grad!, tol);
            Assert.Same(first, w.grad); // accumulated in place

            w.grad = null;
            loss(x.matmul(w.t())).backward();
            AssertClose(autograd.grad([loss(x.matmul(wr.t()))], [wr])[0]!, w.grad!, tol);
        }
    }

    [Fact]
    public void WhereTheTransposedGradientCouldBeObservedTheGeneralPathRuns()
    {
        manual_seed(8);
        var x = randn(new long[] { 6, 4 }, dtype: float64);
        var w = randn(new long[] { 3, 4 }, dtype: float64, requires_grad: true);
        var wr = w.detach().requires_grad_();
        var expected = autograd.grad([x.matmul(wr.t()).pow(2).sum()], [wr])[0]!;

        // A hook and retain_grad on the transposed tensor see its gradient.
        var wt = w.t();
        Tensor? seen = null;
        wt.register_hook(g => { seen = g.clone(); return null; });
        wt.retain_grad();
        x.matmul(wt).pow(2).sum().backward();
        AssertClose(expected.t(), seen!);
        AssertClose(expected.t(), wt.grad!);
        AssertClose(expected, w.grad!);

        // The transpose used twice: its two gradients are summed before the leaf.
        w.grad = null;
        var wt2 = w.t();
        (x.matmul(wt2).pow(2).sum() + x.matmul(wt2).pow(2).sum()).backward();
        AssertClose(expected * 2, w.grad!);

        // Two weights never share one gradient buffer.
        var v = w.detach().clone().requires_grad_();
        (x.matmul(w.t()).sum() + x.matmul(v.t()).sum()).backward(); // w.grad accumulates; v.grad is new
        Assert.False(ReferenceEquals(w.grad!.SharedStorage, v.grad!.SharedStorage));
        v.grad.zero_();
        AssertClose(expected * 2 + x.sum(0).expand(3, 4), w.grad!);
    }

    /// <summary>linear is one addmm for a matrix (or contiguous 3-D) input with a bias, as in
    /// PyTorch: same values, PyTorch's node names, and addmm's backward delivers a leaf operand's
    /// gradient straight from the GEMM like mm's, the bias getting the column sums.</summary>
    [Fact]
    public void LinearIsOneAddmmWithTheGeneralPathsNumbers()
    {
        manual_seed(21);
        var w = randn(new long[] { 5, 7 }, dtype: float64, requires_grad: true);
        var b = randn(new long[] { 5 }, dtype: float64, requires_grad: true);
        var x2 = randn(new long[] { 6, 7 }, dtype: float64, requires_grad: true);
        var x3 = randn(new long[] { 2, 3, 7 }, dtype: float64, requires_grad: true);
        Func<Tensor, Tensor> loss = y => (y.sin() * y).sum();

        foreach (var x in new[] { x2, x3, x3.transpose(0, 1) })
        {
            var (xr, wr, br) = (x.detach().requires_grad_(), w.detach().requires_grad_(), b.detach().requires_grad_());
            var reference = xr.matmul(wr.t()) + br;
            var expected = autograd.grad([loss(reference)], [xr, wr, br]);

            w.grad = null;
            b.grad = null;
            x2.grad = null;
            x3.grad = null;
            var y = nn.functional.linear(x, w, b);
            string node = x.dim() == 2 ? "AddmmBackward0" : x.is_contiguous() ? "ViewBackward0" : "AddBackward0";
            Assert.Equal(node, y.grad_fn!.name());
            AssertClose(reference, y);
            loss(y).backward();
            AssertClose(expected[1]!, w.grad!);
            AssertClose(expected[2]!, b.grad!);
            var xGrad = x.dim() == 2 ? x2.grad! : x3.grad!;
            AssertClose(x.is_leaf ? expected[0]! : expected[0]!.transpose(0, 1), xGrad);
        }
        Assert.Equal("MmBackward0", nn.functional.linear(x2, w).grad_fn!.name());
    }

    /// <summary>addmm's direct path for each operand, with and without an existing .grad; alpha ≠ 1
    /// takes the general path.</summary>
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void AddmmOperandGradientsMatchTheGeneralPath(double alpha)
    {
        manual_seed(4);
        var input = randn(new long[] { 1, 4 }, dtype: float64, requires_grad: true);
        var a = randn(new long[] { 6, 3 }, dtype: float64, requires_grad: true);
        var b = randn(new long[] { 3, 4 }, dtype: float64, requires_grad: true);
        Func<Tensor, Tensor> loss = y => (y.exp() * y).sum();
        var (ir, ar, br) = (input.detach().requires_grad_(), a.detach().requires_grad_(), b.detach().requires_grad_());
        var expected = autograd.grad([loss(ir * 2 + ar.mm(br) * alpha)], [ir, ar, br]);

        for (int step = 1; step <= 2; step++)
        {
            loss(addmm(input, a, b, beta: 2, alpha: alpha)).backward();
            AssertClose(expected[0]! * step, input.grad!);
            AssertClose(expected[1]! * step, a.grad!);
            AssertClose(expected[2]! * step, b.grad!);
        }
        Assert.True(autograd.gradcheck(t => addmm(t[0], t[1], t[2], beta: 2, alpha: alpha), [input, a, b]));
    }
}
