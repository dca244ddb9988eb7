using TorchSharp;
using static TorchSharp.torch;
using NF = TorchSharp.torch.nn.functional;

public static partial class Scripts
{
    /// <summary>A tensor of exactly representable values ((i·mult) mod m − off) / scale, the same formula as ConvolutionTests.Pattern.</summary>
    static Tensor Pattern(long[] shape, int mult, int mod, double scale, ScalarType dtype = ScalarType.Float32)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var v = new double[n];
        for (long i = 0; i < n; i++) v[i] = ((i * mult) % mod - mod / 2) / scale;
        return tensor(v, shape).to_type(dtype);
    }

    static void Try(string label, Action a)
    {
        try { a(); Console.WriteLine(label + ": no error"); }
        catch (Exception e) { Console.WriteLine(label + ": " + e.Message.Split('\n')[0]); }
    }

    /// <summary>conv1d, conv2d, conv_transpose2d forward values, gradients and errors (ConvolutionTests).</summary>
    public static void Conv()
    {

        {
            var x = Pattern([2, 3, 5, 6], 5, 11, 8); var w = Pattern([4, 3, 3, 2], 3, 7, 4); var b = Pattern([4], 1, 5, 2);
            P("conv2d stride(2,1) pad(1,0) bias", NF.conv2d(x, w, b, strides: [2, 1], padding: [1, 0]));
        }
        {
            var x = Pattern([1, 4, 7, 7], 5, 11, 8); var w = Pattern([6, 2, 3, 3], 3, 7, 4);
            P("conv2d groups2 dil2 pad2", NF.conv2d(x, w, null, padding: [2, 2], dilation: [2, 2], groups: 2));
        }
        {
            var x = Pattern([1, 2, 5, 5], 5, 11, 8); var w = Pattern([3, 2, 2, 4], 3, 7, 4); var b = Pattern([3], 1, 5, 2);
            P("conv2d same even kernel", NF.conv2d_padding(x, w, b, padding: TorchSharp.Padding.Same));
            P("conv2d same even kernel dil(2,1)", NF.conv2d_padding(x, w, b, padding: TorchSharp.Padding.Same, dilation: [2, 1]));
            P("conv2d valid", NF.conv2d_padding(x, w, null, padding: TorchSharp.Padding.Valid));
        }
        {
            var x = Pattern([2, 3, 10], 5, 11, 8); var w = Pattern([4, 3, 3], 3, 7, 4); var b = Pattern([4], 1, 5, 2);
            P("conv1d stride2 pad1 dil2 bias", NF.conv1d(x, w, b, stride: 2, padding: 1, dilation: 2));
            var w2 = Pattern([6, 1, 4], 3, 7, 4);
            P("conv1d groups3 same", NF.conv1d_padding(x, w2, null, padding: TorchSharp.Padding.Same, groups: 3));
        }
        {
            var x = Pattern([2, 4, 3, 4], 5, 11, 8); var w = Pattern([4, 3, 3, 3], 3, 7, 4); var b = Pattern([3], 1, 5, 2);
            P("conv_transpose2d stride2 pad1 outpad1 bias", NF.conv_transpose2d(x, w, b, strides: [2, 2], padding: [1, 1], output_padding: [1, 1]));
            var w2 = Pattern([4, 2, 2, 3], 3, 7, 4);
            var x2 = Pattern([1, 4, 3, 3], 5, 11, 8);
            P("conv_transpose2d groups2 dil2 stride(1,2) outpad(1,1)", NF.conv_transpose2d(x2, w2, null, strides: [1, 2], output_padding: [1, 1], dilation: [2, 2], groups: 2));
        }
        {
            var x = Pattern([2, 4, 3, 3], 5, 11, 8); var w = Pattern([6, 4, 1, 1], 3, 7, 4); var b = Pattern([6], 1, 5, 2);
            P("conv2d 1x1 bias", NF.conv2d(x, w, b));
            var w2 = Pattern([6, 2, 1, 1], 3, 7, 4);
            P("conv2d 1x1 groups2", NF.conv2d(x, w2, null, groups: 2));
        }
        {
            // Gradients of sum(conv2d(x, w, b) * m) for the stride/padding case.
            var x = Pattern([2, 3, 5, 6], 5, 11, 8).requires_grad_(); var w = Pattern([4, 3, 3, 2], 3, 7, 4).requires_grad_();
            var b = Pattern([4], 1, 5, 2).requires_grad_();
            var y = NF.conv2d(x, w, b, strides: [2, 1], padding: [1, 0]);
            var m = Pattern(y.shape, 7, 13, 4);
            (y * m).sum().backward();
            P("conv2d grad x", x.grad!); P("conv2d grad w", w.grad!); P("conv2d grad b", b.grad!);
            var xt = Pattern([2, 4, 3, 4], 5, 11, 8).requires_grad_(); var wt = Pattern([4, 3, 3, 3], 3, 7, 4).requires_grad_();
            var bt = Pattern([3], 1, 5, 2).requires_grad_();
            var yt = NF.conv_transpose2d(xt, wt, bt, strides: [2, 2], padding: [1, 1], output_padding: [1, 1]);
            (yt * Pattern(yt.shape, 7, 13, 4)).sum().backward();
            P("conv_transpose2d grad x", xt.grad!); P("conv_transpose2d grad w", wt.grad!); P("conv_transpose2d grad b", bt.grad!);
        }
        // Errors
        var x4 = Pattern([1, 3, 5, 5], 5, 11, 8);
        Try("channels", () => NF.conv2d(x4, Pattern([6, 2, 3, 3], 3, 7, 4)));
        Try("input rank", () => NF.conv2d(Pattern([3, 5], 1, 3, 1), Pattern([6, 3, 3, 3], 3, 7, 4)));
        Try("weight rank", () => NF.conv2d(x4, Pattern([6, 3, 3], 3, 7, 4)));
        Try("kernel too big", () => NF.conv2d(x4, Pattern([6, 3, 7, 3], 3, 7, 4)));
        Try("bias size", () => NF.conv2d(x4, Pattern([6, 3, 3, 3], 3, 7, 4), Pattern([5], 1, 3, 1)));
        Try("stride 0", () => NF.conv2d(x4, Pattern([6, 3, 3, 3], 3, 7, 4), strides: [0, 1]));
        Try("negative padding", () => NF.conv2d(x4, Pattern([6, 3, 3, 3], 3, 7, 4), padding: [-1, 0]));
        Try("dilation 0", () => NF.conv2d(x4, Pattern([6, 3, 3, 3], 3, 7, 4), dilation: [0, 1]));
        Try("groups 0", () => NF.conv2d(x4, Pattern([6, 3, 3, 3], 3, 7, 4), groups: 0));
        Try("groups not dividing out", () => NF.conv2d(Pattern([1, 4, 5, 5], 5, 11, 8), Pattern([3, 2, 3, 3], 3, 7, 4), groups: 2));
        Try("stride 3 values", () => NF.conv2d(x4, Pattern([6, 3, 3, 3], 3, 7, 4), strides: [1, 1, 1]));
        Try("same strided", () => NF.conv2d_padding(x4, Pattern([6, 3, 3, 3], 3, 7, 4), strides: [2, 2], padding: TorchSharp.Padding.Same));
        Try("dtype mismatch", () => NF.conv2d(x4.to_type(ScalarType.Float64), Pattern([6, 3, 3, 3], 3, 7, 4)));
        Try("bias dtype mismatch", () => NF.conv2d(x4, Pattern([6, 3, 3, 3], 3, 7, 4), Pattern([6], 1, 3, 1, ScalarType.Float64)));
        Try("long input", () => NF.conv2d(x4.to_type(ScalarType.Int64), Pattern([6, 3, 3, 3], 3, 7, 4).to_type(ScalarType.Int64)));
        Try("conv1d rank", () => NF.conv1d(x4, Pattern([6, 3, 3], 3, 7, 4)));
        Try("transpose output_padding", () => NF.conv_transpose2d(x4, Pattern([3, 2, 3, 3], 3, 7, 4), output_padding: [1, 1]));
        Try("transpose channels", () => NF.conv_transpose2d(x4, Pattern([2, 2, 3, 3], 3, 7, 4)));
        Try("transpose bias", () => NF.conv_transpose2d(x4, Pattern([3, 2, 3, 3], 3, 7, 4), Pattern([3], 1, 3, 1)));
        Try("unbatched ok", () => Console.WriteLine(string.Join(",", NF.conv2d(Pattern([3, 5, 5], 5, 11, 8), Pattern([6, 3, 3, 3], 3, 7, 4)).shape)));
        Try("transpose groups", () => NF.conv_transpose2d(Pattern([1, 3, 5, 5], 5, 11, 8), Pattern([3, 2, 3, 3], 3, 7, 4), groups: 2));
        Try("transpose empty output", () => NF.conv_transpose2d(Pattern([1, 3, 1, 1], 5, 11, 8), Pattern([3, 2, 1, 1], 3, 7, 4), padding: [1, 1]));

        // Modules: PyTorch's initialisation after manual_seed.
        manual_seed(0);
        var c2 = nn.Conv2d(3, 4, 3);
        P("Conv2d(3,4,3) seed0 weight", c2.weight!); P("Conv2d(3,4,3) seed0 bias", c2.bias!);
        manual_seed(1);
        var c1 = nn.Conv1d(4, 6, 2, groups: 2);
        P("Conv1d(4,6,2,groups=2) seed1 weight", c1.weight!); P("Conv1d(4,6,2,groups=2) seed1 bias", c1.bias!);
        manual_seed(2);
        var ct = nn.ConvTranspose2d(4, 6, 3, groups: 2);
        P("ConvTranspose2d(4,6,3,groups=2) seed2 weight", ct.weight!); P("ConvTranspose2d(4,6,3,groups=2) seed2 bias", ct.bias!);
    }
}
