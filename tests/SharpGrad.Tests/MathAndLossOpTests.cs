using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

/// <summary>
/// The further unary math functions, gelu/mish/hardtanh and the smooth_l1/huber/kl_div losses:
/// forward values from libtorch (tools/TorchOracle, Scripts.Ops.cs: UnaryMathValues,
/// ActivationValues, LossValues), the same values on every kernel path, float64 gradcheck and
/// gradgradcheck, node names and error messages. One case per op, named by the op.
/// </summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class MathAndLossOpTests
{
    private static readonly float[] General = [-1.5f, -0.3f, 0f, 0.4f, 2.2f];
    private static readonly float[] Unit = [-0.9f, -0.3f, 0f, 0.4f, 0.8f];
    private static readonly float[] Positive = [0.1f, 0.5f, 1f, 2.5f, 10f];
    private static readonly float[] Halves = [-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, -1.7f, 1.2f];
    private static readonly float[] Small = [-1e-6f, 1e-7f, 1e-3f, -0.7f, 3f];

    /// <summary>float32 values within a relative 2e-6 of libtorch's (a few float32 ulps).</summary>
    private static void AssertClose(Tensor actual, double[] expected, double rtol = 2e-6)
    {
        var values = actual.to(float64).reshape(-1).ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(values[i] - expected[i]) <= rtol * Math.Abs(expected[i]) || values[i] == expected[i],
                $"element {i}: expected {expected[i]:R}, got {values[i]:R}");
    }

    // ------------------------------------------------------------------ unary math

    /// <summary>Op, its input, libtorch's output (UnaryMathValues), its node name and the inputs its
    /// gradient is checked at (float64).</summary>
    private sealed record UnaryCase(Func<Tensor, Tensor> Op, float[] Input, double[] Expected, string Node, Func<Tensor> GradInput);

    private static Tensor Normal() => RandD(2, 3);
    private static Tensor InUnit() => (rand(new long[] { 2, 3 }, dtype: float64) * 1.6 - 0.8).requires_grad_();
    private static Tensor Above(double low) => (rand(new long[] { 2, 3 }, dtype: float64) * 2 + low).requires_grad_();

    private static readonly Dictionary<string, UnaryCase> Unary = new()
    {
        ["erf"] = new(x => x.erf(), General, [-0.96610516, -0.32862678, 0, 0.42839235, 0.9981372], "ErfBackward0", Normal),
        ["erf (tails)"] = new(x => torch.erf(x), [-3.1f, -0.9f, 1.1f, 2.6f, 5f], [-0.9999884, -0.7969082, 0.8802051, 0.99976397, 1], "ErfBackward0", Normal),
        ["erfc"] = new(x => x.erfc(), General, [1.9661051, 1.3286268, 1, 0.57160765, 0.0018628458], "ErfcBackward0", Normal),
        ["erfc (tails)"] = new(x => torch.erfc(x), [-3.1f, 0.9f, 1.1f, 2.6f, 5f, 9f], [1.9999883, 0.2030918, 0.11979492, 0.00023603454, 1.5374598E-12, 4.1370317E-37], "ErfcBackward0", Normal),
        ["tan"] = new(x => x.tan(), General, [-14.10142, -0.30933627, 0, 0.42279324, -1.3738229], "TanBackward0", InUnit),
        ["atan"] = new(x => torch.atan(x), General, [-0.98279375, -0.29145682, 0, 0.3805064, 1.1441689], "AtanBackward0", Normal),
        ["sinh"] = new(x => x.sinh(), General, [-2.1292794, -0.3045203, 0, 0.41075233, 4.4571056], "SinhBackward0", Normal),
        ["cosh"] = new(x => torch.cosh(x), General, [2.3524096, 1.0453385, 1, 1.0810723, 4.567909], "CoshBackward0", Normal),
        ["asin"] = new(x => x.asin(), Unit, [-1.1197695, -0.30469266, 0, 0.41151685, 0.9272952], "AsinBackward0", InUnit),
        ["acos"] = new(x => torch.acos(x), Unit, [2.6905658, 1.875489, 1.5707964, 1.1592795, 0.6435011], "AcosBackward0", InUnit),
        ["log2"] = new(x => x.log2(), Positive, [-3.321928, -1, 0, 1.3219281, 3.321928], "Log2Backward0", () => Above(0.3)),
        ["log10"] = new(x => torch.log10(x), Positive, [-1, -0.30103, 0, 0.39794, 1], "Log10Backward0", () => Above(0.3)),
        ["exp2"] = new(x => x.exp2(), General, [0.35355338, 0.8122524, 1, 1.319508, 4.594794], "Exp2Backward0", Normal),
        ["expm1"] = new(x => torch.expm1(x), Small, [-9.999995E-07, 1.0000001E-07, 0.0010005002, -0.5034147, 19.085537], "Expm1Backward0", Normal),
        ["rsqrt"] = new(x => x.rsqrt(), Positive, [3.1622777, 1.4142135, 1, 0.6324555, 0.31622776], "RsqrtBackward0", () => Above(0.3)),
        ["floor"] = new(x => x.floor(), Halves, [-3, -2, -1, 0, 1, 2, -2, 1], "FloorBackward0", Normal),
        ["ceil"] = new(x => torch.ceil(x), Halves, [-2, -1, -0.0, 1, 2, 3, -1, 2], "CeilBackward0", Normal),
        ["round"] = new(x => x.round(), Halves, [-2, -2, -0.0, 0, 2, 2, -2, 1], "RoundBackward0", Normal),
        ["trunc"] = new(x => torch.trunc(x), Halves, [-2, -1, -0.0, 0, 1, 2, -1, 1], "TruncBackward0", Normal),
        ["frac"] = new(x => x.frac(), Halves, [-0.5, -0.5, -0.5, 0.5, 0.5, 0.5, -0.70000005, 0.20000005], "FracBackward0", Normal),
    };

    public static TheoryData<string> UnaryOps => [.. Unary.Keys];

    [Theory, MemberData(nameof(UnaryOps))]
    public void UnaryForwardValues(string op)
    {
        var c = Unary[op];
        AssertClose(c.Op(tensor(c.Input)), c.Expected);
    }

    /// <summary>The vectorised span kernel (a long contiguous run, with its tail), the strided scalar
    /// loop and a 0-dim tensor all give the same value per element.</summary>
    [Theory, MemberData(nameof(UnaryOps))]
    public void UnaryKernelPathsAgree(string op)
    {
        var c = Unary[op];
        foreach (var dtype in new[] { float32, float64 })
        {
            var one = tensor(c.Input).to(dtype);
            var n = c.Input.Length;
            var expected = new double[n];
            for (int i = 0; i < n; i++) expected[i] = c.Op(one[i]).to(float64).item<double>();
            // 67 copies: vector blocks of every width plus a scalar tail.
            var rows = one.unsqueeze(0).expand(67, n).contiguous();
            var contiguous = c.Op(rows.reshape(-1)).to(float64).ToArray<double>();
            var strided = c.Op(rows.t()).to(float64).contiguous().ToArray<double>();
            // The vectorised kernels of some functions (sinh, log2, …) may round differently
            // from the scalar ones by an ulp, as PyTorch's do.
            double rtol = dtype == float32 ? 2.5e-7 : 5e-16;
            for (int k = 0; k < 67 * n; k++)
            {
                Assert.True(Math.Abs(contiguous[k] - expected[k % n]) <= rtol * Math.Abs(expected[k % n]), $"contiguous {k}: {contiguous[k]:R} vs {expected[k % n]:R}");
                Assert.True(Math.Abs(strided[k] - expected[k / 67]) <= rtol * Math.Abs(expected[k / 67]), $"strided {k}: {strided[k]:R} vs {expected[k / 67]:R}");
            }
        }
    }

    [Theory, MemberData(nameof(UnaryOps))]
    public void UnaryGradients(string op)
    {
        manual_seed(11);
        var c = Unary[op];
        CheckGradients(t => c.Op(t[0]), c.GradInput());
        Assert.Equal(c.Node, c.Op(c.GradInput()).grad_fn!.name());
    }

    /// <summary>Forward mode derives each op's tangent from its backward formula: J·ṫ equals the
    /// reverse-mode gradient times ṫ for these elementwise ops.</summary>
    [Theory, MemberData(nameof(UnaryOps))]
    public void UnaryForwardModeTangents(string op)
    {
        manual_seed(19);
        var c = Unary[op];
        var x = c.GradInput();
        var tangent = randn(2, 3, dtype: float64);
        c.Op(x).sum().backward();
        Tensor? jvp;
        using (autograd.forward_ad.dual_level())
            jvp = autograd.forward_ad.unpack_dual(c.Op(autograd.forward_ad.make_dual(x.detach(), tangent))).tangent;
        Assert.NotNull(jvp);
        AssertValues(jvp!, (x.grad! * tangent).reshape(-1).ToArray<double>(), tol: 1e-12);
    }

    /// <summary>gradcheck of an output that needs no gradient (floor's gradient, differentiated
    /// again) asks the numerical Jacobian to be zero, as PyTorch's does.</summary>
    [Fact]
    public void GradcheckOfAnOutputWithoutGradient()
    {
        var x = RandD(3);
        Assert.True(autograd.gradcheck(t => t[0].floor().detach(), [x]));
        var e = Assert.Throws<InvalidOperationException>(() => autograd.gradcheck(t => t[0].detach() * 2.0, [x]));
        Assert.Equal("Numerical gradient for function expected to be zero", e.Message);
    }

    [Fact]
    public void FloatingFunctionsOfIntegersComputeInFloat32()
    {
        Assert.Equal(float32, tensor(new long[] { 1, 2 }).erf().dtype);
        AssertClose(tensor(new long[] { 1, 100 }).log10(), [0, 2]);
    }

    [Fact]
    public void RoundingOfIntegersIsACopy()
    {
        var x = tensor(new long[] { -3, 0, 7 });
        foreach (var y in new[] { x.floor(), x.ceil(), x.round(), x.trunc() })
        {
            Assert.Equal(int64, y.dtype);
            Assert.Equal(new long[] { -3, 0, 7 }, y.ToArray<long>());
        }
    }

    [Fact]
    public void FracOfIntegersIsRejected()
    {
        var e = Assert.Throws<NotSupportedException>(() => tensor(new long[] { 1 }).frac());
        Assert.Equal("\"frac_cpu\" not implemented for 'Long'", e.Message);
    }

    /// <summary>Digits that float32 rounding would hide: expm1 near 0, erf and erfc in float64.</summary>
    [Fact]
    public void Float64AccuracyOfExpm1AndErf()
    {
        Assert.Equal(1.00000000005E-10, tensor(new[] { 1e-10 }).expm1().item<double>(), 1e-25);
        Assert.Equal(0.5204998778130465, tensor(new[] { 0.5 }).erf().item<double>(), 1e-15);
        Assert.Equal(1.541725790028002E-08, tensor(new[] { 4.0 }).erfc().item<double>(), 1e-22);
    }

    // ------------------------------------------------------------------ activations

    private static readonly float[] Act = [-2f, -1f, -0.3f, 0f, 0.4f, 1f, 2.5f];

    private static readonly Dictionary<string, (Func<Tensor, Tensor> Op, double[] Expected, string Node)> Activations = new()
    {
        ["gelu"] = (x => F.gelu(x), [-0.04550028, -0.15865526, -0.11462658, 0, 0.2621687, 0.8413447, 2.4844759], "GeluBackward0"),
        ["gelu(tanh)"] = (x => F.gelu(x, approximate: "tanh"), [-0.04540229, -0.158808, -0.11462908, 0, 0.26216117, 0.841192, 2.4849157], "GeluBackward0"),
        ["mish"] = (x => F.mish(x), [-0.25250146, -0.30340147, -0.15113318, 0, 0.28903052, 0.86509836, 2.4713924], "MishBackward0"),
        ["hardtanh"] = (x => F.hardtanh(x), [-1, -1, -0.3, 0, 0.4, 1, 1], "HardtanhBackward0"),
        ["hardtanh(-0.5, 2)"] = (x => F.hardtanh(x, -0.5, 2), [-0.5, -0.5, -0.3, 0, 0.4, 1, 2], "HardtanhBackward0"),
    };

    public static TheoryData<string> ActivationOps => [.. Activations.Keys];

    [Theory, MemberData(nameof(ActivationOps))]
    public void ActivationValues(string op) => AssertClose(Activations[op].Op(tensor(Act)), Activations[op].Expected, rtol: 4e-6);

    [Theory, MemberData(nameof(ActivationOps))]
    public void ActivationGradients(string op)
    {
        manual_seed(13);
        var (f, _, node) = Activations[op];
        CheckGradients(t => f(t[0]), RandD(3, 4) * 1.5);
        Assert.Equal(node, f(RandD(3)).grad_fn!.name());
    }

    [Fact]
    public void HardtanhGradientIsZeroAtAndBeyondItsBounds()
    {
        var x = tensor(new[] { -1.0, -0.5, 1.0, 2.0 }, requires_grad: true);
        F.hardtanh(x).sum().backward();
        Assert.Equal(new[] { 0.0, 1, 0, 0 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void ActivationErrors()
    {
        var e1 = Assert.Throws<ArgumentException>(() => F.gelu(tensor(new[] { 1.0 }), approximate: "fast"));
        Assert.Equal("approximate argument must be either none or tanh.", e1.Message);
        var e2 = Assert.Throws<InvalidOperationException>(() => F.hardtanh(tensor(new[] { true })));
        Assert.Equal("Bool inputs not supported for hardtanh", e2.Message);
        var e3 = Assert.Throws<NotSupportedException>(() => F.mish(tensor(new long[] { 1 })));
        Assert.Equal("\"mish_cpu\" not implemented for 'Long'", e3.Message);
    }

    // ------------------------------------------------------------------ losses

    private static Tensor LossInput => tensor(new float[] { 0.2f, -1.5f, 3f, 0.9f, -0.1f, 2f });
    private static Tensor LossTarget => tensor(new float[] { 0f, 0.5f, 1f, 1f, -2f, 2.3f });
    private static Tensor LogP => tensor(new float[,] { { -1.2f, -0.4f, -2.3f }, { -0.9f, -1.6f, -0.8f } });
    private static Tensor Q => tensor(new float[,] { { 0.2f, 0.5f, 0.3f }, { 0f, 0.6f, 0.4f } });

    private static readonly Dictionary<string, (Func<Tensor> Loss, double[] Expected)> LossValueCases = new()
    {
        ["smooth_l1_loss none"] = (() => F.smooth_l1_loss(LossInput, LossTarget, reduction: "none"), [0.020000001, 1.5, 1.5, 0.005000002, 1.4, 0.044999987]),
        ["smooth_l1_loss mean"] = (() => F.smooth_l1_loss(LossInput, LossTarget), [0.74500006]),
        ["smooth_l1_loss sum, beta 0.5"] = (() => F.smooth_l1_loss(LossInput, LossTarget, reduction: "sum", beta: 0.5), [5.29]),
        ["huber_loss none"] = (() => F.huber_loss(LossInput, LossTarget, reduction: "none"), [0.020000001, 1.5, 1.5, 0.005000002, 1.4, 0.044999987]),
        ["huber_loss mean"] = (() => F.huber_loss(LossInput, LossTarget), [0.74500006]),
        ["huber_loss sum, delta 0.7"] = (() => F.huber_loss(LossInput, LossTarget, reduction: "sum", delta: 0.7), [3.465]),
        ["kl_div none"] = (() => F.kl_div(LogP, Q, reduction: "none"), [-0.08188757, -0.14657359, 0.32880813, 0, 0.65350467, -0.04651627]),
        ["kl_div mean"] = (() => F.kl_div(LogP, Q), [0.117889225]),
        ["kl_div sum"] = (() => F.kl_div(LogP, Q, reduction: "sum"), [0.70733535]),
        ["kl_div batchmean"] = (() => F.kl_div(LogP, Q, reduction: "batchmean"), [0.70733535 / 2]),
        ["kl_div sum, log_target"] = (() => F.kl_div(LogP, Q.log1p() - 1, reduction: "sum", log_target: true), [1.4719312]),
    };

    public static TheoryData<string> LossValueOps => [.. LossValueCases.Keys];

    [Theory, MemberData(nameof(LossValueOps))]
    public void LossValues(string op) => AssertClose(LossValueCases[op].Loss(), LossValueCases[op].Expected, rtol: 4e-6);

    private static Tensor Probabilities() => F.softmax(RandD(2, 3), 1).detach().requires_grad_();

    private static readonly Dictionary<string, Action> LossGradientCases = new()
    {
        ["smooth_l1_loss"] = () => CheckGradients(t => F.smooth_l1_loss(t[0], t[1]), RandD(3, 4), RandD(3, 4)),
        ["smooth_l1_loss none, beta 0.5"] = () => CheckGradients(t => F.smooth_l1_loss(t[0], t[1], reduction: "none", beta: 0.5), RandD(3, 4), RandD(3, 4)),
        ["smooth_l1_loss sum, beta 0"] = () => CheckGradients(t => F.smooth_l1_loss(t[0], t[1], reduction: "sum", beta: 0), RandD(5), RandD(5)),
        ["huber_loss"] = () => CheckGradients(t => F.huber_loss(t[0], t[1]), RandD(3, 4), RandD(3, 4)),
        ["huber_loss sum, delta 0.3"] = () => CheckGradients(t => F.huber_loss(t[0], t[1], reduction: "sum", delta: 0.3), RandD(3, 4), RandD(3, 4)),
        ["kl_div"] = () => CheckGradients(t => F.kl_div(t[0], t[1]), RandD(2, 3), Probabilities()),
        ["kl_div batchmean"] = () => CheckGradients(t => F.kl_div(t[0], t[1], reduction: "batchmean"), RandD(2, 3), Probabilities()),
        ["kl_div none, log_target"] = () => CheckGradients(t => F.kl_div(t[0], t[1], reduction: "none", log_target: true), RandD(2, 3), RandD(2, 3)),
    };

    public static TheoryData<string> LossGradientOps => [.. LossGradientCases.Keys];

    [Theory, MemberData(nameof(LossGradientOps))]
    public void LossGradients(string op)
    {
        manual_seed(17);
        LossGradientCases[op]();
    }

    [Fact]
    public void LossNodeNames()
    {
        var x = RandD(3);
        Assert.Equal("SmoothL1LossBackward0", F.smooth_l1_loss(x, zeros(3, dtype: float64)).grad_fn!.name());
        Assert.Equal("HuberLossBackward0", F.huber_loss(x, zeros(3, dtype: float64)).grad_fn!.name());
        Assert.Equal("MseLossBackward0", F.mse_loss(x, zeros(3, dtype: float64)).grad_fn!.name());
    }

    [Fact]
    public void KlDivOfAZeroTargetHasAFiniteGradient()
    {
        var q = tensor(new[] { 0.0, 0.5, 0.5 }, requires_grad: true);
        var logp = tensor(new[] { -1.0, -0.7, -0.7 }, requires_grad: true);
        F.kl_div(logp, q, reduction: "sum").backward();
        Assert.All(q.grad!.ToArray<double>(), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(new[] { -0.0, -0.5, -0.5 }, logp.grad!.ToArray<double>());
    }

    [Fact]
    public void LossErrors()
    {
        var x = tensor(new[] { 1.0 });
        var e1 = Assert.Throws<ArgumentException>(() => F.smooth_l1_loss(x, x, beta: -1));
        Assert.Equal("smooth_l1_loss does not support negative values for beta.", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => F.huber_loss(x, x, delta: 0));
        Assert.Equal("huber_loss does not support non-positive values for delta.", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => F.kl_div(x, x, reduction: "average"));
        Assert.Equal("average is not a valid value for reduction", e3.Message);
    }

    // ------------------------------------------------------------------ scatter_add (one implementation)

    [Fact]
    public void ScatterAddOfBoolsIsLogicalOr()
    {
        var y = zeros(3, dtype: @bool).scatter_add(0, tensor(new long[] { 0, 2, 0 }), tensor(new[] { true, false, true }));
        Assert.Equal(new[] { true, false, false }, y.ToArray<bool>());
    }

    [Fact]
    public void ScatterAddInPlaceIntoAStridedView()
    {
        var m = zeros(3, 2);
        m.t().scatter_add_(1, tensor(new long[,] { { 0, 2 }, { 1, 1 } }), tensor(new float[,] { { 1, 2 }, { 3, 4 } }));
        AssertValues(m, [1, 0, 0, 7, 2, 0]);
    }
}
