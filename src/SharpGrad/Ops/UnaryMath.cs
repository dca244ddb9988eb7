using SharpGrad.Kernels;

namespace SharpGrad.Ops;

/// <summary>
/// Elementwise math functions. Each op is its kernel, PyTorch's node name and its backward formula
/// (as in derivatives.yaml), the formula reading the op's input <c>x</c> or its result <c>y</c>.
/// </summary>
internal static class UnaryMath
{
    /// <summary>Floating functions of integral tensors compute in float32, as PyTorch does.</summary>
    private static ScalarType FloatingType(Tensor a) => a.ElementType.IsFloatingPoint() ? a.ElementType : ScalarType.Float32;

    /// <summary>What a unary node keeps for its formula.</summary>
    internal enum Saves { Nothing, Input, Result }

    /// <summary>A floating-only function (integral inputs compute in float32) and its backward.</summary>
    private static Tensor Floating<TF, TD>(Tensor a, string node, Saves saves, Func<Tensor, Tensor, Tensor> backward)
        where TF : IUnaryOp<TF, float, float> where TD : IUnaryOp<TD, double, double>
        => Record(a, Dispatch.Unary<TF, TD, NoLongOp>(a, FloatingType(a)), node, saves, backward);

    /// <summary>A function of every dtype (int64 keeps its dtype) and its backward.</summary>
    private static Tensor AnyType<TF, TD, TL>(Tensor a, string node, Saves saves, Func<Tensor, Tensor, Tensor> backward)
        where TF : IUnaryOp<TF, float, float> where TD : IUnaryOp<TD, double, double> where TL : IUnaryOp<TL, long, long>
        => Record(a, Dispatch.Unary<TF, TD, TL>(a, a.ElementType), node, saves, backward);

    /// <summary>Records <paramref name="node"/> on <paramref name="result"/> when <paramref name="a"/> needs a gradient.</summary>
    internal static Tensor Record(Tensor a, Tensor result, string node, Saves saves, Func<Tensor, Tensor, Tensor> backward)
    {
        if (Autograd.NeedsGrad(a))
            result.SetHistory(new UnaryBackward(node, a, saves switch { Saves.Input => a, Saves.Result => result, _ => null }, backward));
        return result;
    }

    /// <summary>Placeholder for the int64 slot of floating-only functions (never dispatched to).</summary>
    private struct NoLongOp : IUnaryOp<NoLongOp, long, long>
    {
        public static long Invoke(long x) => throw new NotSupportedException();
    }

    private static Tensor Zeros(Tensor grad) => torch.zeros_like(grad);

    public static Tensor Exp(Tensor a) => Floating<ExpOp, ExpOp>(a, "ExpBackward0", Saves.Result, static (g, y) => g * y);
    public static Tensor Log(Tensor a) => Floating<LogOp, LogOp>(a, "LogBackward0", Saves.Input, static (g, x) => g / x);
    public static Tensor Log1p(Tensor a) => Floating<Log1pOp, Log1pOp>(a, "Log1pBackward0", Saves.Input, static (g, x) => g / (x + 1.0));
    public static Tensor Sqrt(Tensor a) => Floating<SqrtOp, SqrtOp>(a, "SqrtBackward0", Saves.Result, static (g, y) => g / (y * 2.0));
    public static Tensor Sin(Tensor a) => Floating<SinOp, SinOp>(a, "SinBackward0", Saves.Input, static (g, x) => g * Cos(x));
    public static Tensor Cos(Tensor a) => Floating<CosOp, CosOp>(a, "CosBackward0", Saves.Input, static (g, x) => g * -Sin(x));
    // tanh_backward(grad, y) = grad · (1 − y²)
    public static Tensor Tanh(Tensor a) => Floating<TanhOp, TanhOp>(a, "TanhBackward0", Saves.Result, static (g, y) => g * (1.0 - y * y));
    // sigmoid_backward(grad, y) = grad · y · (1 − y)
    public static Tensor Sigmoid(Tensor a) => Floating<SigmoidOp, SigmoidOp>(a, "SigmoidBackward0", Saves.Result, static (g, y) => g * (y * (1.0 - y)));
    public static Tensor Reciprocal(Tensor a) => Floating<ReciprocalOp, ReciprocalOp>(a, "ReciprocalBackward0", Saves.Result, static (g, y) => g * -(y * y));

    public static Tensor Abs(Tensor a) => a.ElementType == ScalarType.Bool ? a.clone()
        : AnyType<AbsOp, AbsOp, AbsOp>(a, "AbsBackward0", Saves.Input, static (g, x) => g * Sign(x));

    /// <summary>sign(x): -1, 0 or 1 (NaN stays NaN); its gradient is zero.</summary>
    public static Tensor Sign(Tensor a) => AnyType<SignOp, SignOp, SignOp>(a, "SignBackward0", Saves.Nothing, static (g, _) => Zeros(g));

