using SharpGrad.Modules;
using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

/// <summary>dropout, dropout2d, embedding, one_hot and pad; values are libtorch's (tools/TorchOracle,
/// script LayersMisc).</summary>
[Collection("Global state")] // seeds and reads the default generator
public class LayersMiscTests
{
    private const float Keep = 1.4285715f;

    [Fact]
    public void DropoutMasksArePyTorchsAfterManualSeed()
    {
        manual_seed(0);
        LayersData.Exact([0, 0, Keep, 0, Keep, 0, Keep, Keep, Keep, Keep, Keep, Keep, Keep, Keep, Keep, Keep], F.dropout(ones(2, 8), 0.3));
        manual_seed(0);
        var d = F.dropout(ones([2, 8], dtype: float64), 0.3).ToArray<double>();
        const double keep = 1.4285714285714286;
        Assert.Equal([0, 0, keep, 0, keep, 0, keep, keep, keep, keep, keep, keep, keep, keep, keep, keep], d);
        manual_seed(0);
        LayersData.Exact([0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], F.dropout2d(ones(2, 3, 2, 2), 0.5));
        // The module draws the same mask in training, and passes the input through in eval.
        manual_seed(0);
        var module = nn.Dropout(0.3);
        LayersData.Exact([0, 0, Keep, 0, Keep, 0, Keep, Keep, Keep, Keep, Keep, Keep, Keep, Keep, Keep, Keep], module.call(ones(2, 8)));
        module.eval();
        var x = ones(2, 8);
        Assert.Same(x, module.call(x));
        Assert.Same(x, F.dropout(x, 0.5, training: false));
        Assert.Same(x, F.dropout(x, 0.0));
        LayersData.Exact(new float[16], F.dropout(x, 1.0));
        Assert.Equal("Dropout(p=0.3, inplace=False)", module.ToString());
        Assert.Equal("Dropout2d(p=0.5, inplace=False)", nn.Dropout2d().ToString());
        manual_seed(0);
        var channel = nn.Dropout2d(0.5);
        LayersData.Exact([0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], channel.call(ones(2, 3, 2, 2)));
        // In place: the input holds the result.
        manual_seed(0);
        var y = ones(2, 8);
        F.dropout(y, 0.3, inplace: true);
        LayersData.Exact([0, 0, Keep, 0, Keep, 0, Keep, Keep, Keep, Keep, Keep, Keep, Keep, Keep, Keep, Keep], y);
    }

    [Fact]
    public void DropoutIsDifferentiableTwiceForAFixedMask()
    {
        var x = randn([3, 4, 2, 2], dtype: float64).requires_grad_(true);
        LayersData.Gradients(t => { manual_seed(7); return F.dropout(t[0], 0.4); }, x);
        LayersData.Gradients(t => { manual_seed(7); return F.dropout2d(t[0], 0.4); }, x);
        manual_seed(7);
        var y = F.dropout(x, 0.4);
        y.sum().backward();
        manual_seed(7);
        var mask = F.dropout(ones([3, 4, 2, 2], dtype: float64), 0.4);
        Assert.True(x.grad!.equal(mask));
    }

