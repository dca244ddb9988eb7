using TorchSharp;
using static TorchSharp.torch;
using NF = TorchSharp.torch.nn.functional;

public static partial class Scripts
{
    /// <summary>Depthwise conv2d (groups = channels) forward values and the three gradients for an output gradient of Pattern(7, 13, 16) (DepthwiseConvolutionTests).</summary>
    public static void Depthwise()
    {
        void Case(string label, long[] xShape, long[] wShape, bool bias, Func<Tensor, Tensor, Tensor?, Tensor> conv)
        {
            var x = Pattern(xShape, 5, 11, 8).requires_grad_();
            var w = Pattern(wShape, 3, 7, 4).requires_grad_();
            var b = bias ? Pattern([wShape[0]], 1, 5, 2).requires_grad_() : null;
            var y = conv(x, w, b);
            Console.WriteLine(label + " shape: " + string.Join(", ", y.shape));
            P(label + " y", y);
            y.backward([Pattern(y.shape, 7, 13, 16)]);
            P(label + " gx", x.grad!);
            P(label + " gw", w.grad!);
            if (b is not null) P(label + " gb", b.grad!);
        }
        Case("stride1 pad1 bias", [2, 3, 5, 11], [3, 1, 3, 3], true, (x, w, b) => NF.conv2d(x, w, b, padding: [1, 1], groups: 3));
        Case("stride2 pad1 mult2", [1, 2, 6, 11], [4, 1, 3, 3], false, (x, w, b) => NF.conv2d(x, w, b, strides: [2, 2], padding: [1, 1], groups: 2));
        Case("same dil2 bias", [1, 3, 7, 10], [3, 1, 3, 2], true, (x, w, b) => NF.conv2d_padding(x, w, b, padding: TorchSharp.Padding.Same, dilation: [2, 2], groups: 3));
    }
}
