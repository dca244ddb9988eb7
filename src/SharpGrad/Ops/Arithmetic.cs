using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>Binary arithmetic: each op's forward, then its backward node, as in derivatives.yaml.</summary>
internal static class Arithmetic
{
    // ------------------------------------------------------------------ add / sub

    public static Tensor Add(Tensor a, Tensor b, double alpha = 1)
    {
        var dtype = Tensor.ResultType(a, b);
        Tensor result;
        if (dtype == ScalarType.Bool) result = BoolArithmetic(a, b, or: true);
        else if (alpha == 1) result = Dispatch.Binary<AddOp, AddOp, AddOp>(a, b, dtype);
        else result = Dispatch.Binary<AddOp, AddOp, AddOp>(a, Mul(b, Tensor.WrapNumber(alpha)), dtype);
        if (Autograd.NeedsGrad(a, b))
            result.SetHistory(new BinaryBackward("AddBackward0", a, b,
                static (g, _) => g, static (g, n) => n.Scalar == 1 ? g : g * n.Scalar, alpha));
        return result;
    }

    public static Tensor Sub(Tensor a, Tensor b, double alpha = 1)
    {
        var dtype = Tensor.ResultType(a, b);
        if (dtype == ScalarType.Bool)
            throw new InvalidOperationException(
                "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
        var result = alpha == 1
            ? Dispatch.Binary<SubOp, SubOp, SubOp>(a, b, dtype)
            : Dispatch.Binary<SubOp, SubOp, SubOp>(a, Mul(b, Tensor.WrapNumber(alpha)), dtype);
        if (Autograd.NeedsGrad(a, b))
            result.SetHistory(new BinaryBackward("SubBackward0", a, b,
                static (g, _) => g, static (g, n) => n.Scalar == 1 ? -g : g * -n.Scalar, alpha));
        return result;
    }

    /// <summary>scalar - tensor (PyTorch's rsub).</summary>
    public static Tensor RSub(Tensor a, Tensor scalar)
    {
        var dtype = Tensor.ResultType(a, scalar);
        var result = Dispatch.Binary<SubOp, SubOp, SubOp>(scalar, a, dtype);
        return UnaryMath.Record(a, result, "RsubBackward1", UnaryMath.Saves.Nothing, static (g, _) => -g);
    }

    // ------------------------------------------------------------------ mul / div

    public static Tensor Mul(Tensor a, Tensor b)
    {
        var dtype = Tensor.ResultType(a, b);
        var result = dtype == ScalarType.Bool
            ? BoolArithmetic(a, b, or: false)
            : Dispatch.Binary<MulOp, MulOp, MulOp>(a, b, dtype, roundScalars: false);
        if (Autograd.NeedsGrad(a, b))
        {
            var node = new BinaryBackward("MulBackward0", a, b, static (g, n) => g * n.B, static (g, n) => g * n.A);
            result.SetHistory(node.Save(node.NeedsInputGrad(1) ? a : null, node.NeedsInputGrad(0) ? b : null));
        }
        return result;
    }

    public static Tensor Div(Tensor a, Tensor b)
    {
        var dtype = Tensor.ResultType(a, b);
        if (!dtype.IsFloatingPoint()) dtype = ScalarType.Float32; // true division
        var result = Dispatch.Binary<DivOp, DivOp, DivOp>(a, b, dtype, roundScalars: false);
        if (Autograd.NeedsGrad(a, b))
        {
            var node = new BinaryBackward("DivBackward0", a, b, static (g, n) => g / n.B, static (g, n) => -g * (n.A / n.B / n.B));
            result.SetHistory(node.Save(node.NeedsInputGrad(1) ? a : null, b));
        }
        return result;
    }

    public static Tensor Neg(Tensor a)
    {
        if (a.ElementType == ScalarType.Bool)
            throw new InvalidOperationException(
                "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
        var result = Dispatch.Unary<NegOp, NegOp, NegOp>(a, a.ElementType);
        return UnaryMath.Record(a, result, "NegBackward0", UnaryMath.Saves.Nothing, static (g, _) => -g);
    }

    // ------------------------------------------------------------------ pow

    /// <summary>tensor ** scalar.</summary>
    public static Tensor Pow(Tensor a, double exponent)
    {
        Tensor result;
        if (a.ElementType.IsFloatingPoint() || exponent != Math.Floor(exponent))
        {
            var dtype = a.ElementType.IsFloatingPoint() ? a.ElementType : ScalarType.Float32;
            result = Dispatch.Binary<PowOp, PowOp, IntPowOp>(a, Tensor.WrapNumber(exponent), dtype);
        }
        else
        {
            result = Dispatch.Binary<PowOp, PowOp, IntPowOp>(a, Tensor.WrapNumber((long)exponent), ScalarType.Int64);
        }
        if (Autograd.NeedsGrad(a)) result.SetHistory(PowBackward0(a, exponent));
        return result;
    }

    /// <summary>pow_backward: grad · exponent · self^(exponent − 1), zero for exponent 0.</summary>
    private static UnaryBackward<double> PowBackward0(Tensor a, double exponent) => new("PowBackward0", a, a, exponent,
        static (g, x, e) => e == 0 ? torch.zeros_like(x) : g * (e == 2 ? x * 2.0 : x.pow(e - 1) * e));

    /// <summary>tensor ** tensor.</summary>
    public static Tensor Pow(Tensor a, Tensor exponent)
    {
        var dtype = Tensor.ResultType(a, exponent);
        var result = Dispatch.Binary<PowOp, PowOp, IntPowOp>(a, exponent, dtype);
        if (!Autograd.NeedsGrad(a, exponent)) return result;
        if (exponent.IsWrappedNumber)
            return result.SetHistory(PowBackward0(a, exponent.item()));
        var node = new BinaryBackward("PowBackward1", a, exponent,
            // exponent · self^(exponent − 1), taken as 0 where exponent == 0.
            static (g, n) => Selection.Where(n.B == 0.0, torch.zeros_like(g), g * (n.B * n.A.pow(n.B - 1.0))),
            // self^exponent · log(self), taken as 0 where self == 0 and exponent >= 0.
            static (g, n) => Selection.Where(Comparison.LogicalAnd(n.A == 0.0, n.B >= 0.0), torch.zeros_like(g), g * (n.Result * n.A.log())));
        return result.SetHistory(node.Save(a, exponent, node.NeedsInputGrad(1) ? result : null));
    }

    /// <summary>scalar ** tensor.</summary>
    public static Tensor Pow(double @base, Tensor exponent)
    {
        var dtype = Tensor.ResultType(Tensor.WrapNumber(@base), exponent);
        if (!dtype.IsFloatingPoint() && @base != Math.Floor(@base)) dtype = ScalarType.Float32;
        var result = dtype == ScalarType.Int64
            ? Dispatch.Binary<PowOp, PowOp, IntPowOp>(Tensor.WrapNumber((long)@base), exponent, dtype)
            : Dispatch.Binary<PowOp, PowOp, IntPowOp>(Tensor.WrapNumber(@base), exponent, dtype);
        // grad · base^exponent · log(base); for base 0, zero where exponent >= 0 (not 0 · −inf).
        if (Autograd.NeedsGrad(exponent))
            result.SetHistory(new PowBackward2(exponent, result, @base));
        return result;
    }

    internal sealed class PowBackward2 : Node
    {
        private readonly double _base;

        public PowBackward2(Tensor exponent, Tensor result, double @base) : base([exponent])
        {
            _base = @base;
            SaveForBackward(exponent, result);
        }

        internal override Tensor?[] Apply(Tensor grad)
        {
            var local = grad * (Saved(1) * Math.Log(_base));
            return [_base == 0 ? Selection.Where(Saved(0) >= 0.0, torch.zeros_like(grad), local) : local];
        }
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>bool + bool is logical or, bool * bool logical and, as in PyTorch.</summary>
    private static Tensor BoolArithmetic(Tensor a, Tensor b, bool or)
    {
        a = a.ToDTypeIfNeeded(ScalarType.Bool);
        b = b.ToDTypeIfNeeded(ScalarType.Bool);
        return or ? Comparison.LogicalOr(a, b) : Comparison.LogicalAnd(a, b);
    }
}

/// <summary>The backward of a dtype conversion converts the gradient back.</summary>
internal sealed class ToCopyBackward0(Tensor input) : Node([input])
{
    private readonly ScalarType _inputDtype = input.ElementType;
    internal override Tensor?[] Apply(Tensor grad) => [grad.to(_inputDtype)];
}
