using SharpGrad;
using static SharpGrad.Tests.TestUtil;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>std/var of a whole tensor and index_select of a contiguous one: the paths that read a
/// large input without temporaries of its size agree with the general ones.</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class LargeReductionAndSelectTests
{
    [Fact]
    public void StdOfAWholeTensorIsTheTwoPassFloat64Value()
    {
        manual_seed(5);
        var x = rand(1000, 701) * 3 + 2;   // more elements than a block, not a multiple of one
        var values = x.ToArray<float>();
        double mean = values.Select(v => (double)v).Sum() / values.Length;
        double squares = values.Select(v => ((double)v - mean) * ((double)v - mean)).Sum();
        Assert.Equal((float)Math.Sqrt(squares / (values.Length - 1)), x.std().item<float>(), 6);
        Assert.Equal((float)(squares / values.Length), x.var(unbiased: false).item<float>(), 6);
        // The general path (a transposed view is not contiguous) agrees.
        Assert.Equal(x.t().std().item<float>(), x.std().item<float>(), 6);
        Assert.Equal(x.t().var(new long[] { 0, 1 }, keepdim: true).item<float>(), x.var(new long[] { 0, 1 }, keepdim: true).item<float>(), 6);
        Assert.Equal(new long[] { 1, 1 }, x.std(new long[] { 0, 1 }, keepdim: true).shape);
        Assert.Equal(float32, x.std().dtype);
        var d = x.to(float64);
        Assert.Equal(Math.Sqrt(squares / (values.Length - 1)), d.std().item<double>(), 12);
        Assert.Equal(float64, d.std().dtype);
    }

    [Fact]
    public void StdOfAWholeTensorAllocatesNoCopyOfIt()
    {
        var x = ones(2_000_000);   // 8 MB
        x.std();   // once compiled
        long before = GC.GetAllocatedBytesForCurrentThread();
        var std = x.std();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0f, std.item<float>());
        Assert.True(allocated < 85_000, $"std of 2e6 floats allocated {allocated} bytes");
    }

    [Fact]
    public void StdOfAWholeTensorKeepsItsGradient()
    {
        CheckGradients(t => t[0].std(), RandD(4, 5));
        CheckGradients(t => t[0].var(new long[] { 0, 1 }, keepdim: true), RandD(3, 4));
        Assert.True(double.IsNaN(tensor(new[] { 3.0 }).var().item<double>()));
        Assert.Equal(0.0, tensor(new[] { 3.0 }).var(unbiased: false).item<double>());
    }

    [Fact]
    public void IndexSelectOfAContiguousTensorCopiesWholeBlocks()
    {
        var x = arange(2 * 3 * 4).reshape(2, 3, 4);
        var index = tensor(new long[] { 2, 0, 2 });
        AssertValues(x.index_select(1, index), [8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11, 20, 21, 22, 23, 12, 13, 14, 15, 20, 21, 22, 23]);
        AssertValues(x.index_select(2, tensor(new long[] { 3, 1 })), [3, 1, 7, 5, 11, 9, 15, 13, 19, 17, 23, 21]);
        AssertValues(x.index_select(0, tensor(new long[] { 1 })), Enumerable.Range(12, 12).Select(v => (double)v).ToArray());
        // A contiguous view that starts inside its storage.
        var rows = arange(5 * 2).reshape(5, 2).narrow(0, 2, 3);
        Assert.True(rows.is_contiguous());
        AssertValues(rows.index_select(0, tensor(new long[] { 2, 0 })), [8, 9, 4, 5]);
        // The same as through the general path (a non-contiguous view), for each dtype's arrays.
        foreach (var dtype in new[] { float32, float64, int64, uint8, int32, @bool })
        {
            var t = arange(60).reshape(3, 4, 5).to(dtype);
            var general = t.transpose(0, 2).contiguous().transpose(0, 2);
            Assert.False(general.is_contiguous());
            for (int dim = 0; dim < 3; dim++)
            {
                var idx = tensor(new long[] { 1, 0, 1, 2 }.Where(v => v < t.shape[dim]).ToArray());
                Assert.True(t.index_select(dim, idx).equal(general.index_select(dim, idx)), $"{dtype}, dim {dim}");
            }
        }
        Assert.Equal(new long[] { 2, 0, 4 }, x.index_select(1, tensor(Array.Empty<long>())).shape);
        var e = Assert.Throws<IndexOutOfRangeException>(() => x.index_select(1, tensor(new long[] { 3 })));
        Assert.Equal("index out of range in self", e.Message);
        CheckGradients(t => t[0].index_select(1, tensor(new long[] { 2, 0, 2 })), RandD(2, 3));
    }
}
