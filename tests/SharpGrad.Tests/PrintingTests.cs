using System.Globalization;
using SharpGrad.Printing;

namespace SharpGrad.Tests;

/// <summary>
/// The tensor printer against the strings PyTorch's <c>repr(tensor)</c> gives. Tests that need other
/// print options pass them explicitly rather than changing the process-global ones, so they cannot
/// disturb tests that run in parallel.
/// </summary>
public class PrintingTests
{
    private static readonly double Nan = double.NaN;
    private static readonly double Inf = double.PositiveInfinity;

    private static string F32(int[] shape, params double[] values) =>
        TensorFormatter.Repr(values.Select(v => (float)v).ToArray(), shape, ScalarType.Float32, null, false);

    private static string F32(params double[] values) => F32([values.Length], values);

    private static string F64(params double[] values) =>
        TensorFormatter.Repr(values, [values.Length], ScalarType.Float64, null, false);

    private static string I64(int[] shape, params long[] values) =>
        TensorFormatter.Repr(values, shape, ScalarType.Int64, null, false);

    private static string I64(params long[] values) => I64([values.Length], values);

    private static string Range(int n, ScalarType dtype, int[]? shape = null, PrintOptionsValues? options = null)
    {
        Array data = dtype switch
        {
            ScalarType.Float32 => Enumerable.Range(0, n).Select(i => (float)i).ToArray(),
            ScalarType.Float64 => Enumerable.Range(0, n).Select(i => (double)i).ToArray(),
            _ => Enumerable.Range(0, n).Select(i => (long)i).ToArray(),
        };
        return TensorFormatter.Repr(data, shape ?? [n], dtype, null, false, options ?? PrintOptionsValues.Default);
    }

    private static PrintOptionsValues Opts(int? precision = null, int? threshold = null, int? edgeitems = null,
        int? linewidth = null, string? profile = null, bool? sci_mode = null) =>
        PrintOptionsValues.Apply(PrintOptionsValues.Default, precision, threshold, edgeitems, linewidth, profile, sci_mode);

    // ---- integer-valued floats ----------------------------------------------------------------

    [Fact]
    public void IntegerValuedFloatsPrintWithATrailingPoint()
    {
        Assert.Equal("tensor([[36., 54.]])", F32([1, 2], 36, 54));
        Assert.Equal("tensor([18.])", F32(18));
        Assert.Equal("tensor([   1., 1000.])", F32(1, 1000));
        Assert.Equal("tensor(12345678.)", F32([], 12345678));
    }

    [Fact]
    public void FiveByFiveMatrix()
    {
        var values = new double[25];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                values[i * 5 + j] = i == j ? 4 : 2;
        Assert.Equal(
            "tensor([[4., 2., 2., 2., 2.],\n" +
            "        [2., 4., 2., 2., 2.],\n" +
            "        [2., 2., 4., 2., 2.],\n" +
            "        [2., 2., 2., 4., 2.],\n" +
            "        [2., 2., 2., 2., 4.]])",
            F32([5, 5], values));
    }

    // ---- suffixes -----------------------------------------------------------------------------

    [Fact]
    public void ScalarWithGradFn()
    {
        Assert.Equal("tensor(28., grad_fn=<MulBackward0>)",
            TensorFormatter.Repr(new float[] { 28 }, [], ScalarType.Float32, "MulBackward0", true));
    }

    [Fact]
    public void LeafRequiringGrad()
    {
        Assert.Equal("tensor([0., 1., 2., 3.], requires_grad=True)",
            TensorFormatter.Repr(new float[] { 0, 1, 2, 3 }, [4], ScalarType.Float32, null, true));
        Assert.Equal(
            "tensor([[0.2499, 0.3156],\n" +
            "        [0.4506, 0.3886]], requires_grad=True)",
            TensorFormatter.Repr(new float[] { 0.2499f, 0.3156f, 0.4506f, 0.3886f }, [2, 2], ScalarType.Float32, null, true));
    }

