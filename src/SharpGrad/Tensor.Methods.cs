using SharpGrad.Ops;

namespace SharpGrad;

// The method forms of PyTorch's tensor ops. Each forwards to its op family in Ops/.
public sealed partial class Tensor
{
    // ------------------------------------------------------------------ arithmetic
    /// <summary>Elementwise sum <c>input + alpha·other</c>, broadcasting.</summary>
    public Tensor add(Tensor other, double alpha = 1) => Arithmetic.Add(this, other, alpha);
    /// <summary>Elementwise sum <c>input + alpha·other</c>, broadcasting.</summary>
    public Tensor add(double other) => this + other;
    /// <summary>Elementwise difference <c>input - alpha·other</c>, broadcasting.</summary>
    public Tensor sub(Tensor other, double alpha = 1) => Arithmetic.Sub(this, other, alpha);
    /// <summary>Elementwise difference <c>input - alpha·other</c>, broadcasting.</summary>
    public Tensor sub(double other) => this - other;
    /// <summary>Elementwise product, broadcasting.</summary>
    public Tensor mul(Tensor other) => Arithmetic.Mul(this, other);
    /// <summary>Elementwise product, broadcasting.</summary>
    public Tensor mul(double other) => this * other;
    /// <summary>Elementwise true division (integral inputs give float32), broadcasting.</summary>
    public Tensor div(Tensor other) => Arithmetic.Div(this, other);
    /// <summary>Elementwise true division (integral inputs give float32), broadcasting.</summary>
    public Tensor div(double other) => this / other;
    /// <summary>Elementwise negation.</summary>
    public Tensor neg() => Arithmetic.Neg(this);
    /// <summary>Elementwise power.</summary>
    public Tensor pow(double exponent) => Arithmetic.Pow(this, exponent);
    /// <summary>Elementwise power.</summary>
    public Tensor pow(Tensor exponent) => exponent.IsWrappedNumber
        ? Arithmetic.Pow(this, exponent.item())
        : Arithmetic.Pow(this, exponent);

