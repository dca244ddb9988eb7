
namespace SharpGrad.Data
{
    /// <summary>
    /// A dataset whose samples can be gathered a whole batch at a time: one <c>index_select</c> (or one
    /// slice) per tensor instead of one indexing and one <c>stack</c> per sample.
    /// </summary>
    internal interface IBatchGatherable
    {
        /// <summary>The number of tensors in each sample.</summary>
        int TensorCount { get; }

        /// <summary>Rows <paramref name="indices"/> of each tensor, in that order.</summary>
        Tensor[] Gather(long[] indices);

        /// <summary>Rows <paramref name="start"/> … start + count - 1 of each tensor.</summary>
        Tensor[] Slice(long start, long count);
    }

    /// <summary>
    /// PyTorch's <c>TensorDataset</c>: sample i is the i-th row of each tensor. Build it with
    /// <c>torch.utils.data.TensorDataset(x, y)</c>.
    /// </summary>
    public sealed class TensorDataset : torch.utils.data.Dataset<Tensor[]>, IBatchGatherable
    {
        private readonly Tensor[] _tensors;

        internal TensorDataset(Tensor[] tensors)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            if (tensors.Length == 0)
                throw new ArgumentException("TensorDataset needs at least one tensor");
            foreach (var t in tensors)
            {
                ArgumentNullException.ThrowIfNull(t, nameof(tensors));
                if (t.dim() == 0)
                    throw new ArgumentException("TensorDataset: every tensor needs a first dimension; got a 0-dim tensor");
            }
            long n = tensors[0].size(0);
            foreach (var t in tensors)
                if (t.size(0) != n)
                    throw new ArgumentException("Size mismatch between tensors");
            _tensors = (Tensor[])tensors.Clone();
        }

        /// <summary>The tensors, in the order given.</summary>
        public IReadOnlyList<Tensor> tensors => _tensors;

        /// <inheritdoc/>
        public override long Count => _tensors[0].size(0);

        /// <summary>Row <paramref name="index"/> of each tensor (negative counts from the end).</summary>
        public override Tensor[] this[long index]
        {
            get
            {
                var sample = new Tensor[_tensors.Length];
                for (int i = 0; i < sample.Length; i++) sample[i] = _tensors[i].select(0, index);
                return sample;
            }
        }

        int IBatchGatherable.TensorCount => _tensors.Length;

        Tensor[] IBatchGatherable.Gather(long[] indices)
        {
            var index = torch.tensor(indices);
            var batch = new Tensor[_tensors.Length];
            for (int i = 0; i < batch.Length; i++) batch[i] = _tensors[i].index_select(0, index);
            return batch;
        }

        Tensor[] IBatchGatherable.Slice(long start, long count)
        {
            var batch = new Tensor[_tensors.Length];
            for (int i = 0; i < batch.Length; i++) batch[i] = _tensors[i].narrow(0, start, count);
            return batch;
        }
    }
}

namespace SharpGrad
{
    public static partial class torch
    {
        /// <summary>PyTorch's <c>torch.utils</c>.</summary>
        public static partial class utils
        {
            /// <summary>PyTorch's <c>torch.utils.data</c>: datasets, <c>random_split</c> and the <c>DataLoader</c>.</summary>
            public static partial class data
            {
                /// <summary>
                /// A map-style dataset (PyTorch's <c>Dataset</c>): subclass it and give the number of samples
                /// and the sample at an index.
                /// </summary>
                public abstract class Dataset<T>
                {
                    /// <summary>The number of samples (<c>len(dataset)</c>).</summary>
                    public abstract long Count { get; }

                    /// <summary>The sample at <paramref name="index"/>, 0 ≤ index &lt; <see cref="Count"/>.</summary>
                    public abstract T this[long index] { get; }
                }

                /// <summary>
                /// The samples of a dataset at a list of indices, in that order
                /// (PyTorch's <c>Subset</c>; what <see cref="random_split{T}(Dataset{T}, IList{long}, Generator?)"/> returns).
                /// </summary>
                public sealed class Subset<T> : Dataset<T>, SharpGrad.Data.IBatchGatherable
                {
                    private readonly long[] _indices;

                    /// <summary>A view of <paramref name="dataset"/> restricted to <paramref name="indices"/>.</summary>
                    public Subset(Dataset<T> dataset, IEnumerable<long> indices)
                    {
                        ArgumentNullException.ThrowIfNull(dataset);
                        ArgumentNullException.ThrowIfNull(indices);
                        this.dataset = dataset;
                        _indices = indices.ToArray();
                    }

                    /// <summary>The dataset this one selects from.</summary>
                    public Dataset<T> dataset { get; }

                    /// <summary>The selected indices of <see cref="dataset"/>.</summary>
                    public IReadOnlyList<long> indices => _indices;

                    /// <inheritdoc/>
                    public override long Count => _indices.LongLength;

                    /// <inheritdoc/>
                    public override T this[long index]
                    {
                        get
                        {
                            if (index < 0) index += _indices.LongLength;
                            if (index < 0 || index >= _indices.LongLength)
                                throw new IndexOutOfRangeException($"index {index} is out of range for a Subset of {_indices.LongLength} samples");
                            return dataset[_indices[index]];
                        }
                    }

