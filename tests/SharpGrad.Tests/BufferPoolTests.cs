using System.Runtime.CompilerServices;
using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>Large buffers are recycled once their owners are unreachable, and come back zeroed where asked.</summary>
[Collection("Global state")] // collects and reads the pool's counters
public class BufferPoolTests
{
    private const int Length = 50_000; // 200 KB of float32: pooled

    /// <summary>A young collection: it proves the dropped tensors' storages dead, which is all the pool needs.</summary>
    private static void Collect() => GC.Collect(1, GCCollectionMode.Forced, blocking: true);

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
        // Keeping 256 MiB alive must not cost a collection per 8 MiB handed out (32): once
        // collections give little back, the pool waits for a quarter of what it has leased out
        // between collections, so their number grows with the logarithm of what is kept (about
        // 4 up to 32 MiB, then 4·ln(256/32) ≈ 8 more), wherever the test runs in the suite.
        int before = BufferPool.RequestedCollections;
        var kept = new List<Tensor>();
        for (int i = 0; i < 256; i++) kept.Add(empty(256 * 1024));
        int collections = BufferPool.RequestedCollections - before;
        Assert.True(collections <= 16, $"{collections} collections requested for 256 MiB kept alive");
        GC.KeepAlive(kept);
    }

    [Fact]
    public void AFullCollectionFreesTheLargeBuffersOfDeadOwnersThePoolHasNotTakenBack()
    {
        const int length = 4_200_017; // 16.8 MB, held weakly once handed out; a size no other test uses
        _ = full(new long[] { length }, 1.0);   // the size is in use
        var dead = BufferOfDropped(length);
        GC.Collect(); // the application's full collection, before the pool looked
        Assert.False(dead.IsAlive, "the pool kept a dead owner's buffer alive through a full collection");

        // The pool forgets it, and allocates afresh, with the right values.
        Assert.Equal(0, BufferPool<float>.PooledCount(length));
        var (_, missesBefore) = BufferPool<float>.Counts;
        var fresh = full(new long[] { length }, 3.0);
        var (_, missesAfter) = BufferPool<float>.Counts;
        Assert.Equal(missesBefore + 1, missesAfter);
        Assert.All(fresh.ToArray<float>(), v => Assert.Equal(3f, v));

        // A buffer the pool has taken back is kept through full collections, for the next step.
        var taken = BufferOfDropped(length);
        Collect();
        Assert.True(BufferPool<float>.PooledCount(length) >= 1);
        GC.Collect();
        Assert.True(taken.IsAlive);
        Assert.All(zeros(length).ToArray<float>(), v => Assert.Equal(0f, v));
        GC.KeepAlive(fresh);

        [MethodImpl(MethodImplOptions.NoInlining)]
        static WeakReference BufferOfDropped(int length) => new(full(new long[] { length }, 2.0).Data<float>());
    }

    [Fact]
    public void AViewOrDataOfADroppedTensorKeepsItsBuffer()
    {
        var (view, data) = ViewAndDataOfDropped();
        Collect();
        // Every free buffer of this size is handed out and overwritten.
        var others = Enumerable.Range(0, 16).Select(_ => full(new long[] { Length }, -1.0)).ToArray();
        Assert.All(view.ToArray<float>(), v => Assert.Equal(4f, v));
        Assert.All(data.ToArray<float>(), v => Assert.Equal(6f, v));
        GC.KeepAlive(others);

        [MethodImpl(MethodImplOptions.NoInlining)]
        static (Tensor view, Tensor data) ViewAndDataOfDropped()
            => (full(new long[] { Length }, 4.0)[10..], full(new long[] { Length }, 6.0, requires_grad: true).data);
    }

    [Fact]
    public void ASteadyLoopNeedsOnlyYoungCollections()
    {
        // The pool asks for collections of generations 0 and 1 only: every buffer of a loop
        // comes back through them (fresh allocations stop), with no full collection requested.
        const int length = 100_019; // a size no other test uses
        for (int step = 0; step < 500; step++) Temporary(length, step);
        int requested = BufferPool.RequestedCollections;
        var (_, missesBefore) = BufferPool<float>.Counts;
        for (int step = 0; step < 2000; step++) Temporary(length, step);
        var (_, missesAfter) = BufferPool<float>.Counts;
        Assert.True(BufferPool.RequestedCollections > requested, "the loop never asked for a collection");
        Assert.True(missesAfter - missesBefore <= 5, $"{missesAfter - missesBefore} fresh buffers for a settled loop");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Temporary(int length, int step)
    {
        var t = full(new long[] { length }, (double)step) * 2;
        return t[length - 1].item<float>();
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