    // ------------------------------------------------------------------ elementwise math
    /// <summary>Elementwise eˣ.</summary>
    public Tensor exp() => UnaryMath.Exp(this);
    /// <summary>Elementwise natural logarithm.</summary>
    public Tensor log() => UnaryMath.Log(this);
    /// <summary>Elementwise log(1 + x), accurate for small x.</summary>
    public Tensor log1p() => UnaryMath.Log1p(this);
    /// <summary>Elementwise square root.</summary>
    public Tensor sqrt() => UnaryMath.Sqrt(this);
    /// <summary>Elementwise absolute value.</summary>
    public Tensor abs() => UnaryMath.Abs(this);
    /// <summary>Elementwise sign: -1, 0 or 1.</summary>
    public Tensor sign() => UnaryMath.Sign(this);
    /// <summary>Elementwise sine.</summary>
    public Tensor sin() => UnaryMath.Sin(this);
    /// <summary>Elementwise cosine.</summary>
    public Tensor cos() => UnaryMath.Cos(this);
    /// <summary>Elementwise hyperbolic tangent.</summary>
    public Tensor tanh() => UnaryMath.Tanh(this);
    /// <summary>Elementwise logistic sigmoid 1 / (1 + e⁻ˣ).</summary>
    public Tensor sigmoid() => UnaryMath.Sigmoid(this);
    /// <summary>Elementwise max(x, 0).</summary>
    public Tensor relu() => UnaryMath.Relu(this);
    /// <summary>Elementwise 1 / x.</summary>
    public Tensor reciprocal() => UnaryMath.Reciprocal(this);
    /// <summary>Elementwise the error function.</summary>
    public Tensor erf() => UnaryMath.Erf(this);
    /// <summary>Elementwise the complementary error function 1 − erf(x).</summary>
    public Tensor erfc() => UnaryMath.Erfc(this);
    /// <summary>Elementwise tangent.</summary>
    public Tensor tan() => UnaryMath.Tan(this);
    /// <summary>Elementwise arctangent.</summary>
    public Tensor atan() => UnaryMath.Atan(this);
    /// <summary>Elementwise arcsine.</summary>
    public Tensor asin() => UnaryMath.Asin(this);
    /// <summary>Elementwise arccosine.</summary>
    public Tensor acos() => UnaryMath.Acos(this);
    /// <summary>Elementwise hyperbolic sine.</summary>
    public Tensor sinh() => UnaryMath.Sinh(this);
    /// <summary>Elementwise hyperbolic cosine.</summary>
    public Tensor cosh() => UnaryMath.Cosh(this);
    /// <summary>Elementwise base-2 logarithm.</summary>
    public Tensor log2() => UnaryMath.Log2(this);
    /// <summary>Elementwise base-10 logarithm.</summary>
    public Tensor log10() => UnaryMath.Log10(this);
    /// <summary>Elementwise 2ˣ.</summary>
    public Tensor exp2() => UnaryMath.Exp2(this);
    /// <summary>Elementwise eˣ − 1, accurate for small x.</summary>
    public Tensor expm1() => UnaryMath.Expm1(this);
    /// <summary>Elementwise 1 / √x.</summary>
    public Tensor rsqrt() => UnaryMath.Rsqrt(this);
    /// <summary>Elementwise floor.</summary>
    public Tensor floor() => UnaryMath.Floor(this);
    /// <summary>Elementwise ceiling.</summary>
    public Tensor ceil() => UnaryMath.Ceil(this);
    /// <summary>Elementwise rounding half to even.</summary>
    public Tensor round() => UnaryMath.Round(this);
    /// <summary>Elementwise rounding toward zero.</summary>
    public Tensor trunc() => UnaryMath.Trunc(this);
    /// <summary>Elementwise fractional part x − trunc(x).</summary>
    public Tensor frac() => UnaryMath.Frac(this);
    /// <summary>Elementwise x².</summary>
    public Tensor square() => this * this;
    /// <summary>Elementwise clamp into [min, max] (either bound may be omitted).</summary>
    public Tensor clamp(double? min = null, double? max = null) => Selection.Clamp(this, min, max);
    /// <summary>Alias of clamp.</summary>
    public Tensor clip(double? min = null, double? max = null) => Selection.Clamp(this, min, max);
    /// <summary>Elementwise max(x, min).</summary>
    public Tensor clamp_min(double min) => Selection.Clamp(this, min, null);
    /// <summary>Elementwise min(x, max).</summary>
    public Tensor clamp_max(double max) => Selection.Clamp(this, null, max);
    /// <summary>Elementwise maximum of two tensors (NaN propagates).</summary>
    public Tensor maximum(Tensor other) => Selection.Maximum(this, other);
    /// <summary>Elementwise minimum of two tensors (NaN propagates).</summary>
    public Tensor minimum(Tensor other) => Selection.Minimum(this, other);
    /// <summary>Bool tensor: true where the element is NaN.</summary>
    public Tensor isnan() => Comparison.IsNan(this);

    // ------------------------------------------------------------------ comparisons
    /// <summary>Elementwise ==, a bool tensor.</summary>
    public Tensor eq(Tensor other) => Comparison.Eq(this, other);
    /// <summary>Elementwise !=, a bool tensor.</summary>
    public Tensor ne(Tensor other) => Comparison.Ne(this, other);
    /// <summary>Elementwise &lt;, a bool tensor.</summary>
    public Tensor lt(Tensor other) => Comparison.Lt(this, other);
    /// <summary>Elementwise &lt;=, a bool tensor.</summary>
    public Tensor le(Tensor other) => Comparison.Le(this, other);
    /// <summary>Elementwise &gt;, a bool tensor.</summary>
    public Tensor gt(Tensor other) => Comparison.Gt(this, other);
    /// <summary>Elementwise &gt;=, a bool tensor.</summary>
    public Tensor ge(Tensor other) => Comparison.Ge(this, other);
    /// <summary>Elementwise logical not (a bool tensor).</summary>
    public Tensor logical_not() => Comparison.LogicalNot(this);
    /// <summary>Elementwise logical and (a bool tensor).</summary>
    public Tensor logical_and(Tensor other) => Comparison.LogicalAnd(this, other);
    /// <summary>Elementwise logical or (a bool tensor).</summary>
    public Tensor logical_or(Tensor other) => Comparison.LogicalOr(this, other);
    /// <summary>Elementwise logical xor (a bool tensor).</summary>
    public Tensor logical_xor(Tensor other) => Comparison.LogicalXor(this, other);
    /// <summary>0-dim bool tensor: true when every element is non-zero.</summary>
    public Tensor all() => Comparison.All(this);
    /// <summary>0-dim bool tensor: true when some element is non-zero.</summary>
    public Tensor any() => Comparison.Any(this);
    /// <summary>True when both tensors have the same shape and values.</summary>
    public bool equal(Tensor other) => Comparison.Equal(this, other);
    /// <summary>True when |this - other| &lt;= atol + rtol·|other| everywhere.</summary>
    public bool allclose(Tensor other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false)
        => Comparison.AllClose(this, other, rtol, atol, equal_nan);

