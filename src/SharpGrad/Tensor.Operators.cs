using SharpGrad.Ops;

namespace SharpGrad;

// C# operators with PyTorch's meaning. A C# number on either side is a "wrapped number": it never
// changes the tensor's dtype (float32 + 2.5 stays float32; int64 + 2.5 becomes float32).
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Arithmetic.Add(a, b);
    public static Tensor operator +(Tensor a, double b) => Arithmetic.Add(a, WrapNumber(b));
    public static Tensor operator +(double a, Tensor b) => Arithmetic.Add(b, WrapNumber(a));
    public static Tensor operator +(Tensor a, long b) => Arithmetic.Add(a, WrapNumber(b));
    public static Tensor operator +(long a, Tensor b) => Arithmetic.Add(b, WrapNumber(a));

    public static Tensor operator -(Tensor a, Tensor b) => Arithmetic.Sub(a, b);
    public static Tensor operator -(Tensor a, double b) => Arithmetic.Sub(a, WrapNumber(b));
    public static Tensor operator -(double a, Tensor b) => Arithmetic.RSub(b, WrapNumber(a));
    public static Tensor operator -(Tensor a, long b) => Arithmetic.Sub(a, WrapNumber(b));
    public static Tensor operator -(long a, Tensor b) => Arithmetic.RSub(b, WrapNumber(a));

    public static Tensor operator *(Tensor a, Tensor b) => Arithmetic.Mul(a, b);
    public static Tensor operator *(Tensor a, double b) => Arithmetic.Mul(a, WrapNumber(b));
    public static Tensor operator *(double a, Tensor b) => Arithmetic.Mul(b, WrapNumber(a));
    public static Tensor operator *(Tensor a, long b) => Arithmetic.Mul(a, WrapNumber(b));
    public static Tensor operator *(long a, Tensor b) => Arithmetic.Mul(b, WrapNumber(a));

    public static Tensor operator /(Tensor a, Tensor b) => Arithmetic.Div(a, b);
    public static Tensor operator /(Tensor a, double b) => Arithmetic.Div(a, WrapNumber(b));
    public static Tensor operator /(double a, Tensor b) => UnaryMath.Reciprocal(b) * a;
    public static Tensor operator /(Tensor a, long b) => Arithmetic.Div(a, WrapNumber(b));
    public static Tensor operator /(long a, Tensor b) => UnaryMath.Reciprocal(b) * a;

    public static Tensor operator -(Tensor a) => Arithmetic.Neg(a);

    /// <summary>Logical not of a bool tensor (PyTorch's <c>~mask</c>).</summary>
    public static Tensor operator !(Tensor a) => Comparison.LogicalNot(a);
    public static Tensor operator ~(Tensor a) => Comparison.LogicalNot(a);
    public static Tensor operator &(Tensor a, Tensor b) => Comparison.LogicalAnd(a, b);
    public static Tensor operator |(Tensor a, Tensor b) => Comparison.LogicalOr(a, b);
    public static Tensor operator ^(Tensor a, Tensor b) => Comparison.LogicalXor(a, b);

    /// <summary>Reference equality: <c>==</c> is elementwise, so object identity stays with Equals.</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    // Comparisons give bool tensors, as in PyTorch: `x.grad == 4 * x`. Test a reference for null with `is null`.
    public static Tensor operator ==(Tensor a, Tensor b) => Comparison.Eq(a, b);
    public static Tensor operator !=(Tensor a, Tensor b) => Comparison.Ne(a, b);
    public static Tensor operator ==(Tensor a, double b) => Comparison.Eq(a, WrapNumber(b));
    public static Tensor operator !=(Tensor a, double b) => Comparison.Ne(a, WrapNumber(b));
    public static Tensor operator <(Tensor a, Tensor b) => Comparison.Lt(a, b);
    public static Tensor operator <=(Tensor a, Tensor b) => Comparison.Le(a, b);
    public static Tensor operator >(Tensor a, Tensor b) => Comparison.Gt(a, b);
    public static Tensor operator >=(Tensor a, Tensor b) => Comparison.Ge(a, b);
    public static Tensor operator <(Tensor a, double b) => Comparison.Lt(a, WrapNumber(b));
    public static Tensor operator <=(Tensor a, double b) => Comparison.Le(a, WrapNumber(b));
    public static Tensor operator >(Tensor a, double b) => Comparison.Gt(a, WrapNumber(b));
    public static Tensor operator >=(Tensor a, double b) => Comparison.Ge(a, WrapNumber(b));
    public static Tensor operator ==(double a, Tensor b) => Comparison.Eq(WrapNumber(a), b);
    public static Tensor operator !=(double a, Tensor b) => Comparison.Ne(WrapNumber(a), b);
    public static Tensor operator <(double a, Tensor b) => Comparison.Lt(WrapNumber(a), b);
    public static Tensor operator <=(double a, Tensor b) => Comparison.Le(WrapNumber(a), b);
    public static Tensor operator >(double a, Tensor b) => Comparison.Gt(WrapNumber(a), b);
    public static Tensor operator >=(double a, Tensor b) => Comparison.Ge(WrapNumber(a), b);

    // Compound assignments work in place (C# 14 instance operators), as `+=` does in PyTorch.
    public void operator +=(Tensor other) => add_(other);
    public void operator +=(double other) => add_(other);
    public void operator -=(Tensor other) => sub_(other);
    public void operator -=(double other) => sub_(other);
    public void operator *=(Tensor other) => mul_(other);
    public void operator *=(double other) => mul_(other);
    public void operator /=(Tensor other) => div_(other);
    public void operator /=(double other) => div_(other);

    /// <summary>A C# number used where a tensor is expected (<c>t[mask] = 0</c>).</summary>
    public static implicit operator Tensor(double value) => WrapNumber(value);
    public static implicit operator Tensor(float value) => WrapNumber((double)value);
    public static implicit operator Tensor(long value) => WrapNumber(value);
    public static implicit operator Tensor(int value) => WrapNumber((long)value);
    public static implicit operator Tensor(bool value) => new(new Storage<bool>([value]), [], [], 0) { _isWrappedNumber = true };

    /// <summary>PyTorch's repr: <c>tensor([[36., 54.]])</c>.</summary>
    public override string ToString()
    {
        var data = Kernels.Copy.Contiguous(this);
        var array = data._offset == 0 && data._storage.Length == data.NumelInt
            ? data._storage.RawArray
            : _dtype switch
            {
                ScalarType.Float32 => data.ContiguousSpan<float>().ToArray(),
                ScalarType.Float64 => data.ContiguousSpan<double>().ToArray(),
                ScalarType.Int64 => data.ContiguousSpan<long>().ToArray(),
                _ => (Array)data.ContiguousSpan<bool>().ToArray(),
            };
        return Printing.TensorFormatter.Repr(array, _shape, _dtype, _gradFn?.name(), _requiresGrad && _gradFn is null);
    }
}