    [Fact]
    public void GradFnWinsOverRequiresGradAndNoGradPrintsNothing()
    {
        Assert.Equal("tensor([1., 2.], grad_fn=<AddBackward0>)",
            TensorFormatter.Repr(new float[] { 1, 2 }, [2], ScalarType.Float32, "AddBackward0", true));
        Assert.Equal("tensor([1., 2.])",
            TensorFormatter.Repr(new float[] { 1, 2 }, [2], ScalarType.Float32, null, false));
    }

    [Fact]
    public void Float64ShowsItsDtype()
    {
        Assert.Equal("tensor([1., 2.], dtype=torch.float64)", F64(1, 2));
        Assert.Equal("tensor(0.1000, dtype=torch.float64)",
            TensorFormatter.Repr(new double[] { 0.1 }, [], ScalarType.Float64, null, false));
        Assert.Equal("tensor([[ 1., -1.]], dtype=torch.float64, requires_grad=True)",
            TensorFormatter.Repr(new double[] { 1, -1 }, [1, 2], ScalarType.Float64, null, true));
        Assert.Equal("tensor([1., nan], dtype=torch.float64, grad_fn=<DivBackward0>)",
            TensorFormatter.Repr(new double[] { 1, Nan }, [2], ScalarType.Float64, "DivBackward0", false));
    }

    [Fact]
    public void SuffixMovesToItsOwnLineWhenTheLastLineIsTooLong()
    {
        Assert.Equal(
            "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11.],\n" +
            "       dtype=torch.float64)",
            Range(12, ScalarType.Float64));
    }

    [Fact]
    public void SuffixesFollowAWrappedLastLine()
    {
        double[] v = Enumerable.Range(0, 10).Select(i => i + 0.5).ToArray();
        Assert.Equal(
            "tensor([0.5000, 1.5000, 2.5000, 3.5000, 4.5000, 5.5000, 6.5000, 7.5000, 8.5000,\n" +
            "        9.5000], dtype=torch.float64, requires_grad=True)",
            TensorFormatter.Repr(v, [10], ScalarType.Float64, null, true));
        Assert.Equal(
            "tensor([[0.5000, 1.5000, 2.5000, 3.5000, 4.5000, 5.5000, 6.5000, 7.5000, 8.5000,\n" +
            "         9.5000],\n" +
            "        [0.5000, 1.5000, 2.5000, 3.5000, 4.5000, 5.5000, 6.5000, 7.5000, 8.5000,\n" +
            "         9.5000]], dtype=torch.float64, grad_fn=<AddBackward0>)",
            TensorFormatter.Repr(v.Concat(v).ToArray(), [2, 10], ScalarType.Float64, "AddBackward0", false));
    }

    // ---- fixed and scientific notation --------------------------------------------------------

    [Fact]
    public void NegativeNumbersAreAligned()
    {
        Assert.Equal("tensor([ 1.5410, -0.2934, -2.1788])", F32(1.5410, -0.2934, -2.1788));
        Assert.Equal("tensor(-1.5000)", F32([], -1.5));
    }

    [Fact]
    public void ThreeDimensionalBlocksAreSeparatedByBlankLines()
    {
        Assert.Equal(
            "tensor([[[1.4917, 2.4352],\n" +
            "         [0.0000, 0.0000]],\n" +
            "\n" +
            "        [[0.0000, 0.0000],\n" +
            "         [2.4369, 2.3799]]])",
            F32([2, 2, 2], 1.4917, 2.4352, 0, 0, 0, 0, 2.4369, 2.3799));
        Assert.Equal(
            "tensor([[[0.0000, 0.1000, 0.2000, 0.3000],\n" +
            "         [0.4000, 0.5000, 0.6000, 0.7000],\n" +
            "         [0.8000, 0.9000, 1.0000, 1.1000]],\n" +
            "\n" +
            "        [[1.2000, 1.3000, 1.4000, 1.5000],\n" +
            "         [1.6000, 1.7000, 1.8000, 1.9000],\n" +
            "         [2.0000, 2.1000, 2.2000, 2.3000]]], grad_fn=<ViewBackward0>)",
            TensorFormatter.Repr(Enumerable.Range(0, 24).Select(i => (float)(i * 0.1)).ToArray(), [2, 3, 4],
                ScalarType.Float32, "ViewBackward0", false));
    }

