using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using SharpGrad.Modules;
using SharpGrad.Ops;

namespace SharpGrad;

/// <summary>
/// A size argument of a convolution or pooling layer (kernel_size, stride, padding, dilation,
/// output_size, ...): PyTorch's int-or-tuple, one number for every spatial dim or one per dim.
/// Converts implicitly from <c>long</c>, <c>int</c>, <c>long[]</c>, <c>int[]</c>, a tuple
/// <c>(3, 2)</c> and a collection expression <c>[3, 2]</c>. Prints as Python does: <c>2</c> or
/// <c>(3, 2)</c>. <c>default</c> means "not given" (the argument's default).
/// </summary>
[CollectionBuilder(typeof(SpatialSize), nameof(Create))]
public readonly struct SpatialSize : IEquatable<SpatialSize>, IEnumerable<long>
{
    private readonly long[]? _values;

    /// <summary>True when one number stands for every dim.</summary>
    public bool IsScalar { get; }

    private SpatialSize(long[] values, bool isScalar)
    {
        _values = values;
        IsScalar = isScalar;
    }

    /// <summary>True for <c>default(SpatialSize)</c> (no value given).</summary>
    public bool IsEmpty => _values is null;

    /// <summary>The numbers as given.</summary>
    public long[] Values => _values is null ? [] : (long[])_values.Clone();

    /// <summary>One number for every dim.</summary>
    public static implicit operator SpatialSize(long value) => new([value], true);
    /// <summary>One number for every dim.</summary>
    public static implicit operator SpatialSize(int value) => new([value], true);
    /// <summary>One number per dim.</summary>
    public static implicit operator SpatialSize(long[] values) => new((long[])(values ?? throw new ArgumentNullException(nameof(values))).Clone(), false);
    /// <summary>One number per dim.</summary>
    public static implicit operator SpatialSize(int[] values) => new(Reduction.ToLong(values ?? throw new ArgumentNullException(nameof(values))), false);
    /// <summary>One number per dim, as a C# tuple: <c>(3, 2)</c>.</summary>
    public static implicit operator SpatialSize((long, long) values) => new([values.Item1, values.Item2], false);

    /// <summary>A collection expression, <c>[3, 2]</c>.</summary>
    public static SpatialSize Create(ReadOnlySpan<long> values) => new(values.ToArray(), false);
    /// <summary>From one number.</summary>
    public static SpatialSize FromInt64(long value) => value;
    /// <summary>From one number per dim.</summary>
    public static SpatialSize FromInt64Array(long[] values) => values;

    /// <summary>
    /// Pooling's reading: the numbers for <paramref name="dims"/> spatial dims (a scalar
    /// repeated); the argument must have been given.
    /// </summary>
    internal int[] Expand(int dims, string name)
    {
        if (_values is null) throw new ArgumentException($"{name} must be given");
        if (_values.Length == 1)
        {
            var r = new int[dims];
            Array.Fill(r, checked((int)_values[0]));
            return r;
        }
        if (_values.Length != dims)
            throw new ArgumentException($"{name} must be a single int or a tuple of {dims} ints, but got {Repr.Tuple(_values)}");
        return _values.Select(v => checked((int)v)).ToArray();
    }

    /// <summary>
    /// Convolution's reading: one value per spatial dim, the given one repeated, the given list,
    /// or <paramref name="fallback"/> when none was given; PyTorch's message for a list of the wrong length.
    /// </summary>
    internal long[] Expand(int dims, string name, long fallback)
    {
        if (_values is null)
            return Enumerable.Repeat(fallback, dims).ToArray();
        if (_values.Length == 1)
            return Enumerable.Repeat(_values[0], dims).ToArray();
        if (_values.Length != dims)
            throw new ArgumentException(
                $"expected {name} to be a single integer value or a list of {dims} values to match the convolution dimensions, but got {name}=[{string.Join(", ", _values)}]");
        return (long[])_values.Clone();
    }

    /// <summary>Python's repr: <c>2</c>, <c>(3, 2)</c>.</summary>
    public override string ToString()
        => _values is null ? "None" : IsScalar ? _values[0].ToString(CultureInfo.InvariantCulture) : Repr.Tuple(_values);

    /// <inheritdoc/>
    public IEnumerator<long> GetEnumerator() => ((IEnumerable<long>)(_values ?? [])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(SpatialSize other)
        => IsScalar == other.IsScalar && (_values ?? []).AsSpan().SequenceEqual(other._values ?? []);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SpatialSize s && Equals(s);
    /// <inheritdoc/>
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
    /// <summary>Equality.</summary>
    public static bool operator ==(SpatialSize left, SpatialSize right) => left.Equals(right);
    /// <summary>Inequality.</summary>
    public static bool operator !=(SpatialSize left, SpatialSize right) => !left.Equals(right);
}

/// <summary>
/// A convolution's padding: a <see cref="SpatialSize"/> or one of the strings <c>"valid"</c> (no
/// padding) and <c>"same"</c> (the output as large as the input, for unit strides).
/// </summary>
[CollectionBuilder(typeof(PaddingArg), nameof(Create))]
public readonly struct PaddingArg : IEnumerable<long>
{
    /// <summary>The numeric padding (default when a string was given).</summary>
    internal SpatialSize Values { get; }

    /// <summary>"same" or "valid", or null.</summary>
    public string? Mode { get; }

    private PaddingArg(SpatialSize values, string? mode)
    {
        Values = values;
        Mode = mode;
    }

    /// <summary>The same padding before and after every spatial dim.</summary>
    public static implicit operator PaddingArg(long value) => new(value, null);

    /// <summary>One padding per spatial dim.</summary>
    public static implicit operator PaddingArg(long[] values) => new(values, null);

    /// <summary>One padding per spatial dim.</summary>
    public static implicit operator PaddingArg(int[] values) => new(values, null);

    /// <summary>One padding per spatial dim (height, width).</summary>
    public static implicit operator PaddingArg((long, long) values) => new(values, null);

    /// <summary><c>"same"</c> or <c>"valid"</c>.</summary>
    public static implicit operator PaddingArg(string mode) => new(default, mode);

    /// <summary>A collection expression, <c>[1, 0]</c>.</summary>
    public static PaddingArg Create(ReadOnlySpan<long> values) => new(SpatialSize.Create(values), null);

    /// <summary>A numeric padding given as a size.</summary>
    internal static PaddingArg FromSize(SpatialSize values) => new(values, null);

    /// <inheritdoc/>
    public IEnumerator<long> GetEnumerator() => Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
