namespace SharpGrad;

/// <summary>The element type of a tensor (PyTorch's <c>torch.dtype</c>).</summary>
public enum ScalarType
{
    /// <summary>torch.bool</summary>
    Bool = 0,
    /// <summary>torch.int64</summary>
    Int64 = 1,
    /// <summary>torch.float32, the default floating point type.</summary>
    Float32 = 2,
    /// <summary>torch.float64</summary>
    Float64 = 3,
    /// <summary>torch.uint8</summary>
    UInt8 = 4,
    /// <summary>torch.int8</summary>
    Int8 = 5,
    /// <summary>torch.int16</summary>
    Int16 = 6,
    /// <summary>torch.int32</summary>
    Int32 = 7,
    /// <summary>torch.float16 (IEEE half precision, .NET's <see cref="System.Half"/>).</summary>
    Float16 = 8,
    /// <summary>torch.bfloat16 (<see cref="SharpGrad.BFloat16"/>).</summary>
    BFloat16 = 9,
}

/// <summary>Facts about dtypes and PyTorch's type promotion.</summary>
public static class ScalarTypeExtensions
{
    /// <summary>True for float16, bfloat16, float32 and float64.</summary>
    public static bool IsFloatingPoint(this ScalarType t)
        => t is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;

    /// <summary>True for the integer dtypes (uint8, int8, int16, int32, int64); bool is not one.</summary>
    internal static bool IsIntegral(this ScalarType t)
        => t is ScalarType.UInt8 or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64;

    /// <summary>
    /// The dtype the elementwise kernels compute a dtype in: float16 and bfloat16 through float32
    /// (converted, computed, rounded back once per op, as PyTorch's CPU kernels do), the small
    /// integer types through int64 (wrapped back to their width, so uint8 arithmetic is modulo
    /// 256); the others are their own.
    /// </summary>
    internal static ScalarType ComputeType(this ScalarType t) => t switch
    {
        ScalarType.Float16 or ScalarType.BFloat16 => ScalarType.Float32,
        ScalarType.UInt8 or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 => ScalarType.Int64,
        ScalarType.Bool or ScalarType.Int64 or ScalarType.Float32 or ScalarType.Float64 => t,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "unknown dtype"),
    };

    /// <summary>The name PyTorch prints, e.g. <c>torch.float32</c>.</summary>
    public static string TorchName(this ScalarType t) => t switch
    {
        ScalarType.Bool => "torch.bool",
        ScalarType.Int64 => "torch.int64",
        ScalarType.Float32 => "torch.float32",
        ScalarType.Float64 => "torch.float64",
        ScalarType.UInt8 => "torch.uint8",
        ScalarType.Int8 => "torch.int8",
        ScalarType.Int16 => "torch.int16",
        ScalarType.Int32 => "torch.int32",
        ScalarType.Float16 => "torch.float16",
        ScalarType.BFloat16 => "torch.bfloat16",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>c10's C++ scalar type name, as PyTorch's kernel and dtype messages write it
    /// (<c>Float</c>, <c>Double</c>, <c>Long</c>, <c>Bool</c>, <c>Byte</c>, <c>Half</c>, …).</summary>
    internal static string CTypeName(this ScalarType t) => t switch
    {
        ScalarType.Float32 => "Float",
        ScalarType.Float64 => "Double",
        ScalarType.Int64 => "Long",
        ScalarType.Bool => "Bool",
        ScalarType.UInt8 => "Byte",
        ScalarType.Int8 => "Char",
        ScalarType.Int16 => "Short",
        ScalarType.Int32 => "Int",
        ScalarType.Float16 => "Half",
        ScalarType.BFloat16 => "BFloat16",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>The C++ type name as <c>caffe2::TypeMeta</c> prints it in PyTorch's dtype
    /// messages (<c>float</c>, <c>long int</c>, <c>unsigned char</c>, <c>c10::Half</c>, …).</summary>
    internal static string TypeMetaName(this ScalarType t) => t switch
    {
        ScalarType.Float32 => "float",
        ScalarType.Float64 => "double",
        ScalarType.Int64 => "long int",
        ScalarType.Bool => "bool",
        ScalarType.UInt8 => "unsigned char",
        ScalarType.Int8 => "signed char",
        ScalarType.Int16 => "short int",
        ScalarType.Int32 => "int",
        ScalarType.Float16 => "c10::Half",
        ScalarType.BFloat16 => "c10::BFloat16",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>The legacy tensor type name used in autograd messages, e.g. <c>torch.FloatTensor</c>.</summary>
    internal static string LegacyTypeName(this ScalarType t) => "torch." + t.CTypeName() + "Tensor";

    internal static int ElementSize(this ScalarType t) => t switch
    {
        ScalarType.Bool or ScalarType.UInt8 or ScalarType.Int8 => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>Row and column order of <see cref="PromotionTable"/>, c10's order of the types.</summary>
    private static int PromotionIndex(ScalarType t) => t switch
    {
        ScalarType.UInt8 => 0,
        ScalarType.Int8 => 1,
        ScalarType.Int16 => 2,
        ScalarType.Int32 => 3,
        ScalarType.Int64 => 4,
        ScalarType.Float16 => 5,
        ScalarType.Float32 => 6,
        ScalarType.Float64 => 7,
        ScalarType.Bool => 8,
        ScalarType.BFloat16 => 9,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    private const ScalarType U1 = ScalarType.UInt8, I1 = ScalarType.Int8, I2 = ScalarType.Int16, I4 = ScalarType.Int32,
        I8 = ScalarType.Int64, F2 = ScalarType.Float16, F4 = ScalarType.Float32, F8 = ScalarType.Float64,
        B1 = ScalarType.Bool, BF = ScalarType.BFloat16;

    /// <summary>c10/core/ScalarType.h's promoteTypes table, restricted to SharpGrad's dtypes.</summary>
    private static readonly ScalarType[,] PromotionTable =
    {
        /*        u1  i1  i2  i4  i8  f2  f4  f8  b1  bf */
        /* u1 */ { U1, I2, I2, I4, I8, F2, F4, F8, U1, BF },
        /* i1 */ { I2, I1, I2, I4, I8, F2, F4, F8, I1, BF },
        /* i2 */ { I2, I2, I2, I4, I8, F2, F4, F8, I2, BF },
        /* i4 */ { I4, I4, I4, I4, I8, F2, F4, F8, I4, BF },
        /* i8 */ { I8, I8, I8, I8, I8, F2, F4, F8, I8, BF },
        /* f2 */ { F2, F2, F2, F2, F2, F2, F4, F8, F2, F4 },
        /* f4 */ { F4, F4, F4, F4, F4, F4, F4, F8, F4, F4 },
        /* f8 */ { F8, F8, F8, F8, F8, F8, F8, F8, F8, F8 },
        /* b1 */ { U1, I1, I2, I4, I8, F2, F4, F8, B1, BF },
        /* bf */ { BF, BF, BF, BF, BF, F4, F4, F8, BF, BF },
    };

    /// <summary>PyTorch's <c>promote_types(a, b)</c>.</summary>
    public static ScalarType Promote(ScalarType a, ScalarType b) => PromotionTable[PromotionIndex(a), PromotionIndex(b)];
}
