using System.Runtime.CompilerServices;

namespace SharpGrad;

/// <summary>
/// An n-dimensional array with PyTorch's semantics: a view (shape, strides, offset) over a
/// <see cref="Storage"/> shared with other views, plus the autograd metadata that records how it
/// was computed.
/// </summary>
public sealed partial class Tensor
{
    internal Storage SharedStorage;
    internal int[] Sizes;
    internal int[] Strides;
    internal int StorageOffset;
    internal ScalarType ElementType;
    internal bool IsContiguous;

    /// <summary>A C# number wrapped as a 0-dim tensor; it does not widen a tensor's dtype.</summary>
    internal bool IsWrappedNumber;

    /// <summary>The tensor this one is a view of (the root base, as PyTorch keeps it).</summary>
    internal Tensor? ViewBase;

    /// <summary>Made by <c>torch.nn.Parameter</c>: a module registers it, and it prints as
    /// <c>Parameter containing:</c> then the tensor.</summary>
    internal bool IsParameter;

    internal Tensor(Storage storage, int[] shape, int[] strides, int offset)
    {
        SharedStorage = storage;
        Sizes = shape;
        Strides = strides;
        StorageOffset = offset;
        ElementType = storage.DType;
        IsContiguous = ComputeIsContiguous(shape, strides);
    }

    /// <summary>A fresh contiguous tensor; zeroed unless <paramref name="uninitialized"/>.</summary>
    internal static Tensor Empty(int[] shape, ScalarType dtype, bool uninitialized = false)
    {
        int n = Numel(shape);
        var storage = uninitialized ? Storage.AllocateUninitialized(dtype, n) : Storage.Allocate(dtype, n);
        return new Tensor(storage, shape, ContiguousStrides(shape), 0);
    }

    /// <summary>A contiguous tensor of ones shaped like <paramref name="t"/> (backward's implicit gradient).</summary>
    internal static Tensor OnesLike(Tensor t)
    {
        var ones = Empty(t.Sizes, t.ElementType, uninitialized: true);
        switch (t.ElementType)
        {
            case ScalarType.Float32: Kernels.ElementwiseLoops.Fill(ones.ContiguousSpan<float>(), 1f); break;
            case ScalarType.Float64: Kernels.ElementwiseLoops.Fill(ones.ContiguousSpan<double>(), 1.0); break;
            case ScalarType.Int64: Kernels.ElementwiseLoops.Fill(ones.ContiguousSpan<long>(), 1L); break;
            case ScalarType.Bool: Kernels.ElementwiseLoops.Fill(ones.ContiguousSpan<bool>(), true); break;
            default: ones.fill_(1.0); break;
        }
        return ones;
    }

    // Unconstrained T (here and in Scalar, Data, ContiguousSpan): see docs/PERFORMANCE.md, 'Generic instantiations'.
    internal static Tensor FromArray<T>(T[] data, int[] shape)
        => new(new Storage<T>(data), shape, ContiguousStrides(shape), 0);

    internal static Tensor Scalar<T>(T value)
        => new(new Storage<T>([value]), [], [], 0);

    /// <summary>A C# scalar as a 0-dim "wrapped number" tensor for mixed tensor/scalar arithmetic.</summary>
    internal static Tensor WrapNumber(double value)
    {
        var t = Scalar(value);
        t.IsWrappedNumber = true;
        return t;
    }

    internal static Tensor WrapNumber(long value)
    {
        var t = Scalar(value);
        t.IsWrappedNumber = true;
        return t;
    }

    // ---------------------------------------------------------------- metadata

    /// <summary>The size of each dimension.</summary>
    public long[] shape
    {
        get
        {
            var s = new long[Sizes.Length];
            for (int i = 0; i < s.Length; i++) s[i] = Sizes[i];
            return s;
        }
    }

    /// <summary>The shape as PyTorch's <c>torch.Size</c> (a read-only list of long that converts to
    /// <c>long[]</c> and prints as <c>torch.Size([2, 3])</c>); <see cref="shape"/> is the plain array.</summary>
    public torch.Size size() => torch.Size.Wrap(shape);

    /// <summary>The size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long size(int dim) => Sizes[NormalizeDim(dim, Sizes.Length)];

    /// <summary>Element strides of each dimension.</summary>
    public long[] stride()
    {
        var s = new long[Strides.Length];
        for (int i = 0; i < s.Length; i++) s[i] = Strides[i];
        return s;
    }

    /// <summary>The stride of dimension <paramref name="dim"/>.</summary>
    public long stride(int dim) => Strides[NormalizeDim(dim, Strides.Length)];

    /// <summary>Offset of the first element in the underlying storage.</summary>
    public long storage_offset() => StorageOffset;

    /// <summary>Number of dimensions.</summary>
    public int dim() => Sizes.Length;

    /// <summary>The size of one element in bytes (1 for uint8, 2 for float16, 4 for float32, …).</summary>
    public int element_size() => ElementType.ElementSize();

    /// <summary>Number of dimensions (PyTorch's <c>ndim</c>).</summary>
    public int ndim => Sizes.Length;

    /// <summary>Number of elements.</summary>
    public long numel() => Numel(Sizes);

    internal int NumelInt => Numel(Sizes);

    /// <summary>The element type.</summary>
    public ScalarType dtype => ElementType;