    [Fact]
    public void ScientificNotation()
    {
        Assert.Equal("tensor([1.0000e-05, 1.0000e+00])", F32(1e-5, 1));
        Assert.Equal("tensor([-1.0000e-05,  1.0000e+00])", F32(-1e-5, 1));
        Assert.Equal("tensor([1.0000e+10])", F32(1e10));
        Assert.Equal("tensor(1.0000e-05)", F32([], 1e-5));
        // float32(123456789) is 123456792: integer-valued but above 1e8.
        Assert.Equal("tensor(1.2346e+08)", F32([], 123456789));
        // Integer-valued with a ratio above 1000.
        Assert.Equal("tensor([1.0000e+00, 1.0000e+04])", F32(1, 10000));
        Assert.Equal("tensor([1.0000e-100,  1.0000e+00], dtype=torch.float64)", F64(1e-100, 1));
        Assert.Equal(
            "tensor([[ 1.0000e-05, -2.5000e+00],\n" +
            "        [ 3.0000e+05,         nan]])",
            F32([2, 2], 1e-5, -2.5, 3e5, Nan));
    }

    [Fact]
    public void RatioIsComputedOnTheFloat32Values()
    {
        // 100 / float32(0.1) is just below 1000, 101 / float32(0.1) is above.
        Assert.Equal("tensor([  0.1000, 100.0000])", F32(0.1, 100));
        Assert.Equal("tensor([1.0000e-01, 1.0100e+02])", F32(0.1, 101));
    }

    [Fact]
    public void RoundingIsHalfToEvenOnTheExactBinaryValue()
    {
        Assert.Equal("tensor([0.0312, 0.5000])", F32(0.03125, 0.5));
    }

    // ---- non-finite values and zeros ------------------------------------------------------------

    [Fact]
    public void NonFiniteValues()
    {
        Assert.Equal("tensor([1., nan, inf])", F32(1, Nan, Inf));
        Assert.Equal("tensor([1.5000,    nan,   -inf])", F32(1.5, Nan, -Inf));
        Assert.Equal("tensor([nan])", F32(Nan));
        Assert.Equal("tensor([1.0000e-05,        nan])", F32(1e-5, Nan));
        Assert.Equal("tensor(nan)", F32([], Nan));
        Assert.Equal("tensor(-inf)", F32([], -Inf));
    }

    [Fact]
    public void Zeros()
    {
        Assert.Equal("tensor([0., 0.])", F32(0, 0));
        Assert.Equal("tensor([-0., 1.])", F32(-0.0, 1));
    }

    // ---- integers and bools -------------------------------------------------------------------

    [Fact]
    public void Integers()
    {
        Assert.Equal("tensor([4, 9, 3, 0, 3])", I64(4, 9, 3, 0, 3));
        Assert.Equal("tensor([ -1,  10, 100])", I64(-1, 10, 100));
        Assert.Equal("tensor([-9223372036854775808,  9223372036854775807])", I64(long.MinValue, long.MaxValue));
        Assert.Equal(
            "tensor([[ -1,   2],\n" +
            "        [  3, -40]])",
            I64([2, 2], -1, 2, 3, -40));
        Assert.Equal("tensor([[[1]]])", I64([1, 1, 1], 1));
        Assert.Equal("tensor(5)", I64([], 5));
    }

    [Fact]
    public void Bools()
    {
        Assert.Equal("tensor([True, True, True, True])",
            TensorFormatter.Repr(new[] { true, true, true, true }, [4], ScalarType.Bool, null, false));
        Assert.Equal(
            "tensor([[ True, False],\n" +
            "        [False,  True]])",
            TensorFormatter.Repr(new[] { true, false, false, true }, [2, 2], ScalarType.Bool, null, false));
        Assert.Equal("tensor(True)", TensorFormatter.Repr(new[] { true }, [], ScalarType.Bool, null, false));
    }

