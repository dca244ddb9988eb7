using System.Globalization;

namespace SharpGrad;

/// <summary>
/// One entry of a tensor subscript, as in Python's <c>t[0, 1:3, ..., None, mask]</c>. C# values
/// convert implicitly: an <c>int</c>/<c>long</c> selects, a <see cref="System.Index"/> (<c>^1</c>)
/// selects from the end, a <see cref="System.Range"/> (<c>1..3</c>, <c>..</c>) slices, a
/// <see cref="Tensor"/> indexes with a bool mask or int64 indices, and a <c>bool</c> adds a
/// dimension of size 1 (true) or 0 (false). <see cref="Ellipsis"/>, <see cref="None"/> and
/// <see cref="Slice"/> cover the rest; a <c>null</c> entry means <see cref="None"/>.
/// </summary>
public sealed class TensorIndex
{
    internal enum IndexKind { Integer, Slice, Ellipsis, NewAxis, Boolean, Tensor }

    internal IndexKind Kind { get; }

    /// <summary>Integer: the index (Python's sign convention unless <see cref="FromEnd"/>).</summary>
    internal long Integer { get; }

    /// <summary>Integer: counted from the end (<c>^k</c>), so the index is <c>size - Integer</c>.</summary>
    internal bool FromEnd { get; }

    /// <summary>Slice: start and stop with Python's conventions (negative counts from the end,
    /// null for the default), and the step.</summary>
    internal long? Start { get; }
    internal long? Stop { get; }
    internal long Step { get; } = 1;

    internal bool Boolean { get; }
    internal Tensor? TensorValue { get; }

    private TensorIndex(IndexKind kind) => Kind = kind;

    private TensorIndex(long integer, bool fromEnd)
    {
        Kind = IndexKind.Integer;
        Integer = integer;
        FromEnd = fromEnd;
    }

    private TensorIndex(long? start, long? stop, long step)
    {
        Kind = IndexKind.Slice;
        Start = start;
        Stop = stop;
        Step = step;
    }

    private TensorIndex(bool value)
    {
        Kind = IndexKind.Boolean;
        Boolean = value;
    }

    private TensorIndex(Tensor tensor)
    {
        Kind = IndexKind.Tensor;
        TensorValue = tensor;
    }

    /// <summary>Python's <c>...</c>: as many full slices as needed.</summary>
    public static TensorIndex Ellipsis { get; } = new(IndexKind.Ellipsis);

    /// <summary>Python's <c>None</c> (numpy's newaxis): inserts a dimension of size 1.</summary>
    public static TensorIndex None { get; } = new(IndexKind.NewAxis);

    /// <summary>Python's <c>:</c>, the full slice (same as <c>..</c>).</summary>
    public static TensorIndex Colon { get; } = new(null, null, 1);

    /// <summary>Python's <c>start:stop:step</c>; null bounds are the defaults, negative ones count from the end.</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1) => new(start, stop, step);

    /// <summary>A single integer index (negative counts from the end).</summary>
    public static TensorIndex Single(long index) => new(index, false);

    /// <summary>A Python <c>True</c>/<c>False</c> index.</summary>
    public static TensorIndex Bool(bool value) => new(value);

    /// <summary>An integer selects one entry (negative counts from the end), removing the dimension.</summary>
    public static implicit operator TensorIndex(int index) => new(index, false);

    /// <summary>An integer selects one entry (negative counts from the end), removing the dimension.</summary>
    public static implicit operator TensorIndex(long index) => new(index, false);

    /// <summary><c>^k</c> selects the k-th element from the end.</summary>
    public static implicit operator TensorIndex(Index index)
        => index.IsFromEnd ? new TensorIndex(index.Value, true) : new TensorIndex(index.Value, false);

    /// <summary><c>a..b</c> slices; <c>^k</c> bounds count from the end.</summary>
    public static implicit operator TensorIndex(Range range)
    {
        // A start of ^0 is the end (an empty slice); a stop of ^0 is the default stop.
        long? start = range.Start.IsFromEnd
            ? (range.Start.Value == 0 ? long.MaxValue : -(long)range.Start.Value)
            : range.Start.Value;
        long? stop = range.End.IsFromEnd
            ? (range.End.Value == 0 ? null : -(long)range.End.Value)
            : range.End.Value;
        return new TensorIndex(start, stop, 1);
    }

    /// <summary>A bool mask or an int64 index tensor (0-dim ones act as a bool or an integer).</summary>
    public static implicit operator TensorIndex(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new TensorIndex(tensor);
    }

    /// <summary>Python's <c>True</c>/<c>False</c>: a new dimension of size 1 (true) or 0 (false).</summary>
    public static implicit operator TensorIndex(bool value) => new(value);

    /// <summary>The entry as Python would write it (<c>0</c>, <c>1:3</c>, <c>...</c>, <c>None</c>).</summary>
    public override string ToString() => Kind switch
    {
        IndexKind.Integer => FromEnd ? $"^{Integer}" : Integer.ToString(CultureInfo.InvariantCulture),
        IndexKind.Slice => $"{Start}:{Stop}" + (Step != 1 ? $":{Step}" : ""),
        IndexKind.Ellipsis => "...",
        IndexKind.NewAxis => "None",
        IndexKind.Boolean => Boolean ? "True" : "False",
        _ => "tensor",
    };
}