    // ------------------------------------------------------------------ reductions
    // A whole-tensor reduction and a one-dim reduction share one overload (dim: null = all dims):
    // a separate sum(ScalarType) overload would capture sum(0), since C# converts literal 0 to any enum.
    /// <summary>Sum of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim). Integral inputs sum to int64.</summary>
    public Tensor sum(long? dim = null, bool keepdim = false, ScalarType? dtype = null)
        => Reduction.Sum(this, dim is { } d ? [(int)d] : null, keepdim, dtype);
    /// <summary>Sum of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim). Integral inputs sum to int64.</summary>
    public Tensor sum(long[] dim, bool keepdim = false, ScalarType? dtype = null) => Reduction.Sum(this, Reduction.ToInt(dim), keepdim, dtype);
    /// <summary>Mean of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim).</summary>
    public Tensor mean(long? dim = null, bool keepdim = false, ScalarType? dtype = null)
        => Reduction.Mean(this, dim is { } d ? [(int)d] : null, keepdim, dtype);
    /// <summary>Mean of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim).</summary>
    public Tensor mean(long[] dim, bool keepdim = false, ScalarType? dtype = null) => Reduction.Mean(this, Reduction.ToInt(dim), keepdim, dtype);

    // ------------------------------------------------------------------ linear algebra
    /// <summary>Matrix product of two 2-D tensors.</summary>
    public Tensor mm(Tensor mat2) => LinearAlgebra.Mm(this, mat2);
    /// <summary>Matrix product by the operands' ranks: dot, matrix-vector, matrix-matrix or broadcast batched.</summary>
    public Tensor matmul(Tensor other) => LinearAlgebra.Matmul(this, other);
    /// <summary>Batched matrix product of two 3-D tensors.</summary>
    public Tensor bmm(Tensor mat2) => LinearAlgebra.Bmm(this, mat2);
    /// <summary>Dot product of two 1-D tensors.</summary>
    public Tensor dot(Tensor other) => LinearAlgebra.Dot(this, other);
    /// <summary>Matrix-vector product.</summary>
    public Tensor mv(Tensor vec) => LinearAlgebra.Mv(this, vec);
    /// <summary>Transpose of a tensor of at most 2 dimensions (a view).</summary>
    public Tensor t() => Shape.T(this);
    /// <summary>Transpose of a 2-D tensor (PyTorch's <c>.T</c>).</summary>
    public Tensor T => Sizes.Length <= 2 ? Shape.T(this) : permute(Enumerable.Range(0, Sizes.Length).Reverse().Select(i => (long)i).ToArray());
    /// <summary>Swaps two dimensions (a view).</summary>
    public Tensor transpose(long dim0, long dim1) => Shape.Transpose(this, dim0, dim1);