    // ---- empty tensors ------------------------------------------------------------------------

    [Fact]
    public void EmptyTensors()
    {
        Assert.Equal("tensor([])", TensorFormatter.Repr(Array.Empty<float>(), [0], ScalarType.Float32, null, false));
        Assert.Equal("tensor([], size=(0, 3))", TensorFormatter.Repr(Array.Empty<float>(), [0, 3], ScalarType.Float32, null, false));
        Assert.Equal("tensor([], dtype=torch.int64)", TensorFormatter.Repr(Array.Empty<long>(), [0], ScalarType.Int64, null, false));
        Assert.Equal("tensor([], size=(2, 0), dtype=torch.bool)", TensorFormatter.Repr(Array.Empty<bool>(), [2, 0], ScalarType.Bool, null, false));
        Assert.Equal("tensor([], requires_grad=True)", TensorFormatter.Repr(Array.Empty<float>(), [0], ScalarType.Float32, null, true));
        Assert.Equal("tensor([], size=(1, 0, 2), dtype=torch.float64)", TensorFormatter.Repr(Array.Empty<double>(), [1, 0, 2], ScalarType.Float64, null, false));
    }

    // ---- wrapping and summarization -----------------------------------------------------------

    [Fact]
    public void LongRowsWrapAtTheLineWidth()
    {
        Assert.Equal(
            "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,\n" +
            "        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,\n" +
            "        36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53,\n" +
            "        54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,\n" +
            "        72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89,\n" +
            "        90, 91, 92, 93, 94, 95, 96, 97, 98, 99])",
            Range(100, ScalarType.Int64));
        Assert.Equal(
            "tensor([ 0.0000,  0.5000,  1.0000,  1.5000,  2.0000,  2.5000,  3.0000,  3.5000,\n" +
            "         4.0000,  4.5000,  5.0000,  5.5000,  6.0000,  6.5000,  7.0000,  7.5000,\n" +
            "         8.0000,  8.5000,  9.0000,  9.5000, 10.0000, 10.5000, 11.0000, 11.5000,\n" +
            "        12.0000, 12.5000, 13.0000, 13.5000, 14.0000, 14.5000])",
            F32(Enumerable.Range(0, 30).Select(i => i * 0.5).ToArray()));
    }

    [Fact]
    public void SummarizesAbove1000Elements()
    {
        Assert.Equal("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])", Range(2000, ScalarType.Int64));
        Assert.Equal(
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n" +
            "        1.9990e+03])",
            Range(2000, ScalarType.Float32));
        // 1000 elements are not summarized.
        string full = Range(1000, ScalarType.Int64);
        Assert.DoesNotContain("...", full);
        Assert.EndsWith("996, 997, 998, 999])", full);
    }

    [Fact]
    public void FormatterOnlySeesTheSummarizedValues()
    {
        var v = Enumerable.Range(0, 2000).Select(i => (float)i).ToArray();
        v[999] = float.NaN;
        v[1000] = 0.5f;
        Assert.Equal(
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n" +
            "        1.9990e+03])",
            TensorFormatter.Repr(v, [2000], ScalarType.Float32, null, false));
    }

    [Fact]
    public void SummarizedMatrix()
    {
        Assert.Equal(
            "tensor([[   0,    1,    2,  ...,   47,   48,   49],\n" +
            "        [  50,   51,   52,  ...,   97,   98,   99],\n" +
            "        [ 100,  101,  102,  ...,  147,  148,  149],\n" +
            "        ...,\n" +
            "        [1850, 1851, 1852,  ..., 1897, 1898, 1899],\n" +
            "        [1900, 1901, 1902,  ..., 1947, 1948, 1949],\n" +
            "        [1950, 1951, 1952,  ..., 1997, 1998, 1999]])",
            Range(2000, ScalarType.Int64, [40, 50]));
    }

