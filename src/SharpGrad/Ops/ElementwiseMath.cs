using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// The second group of elementwise math: inverse hyperbolic functions, atan2, fmod, remainder, lerp,
/// the isinf family and nan_to_num. Each op's forward sits next to its backward formula (as in
/// derivatives.yaml), written with differentiable tensor ops so second derivatives work.
/// </summary>
internal static class ElementwiseMath
{
    /// <summary>Floating functions of integral tensors compute in float32, as PyTorch does.</summary>
    private static ScalarType FloatingType(ScalarType t) => t.IsFloatingPoint() ? t : ScalarType.Float32;

    /// <summary>A floating-only unary function whose formula reads its input.</summary>
    private static Tensor Floating<TF, TD>(Tensor a, string node, Func<Tensor, Tensor, Tensor> backward)
        where TF : IUnaryOp<TF, float, float> where TD : IUnaryOp<TD, double, double>
        => UnaryMath.Record(a, Dispatch.Unary<TF, TD, NoLongOp>(a, FloatingType(a.ElementType)), node, UnaryMath.Saves.Input, backward);

    /// <summary>Placeholder for the int64 slot of floating-only functions (never dispatched to).</summary>
    private struct NoLongOp : IUnaryOp<NoLongOp, long, long>, IBinaryOp<NoLongOp, long, long>
    {
        public static long Invoke(long x) => throw new NotSupportedException();
        public static long Invoke(long x, long y) => throw new NotSupportedException();
    }

    // ------------------------------------------------------------------ inverse hyperbolic functions

    // asinh: grad · (x² + 1)^(−½)
    public static Tensor Asinh(Tensor a) => Floating<AsinhOp, AsinhOp>(a, "AsinhBackward0", static (g, x) => g * UnaryMath.Rsqrt(x * x + 1.0));
    // acosh: grad · (x² − 1)^(−½)
    public static Tensor Acosh(Tensor a) => Floating<AcoshOp, AcoshOp>(a, "AcoshBackward0", static (g, x) => g * UnaryMath.Rsqrt(x * x - 1.0));
    // atanh: grad / (1 − x²)
    public static Tensor Atanh(Tensor a) => Floating<AtanhOp, AtanhOp>(a, "AtanhBackward0", static (g, x) => g / (1.0 - x * x));

    // ------------------------------------------------------------------ atan2

    /// <summary>atan2(self, other), the angle of the point (other, self); integral inputs compute in float32.</summary>
    public static Tensor Atan2(Tensor a, Tensor b)
    {
        var dtype = FloatingType(Tensor.ResultType(a, b));
        var result = Dispatch.Binary<Atan2Op, Atan2Op, NoLongOp>(a, b, dtype);
        if (Autograd.NeedsGrad(a, b))
        {
            // atan2_backward: self: grad · other / (self² + other²); other: grad · −self / (self² + other²).
            var node = new BinaryBackward("Atan2Backward0", a, b,
                static (g, n) => g * (n.B / (n.A * n.A + n.B * n.B)),
                static (g, n) => g * (-n.A / (n.A * n.A + n.B * n.B)));
            result.SetHistory(node.Save(a, b));
        }
        return result;
    }

    // ------------------------------------------------------------------ fmod / remainder

    /// <summary>fmod: the remainder of truncated division (the dividend's sign). self's gradient is
    /// grad; other's is −grad · trunc(self / other).</summary>
    public static Tensor Fmod(Tensor a, Tensor b)
    {
        var result = Modulo<FmodOp, FmodOp, FmodOp>(a, b, "fmod");
        return RecordModulo(a, b, result, "FmodBackward", static (g, n) => -g * UnaryMath.Trunc(n.A / n.B));
    }

    /// <summary>remainder: Python's modulus (the divisor's sign). self's gradient is grad; other's is
    /// −grad · floor(self / other).</summary>
    public static Tensor Remainder(Tensor a, Tensor b)
    {
        var result = Modulo<RemainderOp, RemainderOp, RemainderOp>(a, b, "remainder");
        return RecordModulo(a, b, result, "RemainderBackward", static (g, n) => -g * UnaryMath.Floor(n.A / n.B));
    }

    private static Tensor Modulo<TF, TD, TL>(Tensor a, Tensor b, string name)
        where TF : IBinaryOp<TF, float, float> where TD : IBinaryOp<TD, double, double> where TL : IBinaryOp<TL, long, long>
    {
        var dtype = Tensor.ResultType(a, b);
        if (dtype == ScalarType.Bool)
            throw new NotSupportedException($"\"{name}_cpu\" not implemented for 'Bool'");
        // Integer division by zero is an error in PyTorch (floating point gives NaN).
        if (!dtype.IsFloatingPoint() && Comparison.Any(Comparison.Eq(b, Tensor.WrapNumber(0L))).item<bool>())
            throw new DivideByZeroException("ZeroDivisionError");
        return Dispatch.Binary<TF, TD, TL>(a, b, dtype);
    }