    // ------------------------------------------------------------------ shape
    /// <summary>The same elements in a new shape (a view when the layout allows, else a copy); one size may be -1.</summary>
    public Tensor reshape(params long[] shape) => Shape.Reshape(this, shape);
    /// <summary>The same storage in a new shape; fails when the layout does not allow it (use reshape).</summary>
    public Tensor view(params long[] shape) => Shape.View(this, shape);
    /// <summary>view with another tensor's shape.</summary>
    public Tensor view_as(Tensor other) => Shape.View(this, other.shape);
    /// <summary>reshape to another tensor's shape.</summary>
    public Tensor reshape_as(Tensor other) => Shape.Reshape(this, other.shape);
    /// <summary>Merges dimensions start_dim..end_dim into one.</summary>
    public Tensor flatten(long start_dim = 0, long end_dim = -1) => Shape.Flatten(this, start_dim, end_dim);
    /// <summary>Removes dimensions of size 1 (all of them, or only the one given), as a view.</summary>
    public Tensor squeeze() => Shape.Squeeze(this, null);
    /// <summary>Removes dimensions of size 1 (all of them, or only the one given), as a view.</summary>
    public Tensor squeeze(long dim) => Shape.Squeeze(this, dim);
    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/> (a view).</summary>
    public Tensor unsqueeze(long dim) => Shape.Unsqueeze(this, dim);
    /// <summary>Broadcasts size-1 dimensions to the given sizes without copying (-1 keeps a size).</summary>
    public Tensor expand(params long[] sizes) => Shape.Expand(this, sizes);
    /// <summary>expand to another tensor's shape.</summary>
    public Tensor expand_as(Tensor other) => Shape.Expand(this, other.shape);
    /// <summary>Reorders the dimensions (a view).</summary>
    public Tensor permute(params long[] dims) => Shape.Permute(this, dims);
    /// <summary>This tensor when contiguous, else a contiguous copy.</summary>
    public Tensor contiguous() => Shape.Contiguous(this);
    /// <summary>A copy with its own storage (differentiable).</summary>
    public Tensor clone() => Shape.Clone(this);

    // ------------------------------------------------------------------ in place
    // Every in-place op checks PyTorch's leaf rule and bumps the version counter; when autograd
    // must record it, the out-of-place op runs on a clone and this tensor takes over its history.

    private void CheckInPlace() => CheckInPlaceWrite(null);

    private bool TracksInPlace(Tensor? other)
        => (GradMode.Enabled && (requires_grad || (other is not null && other.requires_grad)))
           || (ForwardAD.Active && (ForwardAD.HasTangent(this) || (other is not null && ForwardAD.HasTangent(other))));

    /// <summary>Writes an out-of-place result into this tensor and adopts its grad_fn.</summary>
    private Tensor AdoptInPlace(Tensor result)
    {
        if (ViewBase is not null && (ViewBase.requires_grad || result.requires_grad))
            throw new NotSupportedException(
                "SharpGrad does not record in-place operations on views of tensors that take part in autograd; use the out-of-place form (e.g. x = x + y) instead.");
        if (!SameShape(result.Sizes, Sizes))
            throw new ArgumentException(
                $"output with shape {ShapeString(Sizes)} doesn't match the broadcast shape {ShapeString(result.Sizes)}");
        Ops.Copy.Into(result, this);
        SharedStorage.Version++;
        if (result.GradFn is { } node) SetHistory(node);
        Tangent = result.Tangent;
        TangentLevel = result.TangentLevel;
        return this;
    }

    private void CheckCastable(Tensor other)
    {
        var common = ResultType(this, other);
        if (ScalarTypeExtensions.Promote(common, ElementType) != ElementType)
            throw new InvalidOperationException(
                $"result type {CastName(common)} can't be cast to the desired output type {CastName(ElementType)}");
        static string CastName(ScalarType t) => t.CTypeName();
    }

    private void CheckBroadcastsInto(Tensor other)
    {
        if (!IsExpandableTo(other.Sizes, Sizes))
            throw new ArgumentException(
                $"output with shape {ShapeString(Sizes)} doesn't match the broadcast shape {ShapeString(BroadcastShapes(Sizes, other.Sizes))}");
    }

    private Tensor BinaryInPlace<TF, TD, TL>(Tensor other, Func<Tensor, Tensor, Tensor> outOfPlace)
        where TF : Kernels.IBinaryOp<TF, float, float>
        where TD : Kernels.IBinaryOp<TD, double, double>
        where TL : Kernels.IBinaryOp<TL, long, long>
    {
        CheckInPlace();
        CheckCastable(other);
        CheckBroadcastsInto(other);
        if (TracksInPlace(other)) return AdoptInPlace(outOfPlace(clone(), other));
        Ops.Dispatch.BinaryInto<TF, TD, TL>(this, other.ToDTypeIfNeeded(ElementType), this);
        SharedStorage.Version++;
        return this;
    }

