using SharpGrad.Ops;


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
    /// <summary>Whether ops on this thread record a graph.</summary>
    public static bool is_grad_enabled() => GradMode.Enabled;
    /// <summary>Whether inference mode is on for this thread.</summary>
    public static bool is_inference_mode_enabled() => GradMode.InferenceMode;

    // ------------------------------------------------------------------ free functions
    /// <summary>Elementwise sum <c>input + alpha·other</c>, broadcasting.</summary>
    public static Tensor add(Tensor input, Tensor other, double alpha = 1) => Arithmetic.Add(input, other, alpha);
    /// <summary>Elementwise difference <c>input - alpha·other</c>, broadcasting.</summary>
    public static Tensor sub(Tensor input, Tensor other, double alpha = 1) => Arithmetic.Sub(input, other, alpha);
    /// <summary>Elementwise product, broadcasting.</summary>
    public static Tensor mul(Tensor input, Tensor other) => Arithmetic.Mul(input, other);
    /// <summary>Elementwise true division (integral inputs give float32), broadcasting.</summary>
    public static Tensor div(Tensor input, Tensor other) => Arithmetic.Div(input, other);
    /// <summary>Elementwise negation.</summary>
    public static Tensor neg(Tensor input) => Arithmetic.Neg(input);
    /// <summary>Elementwise power.</summary>
    public static Tensor pow(Tensor input, double exponent) => Arithmetic.Pow(input, exponent);
    /// <summary>Elementwise power.</summary>
    public static Tensor pow(Tensor input, Tensor exponent) => input.pow(exponent);
    /// <summary>Elementwise power.</summary>
    public static Tensor pow(double self, Tensor exponent) => Arithmetic.Pow(self, exponent);
    /// <summary>Elementwise eˣ.</summary>
    public static Tensor exp(Tensor input) => UnaryMath.Exp(input);
    /// <summary>Elementwise natural logarithm.</summary>
    public static Tensor log(Tensor input) => UnaryMath.Log(input);
    /// <summary>Elementwise log(1 + x), accurate for small x.</summary>
    public static Tensor log1p(Tensor input) => UnaryMath.Log1p(input);
    /// <summary>Elementwise the error function.</summary>
    public static Tensor erf(Tensor input) => UnaryMath.Erf(input);
    /// <summary>Elementwise the complementary error function 1 − erf(x).</summary>
    public static Tensor erfc(Tensor input) => UnaryMath.Erfc(input);
    /// <summary>Elementwise tangent.</summary>
    public static Tensor tan(Tensor input) => UnaryMath.Tan(input);
    /// <summary>Elementwise arctangent.</summary>
    public static Tensor atan(Tensor input) => UnaryMath.Atan(input);
    /// <summary>Elementwise arcsine.</summary>
    public static Tensor asin(Tensor input) => UnaryMath.Asin(input);
    /// <summary>Elementwise arccosine.</summary>
    public static Tensor acos(Tensor input) => UnaryMath.Acos(input);
    /// <summary>Elementwise hyperbolic sine.</summary>
    public static Tensor sinh(Tensor input) => UnaryMath.Sinh(input);
    /// <summary>Elementwise hyperbolic cosine.</summary>
    public static Tensor cosh(Tensor input) => UnaryMath.Cosh(input);
    /// <summary>Elementwise base-2 logarithm.</summary>
    public static Tensor log2(Tensor input) => UnaryMath.Log2(input);
    /// <summary>Elementwise base-10 logarithm.</summary>
    public static Tensor log10(Tensor input) => UnaryMath.Log10(input);
    /// <summary>Elementwise 2ˣ.</summary>
    public static Tensor exp2(Tensor input) => UnaryMath.Exp2(input);
    /// <summary>Elementwise eˣ − 1, accurate for small x.</summary>
    public static Tensor expm1(Tensor input) => UnaryMath.Expm1(input);
    /// <summary>Elementwise 1 / √x.</summary>
    public static Tensor rsqrt(Tensor input) => UnaryMath.Rsqrt(input);
    /// <summary>Elementwise floor.</summary>
    public static Tensor floor(Tensor input) => UnaryMath.Floor(input);
    /// <summary>Elementwise ceiling.</summary>
    public static Tensor ceil(Tensor input) => UnaryMath.Ceil(input);
    /// <summary>Elementwise rounding half to even.</summary>
    public static Tensor round(Tensor input) => UnaryMath.Round(input);
    /// <summary>Elementwise rounding toward zero.</summary>
    public static Tensor trunc(Tensor input) => UnaryMath.Trunc(input);
    /// <summary>Elementwise fractional part x − trunc(x).</summary>
    public static Tensor frac(Tensor input) => UnaryMath.Frac(input);
    /// <summary>Elementwise square root.</summary>
    public static Tensor sqrt(Tensor input) => UnaryMath.Sqrt(input);
    /// <summary>Elementwise absolute value.</summary>
    public static Tensor abs(Tensor input) => UnaryMath.Abs(input);
    /// <summary>Elementwise sign: -1, 0 or 1.</summary>
    public static Tensor sign(Tensor input) => UnaryMath.Sign(input);
    /// <summary>Elementwise sine.</summary>
    public static Tensor sin(Tensor input) => UnaryMath.Sin(input);
    /// <summary>Elementwise cosine.</summary>
    public static Tensor cos(Tensor input) => UnaryMath.Cos(input);
    /// <summary>Elementwise hyperbolic tangent.</summary>
    public static Tensor tanh(Tensor input) => UnaryMath.Tanh(input);
    /// <summary>Elementwise logistic sigmoid 1 / (1 + e⁻ˣ).</summary>
    public static Tensor sigmoid(Tensor input) => UnaryMath.Sigmoid(input);
    /// <summary>Elementwise max(x, 0).</summary>
    public static Tensor relu(Tensor input) => UnaryMath.Relu(input);
    /// <summary>Elementwise 1 / x.</summary>
    public static Tensor reciprocal(Tensor input) => UnaryMath.Reciprocal(input);
    /// <summary>Elementwise x².</summary>
    public static Tensor square(Tensor input) => input * input;
    /// <summary>Elementwise clamp into [min, max] (either bound may be omitted).</summary>
    public static Tensor clamp(Tensor input, double? min = null, double? max = null) => Selection.Clamp(input, min, max);
    /// <summary>Alias of clamp.</summary>
    public static Tensor clip(Tensor input, double? min = null, double? max = null) => Selection.Clamp(input, min, max);
    /// <summary>Elementwise maximum of two tensors (NaN propagates).</summary>
    public static Tensor maximum(Tensor input, Tensor other) => Selection.Maximum(input, other);
    /// <summary>Elementwise minimum of two tensors (NaN propagates).</summary>
    public static Tensor minimum(Tensor input, Tensor other) => Selection.Minimum(input, other);
    /// <summary>Elements of <paramref name="input"/> where condition holds, else of <paramref name="other"/>.</summary>
    public static Tensor where(Tensor condition, Tensor input, Tensor other) => Selection.Where(condition, input, other);
    /// <summary>Bool tensor: true where the element is NaN.</summary>
    public static Tensor isnan(Tensor input) => Comparison.IsNan(input);

    /// <summary>Elementwise ==, a bool tensor.</summary>
    public static Tensor eq(Tensor input, Tensor other) => Comparison.Eq(input, other);
    /// <summary>Elementwise !=, a bool tensor.</summary>
    public static Tensor ne(Tensor input, Tensor other) => Comparison.Ne(input, other);
    /// <summary>Elementwise &lt;, a bool tensor.</summary>
    public static Tensor lt(Tensor input, Tensor other) => Comparison.Lt(input, other);
    /// <summary>Elementwise &lt;=, a bool tensor.</summary>
    public static Tensor le(Tensor input, Tensor other) => Comparison.Le(input, other);
    /// <summary>Elementwise &gt;, a bool tensor.</summary>
    public static Tensor gt(Tensor input, Tensor other) => Comparison.Gt(input, other);
    /// <summary>Elementwise &gt;=, a bool tensor.</summary>
    public static Tensor ge(Tensor input, Tensor other) => Comparison.Ge(input, other);
    /// <summary>Elementwise logical not (a bool tensor).</summary>
    public static Tensor logical_not(Tensor input) => Comparison.LogicalNot(input);
    /// <summary>Elementwise logical and (a bool tensor).</summary>
    public static Tensor logical_and(Tensor input, Tensor other) => Comparison.LogicalAnd(input, other);
    /// <summary>Elementwise logical or (a bool tensor).</summary>
    public static Tensor logical_or(Tensor input, Tensor other) => Comparison.LogicalOr(input, other);
    /// <summary>Elementwise logical xor (a bool tensor).</summary>
    public static Tensor logical_xor(Tensor input, Tensor other) => Comparison.LogicalXor(input, other);
    /// <summary>0-dim bool tensor: true when every element is non-zero.</summary>
    public static Tensor all(Tensor input) => Comparison.All(input);
    /// <summary>0-dim bool tensor: true when some element is non-zero.</summary>
    public static Tensor any(Tensor input) => Comparison.Any(input);
    /// <summary>True when both tensors have the same shape and values.</summary>
    public static bool equal(Tensor input, Tensor other) => Comparison.Equal(input, other);
    /// <summary>True when |input - other| &lt;= atol + rtol·|other| everywhere.</summary>
    public static bool allclose(Tensor input, Tensor other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false)
        => Comparison.AllClose(input, other, rtol, atol, equal_nan);

    /// <summary>Sum of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim). Integral inputs sum to int64.</summary>
    public static Tensor sum(Tensor input, long? dim = null, bool keepdim = false, ScalarType? dtype = null) => input.sum(dim, keepdim, dtype);
    /// <summary>Sum of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim). Integral inputs sum to int64.</summary>
    public static Tensor sum(Tensor input, long[] dim, bool keepdim = false, ScalarType? dtype = null) => input.sum(dim, keepdim, dtype);
    /// <summary>Mean of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim).</summary>
    public static Tensor mean(Tensor input, long? dim = null, bool keepdim = false, ScalarType? dtype = null) => input.mean(dim, keepdim, dtype);
    /// <summary>Mean of all elements, or over <paramref name="dim"/> (keeping it as size 1 with keepdim).</summary>
    public static Tensor mean(Tensor input, long[] dim, bool keepdim = false, ScalarType? dtype = null) => input.mean(dim, keepdim, dtype);

    /// <summary>Matrix product of two 2-D tensors.</summary>
    public static Tensor mm(Tensor input, Tensor mat2) => LinearAlgebra.Mm(input, mat2);
    /// <summary>Matrix product by the operands' ranks: dot, matrix-vector, matrix-matrix or broadcast batched.</summary>
    public static Tensor matmul(Tensor input, Tensor other) => LinearAlgebra.Matmul(input, other);
    /// <summary>Batched matrix product of two 3-D tensors.</summary>
    public static Tensor bmm(Tensor input, Tensor mat2) => LinearAlgebra.Bmm(input, mat2);
    /// <summary>Dot product of two 1-D tensors.</summary>
    public static Tensor dot(Tensor input, Tensor other) => LinearAlgebra.Dot(input, other);
    /// <summary>Matrix-vector product.</summary>
    public static Tensor mv(Tensor input, Tensor vec) => LinearAlgebra.Mv(input, vec);
    /// <summary>Transpose of a tensor of at most 2 dimensions (a view).</summary>
    public static Tensor t(Tensor input) => Ops.Shape.T(input);
    /// <summary>Swaps two dimensions (a view).</summary>
    public static Tensor transpose(Tensor input, long dim0, long dim1) => Ops.Shape.Transpose(input, dim0, dim1);

    /// <summary>The same elements in a new shape (a view when the layout allows, else a copy); one size may be -1.</summary>
    public static Tensor reshape(Tensor input, params long[] shape) => Ops.Shape.Reshape(input, shape);
    /// <summary>Merges dimensions start_dim..end_dim into one.</summary>
    public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => Ops.Shape.Flatten(input, start_dim, end_dim);
    /// <summary>Removes dimensions of size 1 (all of them, or only the one given), as a view.</summary>
    public static Tensor squeeze(Tensor input) => Ops.Shape.Squeeze(input, null);
    /// <summary>Removes dimensions of size 1 (all of them, or only the one given), as a view.</summary>
    public static Tensor squeeze(Tensor input, long dim) => Ops.Shape.Squeeze(input, dim);
    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/> (a view).</summary>
    public static Tensor unsqueeze(Tensor input, long dim) => Ops.Shape.Unsqueeze(input, dim);
    /// <summary>Reorders the dimensions (a view).</summary>
    public static Tensor permute(Tensor input, params long[] dims) => Ops.Shape.Permute(input, dims);
    /// <summary>A copy with its own storage (differentiable).</summary>
    public static Tensor clone(Tensor input) => Ops.Shape.Clone(input);

    /// <summary>Number of elements.</summary>
    public static long numel(Tensor input) => input.numel();
    /// <summary>True when <paramref name="obj"/> is a Tensor.</summary>
    public static bool is_tensor(object? obj) => obj is Tensor;
    /// <summary>True for float32 and float64 tensors.</summary>
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
    /// <summary>A slice of a dimension (a view).</summary>
    public static Tensor narrow(Tensor input, long dim, long start, long length) => Views.Narrow(input, dim, start, length);
    /// <summary>The sub-tensor at an index along a dimension (a view).</summary>
    public static Tensor select(Tensor input, long dim, long index) => Views.Select(input, dim, index);
}
