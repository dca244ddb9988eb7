using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Custom Functions with several outputs: one node, one gradient per output.</summary>
public class MultiOutputFunctionTests
{
    /// <summary>(sin x, cos x); records whether backward saw a null gradient.</summary>
    sealed class SinCos : autograd.MultiOutputFunction<SinCos>
    {
        public override Tensor[] forward(AutogradContext ctx, params Tensor[] inputs)
        {
            ctx.save_for_backward(inputs[0]);
            if (inputs.Length > 1) ctx.set_materialize_grads(false);
            return [inputs[0].sin(), inputs[0].cos()];
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor?[] grad_outputs)
        {
            var x = ctx.saved_tensors[0];
            ctx.saved_data["nulls"] = grad_outputs.Select(g => g is null).ToArray();
            Tensor? grad = null;
            if (grad_outputs[0] is { } gs) grad = gs * x.cos();
            if (grad_outputs[1] is { } gc) grad = grad is null ? -gc * x.sin() : grad - gc * x.sin();
            return [grad, null];
        }
    }

    /// <summary>(max over dim 0, its index); the index is not differentiable.</summary>
    sealed class MaxWithIndex : autograd.MultiOutputFunction<MaxWithIndex>
    {
        public override Tensor[] forward(AutogradContext ctx, params Tensor[] inputs)
        {
            var index = inputs[0].argmax(0);
            ctx.mark_non_differentiable(index);
            ctx.save_for_backward(index);
            ctx.saved_data["n"] = inputs[0].size(0);
            return [inputs[0].amax(0), index];
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor?[] grad_outputs)
        {
            ctx.saved_data["index grad"] = grad_outputs[1];
            var index = ctx.saved_tensors[0];
            var n = (long)ctx.saved_data["n"]!;
            var mask = arange(n).unsqueeze(1).eq(index).to(grad_outputs[0]!.dtype);
            return [mask * grad_outputs[0]!];
        }
    }

    sealed class WrongCount : autograd.MultiOutputFunction<WrongCount>
    {
        public override Tensor[] forward(AutogradContext ctx, params Tensor[] inputs) => [inputs[0] * 2, inputs[0] * 3];
        public override Tensor?[] backward(AutogradContext ctx, params Tensor?[] grad_outputs)
            => [grad_outputs[0], grad_outputs[1]];
    }

    sealed class NullOutput : autograd.MultiOutputFunction<NullOutput>
    {
        public override Tensor[] forward(AutogradContext ctx, params Tensor[] inputs) => [inputs[0] * 2, null!];
        public override Tensor?[] backward(AutogradContext ctx, params Tensor?[] grad_outputs) => [grad_outputs[0]];
    }

    /// <summary>Returns its input unchanged as both outputs, and scales it in place as a third.</summary>
    sealed class Aliases : autograd.MultiOutputFunction<Aliases>
    {
        public override Tensor[] forward(AutogradContext ctx, params Tensor[] inputs)
        {
            inputs[1].mul_(3);
            ctx.mark_dirty(inputs[1]);
            return [inputs[0], inputs[0], inputs[1]];
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor?[] grad_outputs)
            => [grad_outputs[0]! + grad_outputs[1]!, grad_outputs[2]! * 3];
    }

    static Tensor X() => tensor(new double[] { 0.5, -1, 2 }, requires_grad: true);

    [Fact]
    public void OutputsShareOneNode()
    {
        var x = X();
        var outs = SinCos.apply(x);
        Assert.Equal(2, outs.Length);
        Assert.Same(outs[0].grad_fn, outs[1].grad_fn);
        Assert.Equal("SinCosBackward", outs[0].grad_fn!.name());
        Assert.Equal((0, 1), (outs[0].output_nr, outs[1].output_nr));
        Assert.Equal(0, x.output_nr);
        AssertValues(outs[0], [Math.Sin(0.5), Math.Sin(-1), Math.Sin(2)], 1e-15);
        AssertValues(outs[1], [Math.Cos(0.5), Math.Cos(-1), Math.Cos(2)], 1e-15);
        // The next node records which output its gradient goes to.
        var next = (outs[1] * 2).grad_fn!.next_functions[0];
        Assert.Same(outs[0].grad_fn, next.node);
        Assert.Equal(1, next.input_nr);
        Assert.StartsWith("<torch.autograd.function.SinCosBackward object at 0x", outs[0].grad_fn!.ToString());
        // No input requires grad: plain tensors.
        Assert.All(SinCos.apply(tensor(new[] { 1.0 })), t => Assert.Null(t.grad_fn));
    }