    /// <summary>A C# number as the divisor gives node 0 (the Scalar overload); a tensor, node 1.</summary>
    private static Tensor RecordModulo(Tensor a, Tensor b, Tensor result, string node, Func<Tensor, BinaryBackward, Tensor> otherGrad)
    {
        if (!result.ElementType.IsFloatingPoint()) return result;
        if (b.IsWrappedNumber)
            return UnaryMath.Record(a, result, node + "0", UnaryMath.Saves.Nothing, static (g, _) => g);
        if (Autograd.NeedsGrad(a, b))
        {
            var backward = new BinaryBackward(node + "1", a, b, static (g, _) => g, otherGrad);
            result.SetHistory(backward.NeedsInputGrad(1) ? backward.Save(a, b) : backward.Save(null, null));
        }
        return result;
    }

    // ------------------------------------------------------------------ lerp

    private static void CheckLerp(Tensor start, Tensor end, Tensor? weight)
    {
        if (!start.ElementType.IsFloatingPoint())
            throw new NotSupportedException($"\"lerp_kernel_{(weight is null ? "scalar" : "tensor")}\" not implemented for '{start.ElementType.CTypeName()}'");
        if (end.ElementType != start.ElementType)
            throw new ArgumentException($"expected dtype {TypeMetaName(start.ElementType)} for `end` but got dtype {TypeMetaName(end.ElementType)}");
        if (weight is not null && weight.ElementType != start.ElementType)
            throw new ArgumentException($"expected dtype {TypeMetaName(start.ElementType)} for `weight` but got dtype {TypeMetaName(weight.ElementType)}");
    }

    /// <summary>The element type as PyTorch's dtype checks print it (c10's TypeMeta name).</summary>
    private static string TypeMetaName(ScalarType t) => t switch
    {
        ScalarType.Float32 => "float",
        ScalarType.Float64 => "double",
        ScalarType.Int64 => "long int",
        ScalarType.Bool => "bool",
        _ => throw new NotSupportedException($"lerp: tensors of dtype {t} are not supported"),
    };

    /// <summary>start + weight · (end − start), computed as PyTorch does: from start when |weight| &lt; ½,
    /// otherwise from end (end − (end − start) · (1 − weight)), so that weight 1 gives end exactly.</summary>
    public static Tensor Lerp(Tensor start, Tensor end, double weight)
    {
        CheckLerp(start, end, null);
        // The weight and 1 − weight in the tensors' precision, as PyTorch's kernel takes them.
        double w = start.ElementType == ScalarType.Float32 ? (float)weight : weight;
        double oneMinus = start.ElementType == ScalarType.Float32 ? 1f - (float)weight : 1 - weight;
        Tensor result;
        using (new GradModeScope(false))
        {
            var diff = end - start;
            result = Math.Abs(weight) < 0.5 ? start + diff * w : end - diff * oneMinus;
        }
        if (Autograd.NeedsGrad(start, end))
        {
            // lerp_backward (Scalar weight): self: grad · (1 − weight); end: grad · weight.
            var node = new BinaryBackward("LerpBackward0", start, end,
                static (g, n) => g * (1 - n.Scalar), static (g, n) => g * n.Scalar, scalar: weight);
            result.SetHistory(node.Save(null, null));
        }
        return result;
    }

    /// <summary>lerp with a tensor of weights (broadcast with start and end).</summary>
    public static Tensor Lerp(Tensor start, Tensor end, Tensor weight)
    {
        CheckLerp(start, end, weight);
        Tensor result;
        using (new GradModeScope(false))
        {
            var diff = end - start;
            result = Selection.Where(UnaryMath.Abs(weight) < 0.5, start + weight * diff, end - diff * (1.0 - weight));
        }
        if (Autograd.NeedsGrad(start, end) || Autograd.NeedsGrad(weight))
            result.SetHistory(new LerpBackward1(start, end, weight));
        return result;
    }

    /// <summary>lerp's backward with a tensor weight: self: grad · (1 − weight); end: grad · weight;
    /// weight: grad · (end − self); each summed back to its input's shape.</summary>
    private sealed class LerpBackward1 : NamedNode
    {
        private readonly int[] _startShape, _endShape, _weightShape;

        public LerpBackward1(Tensor start, Tensor end, Tensor weight) : base("LerpBackward1", [start, end, weight])
        {
            _startShape = start.Sizes;
            _endShape = end.Sizes;
            _weightShape = weight.Sizes;
            SaveForBackward(start, end, weight);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var weight = Saved(2);
            return
            [
                NeedsInputGrad(0) ? (grad * (1.0 - weight)).SumToShape(_startShape) : null,
                NeedsInputGrad(1) ? (grad * weight).SumToShape(_endShape) : null,
                NeedsInputGrad(2) ? (grad * (Saved(1) - Saved(0))).SumToShape(_weightShape) : null,
            ];
        }
    }

    // ------------------------------------------------------------------ dist

