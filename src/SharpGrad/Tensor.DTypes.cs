namespace SharpGrad;

public sealed partial class Tensor
{
    /// <summary>A tensor of <paramref name="dtype"/> (PyTorch's <c>t.type(dtype)</c>, the same as <see cref="to(ScalarType)"/>).</summary>
    public Tensor type(ScalarType dtype) => to(dtype);

    /// <summary>The legacy type name (<c>t.type()</c>): <c>torch.FloatTensor</c>, <c>torch.ByteTensor</c>, ….</summary>
    public string type() => ElementType.LegacyTypeName();

    /// <summary>float16 copy (or this tensor).</summary>
    public Tensor half() => to(ScalarType.Float16);
    /// <summary>bfloat16 copy (or this tensor).</summary>
    public Tensor bfloat16() => to(ScalarType.BFloat16);
    /// <summary>uint8 copy (or this tensor).</summary>
    public Tensor @byte() => to(ScalarType.UInt8);
    /// <summary>int8 copy (or this tensor).</summary>
    public Tensor @char() => to(ScalarType.Int8);
    /// <summary>int16 copy (or this tensor).</summary>
    public Tensor @short() => to(ScalarType.Int16);
    /// <summary>int32 copy (or this tensor).</summary>
    public Tensor @int() => to(ScalarType.Int32);

    // C# integers in in-place arithmetic stay integers (Python's ints), so that an integer tensor
    // takes them without promotion: uint8_tensor.add_(10), int_tensor *= 3.

    /// <summary>In-place add of an integer.</summary>
    public Tensor add_(long other) => add_(WrapNumber(other));
    /// <summary>In-place subtract of an integer.</summary>
    public Tensor sub_(long other) => sub_(WrapNumber(other));
    /// <summary>In-place multiply by an integer.</summary>
    public Tensor mul_(long other) => mul_(WrapNumber(other));
    /// <summary>In-place add of an integer (PyTorch's +=).</summary>
    public void operator +=(long other) => add_(other);
    /// <summary>In-place subtract of an integer (PyTorch's -=).</summary>
    public void operator -=(long other) => sub_(other);
    /// <summary>In-place multiply by an integer (PyTorch's *=).</summary>
    public void operator *=(long other) => mul_(other);

    // Comparisons with C# integers compare as integers (an integer tensor's own dtype, wrapping as
    // PyTorch's cast of the scalar does: uint8_tensor > 300 compares with 44).

    /// <summary>Elementwise equal an integer (a bool tensor).</summary>
    public static Tensor operator ==(Tensor a, long b) => Ops.Comparison.Eq(a, WrapNumber(b));
    /// <summary>Elementwise: an integer equal the tensor (a bool tensor).</summary>
    public static Tensor operator ==(long a, Tensor b) => Ops.Comparison.Eq(WrapNumber(a), b);

    /// <summary>Elementwise not equal an integer (a bool tensor).</summary>
    public static Tensor operator !=(Tensor a, long b) => Ops.Comparison.Ne(a, WrapNumber(b));
    /// <summary>Elementwise: an integer not equal the tensor (a bool tensor).</summary>
    public static Tensor operator !=(long a, Tensor b) => Ops.Comparison.Ne(WrapNumber(a), b);

    /// <summary>Elementwise less than an integer (a bool tensor).</summary>
    public static Tensor operator <(Tensor a, long b) => Ops.Comparison.Lt(a, WrapNumber(b));
    /// <summary>Elementwise: an integer less than the tensor (a bool tensor).</summary>
    public static Tensor operator <(long a, Tensor b) => Ops.Comparison.Lt(WrapNumber(a), b);

    /// <summary>Elementwise at most an integer (a bool tensor).</summary>
    public static Tensor operator <=(Tensor a, long b) => Ops.Comparison.Le(a, WrapNumber(b));
    /// <summary>Elementwise: an integer at most the tensor (a bool tensor).</summary>
    public static Tensor operator <=(long a, Tensor b) => Ops.Comparison.Le(WrapNumber(a), b);

    /// <summary>Elementwise greater than an integer (a bool tensor).</summary>
    public static Tensor operator >(Tensor a, long b) => Ops.Comparison.Gt(a, WrapNumber(b));
    /// <summary>Elementwise: an integer greater than the tensor (a bool tensor).</summary>
    public static Tensor operator >(long a, Tensor b) => Ops.Comparison.Gt(WrapNumber(a), b);

    /// <summary>Elementwise at least an integer (a bool tensor).</summary>
    public static Tensor operator >=(Tensor a, long b) => Ops.Comparison.Ge(a, WrapNumber(b));
    /// <summary>Elementwise: an integer at least the tensor (a bool tensor).</summary>
    public static Tensor operator >=(long a, Tensor b) => Ops.Comparison.Ge(WrapNumber(a), b);
}