    [Fact]
    public void PoolingAndNormalizationHaveForwardModeTangents()
    {
        // Pooling is linear in its input away from ties: the tangent is the pooling of the tangent.
        var x = randn([2, 3, 6, 5], dtype: float64);
        var v = randn([2, 3, 6, 5], dtype: float64);
        Tensor Jvp(Func<Tensor, Tensor> f)
        {
            using (autograd.forward_ad.dual_level())
                return autograd.forward_ad.unpack_dual(f(autograd.forward_ad.make_dual(x, v))).tangent!;
        }
        var (_, indices) = F.max_pool2d_with_indices(x, 2, stride: 1);
        var gathered = v.reshape(6, 30).gather(1, indices.reshape(6, -1)).view(indices.shape);
        Assert.True(Jvp(t => F.max_pool2d(t, 2, stride: 1)).allclose(gathered, rtol: 1e-12, atol: 1e-12));
        Assert.True(Jvp(t => F.avg_pool2d(t, 3, stride: 2, padding: 1)).allclose(F.avg_pool2d(v, 3, stride: 2, padding: 1), rtol: 1e-12, atol: 1e-12));
        Assert.True(Jvp(t => F.adaptive_avg_pool2d(t, 4)).allclose(F.adaptive_avg_pool2d(v, 4), rtol: 1e-12, atol: 1e-12));
        // layer_norm's tangent against a central difference.
        const double h = 1e-6;
        var numeric = (F.layer_norm(x + v * h, 5) - F.layer_norm(x - v * h, 5)) / (2 * h);
        Assert.True(Jvp(t => F.layer_norm(t, 5)).allclose(numeric, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void DropoutRejectsABadProbability()
    {
        Assert.Equal("dropout probability has to be between 0 and 1, but got 1.5", Assert.Throws<ArgumentException>(() => F.dropout(ones(2), 1.5)).Message);
        Assert.Equal("dropout probability has to be between 0 and 1, but got -0.1", Assert.Throws<ArgumentException>(() => nn.Dropout(-0.1)).Message);
    }

    [Fact]
    public void EmbeddingIsInitialisedAndLooksUpAsPyTorchs()
    {
        manual_seed(0);
        var emb = nn.Embedding(5, 3, padding_idx: 1);
        LayersData.Exact([1.5409961f, -0.2934289f, -2.1787894f, 0, 0, 0, 0.40334684f, 0.83802634f, -0.7192576f, -0.40334353f, -0.59663534f, 0.18203649f, -0.8566746f, 1.1006042f, -1.0711874f], emb.weight);
        Assert.Equal("Embedding(5, 3, padding_idx=1)", emb.ToString());
        manual_seed(0);
        LayersData.Exact([1.5409961f, -0.2934289f, -2.1787894f, 0.56843126f, -1.0845224f, -1.3985955f, 0.40334684f, 0.83802634f], nn.Embedding(4, 2).weight);
        Assert.Equal("Embedding(4, 2)", nn.Embedding(4, 2).ToString());

        var idx = tensor(new long[,] { { 0, 1, 4 }, { 1, 2, 0 } });
        var output = emb.call(idx);
        LayersData.Shape([2, 3, 3], output);
        Assert.True(output[0][2].equal(emb.weight[4].detach()));
        output.sum().backward();
        // Row 0 looked up twice, row 1 (padding) gets nothing, row 3 unused.
        LayersData.Exact([2, 2, 2, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1], emb.weight.grad!);
        Assert.Equal(["weight"], emb.state_dict().Keys);
        // A negative padding_idx counts from the end.
        Assert.Equal(4L, nn.Embedding(5, 2, padding_idx: -1).padding_idx);
    }

    [Fact]
    public void EmbeddingIsDifferentiableTwiceAndLoadsPretrainedWeights()
    {
        var w = randn([5, 3], dtype: float64).requires_grad_(true);
        var idx = tensor(new long[,] { { 0, 1, 4 }, { 1, 2, 0 } });
        LayersData.Gradients(t => F.embedding(idx, t[0]), w);
        LayersData.Gradients(t => F.embedding(idx, t[0]) * t[0].sum(), w);
        // padding_idx blocks the padding row's gradient (so a numerical check of a lookup of it would differ, as in PyTorch); the other rows are unaffected.
        LayersData.Gradients(t => F.embedding(idx, t[0], padding_idx: 3) * t[0].sum(), w);

        var pretrained = tensor(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var frozen = Embedding.from_pretrained(pretrained);
        Assert.False(frozen.weight.requires_grad);
        LayersData.Exact([5, 6, 1, 2], frozen.call(tensor(new long[] { 2, 0 })));
        Assert.True(Embedding.from_pretrained(pretrained, freeze: false).weight.requires_grad);
        Assert.Equal("Embeddings parameter is expected to be 2-dimensional",
            Assert.Throws<ArgumentException>(() => Embedding.from_pretrained(ones(3))).Message);
        Assert.Equal("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)",
            Assert.Throws<ArgumentException>(() => F.embedding(ones(2), pretrained)).Message);
        Assert.Throws<NotSupportedException>(() => F.embedding(idx, pretrained, max_norm: 1.0));
        Assert.Equal("Padding_idx must be within num_embeddings", Assert.Throws<ArgumentException>(() => nn.Embedding(3, 2, padding_idx: 3)).Message);
    }

    [Fact]
    public void OneHotIsPyTorchs()
    {
        var oh = F.one_hot(tensor(new long[] { 0, 2, 1 }));
        Assert.Equal(int64, oh.dtype);
        LayersData.Shape([3, 3], oh);
        Assert.Equal([1L, 0, 0, 0, 0, 1, 0, 1, 0], oh.reshape(-1).ToArray<long>());
        LayersData.Shape([2, 1, 5], F.one_hot(tensor(new long[,] { { 1 }, { 4 } }), 5));
        Assert.Equal("Class values must be smaller than num_classes.", Assert.Throws<ArgumentException>(() => F.one_hot(tensor(new long[] { 3 }), 3)).Message);
        Assert.Equal("Class values must be non-negative.", Assert.Throws<ArgumentException>(() => F.one_hot(tensor(new long[] { -1 }), 3)).Message);
        Assert.Equal("one_hot is only applicable to index tensor of type LongTensor.", Assert.Throws<ArgumentException>(() => F.one_hot(ones(2))).Message);
    }

    public static readonly Dictionary<string, (Func<Tensor, Tensor> pad, long[] shape, float[] values)> PadCases = new()
    {
        ["constant (1,2,2,1) value 0.5"] = (x => F.pad(x, [1, 2, 2, 1], value: 0.5), [1, 2, 6, 7],
            [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, -2.25f, -0.5f, 1.25f, -1.75f, 0.5f, 0.5f, 0.5f, 0, 1.75f, -1.25f, 0.5f, 0.5f, 0.5f, 0.5f, 2.25f, -0.75f, 1, -2, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, -0.25f, 1.5f, -1.5f, 0.25f, 0.5f, 0.5f, 0.5f, 2, -1, 0.75f, -2.25f, 0.5f, 0.5f, 0.5f, -0.5f, 1.25f, -1.75f, 0, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f]),
        ["constant (1,-1,0,1)"] = (x => F.pad(x, [1, -1, 0, 1]), [1, 2, 4, 4],
            [0, -2.25f, -0.5f, 1.25f, 0, 0, 1.75f, -1.25f, 0, 2.25f, -0.75f, 1, 0, 0, 0, 0, 0, -0.25f, 1.5f, -1.5f, 0, 2, -1, 0.75f, 0, -0.5f, 1.25f, -1.75f, 0, 0, 0, 0]),
        ["reflect (3,1,2,1)"] = (x => F.pad(x, [3, 1, 2, 1], mode: "reflect"), [1, 2, 6, 8],
            [-2, 1, -0.75f, 2.25f, -0.75f, 1, -2, 1, 0.5f, -1.25f, 1.75f, 0, 1.75f, -1.25f, 0.5f, -1.25f, -1.75f, 1.25f, -0.5f, -2.25f, -0.5f, 1.25f, -1.75f, 1.25f, 0.5f, -1.25f, 1.75f, 0, 1.75f, -1.25f, 0.5f, -1.25f, -2, 1, -0.75f, 2.25f, -0.75f, 1, -2, 1, 0.5f, -1.25f, 1.75f, 0, 1.75f, -1.25f, 0.5f, -1.25f, 0, -1.75f, 1.25f, -0.5f, 1.25f, -1.75f, 0, -1.75f, -2.25f, 0.75f, -1, 2, -1, 0.75f, -2.25f, 0.75f, 0.25f, -1.5f, 1.5f, -0.25f, 1.5f, -1.5f, 0.25f, -1.5f, -2.25f, 0.75f, -1, 2, -1, 0.75f, -2.25f, 0.75f, 0, -1.75f, 1.25f, -0.5f, 1.25f, -1.75f, 0, -1.75f, -2.25f, 0.75f, -1, 2, -1, 0.75f, -2.25f, 0.75f]),
        ["replicate (3,1,2,1)"] = (x => F.pad(x, [3, 1, 2, 1], mode: "replicate"), [1, 2, 6, 8],
            [-2.25f, -2.25f, -2.25f, -2.25f, -0.5f, 1.25f, -1.75f, -1.75f, -2.25f, -2.25f, -2.25f, -2.25f, -0.5f, 1.25f, -1.75f, -1.75f, -2.25f, -2.25f, -2.25f, -2.25f, -0.5f, 1.25f, -1.75f, -1.75f, 0, 0, 0, 0, 1.75f, -1.25f, 0.5f, 0.5f, 2.25f, 2.25f, 2.25f, 2.25f, -0.75f, 1, -2, -2, 2.25f, 2.25f, 2.25f, 2.25f, -0.75f, 1, -2, -2, -0.25f, -0.25f, -0.25f, -0.25f, 1.5f, -1.5f, 0.25f, 0.25f, -0.25f, -0.25f, -0.25f, -0.25f, 1.5f, -1.5f, 0.25f, 0.25f, -0.25f, -0.25f, -0.25f, -0.25f, 1.5f, -1.5f, 0.25f, 0.25f, 2, 2, 2, 2, -1, 0.75f, -2.25f, -2.25f, -0.5f, -0.5f, -0.5f, -0.5f, 1.25f, -1.75f, 0, 0, -0.5f, -0.5f, -0.5f, -0.5f, 1.25f, -1.75f, 0, 0]),
    };

    public static IEnumerable<object[]> PadCaseNames => PadCases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(PadCaseNames))]
    public void PadIsPyTorchsAndDifferentiableTwice(string name)
    {
        var (pad, shape, values) = PadCases[name];
        var output = pad(LayersData.Input(1, 2, 3, 4));
        LayersData.Shape(shape, output);
        LayersData.Exact(values, output);
        LayersData.Gradients(t => pad(t[0]), randn([1, 2, 3, 4], dtype: float64).requires_grad_(true));
    }

    [Fact]
    public void PadReflects3DInputsAndChecksItsArguments()
    {
        LayersData.Exact([1.25f, -0.5f, -2.25f, -0.5f, 1.25f, -1.75f, 1.25f, -1.25f, 1.75f, 0, 1.75f, -1.25f, 0.5f, -1.25f, 1, -0.75f, 2.25f, -0.75f, 1, -2, 1, -1.5f, 1.5f, -0.25f, 1.5f, -1.5f, 0.25f, -1.5f],
            F.pad(LayersData.Input(2, 2, 4), [2, 1], mode: "reflect"));
        LayersData.Exact([4, 1, 2, 3, 4, 1], F.pad(tensor(new float[,] { { 1, 2, 3, 4 } }), [1, 1], mode: "circular"));
        var x = LayersData.Input(1, 2, 3, 4);
        Assert.Equal("Padding size 2 is not supported for 4D input tensor.", Assert.Throws<ArgumentException>(() => F.pad(x, [4, 0], mode: "reflect")).Message);
        Assert.Equal("Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (4, 0) at dimension 2 of input [1, 2, 4]",
            Assert.Throws<ArgumentException>(() => F.pad(LayersData.Input(1, 2, 4), [4, 0], mode: "reflect")).Message);
        Assert.Equal("Padding length must be divisible by 2", Assert.Throws<ArgumentException>(() => F.pad(x, [1])).Message);
        Assert.Equal("Padding length should be less than or equal to two times the input dimension but got padding length 10 and input of dimension 4",
            Assert.Throws<ArgumentException>(() => F.pad(x, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).Message);
        Assert.Equal("Padding mode \"reflect\" doesn't take in value argument.", Assert.Throws<ArgumentException>(() => F.pad(x, [1, 1], mode: "reflect", value: 2)).Message);
    }
}
