using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    static void PU(string label, Tensor input, int dim)
    {
        var (o, i, c) = torch.unique(input, sorted: true, return_inverse: true, return_counts: true, dim: dim);
        Console.WriteLine(label + " shape: " + string.Join(", ", o.shape) + "; inverse shape: " + string.Join(", ", i!.shape) + "; counts shape: " + string.Join(", ", c!.shape));
        if (o.numel() == 0) return;
        P(label + " output", o.to_type(ScalarType.Float64));
        P(label + " inverse", i!.to_type(ScalarType.Float64));
        P(label + " counts", c!.to_type(ScalarType.Float64));
    }

    /// <summary>torch.unique with a dim: unique slices, inverse indices, counts, errors (UniqueDimTests).</summary>
    public static void UniqueDim()
    {
        var a = tensor(new long[] { 1, 3, 2, 0, 1, 3, 2, 0, 5, 1, 0, 1, 2, 0, 5, 1, 0, 1 }, new long[] { 6, 3 });
        PU("2d dim0", a, 0);
        PU("2d dim1", a.t(), 1);
        PU("2d dim-1", a.t(), -1);
        var b = tensor(new float[] { 1, 2, 1, 2, 3, 1, 3, 1, 1, 2, 1, 2, 0.5f, 4, 0.5f, 4, -1, 2, -1, 2, 1, 2, 1, 2 }, new long[] { 3, 2, 4 });
        PU("3d dim0", b, 0);
        PU("3d dim2", b, 2);
        PU("3d dim-2", b, -2);
        var c = tensor(new double[] { 2, 1, 2, 1, 2, 1 }, new long[] { 3, 2 });
        PU("all equal rows", c, 0);
        var bo = tensor(new bool[] { true, false, false, true, true, false }, new long[] { 3, 2 });
        PU("bool dim0", bo, 0);
        PU("empty [0,3] dim0", zeros(0, 3), 0);
        Try("empty [2,0] dim0", () => torch.unique(zeros(2, 0), dim: 0));
        Try("empty [0,0] dim0", () => torch.unique(zeros(0, 0), dim: 0));
        Try("dim 2 of 2-d", () => torch.unique(zeros(2, 2), dim: 2));
        Try("scalar dim0", () => torch.unique(tensor(3.0), dim: 0));
        var s = torch.unique(tensor(3.0), return_inverse: true, return_counts: true);
        P("scalar nodim", s.output);
    }
}