    /// <summary>In-place add (bumps the version counter).</summary>
    public Tensor add_(Tensor other, double alpha = 1) => alpha == 1
        ? BinaryInPlace<Kernels.AddOp, Kernels.AddOp, Kernels.AddOp>(other, (a, b) => a + b)
        : TryFusedAddScaledInPlace(other, alpha) ?? add_(other * alpha);
    /// <summary>In-place add (bumps the version counter).</summary>
    public Tensor add_(double other) => add_(WrapNumber(other));
    /// <summary>In-place subtract.</summary>
    public Tensor sub_(Tensor other, double alpha = 1) => alpha == 1
        ? BinaryInPlace<Kernels.SubOp, Kernels.SubOp, Kernels.SubOp>(other, (a, b) => a - b)
        : TryFusedAddScaledInPlace(other, -alpha) ?? sub_(other * alpha);

    /// <summary>
    /// <c>this += alpha * other</c> in one fused multiply-add pass (as PyTorch's CPU kernel computes
    /// it), for the common optimizer update <c>p.add_(grad, alpha: -lr)</c>: same shape and
    /// floating dtype, both contiguous, no autograd to record. Null where it does not apply.
    /// </summary>
    private Tensor? TryFusedAddScaledInPlace(Tensor other, double alpha)
    {
        if (other.ElementType != ElementType || !IsContiguous || !other.IsContiguous || !SameShape(other)
            || ElementType is not (ScalarType.Float32 or ScalarType.Float64))
            return null;
        CheckInPlace();
        if (TracksInPlace(other)) return null;
        if (ElementType == ScalarType.Float32)
        {
            Span<float> self = ContiguousSpan<float>(), src = other.ContiguousSpan<float>();
            // The same memory (x.add_(x, alpha)) is fine elementwise; a shifted overlap is left to the general path.
            if (self.Overlaps(src, out int shift) && shift != 0) return null;
            System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(src, (float)alpha, self, self);
        }
        else
        {
            Span<double> self = ContiguousSpan<double>(), src = other.ContiguousSpan<double>();
            if (self.Overlaps(src, out int shift) && shift != 0) return null;
            System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(src, alpha, self, self);
        }
        GC.KeepAlive(other);
        SharedStorage.Version++;
        return this;
    }
    /// <summary>In-place subtract.</summary>
    public Tensor sub_(double other) => sub_(WrapNumber(other));
    /// <summary>In-place multiply.</summary>
    public Tensor mul_(Tensor other) => BinaryInPlace<Kernels.MulOp, Kernels.MulOp, Kernels.MulOp>(other, (a, b) => a * b);
    /// <summary>In-place multiply.</summary>
    public Tensor mul_(double other) => mul_(WrapNumber(other));
    /// <summary>In-place divide.</summary>
    public Tensor div_(Tensor other)
    {
        if (!ElementType.IsFloatingPoint())
            throw new InvalidOperationException($"result type Float can't be cast to the desired output type {ElementType.CTypeName()}");
        return BinaryInPlace<Kernels.DivOp, Kernels.DivOp, Kernels.DivOp>(other, (a, b) => a / b);
    }
    /// <summary>In-place divide.</summary>
    public Tensor div_(double other) => div_(WrapNumber(other));

    /// <summary>Accumulates a gradient with no autograd checks (AccumulateGrad's in-place add).</summary>
    internal void AddInPlaceUntracked(Tensor other)
    {
        Ops.Dispatch.BinaryInto<Kernels.AddOp, Kernels.AddOp, Kernels.AddOp>(this, other.ToDTypeIfNeeded(ElementType), this);
        SharedStorage.Version++;
    }

    /// <summary>Fills with zeros in place.</summary>
    public Tensor zero_() => fill_(0.0);

