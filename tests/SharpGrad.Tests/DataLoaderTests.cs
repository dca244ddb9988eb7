using SharpGrad.Data;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>
/// torch.utils.data: datasets, random_split and the DataLoader. The shuffled orders are PyTorch's, from
/// tools/TorchOracle script DataDraws. TorchSharp's own DataLoader shuffles differently from PyTorch's
/// Python sampler, so that script replays the Python algorithm (iter(loader) draws a base seed with
/// random_(); RandomSampler seeds a fresh generator from another random_() draw, or uses the loader's
/// generator, and takes randperm(n); exhausted, it takes one more randperm(n)) with libtorch's
/// randperm and random draws.
/// </summary>
[Collection("Global state")] // seeds and reads the default generator
public class DataLoaderTests
{
    // x row i is [2i, 2i + 1], y[i] = i: every batch shows which samples it holds, and that x and y agree.
    private static TensorDataset Numbered(long n = 10)
        => utils.data.TensorDataset(arange(2 * n, dtype: float32).view(n, 2), arange(n));

    private static void AssertBatch(long[] expected, Tensor x, Tensor y)
    {
        Assert.Equal(expected, y.ToArray<long>());
        Assert.Equal(new long[] { expected.Length, 2 }, x.shape);
        Assert.Equal(expected.SelectMany(i => new float[] { 2 * i, 2 * i + 1 }).ToArray(), x.ToArray<float>());
    }

    private static List<long[]> Epoch<TBatch>(IEnumerable<TBatch> loader, Func<TBatch, Tensor> labels)
        => loader.Select(b => labels(b).ToArray<long>()).ToList();

    [Fact]
    public void UnboundedInt64RandomIsOne64BitDrawBelow2To63()
    {
        // The oracle reads the same 64-bit draw through randint(0, 2^62): random64 % 2^62.
        var g = new CpuGenerator(0);
        long value = g.NextInt64NonNegative();
        Assert.True(value >= 0);
        Assert.Equal(900450186894289455L, value % (1L << 62));
        Assert.Equal(value, (long)(new CpuGenerator(0).NextUInt64() & long.MaxValue));
    }