    [Fact]
    public void BackwardGetsOneGradientPerOutput()
    {
        var x = X();
        var outs = SinCos.apply(x);
        (outs[0] * 2 + outs[1]).sum().backward();
        AssertValues(x.grad!, new[] { 0.5, -1, 2 }.Select(v => 2 * Math.Cos(v) - Math.Sin(v)).ToArray(), 1e-14);

        // Only the second output used: the first output's gradient arrives as zeros.
        var y = X();
        SinCos.apply(y)[1].sum().backward();
        AssertValues(y.grad!, new[] { 0.5, -1, 2 }.Select(v => -Math.Sin(v)).ToArray(), 1e-14);

        Assert.True(autograd.gradcheck(t => { var o = SinCos.apply(t[0]); return o[0] * 2 + o[1] * o[0]; }, [RandD(4)]));
        Assert.True(autograd.gradgradcheck(t => { var o = SinCos.apply(t[0]); return o[0] * 2 + o[1] * o[0]; }, [RandD(4)]));
        Assert.True(autograd.gradcheck(t => SinCos.apply(t[0])[1], [RandD(3)]));
    }

    [Fact]
    public void MaterializeGradsOffPassesNull()
    {
        var x = X();
        var outs = SinCos.apply(x, tensor(0.0));   // a second input switches materialization off
        outs[1].sum().backward();
        AssertValues(x.grad!, new[] { 0.5, -1, 2 }.Select(v => -Math.Sin(v)).ToArray(), 1e-14);
        var sawNull = (bool[])GetCtx(outs[1]).saved_data["nulls"]!;
        Assert.Equal([true, false], sawNull);

        var z = X();
        var materialized = SinCos.apply(z);
        materialized[1].sum().backward();
        Assert.Equal([false, false], (bool[])GetCtx(materialized[1]).saved_data["nulls"]!);
    }

