using SharpGrad.Ops;

namespace SharpGrad;

// C# operators with PyTorch's meaning. A C# number on either side is a "wrapped number": it never
// changes the tensor's dtype (float32 + 2.5 stays float32; int64 + 2.5 becomes float32).
public sealed partial class Tensor
{
    /// <summary>Elementwise addition (broadcasting; a C# number keeps the tensor's dtype).</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Arithmetic.Add(a, b);
    /// <summary>Elementwise addition (broadcasting; a C# number keeps the tensor's dtype).</summary>
    public static Tensor operator +(Tensor a, double b) => Arithmetic.Add(a, WrapNumber(b));
    /// <summary>Elementwise addition (broadcasting; a C# number keeps the tensor's dtype).</summary>
    public static Tensor operator +(double a, Tensor b) => Arithmetic.Add(b, WrapNumber(a));
    /// <summary>Elementwise addition (broadcasting; a C# number keeps the tensor's dtype).</summary>
    public static Tensor operator +(Tensor a, long b) => Arithmetic.Add(a, WrapNumber(b));
    /// <summary>Elementwise addition (broadcasting; a C# number keeps the tensor's dtype).</summary>
    public static Tensor operator +(long a, Tensor b) => Arithmetic.Add(b, WrapNumber(a));

    /// <summary>Elementwise subtraction, or negation.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Arithmetic.Sub(a, b);
    /// <summary>Elementwise subtraction, or negation.</summary>
    public static Tensor operator -(Tensor a, double b) => Arithmetic.Sub(a, WrapNumber(b));
    /// <summary>Elementwise subtraction, or negation.</summary>
    public static Tensor operator -(double a, Tensor b) => Arithmetic.RSub(b, WrapNumber(a));
    /// <summary>Elementwise subtraction, or negation.</summary>
    public static Tensor operator -(Tensor a, long b) => Arithmetic.Sub(a, WrapNumber(b));
    /// <summary>Elementwise subtraction, or negation.</summary>
    public static Tensor operator -(long a, Tensor b) => Arithmetic.RSub(b, WrapNumber(a));

    /// <summary>Elementwise multiplication.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Arithmetic.Mul(a, b);
    /// <summary>Elementwise multiplication.</summary>
    public static Tensor operator *(Tensor a, double b) => Arithmetic.Mul(a, WrapNumber(b));
    /// <summary>Elementwise multiplication.</summary>
    public static Tensor operator *(double a, Tensor b) => Arithmetic.Mul(b, WrapNumber(a));
    /// <summary>Elementwise multiplication.</summary>
    public static Tensor operator *(Tensor a, long b) => Arithmetic.Mul(a, WrapNumber(b));
    /// <summary>Elementwise multiplication.</summary>
    public static Tensor operator *(long a, Tensor b) => Arithmetic.Mul(b, WrapNumber(a));

    /// <summary>Elementwise true division.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Arithmetic.Div(a, b);
    /// <summary>Elementwise true division.</summary>
    public static Tensor operator /(Tensor a, double b) => Arithmetic.Div(a, WrapNumber(b));
    /// <summary>Elementwise true division.</summary>
    public static Tensor operator /(double a, Tensor b) => UnaryMath.Reciprocal(b) * a;
    /// <summary>Elementwise true division.</summary>
    public static Tensor operator /(Tensor a, long b) => Arithmetic.Div(a, WrapNumber(b));
    /// <summary>Elementwise true division.</summary>
    public static Tensor operator /(long a, Tensor b) => UnaryMath.Reciprocal(b) * a;

    /// <summary>Elementwise subtraction, or negation.</summary>
    public static Tensor operator -(Tensor a) => Arithmetic.Neg(a);

    /// <summary>Logical not of a bool tensor (PyTorch's <c>~mask</c>).</summary>
    public static Tensor operator !(Tensor a) => Comparison.LogicalNot(a);
    /// <summary>Logical not of a bool tensor.</summary>
    public static Tensor operator ~(Tensor a) => Comparison.LogicalNot(a);
    /// <summary>Elementwise logical and.</summary>
    public static Tensor operator &(Tensor a, Tensor b) => Comparison.LogicalAnd(a, b);
    /// <summary>Elementwise logical or.</summary>
    public static Tensor operator |(Tensor a, Tensor b) => Comparison.LogicalOr(a, b);
    /// <summary>Elementwise logical xor.</summary>
    public static Tensor operator ^(Tensor a, Tensor b) => Comparison.LogicalXor(a, b);

