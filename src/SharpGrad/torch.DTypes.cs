namespace SharpGrad;

/// <summary>The narrow dtypes: their names and <c>tensor(...)</c> from C# arrays of their element types.</summary>
public static partial class torch
{
    // ------------------------------------------------------------------ dtypes
    /// <summary>The dtype torch.uint8 (C# <c>byte</c>).</summary>
    public const ScalarType uint8 = ScalarType.UInt8;
    /// <summary>The dtype torch.int8 (C# <c>sbyte</c>).</summary>
    public const ScalarType int8 = ScalarType.Int8;
    /// <summary>The dtype torch.int16 (C# <c>short</c>).</summary>
    public const ScalarType int16 = ScalarType.Int16;
    /// <summary>The dtype torch.short.</summary>
    public const ScalarType @short = ScalarType.Int16;
    /// <summary>The dtype torch.int32 (C# <c>int</c>; <c>tensor(int[])</c> still makes int64, as the API promises).</summary>
    public const ScalarType int32 = ScalarType.Int32;
    /// <summary>The dtype torch.int.</summary>
    public const ScalarType @int = ScalarType.Int32;
    /// <summary>The dtype torch.float16 (C# <see cref="System.Half"/>).</summary>
    public const ScalarType float16 = ScalarType.Float16;
    /// <summary>The dtype torch.half.</summary>
    public const ScalarType half = ScalarType.Float16;
    /// <summary>The dtype torch.bfloat16 (<see cref="SharpGrad.BFloat16"/>).</summary>
    public const ScalarType bfloat16 = ScalarType.BFloat16;

    /// <summary>PyTorch's <c>torch.promote_types(type1, type2)</c>: the smallest dtype both convert to
    /// without losing their category (c10's promotion table).</summary>
    public static ScalarType promote_types(ScalarType type1, ScalarType type2) => ScalarTypeExtensions.Promote(type1, type2);

    /// <summary>PyTorch's <c>torch.result_type(tensor, other)</c>: the dtype an arithmetic op on the two
    /// computes in (dimensioned tensors outrank 0-dim ones, which outrank C# numbers, within a category).</summary>
    public static ScalarType result_type(Tensor tensor, Tensor other) => Tensor.ResultType(tensor, other);

    // ------------------------------------------------------------------ tensor(...)
    // byte → uint8, sbyte → int8, short → int16, Half → float16, BFloat16 → bfloat16.
    /// <summary>A 0-dim uint8 tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(byte value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.Scalar(value), dtype, device, requires_grad);
    /// <summary>A 1-D uint8 tensor from an array (a copy).</summary>
    public static Tensor tensor(byte[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.FromArray((byte[])data.Clone(), [data.Length]), dtype, device, requires_grad);
    /// <summary>A uint8 tensor from flat data and its dimensions.</summary>
    public static Tensor tensor(byte[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromFlat((byte[])data.Clone(), dimensions), dtype, device, requires_grad);
    /// <summary>A 2-D uint8 tensor from a rectangular array.</summary>
    public static Tensor tensor(byte[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<byte>(data), dtype, device, requires_grad);
    /// <summary>A 3-D uint8 tensor from a rectangular array.</summary>
    public static Tensor tensor(byte[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<byte>(data), dtype, device, requires_grad);
    /// <summary>A 4-D uint8 tensor from a rectangular array.</summary>
    public static Tensor tensor(byte[,,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<byte>(data), dtype, device, requires_grad);

    /// <summary>A 0-dim int8 tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(sbyte value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.Scalar(value), dtype, device, requires_grad);
    /// <summary>A 1-D int8 tensor from an array (a copy).</summary>
    public static Tensor tensor(sbyte[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.FromArray((sbyte[])data.Clone(), [data.Length]), dtype, device, requires_grad);
    /// <summary>A int8 tensor from flat data and its dimensions.</summary>
    public static Tensor tensor(sbyte[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromFlat((sbyte[])data.Clone(), dimensions), dtype, device, requires_grad);
    /// <summary>A 2-D int8 tensor from a rectangular array.</summary>
    public static Tensor tensor(sbyte[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<sbyte>(data), dtype, device, requires_grad);
    /// <summary>A 3-D int8 tensor from a rectangular array.</summary>
    public static Tensor tensor(sbyte[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<sbyte>(data), dtype, device, requires_grad);
    /// <summary>A 4-D int8 tensor from a rectangular array.</summary>
    public static Tensor tensor(sbyte[,,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<sbyte>(data), dtype, device, requires_grad);

    /// <summary>A 0-dim int16 tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(short value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.Scalar(value), dtype, device, requires_grad);
    /// <summary>A 1-D int16 tensor from an array (a copy).</summary>
    public static Tensor tensor(short[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.FromArray((short[])data.Clone(), [data.Length]), dtype, device, requires_grad);
    /// <summary>A int16 tensor from flat data and its dimensions.</summary>
    public static Tensor tensor(short[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromFlat((short[])data.Clone(), dimensions), dtype, device, requires_grad);
    /// <summary>A 2-D int16 tensor from a rectangular array.</summary>
    public static Tensor tensor(short[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<short>(data), dtype, device, requires_grad);
    /// <summary>A 3-D int16 tensor from a rectangular array.</summary>
    public static Tensor tensor(short[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<short>(data), dtype, device, requires_grad);
    /// <summary>A 4-D int16 tensor from a rectangular array.</summary>
    public static Tensor tensor(short[,,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<short>(data), dtype, device, requires_grad);

    /// <summary>A 0-dim float16 tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(Half value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.Scalar(value), dtype, device, requires_grad);
    /// <summary>A 1-D float16 tensor from an array (a copy).</summary>
    public static Tensor tensor(Half[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.FromArray((Half[])data.Clone(), [data.Length]), dtype, device, requires_grad);
    /// <summary>A float16 tensor from flat data and its dimensions.</summary>
    public static Tensor tensor(Half[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromFlat((Half[])data.Clone(), dimensions), dtype, device, requires_grad);
    /// <summary>A 2-D float16 tensor from a rectangular array.</summary>
    public static Tensor tensor(Half[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<Half>(data), dtype, device, requires_grad);
    /// <summary>A 3-D float16 tensor from a rectangular array.</summary>
    public static Tensor tensor(Half[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<Half>(data), dtype, device, requires_grad);
    /// <summary>A 4-D float16 tensor from a rectangular array.</summary>
    public static Tensor tensor(Half[,,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<Half>(data), dtype, device, requires_grad);

    /// <summary>A 0-dim bfloat16 tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(BFloat16 value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.Scalar(value), dtype, device, requires_grad);
    /// <summary>A 1-D bfloat16 tensor from an array (a copy).</summary>
    public static Tensor tensor(BFloat16[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.FromArray((BFloat16[])data.Clone(), [data.Length]), dtype, device, requires_grad);
    /// <summary>A bfloat16 tensor from flat data and its dimensions.</summary>
    public static Tensor tensor(BFloat16[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromFlat((BFloat16[])data.Clone(), dimensions), dtype, device, requires_grad);
    /// <summary>A 2-D bfloat16 tensor from a rectangular array.</summary>
    public static Tensor tensor(BFloat16[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<BFloat16>(data), dtype, device, requires_grad);
    /// <summary>A 3-D bfloat16 tensor from a rectangular array.</summary>
    public static Tensor tensor(BFloat16[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<BFloat16>(data), dtype, device, requires_grad);
    /// <summary>A 4-D bfloat16 tensor from a rectangular array.</summary>
    public static Tensor tensor(BFloat16[,,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<BFloat16>(data), dtype, device, requires_grad);
}
