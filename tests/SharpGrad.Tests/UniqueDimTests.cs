using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// torch.unique with a dim: the distinct slices along it in lexicographic order, inverse indices and
/// counts. Expected values and messages are libtorch's, printed by tools/TorchOracle script UniqueDim
/// (tools/TorchOracle/Scripts.UniqueDim.cs) for the same inputs.
/// </summary>
public class UniqueDimTests
{
    private static Tensor A() => tensor(new long[] { 1, 3, 2, 0, 1, 3, 2, 0, 5, 1, 0, 1, 2, 0, 5, 1, 0, 1 }).reshape(6, 3);
    private static Tensor B() => tensor(new float[] { 1, 2, 1, 2, 3, 1, 3, 1, 1, 2, 1, 2, 0.5f, 4, 0.5f, 4, -1, 2, -1, 2, 1, 2, 1, 2 }).reshape(3, 2, 4);
    private static Tensor C() => tensor(new double[] { 2, 1, 2, 1, 2, 1 }).reshape(3, 2);
    private static Tensor Bo() => tensor(new[] { true, false, false, true, true, false }).reshape(3, 2);

    private static readonly Dictionary<string, (Func<Tensor> Input, long Dim, long[] Shape, double[] Output, long[] Inverse, long[] Counts)> Cases = new()
    {
        ["2d dim0"] = (() => A(), 0, [4, 3],
            [0, 1, 3, 1, 0, 1, 1, 3, 2, 2, 0, 5], [2, 0, 3, 1, 3, 1], [1, 2, 1, 2]),
        ["2d dim1"] = (() => A().t(), 1, [3, 4],
            [0, 1, 1, 2, 1, 0, 3, 0, 3, 1, 2, 5], [2, 0, 3, 1, 3, 1], [1, 2, 1, 2]),
        ["2d dim-1"] = (() => A().t(), -1, [3, 4],
            [0, 1, 1, 2, 1, 0, 3, 0, 3, 1, 2, 5], [2, 0, 3, 1, 3, 1], [1, 2, 1, 2]),
        ["3d dim0"] = (() => B(), 0, [3, 2, 4],
            [-1, 2, -1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 0.5, 4, 0.5, 4, 1, 2, 1, 2, 3, 1, 3, 1], [2, 1, 0], [1, 1, 1]),
        ["3d dim2"] = (() => B(), 2, [3, 2, 2],
            [1, 2, 3, 1, 1, 2, 0.5, 4, -1, 2, 1, 2], [0, 1, 0, 1], [2, 2]),
        ["3d dim-2"] = (() => B(), -2, [3, 2, 4],
            [1, 2, 1, 2, 3, 1, 3, 1, 1, 2, 1, 2, 0.5, 4, 0.5, 4, -1, 2, -1, 2, 1, 2, 1, 2], [0, 1], [1, 1]),
        ["all equal rows"] = (() => C(), 0, [1, 2],
            [2, 1], [0, 0, 0], [3]),
        ["bool dim0"] = (() => Bo(), 0, [2, 2],
            [0, 1, 1, 0], [1, 0, 1], [1, 2]),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SlicesInverseAndCountsAreLibtorchs(string name)
    {
        var (input, dim, shape, output, inverse, counts) = Cases[name];
        var x = input();
        var (o, i, c) = torch.unique(x, return_inverse: true, return_counts: true, dim: dim);
        Assert.Equal(x.dtype, o.dtype);
        Assert.Equal(shape, o.shape);
        Assert.Equal(output, o.to(float64).reshape(-1).ToArray<double>());
        Assert.Equal(ScalarType.Int64, i!.dtype);
        Assert.Equal(inverse, i.ToArray<long>());
        Assert.Equal(counts, c!.ToArray<long>());
        // Without the flags only the slices come back; sorted=false gives the same (sorted) slices.
        var (plain, noInverse, noCounts) = x.unique(sorted: false, dim: dim);
        Assert.True(plain.equal(o));
        Assert.Null(noInverse);
        Assert.Null(noCounts);
    }

    [Fact]
    public void OutputIndexedByInverseRebuildsTheInput()
    {
        manual_seed(3);
        var x = randint(0, 2, [7, 3, 2]);
        var (o, i, _) = x.unique(return_inverse: true, dim: 1);
        Assert.True(o.index_select(1, i!).equal(x));
    }

    [Fact]
    public void EmptySelectedDimGivesEmptyResultsAsLibtorch()
    {
        // UniqueDim: "empty [0,3] dim0 shape: 0, 3; inverse shape: 0; counts shape: 0".
        var (o, i, c) = torch.unique(zeros(0, 3), return_inverse: true, return_counts: true, dim: 0);
        Assert.Equal([0L, 3], o.shape);
        Assert.Equal([0L], i!.shape);
        Assert.Equal([0L], c!.shape);
    }

    [Fact]
    public void ErrorsArePyTorchs()
    {
        Assert.Equal("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied",
            Assert.Throws<ArgumentException>(() => torch.unique(zeros(2, 0), dim: 0)).Message);
        Assert.Equal("Number of zero sized dimensions is more than one, so unique cannot be applied ",
            Assert.Throws<ArgumentException>(() => torch.unique(zeros(0, 0), dim: 0)).Message);
        Assert.Equal("Dimension out of range (expected to be in range of [-2, 1], but got 2)",
            Assert.Throws<IndexOutOfRangeException>(() => torch.unique(zeros(2, 2), dim: 2)).Message);
        Assert.Equal("Dimension specified as 0 but tensor has no dimensions",
            Assert.Throws<IndexOutOfRangeException>(() => torch.unique(tensor(3.0), dim: 0)).Message);
    }

    [Fact]
    public void RowsWithNaNAreEachTheirOwn()
    {
        var x = tensor(new[] { 1.0, double.NaN, 1.0, double.NaN, 0.0, 1.0 }).reshape(3, 2);
        var (o, i, c) = x.unique(return_inverse: true, return_counts: true, dim: 0);
        Assert.Equal([3L, 2], o.shape);
        Assert.Equal([1L, 1, 1], c!.ToArray<long>());
        Assert.Equal(0.0, o[0, 0].item<double>());
        Assert.Equal([1L, 2, 0], i!.ToArray<long>());
    }
}