                    // A subset of a gatherable dataset (a TensorDataset) gathers too: its batch rows are
                    // the underlying dataset's rows at the mapped indices, still one index_select per tensor.
                    private SharpGrad.Data.IBatchGatherable? Inner => dataset as SharpGrad.Data.IBatchGatherable;

                    int SharpGrad.Data.IBatchGatherable.TensorCount => Inner?.TensorCount ?? -1;

                    Tensor[] SharpGrad.Data.IBatchGatherable.Gather(long[] positions)
                    {
                        var mapped = new long[positions.Length];
                        for (int i = 0; i < mapped.Length; i++) mapped[i] = _indices[positions[i]];
                        return Inner!.Gather(mapped);
                    }

                    Tensor[] SharpGrad.Data.IBatchGatherable.Slice(long start, long count)
                    {
                        var positions = new long[count];
                        for (long i = 0; i < count; i++) positions[i] = start + i;
                        return ((SharpGrad.Data.IBatchGatherable)this).Gather(positions);
                    }
                }

                /// <summary>
                /// A dataset whose sample i is the i-th row of each of <paramref name="tensors"/> (PyTorch's
                /// <c>TensorDataset</c>); all tensors must have the same first dimension.
                /// </summary>
                public static SharpGrad.Data.TensorDataset TensorDataset(params Tensor[] tensors) => new(tensors);

                /// <summary>
                /// Splits <paramref name="dataset"/> into non-overlapping subsets of the given sizes, PyTorch's
                /// algorithm: <c>randperm(sum(lengths), generator)</c>, then consecutive slices of it.
                /// </summary>
                public static List<Subset<T>> random_split<T>(Dataset<T> dataset, IList<long> lengths, Generator? generator = null)
                {
                    ArgumentNullException.ThrowIfNull(dataset);
                    ArgumentNullException.ThrowIfNull(lengths);
                    long total = 0;
                    foreach (var length in lengths)
                    {
                        if (length < 0) throw new ArgumentException($"Length of a split must be non-negative, got {length}");
                        total += length;
                    }
                    if (total != dataset.Count)
                        throw new ArgumentException("Sum of input lengths does not equal the length of the input dataset!");
                    var permutation = randperm(total, generator: generator ?? Generator.default_generator).ToArray<long>();
                    var splits = new List<Subset<T>>(lengths.Count);
                    long offset = 0;
                    foreach (var length in lengths)
                    {
                        splits.Add(new Subset<T>(dataset, new ArraySegment<long>(permutation, (int)offset, (int)length)));
                        offset += length;
                    }
                    return splits;
                }

                /// <inheritdoc cref="random_split{T}(Dataset{T}, IList{long}, Generator?)"/>
                public static List<Subset<T>> random_split<T>(Dataset<T> dataset, IList<int> lengths, Generator? generator = null)
                {
                    ArgumentNullException.ThrowIfNull(lengths);
                    return random_split(dataset, lengths.Select(l => (long)l).ToArray(), generator);
                }

                /// <summary>
                /// <see cref="random_split{T}(Dataset{T}, IList{long}, Generator?)"/> with the sizes given as
                /// fractions that sum to 1 (PyTorch's rule: each split gets <c>floor(len * fraction)</c>, and the
                /// remainder is handed out one by one, round robin from the first split). Values that do not
                /// sum to 1 are taken as whole counts, as in PyTorch.
                /// </summary>
                public static List<Subset<T>> random_split<T>(Dataset<T> dataset, IList<double> lengths, Generator? generator = null)
                {
                    ArgumentNullException.ThrowIfNull(dataset);
                    ArgumentNullException.ThrowIfNull(lengths);
                    double sum = 0;
                    foreach (var v in lengths) sum += v;   // Python's sum: left to right
                    bool fractions = Math.Abs(sum - 1) <= 1e-9 * Math.Max(Math.Abs(sum), 1) && sum <= 1;   // math.isclose(sum, 1) and sum <= 1
                    var counts = new long[lengths.Count];
                    if (fractions)
                    {
                        long n = dataset.Count;
                        long assigned = 0;
                        for (int i = 0; i < counts.Length; i++)
                        {
                            double fraction = lengths[i];
                            if (!(fraction >= 0 && fraction <= 1))
                                throw new ArgumentException($"Fraction at index {i} is not between 0 and 1");
                            counts[i] = (long)Math.Floor(n * fraction);
                            assigned += counts[i];
                        }
                        long remainder = n - assigned;
                        for (long i = 0; i < remainder; i++) counts[i % counts.Length]++;
                    }
                    else
                    {
                        for (int i = 0; i < counts.Length; i++)
                        {
                            if (lengths[i] != Math.Floor(lengths[i]))
                                throw new ArgumentException($"Length at index {i} is neither a whole count nor part of fractions summing to 1: {lengths[i]}");
                            counts[i] = (long)lengths[i];
                        }
                    }
                    return random_split(dataset, counts, generator);
                }
            }
        }
    }
}
