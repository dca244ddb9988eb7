using SharpGrad.Modules;
using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

/// <summary>batch_norm, layer_norm, group_norm and their modules; values are libtorch's
/// (tools/TorchOracle, script LayersNorm).</summary>
public class LayersNormTests
{
    [Fact]
    public void BatchNorm2dTrainsItsRunningStatisticsAndEvaluatesWithThemAsPyTorch()
    {
        var x = LayersData.Input(4, 3, 2, 5);
        var bn = nn.BatchNorm2d(3);
        using (no_grad())
        {
            bn.weight!.copy_(tensor(new[] { 1.5f, -0.5f, 2f }));
            bn.bias!.copy_(tensor(new[] { 0.25f, 0f, -1f }));
        }
        var output = bn.call(x);
        LayersData.Close([-2.0207727f, -0.10566321f, 1.8094463f, -1.4735986f, 0.44151095f, 2.3566206f, -0.92642444f, 0.98868513f, 2.9037948f, -0.3792503f, -0.35687232f, 0.70052713f, 0.08371079f, -0.53310555f, 0.5242939f, -0.09252246f, -0.70933884f, 0.34806067f, -0.2687557f, 0.7886438f, -1.9899796f, 0.67535007f, -3.8937864f, -1.2284569f, 1.4368728f, -3.1322637f, -0.46693408f, 2.1983957f, -2.370741f, 0.29458869f, -1.7471857f, 0.16792387f, 2.0830333f, -1.2000115f, 0.715098f, 2.6302075f, -0.6528374f, 1.2622721f, -2.0207727f, -0.10566321f, -0.44498894f, 0.61241055f, -0.0044058315f, -0.6212222f, 0.43617728f, -0.18063907f, -0.79745543f, 0.25994405f, -0.35687232f, 0.70052713f, -1.6092182f, 1.0561115f, -3.5130253f, -0.84769547f, 1.8176342f, -2.7515025f, -0.0861727f, -4.655309f, -1.9899796f, 0.67535007f, -1.4735986f, 0.44151095f, 2.3566206f, -0.92642444f, 0.98868513f, 2.9037948f, -0.3792503f, 1.5358592f, -1.7471857f, 0.16792387f, -0.53310555f, 0.5242939f, -0.09252246f, -0.70933884f, 0.34806067f, -0.2687557f, 0.7886438f, 0.17182742f, -0.44498894f, 0.61241055f, -1.2284569f, 1.4368728f, -3.1322637f, -0.46693408f, 2.1983957f, -2.370741f, 0.29458869f, -4.274548f, -1.6092182f, 1.0561115f, -1.2000115f, 0.715098f, 2.6302075f, -0.6528374f, 1.2622721f, -2.0207727f, -0.10566321f, 1.8094463f, -1.4735986f, 0.44151095f, -0.6212222f, 0.43617728f, -0.18063907f, -0.79745543f, 0.25994405f, -0.35687232f, 0.70052713f, 0.08371079f, -0.53310555f, 0.5242939f, -0.84769547f, 1.8176342f, -2.7515025f, -0.0861727f, -4.655309f, -1.9899796f, 0.67535007f, -3.8937864f, -1.2284569f, 1.4368728f], output, 2e-6);
        LayersData.Exact([-0.0175f, -0.0012500001f, 0.015000001f], bn.running_mean!);
        LayersData.Exact([1.0926923f, 1.1063942f, 1.076859f], bn.running_var!);
        Assert.Equal(1L, bn.num_batches_tracked!.item<long>());
        bn.call(x * 2 + 1);
        LayersData.Exact([0.04925f, 0.096375f, 0.1435f], bn.running_mean!);
        LayersData.Exact([1.7541922f, 1.8213317f, 1.6766089f], bn.running_var!);
        Assert.Equal(2L, bn.num_batches_tracked!.item<long>());
        bn.eval();
        var before = bn.running_mean!.clone();
        LayersData.Close([-2.35398f, -0.37204456f, 1.6098908f, -1.7877127f, 0.19422267f, 2.176158f, -1.2214454f, 0.76048994f, 2.7424252f, -0.6551782f, -0.3347823f, 0.776682f, 0.12832782f, -0.5200264f, 0.59143794f, -0.056916233f, -0.7052704f, 0.4061939f, -0.24216029f, 0.86930406f, -1.9939427f, 0.70908725f, -3.9246783f, -1.2216485f, 1.4813815f, -3.1523843f, -0.44935417f, 2.253676f, -2.3800898f, 0.3229401f, -2.0708463f, -0.08891095f, 1.8930244f, -1.5045791f, 0.4773563f, 2.4592917f, -0.9383118f, 1.0436236f, -2.35398f, -0.37204456f, -0.42740434f, 0.68406f, 0.035705794f, -0.61264837f, 0.49881592f, -0.14953826f, -0.79789245f, 0.31357187f, -0.3347823f, 0.776682f, -1.6077956f, 1.0952344f, -3.5385313f, -0.8355013f, 1.8675287f, -2.766237f, -0.06320703f, -4.696973f, -1.9939427f, 0.70908725f, -1.7877127f, 0.19422267f, 2.176158f, -1.2214454f, 0.76048994f, 2.7424252f, -0.6551782f, 1.3267572f, -2.0708463f, -0.08891095f, -0.5200264f, 0.59143794f, -0.056916233f, -0.7052704f, 0.4061939f, -0.24216029f, 0.86930406f, 0.22094984f, -0.42740434f, 0.68406f, -1.2216485f, 1.4813815f, -3.1523843f, -0.44935417f, 2.253676f, -2.3800898f, 0.3229401f, -4.3108253f, -1.6077956f, 1.0952344f, -1.5045791f, 0.4773563f, 2.4592917f, -0.9383118f, 1.0436236f, -2.35398f, -0.37204456f, 1.6098908f, -1.7877127f, 0.19422267f, -0.61264837f, 0.49881592f, -0.14953826f, -0.79789245f, 0.31357187f, -0.3347823f, 0.776682f, 0.12832782f, -0.5200264f, 0.59143794f, -0.8355013f, 1.8675287f, -2.766237f, -0.06320703f, -4.696973f, -1.9939427f, 0.70908725f, -3.9246783f, -1.2216485f, 1.4813815f], bn.call(x), 2e-6);
        Assert.True(before.equal(bn.running_mean!));
        Assert.Equal(2L, bn.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void BatchNorm1dWithMomentumIsPyTorchs()
    {
        var bn = nn.BatchNorm1d(4, momentum: 0.3);
        LayersData.Close([-1.5779297f, -0.5948009f, 1.0196587f, -0.59480095f, -0.21241361f, 1.317059f, -1.1046302f, 1.317059f, 1.1531025f, -0.80722976f, 0.80722976f, -0.8072298f, -0.36413762f, 1.1046302f, -1.317059f, 1.1046301f, 1.0013785f, -1.0196587f, 0.5948009f, -1.0196587f],
            bn.call(LayersData.Input(5, 4)), 2e-6);
        LayersData.Exact([0.105000004f, 0.060000002f, 0.015000001f, -0.315f], bn.running_mean!);
        LayersData.Exact([1.718125f, 1.219375f, 1.219375f, 1.219375f], bn.running_var!);
    }

    [Fact]
    public void BatchNormWithoutMomentumKeepsTheCumulativeAverage()
    {
        var bn = nn.BatchNorm1d(2, momentum: null);
        var a = LayersData.Input(6, 2);
        var b = LayersData.Input(6, 2) * 3 - 1;
        bn.call(a);
        bn.call(b);
        var expectedMean = (a.mean(0) + b.mean(0)) / 2;
        // Factor 1/1 then 1/2: the plain mean of the two batches' statistics (unbiased variances).
        var expectedVar = (a.var(0) + b.var(0)) / 2;
        Assert.True(bn.running_mean!.allclose(expectedMean, rtol: 1e-6, atol: 1e-7));
        Assert.True(bn.running_var!.allclose(expectedVar, rtol: 1e-6, atol: 1e-7));
        Assert.Equal("BatchNorm1d(2, eps=1e-05, momentum=None, affine=True, track_running_stats=True)", bn.ToString());
    }

    [Fact]
    public void BatchNormBuffersAreRegisteredAsPyTorchs()
    {
        var bn = nn.BatchNorm2d(16);
        Assert.Equal("BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", bn.ToString());
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], bn.state_dict().Keys);
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], bn.named_buffers().Select(b => b.name));
        Assert.Equal(2, bn.parameters().Count());
        Assert.Equal(int64, bn.num_batches_tracked!.dtype);
        var model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4));
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"], model.state_dict().Keys);
        Assert.Same(((BatchNorm1d)model[1]).running_var, model.get_buffer("1.running_var"));
        // Converted to float64, the module reads its converted buffers.
        bn.to(float64);
        Assert.Equal(float64, bn.running_mean!.dtype);
        Assert.Equal(float64, bn.call(randn([2, 16, 2, 2], dtype: float64)).dtype);
        // Without tracking: no buffers, batch statistics in eval too; without affine: no parameters.
        var plain = nn.BatchNorm2d(3, affine: false, track_running_stats: false);
        Assert.Empty(plain.state_dict());
        Assert.Equal("BatchNorm2d(3, eps=0.001, momentum=0.1, affine=False, track_running_stats=False)", nn.BatchNorm2d(3, eps: 1e-3, affine: false, track_running_stats: false).ToString());
        plain.eval();
        var x = LayersData.Input(4, 3, 2, 5);
        Assert.True(plain.call(x).allclose(F.batch_norm(x, null, null, training: true), rtol: 1e-6, atol: 1e-6));
    }

    [Fact]
    public void NormalizationsAreDifferentiableTwice()
    {
        var x = randn([4, 3, 2, 2], dtype: float64).requires_grad_(true);
        var w = randn([3], dtype: float64).requires_grad_(true);
        var b = randn([3], dtype: float64).requires_grad_(true);
        LayersData.Gradients(t => F.batch_norm(t[0], null, null, t[1], t[2], training: true), x, w, b);
        var rm = randn([3], dtype: float64);
        var rv = rand([3], dtype: float64) + 0.5;
        LayersData.Gradients(t => F.batch_norm(t[0], rm, rv, t[1], t[2], training: false), x, w, b);
        var x3 = randn([2, 3, 4], dtype: float64).requires_grad_(true);
        var lw = randn([4], dtype: float64).requires_grad_(true);
        var lb = randn([4], dtype: float64).requires_grad_(true);
        LayersData.Gradients(t => F.layer_norm(t[0], new long[] { 4 }, t[1], t[2]), x3, lw, lb);
        LayersData.Gradients(t => F.layer_norm(t[0], new long[] { 3, 4 }, eps: 0.1), x3);
        var x4 = randn([2, 6, 3], dtype: float64).requires_grad_(true);
        var gw = randn([6], dtype: float64).requires_grad_(true);
        var gb = randn([6], dtype: float64).requires_grad_(true);
        LayersData.Gradients(t => F.group_norm(t[0], 3, t[1], t[2]), x4, gw, gb);
    }

    [Fact]
    public void LayerNormAndGroupNormArePyTorchs()
    {
        var x3 = LayersData.Input(2, 3, 4);
        var w = tensor(new[] { 1f, 2f, -1f, 0.5f });
        var b = tensor(new[] { 0f, 0.5f, 1f, -2f });
        LayersData.Close([-1.0643101f, 0.9627435f, -0.5270536f, -2.3470576f, -0.23249426f, 3.2899313f, 2.3949656f, -1.8837528f, 1.3076898f, -0.576921f, 0.4615395f, -2.6538448f, -0.23249426f, 3.2899313f, 2.3949656f, -1.8837528f, 1.3076898f, -0.576921f, 0.4615395f, -2.6538448f, -0.23249426f, 3.2899313f, 2.3949656f, -1.8837528f],
            F.layer_norm(x3, new long[] { 4 }, w, b, 1e-5), 2e-6);
        LayersData.Close([-1.4191049f, -0.23885925f, 0.9413864f, -1.0818918f, 0.0983538f, 1.2785995f, -0.7446788f, 0.43556684f, 1.6158124f, -0.40746576f, 0.7727799f, -1.2504983f, -0.09418328f, 1.2243826f, -1.0360161f, 0.28254986f, 1.6011158f, -0.659283f, 0.659283f, -1.6011158f, -0.28254986f, 1.0360161f, -1.2243826f, 0.09418328f],
            F.layer_norm(x3, new long[] { 3, 4 }, null, null, 0.1), 2e-6);
        var x4 = LayersData.Input(2, 6, 3);
        var gw = tensor(new[] { 1f, 2f, -1f, 0.5f, 1f, 3f });
        var gb = tensor(new[] { 0f, 0.5f, 1f, -2f, 0f, 1f });
        LayersData.Close([-1.3787607f, -0.1723451f, 1.0340705f, -1.5681411f, 0.84469014f, 3.2575214f, 1.8396083f, 0.62362385f, -0.59236056f, -2.246092f, -1.6380998f, -2.6803722f, -0.3318606f, 1.0619539f, -1.3274424f, 1.1991163f, 5.38056f, -1.7876291f, 0.9292097f, -1.4601867f, -0.06637213f, 3.1548848f, -1.6239079f, 1.1637212f, 0.070790306f, 2.4601867f, 1.0663722f, -1.3362788f, -2.530977f, -1.8340697f, -1.3787607f, -0.17234509f, 1.0340705f, -2.1022115f, 1.5170352f, 5.136282f],
            F.group_norm(x4, 3, gw, gb, 1e-5), 2e-6);
        var ln = nn.LayerNorm(4);
        Assert.Equal("LayerNorm((4,), eps=1e-05, elementwise_affine=True)", ln.ToString());
        Assert.Equal(["weight", "bias"], ln.state_dict().Keys);
        Assert.True(ln.call(x3).allclose(F.layer_norm(x3, 4)));
        Assert.Equal("LayerNorm((3, 4), eps=1e-05, elementwise_affine=False)", nn.LayerNorm(new long[] { 3, 4 }, elementwise_affine: false).ToString());
        var gn = nn.GroupNorm(3, 6);
        Assert.Equal("GroupNorm(3, 6, eps=1e-05, affine=True)", gn.ToString());
        Assert.True(gn.call(x4).allclose(F.group_norm(x4, 3)));
    }

    public static readonly Dictionary<string, (Action act, string message)> ErrorCases = new()
    {
        ["one value per channel"] = (() => nn.BatchNorm1d(3).call(LayersData.Input(1, 3)), "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])"),
        ["layer_norm shape"] = (() => F.layer_norm(LayersData.Input(2, 3), new long[] { 4 }), "Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]"),
        ["group_norm groups"] = (() => F.group_norm(LayersData.Input(2, 6, 4), 4), "Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 6, 4] and num_groups=4"),
        ["BatchNorm2d 3-D"] = (() => nn.BatchNorm2d(3).call(LayersData.Input(3, 2, 2)), "expected 4D input (got 3D input)"),
        ["BatchNorm1d 4-D"] = (() => nn.BatchNorm1d(3).call(LayersData.Input(2, 3, 2, 2)), "expected 2D or 3D input (got 4D input)"),
        ["eval without running stats"] = (() => F.batch_norm(LayersData.Input(2, 3), null, null), "running_mean must be defined in evaluation mode"),
        ["GroupNorm channels"] = (() => nn.GroupNorm(4, 6), "num_channels must be divisible by num_groups"),
    };

    public static IEnumerable<object[]> ErrorCaseNames => ErrorCases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(ErrorCaseNames))]
    public void BadArgumentsGivePyTorchsMessages(string name)
    {
        var (act, message) = ErrorCases[name];
        Assert.Equal(message, Assert.ThrowsAny<ArgumentException>(act).Message);
    }
}
