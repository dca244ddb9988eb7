using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class IndexingTests
{
    /// <summary>[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]] as float32.</summary>
    private static Tensor Grid() => arange(12.0).reshape(3, 4);

    private static Tensor Longs(params long[] values) => tensor(values);
    private static Tensor Bools(params bool[] values) => tensor(values);

    // ------------------------------------------------------------------ basic subscripts

    [Fact]
    public void IntegersRangesEllipsisAndNone()
    {
        var x = Grid();
        AssertValues(x[0], [0, 1, 2, 3]);
        Assert.Equal(1, x[0].dim());
        Assert.Equal("tensor(1.)", x[0, 1].ToString());
        Assert.Equal("tensor(11.)", x[2L, 3L].ToString());
        Assert.Equal("tensor([1., 5., 9.])", x[.., 1].ToString());
        Assert.Equal("tensor([[ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]])", x[1..3].ToString());
        AssertValues(x[^1], [8, 9, 10, 11]);
        AssertValues(x[-1], [8, 9, 10, 11]);
        AssertValues(x[.., ^1], [3, 7, 11]);
        Assert.Equal(new long[] { 3, 4 }, x[..].shape);
        AssertValues(x[^2.., ..^1], [4, 5, 6, 8, 9, 10]);
        AssertValues(x[TensorIndex.Ellipsis, 0], [0, 4, 8]);
        AssertValues(x[TensorIndex.Ellipsis, ^1], [3, 7, 11]);
        AssertValues(x[1, TensorIndex.Ellipsis], [4, 5, 6, 7]);
        Assert.Equal(new long[] { 1, 3, 4 }, x[TensorIndex.None].shape);
        Assert.Equal(new long[] { 1, 3, 4 }, x[null].shape);
        Assert.Equal(new long[] { 3, 1, 2 }, x[.., TensorIndex.None, 1..3].shape);
        Assert.Equal(new long[] { 3, 4, 1 }, x[TensorIndex.Ellipsis, TensorIndex.None].shape);
        Assert.Equal("tensor([[ 1.,  3.],\n        [ 9., 11.]])",
            x[TensorIndex.Slice(0, null, 2), TensorIndex.Slice(1, null, 2)].ToString());
        AssertValues(x[0, TensorIndex.Slice(-3, -1)], [1, 2]);
        Assert.Equal(new long[] { 0, 4 }, x[5..].shape);
        Assert.Equal(new long[] { 0, 4 }, x[^0..].shape);
        Assert.Equal(new long[] { 3, 4 }, x[TensorIndex.Colon, TensorIndex.Colon].shape);
        // A 0-dim int64 tensor selects like an integer.
        AssertValues(x[tensor(2L)], [8, 9, 10, 11]);
        Assert.Equal(1, x[tensor(2L)].dim());
    }

    [Fact]
    public void BasicSubscriptsAreViews()
    {
        var x = Grid();
        Assert.Same(x.SharedStorage, x[0].SharedStorage);
        Assert.Same(x.SharedStorage, x[.., 1].SharedStorage);
        Assert.Same(x.SharedStorage, x[1..3].SharedStorage);
        Assert.Same(x.SharedStorage, x[TensorIndex.None].SharedStorage);
        Assert.Same(x.SharedStorage, x[TensorIndex.Ellipsis].SharedStorage);

        var row = x[1];
        row[2] = 100;
        Assert.Equal(100.0, x[1, 2].item());
        var col = x[.., 3];
        col.fill_(-1);
        AssertValues(x, [0, 1, 2, -1, 4, 5, 100, -1, 8, 9, 10, -1]);
        var block = x[1.., 1..3];
        block.mul_(2.0);
        AssertValues(x, [0, 1, 2, -1, 4, 10, 200, -1, 8, 18, 20, -1]);
    }

    [Fact]
    public void GradFnNames()
    {
        var x = RandD(3, 4);
        Assert.Equal("SelectBackward0", x[0].grad_fn!.name());
        Assert.Equal("SliceBackward0", x[1..3].grad_fn!.name());
        Assert.Equal("SliceBackward0", x[..].grad_fn!.name());
        var column = x[.., 1];
        Assert.Equal("SelectBackward0", column.grad_fn!.name());
        Assert.Equal("SliceBackward0", column.grad_fn.next_functions[0].node!.name());
        Assert.Equal("UnsqueezeBackward0", x[TensorIndex.None].grad_fn!.name());
        Assert.Equal("AliasBackward0", x[TensorIndex.Ellipsis].grad_fn!.name());
        Assert.Equal("IndexBackward0", x[x > 0].grad_fn!.name());
        Assert.Equal("IndexBackward0", x[Longs(0, 2)].grad_fn!.name());
        Assert.Equal("IndexSelectBackward0", x.index_select(1, Longs(0, 2)).grad_fn!.name());
        Assert.Equal("GatherBackward0", x.gather(1, Longs(0, 1, 2).reshape(3, 1)).grad_fn!.name());
        Assert.Equal("MaskedFillBackward0", x.masked_fill(x > 0, 0).grad_fn!.name());
        Assert.Equal("MaskedFillBackward1", x.masked_fill(x > 0, tensor(1.0, dtype: float64)).grad_fn!.name());
        Assert.Equal("MaskedSelectBackward0", x.masked_select(x > 0).grad_fn!.name());
        Assert.Equal("IndexPutBackward0", x.index_put([Longs(1)], tensor(0.0, dtype: float64)).grad_fn!.name());
        Assert.Equal("IndexAddBackward0", x.index_add(0, Longs(1), ones(1, 4, dtype: float64)).grad_fn!.name());
        Assert.Equal("ScatterAddBackward0", x.scatter_add(0, Longs(1, 2).reshape(1, 2), ones(1, 2, dtype: float64)).grad_fn!.name());

        // The backward of indexing is index_put with accumulation, recorded under create_graph.
        var g = autograd.grad([x[Longs(0, 0)].pow(2).sum()], [x], create_graph: true)[0]!;
        Assert.Equal("IndexPutBackward0", g.grad_fn!.name());
    }

    // ------------------------------------------------------------------ advanced subscripts

    [Fact]
    public void BoolMasks()
    {
        var x = Grid();
        Assert.Equal("tensor([ 6.,  7.,  8.,  9., 10., 11.])", x[x > 5].ToString());
        AssertValues(x[Bools(true, false, true)], [0, 1, 2, 3, 8, 9, 10, 11]);
        Assert.Equal(new long[] { 2, 4 }, x[Bools(true, false, true)].shape);
        AssertValues(x[.., Bools(false, true, true, false)], [1, 2, 5, 6, 9, 10]);
        AssertValues(x[1, Bools(false, true, true, false)], [5, 6]);
        Assert.Equal(new long[] { 0 }, x[x > 100].shape);
        // Python's True/False subscripts add a dimension of size 1 or 0.
        Assert.Equal(new long[] { 1, 3, 4 }, x[true].shape);
        Assert.Equal(new long[] { 0, 3, 4 }, x[false].shape);
        Assert.Equal(new long[] { 1, 3, 4 }, x[tensor(true)].shape);
        // The result is a copy.
        var picked = x[x > 5];
        picked.fill_(0);
        Assert.Equal(11.0, x[2, 3].item());
    }

    [Fact]
    public void IndexTensors()
    {
        var x = Grid();
        AssertValues(x[Longs(2, 0, 2)], [8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11]);
        AssertValues(x[Longs(-1)], [8, 9, 10, 11]);
        Assert.Equal("tensor([[ 2.,  0.,  2.],\n        [ 6.,  4.,  6.],\n        [10.,  8., 10.]])", x[.., Longs(2, 0, 2)].ToString());
        Assert.Equal("tensor([9., 3., 8.])", x[Longs(2, 0, 2), Longs(1, 3, 0)].ToString());
        AssertValues(x[1, Longs(2, 0, 2)], [6, 4, 6]);
        AssertValues(x[Longs(1, 2), 1..3], [5, 6, 9, 10]);
        Assert.Equal(new long[] { 2, 2, 4 }, x[tensor(new long[,] { { 0, 1 }, { 2, 2 } })].shape);
        // Index tensors broadcast against each other.
        AssertValues(x[tensor(new long[,] { { 0 }, { 2 } }), Longs(1, 3)], [1, 3, 9, 11]);

        var y = arange(24L).reshape(2, 3, 4);
        // Adjacent index dimensions stay in place ...
        Assert.Equal(new long[] { 2, 2, 4 }, y[.., Longs(2, 0)].shape);
        AssertValues(y[.., Longs(2, 0)], [8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15]);
        // ... separated ones go first.
        Assert.Equal("tensor([[ 3,  7, 11],\n        [12, 16, 20]])", y[Longs(0, 1), .., Longs(3, 0)].ToString());
        // A 2-D mask over the leading dims.
        var mask = tensor(new bool[,] { { true, false, false }, { false, false, true } });
        AssertValues(y[mask], [0, 1, 2, 3, 20, 21, 22, 23]);
    }

    [Fact]
    public void ValuesOfOtherFunctions()
    {
        var x = Grid();
        AssertValues(x.index_select(1, Longs(3, 0)), [3, 0, 7, 4, 11, 8]);
        AssertValues(index_select(x, 0, Longs(1)), [4, 5, 6, 7]);
        AssertValues(x.gather(1, tensor(new long[,] { { 0, 0 }, { 1, 0 }, { 3, 2 } })), [0, 0, 5, 4, 11, 10]);
        AssertValues(gather(x, 0, tensor(new long[,] { { 2, 0, 1, 0 } })), [8, 1, 6, 3]);
        AssertValues(x.masked_fill(x > 8, -1), [0, 1, 2, 3, 4, 5, 6, 7, 8, -1, -1, -1]);
        AssertValues(masked_fill(x, Bools(true, false, false, true), 0.5), [0.5, 1, 2, 0.5, 0.5, 5, 6, 0.5, 0.5, 9, 10, 0.5]);
        AssertValues(x.masked_fill(x < 2, tensor(7.0)), [7, 7, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        Assert.Equal(int64, arange(3L).masked_fill(Bools(true, false, false), 2.7).dtype);
        AssertValues(arange(3L).masked_fill(Bools(true, false, false), 2.7), [2, 1, 2]);
        AssertValues(masked_select(x, x > 9), [10, 11]);
        AssertValues(x.masked_select(Bools(false, false, false, true)), [3, 7, 11]);
        AssertValues(zeros(3).scatter_add(0, Longs(0, 2, 0, 0), ones(4)), [3, 0, 1]);
        AssertValues(zeros(2, 3).scatter_add(1, tensor(new long[,] { { 2, 2 }, { 0, 1 } }), tensor(new float[,] { { 1, 2, 9 }, { 3, 4, 9 } })),
            [0, 0, 3, 3, 4, 0]);
        AssertValues(zeros(3, 2).index_add(0, Longs(2, 2, 0), tensor(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }), alpha: 2),
            [10, 12, 0, 0, 8, 12]);
        AssertValues(zeros(4).index_put([Longs(1, 3)], tensor(new float[] { 5, 6 })), [0, 5, 0, 6]);
    }

    [Fact]
    public void NonContiguousTensors()
    {
        var x = Grid();
        var xt = x.t(); // [[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]
        AssertValues(xt[Longs(1, 3)], [1, 5, 9, 3, 7, 11]);
        AssertValues(xt[xt > 8], [9, 10, 11]);
        AssertValues(xt[.., 1], [4, 5, 6, 7]);
        AssertValues(xt.masked_fill(xt < 2, 0), [0, 4, 8, 0, 5, 9, 2, 6, 10, 3, 7, 11]);
        xt[xt > 8] = 0;
        xt[.., 0] = -1;
        xt[Longs(0), 1] = 50;
        AssertValues(x, [-1, -1, -1, -1, 50, 5, 6, 7, 8, 0, 0, 0]);
        xt.masked_fill_(xt == 0.0, 3);
        AssertValues(x, [-1, -1, -1, -1, 50, 5, 6, 7, 8, 3, 3, 3]);
    }

    // ------------------------------------------------------------------ assignment

    [Fact]
    public void AssignThroughBasicSubscripts()
    {
        var t = zeros(3, 4);
        int version = t.SharedStorage.Version;
        t[0] = 5;
        Assert.True(t.SharedStorage.Version > version);
        t[.., 1] = tensor(new float[] { 7, 8, 9 });
        t[2, 2..] = tensor(new float[,] { { -1, -2 } }); // leading size-1 dimensions are dropped
        t[^1, 0] = 3.5;
        AssertValues(t, [5, 7, 5, 5, 0, 8, 0, 0, 3.5, 9, -1, -2]);
        t[TensorIndex.Ellipsis] = 1;
        AssertValues(t, Enumerable.Repeat(1.0, 12).ToArray());
        t[1..] = arange(4.0);
        AssertValues(t, [1, 1, 1, 1, 0, 1, 2, 3, 0, 1, 2, 3]);

        // Values of another dtype are converted; an overlapping source is read before writing.
        var l = arange(5L);
        l[1..4] = tensor(new double[] { 1.9, 2.9, 3.9 });
        AssertValues(l, [0, 1, 2, 3, 4]);
        l[1..] = l[..4];
        AssertValues(l, [0, 0, 1, 2, 3]);
    }

    [Fact]
    public void AssignThroughMasksAndIndexTensors()
    {
        var x = Grid();
        int version = x.SharedStorage.Version;
        x[x > 5] = 0;
        Assert.True(x.SharedStorage.Version > version);
        AssertValues(x, [0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0]);

        x = Grid();
        x[Longs(0, 2)] = tensor(new float[] { -1, -2, -3, -4 });
        AssertValues(x, [-1, -2, -3, -4, 4, 5, 6, 7, -1, -2, -3, -4]);

        x = Grid();
        x[x < 3] = tensor(new float[] { 10, 20, 30 });
        AssertValues(x, [10, 20, 30, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

        x = Grid();
        x[.., Longs(1, 3)] = tensor(new float[,] { { 0 }, { 1 }, { 2 } });
        AssertValues(x, [0, 0, 2, 0, 4, 1, 6, 1, 8, 2, 10, 2]);

        x = Grid();
        x[1, Bools(true, false, false, true)] = 9;
        AssertValues(x, [0, 1, 2, 3, 9, 5, 6, 9, 8, 9, 10, 11]);

        // false writes nothing.
        x[false] = 100;
        Assert.Equal(9.0, x[1, 0].item());

        // index_put_ with accumulation adds duplicates up.
        var z = zeros(3);
        z.index_put_([Longs(0, 0, 2)], tensor(new float[] { 1, 2, 3 }), accumulate: true);
        AssertValues(z, [3, 0, 3]);
        z.index_put_([Bools(false, true, false)], 7);
        AssertValues(z, [3, 7, 3]);

        var m = ones(2, 3);
        m.masked_fill_(Bools(true, false, true), 0);
        AssertValues(m, [0, 1, 0, 0, 1, 0]);
        m.index_add_(1, Longs(1), ones(2, 1));
        AssertValues(m, [0, 2, 0, 0, 2, 0]);
        m.scatter_add_(0, tensor(new long[,] { { 1, 1, 1 } }), ones(1, 3));
        AssertValues(m, [0, 2, 0, 1, 3, 1]);
    }

    [Fact]
    public void AssignmentUnderAutograd()
    {
        var w = ones(3, requires_grad: true);
        var e = Assert.Throws<InvalidOperationException>(() => w[w > 0] = 0);
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => w[0] = 0);
        Assert.Equal("a view of a leaf Variable that requires grad is being used in an in-place operation.", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => w.masked_fill_(w > 0, 0));
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => w.index_put_([Longs(0)], tensor(1f)));
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.", e.Message);

        // Allowed without grad mode, as a parameter update.
        using (no_grad())
        {
            w[0] = 5;
            w[w > 4] = 2;
        }
        AssertValues(w, [2, 1, 1]);
        Assert.True(w.is_leaf);

        // A non-leaf written through a mask records IndexPutBackward0.
        var x = tensor(new double[] { 1, -2, 3, -4 }, requires_grad: true);
        var c = x * 2;
        c[x < 0] = 0;
        Assert.Equal("IndexPutBackward0", c.grad_fn!.name());
        c.sum().backward();
        AssertValues(x.grad!, [2, 0, 2, 0]);

        // Writing a tensor that requires grad into a plain buffer records CopySlices.
        var v = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var buffer = zeros(2, 3, dtype: float64);
        buffer[1] = v * v;
        Assert.Equal("CopySlices", buffer.grad_fn!.name());
        buffer.sum().backward();
        AssertValues(v.grad!, [2, 4, 6]);
    }

    // ------------------------------------------------------------------ gradients

    [Fact]
    public void BasicSubscriptGradients()
    {
        manual_seed(7);
        CheckGradients(t => t[0][1..3, 0], RandD(4, 3));
        CheckGradients(t => t[0][^1, TensorIndex.Slice(0, null, 2)], RandD(3, 4));
        CheckGradients(t => t[0][TensorIndex.None, .., 1] * t[0][0], RandD(3, 3));
        CheckGradients(t => t[0][TensorIndex.Ellipsis, 1..] * 2.0, RandD(2, 3));

        var x = RandD(3, 4);
        x[1, 2..].sum().backward();
        AssertValues(x.grad!, [0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    }

    [Fact]
    public void AdvancedSubscriptGradients()
    {
        manual_seed(8);
        var mask = tensor(new bool[,] { { true, false, true }, { false, false, true } });
        CheckGradients(t => t[0][mask], RandD(2, 3));
        CheckGradients(t => t[0][Bools(false, true)] * 3.0, RandD(2, 3));
        CheckGradients(t => t[0][Longs(0, 2, 0)], RandD(3, 2));
        CheckGradients(t => t[0][.., Longs(1, 1)] * t[0][.., Longs(0, 2)], RandD(2, 3));
        CheckGradients(t => t[0][Longs(1, 0), .., Longs(2, 2)], RandD(2, 3, 4));
        CheckGradients(t => t[0].index_select(1, Longs(2, 0, 2)), RandD(2, 3));
        CheckGradients(t => t[0].gather(1, tensor(new long[,] { { 0, 0 }, { 2, 1 } })), RandD(2, 3));
        CheckGradients(t => t[0].masked_fill(mask, 2.0), RandD(2, 3));
        CheckGradients(t => t[0].masked_fill(mask, t[1]), RandD(2, 3), RandD());
        CheckGradients(t => t[0].masked_select(Bools(true, false, true)), RandD(2, 3));
        CheckGradients(t => t[0].scatter_add(0, tensor(new long[,] { { 1, 0 } }), t[1]), RandD(2, 3), RandD(2, 2));
        CheckGradients(t => t[0].index_add(1, Longs(0, 0), t[1], alpha: 0.5), RandD(2, 3), RandD(2, 2));
        CheckGradients(t => t[0].index_put([Longs(1, 1)], t[1], accumulate: true), RandD(3), RandD(2));
        CheckGradients(t => t[0].index_put([Bools(true, false, true)], t[1]), RandD(3), RandD());

        var x = RandD(3);
        x[Longs(0, 0, 2)].sum().backward();
        AssertValues(x.grad!, [2, 0, 1]);
    }

    [Fact]
    public void AssignmentGradients()
    {
        manual_seed(9);
        CheckGradients(t =>
        {
            var c = t[0] * 1.0;
            c[t[0] > 0] = t[1];
            return c;
        }, RandD(5), RandD());
        CheckGradients(t =>
        {
            var c = t[0].clone();
            c[1] = t[1];
            c[.., 0] = t[1][0] * t[1][1];
            return c;
        }, RandD(3, 2), RandD(2));
        CheckGradients(t =>
        {
            var c = t[0].clone();
            c[.., Longs(2, 0)] = t[1];
            return c;
        }, RandD(2, 3), RandD(2, 2));
    }

    // ------------------------------------------------------------------ errors

    [Fact]
    public void ErrorMessages()
    {
        var x = Grid();
        var e = Assert.Throws<IndexOutOfRangeException>(() => x[5]);
        Assert.Equal("index 5 is out of bounds for dimension 0 with size 3", e.Message);
        e = Assert.Throws<IndexOutOfRangeException>(() => x[-4]);
        Assert.Equal("index -4 is out of bounds for dimension 0 with size 3", e.Message);
        e = Assert.Throws<IndexOutOfRangeException>(() => x[0, 4]);
        Assert.Equal("index 4 is out of bounds for dimension 1 with size 4", e.Message);
        e = Assert.Throws<IndexOutOfRangeException>(() => x[0, 1, 2]);
        Assert.Equal("too many indices for tensor of dimension 2", e.Message);
        e = Assert.Throws<IndexOutOfRangeException>(() => x[TensorIndex.Ellipsis, 0, TensorIndex.Ellipsis]);
        Assert.Equal("an index can only have a single ellipsis", e.Message);
        e = Assert.Throws<IndexOutOfRangeException>(() => x[Longs(3)]);
        Assert.Equal("index 3 is out of bounds for dimension 0 with size 3", e.Message);
        e = Assert.Throws<IndexOutOfRangeException>(() => x[tensor(new double[] { 0 })]);
        Assert.Equal("tensors used as indices must be long, int, byte or bool tensors", e.Message);
        e = Assert.Throws<IndexOutOfRangeException>(() => tensor(1.0)[0]);
        Assert.Equal("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number", e.Message);

        var a = tensor(new float[] { 1, 2, 3 });
        e = Assert.Throws<IndexOutOfRangeException>(() => a[Bools(true, false)]);
        Assert.Equal("The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3] at index 0", e.Message);
        e = Assert.Throws<IndexOutOfRangeException>(() => x[.., Bools(true, false)]);
        Assert.Equal("The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 1", e.Message);

        var v = Assert.Throws<ArgumentException>(() => x[TensorIndex.Slice(null, null, -1)]);
        Assert.Equal("step must be greater than zero", v.Message);
        v = Assert.Throws<ArgumentException>(() => x[0] = tensor(new float[] { 1, 2 }));
        Assert.Equal("The expanded size of the tensor (4) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [4].  Tensor sizes: [2]", v.Message);
        v = Assert.Throws<ArgumentException>(() => x[x > 5] = tensor(new float[] { 1, 2 }));
        Assert.Equal("shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [6]", v.Message);
        var d = Assert.Throws<InvalidOperationException>(() => x[x > 5] = tensor(new double[] { 1 }));
        Assert.Equal("Index put requires the source and destination dtypes match, got Float for the destination and Double for the source.", d.Message);
        v = Assert.Throws<ArgumentException>(() => x.masked_fill(x, 0));
        Assert.Equal("masked_fill_ only supports boolean masks, but got mask with dtype float", v.Message);
        d = Assert.Throws<InvalidOperationException>(() => x.gather(1, tensor(new long[] { 0 })));
        Assert.Equal("Index tensor must have the same number of dimensions as input tensor", d.Message);
        d = Assert.Throws<InvalidOperationException>(() => x.gather(0, tensor(new long[,] { { 0, 0, 0, 0, 0 } })));
        Assert.Equal("Size does not match at dimension 1 expected index [1, 5] to be no larger than self [3, 4] apart from dimension 0", d.Message);
        d = Assert.Throws<InvalidOperationException>(() => x.gather(1, tensor(new long[,] { { 4 } })));
        Assert.Equal("index 4 is out of bounds for dimension 1 with size 4", d.Message);
        e = Assert.Throws<IndexOutOfRangeException>(() => x.index_select(0, Longs(3)));
        Assert.Equal("index out of range in self", e.Message);
    }

    // ------------------------------------------------------------------ seed 001: custom ReLU

    private sealed class MyReLU : autograd.Function<MyReLU>
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
    public void CustomReluMatchesRelu()
    {
        var x = tensor(new double[] { -1.5, -0.2, 0.3, 2.0, -3.0, 1.0 }, requires_grad: true);
        var y = MyReLU.apply(x);
        Assert.Equal("MyReLUBackward", y.grad_fn!.name());
        (y * y * y).sum().backward();
        var reference = x.detach().clone().requires_grad_();
        (reference.relu() * reference.relu() * reference.relu()).sum().backward();
        Assert.True(x.grad!.allclose(reference.grad!));

        // Second derivatives: backward runs with create_graph, so grad_input[input < 0] = 0 is recorded.
        var g = autograd.grad([(MyReLU.apply(x) * MyReLU.apply(x) * MyReLU.apply(x)).sum()], [x], create_graph: true)[0]!;
        var gRef = autograd.grad([(reference.relu() * reference.relu() * reference.relu()).sum()], [reference], create_graph: true)[0]!;
        Assert.True(g.allclose(gRef));
        AssertValues(g, [0, 0, 0.27, 12, 0, 3], 1e-12);
        var h = autograd.grad([g.sum()], [x])[0]!;
        var hRef = autograd.grad([gRef.sum()], [reference])[0]!;
        Assert.True(h.allclose(hRef));
        AssertValues(h, [0, 0, 1.8, 12, 0, 6], 1e-12);

        manual_seed(3);
        CheckGradients(t => MyReLU.apply(t[0]) * t[0], RandD(6));
    }

    [Fact]
    public void TwoLayerNetWithCustomRelu()
    {
        manual_seed(0);
        long n = 16, dIn = 30, h = 10, dOut = 4;
        var x = randn(n, dIn);
        var y = randn(n, dOut);
        var w1 = randn(dIn, h, requires_grad: true);
        var w2 = randn(h, dOut, requires_grad: true);
        var v1 = w1.detach().clone().requires_grad_();
        var v2 = w2.detach().clone().requires_grad_();
        const double learningRate = 1e-4;
        double first = 0, last = 0;
        for (int t = 0; t < 30; t++)
        {
            var loss = (MyReLU.apply(x.mm(w1)).mm(w2) - y).pow(2).sum();
            var lossRef = (x.mm(v1).relu().mm(v2) - y).pow(2).sum();
            Assert.Equal(lossRef.item(), loss.item(), 1e-3 * Math.Abs(lossRef.item()));
            if (t == 0) first = loss.item();
            last = loss.item();
            loss.backward();
            lossRef.backward();
            using (no_grad())
            {
                w1 -= learningRate * w1.grad!;
                w2 -= learningRate * w2.grad!;
                v1 -= learningRate * v1.grad!;
                v2 -= learningRate * v2.grad!;
                w1.grad!.zero_();
                w2.grad!.zero_();
                v1.grad!.zero_();
                v2.grad!.zero_();
            }
        }
        Assert.True(last < first);
        Assert.True(w1.is_leaf);
    }
}