    [Fact]
    public void SummarizedThreeDimensionalTensor()
    {
        Assert.Equal(
            "tensor([[[   0,    1,    2,  ...,   67,   68,   69],\n" +
            "         [  70,   71,   72,  ...,  137,  138,  139]],\n" +
            "\n" +
            "        [[ 140,  141,  142,  ...,  207,  208,  209],\n" +
            "         [ 210,  211,  212,  ...,  277,  278,  279]],\n" +
            "\n" +
            "        [[ 280,  281,  282,  ...,  347,  348,  349],\n" +
            "         [ 350,  351,  352,  ...,  417,  418,  419]],\n" +
            "\n" +
            "        ...,\n" +
            "\n" +
            "        [[ 700,  701,  702,  ...,  767,  768,  769],\n" +
            "         [ 770,  771,  772,  ...,  837,  838,  839]],\n" +
            "\n" +
            "        [[ 840,  841,  842,  ...,  907,  908,  909],\n" +
            "         [ 910,  911,  912,  ...,  977,  978,  979]],\n" +
            "\n" +
            "        [[ 980,  981,  982,  ..., 1047, 1048, 1049],\n" +
            "         [1050, 1051, 1052,  ..., 1117, 1118, 1119]]])",
            Range(8 * 2 * 70, ScalarType.Int64, [8, 2, 70]));
    }

    // ---- print options ------------------------------------------------------------------------

    [Fact]
    public void PrecisionOption()
    {
        Assert.Equal("tensor([1.12])",
            TensorFormatter.Repr(new float[] { 1.12345f }, [1], ScalarType.Float32, null, false, Opts(precision: 2)));
        Assert.Equal("tensor([2e+00, 2e+00, 1e+05, 2e-01])",
            TensorFormatter.Repr(new float[] { 1.5f, 2.5f, 123456.7f, 0.25f }, [4], ScalarType.Float32, null, false, Opts(precision: 0)));
        Assert.Equal("tensor([ 2,  2, 13,  0])",
            TensorFormatter.Repr(new float[] { 1.5f, 2.5f, 12.7f, 0.25f }, [4], ScalarType.Float32, null, false, Opts(precision: 0)));
    }

    [Fact]
    public void ThresholdAndEdgeItemsOptions()
    {
        Assert.Equal("tensor([0, 1, 2,  ..., 7, 8, 9])", Range(10, ScalarType.Int64, options: Opts(threshold: 5)));
        Assert.Equal("tensor([0.00e+00, 3.33e-01,  ..., 6.66e+02, 6.66e+02])",
            TensorFormatter.Repr(Enumerable.Range(0, 2000).Select(i => (float)(i / 3.0)).ToArray(), [2000],
                ScalarType.Float32, null, false, Opts(profile: "short")));
        Assert.DoesNotContain("...", Range(1001, ScalarType.Int64, options: Opts(profile: "full")));
    }

    [Fact]
    public void SciModeOption()
    {
        Assert.Equal("tensor([1.0000e+00, 2.5000e+00])",
            TensorFormatter.Repr(new float[] { 1, 2.5f }, [2], ScalarType.Float32, null, false, Opts(sci_mode: true)));
        // Without a nonzero finite value the formatter returns before looking at sci_mode.
        Assert.Equal("tensor([0., 0.])",
            TensorFormatter.Repr(new float[] { 0, 0 }, [2], ScalarType.Float32, null, false, Opts(sci_mode: true)));
        // Turning it off keeps the width computed for scientific notation.
        Assert.Equal("tensor([    0.0000,     1.0000])",
            TensorFormatter.Repr(new float[] { 1e-5f, 1 }, [2], ScalarType.Float32, null, false, Opts(sci_mode: false)));
        Assert.Equal("tensor([        1., 10000000000.])",
            TensorFormatter.Repr(new float[] { 1, 1e10f }, [2], ScalarType.Float32, null, false, Opts(sci_mode: false)));
    }