    /// <summary>dist: the p-norm of a − b (broadcast). The forward is the norm of the difference;
    /// the backward is PyTorch's norm_backward of the difference, + for a and − for b.</summary>
    public static Tensor Dist(Tensor a, Tensor b, double p)
    {
        Tensor result;
        using (new GradModeScope(false))
            result = (a - b).norm(p);
        if (Autograd.NeedsGrad(a, b))
        {
            var node = new BinaryBackward("DistBackward0", a, b,
                static (g, n) => NormBackward(g, n.A - n.B, n.Scalar, n.Result),
                static (g, n) => -NormBackward(g, n.A - n.B, n.Scalar, n.Result), scalar: p);
            result.SetHistory(node.Save(a, b, result));
        }
        return result;
    }

    /// <summary>PyTorch's norm_backward for the norm of all elements: the gradient of
    /// ‖self‖_p = <paramref name="norm"/>, zero where the norm is 0 (and, for p &lt; 1, at zero elements).</summary>
    private static Tensor NormBackward(Tensor grad, Tensor self, double p, Tensor norm)
    {
        if (p == 0) return torch.zeros_like(self);
        if (p == 1) return UnaryMath.Sign(self) * grad;
        var zeros = torch.zeros_like(self);
        var normIsZero = Comparison.Eq(norm, Tensor.WrapNumber(0.0));
        if (p == 2) return grad * Selection.Where(normIsZero, zeros, self / norm);
        if (double.IsInfinity(p))
        {
            // amax(|self|)'s gradient, shared evenly among the extreme elements (and NaNs).
            var magnitude = UnaryMath.Abs(self);
            var isExtreme = Comparison.LogicalOr(Comparison.Eq(magnitude, norm.detach()), Comparison.IsNan(magnitude));
            return UnaryMath.Sign(self) * (grad / Reduction.Sum(isExtreme, null, false, null) * isExtreme);
        }
        if (p < 1)
        {
            // |x|^(p−1) is infinite at 0: take it at 1 there and mask it, so no NaN reaches a second derivative.
            var isZero = Comparison.Eq(self, Tensor.WrapNumber(0.0));
            var safe = Selection.Where(isZero, torch.ones_like(self), self);
            var scaled = UnaryMath.Sign(self) * Selection.Where(isZero, zeros, UnaryMath.Abs(safe).pow(p - 1));
            return scaled * grad * norm.pow(1 - p);
        }
        var selfScaled = p < 2 ? UnaryMath.Sign(self) * UnaryMath.Abs(self).pow(p - 1) : self * UnaryMath.Abs(self).pow(p - 2);
        var safeNorm = Selection.Where(normIsZero, torch.ones_like(norm), norm);
        return selfScaled * Selection.Where(normIsZero, torch.zeros_like(grad), grad / safeNorm.pow(p - 1));
    }

    // ------------------------------------------------------------------ isinf, isfinite, nan_to_num

    public static Tensor IsInf(Tensor a) => Predicate<IsInfOp, IsInfOp>(a, integral: false);
    public static Tensor IsPosInf(Tensor a) => Predicate<IsPosInfOp, IsPosInfOp>(a, integral: false);
    public static Tensor IsNegInf(Tensor a) => Predicate<IsNegInfOp, IsNegInfOp>(a, integral: false);
    public static Tensor IsFinite(Tensor a) => Predicate<IsFiniteOp, IsFiniteOp>(a, integral: true);

    /// <summary>A predicate over floating elements; every element of an integral or bool tensor
    /// answers <paramref name="integral"/> (whole numbers are finite, never infinite).</summary>
    private static Tensor Predicate<TF, TD>(Tensor a, bool integral)
        where TF : IUnaryOp<TF, float, bool> where TD : IUnaryOp<TD, double, bool>
        => a.ElementType.IsFloatingPoint() ? Dispatch.Predicate<TF, TD>(a)
            : torch.full(a.shape, integral, dtype: ScalarType.Bool);

    /// <summary>nan_to_num: NaN becomes <paramref name="nan"/>, +inf <paramref name="posinf"/> (the
    /// dtype's largest value by default), −inf <paramref name="neginf"/> (the lowest). Integral
    /// tensors come back as a copy. The gradient passes where the input was finite.</summary>
    public static Tensor NanToNum(Tensor a, double? nan, double? posinf, double? neginf)
    {
        if (!a.ElementType.IsFloatingPoint()) return a.clone();
        double largest = a.ElementType == ScalarType.Float32 ? float.MaxValue : double.MaxValue;
        Tensor result;
        using (new GradModeScope(false))
        {
            result = Selection.Where(Comparison.IsNan(a), torch.full_like(a, nan ?? 0), a);
            result = Selection.Where(IsPosInf(a), torch.full_like(a, posinf ?? largest), result);
            result = Selection.Where(IsNegInf(a), torch.full_like(a, neginf ?? -largest), result);
        }
        return UnaryMath.Record(a, result, "NanToNumBackward0", UnaryMath.Saves.Input, static (g, x) => g * IsFinite(x));
    }
}
