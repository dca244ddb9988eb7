using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// The manipulation ops (split, chunk, unbind, repeat, repeat_interleave, flip, roll, tril/triu,
/// meshgrid, diagonal/diag/trace, outer, addmm, baddbmm, einsum, masked_scatter, scatter,
/// scatter_reduce, bincount, histc): forward values from libtorch (tools/TorchOracle,
/// Scripts.Manipulation.cs: ManipulationValues; error messages from ManipulationErrors), float64
/// gradcheck and gradgradcheck, node names, views, kernel paths and error messages. One case per
/// op, named by the op.
/// </summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class ManipulationOpTests
{
    /// <summary>n quarter-steps from -2 in float32, reshaped: exact in binary, as in the oracle script.</summary>
    /// <summary>This thread's generator: the tests draw their inputs from it rather than from the
    /// global one, which other test classes seed and read in parallel.</summary>
    [ThreadStatic] private static Generator? t_generator;

    private static void Seed(long seed) => t_generator = new Generator().manual_seed(seed);

    /// <summary>A float64 tensor of seeded normal values, requiring grad.</summary>
    private static Tensor RandD(params long[] shape)
        => randn(shape, dtype: float64, generator: t_generator ??= new Generator().manual_seed(11)).requires_grad_();

    private static Tensor Q(long n, params long[] shape) => (arange(n, dtype: float32) * 0.25 - 2).reshape(shape);

    private static void AssertTensor(Tensor actual, long[] shape, double[] expected, ScalarType? dtype = null)
    {
        Assert.Equal(shape, actual.shape);
        if (dtype is { } d) Assert.Equal(d, actual.dtype);
        Assert.Equal(expected, actual.to(float64).reshape(-1).ToArray<double>());
    }

    private static Tensor X => Q(24, 2, 3, 4);
    private static Tensor M => Q(12, 3, 4);
    private static Tensor Index2x2 => tensor(new long[] { 2, 0, 1, 0 }).reshape(2, 2);
    private static Tensor SIndex => tensor(new long[] { 0, 1, 0, 1, 2, 1 });
    private static Tensor SSrc => tensor(new float[] { 1, 2, 3, 4, 5, 6 });
    private static Tensor SSelf => tensor(new float[] { 10, 20, 30, 40 });

    // ------------------------------------------------------------------ forward values

    // libtorch's values (ManipulationValues). scatter_reduce: TorchSharp 0.107 lacks it, so its
    // values are worked by hand from PyTorch's definition (self [10, 20, 30, 40], index
    // [0, 1, 0, 1, 2, 1], src [1 … 6]).
    private static readonly Dictionary<string, Action> ForwardCases = new()
    {
        ["split"] = () =>
        {
            var p = X.split(2, 2);
            Assert.Equal(2, p.Length);
            AssertTensor(p[0], [2, 3, 2], [-2, -1.75, -1, -0.75, 0, 0.25, 1, 1.25, 2, 2.25, 3, 3.25]);
            AssertTensor(p[1], [2, 3, 2], [-1.5, -1.25, -0.5, -0.25, 0.5, 0.75, 1.5, 1.75, 2.5, 2.75, 3.5, 3.75]);
            var s = split(X, [1, 2], 1);
            AssertTensor(s[0], [2, 1, 4], [-2, -1.75, -1.5, -1.25, 1, 1.25, 1.5, 1.75]);
            AssertTensor(s[1], [2, 2, 4], [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 3.75]);
            Assert.Equal([3, 1], M.split(3, 1).Select(t => t.shape[1]));
        },
        ["chunk"] = () =>
        {
            var p = chunk(X, 3, 2);
            Assert.Equal(2, p.Length);
            AssertTensor(p[0], [2, 3, 2], [-2, -1.75, -1, -0.75, 0, 0.25, 1, 1.25, 2, 2.25, 3, 3.25]);
            AssertTensor(p[1], [2, 3, 2], [-1.5, -1.25, -0.5, -0.25, 0.5, 0.75, 1.5, 1.75, 2.5, 2.75, 3.5, 3.75]);
            Assert.Equal([2, 2, 1], arange(5).chunk(3).Select(t => t.shape[0]));
            Assert.Equal(4, zeros(0, 2).chunk(4).Length);
        },
        ["unbind"] = () =>
        {
            var p = X.unbind(1);
            Assert.Equal(3, p.Length);
            AssertTensor(p[0], [2, 4], [-2, -1.75, -1.5, -1.25, 1, 1.25, 1.5, 1.75]);
            AssertTensor(p[1], [2, 4], [-1, -0.75, -0.5, -0.25, 2, 2.25, 2.5, 2.75]);
            AssertTensor(unbind(X, 1)[2], [2, 4], [0, 0.25, 0.5, 0.75, 3, 3.25, 3.5, 3.75]);
        },
        ["repeat"] = () => AssertTensor(M.repeat(2, 1, 2), [2, 3, 8],
        [
            -2, -1.75, -1.5, -1.25, -2, -1.75, -1.5, -1.25, -1, -0.75, -0.5, -0.25, -1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 0, 0.25, 0.5, 0.75,
            -2, -1.75, -1.5, -1.25, -2, -1.75, -1.5, -1.25, -1, -0.75, -0.5, -0.25, -1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 0, 0.25, 0.5, 0.75,
        ]),
        ["repeat_interleave"] = () =>
        {
            AssertTensor(M.repeat_interleave(2, 1)[..1], [1, 8], [-2, -2, -1.75, -1.75, -1.5, -1.5, -1.25, -1.25]);
            AssertTensor(repeat_interleave(M, 2), [24],
                [-2, -2, -1.75, -1.75, -1.5, -1.5, -1.25, -1.25, -1, -1, -0.75, -0.75, -0.5, -0.5, -0.25, -0.25, 0, 0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75]);
            // A tensor of counts (ManipulationRepeatInterleave).
            AssertTensor(M.repeat_interleave(tensor(new long[] { 1, 0, 2 }), 0), [3, 4], [-2, -1.75, -1.5, -1.25, 0, 0.25, 0.5, 0.75, 0, 0.25, 0.5, 0.75]);
            AssertTensor(repeat_interleave(M, tensor(new long[] { 2 }), 1)[..1], [1, 8], [-2, -2, -1.75, -1.75, -1.5, -1.5, -1.25, -1.25]);
            AssertTensor(repeat_interleave(tensor(new long[] { 2, 0, 3 })), [5], [0, 0, 2, 2, 2], int64);
        },
        ["flip"] = () => AssertTensor(X.flip(0, 2), [2, 3, 4],
            [1.75, 1.5, 1.25, 1, 2.75, 2.5, 2.25, 2, 3.75, 3.5, 3.25, 3, -1.25, -1.5, -1.75, -2, -0.25, -0.5, -0.75, -1, 0.75, 0.5, 0.25, 0]),
        ["roll"] = () =>
        {
            AssertTensor(X.roll(1, 1), [2, 3, 4], [0, 0.25, 0.5, 0.75, -2, -1.75, -1.5, -1.25, -1, -0.75, -0.5, -0.25, 3, 3.25, 3.5, 3.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75]);
            AssertTensor(roll(X, [2, -1], [2, 0]), [2, 3, 4], [1.5, 1.75, 1, 1.25, 2.5, 2.75, 2, 2.25, 3.5, 3.75, 3, 3.25, -1.5, -1.25, -2, -1.75, -0.5, -0.25, -1, -0.75, 0.5, 0.75, 0, 0.25]);
            AssertTensor(M.roll(5), [3, 4], [-0.25, 0, 0.25, 0.5, 0.75, -2, -1.75, -1.5, -1.25, -1, -0.75, -0.5]);
        },
        ["tril"] = () =>
        {
            AssertTensor(M.tril(), [3, 4], [-2, 0, 0, 0, -1, -0.75, 0, 0, 0, 0.25, 0.5, 0]);
            AssertTensor(tril(M, -1), [3, 4], [0, 0, 0, 0, -1, 0, 0, 0, 0, 0.25, 0, 0]);
        },
        ["triu"] = () =>
        {
            AssertTensor(M.triu(1), [3, 4], [0, -1.75, -1.5, -1.25, 0, 0, -0.5, -0.25, 0, 0, 0, 0.75]);
            AssertTensor(triu(X), [2, 3, 4], [-2, -1.75, -1.5, -1.25, 0, -0.75, -0.5, -0.25, 0, 0, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 0, 2.25, 2.5, 2.75, 0, 0, 3.5, 3.75]);
        },
        ["meshgrid"] = () =>
        {
            var a = tensor(new float[] { 1, 2, 3 });
            var b = tensor(new float[] { 4, 5 });
            var ij = meshgrid([a, b], indexing: "ij");
            AssertTensor(ij[0], [3, 2], [1, 1, 2, 2, 3, 3]);
            AssertTensor(ij[1], [3, 2], [4, 5, 4, 5, 4, 5]);
            var xy = meshgrid([a, b], indexing: "xy");
            AssertTensor(xy[0], [2, 3], [1, 2, 3, 1, 2, 3]);
            AssertTensor(xy[1], [2, 3], [4, 4, 4, 5, 5, 5]);
        },
        ["diagonal"] = () =>
        {
            AssertTensor(X.diagonal(1, 1, 2), [2, 3], [-1.75, -0.5, 0.75, 1.25, 2.5, 3.75]);
            AssertTensor(diagonal(X, -1, 0, 2), [3, 1], [1, 2, 3]);
            AssertTensor(M.diagonal(5), [0], []);
        },
        ["diag"] = () =>
        {
            AssertTensor(M.diag(), [3], [-2, -0.75, 0.5]);
            AssertTensor(diag(M, 1), [3], [-1.75, -0.5, 0.75]);
            AssertTensor(tensor(new float[] { 1, 2, 3 }).diag(-1), [4, 4], [0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0]);
        },
        ["trace"] = () =>
        {
            AssertTensor(M.trace(), [], [-2.25], float32);
            AssertTensor(trace(arange(6).reshape(2, 3)), [], [4], int64);
        },
        ["outer"] = () => AssertTensor(outer(tensor(new float[] { 1, -2, 3 }), tensor(new float[] { 0.5f, 4 })), [3, 2], [0.5, 4, -1, -8, 1.5, 12]),
        ["addmm"] = () =>
        {
            AssertTensor(addmm(Q(2, 2), Q(6, 2, 3), Q(6, 3, 2), beta: 0.5, alpha: 2), [2, 2], [15.25, 12.75, 8.5, 7.125]);
            // beta = 1, alpha = 1: the GEMM accumulates onto the input (the product as in "einsum bij,bjk->bik").
            AssertTensor(addmm(Q(2, 2), Q(6, 2, 3), Q(6, 3, 2)), [2, 2], [6.125, 5.0625, 2.75, 2.25]);
            AssertTensor(Q(4, 2, 2).addmm(Q(6, 2, 3), Q(6, 3, 2), beta: -1), [2, 2], [10.125, 8.5625, 6.25, 5.25]);
            var (m1, m2, bias) = (arange(17 * 33, dtype: float64).reshape(17, 33).sin(), arange(33 * 9, dtype: float64).reshape(33, 9).cos(), arange(9, dtype: float64));
            Assert.True(allclose(addmm(bias, m1, m2), m1.mm(m2) + bias, rtol: 1e-14, atol: 1e-13));
            Assert.True(allclose(addmm(bias.to(float32), m1.to(float32), m2.t().contiguous().t().to(float32)), (m1.mm(m2) + bias).to(float32), rtol: 1e-5, atol: 1e-5));
            // beta = 0 ignores the input, NaN included.
            AssertTensor(full([2, 2], double.NaN).addmm(eye(2), eye(2), beta: 0), [2, 2], [1, 0, 0, 1]);
        },
        ["baddbmm"] = () => AssertTensor(baddbmm(Q(8, 2, 2, 2), Q(12, 2, 2, 3), Q(12, 2, 3, 2), beta: 0.5, alpha: -1), [2, 2, 2],
            [-9.125, -7.6875, -5.5, -4.625, -0.75, -0.4375, -0.5, -0.75]),
        ["einsum"] = () =>
        {
            var a = Q(6, 2, 3); var b = Q(12, 3, 4); var c = Q(4, 4);
            AssertTensor(einsum("ij,jk->ik", a, b), [2, 4], [5.75, 4.4375, 3.125, 1.8125, 3.5, 2.75, 2, 1.25]);
            AssertTensor(einsum("ij,jk,k->i", a, b, c), [2], [-26.21875, -16.375]);
            AssertTensor(einsum("ii->i", Q(9, 3, 3)), [3], [-2, -1, 0]);
            AssertTensor(einsum("ii", Q(9, 3, 3)), [], [-3]);
            AssertTensor(einsum("ij->ji", a), [3, 2], [-2, -1.25, -1.75, -1, -1.5, -0.75]);
            AssertTensor(einsum("bij,bjk->bik", Q(12, 2, 2, 3), Q(12, 2, 3, 2)), [2, 2, 2], [8.125, 6.8125, 4.75, 4, 0.25, 0.0625, 0.25, 0.625]);
            AssertTensor(einsum("...ij,...jk", Q(12, 2, 2, 3), Q(6, 3, 2)), [2, 2, 2], [8.125, 6.8125, 4.75, 4, 1.375, 1.1875, -2, -1.625]);
            AssertTensor(einsum("i,j", tensor(new float[] { 1, 2 }), tensor(new float[] { 3, 4, 5 })), [2, 3], [3, 4, 5, 6, 8, 10]);
            AssertTensor(einsum("iij->j", Q(18, 3, 3, 2)), [2], [0, 0.75]);
            AssertTensor(einsum("bn,anm,bm->ba", Q(6, 2, 3), Q(24, 2, 3, 4), Q(8, 2, 4)), [2, 2], [-26.21875, 76.15625, -6.875, 15.625]);
            AssertTensor(einsum("i,i->", c, c), [], [10.875]);
            AssertTensor(einsum("ij,ij->ij", a, a), [2, 3], [4, 3.0625, 2.25, 1.5625, 1, 0.5625]);
            AssertTensor(einsum("Ab,bc->Ac", a, b), [2, 4], [5.75, 4.4375, 3.125, 1.8125, 3.5, 2.75, 2, 1.25]);
            AssertTensor(einsum("i...->...", a), [3], [-3.25, -2.75, -2.25]);
            AssertTensor(einsum("...j,j...->...", Q(6, 1, 2, 3), Q(6, 3, 2)), [1, 2], [8.125, 4]);
        },
        ["masked_scatter"] = () =>
        {
            var mask = tensor(new[] { true, false, true, false, true, true }).reshape(2, 3);
            AssertTensor(Q(6, 2, 3).masked_scatter(mask, tensor(new float[] { 10, 20, 30, 40, 50, 60, 70 })), [2, 3], [10, -1.75, 20, -1.25, 30, 40]);
            AssertTensor(masked_scatter(Q(6, 2, 3), tensor(new[] { false, true, true }), Q(6, 2, 3) + 10), [2, 3], [-2, 8, 8.25, -1.25, 8.5, 8.75]);
        },
        ["scatter"] = () =>
        {
            AssertTensor(zeros(2, 3).scatter(1, Index2x2, tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3)), [2, 3], [2, 0, 1, 5, 4, 0]);
            AssertTensor(scatter(Q(6, 2, 3), 1, Index2x2, 7.5), [2, 3], [7.5, -1.75, 7.5, 7.5, 7.5, -0.75]);
            AssertTensor(zeros(3, 2).scatter(0, tensor(new long[] { 2, 0, 1, 1 }).reshape(2, 2), tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2)), [3, 2], [0, 2, 3, 4, 1, 0]);
        },
        ["scatter_reduce"] = () =>
        {
            AssertTensor(SSelf.scatter_reduce(0, SIndex, SSrc, "sum"), [4], [14, 32, 35, 40]);
            AssertTensor(SSelf.scatter_reduce(0, SIndex, SSrc, "sum", include_self: false), [4], [4, 12, 5, 40]);
            AssertTensor(SSelf.scatter_reduce(0, SIndex, SSrc, "prod"), [4], [30, 960, 150, 40]);
            AssertTensor(SSelf.scatter_reduce(0, SIndex, SSrc, "prod", include_self: false), [4], [3, 48, 5, 40]);
            AssertTensor(SSelf.scatter_reduce(0, SIndex, SSrc, "mean"), [4], [14f / 3, 8, 17.5, 40]);
            AssertTensor(SSelf.scatter_reduce(0, SIndex, SSrc, "mean", include_self: false), [4], [2, 4, 5, 40]);
            AssertTensor(SSelf.scatter_reduce(0, SIndex, SSrc, "amax"), [4], [10, 20, 30, 40]);
            AssertTensor(SSelf.scatter_reduce(0, SIndex, SSrc, "amax", include_self: false), [4], [3, 6, 5, 40]);
            AssertTensor(scatter_reduce(SSelf, 0, SIndex, SSrc, "amin"), [4], [1, 2, 5, 40]);
            AssertTensor(scatter_reduce(SSelf, 0, SIndex, SSrc, "amin", include_self: false), [4], [1, 2, 5, 40]);
            // Integer mean floors.
            AssertTensor(tensor(new long[] { 10, 20, 30, 40 }).scatter_reduce(0, SIndex, tensor(new long[] { 1, 2, 3, 4, 5, 6 }), "mean"), [4], [4, 8, 17, 40], int64);
        },
        ["bincount"] = () =>
        {
            AssertTensor(tensor(new long[] { 4, 1, 1, 3, 0, 1 }).bincount(), [5], [1, 3, 0, 1, 1], int64);
            AssertTensor(bincount(tensor(new long[] { 1, 1, 3 }), minlength: 7), [7], [0, 2, 0, 1, 0, 0, 0], int64);
            AssertTensor(bincount(tensor(new long[] { 4, 1, 1, 3 }), tensor(new float[] { 0.5f, 1, 2, -1 })), [5], [0, 3, 0, -1, 0.5], float32);
            AssertTensor(bincount(tensor(new long[] { 4, 1, 1, 3 }), tensor(new double[] { 0.5, 1, 2, -1 })), [5], [0, 3, 0, -1, 0.5], float64);
            AssertTensor(bincount(tensor(Array.Empty<long>())), [0], [], int64);
        },
        ["histc"] = () =>
        {
            AssertTensor(tensor(new float[] { 1, 2, 1, 2.5f, 4, 0.5f, -1, 3.999f }).histc(bins: 4, min: 0, max: 4), [4], [1, 2, 2, 2], float32);
            AssertTensor(histc(tensor(new float[] { 1, 2, 1, 2.5f, 4 }), bins: 3), [3], [2, 2, 1]);
            AssertTensor(histc(tensor(new double[] { 0.1, 0.2, 0.3, 0.7, 1.0 }), bins: 10, min: 0, max: 1), [10], [0, 1, 1, 1, 0, 0, 0, 1, 0, 1], float64);
            AssertTensor(histc(tensor(new float[] { 2, 2 }), bins: 4), [4], [0, 0, 2, 0]);
            AssertTensor(histc(tensor(new float[] { 1.3f, 1.6f, 2.9f, 1f, 3f, 2f, 1.5f }), bins: 3, min: 1, max: 3), [3], [4, 1, 2]);
        },
    };

    public static TheoryData<string> ForwardOps => [.. ForwardCases.Keys];

    [Theory, MemberData(nameof(ForwardOps))]
    public void ForwardValues(string op) => ForwardCases[op]();

    // ------------------------------------------------------------------ gradients

    /// <summary>Squares each output so that the second derivative is not trivially zero.</summary>
    private static Tensor Squares(Tensor[] outputs) => cat(outputs.Select((t, i) => (t * t * (i + 1.0)).reshape(-1)).ToList());

    private static readonly Dictionary<string, Action> GradientCases = new()
    {
        ["split"] = () =>
        {
            CheckGradients(t => Squares(t[0].split(2, 1)), RandD(2, 5));
            CheckGradients(t => Squares(t[0].split([1, 3], 0)), RandD(4, 2));
            // A piece left unused gets a zero gradient.
            CheckGradients(t => t[0].split(2, 1)[1].pow(2), RandD(2, 5));
        },
        ["chunk"] = () => CheckGradients(t => Squares(t[0].chunk(3, 0)), RandD(5, 2)),
        ["unbind"] = () =>
        {
            CheckGradients(t => Squares(t[0].unbind(1)), RandD(2, 3));
            CheckGradients(t => t[0].unbind(0)[1].pow(3), RandD(3, 2));
        },
        ["repeat"] = () => CheckGradients(t => t[0].repeat(2, 1, 3).pow(2), RandD(2, 2)),
        ["repeat_interleave"] = () =>
        {
            CheckGradients(t => t[0].repeat_interleave(3, 0).pow(2), RandD(2, 2));
            CheckGradients(t => t[0].repeat_interleave(2).pow(2), RandD(2, 2));
            CheckGradients(t => t[0].repeat_interleave(tensor(new long[] { 2, 0, 1 }), 1).pow(2), RandD(2, 3));
        },
        ["flip"] = () => CheckGradients(t => t[0].flip(0, 1) * t[0], RandD(3, 2)),
        ["roll"] = () =>
        {
            CheckGradients(t => t[0].roll([1, -2], [0, 1]) * t[0], RandD(3, 4));
            CheckGradients(t => t[0].roll(2) * t[0], RandD(2, 3));
        },
        ["tril"] = () => CheckGradients(t => t[0].tril(-1).pow(2), RandD(2, 3, 3)),
        ["triu"] = () => CheckGradients(t => t[0].triu(1).pow(2), RandD(3, 4)),
        ["meshgrid"] = () => CheckGradients(t => Squares(meshgrid([t[0], t[1]], indexing: "xy")), RandD(3), RandD(2)),
        ["diagonal"] = () => CheckGradients(t => t[0].diagonal(1, 0, 2).pow(2), RandD(3, 2, 4)),
        ["diag"] = () =>
        {
            CheckGradients(t => t[0].diag(-1).pow(2), RandD(3));
            CheckGradients(t => t[0].diag(1).pow(2), RandD(3, 3));
        },
        ["trace"] = () => CheckGradients(t => (t[0] * t[0]).trace(), RandD(3, 4)),
        ["outer"] = () => CheckGradients(t => outer(t[0], t[1]), RandD(3), RandD(2)),
        ["addmm"] = () =>
        {
            CheckGradients(t => addmm(t[0], t[1], t[2], beta: 0.5, alpha: -1.5), RandD(3), RandD(2, 4), RandD(4, 3));
            CheckGradients(t => t[0].addmm(t[1], t[2]), RandD(2, 3), RandD(2, 4), RandD(4, 3));
        },
        ["baddbmm"] = () => CheckGradients(t => baddbmm(t[0], t[1], t[2], beta: 2, alpha: 0.5), RandD(1, 3), RandD(2, 2, 4), RandD(2, 4, 3)),
        ["einsum"] = () =>
        {
            CheckGradients(t => einsum("ij,jk->ik", t[0], t[1]), RandD(2, 3), RandD(3, 2));
            CheckGradients(t => einsum("bn,anm,bm->ba", t[0], t[1], t[2]), RandD(2, 3), RandD(2, 3, 2), RandD(2, 2));
            CheckGradients(t => einsum("iij,j->i", t[0], t[1]), RandD(2, 2, 3), RandD(3));
            CheckGradients(t => einsum("...ij,...jk", t[0], t[1]), RandD(2, 2, 3), RandD(3, 2));
        },
        ["masked_scatter"] = () =>
        {
            var mask = tensor(new[] { true, false, true, false, true, true }).reshape(2, 3);
            CheckGradients(t => t[0].masked_scatter(mask, t[1]) * t[0], RandD(2, 3), RandD(7));
            CheckGradients(t => t[0].masked_scatter(tensor(new[] { false, true, true }), t[1]).pow(2), RandD(3), RandD(2, 3));
        },
        ["scatter"] = () =>
        {
            CheckGradients(t => t[0].scatter(1, Index2x2, t[1]).pow(2), RandD(2, 3), RandD(2, 3));
            CheckGradients(t => t[0].scatter(1, Index2x2, 2.5).pow(2), RandD(2, 3));
        },
        ["scatter_reduce"] = () =>
        {
            var index = SIndex;
            foreach (var reduce in new[] { "sum", "prod", "mean", "amax", "amin" })
                foreach (var includeSelf in new[] { true, false })
                    CheckGradients(t => t[0].scatter_reduce(0, index, t[1], reduce, include_self: includeSelf).pow(2), RandD(4), RandD(6));
            // prod with a zero in self and a single zero among the values sent to a position.
            CheckGradients(t => t[0].scatter_reduce(0, index, t[1], "prod"),
                tensor(new double[] { 0, 2, 0.5, 1.5 }, requires_grad: true), tensor(new double[] { 1.5, 0, 2, 0.5, 3, -1 }, requires_grad: true));
        },
    };

    public static TheoryData<string> GradientOps => [.. GradientCases.Keys];

    [Theory, MemberData(nameof(GradientOps))]
    public void Gradients(string op)
    {
        Seed(11);
        GradientCases[op]();
    }

    // ------------------------------------------------------------------ node names

    private static Tensor R => Q(24, 2, 3, 4).to(float64).requires_grad_();

    private static readonly Dictionary<string, (Func<Tensor> Op, string Node)> NodeCases = new()
    {
        ["split"] = (() => R.split(2, 2)[1], "SplitBackward0"),
        ["split_with_sizes"] = (() => R.split([1, 2], 1)[0], "SplitWithSizesBackward0"),
        ["chunk"] = (() => R.chunk(2, 2)[0], "SplitBackward0"),
        ["unbind"] = (() => R.unbind(0)[1], "UnbindBackward0"),
        ["repeat"] = (() => R.repeat(1, 1, 1, 2), "RepeatBackward0"),
        ["repeat_interleave (counts)"] = (() => R.repeat_interleave(tensor(new long[] { 1, 2 }), 0), "IndexSelectBackward0"),
        ["flip"] = (() => R.flip(0), "FlipBackward0"),
        ["roll"] = (() => R.roll(1, 0), "RollBackward0"),
        ["tril"] = (() => R.tril(), "TrilBackward0"),
        ["triu"] = (() => R.triu(), "TriuBackward0"),
        ["diagonal"] = (() => R.diagonal(), "DiagonalBackward0"),
        ["diag (vector)"] = (() => R[0, 0].diag(), "DiagEmbedBackward0"),
        ["diag (matrix)"] = (() => R[0].diag(), "CloneBackward0"),
        ["trace"] = (() => R[0].trace(), "TraceBackward0"),
        ["outer"] = (() => outer(R[0, 0], R[0, 1]), "MulBackward0"),
        ["addmm"] = (() => addmm(R[0, 0, ..3], R[0], R[1].T), "AddmmBackward0"),
        ["baddbmm"] = (() => baddbmm(R[.., .., ..3], R, R.transpose(1, 2)), "BaddbmmBackward0"),
        ["masked_scatter"] = (() => R.masked_scatter(R.detach() > 0, R), "MaskedScatterBackward0"),
        ["scatter"] = (() => R.scatter(0, zeros([1, 1, 1], dtype: int64), R), "ScatterBackward0"),
        ["scatter (value)"] = (() => R.scatter(0, zeros([1, 1, 1], dtype: int64), 1.0), "ScatterBackward1"),
        ["scatter_reduce"] = (() => R.scatter_reduce(0, zeros([1, 1, 1], dtype: int64), R, "amax"), "ScatterReduceBackward0"),
        ["meshgrid"] = (() => meshgrid([R[0, 0], R[0, 1]], indexing: "ij")[0], "ExpandBackward0"),
    };

    public static TheoryData<string> NodeOps => [.. NodeCases.Keys];

    [Theory, MemberData(nameof(NodeOps))]
    public void NodeNames(string op) => Assert.Equal(NodeCases[op].Node, NodeCases[op].Op().grad_fn!.name());

    [Fact]
    public void SplitPiecesShareOneNodeWithTheirOutputNumbers()
    {
        var x = R;
        var pieces = x.split(1, 1);
        Assert.Same(pieces[0].grad_fn, pieces[2].grad_fn);
        Assert.Equal([0, 1, 2], pieces.Select(p => p.output_nr));
        pieces[2].retain_grad();
        (pieces[0].sum() + pieces[2].pow(2).sum()).backward();
        Assert.Equal((2 * pieces[2].detach()).ToArray<double>(), pieces[2].grad!.ToArray<double>());
        var expected = zeros_like(x);
        expected[.., 0] = 1;
        expected[.., 2] = 2 * x.detach()[.., 2];
        Assert.Equal(expected.ToArray<double>(), x.grad!.ToArray<double>());
    }

    [Fact]
    public void NonDifferentiableOps()
    {
        Assert.False(histc(RandD(4)).requires_grad);
        Assert.False(bincount(tensor(new long[] { 1, 0 })).requires_grad);
    }

    // ------------------------------------------------------------------ views

    [Fact]
    public void SplitChunkUnbindAndDiagonalAreViews()
    {
        var x = X;
        var piece = x.split(2, 2)[1];
        Assert.Equal(2, piece.storage_offset());
        var diagonalView = x.diagonal(1, 1, 2);
        Assert.Equal(1, diagonalView.storage_offset());
        Assert.Equal([12L, 5], diagonalView.stride());
        var row = x.unbind(0)[1];
        var chunked = x.chunk(3, 1)[2];
        x.fill_(7);
        Assert.All(piece.ToArray<float>(), v => Assert.Equal(7f, v));
        Assert.All(diagonalView.ToArray<float>(), v => Assert.Equal(7f, v));
        Assert.All(row.ToArray<float>(), v => Assert.Equal(7f, v));
        Assert.All(chunked.ToArray<float>(), v => Assert.Equal(7f, v));
    }

    // ------------------------------------------------------------------ kernel paths and dtypes

    /// <summary>flip and roll's remapping copy on a strided view, a 0-dim tensor and every dtype
    /// agree with the same op built of narrow/cat.</summary>
    [Fact]
    public void FlipAndRollOnStridedViewsAndDtypes()
    {
        var baseTensor = arange(60, dtype: float64).reshape(5, 12);
        var strided = baseTensor.t()[.., 1..4]; // [12, 3], non-contiguous
        foreach (var dtype in new[] { float32, float64, int64, @bool })
        {
            var s = strided.to(dtype);
            var flippedByIndex = s.index_select(0, arange(11, -1, -1)).index_select(1, tensor(new long[] { 2, 1, 0 }));
            Assert.True(equal(s.flip(0, 1), flippedByIndex));
            var rolled = cat([s[^3..], s[..^3]]);
            Assert.True(equal(s.roll(3, 0), rolled));
            Assert.True(equal(s.roll(-9, 0), rolled));
        }
        Assert.Equal(5.0, tensor(5.0).flip().item<double>());
        Assert.Equal(5.0, tensor(5.0).roll(3).item<double>());
        Assert.Equal([0L, 3], zeros(0, 3).flip(0).shape);
    }

    [Fact]
    public void ScatterInPlace()
    {
        var t = zeros(2, 3);
        t.scatter_(1, Index2x2, tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3));
        Assert.Equal([2f, 0, 1, 5, 4, 0], t.ToArray<float>());
        t.scatter_(1, Index2x2, -1.0);
        Assert.Equal([-1f, 0, -1, -1, -1, 0], t.ToArray<float>());
        var r = SSelf.clone();
        r.scatter_reduce_(0, SIndex, SSrc, "sum");
        Assert.Equal([14f, 32, 35, 40], r.ToArray<float>());
    }


    // ------------------------------------------------------------------ errors

    // PyTorch's messages (ManipulationErrors).
    private static readonly Dictionary<string, (Action Op, Type Exception, string Message)> ErrorCases = new()
    {
        ["split sizes"] = (() => X.split([1, 1], 1), typeof(ArgumentException),
            "split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at dimension 1), but got split_sizes=[1, 1]"),
        ["split negative"] = (() => X.split(-1, 1), typeof(ArgumentException), "split expects split_size be non-negative, but got split_size=-1"),
        ["split dim"] = (() => X.split(1, 3), typeof(IndexOutOfRangeException), "Dimension out of range (expected to be in range of [-3, 2], but got 3)"),
        ["chunk"] = (() => X.chunk(0, 1), typeof(ArgumentException), "chunk expects `chunks` to be greater than 0, got: 0"),
        ["unbind"] = (() => tensor(1f).unbind(0), typeof(IndexOutOfRangeException), "Dimension specified as 0 but tensor has no dimensions"),
        ["repeat dims"] = (() => X.repeat(2, 2), typeof(ArgumentException), "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor"),
        ["repeat negative"] = (() => M.repeat(2, -1), typeof(ArgumentException), "Trying to create tensor with negative dimension -4: [6, -4]"),
        ["repeat_interleave"] = (() => M.repeat_interleave(-1, 0), typeof(ArgumentException), "Repeats must be non-negative"),
        ["repeat_interleave counts size"] = (() => M.repeat_interleave(tensor(new long[] { 1, 2 }), 0), typeof(ArgumentException),
            "repeats must have the same size as input along dim, but got repeats.size(0) = 2 and input.size(0) = 3"),
        ["repeat_interleave counts 2-D"] = (() => M.repeat_interleave(zeros([2, 2], dtype: int64), 0), typeof(ArgumentException), "repeats must be 0-dim or 1-dim tensor"),
        ["repeat_interleave counts negative"] = (() => M.repeat_interleave(tensor(new long[] { 1, -1, 1 }), 0), typeof(ArgumentException), "repeats can not be negative"),
        ["repeat_interleave counts float"] = (() => M.repeat_interleave(tensor(new float[] { 1, 1, 1 }), 0), typeof(NotSupportedException),
            "\"repeat_interleave_cpu\" not implemented for 'Float'"),
        ["flip"] = (() => X.flip(0, 0), typeof(ArgumentException), "dim 0 appears multiple times in the list of dims"),
        ["roll"] = (() => X.roll([1, 2], [0]), typeof(ArgumentException), "shifts and dimensions must align. shifts: 2, dims:1"),
        ["roll without dims"] = (() => X.roll([1, 2], []), typeof(ArgumentException), "shifts and dimensions must align. shifts: 2, dims:0"),
        ["tril"] = (() => tensor(new float[] { 1, 2 }).tril(), typeof(ArgumentException), "tril: input tensor must have at least 2 dimensions"),
        ["triu"] = (() => tensor(new float[] { 1, 2 }).triu(), typeof(ArgumentException), "triu: input tensor must have at least 2 dimensions"),
        ["meshgrid indexing"] = (() => meshgrid([M[0], M[0]], indexing: "ji"), typeof(ArgumentException),
            "torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: ji"),
        ["meshgrid dtype"] = (() => meshgrid([M[0], M[0].to(float64)]), typeof(ArgumentException), "meshgrid expects all tensors to have the same dtype"),
        ["diag"] = (() => X.diag(), typeof(ArgumentException), "diag(): Supports 1D or 2D tensors. Got 3D"),
        ["diagonal"] = (() => X.diagonal(0, 1, 1), typeof(ArgumentException), "Diagonal dimensions cannot be identical 1, 1"),
        ["trace"] = (() => M[0].trace(), typeof(ArgumentException), "Expected a matrix, but got tensor with ndim == 1"),
        ["outer"] = (() => outer(M, M[0]), typeof(ArgumentException), "outer: Expected 1-D argument self, but got 2-D"),
        ["addmm shapes"] = (() => addmm(zeros(2, 2), zeros(2, 3), zeros(4, 2)), typeof(ArgumentException), "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x2)"),
        ["addmm vector"] = (() => addmm(zeros(2, 2), zeros(3), zeros(3, 2)), typeof(ArgumentException), "mat1 must be a matrix, got 1-D tensor"),
        ["addmm input"] = (() => addmm(zeros(3, 2), zeros(2, 3), zeros(3, 2)), typeof(ArgumentException),
            "The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0.  Target sizes: [2, 2].  Tensor sizes: [3, 2]"),
        ["baddbmm shapes"] = (() => baddbmm(zeros(2, 2, 2), zeros(2, 2, 3), zeros(2, 4, 2)), typeof(ArgumentException),
            "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4]."),
        ["baddbmm batch"] = (() => baddbmm(zeros(2, 2, 2), zeros(2, 2, 3), zeros(3, 3, 2)), typeof(ArgumentException),
            "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [3, 3]."),
        ["baddbmm input"] = (() => baddbmm(zeros(3, 2, 2), zeros(2, 2, 3), zeros(2, 3, 2)), typeof(ArgumentException),
            "The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0.  Target sizes: [2, 2, 2].  Tensor sizes: [3, 2, 2]"),
        ["einsum fewer"] = (() => einsum("ij,jk", M), typeof(ArgumentException), "einsum(): fewer operands were provided than specified in the equation"),
        ["einsum more"] = (() => einsum("ij", M, M), typeof(ArgumentException), "einsum(): more operands were provided than specified in the equation"),
        ["einsum dims"] = (() => einsum("ijk", M), typeof(ArgumentException),
            "einsum(): the number of subscripts in the equation (3) does not match the number of dimensions (2) for operand 0 and no ellipsis was given"),
        ["einsum dims with ellipsis"] = (() => einsum("ijk...", M), typeof(ArgumentException),
            "einsum(): the number of subscripts in the equation (3) is more than the number of dimensions (2) for operand 0"),
        ["einsum subscript"] = (() => einsum("i1", M), typeof(ArgumentException),
            "einsum(): invalid subscript given at index 1 in the equation string, subscripts must be in [a-zA-Z]"),
        ["einsum output subscript"] = (() => einsum("ij->i1", M), typeof(ArgumentException),
            "einsum(): invalid subscript given at index 5 in the equation string, subscripts must be in [a-zA-Z]"),
        ["einsum output twice"] = (() => einsum("ij->ii", M), typeof(ArgumentException), "einsum(): output subscript i appears more than once in the output"),
        ["einsum output unknown"] = (() => einsum("ij->k", M), typeof(ArgumentException), "einsum(): output subscript k does not appear in the equation for any input operand"),
        ["einsum sizes"] = (() => einsum("ij,ij->i", M, zeros(3, 5)), typeof(ArgumentException),
            "einsum(): subscript j has size 5 for operand 1 which does not broadcast with previously seen size 4"),
        ["einsum repeated sizes"] = (() => einsum("ii->i", M), typeof(ArgumentException), "einsum(): subscript i is repeated for operand 0 but the sizes don't match, 4 != 3"),
        ["einsum dot"] = (() => einsum("i.j", M), typeof(ArgumentException), "einsum(): found '.' for operand 0 that is not part of any ellipsis"),
        ["einsum two ellipses"] = (() => einsum("......", M), typeof(ArgumentException), "einsum(): found '.' for operand 0 for which an ellipsis was already found"),
        ["einsum output dot"] = (() => einsum("...->.", M), typeof(ArgumentException), "einsum(): found '.' for output that is not part of any ellipsis (...)"),
        ["einsum ellipsis sizes"] = (() => einsum("...i,...i", zeros(2, 3), zeros(4, 3)), typeof(ArgumentException),
            "einsum(): dimension 0 covered by ellipsis in operand 1has size 4 which does not broadcast with previously seen ellipsis with size 2 for the respective dimension"),
        ["masked_scatter dtype"] = (() => M.masked_scatter(M > 0, M.to(float64)), typeof(ArgumentException),
            "masked_scatter: expected self and source to have same dtypes but gotFloat and Double"),
        ["masked_scatter mask"] = (() => M.masked_scatter(zeros([3, 4], dtype: int64), M), typeof(ArgumentException),
            "masked_scatter_ only supports boolean masks, but got mask with dtype Long"),
        ["masked_scatter source"] = (() => M.masked_scatter(ones([3, 4], dtype: @bool), M[0]), typeof(ArgumentException),
            "Number of elements of source < number of ones in mask"),
        ["scatter index dtype"] = (() => M.scatter(0, zeros(1, 1), M), typeof(InvalidOperationException), "scatter(): Expected dtype int32/int64 for index"),
        ["scatter dims"] = (() => M.scatter(0, zeros([1], dtype: int64), M), typeof(InvalidOperationException),
            "Index tensor must have the same number of dimensions as self tensor"),
        ["scatter range"] = (() => M.scatter(0, full([1, 1], 5L), M), typeof(InvalidOperationException), "index 5 is out of bounds for dimension 0 with size 3"),
        ["scatter src dtype"] = (() => M.scatter(0, zeros([1, 1], dtype: int64), M.to(float64)), typeof(InvalidOperationException),
            "scatter(): Expected self.dtype to be equal to src.dtype"),
        ["scatter size"] = (() => M.scatter(0, zeros([1, 5], dtype: int64), M), typeof(InvalidOperationException),
            "Expected index [1, 5] to be no larger than self [3, 4] apart from dimension 0 and to be no larger size than src [3, 4]"),
        ["scatter_reduce reduce"] = (() => M.scatter_reduce(0, zeros([1, 1], dtype: int64), M, "max"), typeof(ArgumentException),
            "reduce argument must be either sum, prod, mean, amax or amin, got max"),
        ["bincount 2-D"] = (() => bincount(zeros([2, 2], dtype: int64)), typeof(ArgumentException), "bincount only supports 1-d non-negative integral inputs."),
        ["bincount negative"] = (() => bincount(tensor(new long[] { -1 })), typeof(ArgumentException), "bincount only supports 1-d non-negative integral inputs."),
        ["bincount float"] = (() => bincount(tensor(new float[] { 1 })), typeof(NotSupportedException), "\"bincount_cpu\" not implemented for 'Float'"),
        ["bincount minlength"] = (() => bincount(tensor(new long[] { 1 }), minlength: -1), typeof(ArgumentException), "minlength should be >= 0"),
        ["bincount weights"] = (() => bincount(tensor(new long[] { 1 }), tensor(new float[] { 1, 2 })), typeof(ArgumentException),
            "weights should be 1-d and have the same length as input"),
        ["histc bins"] = (() => histc(tensor(new float[] { 1 }), bins: 0), typeof(ArgumentException), "torch.histogram(): bins must be > 0, but got 0 for dimension 0"),
        ["histc range"] = (() => histc(tensor(new float[] { 1 }), bins: 2, min: 3, max: 1), typeof(ArgumentException), "torch.histc: max must be larger than min"),
        ["histc long"] = (() => histc(tensor(new long[] { 1 }), bins: 2), typeof(NotSupportedException), "\"histogram_cpu\" not implemented for 'Long'"),
    };

    public static TheoryData<string> ErrorOps => [.. ErrorCases.Keys];

    [Theory, MemberData(nameof(ErrorOps))]
    public void Errors(string op)
    {
        var c = ErrorCases[op];
        var e = Assert.Throws(c.Exception, c.Op);
        Assert.Equal(c.Message, e.Message);
    }

    [Fact]
    public void MeshgridRejectsMatrices()
    {
        var e = Assert.Throws<ArgumentException>(() => meshgrid([M, M]));
        Assert.StartsWith("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: ", e.Message);
    }
}

