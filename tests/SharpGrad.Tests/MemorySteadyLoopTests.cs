using System.Runtime.CompilerServices;
using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// A steady training loop's memory stays flat without full collections: its large buffers come
/// back through the pool, and no step allocates a large array outside the pool (the
/// large object heap is swept only by full collections, so each one would stay as garbage until
/// the runtime decides on one). Counts of buffers and bytes, no timing, no heap sizes: the same
/// under DOTNET_GCgen0size=0x20000 (a collection at nearly every allocation) as without it.
/// </summary>
[Collection("Global state")] // reads the pool's counters and this thread's allocations
public class MemorySteadyLoopTests
{
    // Sizes no other test uses: a batch of 257 rows of 331 features (340 KB of float32, pooled).
    private const int Rows = 2570, Features = 331, Classes = 7, BatchSize = 257;

    [Fact]
    public void ASteadyTrainingLoopAllocatesNothingLargeOutsideThePool()
    {
        manual_seed(3);
        var x = randn(Rows, Features);
        var y = randint(0, Classes, new long[] { Rows });
        var model = nn.Sequential(nn.Linear(Features, 300), nn.ReLU(), nn.Linear(300, Classes));
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        var loader = utils.data.DataLoader(utils.data.TensorDataset(x, y), batch_size: BatchSize, shuffle: true);
        var loss_fn = nn.CrossEntropyLoss();

        double Epochs(int count)
        {
            double last = 0;
            for (int epoch = 0; epoch < count; epoch++)
                foreach (var (xb, yb) in loader)
                {
                    var loss = loss_fn.call(model.call(xb), yb);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    last = loss.item<float>();
                }
            return last;
        }

        double first = Epochs(5);   // 50 steps: the pool settles
        long largeObjectsSettled = LargeObjectHeapBytes();
        var (hitsSettled, missesSettled) = BufferPool<float>.Counts;
        double last = Epochs(20);   // 200 steps
        var (hitsEnd, missesEnd) = BufferPool<float>.Counts;
        long largeObjectsEnd = LargeObjectHeapBytes();

        Assert.True(last < first, $"the loop did not learn ({first} → {last})");
        long rentsPerStep = (hitsEnd - hitsSettled + missesEnd - missesSettled) / 200;
        Assert.True(rentsPerStep >= 3, $"{rentsPerStep} pooled buffers per step: the test no longer exercises the pool");
        // Nothing large outside the pool: the large object heap grew by the pool's fresh buffers at
        // most (it only shrinks in full collections, which may come or not). An index_select that
        // built an offset table per element once allocated a batch-sized int[] there every step.
        long freshSettled = (missesEnd - missesSettled) * 4L * 300 * Features;   // the largest: the first weight's size
        Assert.True(largeObjectsEnd - largeObjectsSettled <= freshSettled + (1 << 20),
            $"the large object heap grew by {largeObjectsEnd - largeObjectsSettled} bytes in 200 settled steps, the pool's fresh buffers by {freshSettled}");
        // With a young generation so small that a step's storages are promoted out of it before
        // they die (the collection-stress run), their buffers come back only with the runtime's
        // own full collections: the loop keeps its numbers and allocates nothing large outside
        // the pool (above), but its pool is not flat. Otherwise:
        if (YoungGenerationIsTiny()) return;
        // Settled: the pool serves the loop's large buffers (all of them in a quiet process; the
        // bound leaves room for what earlier tests left in the pool, which takes part of its room
        // until it is trimmed).
        long rents = hitsEnd - hitsSettled + missesEnd - missesSettled;
        Assert.True(missesEnd - missesSettled <= rents / 4, $"{missesEnd - missesSettled} fresh buffers of {rents} in 200 settled steps");
    }

    /// <summary>Whether the runtime was told to use a young generation of under 1 MiB
    /// (<c>DOTNET_GCgen0size</c>, as the collection-stress run does).</summary>
    private static bool YoungGenerationIsTiny()
    {
        var size = Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? Environment.GetEnvironmentVariable("COMPlus_GCgen0size");
        if (size is null) return false;
        if (size.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) size = size[2..];
        // The runtime reads its GC settings as hexadecimal numbers.
        return long.TryParse(size, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out long bytes)
            && bytes is > 0 and < (1 << 20);
    }

    /// <summary>The large object heap's size after a young collection (the test's own: the library
    /// asks for those only when its pool runs dry).</summary>
    private static long LargeObjectHeapBytes()
    {
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        return GC.GetGCMemoryInfo().GenerationInfo[3].SizeAfterBytes;
    }

    [Fact]
    public void AfterKeepingALotAFreshLoopCollectsWithinAQuarterOfWhatIsLeased()
    {
        // 96 MiB kept alive (a dataset) raises the collection threshold; a loop of temporaries that
        // follows must have its first collection (which finds its dead buffers) within a quarter
        // of what is leased, not after the threshold has kept doubling (it once let a training loop
        // allocate hundreds of megabytes fresh before its first collection).
        const int keptLength = 262_147;   // 1 MiB of float32, a size no other test uses
        const int tempLength = 524_309;   // 2 MiB
        var kept = new List<Tensor>();
        for (int i = 0; i < 96; i++) kept.Add(empty(keptLength));
        long leased = BufferPool.LeasedBytes;
        int requested = BufferPool.RequestedCollections, collections = GC.CollectionCount(0);
        long rented = 0;
        double sum = 0;
        int step = 0;
        // Until the first collection of any kind (the runtime's own come no later than the pool's).
        for (; step < 1000 && BufferPool.RequestedCollections == requested && GC.CollectionCount(0) == collections; step++)
        {
            sum += Temporary(tempLength, step);
            rented += 2 * 4L * tempLength;   // the filled tensor and its double
        }
        Assert.Equal(2.0 * (step - 1) * step / 2, sum);
        long bound = Math.Max(leased / 4, BufferPool.MinRentedBytesPerCollection) + 2 * 2 * 4L * tempLength;
        Assert.True(rented <= bound, $"{rented} bytes of temporaries before the first collection after keeping {leased} bytes (bound {bound})");
        GC.KeepAlive(kept);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Temporary(int length, int step)
    {
        var t = full(new long[] { length }, (double)step) * 2;
        return t[length - 1].item<float>();
    }

    [Fact]
    public void KeepingAlotCostsALogarithmicNumberOfCollections()
    {
        // 256 MiB kept alive: a collection per 8 MiB would be 32; the threshold follows a quarter
        // of what is leased, so they come at 8, 16, 24, 32, 40, 50, 62, 78, ... MiB.
        const int length = 262_151;   // 1 MiB of float32, a size no other test uses
        int before = BufferPool.RequestedCollections;
        var kept = new List<Tensor>();
        for (int i = 0; i < 256; i++) kept.Add(empty(length));
        int collections = BufferPool.RequestedCollections - before;
        Assert.True(collections <= 16, $"{collections} collections requested for 256 MiB kept alive");
        GC.KeepAlive(kept);
    }
}
