namespace SharpGrad;

/// <summary>A flat buffer of elements shared by a tensor and its views.</summary>
/// <remarks>The version counter lives here so that every view of the same data sees an in-place
/// change; <c>Tensor.data</c> wraps the same array in a new <see cref="Storage"/> to get a fresh
/// counter, as PyTorch's <c>.data</c> does.</remarks>
internal abstract class Storage
{
    /// <summary>Bumped by every in-place modification; saved tensors compare against it.</summary>
    public int Version;

    public abstract int Length { get; }
    public abstract ScalarType DType { get; }
    public abstract Storage WrapSameBuffer();
    public abstract Array RawArray { get; }

    public static Storage Allocate(ScalarType dtype, int length) => dtype switch
    {
        ScalarType.Float32 => new Storage<float>(new float[length]),
        ScalarType.Float64 => new Storage<double>(new double[length]),
        ScalarType.Int64 => new Storage<long>(new long[length]),
        ScalarType.Bool => new Storage<bool>(new bool[length]),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Like <see cref="Allocate"/> but without zeroing (for results that are fully overwritten).</summary>
    public static Storage AllocateUninitialized(ScalarType dtype, int length) => dtype switch
    {
        ScalarType.Float32 => new Storage<float>(GC.AllocateUninitializedArray<float>(length)),
        ScalarType.Float64 => new Storage<double>(GC.AllocateUninitializedArray<double>(length)),
        ScalarType.Int64 => new Storage<long>(GC.AllocateUninitializedArray<long>(length)),
        ScalarType.Bool => new Storage<bool>(GC.AllocateUninitializedArray<bool>(length)),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };
}

internal sealed class Storage<T> : Storage where T : unmanaged
{
    public readonly T[] Data;
    public Storage(T[] data) => Data = data;
    public override int Length => Data.Length;
    public override Array RawArray => Data;
    public override ScalarType DType => DTypeOf<T>.Value;
    public override Storage WrapSameBuffer() => new Storage<T>(Data);
}

/// <summary>Maps a C# element type to its dtype at JIT time.</summary>
internal static class DTypeOf<T>
{
    public static readonly ScalarType Value =
        typeof(T) == typeof(float) ? ScalarType.Float32 :
        typeof(T) == typeof(double) ? ScalarType.Float64 :
        typeof(T) == typeof(long) ? ScalarType.Int64 :
        typeof(T) == typeof(bool) ? ScalarType.Bool :
        throw new NotSupportedException($"Element type {typeof(T)} has no dtype.");
}
