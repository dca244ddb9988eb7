using static SharpGrad.torch;
using F = SharpGrad.torch.nn.functional;

namespace SharpGrad.Tests;

/// <summary>
/// The one size type of convolution and pooling layers (<see cref="SpatialSize"/>): every form
/// of PyTorch's int-or-tuple converts, prints as Python does, and reaches both kinds of layer.
/// </summary>
public class SizeArgumentsTests
{
    [Fact]
    public void EveryFormConvertsAndPrintsAsPython()
    {
        SpatialSize fromLong = 2L, fromInt = 2, fromLongs = new long[] { 3, 2 }, fromInts = new[] { 3, 2 },
            fromTuple = (3, 2), fromCollection = [3, 2];
        Assert.Equal("2", fromLong.ToString());
        Assert.Equal("2", fromInt.ToString());
        Assert.True(fromLong.IsScalar);
        foreach (var s in new[] { fromLongs, fromInts, fromTuple, fromCollection })
        {
            Assert.Equal("(3, 2)", s.ToString());
            Assert.False(s.IsScalar);
            Assert.Equal(new long[] { 3, 2 }, s.Values);
            Assert.Equal(fromTuple, s);
        }
        Assert.NotEqual((SpatialSize)(2, 2), (SpatialSize)2);
        Assert.True(default(SpatialSize).IsEmpty);
        Assert.Equal("None", default(SpatialSize).ToString());
    }

    [Fact]
    public void ConvolutionAndPoolingTakeTheSameSizes()
    {
        var x = LayersData.Input(1, 1, 4, 4);
        SpatialSize two = (2, 2);
        // The same value as a pooling kernel and a convolution stride.
        var pooled = F.avg_pool2d(x, two);
        var convolved = F.conv2d(x, full([1, 1, 2, 2], 0.25), stride: two);
        LayersData.Close(pooled.reshape(-1).ToArray<float>(), convolved);
        Assert.Equal("Conv2d(1, 2, kernel_size=(3, 1), stride=(2, 2))", nn.Conv2d(1, 2, [3, 1], stride: 2).ToString());
        Assert.Equal("MaxPool2d(kernel_size=(3, 1), stride=2, padding=0, dilation=1, ceil_mode=False)", nn.MaxPool2d([3, 1], stride: 2).ToString());
    }

    [Fact]
    public void WrongLengthsKeepEachLayersMessage()
    {
        var x = LayersData.Input(1, 1, 4, 4);
        SpatialSize three = new long[] { 1, 1, 1 };
        Assert.Equal("expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 1, 1]",
            Assert.Throws<ArgumentException>(() => F.conv2d(x, ones(1, 1, 1, 1), stride: three)).Message);
        Assert.Equal("kernel_size must be a single int or a tuple of 2 ints, but got (1, 1, 1)",
            Assert.Throws<ArgumentException>(() => F.max_pool2d(x, three)).Message);
    }
}
