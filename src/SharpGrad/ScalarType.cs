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
}

/// <summary>Facts about dtypes and PyTorch's type promotion.</summary>
public static class ScalarTypeExtensions
{
    /// <summary>True for float32 and float64.</summary>
    public static bool IsFloatingPoint(this ScalarType t) => t is ScalarType.Float32 or ScalarType.Float64;

    /// <summary>The name PyTorch prints, e.g. <c>torch.float32</c>.</summary>
    public static string TorchName(this ScalarType t) => t switch
    {
        ScalarType.Bool => "torch.bool",
        ScalarType.Int64 => "torch.int64",
        ScalarType.Float32 => "torch.float32",
        ScalarType.Float64 => "torch.float64",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>c10's C++ scalar type name, as PyTorch's kernel and dtype messages write it
    /// (<c>Float</c>, <c>Double</c>, <c>Long</c>, <c>Bool</c>).</summary>
    internal static string CTypeName(this ScalarType t) => t switch
    {
        ScalarType.Float32 => "Float",
        ScalarType.Float64 => "Double",
        ScalarType.Int64 => "Long",
        ScalarType.Bool => "Bool",
        _ => t.ToString(),
    };

    /// <summary>The legacy tensor type name used in autograd messages, e.g. <c>torch.FloatTensor</c>.</summary>
    internal static string LegacyTypeName(this ScalarType t) => t switch
    {
        ScalarType.Bool => "torch.BoolTensor",
        ScalarType.Int64 => "torch.LongTensor",
        ScalarType.Float32 => "torch.FloatTensor",
        ScalarType.Float64 => "torch.DoubleTensor",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    internal static int ElementSize(this ScalarType t) => t switch
    {
        ScalarType.Bool => 1,
        ScalarType.Int64 => 8,
        ScalarType.Float32 => 4,
        ScalarType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>promote_types(a, b): the lattice bool &lt; int64 &lt; float32 &lt; float64.</summary>
    public static ScalarType Promote(ScalarType a, ScalarType b) => (ScalarType)Math.Max((int)a, (int)b);
}