    [Fact]
    public void LineWidthOption()
    {
        Assert.Equal(
            "tensor([ 0.,  1.,  2.,  3.,\n" +
            "         4.,  5.,  6.,  7.,\n" +
            "         8.,  9., 10., 11.],\n" +
            "       requires_grad=True)",
            TensorFormatter.Repr(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), [12], ScalarType.Float32,
                null, true, Opts(linewidth: 30)));
    }

    [Fact]
    public void SetPrintOptionsSemantics()
    {
        var d = PrintOptionsValues.Default;
        Assert.Equal(new PrintOptionsValues(4, 1000, 3, 80, null), d);
        Assert.Equal(new PrintOptionsValues(2, 1000, 2, 80, null), PrintOptionsValues.Apply(d, profile: "short"));
        Assert.Equal(new PrintOptionsValues(4, double.PositiveInfinity, 3, 80, null), PrintOptionsValues.Apply(d, profile: "full"));
        // Explicit values override the profile.
        Assert.Equal(new PrintOptionsValues(3, 1000, 2, 80, null), PrintOptionsValues.Apply(d, precision: 3, profile: "short"));
        var custom = new PrintOptionsValues(6, 10, 1, 120, true);
        Assert.Equal(d, PrintOptionsValues.Apply(custom, profile: "default"));
        // sci_mode is replaced on every call, other omitted values are kept; unknown profiles are ignored.
        Assert.Equal(custom with { SciMode = null }, PrintOptionsValues.Apply(custom));
        Assert.Equal(custom with { LineWidth = 100, SciMode = false }, PrintOptionsValues.Apply(custom, linewidth: 100, profile: "nope", sci_mode: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => PrintOptionsValues.Apply(d, precision: -1));
    }

    [Fact]
    public void GlobalOptionsDefaultProfile()
    {
        // Re-applying the default profile leaves the defaults in place for everybody else.
        torch.set_printoptions(profile: "default");
        Assert.Equal(PrintOptionsValues.Default, PrintOptions.Current);
        Assert.Equal("tensor([1.1235])", TensorFormatter.Repr(new float[] { 1.12345f }, [1], ScalarType.Float32, null, false));
    }

    // ---- argument checks ------------------------------------------------------------------------

    [Fact]
    public void RejectsInconsistentArguments()
    {
        Assert.Throws<ArgumentException>(() => TensorFormatter.Repr(new float[3], [2, 2], ScalarType.Float32, null, false));
        Assert.Throws<ArgumentException>(() => TensorFormatter.Repr(new long[2], [2], ScalarType.Float32, null, false));
        Assert.Throws<ArgumentException>(() => TensorFormatter.Repr(new float[2], [2], ScalarType.Int64, null, false));
    }

    // ---- Python float formatting ------------------------------------------------------------------

    [Theory]
    [InlineData(0.03125, 4, "0.0312")]
    [InlineData(0.5, 0, "0")]
    [InlineData(1.5, 0, "2")]
    [InlineData(2.5, 0, "2")]
    [InlineData(-0.0, 4, "-0.0000")]
    [InlineData(-1e-10, 4, "-0.0000")]
    [InlineData(1e22, 4, "10000000000000000000000.0000")]
    [InlineData(0.1, 20, "0.10000000000000000555")]
    [InlineData(5e-324, 4, "0.0000")]
    [InlineData(2.675, 2, "2.67")]
    [InlineData(1.0000500000000001, 4, "1.0001")]
    [InlineData(99999.5, 0, "100000")]
    [InlineData(double.NegativeInfinity, 4, "-inf")]
    [InlineData(double.PositiveInfinity, 0, "inf")]
    [InlineData(double.NaN, 4, "nan")]
    public void PythonFixed(double value, int precision, string expected) =>
        Assert.Equal(expected, PythonFloatFormat.Fixed(value, precision));

    [Theory]
    [InlineData(123456.0, 4, "1.2346e+05")]
    [InlineData(9.99995, 4, "1.0000e+01")]
    [InlineData(9.999951, 4, "1.0000e+01")]
    [InlineData(5e-324, 4, "4.9407e-324")]
    [InlineData(1.7976931348623157e308, 4, "1.7977e+308")]
    [InlineData(0.0, 4, "0.0000e+00")]
    [InlineData(-0.0, 4, "-0.0000e+00")]
    [InlineData(1.25, 1, "1.2e+00")]
    [InlineData(5.0, 0, "5e+00")]
    [InlineData(-123.456, 2, "-1.23e+02")]
    [InlineData(1e100, 4, "1.0000e+100")]
    [InlineData(0.00015, 3, "1.500e-04")]
    [InlineData(double.NaN, 4, "nan")]
    public void PythonScientific(double value, int precision, string expected) =>
        Assert.Equal(expected, PythonFloatFormat.Scientific(value, precision));

    /// <summary>Exact decimal rounding (ties to even) of |value| * 10^pow10, with BigInteger.</summary>
    private static System.Numerics.BigInteger ReferenceScaled(double value, int pow10)
    {
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        int biased = (int)((bits >> 52) & 0x7FF);
        long mant = bits & 0xF_FFFF_FFFF_FFFFL;
        if (biased == 0) biased = 1; else mant |= 1L << 52;
        int exp2 = biased - 1075;
        System.Numerics.BigInteger num = mant, den = 1;
        if (exp2 >= 0) num <<= exp2; else den <<= -exp2;
        if (pow10 >= 0) num *= System.Numerics.BigInteger.Pow(10, pow10); else den *= System.Numerics.BigInteger.Pow(10, -pow10);
        var q = System.Numerics.BigInteger.DivRem(num, den, out var rem);
        int c = (rem * 2).CompareTo(den);
        return c > 0 || (c == 0 && !q.IsEven) ? q + 1 : q;
    }

    /// <summary>The 128-bit fast paths of the float formatting against plain BigInteger arithmetic,
    /// over magnitudes from 1e-40 to 1e40 and every binary exponent from -140 to 70, every precision
    /// up to 20, and exact ties.</summary>
    [Fact]
    public void PythonFormatsMatchExactArithmetic()
    {
        var random = new Random(20);
        var values = new List<double> { 0.125, 2.5, 0.375, 1e-5, 123456789012345.6, 9.5e18, 1.8e19, 0.1, 1e-300, 1e300 };
        for (int i = 0; i < 400; i++)
            values.Add((random.NextDouble() + 0.5) * Math.Pow(10, random.Next(-40, 41)) * (i % 2 == 0 ? 1 : -1));
        for (int e = -140; e <= 70; e++) // every binary exponent around the fast paths' limits
            values.Add(Math.ScaleB(1 + random.NextDouble(), e));
        foreach (double v in values)
        {
            string sign = v < 0 ? "-" : "";
            for (int p = 0; p <= 20; p++)
            {
                string d = ReferenceScaled(v, p).ToString(CultureInfo.InvariantCulture).PadLeft(p + 1, '0');
                string expected = p == 0 ? sign + d : sign + d[..^p] + "." + d[^p..];
                Assert.Equal(expected, PythonFloatFormat.Fixed(v, p));

                int e = (int)Math.Floor(Math.Log10(Math.Abs(v)));
                var q = ReferenceScaled(v, p - e);
                while (q >= System.Numerics.BigInteger.Pow(10, p + 1) || q < System.Numerics.BigInteger.Pow(10, p))
                    q = ReferenceScaled(v, p - (q >= System.Numerics.BigInteger.Pow(10, p + 1) ? ++e : --e));
                string digits = q.ToString(CultureInfo.InvariantCulture);
                string mantissa = p == 0 ? digits : digits[..1] + "." + digits[1..];
                string exponent = (e < 0 ? "-" : "+") + Math.Abs(e).ToString("00", CultureInfo.InvariantCulture);
                Assert.Equal(sign + mantissa + "e" + exponent, PythonFloatFormat.Scientific(v, p));
            }
        }
    }
}
