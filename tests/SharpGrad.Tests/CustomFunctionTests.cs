using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Custom autograd Functions written as PyTorch allows them.</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class CustomFunctionTests
{
    /// <summary>y = x·wᵀ + b, whose backward returns a trailing null (PyTorch allows extra Nones).</summary>
    sealed class LinearFn : autograd.Function<LinearFn>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            var (x, w, b) = (inputs[0], inputs[1], inputs[2]);
            ctx.save_for_backward(x, w);
            return x.mm(w.t()) + b;
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            var (x, w) = (ctx.saved_tensors[0], ctx.saved_tensors[1]);
            var g = grad_outputs[0];
            return [g.mm(w), g.t().mm(x), g.sum(0), null];
        }
    }

    /// <summary>tanh as a Function, so that the whole XOR network is made of custom Functions.</summary>
    sealed class TanhFn : autograd.Function<TanhFn>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            var y = inputs[0].tanh();
            ctx.save_for_backward(y);
            return y;
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            var y = ctx.saved_tensors[0];
            return [grad_outputs[0] * (1 - y * y), null, null];
        }
    }

    sealed class TooManyGradients : autograd.Function<TooManyGradients>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs) => inputs[0] * inputs[1];
        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
            => [grad_outputs[0], grad_outputs[0], grad_outputs[0]];
    }

    [Fact]
    public void BackwardMayReturnTrailingNulls()
    {
        var x = tensor(new double[,] { { 1, 2 }, { 3, 4 } }, requires_grad: true);
        var w = tensor(new double[,] { { 1, -1 }, { 2, 0 }, { 0, 3 } }, requires_grad: true);
        var b = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var y = LinearFn.apply(x, w, b);
        Assert.Equal("LinearFnBackward", y.grad_fn!.name());
        AssertValues(y, [0, 4, 9, 0, 8, 15]);
        y.sum().backward();
        AssertValues(x.grad!, [3, 2, 3, 2]);          // column sums of w
        AssertValues(w.grad!, [4, 6, 4, 6, 4, 6]);    // each row: column sums of x
        AssertValues(b.grad!, [2, 2, 2]);
        Assert.True(autograd.gradcheck(t => LinearFn.apply(t[0], t[1], t[2]), [RandD(4, 2), RandD(3, 2), RandD(3)]));
    }

    [Fact]
    public void BackwardReturningTooManyNonNullGradientsFails()
    {
        var x = ones(2, requires_grad: true);
        var y = TooManyGradients.apply(x, ones(2));
        var e = Assert.Throws<InvalidOperationException>(() => y.sum().backward());
        Assert.Equal("function TooManyGradientsBackward returned an incorrect number of gradients (expected 2, got 3)", e.Message);
    }

    /// <summary>A 2-8-1 network of custom Functions trained on XOR; returns the final loss and predictions.</summary>
    static (double loss, double[] predictions) TrainXor(long seed)
    {
        var gen = new Generator().manual_seed(seed);
        var x = tensor(new double[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
        var target = tensor(new double[,] { { 0 }, { 1 }, { 1 }, { 0 } });
        var w1 = randn([8, 2], dtype: float64, generator: gen).requires_grad_();
        var b1 = zeros(8, dtype: float64, requires_grad: true);
        var w2 = randn([1, 8], dtype: float64, generator: gen).requires_grad_();
        var b2 = zeros(1, dtype: float64, requires_grad: true);
        Tensor[] parameters = [w1, b1, w2, b2];
        double loss = double.NaN;
        Tensor output = x;
        for (int step = 0; step < 2000; step++)
        {
            var hidden = TanhFn.apply(LinearFn.apply(x, w1, b1));
            output = LinearFn.apply(hidden, w2, b2);
            var l = (output - target).pow(2).mean();
            foreach (var p in parameters) p.grad = null;
            l.backward();
            using (no_grad())
                foreach (var p in parameters) p.sub_(0.1 * p.grad!);
            loss = l.item<double>();
        }
        return (loss, output.detach().reshape(-1).ToArray<double>());
    }

    [Fact]
    public void NetworkOfCustomFunctionsLearnsXor()
    {
        var (loss, predictions) = TrainXor(seed: 0);
        Assert.True(loss < 0.01, $"final loss {loss}");
        Assert.Equal([false, true, true, false], predictions.Select(p => p > 0.5).ToArray());
    }

    [Fact]
    public void NetworksOfCustomFunctionsTrainOnTwoThreads()
    {
        var single = TrainXor(seed: 1);
        var results = new (double loss, double[] predictions)[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() => results[i] = TrainXor(seed: 1))).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        foreach (var r in results)
        {
            // Each thread trains its own model; with the same seed they must agree with a lone run.
            Assert.Equal(single.loss, r.loss);
            Assert.Equal(single.predictions, r.predictions);
            Assert.True(r.loss < 0.01, $"final loss {r.loss}");
            Assert.Equal([false, true, true, false], r.predictions.Select(p => p > 0.5).ToArray());
        }
    }
}
