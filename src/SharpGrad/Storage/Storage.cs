using System.Runtime.CompilerServices;

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

    public static Storage Allocate(ScalarType dtype, int length) => Create(dtype, length, clear: true);

    /// <summary>Like <see cref="Allocate"/> but without zeroing (for results that are fully overwritten).</summary>
    public static Storage AllocateUninitialized(ScalarType dtype, int length) => Create(dtype, length, clear: false);

    private static Storage Create(ScalarType dtype, int length, bool clear) => dtype switch
    {
        ScalarType.Float32 => New<float>(length, clear),
        ScalarType.Float64 => New<double>(length, clear),
        ScalarType.Int64 => New<long>(length, clear),
        ScalarType.Bool => New<bool>(length, clear),
        ScalarType.UInt8 => New<byte>(length, clear),
        ScalarType.Int8 => New<sbyte>(length, clear),
        ScalarType.Int16 => New<short>(length, clear),
        ScalarType.Int32 => New<int>(length, clear),
        ScalarType.Float16 => New<Half>(length, clear),
        ScalarType.BFloat16 => New<BFloat16>(length, clear),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Large buffers come from <see cref="BufferPool{T}"/>; small ones are ordinary arrays.</summary>
    /// <remarks>T is unconstrained so that the four instantiations above are precompiled
    /// (see docs/PERFORMANCE.md, 'Generic instantiations').</remarks>
    private static Storage<T> New<T>(int length, bool clear)
    {
        long bytes = (long)length * Unsafe.SizeOf<T>();
        // The size test does not touch BufferPool<T>, so a program without large tensors never
        // initializes (or JIT-compiles) the pool.
        if (bytes >= BufferPool.MinBytes && BufferPool.Enabled)
            return BufferPool<T>.Rent(length, clear);
        // Below 2 KiB GC.AllocateUninitializedArray allocates a zeroed array anyway; not calling
        // it then spares small programs its JIT-compilation (not precompiled for float; see
        // docs/PERFORMANCE.md, 'Generic instantiations').
        return new Storage<T>(clear || bytes < 2048 ? new T[length] : GC.AllocateUninitializedArray<T>(length));
    }
}

/// <remarks>T is unconstrained (only float, double, long and bool are used) so that its
/// instantiations are precompiled (see docs/PERFORMANCE.md, 'Generic instantiations').</remarks>
internal sealed class Storage<T> : Storage
{
    public readonly T[] Data;

    /// <summary>For a storage that wraps another's array (<see cref="WrapSameBuffer"/>): that
    /// storage, kept alive as long as this one, since a pooled array goes back to the pool when
    /// the storage it was rented for dies (<see cref="BufferPool{T}"/>).</summary>
    private readonly Storage<T>? _arrayOwner;

    public Storage(T[] data) => Data = data;
    private Storage(Storage<T> arrayOwner) => (Data, _arrayOwner) = (arrayOwner.Data, arrayOwner);
    public override int Length => Data.Length;
    public override Array RawArray => Data;
    public override ScalarType DType => DTypeOf<T>.Value;
    public override Storage WrapSameBuffer() => new Storage<T>(_arrayOwner ?? this);
}

/// <summary>Maps a C# element type to its dtype at JIT time.</summary>
internal static class DTypeOf<T>
{
    public static readonly ScalarType Value =
        typeof(T) == typeof(float) ? ScalarType.Float32 :
        typeof(T) == typeof(double) ? ScalarType.Float64 :
        typeof(T) == typeof(long) ? ScalarType.Int64 :
        typeof(T) == typeof(bool) ? ScalarType.Bool :
        typeof(T) == typeof(byte) ? ScalarType.UInt8 :
        typeof(T) == typeof(sbyte) ? ScalarType.Int8 :
        typeof(T) == typeof(short) ? ScalarType.Int16 :
        typeof(T) == typeof(int) ? ScalarType.Int32 :
        typeof(T) == typeof(Half) ? ScalarType.Float16 :
        typeof(T) == typeof(BFloat16) ? ScalarType.BFloat16 :
        throw new NotSupportedException($"Element type {typeof(T)} has no dtype.");
}
