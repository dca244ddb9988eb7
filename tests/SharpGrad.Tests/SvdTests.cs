using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// linalg.svd, linalg.svdvals, torch.svd and the norms built on them (nuclear, spectral 2 and −2 in
/// norm, linalg.norm and linalg.matrix_norm): singular values and norms against libtorch's, U and V
/// through what is unique about them (U·diag(S)·Vh = A, orthogonality; their signs are not), float64
/// gradcheck and gradgradcheck of gauge-invariant losses and of each norm, PyTorch's messages.
/// </summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class SvdTests
{
    // The inputs of tools/TorchOracle/Scripts.Svd.cs.
    private static readonly double[] Square = [0.5, 2, -1, 3, 1, 0.2, -1, 0.4, 2.5];
    private static readonly double[] Tall = [1, 2, 3, -1, 0.5, 2, 0, 1, -2, 4, 1, 1];
    private static readonly double[] Batch = [0.5, 2, -1, 3, 1, 0.2, -1, 0.4, 2.5, 2, -1, 0, -1, 2, -1, 0, -1, 2];
    private static readonly double[] RankOne = [1, 2, 2, 4, 3, 6];
    private static readonly double[] Cube = [1, 2, 3, -1, 0.5, 2, 0, 1, -2, 4, 1, 1, 0.5, 2, -1, 3, 1, 0.2, -1, 0.4, 2.5, 2, -1, 0];
    private static readonly double[] W33 = [1, 2, -1, 0.5, 3, -2, 1, 1, 0.25];
    private static readonly double[] W44 = [1, -1, 2, 0.5, 0.3, 1, -2, 1, 1, 0.7, -0.4, 2, 0.1, 0.2, -0.3, 1.5];

    private static Tensor M(double[] data, ScalarType dtype, params long[] shape) => tensor(data, shape, dtype: dtype);

    /// <summary>Each case as the oracle script computes it, by its label there.</summary>
    private static readonly Dictionary<string, Func<ScalarType, Tensor>> Cases = new()
    {
        ["svdvals square"] = dt => linalg.svdvals(M(Square, dt, 3, 3)),
        ["norm nuc square"] = dt => linalg.matrix_norm(M(Square, dt, 3, 3), "nuc"),
        ["norm 2 square"] = dt => linalg.matrix_norm(M(Square, dt, 3, 3), 2),
        ["norm -2 square"] = dt => linalg.matrix_norm(M(Square, dt, 3, 3), -2),
        ["svdvals tall"] = dt => linalg.svdvals(M(Tall, dt, 4, 3)),
        ["norm nuc tall"] = dt => linalg.matrix_norm(M(Tall, dt, 4, 3), "nuc"),
        ["norm 2 tall"] = dt => linalg.matrix_norm(M(Tall, dt, 4, 3), 2),
        ["norm -2 tall"] = dt => linalg.matrix_norm(M(Tall, dt, 4, 3), -2),
        ["svdvals wide"] = dt => linalg.svdvals(M(Tall, dt, 3, 4)),
        ["norm nuc wide"] = dt => linalg.matrix_norm(M(Tall, dt, 3, 4), "nuc"),
        ["norm 2 wide"] = dt => linalg.matrix_norm(M(Tall, dt, 3, 4), 2),
        ["norm -2 wide"] = dt => linalg.matrix_norm(M(Tall, dt, 3, 4), -2),
        ["svdvals batch"] = dt => linalg.svdvals(M(Batch, dt, 2, 3, 3)),
        ["norm nuc batch"] = dt => linalg.matrix_norm(M(Batch, dt, 2, 3, 3), "nuc"),
        ["norm 2 batch"] = dt => linalg.matrix_norm(M(Batch, dt, 2, 3, 3), 2),
        ["norm -2 batch"] = dt => linalg.matrix_norm(M(Batch, dt, 2, 3, 3), -2),
        ["svdvals rank one"] = dt => linalg.svdvals(M(RankOne, dt, 3, 2)),
        ["norm nuc rank one"] = dt => linalg.matrix_norm(M(RankOne, dt, 3, 2), "nuc"),
        ["norm 2 rank one"] = dt => linalg.matrix_norm(M(RankOne, dt, 3, 2), 2),
        ["norm -2 rank one"] = dt => linalg.matrix_norm(M(RankOne, dt, 3, 2), -2),
        ["norm nuc cube 0 2"] = dt => linalg.matrix_norm(M(Cube, dt, 2, 3, 4), "nuc", [0, 2]),
        ["norm 2 cube 2 0"] = dt => linalg.matrix_norm(M(Cube, dt, 2, 3, 4), 2, [2, 0]),
        ["norm -2 cube -1 -3 keepdim"] = dt => linalg.matrix_norm(M(Cube, dt, 2, 3, 4), -2, [-1, -3], keepdim: true),
        ["linalg.norm nuc cube 1 2 keepdim"] = dt => linalg.norm(M(Cube, dt, 2, 3, 4), "nuc", [1, 2], keepdim: true),
        ["linalg.norm 2 square"] = dt => linalg.norm(M(Square, dt, 3, 3), 2),
        ["linalg.norm -2 cube 0 1"] = dt => linalg.norm(M(Cube, dt, 2, 3, 4), -2, [0, 1]),
        // The same values through other entry points: Tensor.norm("nuc"), torch.norm, torch.svd's S.
        ["Tensor.norm nuc tall"] = dt => M(Tall, dt, 4, 3).norm("nuc"),
        ["torch.norm nuc cube 1 2 keepdim"] = dt => torch.norm(M(Cube, dt, 2, 3, 4), "nuc", [1, 2], keepdim: true),
        ["torch.svd S wide"] = dt => torch.svd(M(Tall, dt, 3, 4)).S,
        ["linalg.svd S batch"] = dt => linalg.svd(M(Batch, dt, 2, 3, 3)).S,
    };

    // tools/TorchOracle/run.sh Svd: (float32 result, float64 result) per case.
    private static readonly Dictionary<string, (double[] F32, double[] F64)> Expected = new()
    {
        ["svdvals square"] = ([3.6300694942474365, 2.5045228004455566, 1.802764654159546], [3.6300696351327266, 2.5045227958366922, 1.8027645462515942]),
        ["norm nuc square"] = ([7.937356948852539], [7.937356977221013]),
        ["norm 2 square"] = ([3.6300694942474365], [3.6300696351327266]),
        ["norm -2 square"] = ([1.802764654159546], [1.8027645462515942]),
        ["svdvals tall"] = ([5.128315448760986, 3.606846809387207, 1.7149462699890137], [5.128315033439127, 3.6068467778764464, 1.7149464244472947]),
        ["norm nuc tall"] = ([10.450109481811523], [10.450108235762867]),
        ["norm 2 tall"] = ([5.128315448760986], [5.128315033439127]),
        ["norm -2 tall"] = ([1.7149462699890137], [1.7149464244472947]),
        ["svdvals wide"] = ([5.496777057647705, 3.1622776985168457, 1.4266892671585083], [5.496776992310536, 3.1622776601683795, 1.4266894184809646]),
        ["norm nuc wide"] = ([10.08574390411377], [10.08574407095988]),
        ["norm 2 wide"] = ([5.496777057647705], [5.496776992310536]),
        ["norm -2 wide"] = ([1.4266892671585083], [1.4266894184809646]),
        ["svdvals batch"] = ([3.6300694942474365, 2.5045228004455566, 1.802764654159546, 3.4142136573791504, 2, 0.5857864618301392],
            [3.6300696351327266, 2.5045227958366922, 1.8027645462515942, 3.4142135623730954, 2, 0.5857864376269046]),
        ["norm nuc batch"] = ([7.937356948852539, 6], [7.937356977221013, 6]),
        ["norm 2 batch"] = ([3.6300694942474365, 3.4142136573791504], [3.6300696351327266, 3.4142135623730954]),
        ["norm -2 batch"] = ([1.802764654159546, 0.5857864618301392], [1.8027645462515942, 0.5857864376269046]),
        ["svdvals rank one"] = ([8.366600036621094, 0], [8.366600265340754, 4.1137340946096444E-16]),
        ["norm nuc rank one"] = ([8.366600036621094], [8.366600265340754]),
        ["norm 2 rank one"] = ([8.366600036621094], [8.366600265340754]),
        ["norm -2 rank one"] = ([0], [4.1137340946096444E-16]),
        ["norm nuc cube 0 2"] = ([7.637805938720703, 3.705418348312378, 8.028634071350098], [7.637805911680263, 3.705418652088186, 8.02863457062622]),
        ["norm 2 cube 2 0"] = ([4.02133846282959, 2.393512725830078, 4.728639602661133], [4.021338658905343, 2.39351257417528, 4.728639854490638]),
        ["norm -2 cube -1 -3 keepdim"] = ([3.6164674758911133, 1.311905860900879, 3.299994945526123], [3.6164672527749198, 1.3119060779129064, 3.299994716135583]),
        ["linalg.norm nuc cube 1 2 keepdim"] = ([10.08574390411377, 7.914525985717773], [10.08574407095988, 7.914526864938284]),
        ["linalg.norm 2 square"] = ([3.6300694942474365], [3.6300696351327266]),
        ["linalg.norm -2 cube 0 1"] = ([1.4899016618728638, 1.1287778615951538, 1.0885436534881592, 1.4315440654754639],
            [1.4899018307765564, 1.1287779072660176, 1.0885435653352031, 1.4315438084908907]),
        ["Tensor.norm nuc tall"] = ([10.450109481811523], [10.450108235762867]),
        ["torch.norm nuc cube 1 2 keepdim"] = ([10.08574390411377, 7.914525985717773], [10.08574407095988, 7.914526864938284]),
        ["torch.svd S wide"] = ([5.496777057647705, 3.1622776985168457, 1.4266892671585083], [5.496776992310536, 3.1622776601683795, 1.4266894184809646]),
        ["linalg.svd S batch"] = ([3.6300694942474365, 2.5045228004455566, 1.802764654159546, 3.4142136573791504, 2, 0.5857864618301392],
            [3.6300696351327266, 2.5045227958366922, 1.8027645462515942, 3.4142135623730954, 2, 0.5857864376269046]),
    };

    /// <summary>The shapes libtorch gives the keepdim cases (run.sh Svd prints them).</summary>
    private static readonly Dictionary<string, long[]> ExpectedShapes = new()
    {
        ["norm -2 cube -1 -3 keepdim"] = [1, 3, 1],
        ["linalg.norm nuc cube 1 2 keepdim"] = [2, 1, 1],
        ["torch.norm nuc cube 1 2 keepdim"] = [2, 1, 1],
        ["norm nuc batch"] = [2],
        ["norm nuc cube 0 2"] = [3],
        ["svdvals batch"] = [2, 3],
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ValuesMatchLibtorch(string name)
    {
        var (f32, f64) = Expected[name];
        var r64 = Cases[name](float64);
        var r32 = Cases[name](float32);
        Assert.Equal(float64, r64.dtype);
        Assert.Equal(float32, r32.dtype);
        // float64: agreement to a few ulps of the largest singular value (LAPACK's and Jacobi's
        // rounding differ, so a zero singular value is "about 1e-16" on both sides).
        AssertClose(r64, f64, 1e-13, 1e-14);
        // float32: libtorch computes in float32, SharpGrad in double, rounding once.
        AssertClose(r32, f32, 2e-6, 2e-6);
        if (ExpectedShapes.TryGetValue(name, out var shape))
            Assert.Equal(shape, r64.shape);
    }

    private static void AssertClose(Tensor actual, double[] expected, double rtol, double atol)
    {
        var values = actual.to(float64).reshape(-1).ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        double scale = expected.Length == 0 ? 0 : expected.Max(Math.Abs);
        for (int i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(values[i] - expected[i]) <= atol + rtol * Math.Max(Math.Abs(expected[i]), scale),
                $"element {i}: expected {expected[i]:R}, got {values[i]:R}");
    }

    private static void AssertNear(Tensor actual, Tensor expected, double tol, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double error = expected.numel() == 0 ? 0 : (actual.to(float64) - expected.to(float64)).abs().max().item<double>();
        Assert.True(error <= tol, $"{what}: max error {error:R} > {tol:R}");
    }

    // ------------------------------------------------------------------ U and V: what is unique about them

    /// <summary>Checks A = U·diag(S)·Vh, UᵀU = I, Vh·Vhᵀ = I (all of U and Vh, the completing
    /// columns of full matrices included), S descending and non-negative, and S = svdvals(A).</summary>
    private static void CheckDecomposition(Tensor a, bool fullMatrices, double tol)
    {
        var (u, s, vh) = linalg.svd(a, fullMatrices);
        int m = a.Sizes[^2], n = a.Sizes[^1], k = Math.Min(m, n);
        var batch = a.shape[..^2];
        long[] uShape = [.. batch, m, fullMatrices ? m : k], sShape = [.. batch, k], vhShape = [.. batch, fullMatrices ? n : k, n];
        Assert.Equal(uShape, u.shape);
        Assert.Equal(sShape, s.shape);
        Assert.Equal(vhShape, vh.shape);
        Assert.Equal(a.dtype, u.dtype);
        Assert.Equal(a.dtype, s.dtype);
        Assert.Equal(a.dtype, vh.dtype);
        double scale = Math.Max(1, a.abs().max().item<double>());
        var reconstruction = (u.narrow(-1, 0, k) * s.unsqueeze(-2)).matmul(vh.narrow(-2, 0, k));
        AssertNear(reconstruction, a, tol * scale * Math.Max(m, n), "U·diag(S)·Vh − A");
        AssertNear(u.mT.matmul(u), eye(u.shape[^1], dtype: a.dtype).expand([.. batch, u.shape[^1], u.shape[^1]]), tol * m, "UᵀU − I");
        AssertNear(vh.matmul(vh.mT), eye(vh.shape[^2], dtype: a.dtype).expand([.. batch, vh.shape[^2], vh.shape[^2]]), tol * n, "Vh·Vhᵀ − I");
        var values = s.to(float64).reshape(-1, k);
        for (int b = 0; b < values.shape[0]; b++)
        {
            var row = values[b].ToArray<double>();
            for (int j = 0; j < k; j++)
            {
                Assert.True(row[j] >= 0, $"S[{j}] = {row[j]} < 0");
                if (j > 0) Assert.True(row[j] <= row[j - 1], $"S not descending: {row[j - 1]}, {row[j]}");
            }
        }
        AssertNear(linalg.svdvals(a), s, tol * scale, "svdvals − S");
    }

    public static TheoryData<string, long[]> Shapes => new()
    {
        { "tall", [7, 4] }, { "wide", [3, 6] }, { "square", [5, 5] }, { "batched tall", [2, 3, 5, 2] },
        { "batched wide", [4, 2, 5] }, { "one row", [1, 6] }, { "one column", [6, 1] }, { "larger", [40, 27] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RandomMatricesDecompose(string name, long[] shape)
    {
        manual_seed(shape.Aggregate(17L, (h, d) => h * 31 + d));
        var a64 = randn(shape, dtype: float64);
        foreach (var full in new[] { true, false })
        {
            CheckDecomposition(a64, full, 1e-14);
            CheckDecomposition(a64.to(float32), full, 3e-7);
        }
        // A strided (transposed) view decomposes as its contiguous copy does.
        var view = a64.mT;
        if (shape[^1] > 1 && shape[^2] > 1) Assert.False(view.is_contiguous());
        AssertNear(linalg.svdvals(view), linalg.svdvals(view.contiguous()), 0, name);
    }

    [Fact]
    public void RankDeficientMatricesGetOrthonormalCompletions()
    {
        // Rank 1 and rank 2 (a zero column among others), tall, wide and square: U's and V's columns
        // beyond the rank are completed to orthonormal bases.
        manual_seed(5);
        var x = randn([6, 1], dtype: float64);
        var y = randn([1, 4], dtype: float64);
        var rankOne = x.matmul(y);
        var rankTwo = randn([5, 2], dtype: float64).matmul(randn([2, 5], dtype: float64));
        foreach (var a in new[] { rankOne, rankOne.mT, rankTwo, zeros(3, 3, dtype: float64), zeros(2, 4, dtype: float64) })
        {
            foreach (var full in new[] { true, false })
                CheckDecomposition(a, full, 1e-14);
        }
        var s = linalg.svdvals(rankOne).ToArray<double>();
        Assert.Equal((x.norm() * y.norm()).item<double>(), s[0], 1e-12);
        Assert.All(s[1..], v => Assert.True(v < 1e-14));
    }

    [Fact]
    public void ShapesAsLibtorch()
    {
        // tools/TorchOracle/run.sh Svd, "--- shapes".
        foreach (var (m, n) in new[] { (4, 3), (3, 4), (3, 3) })
        {
            int k = Math.Min(m, n);
            var (u, s, vh) = linalg.svd(zeros([2, m, n], dtype: float64), full_matrices: true);
            Assert.Equal(new long[] { 2, m, m }, u.shape);
            Assert.Equal(new long[] { 2, k }, s.shape);
            Assert.Equal(new long[] { 2, n, n }, vh.shape);
            (u, s, vh) = linalg.svd(zeros([2, m, n], dtype: float64), full_matrices: false);
            Assert.Equal(new long[] { 2, m, k }, u.shape);
            Assert.Equal(new long[] { 2, k, n }, vh.shape);
        }
        // An empty matrix: "svd 0x3 full: U [0, 0] S [0] Vh [3, 3]", Vh the identity; reduced Vh [0, 3].
        var (u0, s0, vh0) = linalg.svd(zeros(0, 3, dtype: float64), full_matrices: true);
        Assert.Equal(new long[] { 0, 0 }, u0.shape);
        Assert.Equal(new long[] { 0 }, s0.shape);
        Assert.Equal(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, vh0.reshape(-1).ToArray<double>());
        Assert.Equal(new long[] { 0, 3 }, linalg.svd(zeros(0, 3, dtype: float64), full_matrices: false).Vh.shape);
        // "svdvals zeros 2x3 2: [0, 0]".
        Assert.Equal(new double[] { 0, 0 }, linalg.svdvals(zeros(2, 3, dtype: float64)).ToArray<double>());
    }

    [Fact]
    public void TorchSvdReturnsVAndHonoursSomeAndComputeUv()
    {
        manual_seed(11);
        var a = randn([2, 5, 3], dtype: float64);
        var (u, s, v) = torch.svd(a);
        var (lu, ls, lvh) = linalg.svd(a, full_matrices: false);
        Assert.Equal(new long[] { 2, 5, 3 }, u.shape);
        Assert.Equal(new long[] { 2, 3, 3 }, v.shape);
        AssertNear(u, lu, 0, "U");
        AssertNear(s, ls, 0, "S");
        AssertNear(v, lvh.mT, 0, "V");
        AssertNear((u * s.unsqueeze(-2)).matmul(v.mT), a, 1e-13, "U·diag(S)·Vᵀ − A");
        var (uf, _, vf) = a.svd(some: false);
        Assert.Equal(new long[] { 2, 5, 5 }, uf.shape);
        Assert.Equal(new long[] { 2, 3, 3 }, vf.shape);
        // compute_uv = false: S alone, U and V zero-filled m×m and n×n (some has no effect).
        var (uz, sz, vz) = torch.svd(a, some: true, compute_uv: false);
        Assert.Equal(new long[] { 2, 5, 5 }, uz.shape);
        Assert.Equal(new long[] { 2, 3, 3 }, vz.shape);
        Assert.Equal(0, uz.abs().sum().item<double>());
        Assert.Equal(0, vz.abs().sum().item<double>());
        AssertNear(sz, s, 0, "S without U and V");
    }

    [Fact]
    public void InfinityGivesNaNForItsMatrixOnly()
    {
        // run.sh Svd: "svdvals inf 2: [NaN, NaN]" with no error; NaN is an error (see ErrorMessages).
        var a = tensor(new double[] { 1, double.PositiveInfinity, 3, 4, 2, 0, 0, 1 }, [2, 2, 2]);
        var s = linalg.svdvals(a).ToArray<double>();
        Assert.True(double.IsNaN(s[0]) && double.IsNaN(s[1]));
        Assert.Equal(new double[] { 2, 1 }, s[2..]);
        var (u, _, vh) = linalg.svd(a);
        Assert.True(double.IsNaN(u[0, 0, 0].item<double>()) && double.IsNaN(vh[0, 1, 1].item<double>()));
    }

    // ------------------------------------------------------------------ gradients

    /// <summary>Gradients of gauge-invariant losses and of the norms, as libtorch gives them.</summary>
    private static readonly Dictionary<string, (Func<Tensor, Tensor> Loss, double[] Data, long[] Shape, double[] Grad)> GradientCases = BuildGradientCases();

    private static Dictionary<string, (Func<Tensor, Tensor>, double[], long[], double[])> BuildGradientCases()
    {
        var w33 = tensor(W33, [3, 3]);
        var w44 = tensor(W44, [4, 4]);
        // U·Uᵀ (the projector onto the column space) and Vᵀ·diag(S)·V = (AᵀA)^½: gauge-invariant.
        Tensor ProjectorAndSqrt(Tensor a)
        {
            var (u, s, vh) = linalg.svd(a, full_matrices: false);
            var wu = a.Sizes[0] == 3 ? w33 : w44;
            var wv = a.Sizes[1] == 3 ? w33 : w44;
            return (u.matmul(u.mT) * wu).sum() + (vh.mT.matmul(s.unsqueeze(-1) * vh) * wv).sum();
        }
        var weights = tensor(new double[] { 1, -2, 0.5 });
        // tools/TorchOracle/run.sh Svd, "--- gradients (float64)".
        return new()
        {
            ["svdvals weighted square"] = (a => (linalg.svdvals(a) * weights).sum(), Square, [3, 3],
                [0.19696377257204659, 0.6132435954451968, -0.08573404008163943, 0.406634479397912, -0.13889147848188524, -1.261453822409823, -0.9347107821117114, -0.5367303494203782, -1.374814655298545]),
            ["projector and sqrt square"] = (ProjectorAndSqrt, Square, [3, 3],
                [0.6115802890854993, 2.881722690394422, -0.3908751687884497, 1.0870023774580047, 2.0505787872622983, 0.006370239360366597, -0.043241154650912904, -0.14572393693865077, 0.123010683696098]),
            ["nuc square"] = (a => linalg.matrix_norm(a, "nuc") * 1.5, Square, [3, 3],
                [-0.13069619582822425, 1.3991153014403293, -0.524780790112946, 1.437200874233109, 0.26191994944449176, 0.34036978007247, -0.4091114169753973, 0.47315358326713713, 1.3633611169245845]),
            ["2 square"] = (a => linalg.matrix_norm(a, 2), Square, [3, 3],
                [0.36825205834036, 0.18281157754472563, -0.17495893433367693, 0.6364820067031689, 0.3159691224772345, -0.30239671739301693, -0.3722239959741723, -0.18478336879015395, 0.17684602758926798]),
            ["-2 square"] = (a => linalg.matrix_norm(a, -2), Square, [3, 3],
                [-0.43282159875466625, 0.7721183725592502, -0.10422598289248128, 0.165382516639687, -0.29502889866170656, 0.03982508127967513, -0.1454082733958898, 0.2593964805225066, -0.03501516620009449]),
            ["svdvals weighted tall"] = (a => (linalg.svdvals(a) * weights).sum(), Tall, [4, 3],
                [0.937978618833272, 0.4287475789985305, -0.16414004421604939, 0.9480110865360648, 0.06706495677602783, -0.7113419726180755, -0.7691904662642467, 0.35630438405838294, 0.2712031218593703, -0.38616693839206806, 0.20823068851393928, 1.3287425238265864]),
            ["projector and sqrt tall"] = (ProjectorAndSqrt, Tall, [4, 3],
                [0.40929298375630463, 2.4498149892672156, -0.7015314729546078, 0.2510325720800167, -1.1885442252804779, 0.6673204935720358, 0.3428392207659459, 1.974259826114984, -0.5238000641592905, 1.1567752137108873, 1.5768167489443508, -0.054487525677316705]),
            ["nuc tall"] = (a => linalg.matrix_norm(a, "nuc") * 1.5, Tall, [4, 3],
                [0.06222514871151748, 0.9909768713604059, 0.8723458495542106, -0.4992984664234354, 0.2224679363761835, 0.7441058599160588, -0.09139892386113395, 1.0987185256709764, -0.9532509850762779, 1.4101330820217146, 0.10625657184691874, 0.16319236334837792]),
            ["2 tall"] = (a => linalg.matrix_norm(a, 2), Tall, [4, 3],
                [0.42803112784949154, 0.24830240541868984, 0.43736607490939006, 0.10924075178944172, 0.06337095522782234, 0.11162318747784923, -0.11987630644701056, -0.06954067895259987, -0.12249069334929329, 0.45885204213589115, 0.26618172927292894, 0.46885916368143216]),
            ["-2 tall"] = (a => linalg.matrix_norm(a, -2), Tall, [4, 3],
                [-0.10525915990660495, 0.40205714315586755, -0.1252441878154422, -0.018176982958736276, 0.0694304025043222, -0.021628155398751243, -0.21257071149522414, 0.8119537820576604, -0.25293044461111486, 0.04698175115835124, -0.17945562807024906, 0.05590194023205083]),
            ["svdvals weighted wide"] = (a => (linalg.svdvals(a) * weights).sum(), Tall, [3, 4],
                [-1.04767760658217, 0.6959953178474008, -0.9544156656087495, 0.872421384230316, 0.4959842867663503, 0.35950524265452066, 0.20305008862910928, 0.08357182132868227, 0.23293324313404884, 0.5237008031350529, 1.028604477659134, -0.43119392079395613]),
            ["projector and sqrt wide"] = (ProjectorAndSqrt, Tall, [3, 4],
                [1.6731756271921618, -0.257056588496285, -0.2911003535249484, 0.9732924095388441, 0.11353692288293041, -0.03398322779976791, 1.0973633737721935, 2.041893542457622, -0.44437728208138116, 1.3366519235170633, -1.8653923880122893, 0.3251349532714403]),
            ["nuc wide"] = (a => linalg.matrix_norm(a, "nuc") * 1.5, Tall, [3, 4],
                [0.5502763190039042, 0.4553397852118327, 1.200053794771942, -0.5474783487958391, 0.9241907877175126, 0.8211011789369239, -0.39135327627003896, 0.7539939356514651, -1.0384763908246228, 1.035430862267976, 0.19601229522491675, 0.24704027057045377]),
            ["2 wide"] = (a => linalg.matrix_norm(a, 2), Tall, [3, 4],
                [-0.08558747833646345, 0.44026206593314626, 0.2078920138931615, 0.0572940766375942, -0.05627109358148725, 0.28945855625177735, 0.13668250538516008, 0.037669065741891605, -0.13815334575635402, 0.7106609354601763, 0.335574523675743, 0.0924827852549589]),
            ["-2 wide"] = (a => linalg.matrix_norm(a, -2), Tall, [3, 4],
                [-0.022885365160362995, -0.007068466534504433, 0.008792007629742329, -0.01177279096410084, 0.7588207804536649, 0.23437245832603482, -0.29152071835456916, 0.3903559486553177, -0.2948967629452211, -0.09108300808860327, 0.11329225343938425, -0.15170209965262446]),
            ["nuc cube 0 2"] = (a => (linalg.matrix_norm(a, "nuc", [0, 2]) * tensor(new double[] { 1, -1, 2 })).sum(), Cube, [2, 3, 4],
                [0.2659692154722344, 0.5454425872190014, 0.7641472557303717, -0.21870466851137021, -0.1177483748629243, -0.8955653611765974, -0.11172943729602641, -0.41426384939949085, -0.9372237934636876, 1.650953077950907, 0.46062994998268425, 0.4287021629860459, 0.1464887640106498, 0.5589467434935339, -0.22545674664863652, 0.7844034901421706, -0.6652253547105652, 0.07924085992033697, 0.7210900733585786, -0.1767065920474051, 1.5646406192257192, 1.0729168881994002, -0.6322418050896151, -0.031927786996638424]),
            ["full tall reconstruction"] = (a =>
            {
                var (u, s, vh) = linalg.svd(a, full_matrices: true);
                return ((u.narrow(1, 0, 3) * s).matmul(vh) * w44.narrow(1, 0, 3)).sum();
            }, Tall, [4, 3],
                [1.0000000000000002, -1.0000000000000004, 1.9999999999999996, 0.29999999999999966, 1, -2, 0.9999999999999998, 0.6999999999999998, -0.4000000000000001, 0.10000000000000013, 0.19999999999999982, -0.30000000000000016]),
        };
    }

    public static TheoryData<string> GradientCaseNames => [.. GradientCases.Keys];

    [Theory]
    [MemberData(nameof(GradientCaseNames))]
    public void GradientsMatchLibtorch(string name)
    {
        var (loss, data, shape, expected) = GradientCases[name];
        var a = tensor(data, shape, requires_grad: true);
        loss(a).backward();
        AssertClose(a.grad!, expected, 1e-12, 1e-12);
    }

    /// <summary>f(U, S, Vh) of linalg.svd(a, fullMatrices).</summary>
    private static Tensor WithSvd(Tensor a, bool fullMatrices, Func<Tensor, Tensor, Tensor, Tensor> f)
    {
        var (u, s, vh) = linalg.svd(a, fullMatrices);
        return f(u, s, vh);
    }

    /// <summary>exp(U·diag(S)·Vᵀ) through torch.svd, which returns V.</summary>
    private static Tensor TorchSvdProduct(Tensor a)
    {
        var (u, s, v) = torch.svd(a);
        return (u * s.unsqueeze(-2)).matmul(v.mT).exp();
    }

    /// <summary>The losses that gradcheck and gradgradcheck differentiate, on random float64 inputs.</summary>
    private static readonly Dictionary<string, (long[] Shape, Func<Tensor, Tensor> Loss)> CheckCases = new()
    {
        ["svdvals square"] = ([3, 3], linalg.svdvals),
        ["svdvals tall"] = ([4, 2], linalg.svdvals),
        ["svdvals wide batched"] = ([2, 2, 4], linalg.svdvals),
        ["S sum"] = ([3, 4], a => linalg.svd(a).S.sum()),
        ["U S Vh sum tall reduced"] = ([4, 3], a => WithSvd(a, false, (u, s, vh) => (u * s.unsqueeze(-2)).matmul(vh).sum())),
        ["U S Vh sum wide full"] = ([2, 4], a => WithSvd(a, true, (u, s, vh) => (u * s.unsqueeze(-2)).matmul(vh.narrow(-2, 0, 2)).sum())),
        ["U projector tall"] = ([4, 2], a => WithSvd(a, false, (u, _, _) => u.matmul(u.mT) * tensor(new double[] { 1, 2, -1, 0.5 }))),
        ["V projector wide"] = ([2, 4], a => WithSvd(a, false, (_, _, vh) => vh.mT.matmul(vh).sin())),
        ["U S Ut square batched"] = ([2, 3, 3], a => WithSvd(a, false, (u, s, _) => (u * s.unsqueeze(-2)).matmul(u.mT))),
        ["Vt S V tall full"] = ([3, 2], a => WithSvd(a, true, (_, s, vh) => vh.mT.matmul(s.unsqueeze(-1) * vh))),
        ["U columns times V rows wide"] = ([3, 4], a => WithSvd(a, false, (u, _, vh) => u.matmul(vh).pow(2).sum(-1))),
        ["torch.svd U S Vt"] = ([4, 3], TorchSvdProduct),
        ["matrix_norm nuc"] = ([3, 4], a => linalg.matrix_norm(a, "nuc")),
        ["matrix_norm 2"] = ([4, 3], a => linalg.matrix_norm(a, 2)),
        ["matrix_norm -2"] = ([3, 3], a => linalg.matrix_norm(a, -2)),
        ["matrix_norm nuc dims 2 0 keepdim"] = ([3, 2, 4], a => linalg.matrix_norm(a, "nuc", [2, 0], keepdim: true)),
        ["matrix_norm 2 batched"] = ([2, 3, 2], a => linalg.matrix_norm(a, 2)),
        ["linalg.norm -2 dims 0 1"] = ([3, 4, 2], a => linalg.norm(a, -2, [0, 1])),
        ["linalg.norm nuc"] = ([2, 3], a => linalg.norm(a, "nuc")),
        ["Tensor.norm nuc dims keepdim"] = ([2, 3, 3], a => a.norm("nuc", [-1, -2], keepdim: true)),
        ["torch.norm nuc"] = ([3, 3], a => torch.norm(a, "nuc")),
    };

    public static TheoryData<string> CheckCaseNames => [.. CheckCases.Keys];

    [Theory]
    [MemberData(nameof(CheckCaseNames))]
    public void GradcheckAndGradgradcheck(string name)
    {
        var (shape, loss) = CheckCases[name];
        manual_seed(name.Aggregate(7L, (h, c) => (h * 31 + c) % 100_003));
        var a = randn(shape, dtype: float64).requires_grad_(true);
        TestUtil.CheckGradients(xs => loss(xs[0]), a);
    }

    [Fact]
    public void NodeNameAndOutputs()
    {
        var a = tensor(Tall, [4, 3], requires_grad: true);
        var (u, s, vh) = linalg.svd(a);
        Assert.Equal("LinalgSvdBackward0", u.grad_fn!.name());
        Assert.Same(u.grad_fn, s.grad_fn);
        Assert.Same(u.grad_fn, vh.grad_fn);
        Assert.Equal(0, u.output_nr);
        Assert.Equal(1, s.output_nr);
        Assert.Equal(2, vh.output_nr);
        // svdvals goes through the same node (PyTorch computes U and Vh when A needs a gradient).
        var values = linalg.svdvals(a);
        Assert.Equal("LinalgSvdBackward0", values.grad_fn!.name());
        Assert.Equal(1, values.output_nr);
        Assert.Null(linalg.svdvals(a.detach()).grad_fn);
    }

    [Fact]
    public void FullMatricesCompletionGetsNoGradient()
    {
        // derivatives.yaml narrows U and Vh (and their gradients) to k columns / rows: a loss on U's
        // completing columns has a zero gradient, as libtorch's ("grad full tall U sum" differs from
        // this only by the first k columns, whose signs are LAPACK's).
        var a = tensor(Tall, [4, 3], requires_grad: true);
        linalg.svd(a, full_matrices: true).U.narrow(1, 3, 1).sum().backward();
        Assert.Equal(new double[12], a.grad!.reshape(-1).ToArray<double>());
        var b = tensor(Tall, [3, 4], requires_grad: true);
        linalg.svd(b, full_matrices: true).Vh.narrow(0, 3, 1).pow(2).sum().backward();
        Assert.Equal(new double[12], b.grad!.reshape(-1).ToArray<double>());
    }

    [Fact]
    public void RepeatedSingularValues()
    {
        // run.sh Svd: "grad repeated svdvals 2x2: [1, 0, 0, 1]" and "grad repeated U 2x2: [NaN, NaN,
        // NaN, NaN]" (no error): svdvals' gradient is defined, U's is not.
        var a = eye(2, dtype: float64).requires_grad_(true);
        linalg.svdvals(a).sum().backward();
        Assert.Equal(new double[] { 1, 0, 0, 1 }, a.grad!.reshape(-1).ToArray<double>());
        var b = eye(2, dtype: float64).requires_grad_(true);
        (linalg.svd(b, full_matrices: false).U * tensor(new double[] { 1, 2, 3, 4 }, [2, 2])).sum().backward();
        Assert.All(b.grad!.reshape(-1).ToArray<double>(), g => Assert.True(double.IsNaN(g)));
    }

    [Fact]
    public void ForwardModeTangentsMatchReverseMode()
    {
        manual_seed(8);
        var a = randn([4, 3], dtype: float64);
        var v = randn([4, 3], dtype: float64);
        foreach (var (name, f) in new (string, Func<Tensor, Tensor>)[]
        {
            ("svdvals", linalg.svdvals),
            ("nuc", x => linalg.matrix_norm(x, "nuc")),
            ("projector", x => WithSvd(x, false, (u, _, _) => u.matmul(u.mT))),
        })
        {
            Tensor tangent;
            using (autograd.forward_ad.dual_level())
                tangent = autograd.forward_ad.unpack_dual(f(autograd.forward_ad.make_dual(a, v))).tangent!;
            var x = a.clone().requires_grad_(true);
            var y = f(x).reshape(-1);
            var expected = new double[y.shape[0]];
            for (int i = 0; i < expected.Length; i++)
            {
                var g = autograd.grad([y[i]], [x], retain_graph: true)[0]!;
                expected[i] = (g * v).sum().item<double>();
            }
            AssertClose(tangent, expected, 1e-10, 1e-12);
            _ = name;
        }
    }

    // ------------------------------------------------------------------ errors (libtorch's messages)

    private static void AssertMessage<TException>(string message, Action action) where TException : Exception
        => Assert.Equal(message, Assert.Throws<TException>(action).Message);

    [Fact]
    public void ErrorMessagesAreLibtorchs()
    {
        // tools/TorchOracle/run.sh Svd, "--- errors".
        var vector = tensor(new double[] { 1, 2 });
        var integers = tensor(new long[] { 1, 2, 3, 4 }, [2, 2]);
        var cube = tensor(Cube, [2, 3, 4]);
        AssertMessage<ArgumentException>("linalg.svd: The input tensor A must have at least 2 dimensions.", () => linalg.svd(vector));
        AssertMessage<ArgumentException>("linalg.svd: The input tensor A must have at least 2 dimensions.", () => linalg.svdvals(vector));
        AssertMessage<ArgumentException>("linalg.svd: Expected a floating point or complex tensor as input. Got Long", () => linalg.svd(integers));
        AssertMessage<ArgumentException>("linalg.svd: Expected a floating point or complex tensor as input. Got Long", () => linalg.svdvals(integers));
        AssertMessage<InvalidOperationException>("linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.",
            () => linalg.svd(tensor(new double[] { 1, double.NaN, 3, 4 }, [2, 2])));
        AssertMessage<InvalidOperationException>("linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.",
            () => linalg.svdvals(tensor(new double[] { 1, double.NaN, 3, 4 }, [2, 2], requires_grad: true)));
        AssertMessage<ArgumentException>("linalg.matrix_norm: Order 3 not supported.", () => linalg.matrix_norm(tensor(Square, [3, 3]), 3));
        AssertMessage<ArgumentException>("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.", () => linalg.matrix_norm(vector, "nuc"));
        AssertMessage<ArgumentException>("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.", () => linalg.matrix_norm(vector, 2));
        AssertMessage<ArgumentException>("linalg.matrix_norm: Expected a floating point or complex tensor as input. Got Long", () => linalg.matrix_norm(integers, "nuc"));
        AssertMessage<ArgumentException>("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got 3D.", () => linalg.norm(cube, "nuc"));
        AssertMessage<ArgumentException>("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got 3D.", () => linalg.norm(cube, 2));
        AssertMessage<ArgumentException>("linalg.matrix_norm: dims must be different. Got (1, 1)", () => linalg.matrix_norm(cube, "nuc", [1, 1]));
        AssertMessage<ArgumentException>("linalg.matrix_norm: dim must be a 2-tuple. Got 1", () => linalg.norm(cube, "nuc", [1]));
        // torch.norm(A, "nuc") without dim takes every dim, so a 3-D input fails in matrix_norm, as in PyTorch.
        AssertMessage<ArgumentException>("linalg.matrix_norm: dim must be a 2-tuple. Got 0 1 2", () => cube.norm("nuc"));
        AssertMessage<NotSupportedException>("norm: unknown p \"abc\"; use \"fro\", \"nuc\" or a number", () => cube.norm("abc"));
    }
}
