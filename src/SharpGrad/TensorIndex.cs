namespace SharpGrad;

/// <summary>
/// One entry of a tensor index, as in PyTorch's <c>t[0, 1:3, ..., None, mask]</c>: an integer,
/// a range (<c>1..3</c>, <c>..</c>, <c>^1</c>), <see cref="Ellipsis"/>, <see cref="None"/>, or a
/// tensor (a bool mask or int64 indices). C# values convert implicitly, so <c>t[.., 1]</c> works.
/// </summary>
public readonly struct TensorIndex
{
    internal enum Kind { Integer, Slice, Ellipsis, None, Tensor, Boolean }

    internal readonly Kind kind;
    internal readonly long integer;
    internal readonly bool fromEnd;
    internal readonly long? start, stop;
    internal readonly long step;
    internal readonly Tensor? tensor;

    private TensorIndex(Kind kind, long integer = 0, bool fromEnd = false, long? start = null, long? stop = null,
        long step = 1, Tensor? tensor = null)
    {
        this.kind = kind;
        this.integer = integer;
        this.fromEnd = fromEnd;
        this.start = start;
        this.stop = stop;
        this.step = step;
        this.tensor = tensor;
    }

    /// <summary>Python's <c>...</c>: as many full slices as needed.</summary>
    public static TensorIndex Ellipsis { get; } = new(Kind.Ellipsis);

    /// <summary>Python's <c>None</c> (newaxis): inserts a dimension of size 1.</summary>
    public static TensorIndex None { get; } = new(Kind.None);

    /// <summary>Python's <c>start:stop:step</c>; null bounds mean the ends.</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1) => new(Kind.Slice, start: start, stop: stop, step: step);

    /// <summary>A single position (negative counts from the end).</summary>
    public static implicit operator TensorIndex(long index) => new(Kind.Integer, integer: index);

    /// <summary>A single position (negative counts from the end).</summary>
    public static implicit operator TensorIndex(int index) => new(Kind.Integer, integer: index);

    /// <summary>A position, <c>^1</c> being the last.</summary>
    public static implicit operator TensorIndex(Index index) => new(Kind.Integer, integer: index.Value, fromEnd: index.IsFromEnd);

    /// <summary>A range of positions: <c>1..3</c>, <c>..</c>, <c>2..^1</c>.</summary>
    public static implicit operator TensorIndex(Range range) => new(Kind.Slice,
        start: range.Start.IsFromEnd ? -(long)range.Start.Value : range.Start.Value,
        stop: range.End.IsFromEnd ? (range.End.Value == 0 ? null : -(long)range.End.Value) : range.End.Value);

    /// <summary>A bool mask or int64 index tensor (advanced indexing: the result is a copy).</summary>
    public static implicit operator TensorIndex(Tensor tensor) => new(Kind.Tensor, tensor: tensor);

    /// <summary>Python's <c>t[True]</c> / <c>t[False]</c>: a new dimension of size 1 or 0.</summary>
    public static implicit operator TensorIndex(bool value) => new(Kind.Boolean, integer: value ? 1 : 0);
}
