using SharpGrad.Ops;

#pragma warning disable CS8981 // PyTorch's lower-case names are the point of this facade.

namespace SharpGrad;

public static partial class torch
{
    // ------------------------------------------------------------------ grad modes (per thread)
    /// <summary><c>using (torch.no_grad()) { … }</c>: ops inside record no graph.</summary>
    public static GradModeScope no_grad() => new(false);
    /// <summary>Re-enables recording inside a <see cref="no_grad"/> block.</summary>
    public static GradModeScope enable_grad() => new(true);
    /// <summary>Sets recording on or off until disposed.</summary>
    public static GradModeScope set_grad_enabled(bool mode = true) => new(mode);
    /// <summary>Like <see cref="no_grad"/>, for inference.</summary>
    public static GradModeScope inference_mode(bool mode = true) => new(!mode, inference: mode);
    public static bool is_grad_enabled() => GradMode.Enabled;
    public static bool is_inference_mode_enabled() => GradMode.InferenceMode;

    // ------------------------------------------------------------------ free functions
    public static Tensor add(Tensor input, Tensor other, double alpha = 1) => Arithmetic.Add(input, other, alpha);
    public static Tensor sub(Tensor input, Tensor other, double alpha = 1) => Arithmetic.Sub(input, other, alpha);
    public static Tensor mul(Tensor input, Tensor other) => Arithmetic.Mul(input, other);
    public static Tensor div(Tensor input, Tensor other) => Arithmetic.Div(input, other);
    public static Tensor neg(Tensor input) => Arithmetic.Neg(input);
    public static Tensor pow(Tensor input, double exponent) => Arithmetic.Pow(input, exponent);
    public static Tensor pow(Tensor input, Tensor exponent) => input.pow(exponent);
    public static Tensor pow(double self, Tensor exponent) => Arithmetic.Pow(self, exponent);
    public static Tensor exp(Tensor input) => UnaryMath.Exp(input);
    public static Tensor log(Tensor input) => UnaryMath.Log(input);
    public static Tensor log1p(Tensor input) => UnaryMath.Log1p(input);
    public static Tensor sqrt(Tensor input) => UnaryMath.Sqrt(input);
    public static Tensor abs(Tensor input) => UnaryMath.Abs(input);
    public static Tensor sign(Tensor input) => UnaryMath.Sign(input);
    public static Tensor sin(Tensor input) => UnaryMath.Sin(input);
    public static Tensor cos(Tensor input) => UnaryMath.Cos(input);
    public static Tensor tanh(Tensor input) => UnaryMath.Tanh(input);
    public static Tensor sigmoid(Tensor input) => UnaryMath.Sigmoid(input);
    public static Tensor relu(Tensor input) => UnaryMath.Relu(input);
    public static Tensor reciprocal(Tensor input) => UnaryMath.Reciprocal(input);
    public static Tensor square(Tensor input) => input * input;
    public static Tensor clamp(Tensor input, double? min = null, double? max = null) => Selection.Clamp(input, min, max);
    public static Tensor clip(Tensor input, double? min = null, double? max = null) => Selection.Clamp(input, min, max);
    public static Tensor maximum(Tensor input, Tensor other) => Selection.Maximum(input, other);
    public static Tensor minimum(Tensor input, Tensor other) => Selection.Minimum(input, other);
    /// <summary>Elements of <paramref name="input"/> where condition holds, else of <paramref name="other"/>.</summary>
    public static Tensor where(Tensor condition, Tensor input, Tensor other) => Selection.Where(condition, input, other);
    public static Tensor isnan(Tensor input) => Comparison.IsNan(input);

