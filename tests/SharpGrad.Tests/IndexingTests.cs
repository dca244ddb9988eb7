using SharpGrad;
using static SharpGrad.torch;
using static SharpGrad.Tests.TestUtil;

namespace SharpGrad.Tests;

public class IndexingTests
{
    private static Tensor M() => arange(12.0).reshape(3, 4);

    [Fact]
    public void BasicIndexingGivesViews()
    {
        var x = M();
        Assert.Equal("tensor([4., 5., 6., 7.])", x[1].ToString());
        Assert.Equal("tensor(6.)", x[1, 2].ToString());
        Assert.Equal("tensor([1., 5., 9.])", x[.., 1].ToString());
        Assert.Equal("tensor([[ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]])", x[1..3].ToString());
        Assert.Equal("tensor([ 8.,  9., 10., 11.])", x[^1].ToString());
        Assert.Equal("tensor([ 3.,  7., 11.])", x[TensorIndex.Ellipsis, ^1].ToString());
        Assert.Equal(new long[] { 1, 3, 4 }, x[TensorIndex.None].shape);
        Assert.Equal("tensor([[ 1.,  3.],\n        [ 9., 11.]])", x[TensorIndex.Slice(0, null, 2), TensorIndex.Slice(1, null, 2)].ToString());
        Assert.Equal(new long[] { 3, 2 }, x[.., 2..].shape);
        Assert.Equal(new long[] { 3, 3 }, x[.., ..^1].shape);

        var row = x[1];
        row[0] = 100;                 // writes through the view
        Assert.Equal(100.0, x[1, 0].item());
        x[.., 1] = tensor(new double[] { -1, -2, -3 });
        Assert.Equal("tensor([-1., -2., -3.])", x[.., 1].ToString());
    }

    [Fact]
    public void MasksAndIndexTensorsGiveCopies()
    {
        var x = M();
        var mask = x > 8.0;
        Assert.Equal("tensor([ 9., 10., 11.])", x[mask].ToString());
        Assert.Equal("tensor([[ 8.,  9., 10., 11.],\n        [ 0.,  1.,  2.,  3.]])", x[tensor(new long[] { 2, 0 })].ToString());
        Assert.Equal("tensor([[1., 0.],\n        [5., 4.],\n        [9., 8.]])", x[.., tensor(new long[] { 1, 0 })].ToString());
        Assert.Equal("tensor([[0., 1., 2., 3.]])", x[tensor(new[] { true, false, false })].ToString());
        Assert.Equal(new long[] { 2, 2, 4 }, x[tensor(new long[,] { { 0, 1 }, { 2, 2 } })].shape);

        x[x > 8.0] = 0;
        Assert.Equal(0.0, x[2, 3].item());
        Assert.Equal(8.0, x[2, 0].item());
        x[tensor(new long[] { 0 })] = tensor(new double[] { 7, 7, 7, 7 });
        Assert.Equal("tensor([7., 7., 7., 7.])", x[0].ToString());
        Assert.Equal("tensor([3, 1])", tensor(new long[] { 5, 3, 1 }).index_select(0, tensor(new long[] { 1, 2 })).ToString());
        Assert.Equal("tensor([2., 3.])", tensor(new float[] { 1, 2, 3 }).masked_select(tensor(new[] { false, true, true })).ToString());
        Assert.Equal("tensor([ 1., -1.,  3.])", tensor(new float[] { 1, 2, 3 }).masked_fill(tensor(new[] { false, true, false }), -1).ToString());
    }

    [Fact]
    public void IndexingErrors()
    {
        var x = ones(3);
        Assert.Equal("index 5 is out of bounds for dimension 0 with size 3", Assert.Throws<IndexOutOfRangeException>(() => x[5]).Message);
        Assert.Equal("too many indices for tensor of dimension 1", Assert.Throws<IndexOutOfRangeException>(() => x[0, 0]).Message);
        Assert.Equal("The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3] at index 0",
            Assert.Throws<IndexOutOfRangeException>(() => x[tensor(new[] { true, false })]).Message);
        Assert.Equal("index 3 is out of bounds for dimension 0 with size 3", Assert.Throws<IndexOutOfRangeException>(() => x[tensor(new long[] { 3 })]).Message);
        var leaf = ones(3, requires_grad: true);
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.",
            Assert.Throws<InvalidOperationException>(() => leaf[leaf > 0] = 0).Message);
        Assert.Equal("a view of a leaf Variable that requires grad is being used in an in-place operation.",
            Assert.Throws<InvalidOperationException>(() => leaf[0] = 0).Message);
    }

    [Fact]
    public void IndexingGradients()
    {
        manual_seed(11);
        CheckGradients(t => t[0][1] * t[0][.., 2..].sum(), RandD(3, 4));
        CheckGradients(t => t[0][^1, TensorIndex.Slice(0, null, 2)], RandD(3, 4));
        CheckGradients(t => t[0][t[0].detach() > 0.0] * 2.0, RandD(3, 4));
        CheckGradients(t => t[0][tensor(new long[] { 2, 0, 2 })].pow(2), RandD(3, 4));
        CheckGradients(t => t[0][.., tensor(new long[] { 1, 1 })], RandD(3, 4));
        CheckGradients(t => t[0].masked_fill(t[0].detach() < 0.0, 0.5) * t[0], RandD(3, 4));
        CheckGradients(t => t[0].index_select(1, tensor(new long[] { 3, 0 })), RandD(3, 4));
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
                w1 -= learning_rate * w1.grad;
                w2 -= learning_rate * w2.grad;
                w1.grad!.zero_();
                w2.grad!.zero_();
            }
        }
        Assert.True(first / last > 1000, $"loss fell from {first} to {last}");
        Assert.True(w1.is_leaf);
        Assert.True(w1.requires_grad);
    }
}
