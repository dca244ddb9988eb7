
using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace SharpGrad.Data
{
    /// <summary>
    /// A batch of tensors from a <see cref="DataLoader{T, TBatch}"/>: one tensor per field of the
    /// samples, the batch along dimension 0. Deconstructs, <c>foreach (var (x, y) in loader)</c>,
    /// indexes, <c>batch[0]</c>, and converts to a <see cref="Tensor"/> when it holds exactly one.
    /// </summary>
    public sealed class Batch : IReadOnlyList<Tensor>
    {
        private readonly Tensor[] _tensors;

        /// <summary>A batch of the given tensors.</summary>
        public Batch(params Tensor[] tensors)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            _tensors = tensors;
        }

        /// <summary>The number of tensors (fields), not the batch size.</summary>
        public int Count => _tensors.Length;

        /// <summary>The tensor of field <paramref name="index"/>.</summary>
        public Tensor this[int index] => _tensors[index];

        /// <summary>The two tensors of a two-field batch, <c>var (x, y) = batch</c>.</summary>
        public void Deconstruct(out Tensor first, out Tensor second)
        {
            CheckFields(2);
            (first, second) = (_tensors[0], _tensors[1]);
        }

        /// <summary>The three tensors of a three-field batch.</summary>
        public void Deconstruct(out Tensor first, out Tensor second, out Tensor third)
        {
            CheckFields(3);
            (first, second, third) = (_tensors[0], _tensors[1], _tensors[2]);
        }

        /// <summary>The tensor of a one-field batch (a dataset of single tensors).</summary>
        public static implicit operator Tensor(Batch batch)
        {
            batch.CheckFields(1);
            return batch._tensors[0];
        }

        private void CheckFields(int expected)
        {
            if (_tensors.Length != expected)
                throw new InvalidOperationException(
                    $"the batch holds {_tensors.Length} tensor(s), not {expected}: deconstruct it into as many variables as the dataset's samples have tensors");
        }

        /// <inheritdoc/>
        public IEnumerator<Tensor> GetEnumerator() => ((IEnumerable<Tensor>)_tensors).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _tensors.GetEnumerator();
    }

    /// <summary>
    /// PyTorch's <c>DataLoader</c> (single process): iterates over a dataset in batches, in order or
    /// shuffled, each <c>foreach</c> an epoch. Build it with <c>torch.utils.data.DataLoader(...)</c>.
    /// </summary>
    /// <remarks>
    /// The random draws are PyTorch's, so a seeded program sees PyTorch's batches and leaves the
    /// generators where PyTorch leaves them. Each epoch (each <see cref="GetEnumerator"/>, PyTorch's
    /// <c>iter(loader)</c>) first draws a base seed, <c>random_()</c> on an int64 scalar, from
    /// <c>generator</c> or the default generator, shuffled or not (PyTorch's workers' seed). When
    /// shuffling, at the first batch <c>RandomSampler</c> runs: with no generator it draws another such
    /// seed from the default generator, seeds a fresh generator with it and takes <c>randperm(n)</c>
    /// from that; with a generator it takes <c>randperm(n, generator)</c> directly, and once the epoch
    /// is exhausted it draws the one more <c>randperm(n, generator)</c> (of which it keeps no element)
    /// that PyTorch's sampler draws for its final <c>num_samples % n</c> samples.
    /// </remarks>
    public sealed class DataLoader<T, TBatch> : IEnumerable<TBatch>
    {
        private readonly Func<long[], bool, TBatch> _fetch;

        internal DataLoader(torch.utils.data.Dataset<T> dataset, int batch_size, bool shuffle, bool drop_last,
            torch.Generator? generator, Func<long[], bool, TBatch> fetch)
        {
            ArgumentNullException.ThrowIfNull(dataset);
            if (batch_size <= 0)
                throw new ArgumentException($"batch_size should be a positive integer value, but got batch_size={batch_size}");
            if (shuffle && dataset.Count <= 0)
                throw new ArgumentException($"num_samples should be a positive integer value, but got num_samples={dataset.Count}");
            this.dataset = dataset;
            this.batch_size = batch_size;
            this.shuffle = shuffle;
            this.drop_last = drop_last;
            this.generator = generator;
            _fetch = fetch;
        }

        /// <summary>The dataset batches are drawn from.</summary>
        public torch.utils.data.Dataset<T> dataset { get; }

        /// <summary>Samples per batch.</summary>
        public int batch_size { get; }

        /// <summary>Whether each epoch visits the samples in a fresh random order.</summary>
        public bool shuffle { get; }

        /// <summary>Whether a last, incomplete batch is left out.</summary>
        public bool drop_last { get; }

        /// <summary>The generator shuffling draws from; null for the default one.</summary>
        public torch.Generator? generator { get; }

        /// <summary>The number of batches in an epoch (<c>len(loader)</c>).</summary>
        public int Count
        {
            get
            {
                long n = dataset.Count;
                long batches = drop_last ? n / batch_size : (n + batch_size - 1) / batch_size;
                return checked((int)batches);
            }
        }

        /// <summary>Starts an epoch: draws the epoch's base seed now, as PyTorch's <c>iter(loader)</c> does.</summary>
        public IEnumerator<TBatch> GetEnumerator()
        {
            torch.EngineOf(generator).NextInt64NonNegative();
            return Batches().GetEnumerator();
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        // PyTorch's BatchSampler over the sampler's indices; lazy, so the sampler's draws happen at the
        // first batch, as in PyTorch.
        private IEnumerable<TBatch> Batches()
        {
            var batch = new List<long>(batch_size);
            foreach (long index in shuffle ? RandomSampler(dataset.Count) : SequentialSampler(dataset.Count))
            {
                batch.Add(index);
                if (batch.Count == batch_size)
                {
                    yield return _fetch(batch.ToArray(), !shuffle);
                    batch.Clear();
                }
            }
            if (batch.Count > 0 && !drop_last)
                yield return _fetch(batch.ToArray(), !shuffle);
        }

        private static IEnumerable<long> SequentialSampler(long n)
        {
            for (long i = 0; i < n; i++) yield return i;
        }

        // PyTorch's RandomSampler (without replacement, num_samples = n).
        private IEnumerable<long> RandomSampler(long n)
        {
            var source = generator ?? new torch.Generator().manual_seed(CpuGenerator.Default.NextInt64NonNegative());
            foreach (long index in torch.randperm(n, generator: source).ToArray<long>())
                yield return index;
            // PyTorch's sampler ends with randperm(n)[:num_samples % n], an empty slice here whose draws
            // still advance the generator; only a caller's generator can observe them.
            if (generator is not null)
                torch.randperm(n, generator: generator);
        }
    }

    /// <summary>Builds batches from samples: PyTorch's <c>default_collate</c> for tensors and tuples of tensors.</summary>
    internal static class Collate
    {
        /// <summary>
        /// Stacks the samples into a <see cref="Batch"/>: a tensor sample gives one field; a
        /// <c>Tensor[]</c>, a list of tensors or a tuple gives one field per element, each stacked along a
        /// new dimension 0. Numbers become tensors (int64 or float64, as PyTorch collates Python numbers).
        /// </summary>
        public static Batch Default<T>(IReadOnlyList<T> samples)
        {
            if (samples.Count == 0) throw new ArgumentException("default_collate: an empty batch");
            var first = Fields(samples[0]!);
            var columns = new List<Tensor>[first.Length];
            for (int f = 0; f < columns.Length; f++) columns[f] = new List<Tensor>(samples.Count);
            foreach (var sample in samples)
            {
                var fields = Fields(sample!);
                if (fields.Length != first.Length)
                    throw new InvalidOperationException("each element in list of batch should be of equal size");
                for (int f = 0; f < fields.Length; f++) columns[f].Add(fields[f]);
            }
            var stacked = new Tensor[columns.Length];
            for (int f = 0; f < stacked.Length; f++) stacked[f] = torch.stack(columns[f]);
            return new Batch(stacked);
        }

        private static Tensor[] Fields(object sample) => sample switch
        {
            Tensor t => [t],
            Tensor[] array => array,
            IReadOnlyList<Tensor> list => list.ToArray(),
            ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => Field(tuple[i])).ToArray(),
            _ => [Field(sample)],
        };

        private static Tensor Field(object? value) => value switch
        {
            Tensor t => t,
            long or int or short or sbyte or byte or ushort or uint => torch.tensor(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            double or float => torch.tensor(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            bool b => torch.tensor(b),
            _ => throw new NotSupportedException(
                $"default_collate: batch must contain tensors, numbers or tuples of them; found {value?.GetType().FullName ?? "null"} (pass a collate_fn)"),
        };
    }
}

namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class utils
        {
            public static partial class data
            {
                /// <summary>
                /// A loader over a dataset of tensor tuples (a <see cref="SharpGrad.Data.TensorDataset"/>, a
                /// <see cref="Subset{T}"/> of one, or your own <c>Dataset&lt;Tensor[]&gt;</c>): each batch holds
                /// one tensor per field, <c>foreach (var (x, y) in loader)</c>. Batches of a TensorDataset (or
                /// a subset of one) are gathered with one <c>index_select</c> per tensor, or one slice (a
                /// view of the dataset's tensors) when not shuffled.
                /// </summary>
                public static SharpGrad.Data.DataLoader<Tensor[], SharpGrad.Data.Batch> DataLoader(
                    Dataset<Tensor[]> dataset, int batch_size = 1, bool shuffle = false, bool drop_last = false, Generator? generator = null)
                {
                    ArgumentNullException.ThrowIfNull(dataset);
                    Func<long[], bool, SharpGrad.Data.Batch> fetch;
                    if (dataset is SharpGrad.Data.IBatchGatherable gatherable && gatherable.TensorCount >= 0)
                        fetch = (indices, sequential) => new SharpGrad.Data.Batch(sequential
                            ? gatherable.Slice(indices[0], indices.Length)
                            : gatherable.Gather(indices));
                    else
                        fetch = (indices, _) => SharpGrad.Data.Collate.Default(Samples(dataset, indices));
                    return new(dataset, batch_size, shuffle, drop_last, generator, fetch);
                }

                /// <summary>
                /// A loader over any dataset with PyTorch's default collation: tensor samples, arrays or tuples
                /// of tensors (and numbers) are stacked field by field into a <see cref="SharpGrad.Data.Batch"/>.
                /// </summary>
                public static SharpGrad.Data.DataLoader<T, SharpGrad.Data.Batch> DataLoader<T>(
                    Dataset<T> dataset, int batch_size = 1, bool shuffle = false, bool drop_last = false, Generator? generator = null)
                {
                    ArgumentNullException.ThrowIfNull(dataset);
                    return new(dataset, batch_size, shuffle, drop_last, generator,
                        (indices, _) => SharpGrad.Data.Collate.Default(Samples(dataset, indices)));
                }

                /// <summary>A loader whose batches are <paramref name="collate_fn"/> of the batch's samples.</summary>
                public static SharpGrad.Data.DataLoader<T, TBatch> DataLoader<T, TBatch>(
                    Dataset<T> dataset, Func<IReadOnlyList<T>, TBatch> collate_fn, int batch_size = 1, bool shuffle = false,
                    bool drop_last = false, Generator? generator = null)
                {
                    ArgumentNullException.ThrowIfNull(dataset);
                    ArgumentNullException.ThrowIfNull(collate_fn);
                    return new(dataset, batch_size, shuffle, drop_last, generator,
                        (indices, _) => collate_fn(Samples(dataset, indices)));
                }

                private static T[] Samples<T>(Dataset<T> dataset, long[] indices)
                {
                    var samples = new T[indices.Length];
                    for (int i = 0; i < samples.Length; i++) samples[i] = dataset[indices[i]];
                    return samples;
                }
            }
        }
    }
}