    /// <summary>Fills with a value in place.</summary>
    public Tensor fill_(double value)
    {
        CheckInPlace();
        if (TracksInPlace(null)) return AdoptInPlace(torch.zeros_like(this) + value);
        var view = this;
        if (ElementType.ComputeType() != ElementType) CheckFillValue(value, ElementType);
        switch (ElementType)
        {
            case ScalarType.Float32: FillView(view, (float)value); break;
            case ScalarType.Float64: FillView(view, value); break;
            case ScalarType.Int64: FillView(view, (long)value); break;
            case ScalarType.Bool: FillView(view, value != 0); break;
            // The value converted once as a conversion to the dtype converts it (wrapping, rounding).
            case ScalarType.UInt8: FillView(view, Kernels.ScalarConversion.Convert<double, byte>(value)); break;
            case ScalarType.Int8: FillView(view, Kernels.ScalarConversion.Convert<double, sbyte>(value)); break;
            case ScalarType.Int16: FillView(view, Kernels.ScalarConversion.Convert<double, short>(value)); break;
            case ScalarType.Int32: FillView(view, Kernels.ScalarConversion.Convert<double, int>(value)); break;
            case ScalarType.Float16: FillView(view, Kernels.ScalarConversion.Convert<double, Half>(value)); break;
            case ScalarType.BFloat16: FillView(view, Kernels.ScalarConversion.Convert<double, BFloat16>(value)); break;
            default: throw new NotSupportedException($"fill_: unsupported dtype {ElementType.TorchName()}");
        }
        SharedStorage.Version++;
        return this;

        static void FillView<T>(Tensor t, T v) // unconstrained: see docs/PERFORMANCE.md, 'Generic instantiations'
        {
            if (t.IsContiguous) { Kernels.ElementwiseLoops.Fill(t.ContiguousSpan<T>(), v); return; }
            Ops.Copy.Into(Scalar(v), t);
        }
    }

    /// <summary>c10's <c>overflows</c> check of a fill value (a Scalar converted with <c>to&lt;T&gt;()</c>):
    /// out of the dtype's range throws PyTorch's message; negative integers may wrap into an unsigned
    /// dtype (two's complement), infinities fill a floating dtype.</summary>
    private static void CheckFillValue(double value, ScalarType dtype)
    {
        var (lowest, max, cName) = dtype switch
        {
            ScalarType.UInt8 => (0.0, 255.0, "uint8_t"),
            ScalarType.Int8 => (-128.0, 127.0, "int8_t"),
            ScalarType.Int16 => (-32768.0, 32767.0, "int16_t"),
            ScalarType.Int32 => (-2147483648.0, 2147483647.0, "int"),
            ScalarType.Float16 => (-65504.0, 65504.0, "c10::Half"),
            ScalarType.BFloat16 => (-3.3895313892515355e38, 3.3895313892515355e38, "c10::BFloat16"),   // ±0x7F7F
            _ => throw new NotSupportedException($"fill_: unsupported dtype {dtype.TorchName()}"),
        };
        bool overflows;
        if (dtype.IsFloatingPoint())
            overflows = !double.IsInfinity(value) && (value < lowest || value > max);   // NaN fills
        else if (double.IsNaN(value))
            overflows = true;
        else if (dtype == ScalarType.UInt8 && value < 0 && value == Math.Floor(value))
            overflows = -value > max;   // an integer may wrap: -1 fills 255
        else
            overflows = value < lowest || value > max;
        if (overflows) throw new ArgumentException($"value cannot be converted to type {cName} without overflow");
    }

    /// <summary>Fills with a value in place.</summary>
    public Tensor fill_(Tensor value)
    {
        if (value.dim() != 0)
            throw new ArgumentException($"fill_ only supports 0-dimension value tensor but got tensor with {value.dim()} dimensions.");
        return fill_(value.item());
    }

    /// <summary>Copies <paramref name="src"/> (broadcast, converted) into this tensor.</summary>
    public Tensor copy_(Tensor src)
    {
        CheckInPlace();
        CheckBroadcastsInto(src);
        if (TracksInPlace(src)) return AdoptInPlace(Ops.Shape.Expand(src.to(ElementType), shape).clone());
        Ops.Copy.Into(src, this);
        SharedStorage.Version++;
        return this;
    }