    static AutogradContext GetCtx(Tensor t)
    {
        var node = t.grad_fn!;
        var field = node.GetType().GetField("_ctx", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return (AutogradContext)field.GetValue(node)!;
    }

    [Fact]
    public void NonDifferentiableOutputs()
    {
        var x = tensor(new double[,] { { 1, 5 }, { 3, 2 } }, requires_grad: true);
        var outs = MaxWithIndex.apply(x);
        var (values, index) = (outs[0], outs[1]);
        Assert.Equal("tensor([3., 5.], dtype=torch.float64, grad_fn=<MaxWithIndexBackward>)", values.ToString());
        Assert.Equal("tensor([1, 0])", index.ToString());
        Assert.False(index.requires_grad);
        Assert.Null(index.grad_fn);
        Assert.Equal(0, values.output_nr);
        values.sum().backward();
        AssertValues(x.grad!, [0, 1, 1, 0]);
        // The non-differentiable output's gradient is materialized as zeros of its own dtype.
        var indexGrad = (Tensor)GetCtx(values).saved_data["index grad"]!;
        Assert.Equal("tensor([0, 0])", indexGrad.ToString());
        Assert.True(autograd.gradcheck(t => MaxWithIndex.apply(t[0])[0], [RandD(3, 4)]));
    }

    [Fact]
    public void HooksRetainGradAndGradOfEachOutput()
    {
        var x = X();
        var outs = SinCos.apply(x);
        outs[1].retain_grad();
        Assert.True(outs[1].retains_grad);
        Assert.False(outs[0].retains_grad);
        var seen = new List<string>();
        outs[1].register_hook(g => { seen.Add(g.ToString()); return g * 10; });
        (outs[0] + outs[1] * 2).sum().backward();
        Assert.Equal(["tensor([2., 2., 2.], dtype=torch.float64)"], seen);
        Assert.Equal("tensor([20., 20., 20.], dtype=torch.float64)", outs[1].grad!.ToString());
        Assert.Null(outs[0].grad);
        AssertValues(x.grad!, new[] { 0.5, -1, 2 }.Select(v => Math.Cos(v) - 20 * Math.Sin(v)).ToArray(), 1e-13);

        // autograd.grad with respect to the outputs themselves, in either order.
        var o = SinCos.apply(X());
        var grads = autograd.grad([(o[0] * 3 + o[1] * 5).sum()], [o[1], o[0]]);
        Assert.Equal("tensor([5., 5., 5.], dtype=torch.float64)", grads[0]!.ToString());
        Assert.Equal("tensor([3., 3., 3.], dtype=torch.float64)", grads[1]!.ToString());

        // backward(inputs: [output 1]) accumulates into that output's .grad only.
        var p = SinCos.apply(X());
        (p[0] + p[1] * 7).sum().backward(inputs: [p[1]]);
        Assert.Equal("tensor([7., 7., 7.], dtype=torch.float64)", p[1].grad!.ToString());
        Assert.Null(p[0].grad);
    }

    [Fact]
    public void InputsReturnedAndModifiedInPlace()
    {
        var x = X();
        var y = tensor(new double[] { 1, 2 }, requires_grad: true);
        var yCopy = y.clone();
        var outs = Aliases.apply(x, yCopy);
        Assert.NotSame(outs[0], x);
        Assert.NotSame(outs[0], outs[1]);
        Assert.Same(yCopy, outs[2]);
        Assert.Equal((0, 1, 2), (outs[0].output_nr, outs[1].output_nr, outs[2].output_nr));
        AssertValues(outs[2], [3, 6]);
        (outs[0] * 2 + outs[1]).sum().backward(retain_graph: true);
        AssertValues(x.grad!, [3, 3, 3]);
        outs[2].sum().backward();
        AssertValues(y.grad!, [3, 3]);
    }

    [Fact]
    public void Errors()
    {
        Assert.Equal("NullOutput.forward returned null as output 1; every output must be a tensor",
            Assert.Throws<InvalidOperationException>(() => NullOutput.apply(X())).Message);
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.",
            Assert.Throws<InvalidOperationException>(() => Aliases.apply(X(), ones(2, dtype: float64, requires_grad: true))).Message);

        var x = X();
        var e = Assert.Throws<InvalidOperationException>(() => WrongCount.apply(x)[0].sum().backward());
        Assert.Equal("function WrongCountBackward returned an incorrect number of gradients (expected 1, got 2)", e.Message);

        var outs = SinCos.apply(X());
        var loss = (outs[0] + outs[1]).sum();
        loss.backward();
        var twice = Assert.Throws<InvalidOperationException>(() => loss.backward());
        Assert.StartsWith("Trying to backward through the graph a second time", twice.Message);
    }
}

[Collection("Global state")] // dual levels are process-wide
public class MultiOutputForwardModeTests
{
    [Fact]
    public void TangentsOfEachOutput()
    {
        var primal = tensor(new double[] { 0.5, -1, 2 });
        var tangent = tensor(new double[] { 1, 2, -3 });
        using (autograd.forward_ad.dual_level())
        {
            var outs = MultiOutputFunctionTestsAccess.SinCos(autograd.forward_ad.make_dual(primal, tangent));
            var t0 = autograd.forward_ad.unpack_dual(outs[0]).tangent!;
            var t1 = autograd.forward_ad.unpack_dual(outs[1]).tangent!;
            AssertValues(t0, [Math.Cos(0.5), 2 * Math.Cos(-1), -3 * Math.Cos(2)], 1e-14);
            AssertValues(t1, [-Math.Sin(0.5), -2 * Math.Sin(-1), 3 * Math.Sin(2)], 1e-14);
            // Forward mode alone records no backward graph.
            Assert.Null(outs[0].grad_fn);
        }
    }
}

/// <summary>SinCos again, visible to the forward-mode tests.</summary>
internal static class MultiOutputFunctionTestsAccess
{
    sealed class SinCosFn : autograd.MultiOutputFunction<SinCosFn>
    {
        public override Tensor[] forward(AutogradContext ctx, params Tensor[] inputs)
        {
            ctx.save_for_backward(inputs[0]);
            return [inputs[0].sin(), inputs[0].cos()];
        }

        public override Tensor?[] backward(AutogradContext ctx, params Tensor?[] grad_outputs)
        {
            var x = ctx.saved_tensors[0];
            return [grad_outputs[0]! * x.cos() - grad_outputs[1]! * x.sin()];
        }
    }

    public static Tensor[] SinCos(Tensor x) => SinCosFn.apply(x);
}