/// <summary>Forward mode through the manipulation ops: J·ṫ from the dual numbers equals the Jacobian
/// (reverse mode) times ṫ. In the global-state collection: dual levels are process-wide.</summary>
[Collection("Global state")]
public class ManipulationForwardModeTests
{
    private static Tensor Squares(Tensor[] outputs) => cat(outputs.Select((t, i) => (t * t * (i + 1.0)).reshape(-1)).ToList());

    [Fact]
    public void ForwardModeTangentsMatchReverseMode()
    {
        var generator = new Generator().manual_seed(5);
        var x = randn([3, 4], dtype: float64, generator: generator);
        var tangent = randn([3, 4], dtype: float64, generator: generator);
        foreach (var f in new Func<Tensor, Tensor>[]
        {
            t => Squares(t.split(2, 1)),
            t => Squares(t.unbind(0)),
            t => t.flip(1) * t,
            t => einsum("ij,kj->ik", t, t),
            t => t.diagonal(1).pow(2),
        })
        {
            var jacobian = autograd.functional.jacobian(f, x.detach());
            var expected = jacobian.reshape(-1, 12).mv(tangent.reshape(-1));
            Tensor? jvp;
            using (autograd.forward_ad.dual_level())
                jvp = autograd.forward_ad.unpack_dual(f(autograd.forward_ad.make_dual(x.detach(), tangent))).tangent;
            Assert.NotNull(jvp);
            AssertValues(jvp!, expected.ToArray<double>(), tol: 1e-12);
        }
    }
}
