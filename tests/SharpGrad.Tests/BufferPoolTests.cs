using System.Runtime.CompilerServices;
using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Large buffers are recycled only once unreachable, and come back zeroed where asked.</summary>
[Collection("Global state")] // forces full collections and reads the pool's counters
public class BufferPoolTests
{
    private const int Length = 50_000; // 200 KB of float32: pooled

    /// <summary>One full collection (a second would drop the sizes unused since the first).</summary>
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Drop(float fill, int count)
    {
        for (int i = 0; i < count; i++)
            _ = full(new long[] { Length }, fill);
    }

    [Fact]
    public void UnreachableBuffersAreReusedAndLiveOnesAreNot()
    {
        // Tensors (and a view of one) that stay reachable keep their buffers.
        var kept = Enumerable.Range(0, 4).Select(i => full(new long[] { Length }, i + 1.0)).ToArray();
        var view = full(new long[] { Length }, 9.0)[100..];
        Drop(5, 8);
        Collect();
        Assert.True(BufferPool<float>.PooledCount(Length) >= 1, "dropped buffers did not come back");

        var (hitsBefore, _) = BufferPool<float>.Counts;
        var reused = Enumerable.Range(0, 12).Select(_ => full(new long[] { Length }, -7.0)).ToArray();
        var (hitsAfter, _) = BufferPool<float>.Counts;
        Assert.True(hitsAfter > hitsBefore, "no allocation was served from the pool");

        for (int i = 0; i < kept.Length; i++)
            Assert.All(kept[i].ToArray<float>(), v => Assert.Equal(i + 1f, v));
        Assert.All(view.ToArray<float>(), v => Assert.Equal(9f, v));
        Assert.Equal(Length - 100, view.numel());
        GC.KeepAlive(reused);
    }

    [Fact]
    public void ReusedBuffersAreZeroedWhereZerosAreAsked()
    {
        Drop(3, 8);
        Collect();
        Assert.True(BufferPool<float>.PooledCount(Length) >= 1);
        for (int i = 0; i < 8; i++)
        {
            Assert.All(zeros(Length).ToArray<float>(), v => Assert.Equal(0f, v));
            var grad = ones(new long[] { Length }, requires_grad: true);
            (grad * 2).sum().backward();
            Assert.All(grad.grad!.ToArray<float>(), v => Assert.Equal(2f, v));
        }
    }

    [Fact]
    public void AllocationsThatStayAliveBackOffTheCollections()
    {
        // Keeping 96 MiB alive must not cost a full collection per 8 MiB (12): the threshold
        // doubles while collections give nothing back (8 + 16 + 32 + 64).
        int before = GC.CollectionCount(2);
        var kept = new List<Tensor>();
        for (int i = 0; i < 96; i++) kept.Add(empty(256 * 1024));
        int collections = GC.CollectionCount(2) - before;
        Assert.True(collections <= 7, $"{collections} full collections for 96 MiB kept alive");
        GC.KeepAlive(kept);
    }

    [Fact]
    public void ASteadyLoopKeepsThePoolAtItsSize()
    {
        // One 400 KB temporary per step, dropped at once (an update's lr * grad): every full
        // collection the pool asks for must give the dead buffers back before the pool serves the
        // next request, or each collection adds a fresh buffer and the pool grows without bound
        // (it once reached 145 MiB for seed 001's loop, one or two buffers more per collection).
        // 1.2 GB handed out here, about 150 collections.
        const int length = 100_003; // a size no other test uses
        // First let the pool settle (an earlier test may have left the collection threshold
        // raised, so the first collection can come late and return many buffers).
        for (int step = 0; step < 1000; step++) Temporary(length, step);
        var (_, missesBefore) = BufferPool<float>.Counts;
        var sum = 0.0;
        for (int step = 0; step < 3000; step++)
            sum += Temporary(length, step);
        var (_, missesAfter) = BufferPool<float>.Counts;
        Assert.Equal(3000.0 * 2999 / 2, sum);
        Assert.True(missesAfter - missesBefore <= 5, $"{missesAfter - missesBefore} fresh buffers for a settled loop that keeps one alive");

        [MethodImpl(MethodImplOptions.NoInlining)]
        static double Temporary(int length, int step)
        {
            var t = full(new long[] { length }, (double)step);
            return t[length - 1].item<float>();
        }
    }

    [Fact]
    public async Task ConcurrentTrainingLoopsKeepTheirNumbers()
    {
        // Two threads allocating and dropping pooled buffers: each step's result depends only on
        // its own inputs, so any buffer handed out while still in use shows up as a wrong value.
        void Loop(float seed)
        {
            var w = full(new long[] { 300, 200 }, seed, requires_grad: true);
            for (int step = 0; step < 60; step++)
            {
                var loss = (w * 2.0).relu().sum();
                loss.backward();
                Assert.Equal(2f, w.grad![7, 9].item<float>());
                Assert.Equal(2f * seed * 60_000, loss.item<float>(), 1);
                w.grad = null;
                if (step % 10 == 0) GC.Collect();
            }
        }
        await Task.WhenAll(Task.Run(() => Loop(1.5f)), Task.Run(() => Loop(0.25f)));
    }
}