    /// <summary>Reference equality: <c>==</c> is elementwise, so object identity stays with Equals.</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    /// <summary>Identity hash.</summary>
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    // Comparisons give bool tensors, as in PyTorch: `x.grad == 4 * x`. Test a reference for null with `is null`.
    /// <summary>Elementwise equality: a bool tensor.</summary>
    public static Tensor operator ==(Tensor a, Tensor b) => Comparison.Eq(a, b);
    /// <summary>Elementwise inequality: a bool tensor.</summary>
    public static Tensor operator !=(Tensor a, Tensor b) => Comparison.Ne(a, b);
    /// <summary>Elementwise equality: a bool tensor.</summary>
    public static Tensor operator ==(Tensor a, double b) => Comparison.Eq(a, WrapNumber(b));
    /// <summary>Elementwise inequality: a bool tensor.</summary>
    public static Tensor operator !=(Tensor a, double b) => Comparison.Ne(a, WrapNumber(b));
    /// <summary>Elementwise &lt;: a bool tensor.</summary>
    public static Tensor operator <(Tensor a, Tensor b) => Comparison.Lt(a, b);
    /// <summary>Elementwise &lt;=: a bool tensor.</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => Comparison.Le(a, b);
    /// <summary>Elementwise &gt;: a bool tensor.</summary>
    public static Tensor operator >(Tensor a, Tensor b) => Comparison.Gt(a, b);
    /// <summary>Elementwise &gt;=: a bool tensor.</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => Comparison.Ge(a, b);
    /// <summary>Elementwise &lt;: a bool tensor.</summary>
    public static Tensor operator <(Tensor a, double b) => Comparison.Lt(a, WrapNumber(b));
    /// <summary>Elementwise &lt;=: a bool tensor.</summary>
    public static Tensor operator <=(Tensor a, double b) => Comparison.Le(a, WrapNumber(b));
    /// <summary>Elementwise &gt;: a bool tensor.</summary>
    public static Tensor operator >(Tensor a, double b) => Comparison.Gt(a, WrapNumber(b));
    /// <summary>Elementwise &gt;=: a bool tensor.</summary>
    public static Tensor operator >=(Tensor a, double b) => Comparison.Ge(a, WrapNumber(b));
    /// <summary>Elementwise equality: a bool tensor.</summary>
    public static Tensor operator ==(double a, Tensor b) => Comparison.Eq(WrapNumber(a), b);
    /// <summary>Elementwise inequality: a bool tensor.</summary>
    public static Tensor operator !=(double a, Tensor b) => Comparison.Ne(WrapNumber(a), b);
    /// <summary>Elementwise &lt;: a bool tensor.</summary>
    public static Tensor operator <(double a, Tensor b) => Comparison.Lt(WrapNumber(a), b);
    /// <summary>Elementwise &lt;=: a bool tensor.</summary>
    public static Tensor operator <=(double a, Tensor b) => Comparison.Le(WrapNumber(a), b);
    /// <summary>Elementwise &gt;: a bool tensor.</summary>
    public static Tensor operator >(double a, Tensor b) => Comparison.Gt(WrapNumber(a), b);
    /// <summary>Elementwise &gt;=: a bool tensor.</summary>
    public static Tensor operator >=(double a, Tensor b) => Comparison.Ge(WrapNumber(a), b);

    // Compound assignments work in place (C# 14 instance operators), as `+=` does in PyTorch.
    /// <summary>In-place addition (PyTorch's +=).</summary>
    public void operator +=(Tensor other) => add_(other);
    /// <summary>In-place addition (PyTorch's +=).</summary>
    public void operator +=(double other) => add_(other);
    /// <summary>In-place subtraction (PyTorch's -=).</summary>
    public void operator -=(Tensor other) => sub_(other);
    /// <summary>In-place subtraction (PyTorch's -=).</summary>
    public void operator -=(double other) => sub_(other);
    /// <summary>In-place multiplication (PyTorch's *=).</summary>
    public void operator *=(Tensor other) => mul_(other);
    /// <summary>In-place multiplication (PyTorch's *=).</summary>
    public void operator *=(double other) => mul_(other);
    /// <summary>In-place division (PyTorch's /=).</summary>
    public void operator /=(Tensor other) => div_(other);
    /// <summary>In-place division (PyTorch's /=).</summary>
    public void operator /=(double other) => div_(other);

    /// <summary>A C# number used where a tensor is expected (<c>t[mask] = 0</c>).</summary>
    public static implicit operator Tensor(double value) => WrapNumber(value);
    /// <summary>A C# value used where a tensor is expected (a 0-dim tensor).</summary>
    public static implicit operator Tensor(float value) => WrapNumber((double)value);
    /// <summary>A C# value used where a tensor is expected (a 0-dim tensor).</summary>
    public static implicit operator Tensor(long value) => WrapNumber(value);
    /// <summary>A C# value used where a tensor is expected (a 0-dim tensor).</summary>
    public static implicit operator Tensor(int value) => WrapNumber((long)value);
    /// <summary>A C# value used where a tensor is expected (a 0-dim tensor).</summary>
    public static implicit operator Tensor(bool value) => new(new Storage<bool>([value]), [], [], 0) { IsWrappedNumber = true };

    /// <summary>PyTorch's repr: <c>tensor([[36., 54.]])</c>.</summary>
    public override string ToString()
    {
        // float16 and bfloat16 print as their float32 values (PyTorch's _tensor_str calls
        // self.float()), the narrow integer types as int64 values; the dtype suffix names the dtype.
        var data = Ops.Copy.Contiguous(ToDTypeIfNeeded(ElementType.ComputeType()));
        var array = data.StorageOffset == 0 && data.SharedStorage.Length == data.NumelInt
            ? data.SharedStorage.RawArray
            : ElementType switch
            {
                ScalarType.Float32 => data.ContiguousSpan<float>().ToArray(),
                ScalarType.Float64 => data.ContiguousSpan<double>().ToArray(),
                ScalarType.Int64 => data.ContiguousSpan<long>().ToArray(),
                ScalarType.Bool => data.ContiguousSpan<bool>().ToArray(),
                _ => throw new NotSupportedException($"unsupported dtype {data.ElementType.TorchName()}"),
            };
        var repr = Printing.TensorFormatter.Repr(array, Sizes, ElementType, GradFn?.name(), LeafRequiresGrad && GradFn is null);
        GC.KeepAlive(data); // the formatter read its array (docs/ARCHITECTURE.md, "Buffer lifetime")
        return IsParameter ? "Parameter containing:\n" + repr : repr;
    }
}