    /// <summary>Clamps in place.</summary>
    public Tensor clamp_(double? min = null, double? max = null)
    {
        CheckInPlace();
        var result = Selection.Clamp(TracksInPlace(null) ? clone() : this, min, max);
        if (TracksInPlace(null)) return AdoptInPlace(result);
        Ops.Copy.Into(result, this);
        SharedStorage.Version++;
        return this;
    }

    /// <summary>ReLU in place.</summary>
    public Tensor relu_()
    {
        CheckInPlace();
        if (TracksInPlace(null)) return AdoptInPlace(UnaryMath.Relu(clone()));
        return clamp_(min: 0);
    }
}

public sealed partial class Tensor
{
    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="dim"/> (a view).</summary>
    public Tensor select(long dim, long index) => Views.Select(this, dim, index);
    /// <summary>A view of <paramref name="length"/> entries from <paramref name="start"/> along <paramref name="dim"/>.</summary>
    public Tensor narrow(long dim, long start, long length) => Views.Narrow(this, dim, start, length);
    /// <summary>A view of a[start:end:step] along <paramref name="dim"/>.</summary>
    public Tensor slice(long dim, long? start, long? end, long step = 1) => Views.Slice(this, dim, start, end, step);

    /// <summary>Writes one element (flat index into a contiguous tensor) without autograd.</summary>
    internal static void SetFlat(Tensor t, int index, double value)
    {
        switch (t.ElementType)
        {
            case ScalarType.Float32: t.Data<float>()[t.StorageOffset + index] = (float)value; break;
            case ScalarType.Float64: t.Data<double>()[t.StorageOffset + index] = value; break;
            case ScalarType.Int64: t.Data<long>()[t.StorageOffset + index] = (long)value; break;
            case ScalarType.Bool: t.Data<bool>()[t.StorageOffset + index] = value != 0; break;
            case ScalarType.UInt8: t.Data<byte>()[t.StorageOffset + index] = Kernels.ScalarConversion.Convert<double, byte>(value); break;
            case ScalarType.Int8: t.Data<sbyte>()[t.StorageOffset + index] = Kernels.ScalarConversion.Convert<double, sbyte>(value); break;
            case ScalarType.Int16: t.Data<short>()[t.StorageOffset + index] = Kernels.ScalarConversion.Convert<double, short>(value); break;
            case ScalarType.Int32: t.Data<int>()[t.StorageOffset + index] = Kernels.ScalarConversion.Convert<double, int>(value); break;
            case ScalarType.Float16: t.Data<Half>()[t.StorageOffset + index] = Kernels.ScalarConversion.Convert<double, Half>(value); break;
            case ScalarType.BFloat16: t.Data<BFloat16>()[t.StorageOffset + index] = Kernels.ScalarConversion.Convert<double, BFloat16>(value); break;
            default: throw new NotSupportedException($"unsupported dtype {t.ElementType.TorchName()}");
        }
    }
}

public sealed partial class Tensor
{
    /// <summary>Reads one element by flat row-major index (any layout), as a double.</summary>
    internal double ReadFlat(int index)
    {
        int off = StorageOffset;
        for (int d = Sizes.Length - 1; d >= 0; d--)
        {
            int i = index % Sizes[d];
            index /= Sizes[d];
            off += i * Strides[d];
        }
        return ElementType switch
        {
            ScalarType.Float32 => Data<float>()[off],
            ScalarType.Float64 => Data<double>()[off],
            ScalarType.Int64 => Data<long>()[off],
            ScalarType.Bool => Data<bool>()[off] ? 1 : 0,
            ScalarType.UInt8 => Data<byte>()[off],
            ScalarType.Int8 => Data<sbyte>()[off],
            ScalarType.Int16 => Data<short>()[off],
            ScalarType.Int32 => Data<int>()[off],
            ScalarType.Float16 => (double)Data<Half>()[off],
            ScalarType.BFloat16 => (double)Data<BFloat16>()[off],
            _ => throw new NotSupportedException($"unsupported dtype {ElementType.TorchName()}"),
        };
    }
}