    /// <summary>Always the CPU.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "PyTorch's instance property")]
    public Device device => Device.CPU;

    /// <summary>True when elements are laid out densely in row-major order.</summary>
    public bool is_contiguous() => IsContiguous;

    /// <summary>True for float16, bfloat16, float32 and float64 tensors.</summary>
    public bool is_floating_point() => ElementType.IsFloatingPoint();

    internal bool IsScalarLike => Sizes.Length == 0;

    // ---------------------------------------------------------------- data access

    internal T[] Data<T>() => ((Storage<T>)SharedStorage).Data;

    /// <summary>The contiguous element span; only valid when <see cref="IsContiguous"/>.</summary>
    internal Span<T> ContiguousSpan<T>()
        => new(((Storage<T>)SharedStorage).Data, StorageOffset, NumelInt);

    /// <summary>Value of a one-element tensor as <typeparamref name="T"/>.</summary>
    public T item<T>() where T : unmanaged
    {
        if (NumelInt != 1)
            throw new InvalidOperationException(
                $"a Tensor with {NumelInt} elements cannot be converted to Scalar");
        return ElementType switch
        {
            ScalarType.Float32 => ConvertScalar<float, T>(Data<float>()[StorageOffset]),
            ScalarType.Float64 => ConvertScalar<double, T>(Data<double>()[StorageOffset]),
            ScalarType.Int64 => ConvertScalar<long, T>(Data<long>()[StorageOffset]),
            ScalarType.Bool => ConvertScalar<bool, T>(Data<bool>()[StorageOffset]),
            ScalarType.UInt8 => ConvertScalar<byte, T>(Data<byte>()[StorageOffset]),
            ScalarType.Int8 => ConvertScalar<sbyte, T>(Data<sbyte>()[StorageOffset]),
            ScalarType.Int16 => ConvertScalar<short, T>(Data<short>()[StorageOffset]),
            ScalarType.Int32 => ConvertScalar<int, T>(Data<int>()[StorageOffset]),
            ScalarType.Float16 => ConvertScalar<Half, T>(Data<Half>()[StorageOffset]),
            ScalarType.BFloat16 => ConvertScalar<BFloat16, T>(Data<BFloat16>()[StorageOffset]),
            _ => throw new NotSupportedException($"item: unsupported dtype {ElementType}"),
        };
    }

    /// <summary>Value of a one-element tensor as a double (PyTorch's <c>item()</c>).</summary>
    public double item() => item<double>();

    /// <summary>All elements, row-major, converted to <typeparamref name="T"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var c = Ops.Copy.Contiguous(this);
        if (c.ElementType == DTypeOf<T>.Value)
        {
            var values = c.ContiguousSpan<T>().ToArray();
            GC.KeepAlive(c);
            return values;
        }
        var converted = Ops.Copy.Contiguous(c.to(DTypeOf<T>.Value));
        var convertedValues = converted.ContiguousSpan<T>().ToArray();
        GC.KeepAlive(converted);
        return convertedValues;
    }

    internal static TOut ConvertScalar<TIn, TOut>(TIn v) where TIn : unmanaged where TOut : unmanaged
        => Kernels.ScalarConversion.Convert<TIn, TOut>(v);

    // ---------------------------------------------------------------- shape helpers

    internal static int Numel(int[] shape)
    {
        long n = 1;
        foreach (var s in shape) n *= s;
        if (n > int.MaxValue) throw new ArgumentException($"SharpGrad tensors hold at most {int.MaxValue} elements; asked for {n}.");
        return (int)n;
    }

    internal static int[] ContiguousStrides(int[] shape) => Kernels.ContiguousLayout.Strides(shape);

    private static bool ComputeIsContiguous(int[] shape, int[] strides)
    {
        int expected = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] == 1) continue;
            if (shape[i] == 0) return true;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /// <summary>Wraps a negative dimension index, with PyTorch's message when out of range.</summary>
    internal static int NormalizeDim(long dim, int rank)
    {
        int r = Math.Max(rank, 1);
        if (dim < -r || dim >= r)
            throw new IndexOutOfRangeException(
                $"Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {dim})");
        return (int)(dim < 0 ? dim + r : dim);
    }

    internal static string ShapeString(int[] shape) => "[" + string.Join(", ", shape) + "]";

    internal static int[] ToIntShape(ReadOnlySpan<long> shape)
    {
        var r = new int[shape.Length];
        for (int i = 0; i < r.Length; i++)
        {
            if (shape[i] < 0) throw new ArgumentException($"Trying to create tensor with negative dimension {shape[i]}: [{string.Join(", ", shape.ToArray())}]");
            if (shape[i] > int.MaxValue) throw new ArgumentException($"Dimension {shape[i]} is too large.");
            r[i] = (int)shape[i];
        }
        return r;
    }

    internal bool SameShape(Tensor other) => Sizes.AsSpan().SequenceEqual(other.Sizes);
    internal static bool SameShape(int[] a, int[] b)
    {
        // A plain loop: shapes are short, and MemoryExtensions.SequenceEqual<int> is not
        // precompiled, so every program's first broadcasting op JIT-compiled it (see
        // docs/PERFORMANCE.md, 'Generic instantiations').
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return false;
        return true;
    }
}
