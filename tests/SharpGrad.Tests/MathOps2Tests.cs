using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// atan2, asinh/acosh/atanh, fmod, remainder, lerp, isinf/isfinite, nan_to_num, sort, argsort, topk,
/// kthvalue, median, mode, unique, cumprod, cummax, cummin and dist: forward values from libtorch
/// (tools/TorchOracle, Scripts.MathOps.cs: ElementwiseMathValues, SortingValues, CumulativeValues),
/// float64 gradcheck and gradgradcheck, node names and error messages. One case per op, named by the op.
/// </summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class MathOps2Tests
{
    /// <summary>Values within a relative <paramref name="rtol"/> of libtorch's (NaN matching NaN,
    /// signed zeros compared by value), and the shape when given.</summary>
    private static void AssertClose(Tensor actual, double[] expected, long[]? shape = null, double rtol = 2.5e-7)
    {
        if (shape is not null) Assert.Equal(shape, actual.shape);
        var values = actual.to(float64).reshape(-1).ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(expected[i])) Assert.True(double.IsNaN(values[i]), $"element {i}: expected NaN, got {values[i]:R}");
            else Assert.True(values[i] == expected[i] || Math.Abs(values[i] - expected[i]) <= rtol * Math.Abs(expected[i]),
                $"element {i}: expected {expected[i]:R}, got {values[i]:R}");
        }
    }

    private static void AssertIndices(Tensor actual, long[] expected, long[]? shape = null)
    {
        Assert.Equal(int64, actual.dtype);
        if (shape is not null) Assert.Equal(shape, actual.shape);
        Assert.Equal(expected, actual.reshape(-1).ToArray<long>());
    }

    // ------------------------------------------------------------------ elementwise forward values

    private static readonly Tensor Y = tensor(new[] { 1f, -1f, 0f, 2f, -0.5f, 0f, 3f });
    private static readonly Tensor X = tensor(new[] { 1f, 1f, -1f, -3f, 0f, 2f, 0.25f });
    private static readonly Tensor Dividend = tensor(new[] { -3.5f, -1f, 0f, 2.5f, 7f, -7f, 5.25f });
    private static readonly Tensor Divisor = tensor(new[] { 2f, -3f, 1.5f, -1f, 2.5f, 2.5f, -2f });
    private static readonly Tensor Start = tensor(new[] { -1f, 0f, 2f, 5f });
    private static readonly Tensor End = tensor(new[] { 3f, 1f, -2f, 5.5f });
    private static readonly Tensor Special = tensor(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.5f, -0f });

    // Expected values: ElementwiseMathValues.
    private static readonly Dictionary<string, (Func<Tensor> Run, double[] Expected)> Elementwise = new()
    {
        ["atan2"] = (() => Y.atan2(X), [0.7853981852531433, -0.7853981852531433, 3.1415927410125732, 2.5535900592803955, -1.5707963705062866, 0, 1.4876550436019897]),
        ["asinh"] = (() => tensor(new[] { -1.5f, -0.3f, 0f, 0.4f, 2.2f }).asinh(), [-1.19476318359375, -0.29567307233810425, 0, 0.39003533124923706, 1.5296604633331299]),
        ["acosh"] = (() => torch.acosh(tensor(new[] { 1f, 1.5f, 2f, 10f, 100f })), [0, 0.9624236822128296, 1.316957950592041, 2.993222951889038, 5.29829216003418]),
        ["atanh"] = (() => tensor(new[] { -0.9f, -0.3f, 0f, 0.4f, 0.8f }).atanh(), [-1.4722193479537964, -0.30951961874961853, 0, 0.4236489534378052, 1.0986123085021973]),
        ["fmod"] = (() => Dividend.fmod(Divisor), [-1.5, -1, 0, 0.5, 2, -2, 1.25]),
        ["fmod (scalar)"] = (() => torch.fmod(Dividend, 2.0), [-1.5, -1, 0, 0.5, 1, -1, 1.25]),
        ["remainder"] = (() => torch.remainder(Dividend, Divisor), [0.5, -1, 0, -0.5, 2, 0.5, -0.75]),
        ["remainder (scalar)"] = (() => Dividend.remainder(-2.0), [-1.5, -1, 0, -1.5, -1, -1, -0.75]),
        ["fmod (int64)"] = (() => tensor(new long[] { -7, -1, 0, 5, 7, -6 }).fmod(tensor(new long[] { 3, -3, 2, -2, -4, 4 })), [-1, -1, 0, 1, 3, -2]),
        ["remainder (int64)"] = (() => tensor(new long[] { -7, -1, 0, 5, 7, -6 }).remainder(tensor(new long[] { 3, -3, 2, -2, -4, 4 })), [2, -1, 0, -1, -1, 2]),
        ["remainder (int64, scalar)"] = (() => tensor(new long[] { -7, -1, 0, 5, 7, -6 }).remainder(3), [2, 2, 0, 2, 1, 0]),
        ["lerp"] = (() => Start.lerp(End, 0.3), [0.20000004768371582, 0.30000001192092896, 0.7999999523162842, 5.150000095367432]),
        ["lerp (weight 0.7)"] = (() => torch.lerp(Start, End, 0.7), [1.7999999523162842, 0.699999988079071, -0.7999999523162842, 5.349999904632568]),
        ["lerp (tensor weight)"] = (() => Start.lerp(End, tensor(new[] { 0f, 0.25f, 0.75f, 1.5f })), [-1, 0.25, -1, 5.75]),
        ["isinf"] = (() => Special.isinf(), [0, 1, 1, 0, 0]),
        ["isfinite"] = (() => torch.isfinite(Special), [0, 0, 0, 1, 1]),
        ["isposinf"] = (() => Special.isposinf(), [0, 1, 0, 0, 0]),
        ["isneginf"] = (() => torch.isneginf(Special), [0, 0, 1, 0, 0]),
        ["nan_to_num"] = (() => Special.nan_to_num(), [0, 3.4028234663852886E+38, -3.4028234663852886E+38, 1.5, -0.0]),
        ["nan_to_num (float64)"] = (() => torch.nan_to_num(Special.to(float64)), [0, 1.7976931348623157E+308, -1.7976931348623157E+308, 1.5, -0.0]),
        ["nan_to_num (0.5, 10, -10)"] = (() => Special.nan_to_num(0.5, 10, -10), [0.5, 10, -10, 1.5, -0.0]),
    };

    public static TheoryData<string> ElementwiseOps => [.. Elementwise.Keys];

    [Theory, MemberData(nameof(ElementwiseOps))]
    public void ElementwiseValues(string op)
    {
        var (run, expected) = Elementwise[op];
        AssertClose(run(), expected);
    }

    [Fact]
    public void ElementwiseDtypes()
    {
        Assert.Equal(int64, tensor(new long[] { 5 }).fmod(3).dtype);
        Assert.Equal(float32, tensor(new long[] { 5 }).fmod(2.5).dtype);
        AssertClose(tensor(new long[] { 4 }).remainder(-2.5), [-1]);
        Assert.Equal(float32, tensor(new long[] { 1, 0 }).atan2(tensor(new long[] { 0, -1 })).dtype);
        Assert.Equal(float32, tensor(new long[] { 2 }).acosh().dtype);
        Assert.Equal(float64, tensor(new[] { 1.0 }).atan2(tensor(new[] { 1f })).dtype);
        // Whole numbers are finite and never infinite; nan_to_num copies them.
        Assert.Equal(new[] { true, true }, tensor(new long[] { 1, -3 }).isfinite().ToArray<bool>());
        Assert.Equal(new[] { false, false }, tensor(new long[] { 1, -3 }).isinf().ToArray<bool>());
        Assert.Equal(new long[] { 1, -3 }, tensor(new long[] { 1, -3 }).nan_to_num().ToArray<long>());
        Assert.Equal(@bool, Special.isinf().dtype);
    }

    /// <summary>The inverse hyperbolic kernels give the same value on a long contiguous run, a
    /// strided view and a 0-dim tensor, in float32 and float64.</summary>
    [Theory]
    [InlineData("asinh")]
    [InlineData("acosh")]
    [InlineData("atanh")]
    public void UnaryKernelPathsAgree(string op)
    {
        Func<Tensor, Tensor> f = op switch { "asinh" => t => t.asinh(), "acosh" => t => t.acosh(), _ => t => t.atanh() };
        float[] input = op == "acosh" ? [1f, 1.25f, 3f, 7.5f, 40f] : [-0.9f, -0.2f, 0f, 1e-4f, 0.6f];
        foreach (var dtype in new[] { float32, float64 })
        {
            var one = tensor(input).to(dtype);
            int n = input.Length;
            var expected = new double[n];
            for (int i = 0; i < n; i++) expected[i] = f(one[i]).to(float64).item<double>();
            var rows = one.unsqueeze(0).expand(67, n).contiguous();
            var contiguous = f(rows.reshape(-1)).to(float64).ToArray<double>();
            var strided = f(rows.t()).to(float64).contiguous().ToArray<double>();
            for (int k = 0; k < 67 * n; k++)
            {
                Assert.Equal(expected[k % n], contiguous[k]);
                Assert.Equal(expected[k / 67], strided[k]);
            }
        }
    }

    // ------------------------------------------------------------------ elementwise gradients

    private static Tensor InUnit(params long[] shape) => (rand(shape, dtype: float64) * 1.6 - 0.8).requires_grad_();
    private static Tensor Above(double low, params long[] shape) => (rand(shape, dtype: float64) * 2 + low).requires_grad_();
    private static Tensor Leaf(params double[] values) => tensor(values, requires_grad: true);

    /// <summary>Op, its float64 inputs (seeded) and its node's name.</summary>
    private static readonly Dictionary<string, (Func<Tensor[], Tensor> Op, Func<Tensor[]> Inputs, string Node)> Gradients = new()
    {
        ["atan2"] = (t => t[0].atan2(t[1]), () => [RandD(2, 3), RandD(3)], "Atan2Backward0"),
        ["asinh"] = (t => t[0].asinh(), () => [RandD(2, 3)], "AsinhBackward0"),
        ["acosh"] = (t => t[0].acosh(), () => [Above(1.2, 2, 3)], "AcoshBackward0"),
        ["atanh"] = (t => t[0].atanh(), () => [InUnit(2, 3)], "AtanhBackward0"),
        ["fmod"] = (t => t[0].fmod(t[1]), () => [Leaf(-3.5, 2.5, 7, 1.3), Leaf(2, -1.2, 2.5, 0.7)], "FmodBackward1"),
        ["fmod (scalar)"] = (t => t[0].fmod(1.5), () => [Leaf(-3.4, 2.5, 7, 1.3)], "FmodBackward0"),
        ["remainder"] = (t => t[0].remainder(t[1]), () => [Leaf(-3.5, 2.5, 7, 1.3), Leaf(2, -1.2, 2.5, 0.7)], "RemainderBackward1"),
        ["remainder (scalar)"] = (t => t[0].remainder(-1.5), () => [Leaf(-3.4, 2.5, 7, 1.3)], "RemainderBackward0"),
        ["lerp"] = (t => t[0].lerp(t[1], 0.3), () => [RandD(2, 3), RandD(3)], "LerpBackward0"),
        ["lerp (weight 0.8)"] = (t => t[0].lerp(t[1], 0.8), () => [RandD(3), RandD(2, 3)], "LerpBackward0"),
        ["lerp (tensor weight)"] = (t => t[0].lerp(t[1], t[2]), () => [RandD(2, 3), RandD(3), (rand(new long[] { 2, 1 }, dtype: float64) * 1.4 - 0.2).requires_grad_()], "LerpBackward1"),
        ["nan_to_num"] = (t => t[0].nan_to_num(), () => [RandD(2, 3)], "NanToNumBackward0"),
        ["dist"] = (t => t[0].dist(t[1]), () => [RandD(2, 3), RandD(3)], "DistBackward0"),
        ["dist (p=3)"] = (t => torch.dist(t[0], t[1], 3), () => [RandD(4), RandD(4)], "DistBackward0"),
        ["dist (p=1.5)"] = (t => t[0].dist(t[1], 1.5), () => [RandD(2, 2), RandD(2, 2)], "DistBackward0"),
        ["dist (p=1)"] = (t => t[0].dist(t[1], 1), () => [RandD(5), RandD(5)], "DistBackward0"),
        ["dist (p=0.5)"] = (t => t[0].dist(t[1], 0.5), () => [RandD(5), RandD(5)], "DistBackward0"),
        ["dist (p=inf)"] = (t => t[0].dist(t[1], double.PositiveInfinity), () => [RandD(5), RandD(5)], "DistBackward0"),
        ["dist (p=0)"] = (t => t[0].dist(t[1], 0), () => [RandD(5), RandD(5)], "DistBackward0"),
        ["sort"] = (t => t[0].sort(1).values, () => [RandD(3, 5)], "SortBackward0"),
        ["sort (descending, stable)"] = (t => t[0].sort(0, descending: true, stable: true).values, () => [RandD(4, 3)], "SortBackward1"),
        ["topk"] = (t => t[0].topk(2).values, () => [RandD(3, 5)], "TopkBackward0"),
        ["topk (smallest, dim 0)"] = (t => torch.topk(t[0], 3, dim: 0, largest: false).values, () => [RandD(4, 2)], "TopkBackward0"),
        ["kthvalue"] = (t => t[0].kthvalue(2, 1).values, () => [RandD(3, 5)], "KthvalueBackward0"),
        ["kthvalue (keepdim)"] = (t => torch.kthvalue(t[0], 3, 0, keepdim: true).values, () => [RandD(4, 2)], "KthvalueBackward0"),
        ["median"] = (t => t[0].median(), () => [RandD(3, 4)], "MedianBackward0"),
        ["median (dim)"] = (t => t[0].median(1).values, () => [RandD(3, 4)], "MedianBackward1"),
        ["median (dim 0, keepdim)"] = (t => torch.median(t[0], 0, keepdim: true).values, () => [RandD(5, 2)], "MedianBackward1"),
        ["mode"] = (t => t[0].mode(1).values, () => [RandD(3, 4)], "ModeBackward0"),
        ["cumprod"] = (t => t[0].cumprod(1), () => [RandD(2, 4)], "CumprodBackward0"),
        ["cumprod (with zeros)"] = (t => t[0].cumprod(0), () => [Leaf(2, 0, 3, 0.5, 0, 4)], "CumprodBackward0"),
        ["cumprod (one zero, 2-D)"] = (t => torch.cumprod(t[0], 0), () => [tensor(new[,] { { 1.5, 0 }, { 0, 2 }, { -1, 3 } }, requires_grad: true)], "CumprodBackward0"),
        ["cummax"] = (t => t[0].cummax(1).values, () => [RandD(3, 5)], "CummaxBackward0"),
        ["cummin"] = (t => torch.cummin(t[0], 0).values, () => [RandD(5, 2)], "CumminBackward0"),
    };

    public static TheoryData<string> GradientOps => [.. Gradients.Keys];

    [Theory, MemberData(nameof(GradientOps))]
    public void GradientsAndNodeNames(string op)
    {
        manual_seed(23);
        var (f, inputs, node) = Gradients[op];
        CheckGradients(f, inputs());
        Assert.Equal(node, f(inputs()).grad_fn!.name());
    }

    /// <summary>Forward mode derives the tangent from the backward formula: J·ṫ matches the
    /// reverse-mode vector-Jacobian products for these single-input ops.</summary>
    [Theory]
    [InlineData("asinh")]
    [InlineData("atanh")]
    [InlineData("sort")]
    [InlineData("cumprod")]
    [InlineData("cummax")]
    public void ForwardModeTangents(string op)
    {
        manual_seed(29);
        var (f, inputs, _) = Gradients[op];
        var x = inputs()[0];
        var tangent = randn(x.shape, dtype: float64);
        var jacobian = autograd.functional.jacobian(t => f([t]), x.detach());
        var expected = mm(jacobian.reshape(-1, x.numel()), tangent.reshape(-1, 1)).reshape(-1);
        Tensor? jvp;
        using (autograd.forward_ad.dual_level())
            jvp = autograd.forward_ad.unpack_dual(f([autograd.forward_ad.make_dual(x.detach(), tangent)])).tangent;
        Assert.NotNull(jvp);
        AssertValues(jvp!, expected.ToArray<double>(), tol: 1e-12);
    }

    /// <summary>libtorch's gradients of atan2, remainder and fmod for both operands (ElementwiseMathValues).</summary>
    [Fact]
    public void BinaryGradientValues()
    {
        var y = Leaf(1, -1, 0.5);
        var x = Leaf(2, -3, 0.25);
        y.atan2(x).sum().backward();
        AssertClose(y.grad!, [0.4, -0.30000000000000004, 0.8], rtol: 1e-15);
        AssertClose(x.grad!, [-0.2, 0.1, -1.6], rtol: 1e-15);
        var a = Leaf(-3.5, 2.5, 7);
        var b = Leaf(2, -1, 2.5);
        a.remainder(b).sum().backward();
        AssertClose(a.grad!, [1, 1, 1]);
        AssertClose(b.grad!, [2, 3, -2]);
        a.grad = null;
        b.grad = null;
        a.fmod(b).sum().backward();
        AssertClose(a.grad!, [1, 1, 1]);
        AssertClose(b.grad!, [1, 2, -2]);
    }

    /// <summary>nan_to_num passes the gradient only where the input was finite.</summary>
    [Fact]
    public void NanToNumGradientIsMaskedAtNonFinite()
    {
        var x = Leaf(double.NaN, 1.5, double.PositiveInfinity, -2, double.NegativeInfinity);
        (x.nan_to_num() * 3.0).sum().backward();
        AssertClose(x.grad!, [0, 3, 0, 3, 0]);
    }

    // ------------------------------------------------------------------ sorting and selection values

    private static readonly Tensor WithNaN = tensor(new[,] { { 3f, 1f, float.NaN, 2f, 1f }, { -1f, 5f, 0f, 5f, 2f } });
    private static readonly Tensor Distinct = tensor(new[,] { { 0.5f, -2f, 4f, 1f, 3f }, { 9f, 7f, -1f, 0f, 2f } });
    private static readonly Tensor Counts = tensor(new long[,] { { 1, 2, 2, 3, 3 }, { 5, 4, 4, 5, 1 }, { 7, 7, 7, 0, 0 } });
    private static readonly Tensor Running = tensor(new[,] { { 1f, 3f, 2f, 3f, 5f }, { 4f, -1f, 4f, float.NaN, 6f } });

    /// <summary>An op returning values and indices, libtorch's values and indices and the shape
    /// (SortingValues, CumulativeValues).</summary>
    private static readonly Dictionary<string, (Func<(Tensor values, Tensor indices)> Run, double[] Values, long[] Indices, long[] Shape)> Selections = new()
    {
        ["sort"] = (() => WithNaN.sort(-1, stable: true), [1, 1, 2, 3, double.NaN, -1, 0, 2, 5, 5], [1, 4, 3, 0, 2, 0, 2, 4, 1, 3], [2, 5]),
        ["sort (descending)"] = (() => torch.sort(WithNaN, -1, descending: true), [double.NaN, 3, 2, 1, 1, 5, 5, 2, 0, -1], [2, 0, 3, 1, 4, 1, 3, 4, 2, 0], [2, 5]),
        ["sort (dim 0)"] = (() => WithNaN.sort(0), [-1, 1, 0, 2, 1, 3, 5, double.NaN, 5, 2], [1, 0, 1, 0, 0, 0, 1, 0, 1, 1], [2, 5]),
        // The rows of "sort" as columns of a transposed view.
        ["sort (strided view)"] = (() => WithNaN.t().sort(0, stable: true), [1, -1, 1, 0, 2, 2, 3, 5, double.NaN, 5], [1, 0, 4, 2, 3, 4, 0, 1, 2, 3], [5, 2]),
        ["topk"] = (() => Distinct.topk(2), [4, 3, 9, 7], [2, 4, 0, 1], [2, 2]),
        ["topk (smallest)"] = (() => torch.topk(Distinct, 3, 1, largest: false), [-2, 0.5, 1, -1, 0, 2], [1, 0, 3, 2, 3, 4], [2, 3]),
        ["topk (dim 0)"] = (() => Distinct.topk(1, 0), [9, 7, 4, 1, 3], [1, 1, 0, 0, 0], [1, 5]),
        ["kthvalue"] = (() => Distinct.kthvalue(2, 1), [0.5, 0], [0, 3], [2]),
        ["kthvalue (dim 0, keepdim)"] = (() => torch.kthvalue(Distinct, 2, 0, keepdim: true), [9, 7, 4, 1, 3], [1, 1, 0, 0, 0], [1, 5]),
        // The lower median of 5 is the 3rd smallest (libtorch's kthvalue(3, 1)).
        ["median (dim)"] = (() => Distinct.median(1), [1, 2], [3, 4], [2]),
        // A slice holding NaN: NaN and the NaN's index (PyTorch's rule; not printed by the oracle).
        ["median (dim, NaN)"] = (() => WithNaN.median(1, keepdim: true), [double.NaN, 2], [2, 4], [2, 1]),
        ["mode"] = (() => Counts.mode(1), [2, 4, 7], [2, 2, 2], [3]),
        ["mode (float)"] = (() => torch.mode(tensor(new[] { 2f, 1f, 2f, 1f, 3f, 1f })), [1], [5], []),
        ["cummax"] = (() => Running.cummax(1), [1, 3, 3, 3, 5, 4, 4, 4, double.NaN, double.NaN], [0, 1, 1, 3, 4, 0, 0, 2, 3, 3], [2, 5]),
        ["cummin"] = (() => torch.cummin(Running, 1), [1, 1, 1, 1, 1, 4, -1, -1, double.NaN, double.NaN], [0, 0, 0, 0, 0, 0, 1, 1, 3, 3], [2, 5]),
        ["cummax (dim 0)"] = (() => Running.cummax(0), [1, 3, 2, 3, 5, 4, 3, 4, double.NaN, 6], [0, 0, 0, 0, 0, 1, 0, 1, 1, 1], [2, 5]),
    };

    public static TheoryData<string> SelectionOps => [.. Selections.Keys];

    [Theory, MemberData(nameof(SelectionOps))]
    public void SelectionValues(string op)
    {
        var (run, values, indices, shape) = Selections[op];
        var (v, i) = run();
        AssertClose(v, values, shape);
        AssertIndices(i, indices, shape);
    }

    [Fact]
    public void ArgsortAndMedianOfAll()
    {
        AssertIndices(WithNaN.argsort(), [1, 4, 3, 0, 2, 0, 2, 4, 1, 3]);
        AssertIndices(torch.argsort(WithNaN, descending: true), [2, 0, 3, 1, 4, 1, 3, 4, 2, 0]);
        AssertClose(Distinct.median(), [1], []);
        AssertClose(torch.median(tensor(new[] { 4f, 1f, 3f })), [3], []);
        AssertClose(WithNaN.median(), [double.NaN], []);
        Assert.Equal(float32, Distinct.median().dtype);
    }

    [Fact]
    public void UniqueValues()
    {
        var (output, inverse, counts) = torch.unique(tensor(new long[] { 3, 1, 2, 3, 1, 5, 3 }), return_inverse: true, return_counts: true);
        AssertIndices(output, [1, 2, 3, 5], [4]);
        AssertIndices(inverse!, [2, 0, 1, 2, 0, 3, 2], [7]);
        AssertIndices(counts!, [2, 1, 3, 1], [4]);
        // Each NaN is a value of its own, sorted last (SortingValues: "unique float").
        (output, inverse, counts) = tensor(new[,] { { 2f, float.NaN, 1f }, { 1f, 2f, float.NaN } }).unique(return_inverse: true, return_counts: true);
        AssertClose(output, [1, 2, double.NaN, double.NaN], [4]);
        AssertIndices(inverse!, [1, 2, 0, 0, 1, 3], [2, 3]);
        AssertIndices(counts!, [2, 2, 1, 1], [4]);
        var (plain, noInverse, noCounts) = tensor(new[] { true, false, true }).unique();
        Assert.Equal(new[] { false, true }, plain.ToArray<bool>());
        Assert.Null(noInverse);
        Assert.Null(noCounts);
    }

    /// <summary>Ops on 0-dim tensors and other dtypes keep PyTorch's shapes and dtypes.</summary>
    [Fact]
    public void ZeroDimAndIntegralInputs()
    {
        var scalar = tensor(2.5);
        var (v, i) = scalar.sort();
        Assert.Empty(v.shape);
        Assert.Equal(0L, i.item<long>());
        Assert.Equal(2.5, scalar.topk(1).values.item<double>());
        Assert.Equal(2.5, scalar.median(0).values.item<double>());
        Assert.Equal(2.5, scalar.cumprod(0).item<double>());
        var ints = tensor(new long[] { 3, -1, 2 });
        Assert.Equal(new long[] { -1, 2, 3 }, ints.sort().values.ToArray<long>());
        Assert.Equal(new long[] { 3, -3, -6 }, ints.cumprod(0).ToArray<long>());
        Assert.Equal(int64, tensor(new[] { true, true, false }).cumprod(0).dtype);
        Assert.Equal(new[] { false, true, true }, tensor(new[] { true, false, true }).sort().values.ToArray<bool>());
        Assert.Equal(new long[] { 3, 3, 3 }, ints.cummax(0).values.ToArray<long>());
        Assert.Equal(float64, tensor(new[] { 1f, 2f }).cumprod(0, dtype: float64).dtype);
    }

    // ------------------------------------------------------------------ cumulative values

    [Fact]
    public void CumprodValues()
    {
        AssertClose(Running.cumprod(1), [1, 3, 6, 18, 90, 4, -4, -16, double.NaN, double.NaN], [2, 5]);
        AssertClose(tensor(new[] { 2.0, 0, 3, 0, 4 }).cumprod(0), [2, 0, 0, 0, 0]);
    }

    /// <summary>cumprod's gradient and its gradient's gradient at inputs with zeros match libtorch's
    /// (CumulativeValues: "cumprod zeros grad", "cumprod one zero grad grad", …).</summary>
    [Theory]
    [InlineData(new[] { 2.0, 0, 3, 0, 4 }, new[] { 1.0, -1, 0, 0, 0 }, new[] { -0.5, 54.5, 1, 54, 0 })]
    [InlineData(new[] { 2.0, 0, 3, 5, 4 }, new[] { 1.0, 269, 0, 0, 0 }, new[] { 134.5, 324.5, 91, 54, 45 })]
    public void CumprodGradientsWithZeros(double[] input, double[] grad, double[] gradOfGrad)
    {
        var x = tensor(input, requires_grad: true);
        var g = tensor(new[] { 1, -2, 0.5, 3, 1.5 });
        var first = autograd.grad([x.cumprod(0)], [x], [g], create_graph: true)[0]!;
        AssertClose(first, grad, rtol: 1e-15);
        var second = autograd.grad([first.sum()], [x])[0]!;
        AssertClose(second, gradOfGrad, rtol: 1e-15);
        // Without a graph to build, the same gradient.
        var plain = autograd.grad([x.cumprod(0)], [x], [g])[0]!;
        AssertClose(plain, grad, rtol: 1e-15);
    }

    /// <summary>With zeros, cumprod's gradient has two implementations: a one-pass kernel when no
    /// graph is built and differentiable products under create_graph. They agree along either dim.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void CumprodGradientPathsAgree(int dim)
    {
        manual_seed(31);
        var values = randn(4, 6, dtype: float64);
        values[0, 2] = tensor(0.0);
        values[1, 0] = tensor(0.0);
        values[1, 4] = tensor(0.0);
        values[3, 5] = tensor(0.0);
        values[2, 2] = tensor(0.0);
        var x = values.requires_grad_();
        var g = randn(4, 6, dtype: float64);
        var plain = autograd.grad([x.cumprod(dim)], [x], [g])[0]!;
        var withGraph = autograd.grad([x.cumprod(dim)], [x], [g], create_graph: true)[0]!;
        Assert.NotNull(withGraph.grad_fn);
        AssertValues(plain, withGraph.detach().reshape(-1).ToArray<double>(), tol: 1e-12);
    }

    [Fact]
    public void DistValues()
    {
        var a = tensor(new[] { 1f, -2f, 3f, 0.5f });
        var b = tensor(new[] { 0f, 1f, 1f, 0.5f });
        // CumulativeValues: dist 2, 1, 3, inf, 0.
        AssertClose(a.dist(b), [3.7416574954986572]);
        AssertClose(torch.dist(a, b, 1), [6]);
        AssertClose(a.dist(b, 3), [3.301927328109741], rtol: 5e-7);
        AssertClose(a.dist(b, double.PositiveInfinity), [3]);
        AssertClose(a.dist(b, 0), [3]);
    }

    /// <summary>dist's gradient where the difference is zero: 0 for p = 2 (no NaN), and for p = 0.5
    /// at a zero element; for p = inf, shared between the two largest |a − b|.</summary>
    [Fact]
    public void DistGradientsAtZeros()
    {
        var a = Leaf(1, 2, 3);
        torch.dist(a, a.detach()).backward();
        AssertClose(a.grad!, [0, 0, 0]);
        a = Leaf(1, 2, 3);
        a.dist(tensor(new[] { 1.0, 1, 1 }), 0.5).backward();
        Assert.Equal(0.0, a.grad![0].item<double>());
        Assert.True(a.grad![1].item<double>() > 0);
        a = Leaf(3, -1, -3);
        a.dist(zeros(3, dtype: float64), double.PositiveInfinity).backward();
        AssertClose(a.grad!, [0.5, 0, -0.5]);
    }

    // ------------------------------------------------------------------ errors

    [Fact]
    public void ErrorMessages()
    {
        var x = tensor(new[] { 1f, 2f, 3f });
        Assert.Equal("selected index k out of range", Assert.Throws<ArgumentException>(() => x.topk(4)).Message);
        Assert.Equal("selected index k out of range", Assert.Throws<ArgumentException>(() => x.topk(-1)).Message);
        Assert.Equal("kthvalue(): selected number k out of range for dimension 0",
            Assert.Throws<ArgumentException>(() => x.kthvalue(0)).Message);
        Assert.Equal("ZeroDivisionError",
            Assert.Throws<DivideByZeroException>(() => tensor(new long[] { 1, 2 }).remainder(tensor(new long[] { 1, 0 }))).Message);
        Assert.Equal("ZeroDivisionError", Assert.Throws<DivideByZeroException>(() => tensor(new long[] { 1 }).fmod(0)).Message);
        Assert.Equal("\"fmod_cpu\" not implemented for 'Bool'",
            Assert.Throws<NotSupportedException>(() => tensor(new[] { true }).fmod(tensor(new[] { true }))).Message);
        Assert.Equal("\"lerp_kernel_scalar\" not implemented for 'Long'",
            Assert.Throws<NotSupportedException>(() => tensor(new long[] { 1 }).lerp(tensor(new long[] { 2 }), 0.5)).Message);
        Assert.Equal("expected dtype float for `end` but got dtype double",
            Assert.Throws<ArgumentException>(() => x.lerp(tensor(new[] { 1.0, 2, 3 }), 0.5)).Message);
        Assert.Equal("median(): Expected reduction dim 1 to have non-zero size.",
            Assert.Throws<IndexOutOfRangeException>(() => zeros(2, 0).median(1)).Message);
        // Floating point division by zero gives NaN, as in PyTorch.
        Assert.True(double.IsNaN(tensor(new[] { 1.0 }).fmod(0.0).item<double>()));
    }
}
