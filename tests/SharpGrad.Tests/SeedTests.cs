using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>The seed tutorials' programs, written as in PyTorch, asserting what PyTorch prints.</summary>
[Collection("Global state")] // seeds and draws from the global generator
public class SeedTests
{
    // ---------------------------------------------------------------- seed 000

    sealed class line : autograd.Function<line>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            var (w, b, x) = (inputs[0], inputs[1], inputs[2]);
            ctx.save_for_backward(w, b, x);
            return mm(w, x) + b;
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            var grad_output = grad_outputs[0];
            var saved = ctx.saved_tensors;
            var x = saved[2];
            var dw = mm(grad_output, x.t());
            var db = grad_output;
            return [dw, db, null];
        }
    }

    [Fact]
    public void Seed000_CustomLineFunction()
    {
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);
        var z = line.apply(w, b, x);
        Assert.Equal("lineBackward", z.grad_fn!.name());
        Assert.StartsWith("<torch.autograd.function.lineBackward object at 0x", z.grad_fn.ToString());
        var a = z.pow(2);
        a.backward();
        Assert.Equal("tensor([[36., 54.]])", w.grad!.ToString());
        // db has shape [1, 1] and is summed down to b's shape [1].
        Assert.Equal("tensor([18.])", b.grad!.ToString());
        Assert.Null(x.grad);
    }

    [Fact]
    public void Seed000_RetainGradAndNoGrad()
    {
        var x = tensor(new float[,] { { 2 }, { 3 } });
        var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
        var b = tensor(new float[] { 1 }, requires_grad: true);
        var z = mm(w, x) + b;
        z.retain_grad();
        Assert.True(z.retains_grad);
        var a = z.pow(2);
        a.backward();
        Assert.Equal("tensor([[18.]])", z.grad!.ToString());

        var z2 = mm(w, x) + b;
        Tensor a2;
        using (no_grad()) a2 = z2.pow(2);
        Assert.False(a2.requires_grad);
        Assert.Null(a2.grad_fn);

        var z3 = z2.detach();
        Assert.False(z3.requires_grad);
        Assert.Equal("tensor([[81.]])", z3.pow(2).ToString());
    }

    [Fact]
    public void Seed000_GradientDescentThroughData()
    {
        var x1 = tensor(new float[] { 1 }, dtype: @float, requires_grad: true);
        var x2 = tensor(new float[] { 1 }, dtype: @float, requires_grad: true);
        var alpha = 0.5;
        for (int epoch = 0; epoch < 10; epoch++)
        {
            var f = (x1 - 10).pow(2) + (x2 + 5).pow(2);
            f.backward();
            x1.data = x1.data - alpha * x1.grad!;
            x2.data = x2.data - alpha * x2.grad!;
        }
        // Gradients are never zeroed, as written in the seed, so they accumulate.
        Assert.Equal("tensor([10.], requires_grad=True) tensor([-5.], requires_grad=True)", $"{x1} {x2}");
        Assert.True(x1.is_leaf);
    }

    // ---------------------------------------------------------------- seed 001

    [Fact]
    public void Seed001_RequiresGradAndSumBackward()
    {
        var a = randn(2, 2);
        a = ((a * 3) / (a - 1));
        Assert.False(a.requires_grad);
        a.requires_grad_(true);
        Assert.True(a.requires_grad);
        var b = (a * a).sum();
        Assert.Equal("SumBackward0", b.grad_fn!.name());
        Assert.StartsWith("<SumBackward0 object at 0x", b.grad_fn.ToString());
    }

    sealed class MyReLU : autograd.Function<MyReLU>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            ctx.save_for_backward(inputs[0]);
            return inputs[0].clamp(min: 0);
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            var input = ctx.saved_tensors[0];
            var grad_input = grad_outputs[0].clone();
            grad_input[input < 0] = 0;
            return [grad_input];
        }
    }

    [Fact]
    public void CustomReLUMatchesReluIncludingCreateGraph()
    {
        manual_seed(5);
        var x = RandD(4, 3);
        var w = RandD(3);
        var g1 = autograd.grad([(MyReLU.apply(x) * w).pow(2).sum()], [x, w], create_graph: true);
        var g2 = autograd.grad([(x.relu() * w).pow(2).sum()], [x, w], create_graph: true);
        Assert.True(allclose(g1[0]!, g2[0]!));
        Assert.True(allclose(g1[1]!, g2[1]!));
        // Second order through the custom backward's masked assignment.
        var h1 = autograd.grad([g1[0]!.sum()], [w])[0]!;
        var h2 = autograd.grad([g2[0]!.sum()], [w])[0]!;
        Assert.True(allclose(h1, h2));
        Assert.Equal("MyReLUBackward", MyReLU.apply(x).grad_fn!.name());
    }

    [Fact]
    public void Seed001_TwoLayerNetWithCustomReLU()
    {
        manual_seed(0);
        var dtype = @float;
        var device = torch.device("cpu");
        long N = 64, D_in = 1000, H = 100, D_out = 10;
        var x = randn(N, D_in, device: device, dtype: dtype);
        var y = randn(N, D_out, device: device, dtype: dtype);
        var w1 = randn(D_in, H, device: device, dtype: dtype, requires_grad: true);
        var w2 = randn(H, D_out, device: device, dtype: dtype, requires_grad: true);
        var learning_rate = 1e-6;
        double first = 0, last = 0;
        for (int t = 0; t < 500; t++)
        {
            Func<Tensor[], Tensor> relu = MyReLU.apply;
            var y_pred = relu([x.mm(w1)]).mm(w2);
            var loss = (y_pred - y).pow(2).sum();
            if (t == 0) first = loss.item();
            last = loss.item();
            loss.backward();
            using (no_grad())
            {
                w1 -= learning_rate * w1.grad!;
                w2 -= learning_rate * w2.grad!;
                w1.grad!.zero_();
                w2.grad!.zero_();
            }
        }
        Assert.True(first / last > 1000, $"loss fell from {first} to {last}");
        Assert.True(w1.is_leaf);
        Assert.True(w1.requires_grad);
    }

    // ---------------------------------------------------------------- seed 002

    [Fact]
    public void Seed002_EyeAccumulationWithRetainGraph()
    {
        var inp = eye(5, requires_grad: true);
        var @out = (inp + 1).pow(2);
        @out.backward(ones_like(inp), retain_graph: true);
        var first = "tensor([[4., 2., 2., 2., 2.],\n        [2., 4., 2., 2., 2.],\n        [2., 2., 4., 2., 2.],\n        [2., 2., 2., 4., 2.],\n        [2., 2., 2., 2., 4.]])";
        Assert.Equal(first, inp.grad!.ToString());
        @out.backward(ones_like(inp), retain_graph: true);
        Assert.Equal("tensor([[8., 4., 4., 4., 4.],\n        [4., 8., 4., 4., 4.],\n        [4., 4., 8., 4., 4.],\n        [4., 4., 4., 8., 4.],\n        [4., 4., 4., 4., 8.]])", inp.grad!.ToString());
        inp.grad!.zero_();
        @out.backward(ones_like(inp), retain_graph: true);
        Assert.Equal(first, inp.grad!.ToString());
    }

    [Fact]
    public void Seed002_NonScalarBackwardThroughSum()
    {
        var x = arange(4.0, requires_grad: true);
        var y = x * x;
        y.sum().backward();
        Assert.Equal("tensor([0., 2., 4., 6.])", x.grad!.ToString());
    }

    [Fact]
    public void Seed002_ExpReducerJacobian()
    {
        Tensor exp_reducer(Tensor x) => x.exp().sum(dim: 1);
        var inputs = tensor(new float[,] { { 0.4f, 0.89f }, { 0.891f, 0.867f } });
        var jac = autograd.functional.jacobian(exp_reducer, inputs);
        Assert.Equal(new long[] { 2, 2, 2 }, jac.shape);
        Assert.Equal(
            "tensor([[[1.4918, 2.4351],\n         [0.0000, 0.0000]],\n\n        [[0.0000, 0.0000],\n         [2.4376, 2.3798]]])",
            jac.ToString());
        // ones · J equals the gradient of the summed output.
        var x = inputs.clone().requires_grad_();
        exp_reducer(x).sum().backward();
        Assert.True(allclose(jac.sum(0), x.grad!));
    }

    // ---------------------------------------------------------------- seed 003

    [Fact]
    public void Seed003_ChainRule()
    {
        var x = tensor(2.0f, requires_grad: true);
        var y = tensor(3.0f, requires_grad: true);
        var z = x * y + y.pow(2);
        var loss = z;
        loss.backward();
        Assert.Equal("tensor(3.)", x.grad!.ToString());
        Assert.Equal("tensor(8.)", y.grad!.ToString());
    }

    [Fact]
    public void Seed003_AutogradGradWithCreateGraph()
    {
        var x = tensor(3.0f, requires_grad: true);
        var y = x.pow(3);
        var dydx = autograd.grad([y], [x], create_graph: true)[0]!;
        Assert.Equal("tensor(27., grad_fn=<MulBackward0>)", dydx.ToString());
        var d2ydx2 = autograd.grad([dydx], [x])[0]!;
        Assert.Equal("tensor(18.)", d2ydx2.ToString());
        Assert.Null(x.grad); // autograd.grad accumulates nothing
    }

    [Fact]
    public void Seed003_GradModes()
    {
        var x = ones(2, requires_grad: true);
        Assert.True(is_grad_enabled());
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            Assert.False((x * 2).requires_grad);
            using (enable_grad())
                Assert.True((x * 2).requires_grad);
            Assert.False(is_grad_enabled());
        }
        using (set_grad_enabled(false)) Assert.False((x * 2).requires_grad);
        using (inference_mode()) Assert.False((x * 2).requires_grad);
        Assert.True((x * 2).requires_grad);

        // Grad mode is per thread.
        bool? otherThread = null;
        using (no_grad())
        {
            var t = new Thread(() => otherThread = is_grad_enabled());
            t.Start();
            t.Join();
        }
        Assert.True(otherThread);
    }

    sealed class line3 : autograd.Function<line3>
    {
        public override Tensor forward(AutogradContext ctx, params Tensor[] inputs)
        {
            ctx.save_for_backward(inputs[0], inputs[1], inputs[2]);
            return inputs[0] * inputs[1] + inputs[2];
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor[] grad_outputs)
        {
            var grad_out = grad_outputs[0];
            var s = ctx.saved_tensors;
            var (w, x) = (s[0], s[1]);
            return [grad_out * x, grad_out * w, grad_out];
        }
    }

    [Fact]
    public void Seed003_ThreeGradientFunction()
    {
        var w = rand(2, 2, requires_grad: true);
        var x = rand(2, 2, requires_grad: true);
        var b = rand(2, 2, requires_grad: true);
        var @out = line3.apply(w, x, b);
        @out.backward(ones(2, 2));
        Assert.True(equal(w.grad!, x.detach()));
        Assert.True(equal(x.grad!, w.detach()));
        Assert.Equal("tensor([[1., 1.],\n        [1., 1.]])", b.grad!.ToString());
        Assert.EndsWith("requires_grad=True)", w.ToString());
    }

    // ---------------------------------------------------------------- seed 004

    [Fact]
    public void Seed004_DotAndAccumulation()
    {
        var x = arange(4.0);
        Assert.Equal("tensor([0., 1., 2., 3.])", x.ToString());
        x.requires_grad_(true);
        Assert.Null(x.grad);
        var y = 2 * dot(x, x);
        Assert.Equal("tensor(28., grad_fn=<MulBackward0>)", y.ToString());
        y.backward();
        Assert.Equal("tensor([ 0.,  4.,  8., 12.])", x.grad!.ToString());
        Assert.Equal("tensor([True, True, True, True])", (x.grad == 4 * x).ToString());

        x.grad!.zero_();
        y = x.sum();
        y.backward();
        Assert.Equal("tensor([1., 1., 1., 1.])", x.grad!.ToString());

        x.grad!.zero_();
        y = x * x;
        y.backward(gradient: ones(y.shape[0]));
        Assert.Equal("tensor([0., 2., 4., 6.])", x.grad!.ToString());
    }

    [Fact]
    public void Seed004_Detach()
    {
        var x = arange(4.0, requires_grad: true);
        var y = x * x;
        var u = y.detach();
        Assert.Equal("tensor([0., 1., 4., 9.])", u.ToString());
        var z = u * x;
        Assert.Equal("tensor([ 0.,  1.,  8., 27.], grad_fn=<MulBackward0>)", z.ToString());
        Assert.True((z == x * x * x).all().item<bool>());
        z.sum().backward();
        Assert.True((x.grad! == u).all().item<bool>());
        x.grad!.zero_();
        y.sum().backward();
        Assert.True((x.grad! == 2 * x).all().item<bool>());
    }

    [Fact]
    public void Seed004_SecondBackwardRaises()
    {
        var a = tensor(new[] { 1.0f, 3.0f, 5.0f, 7.0f, 9.0f }, requires_grad: true);
        var b = tensor(new[] { 2.0f, 4.0f, 6.0f, 9.0f, 10.0f }, requires_grad: true);
        var c = a * b;
        var s = c.sum();
        Assert.Equal("tensor(197., grad_fn=<SumBackward0>)", s.ToString());
        s.backward();
        Assert.Equal("tensor([ 2.,  4.,  6.,  9., 10.])", a.grad!.ToString());
        var e = Assert.Throws<InvalidOperationException>(() => s.backward());
        Assert.Equal(
            "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.",
            e.Message);
    }

    [Fact]
    public void Seed004_SinDerivativeIsCos()
    {
        var x = arange(0.0, 10.0, 0.1);
        x.requires_grad_(true);
        var x1 = x.detach();
        var y2 = sin(x);
        y2.sum().backward();
        Assert.True(allclose(x.grad!, cos(x1), atol: 1e-6));

        var xl = linspace(0, 2 * Math.PI, 100, requires_grad: true);
        var f_x = sin(xl);
        var e = Assert.Throws<InvalidOperationException>(() => f_x.backward());
        Assert.Equal("grad can be implicitly created only for scalar outputs", e.Message);
        f_x.backward(ones_like(xl));
        Assert.True(allclose(xl.grad!, cos(xl.detach()), atol: 1e-6));
    }
}