    public static Tensor Relu(Tensor a)
    {
        if (a.ElementType == ScalarType.Bool) throw new NotSupportedException("\"clamp_min_scalar_cpu\" not implemented for 'Bool'");
        // threshold_backward(grad, result, 0): the gradient passes unless the output is <= 0, in one pass when it can.
        return AnyType<ReluOp, ReluOp, ReluOp>(a, "ReluBackward0", Saves.Result, static (g, y) =>
            Selection.FusedGradMask(g, y, 0, 0, relu: true) ?? Selection.Where(Comparison.LogicalNot(y <= 0.0), g, Zeros(g)));
    }

    // ------------------------------------------------------------------ further functions

    private const double TwoOverSqrtPi = 1.1283791670955126;

    public static Tensor Erf(Tensor a) => Floating<ErfOp, ErfOp>(a, "ErfBackward0", Saves.Input,
        static (g, x) => g * (Exp(-(x * x)) * TwoOverSqrtPi));
    public static Tensor Erfc(Tensor a) => Floating<ErfcOp, ErfcOp>(a, "ErfcBackward0", Saves.Input,
        static (g, x) => g * (Exp(-(x * x)) * -TwoOverSqrtPi));
    public static Tensor Tan(Tensor a) => Floating<TanOp, TanOp>(a, "TanBackward0", Saves.Result, static (g, y) => g * (y * y + 1.0));
    public static Tensor Atan(Tensor a) => Floating<AtanOp, AtanOp>(a, "AtanBackward0", Saves.Input, static (g, x) => g / (x * x + 1.0));
    public static Tensor Asin(Tensor a) => Floating<AsinOp, AsinOp>(a, "AsinBackward0", Saves.Input, static (g, x) => g * Rsqrt(1.0 - x * x));
    public static Tensor Acos(Tensor a) => Floating<AcosOp, AcosOp>(a, "AcosBackward0", Saves.Input, static (g, x) => g * -Rsqrt(1.0 - x * x));
    public static Tensor Sinh(Tensor a) => Floating<SinhOp, SinhOp>(a, "SinhBackward0", Saves.Input, static (g, x) => g * Cosh(x));
    public static Tensor Cosh(Tensor a) => Floating<CoshOp, CoshOp>(a, "CoshBackward0", Saves.Input, static (g, x) => g * Sinh(x));
    public static Tensor Log2(Tensor a) => Floating<Log2Op, Log2Op>(a, "Log2Backward0", Saves.Input, static (g, x) => g / (x * Math.Log(2)));
    public static Tensor Log10(Tensor a) => Floating<Log10Op, Log10Op>(a, "Log10Backward0", Saves.Input, static (g, x) => g / (x * Math.Log(10)));
    public static Tensor Exp2(Tensor a) => Floating<Exp2Op, Exp2Op>(a, "Exp2Backward0", Saves.Result, static (g, y) => g * (y * Math.Log(2)));
    public static Tensor Expm1(Tensor a) => Floating<Expm1Op, Expm1Op>(a, "Expm1Backward0", Saves.Result, static (g, y) => g * (y + 1.0));
    // rsqrt: −½ · grad · y³
    public static Tensor Rsqrt(Tensor a) => Floating<RsqrtOp, RsqrtOp>(a, "RsqrtBackward0", Saves.Result, static (g, y) => g * (y * y * y * -0.5));

    // Rounding: piecewise constant, so the gradient is zero (as PyTorch gives); integral tensors
    // are already whole and come back as a copy.
    public static Tensor Floor(Tensor a) => Rounding<FloorOp, FloorOp>(a, "FloorBackward0");
    public static Tensor Ceil(Tensor a) => Rounding<CeilOp, CeilOp>(a, "CeilBackward0");
    /// <summary>Rounds half to even, as PyTorch does.</summary>
    public static Tensor Round(Tensor a) => Rounding<RoundOp, RoundOp>(a, "RoundBackward0");
    public static Tensor Trunc(Tensor a) => Rounding<TruncOp, TruncOp>(a, "TruncBackward0");

    /// <summary>x − trunc(x); its gradient is the output gradient.</summary>
    public static Tensor Frac(Tensor a)
    {
        Activation.RequireFloating(a, "frac_cpu");
        return Floating<FracOp, FracOp>(a, "FracBackward0", Saves.Nothing, static (g, _) => g);
    }

    private static Tensor Rounding<TF, TD>(Tensor a, string node)
        where TF : IUnaryOp<TF, float, float> where TD : IUnaryOp<TD, double, double>
        => a.ElementType.IsFloatingPoint() ? Floating<TF, TD>(a, node, Saves.Nothing, static (g, _) => Zeros(g)) : a.clone();
}
