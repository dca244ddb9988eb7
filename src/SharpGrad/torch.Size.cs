using System.Collections;


namespace SharpGrad;

public static partial class torch
{
    /// <summary>
    /// PyTorch's <c>torch.Size</c>, what <see cref="Tensor.size()"/> returns: a read-only list of
    /// dimension sizes that converts to <c>long[]</c> where a shape is expected and prints as
    /// <c>torch.Size([2, 3])</c>. <c>var (rows, cols) = t.size();</c> unpacks it as Python does.
    /// </summary>
    public sealed class Size : IReadOnlyList<long>, IEquatable<Size>
    {
        private readonly long[] _dims;

        /// <summary>A size with the given dimensions (copied).</summary>
        public Size(params long[] dims) => _dims = (long[])dims.Clone();

        internal static Size Wrap(long[] dims) => new(dims, owned: true);
        private Size(long[] dims, bool owned) => _dims = dims;

        /// <summary>The size of dimension <paramref name="index"/> (negative counts from the end, as in Python).</summary>
        public long this[int index]
        {
            get
            {
                int i = index < 0 ? index + _dims.Length : index;
                if ((uint)i >= (uint)_dims.Length) throw new IndexOutOfRangeException("tuple index out of range");
                return _dims[i];
            }
        }

        /// <summary>The number of dimensions.</summary>
        public int Count => _dims.Length;

        /// <summary>The number of elements a tensor of this size holds.</summary>
        public long numel()
        {
            long n = 1;
            foreach (var d in _dims) n *= d;
            return n;
        }

        /// <summary>The dimensions as a new array.</summary>
        public long[] ToArray() => (long[])_dims.Clone();

        /// <summary>A size converts to <c>long[]</c> wherever a shape is expected.</summary>
        public static implicit operator long[](Size size) => size.ToArray();

        /// <summary>Same dimensions.</summary>
        public bool Equals(Size? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj switch
        {
            Size s => Equals(s),
            long[] a => _dims.AsSpan().SequenceEqual(a),
            _ => false,
        };

        /// <inheritdoc/>
        public override int GetHashCode()
        {
            var h = new HashCode();
            foreach (var d in _dims) h.Add(d);
            return h.ToHashCode();
        }

        /// <summary>Same dimensions.</summary>
        public static bool operator ==(Size? a, Size? b) => a is null ? b is null : a.Equals(b);
        /// <summary>Different dimensions.</summary>
        public static bool operator !=(Size? a, Size? b) => !(a == b);
        /// <summary>Same dimensions as a shape array.</summary>
        public static bool operator ==(Size? a, long[]? b) => a is null ? b is null : b is not null && a.Equals((object)b);
        /// <summary>Different dimensions from a shape array.</summary>
        public static bool operator !=(Size? a, long[]? b) => !(a == b);

        /// <summary>Unpacks a two-dimensional size: <c>var (n, m) = t.size();</c></summary>
        public void Deconstruct(out long d0, out long d1) { CheckUnpack(2); (d0, d1) = (_dims[0], _dims[1]); }
        /// <summary>Unpacks a three-dimensional size.</summary>
        public void Deconstruct(out long d0, out long d1, out long d2) { CheckUnpack(3); (d0, d1, d2) = (_dims[0], _dims[1], _dims[2]); }
        /// <summary>Unpacks a four-dimensional size.</summary>
        public void Deconstruct(out long d0, out long d1, out long d2, out long d3)
        { CheckUnpack(4); (d0, d1, d2, d3) = (_dims[0], _dims[1], _dims[2], _dims[3]); }

        private void CheckUnpack(int n)
        {
            if (_dims.Length != n)
                throw new ArgumentException(_dims.Length > n
                    ? $"too many values to unpack (expected {n})"
                    : $"not enough values to unpack (expected {n}, got {_dims.Length})");
        }

        /// <inheritdoc/>
        public IEnumerator<long> GetEnumerator() => ((IEnumerable<long>)_dims).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>PyTorch's repr: <c>torch.Size([2, 3])</c>.</summary>
        public override string ToString() => Format(_dims);

        internal static string Format(long[] dims) => "torch.Size([" + string.Join(", ", dims) + "])";
    }

    /// <summary>
    /// Python's <c>print</c>: writes the values separated by spaces, then a new line, each as Python
    /// shows it (<c>None</c>, <c>True</c>/<c>False</c>, <c>0.1</c> and <c>1e-05</c> for floats,
    /// <c>torch.float32</c> for a dtype, <c>torch.Size([2, 3])</c> for a size or a <c>long[]</c> shape,
    /// <c>(a, b)</c> for tuples, <c>[a, b]</c> for lists, a tensor as its repr).
    /// </summary>
    public static void print(params object?[] values)
    {
        values ??= [null]; // print(null) passes a null array, meaning one None
        Console.Out.WriteLine(string.Join(" ", values.Select(Printing.PythonStr.Str)));
    }
}
