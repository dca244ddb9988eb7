using SharpGrad.Modules;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>nn.init and layer initialisation against libtorch's numbers (tools/TorchOracle, scripts
/// NnInit and NnLayers; init functions TorchSharp lacks or gets wrong are written there as
/// torch/nn/init.py writes them).</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class NNInitTests
{
    private static void Close(float[] expected, Tensor actual, float tol = 1e-6f)
    {
        var a = actual.detach().to(float32).reshape(-1).ToArray<float>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(expected[i] - a[i]) <= tol, $"element {i}: expected {expected[i]:R}, got {a[i]:R}");
    }

    [Fact]
    public void LinearStartsWithPyTorchsWeights()
    {
        manual_seed(0);
        var lin = nn.Linear(3, 2);
        Close([-0.0043225177f, 0.30971584f, -0.47518533f, -0.4248946f, -0.22236897f, 0.15482073f], lin.weight);
        Close([-0.011439145f, 0.45777494f], lin.bias!);
        Assert.True(lin.weight.is_leaf && lin.weight.requires_grad);
        var x = arange(6, dtype: float32).view(2, 3) / 4 - 0.5;
        Close([-0.08670685f, 0.72581446f, -0.21405084f, 0.35648233f], lin.call(x));
    }

    [Fact]
    public void BilinearStartsWithPyTorchsWeights()
    {
        manual_seed(1);
        var bil = nn.Bilinear(2, 3, 4);
        Assert.Equal(new long[] { 4, 2, 3 }, bil.weight.shape);
        Close([0.3643461f, -0.31210154f, -0.13708077f, 0.33189395f, -0.6656964f, 0.42406413f, -0.14546975f, 0.35973623f, 0.09829985f, -0.08658109f, 0.19612378f, 0.03488284f, 0.2582553f, -0.27556023f, -0.051554278f, -0.06365894f, 0.10249085f, -0.002824766f, 0.6181292f, 0.22004464f, -0.26333097f, -0.42706516f, -0.11852216f, -0.3050039f], bil.weight);
        Close([-0.22659132f, 0.033857405f, 0.42152596f, 0.38433847f], bil.bias!);
        var x1 = arange(4, dtype: float32).view(2, 2) / 3 - 0.2;
        var x2 = arange(6, dtype: float32).view(2, 3) / 5 - 0.4;
        Close([-0.2098768f, 0.035996966f, 0.43182603f, 0.46852797f, -0.24559629f, 0.18060535f, 0.40101242f, 0.15671346f], bil.call(x1, x2));
    }

    [Fact]
    public void BilinearIsDifferentiableToSecondOrder()
    {
        manual_seed(2);
        var w = randn(new long[] { 2, 3, 4 }, dtype: float64, requires_grad: true);
        var b = randn(new long[] { 2 }, dtype: float64, requires_grad: true);
        var x1 = randn(new long[] { 5, 3 }, dtype: float64, requires_grad: true);
        var x2 = randn(new long[] { 5, 4 }, dtype: float64, requires_grad: true);
        TestUtil.CheckGradients(t => nn.functional.bilinear(t[0], t[1], t[2], t[3]), x1, x2, w, b);
    }

    [Fact]
    public void UniformNormalXavierKaimingDrawPyTorchsNumbers()
    {
        manual_seed(0); Close([0.48876977f, 1.3046653f, -0.7345677f, -0.60390854f, -0.07773155f, 0.90223604f, 0.47028023f, 1.6893342f, 0.36688393f, 0.89691883f, 0.04668039f, 0.20515192f, -0.93302274f, -0.49342316f, -0.11833465f], nn.init.uniform_(empty(3, 5), -1, 2));
        manual_seed(0); Close([3.5819921f, -0.08685781f, -3.8575788f, 1.6368625f, -1.6690447f, -2.297191f, 1.3066937f, 2.1760526f, -0.9385152f, -0.30668706f, -0.69327074f, 0.864073f, -1.2133492f, 2.7012084f, -1.6423748f], nn.init.normal_(empty(3, 5), 0.5, 2), 2e-6f);
        manual_seed(0); Close([-0.012967553f, 0.92914754f, -1.425556f, -1.2746837f, -0.6671069f, 0.46446216f, -0.034317434f, 1.3733249f, -0.15370919f, 0.45832238f, -0.5234484f, -0.34046122f, -1.6547121f, -1.1471063f, -0.71399134f], nn.init.xavier_uniform_(empty(3, 5), 2));
        manual_seed(0); Close([-0.37527996f, -0.38412008f, -0.083526194f, -0.14462627f, 0.28290346f, 0.23066972f, -0.10533759f, -0.7050731f, 0.15603215f, -0.052570816f, 0.48122007f, 0.08868314f, 0.055485114f, 0.29146063f, -0.047824617f, -0.03720311f, 0.31060886f, 0.41966975f, 0.66832685f, 0.017912302f, 0.2060189f, -0.13760075f, -0.28035495f, -0.772014f], nn.init.xavier_normal_(empty(4, 2, 3)));
        manual_seed(0); Close([-0.008201401f, 0.5876445f, -0.9016008f, -0.80618083f, -0.42191547f, 0.2937517f, -0.021704253f, 0.86856693f, -0.09721424f, 0.28986853f, -0.33105785f, -0.2153266f, -1.0465319f, -0.7254937f, -0.4515678f], nn.init.kaiming_uniform_(empty(3, 5)));
        manual_seed(0); Close([1.258218f, -0.2395837f, -1.778974f, 0.4641222f, -0.8855088f, -1.1419483f, 0.3293313f, 0.68424565f, -0.58727133f, -0.3293286f, -0.48715073f, 0.14863217f, -0.6994719f, 0.89863956f, -0.8746208f], nn.init.kaiming_normal_(empty(3, 5), mode: "fan_out", nonlinearity: "relu"));
        Close([0.44140652f, 0.47920528f, -0.13525727f, 0.53036046f, -0.1264995f, 0.11650391f],
            nn.init.kaiming_uniform_(empty(2, 3), a: Math.Sqrt(5), generator: new Generator().manual_seed(42)));
    }

    [Fact]
    public void TruncNormalIsPyTorchsDraw()
    {
        manual_seed(0);
        var t = nn.init.trunc_normal_(empty(3, 5), mean: 0.5, std: 1.5, a: -1, b: 2.5);
        Close([0.61635125f, 1.4416618f, -0.6329968f, -0.4756984f, 0.078141004f, 1.0148914f, 0.5989233f, 1.9378324f, 0.50164336f, 1.0095923f, 0.19858691f, 0.3493376f, -0.89954317f, -0.35065484f, 0.038274646f], t, 2e-6f);
        manual_seed(0);
        var wide = nn.init.trunc_normal_(empty(2000), std: 3, a: -1, b: 1);
        Assert.True(wide.min().item() >= -1 && wide.max().item() <= 1);
    }

    [Fact]
    public void OrthogonalIsPyTorchsMatrix()
    {
        manual_seed(0); Close([1.0444613f, -0.19888118f, -1.4767468f, 0.38527313f, -0.73507106f, -1.0729587f, 0.42112508f, -0.2857883f, -0.71753734f, -1.4404441f, -0.881833f, 0.13252115f, -0.09131039f, 1.7795057f, -0.17271602f], nn.init.orthogonal_(empty(3, 5), gain: 2), 1e-5f);
        manual_seed(0); Close([1.5900402f, 0.34062007f, -0.5570914f, 0.58652234f, -1.0044181f, -1.1030971f, 0.4161839f, 1.1480843f, 0.032534137f, -0.41618046f, -0.86866915f, -0.45260027f, -0.8839394f, 0.89578897f, -1.5056295f], nn.init.orthogonal_(empty(5, 3), gain: 2), 1e-5f);
        manual_seed(0); Close([-1.551574f, -0.2952903f, -0.085286744f, -1.2239885f, 1.1696486f, 0.038373835f, -0.7463303f, -1.4399447f, 0.44414255f, -1.5766237f, 1.1176416f, -0.26052424f, 0.16515934f, 1.1939805f, 1.4787138f, -0.60044867f], nn.init.orthogonal_(empty(4, 4), gain: 2), 1e-5f);
        manual_seed(3);
        var q = nn.init.orthogonal_(empty(6, 4, dtype: float64));
        Assert.True(q.t().matmul(q).allclose(eye(4, dtype: float64), atol: 1e-12));
    }

    [Fact]
    public void ConstantsAndEye()
    {
        Assert.Equal(new[] { 2.5f, 2.5f }, nn.init.constant_(empty(2), 2.5).ToArray<float>());
        Assert.Equal(new[] { 1f, 1f, 1f }, nn.init.ones_(empty(3)).ToArray<float>());
        Assert.Equal(new[] { 0f, 0f }, nn.init.zeros_(ones(2)).ToArray<float>());
        Assert.Equal(new[] { 1f, 0, 0, 0, 1, 0 }, nn.init.eye_(empty(2, 3)).ToArray<float>());
        Assert.Equal("Only tensors with 2 dimensions are supported", Assert.Throws<ArgumentException>(() => nn.init.eye_(empty(3))).Message);
        // In place on a parameter, without recording a graph.
        var p = nn.Parameter(empty(2, 2));
        nn.init.ones_(p);
        Assert.True(p.is_leaf && p.grad_fn is null);
    }

    [Fact]
    public void GainsAndFansAndTheirErrors()
    {
        Assert.Equal(1.0, nn.init.calculate_gain("linear"));
        Assert.Equal(1.0, nn.init.calculate_gain("sigmoid"));
        Assert.Equal(5.0 / 3, nn.init.calculate_gain("tanh"));
        Assert.Equal(Math.Sqrt(2), nn.init.calculate_gain("relu"));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), nn.init.calculate_gain("leaky_relu"));
        Assert.Equal(Math.Sqrt(2 / 1.04), nn.init.calculate_gain("leaky_relu", 0.2), 15);
        Assert.Equal(0.75, nn.init.calculate_gain("selu"));
        Assert.Equal("Unsupported nonlinearity gelu", Assert.Throws<ArgumentException>(() => nn.init.calculate_gain("gelu")).Message);
        Assert.Equal((12L, 20L), nn.init._calculate_fan_in_and_fan_out(empty(5, 3, 2, 2)));
        Assert.Equal("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
            Assert.Throws<ArgumentException>(() => nn.init.xavier_uniform_(empty(4))).Message);
        Assert.Equal("Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']",
            Assert.Throws<ArgumentException>(() => nn.init.kaiming_normal_(empty(2, 2), mode: "fan_avg")).Message);
        Assert.Equal("Only tensors with 2 or more dimensions are supported",
            Assert.Throws<ArgumentException>(() => nn.init.orthogonal_(empty(3))).Message);
    }

    [Fact]
    public void ErfAndErfInvAreAccurate()
    {
        // erf values from the Abramowitz–Stegun tables (to 15 digits).
        Assert.Equal(0.520499877813047, SpecialFunctions.Erf(0.5), 1e-14);
        Assert.Equal(0.995322265018953, SpecialFunctions.Erf(2.0), 1e-14);
        Assert.Equal(0.999999984582742, SpecialFunctions.Erf(4.0), 1e-14);
        Assert.Equal(-0.8427007929497149, SpecialFunctions.Erf(-1.0), 1e-15);
        foreach (var x in new[] { -3.5, -1.2, -0.3, 0.01, 0.7, 2.2, 3.9 })
            Assert.Equal(x, SpecialFunctions.ErfInv(SpecialFunctions.Erf(x)), 1e-9);
    }
}
