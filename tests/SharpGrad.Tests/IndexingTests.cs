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
}