    public static Tensor eq(Tensor input, Tensor other) => Comparison.Eq(input, other);
    public static Tensor ne(Tensor input, Tensor other) => Comparison.Ne(input, other);
    public static Tensor lt(Tensor input, Tensor other) => Comparison.Lt(input, other);
    public static Tensor le(Tensor input, Tensor other) => Comparison.Le(input, other);
    public static Tensor gt(Tensor input, Tensor other) => Comparison.Gt(input, other);
    public static Tensor ge(Tensor input, Tensor other) => Comparison.Ge(input, other);
    public static Tensor logical_not(Tensor input) => Comparison.LogicalNot(input);
    public static Tensor logical_and(Tensor input, Tensor other) => Comparison.LogicalAnd(input, other);
    public static Tensor logical_or(Tensor input, Tensor other) => Comparison.LogicalOr(input, other);
    public static Tensor logical_xor(Tensor input, Tensor other) => Comparison.LogicalXor(input, other);
    public static Tensor all(Tensor input) => Comparison.All(input);
    public static Tensor any(Tensor input) => Comparison.Any(input);
    /// <summary>True when both tensors have the same shape and values.</summary>
    public static bool equal(Tensor input, Tensor other) => Comparison.Equal(input, other);
    /// <summary>True when |input - other| &lt;= atol + rtol·|other| everywhere.</summary>
    public static bool allclose(Tensor input, Tensor other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false)
        => Comparison.AllClose(input, other, rtol, atol, equal_nan);

    public static Tensor sum(Tensor input, long? dim = null, bool keepdim = false, ScalarType? dtype = null) => input.sum(dim, keepdim, dtype);
    public static Tensor sum(Tensor input, long[] dim, bool keepdim = false, ScalarType? dtype = null) => input.sum(dim, keepdim, dtype);
    public static Tensor mean(Tensor input, long? dim = null, bool keepdim = false, ScalarType? dtype = null) => input.mean(dim, keepdim, dtype);
    public static Tensor mean(Tensor input, long[] dim, bool keepdim = false, ScalarType? dtype = null) => input.mean(dim, keepdim, dtype);

    public static Tensor mm(Tensor input, Tensor mat2) => LinearAlgebra.Mm(input, mat2);
    public static Tensor matmul(Tensor input, Tensor other) => LinearAlgebra.Matmul(input, other);
    public static Tensor bmm(Tensor input, Tensor mat2) => LinearAlgebra.Bmm(input, mat2);
    public static Tensor dot(Tensor input, Tensor other) => LinearAlgebra.Dot(input, other);
    public static Tensor mv(Tensor input, Tensor vec) => LinearAlgebra.Mv(input, vec);
    public static Tensor t(Tensor input) => Ops.Shape.T(input);
    public static Tensor transpose(Tensor input, long dim0, long dim1) => Ops.Shape.Transpose(input, dim0, dim1);

    public static Tensor reshape(Tensor input, params long[] shape) => Ops.Shape.Reshape(input, shape);
    public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => Ops.Shape.Flatten(input, start_dim, end_dim);
    public static Tensor squeeze(Tensor input) => Ops.Shape.Squeeze(input, null);
    public static Tensor squeeze(Tensor input, long dim) => Ops.Shape.Squeeze(input, dim);
    public static Tensor unsqueeze(Tensor input, long dim) => Ops.Shape.Unsqueeze(input, dim);
    public static Tensor permute(Tensor input, params long[] dims) => Ops.Shape.Permute(input, dims);
    public static Tensor clone(Tensor input) => Ops.Shape.Clone(input);

    public static long numel(Tensor input) => input.numel();
    public static bool is_tensor(object? obj) => obj is Tensor;
    public static bool is_floating_point(Tensor input) => input.is_floating_point();
}

public static partial class torch
{
    /// <summary>Concatenates tensors along an existing dimension.</summary>
    public static Tensor cat(IList<Tensor> tensors, long dim = 0) => Views.Cat(tensors.ToArray(), dim);
    /// <summary>Same as <see cref="cat"/>.</summary>
    public static Tensor concat(IList<Tensor> tensors, long dim = 0) => Views.Cat(tensors.ToArray(), dim);
    /// <summary>Stacks equal-shaped tensors along a new dimension.</summary>
    public static Tensor stack(IList<Tensor> tensors, long dim = 0) => Views.Stack(tensors.ToArray(), dim);
    public static Tensor narrow(Tensor input, long dim, long start, long length) => Views.Narrow(input, dim, start, length);
    public static Tensor select(Tensor input, long dim, long index) => Views.Select(input, dim, index);
}