    [Fact]
    public void UnshuffledBatchesAreConsecutiveSlices()
    {
        var loader = utils.data.DataLoader(Numbered(), batch_size: 4);
        Assert.Equal(3, loader.Count);
        var batches = new List<(Tensor, Tensor)>();
        foreach (var (x, y) in loader) batches.Add((x, y));
        Assert.Equal(3, batches.Count);
        AssertBatch([0, 1, 2, 3], batches[0].Item1, batches[0].Item2);
        AssertBatch([4, 5, 6, 7], batches[1].Item1, batches[1].Item2);
        AssertBatch([8, 9], batches[2].Item1, batches[2].Item2);

        var dropLast = utils.data.DataLoader(Numbered(), batch_size: 4, drop_last: true);
        Assert.Equal(2, dropLast.Count);
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7]], Epoch(dropLast, b => b[1]));

        Assert.Equal(10, utils.data.DataLoader(Numbered()).Count);   // batch_size 1 by default
        Assert.Equal(1, utils.data.DataLoader(Numbered(), batch_size: 64).Count);
        Assert.Equal(0, utils.data.DataLoader(Numbered(), batch_size: 64, drop_last: true).Count);
        Assert.Empty(utils.data.DataLoader(Numbered(), batch_size: 64, drop_last: true));
    }

    [Fact]
    public void EachEpochDrawsPyTorchsBaseSeedEvenUnshuffled()
    {
        // PyTorch's iter(loader) draws one random_() from the default generator per epoch.
        manual_seed(0);
        var loader = utils.data.DataLoader(Numbered(), batch_size: 4);
        foreach (var _ in loader) { }
        foreach (var _ in loader) { }
        var r = rand(2).ToArray<float>();
        Assert.Equal(0.30742282f, r[0]);
        Assert.Equal(0.6340787f, r[1]);
    }

    [Fact]
    public void ShuffleWithoutGeneratorIsPyTorchsOrderAndReshufflesEachEpoch()
    {
        manual_seed(0);
        var loader = utils.data.DataLoader(Numbered(), batch_size: 4, shuffle: true);
        Assert.Equal(3, loader.Count);
        var epoch0 = new List<(Tensor x, Tensor y)>();
        foreach (var (x, y) in loader) epoch0.Add((x, y));
        AssertBatch([6, 7, 1, 4], epoch0[0].x, epoch0[0].y);
        AssertBatch([2, 0, 9, 8], epoch0[1].x, epoch0[1].y);
        AssertBatch([3, 5], epoch0[2].x, epoch0[2].y);
        Assert.Equal([[2, 4, 7, 0], [8, 9, 5, 3], [6, 1]], Epoch(loader, b => b[1]));
        // The default generator is where PyTorch leaves it: two random_() draws per epoch.
        var r = rand(2).ToArray<float>();
        Assert.Equal(0.45562798f, r[0]);
        Assert.Equal(0.6323063f, r[1]);
    }

    [Fact]
    public void ShuffleWithGeneratorDrawsFromItLikePyTorch()
    {
        var g = new Generator().manual_seed(42);
        var loader = utils.data.DataLoader(Numbered(), batch_size: 3, shuffle: true, drop_last: true, generator: g);
        Assert.Equal(3, loader.Count);
        Assert.Equal([[6, 5, 4], [0, 8, 9], [2, 1, 3]], Epoch(loader, b => b[1]));
        Assert.Equal([[3, 6, 5], [8, 9, 4], [2, 0, 7]], Epoch(loader, b => b[1]));
        var r = rand(2, generator: g).ToArray<float>();
        Assert.Equal(0.63434184f, r[0]);
        Assert.Equal(0.36441028f, r[1]);
    }

    [Fact]
    public void ShuffledBatchesAreOneGatherPerTensor()
    {
        var x = arange(20, dtype: float64).view(10, 2).requires_grad_();
        var loader = utils.data.DataLoader(utils.data.TensorDataset(x, arange(10)), batch_size: 4, shuffle: true,
            generator: new Generator().manual_seed(1));
        foreach (var (bx, _) in loader)
            Assert.Equal("IndexSelectBackward0", bx.grad_fn!.name());   // per-sample indexing would end in a stack
        foreach (var (bx, _) in utils.data.DataLoader(utils.data.TensorDataset(x, arange(10)), batch_size: 4))
            Assert.Equal(x.narrow(0, 0, 4).grad_fn!.name(), bx.grad_fn!.name());   // one slice, a view
    }

    [Fact]
    public void ThreeTensorsDeconstructThreeWaysAndIndex()
    {
        var ds = utils.data.TensorDataset(arange(6).view(3, 2), arange(3, dtype: float32), tensor(new[] { true, false, true }));
        Assert.Equal(3, ds.Count);
        var sample = ds[1];
        Assert.Equal(new long[] { 2, 3 }, sample[0].ToArray<long>());
        Assert.Equal(1f, sample[1].item<float>());
        Assert.False(sample[2].item<bool>());
        foreach (var (a, b, c) in utils.data.DataLoader(ds, batch_size: 3))
        {
            Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, a.ToArray<long>());
            Assert.Equal(new float[] { 0, 1, 2 }, b.ToArray<float>());
            Assert.Equal(new[] { true, false, true }, c.ToArray<bool>());
        }
        var batch = utils.data.DataLoader(ds, batch_size: 2).First();
        Assert.Equal(3, batch.Count);
        Assert.Equal(new long[] { 2 }, batch[2].shape);
        var ex = Assert.Throws<InvalidOperationException>(() => { var (p, q) = batch; });
        Assert.Contains("holds 3 tensor(s), not 2", ex.Message);
    }

    [Fact]
    public void RandomSplitIsPyTorchsPermutationSliced()
    {
        var ds = Numbered();
        var splits = utils.data.random_split(ds, new long[] { 3, 7 }, generator: new Generator().manual_seed(42));
        Assert.Equal(new long[] { 2, 6, 1 }, splits[0].indices);
        Assert.Equal(new long[] { 8, 4, 5, 0, 9, 3, 7 }, splits[1].indices);
        Assert.Equal(3, splits[0].Count);
        Assert.Equal(6L, splits[0][1][1].item<long>());

        // Fractions: floor(11 * f) = 3, 3, 4, and the one left over goes to the first split.
        var fractions = utils.data.random_split(Numbered(11), new[] { 0.3, 0.3, 0.4 }, generator: new Generator().manual_seed(1));
        Assert.Equal(new long[] { 0, 10, 2, 3 }, fractions[0].indices);
        Assert.Equal(new long[] { 7, 6, 4 }, fractions[1].indices);
        Assert.Equal(new long[] { 8, 1, 9, 5 }, fractions[2].indices);

        manual_seed(5);   // no generator: the default one
        var byDefault = utils.data.random_split(utils.data.TensorDataset(arange(6)), new long[] { 2, 4 });
        Assert.Equal(new long[] { 5, 0 }, byDefault[0].indices);
        Assert.Equal(new long[] { 1, 3, 4, 2 }, byDefault[1].indices);

        Assert.Equal(new long[] { 2, 6, 1 }, utils.data.random_split(ds, [3, 7], new Generator().manual_seed(42))[0].indices);
        Assert.Equal(new long[] { 2, 6, 1 }, utils.data.random_split(ds, new[] { 3, 7 }, new Generator().manual_seed(42))[0].indices);
        Assert.Equal(new long[] { 0, 10, 2, 3 }, utils.data.random_split(Numbered(11), [0.3, 0.3, 0.4], new Generator().manual_seed(1))[0].indices);
        // Whole counts given as doubles are counts.
        Assert.Equal(new long[] { 2, 6, 1 }, utils.data.random_split(ds, new double[] { 3, 7 }, new Generator().manual_seed(42))[0].indices);
    }

    [Fact]
    public void LoaderOverASubsetGathersTheMappedRows()
    {
        var splits = utils.data.random_split(Numbered(), new long[] { 3, 7 }, generator: new Generator().manual_seed(42));
        var batches = utils.data.DataLoader(splits[1], batch_size: 4).ToList();
        Assert.Equal(2, batches.Count);
        AssertBatch([8, 4, 5, 0], batches[0][0], batches[0][1]);
        AssertBatch([9, 3, 7], batches[1][0], batches[1][1]);
    }

    private sealed class Squares : utils.data.Dataset<(Tensor value, long label)>
    {
        public override long Count => 5;
        public override (Tensor value, long label) this[long index] => (tensor(new double[] { index, index * index }), index % 2);
    }

    private sealed class Scalars : utils.data.Dataset<Tensor>
    {
        public override long Count => 4;
        public override Tensor this[long index] => tensor((float)index * 10);
    }

    [Fact]
    public void CustomDatasetsCollateByStackingOrWithCollateFn()
    {
        var batches = utils.data.DataLoader(new Squares(), batch_size: 2).ToList();
        Assert.Equal(3, batches.Count);
        var (values, labels) = batches[1];
        Assert.Equal(new double[] { 2, 4, 3, 9 }, values.ToArray<double>());
        Assert.Equal(new long[] { 2, 2 }, values.shape);
        Assert.Equal(int64, labels.dtype);
        Assert.Equal(new long[] { 0, 1 }, labels.ToArray<long>());

        var tensors = new List<float[]>();
        foreach (Tensor t in utils.data.DataLoader(new Scalars(), batch_size: 3)) tensors.Add(t.ToArray<float>());
        Assert.Equal([[0f, 10, 20], [30f]], tensors);

        var sums = utils.data.DataLoader(new Squares(), collate_fn: samples => samples.Sum(s => s.label), batch_size: 2).ToList();
        Assert.Equal(new long[] { 1, 1, 0 }, sums);

        // A shuffled custom dataset draws the same permutation as a TensorDataset of the same size.
        var g1 = new Generator().manual_seed(42);
        var g2 = new Generator().manual_seed(42);
        var custom = Epoch(utils.data.DataLoader(new Squares(), batch_size: 5, shuffle: true, generator: g1), b => b[0].select(1, 0).to(int64));
        var tensorDs = Epoch(utils.data.DataLoader(Numbered(5), batch_size: 5, shuffle: true, generator: g2), b => b[1]);
        Assert.Equal(tensorDs, custom);
    }

    [Fact]
    public void BadArgumentsGetPyTorchsMessages()
    {
        var ex = Assert.Throws<ArgumentException>(() => utils.data.TensorDataset(zeros(3, 2), zeros(4)));
        Assert.Equal("Size mismatch between tensors", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => utils.data.DataLoader(Numbered(), batch_size: 0));
        Assert.Equal("batch_size should be a positive integer value, but got batch_size=0", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => utils.data.DataLoader(utils.data.TensorDataset(zeros(0, 2)), shuffle: true));
        Assert.Equal("num_samples should be a positive integer value, but got num_samples=0", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => utils.data.random_split(Numbered(), new long[] { 3, 6 }));
        Assert.Equal("Sum of input lengths does not equal the length of the input dataset!", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => utils.data.random_split(Numbered(), new[] { 1.25, -0.25 }));
        Assert.Equal("Fraction at index 0 is not between 0 and 1", ex.Message);
        var nse = Assert.Throws<NotSupportedException>(() => utils.data.DataLoader(new Strings()).First());
        Assert.Contains("default_collate: batch must contain tensors", nse.Message);
    }

    private sealed class Strings : utils.data.Dataset<string>
    {
        public override long Count => 2;
        public override string this[long index] => "s" + index;
    }
}
