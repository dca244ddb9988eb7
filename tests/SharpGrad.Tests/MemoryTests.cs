using System.Runtime.CompilerServices;
using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

[Collection("Global state")] // measures the whole heap, so nothing else may allocate meanwhile
public class MemoryTests
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference intermediate, Tensor output) BuildAndBackward(Tensor x)
    {
        var y = x.exp();            // ExpBackward0 saves y itself
        var z = (y * 2).sum();
        z.backward();               // releases the saved tensors
        return (new WeakReference(y), z);
    }

    [Fact]
    public void SavedTensorsAreFreedAfterBackward()
    {
        var x = ones(1000, requires_grad: true);
        var (weak, output) = BuildAndBackward(x);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(weak.IsAlive, "an intermediate tensor outlived backward");
        GC.KeepAlive(output);
    }

    [Fact]
    public void TrainingLoopMemoryStaysFlat()
    {
        var x1 = tensor(new float[] { 1 }, requires_grad: true);
        var x2 = tensor(new float[] { 1 }, requires_grad: true);
        void Steps(int n)
        {
            for (int i = 0; i < n; i++)
            {
                var f = (x1 - 10).pow(2) + (x2 + 5).pow(2);
                f.backward();
                using (no_grad())
                {
                    x1 -= 0.01 * x1.grad!;
                    x2 -= 0.01 * x2.grad!;
                }
                x1.grad!.zero_();
                x2.grad!.zero_();
            }
        }
        Steps(10_000);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        Steps(100_000);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 256 * 1024, $"managed heap grew by {after - before} bytes over 100,000 steps");
        Assert.Equal(10f, x1.item<float>(), 3);
    }
}
