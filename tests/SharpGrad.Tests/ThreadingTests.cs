using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

public class ThreadingTests
{
    [Fact]
    public void ConcurrentBackwardIntoASharedLeafLosesNothing()
    {
        var w = zeros(8, requires_grad: true);
        const int perThread = 500;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < perThread; i++) (w * 2).sum().backward();
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.True(equal(w.grad!, full([8], 2.0 * perThread * threads.Length)));
    }

    [Fact]
    public void IndependentGraphsOnTwoThreads()
    {
        var results = new double[2];
        var threads = Enumerable.Range(0, 2).Select(k => new Thread(() =>
        {
            var x = tensor((double)(k + 1), requires_grad: true);
            for (int i = 0; i < 200; i++)
            {
                x.grad = null;
                var y = x.pow(3) * (k + 1.0);
                y.backward();
            }
            results[k] = x.grad!.item();
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.Equal(3.0, results[0]);      // d/dx x³ at 1
        Assert.Equal(2 * 3.0 * 4, results[1]); // d/dx 2x³ at 2
    }
}
