namespace SharpGrad;

public sealed partial class Tensor
{
    /// <summary>
    /// The vector p-norm over all elements or over <paramref name="dim"/> (PyTorch's <c>norm</c>):
    /// p = 2 (default), 1, <c>double.PositiveInfinity</c> (largest |x|), <c>double.NegativeInfinity</c>
    /// (smallest |x|), 0 (count of non-zeros) or any other positive p. Differentiable; as in PyTorch,
    /// the gradient where the norm is 0 (and, for p &lt; 1, at a zero element) is 0, not NaN.
    /// </summary>
    public Tensor norm(double p = 2, long? dim = null, bool keepdim = false)
        => VectorNorm(p, dim is { } d ? [d] : null, keepdim);

    /// <summary>The p-norm over several dimensions.</summary>
    public Tensor norm(double p, long[] dim, bool keepdim = false) => VectorNorm(p, dim, keepdim);

    /// <summary>The Frobenius norm (<c>p: "fro"</c>): the 2-norm over all elements or over <paramref name="dim"/>;
    /// or the nuclear norm (<c>p: "nuc"</c>): the sum of the singular values of the matrices over the
    /// two dims <paramref name="dim"/> (all dims when null, so a 2-D input), as <c>linalg.matrix_norm</c>.</summary>
    public Tensor norm(string p, long[]? dim = null, bool keepdim = false)
    {
        if (p == "nuc")
            return torch.linalg.matrix_norm(this, "nuc", dim ?? Enumerable.Range(0, Sizes.Length).Select(i => (long)i).ToArray(), keepdim);
        if (p != "fro")
            throw new NotSupportedException($"norm: unknown p \"{p}\"; use \"fro\", \"nuc\" or a number");
        return VectorNorm(2, dim, keepdim);
    }

    private Tensor VectorNorm(double p, long[]? dim, bool keepdim)
    {
        if (!is_floating_point())
            throw new InvalidOperationException(
                $"linalg.vector_norm: Expected a floating point or complex tensor as input. Got {ElementType.LegacyTypeName()[6..^6]}");
        // An explicit list of every dimension, so that keepdim keeps them all as size 1.
        var dims = dim ?? Enumerable.Range(0, Sizes.Length).Select(i => (long)i).ToArray();
        var magnitude = abs();
        if (double.IsPositiveInfinity(p)) return magnitude.amax(dims, keepdim);
        if (double.IsNegativeInfinity(p)) return magnitude.amin(dims, keepdim);
        if (p == 1) return magnitude.sum(dims, keepdim);
        if (p == 0)
        {
            // The count of non-zeros, whose gradient is 0 everywhere; adding 0·Σ|x| keeps it in the graph.
            return (this != 0).to(ElementType).sum(dims, keepdim) + magnitude.sum(dims, keepdim) * 0.0;
        }
        if (p < 0 || double.IsNaN(p))
            throw new NotSupportedException($"norm: p = {p} is not supported; use p >= 0, inf or -inf");
        Tensor powers;
        if (p == 2) powers = this * this;
        else if (p > 1) powers = magnitude.pow(p);
        else
        {
            // |x|^p has an infinite slope at 0 when p < 1: take 1^p there and mask it, so that a zero
            // element's gradient is 0, as PyTorch's norm backward gives.
            var zeroElement = this == 0;
            powers = torch.where(zeroElement, torch.zeros_like(magnitude),
                torch.where(zeroElement, torch.ones_like(magnitude), magnitude).pow(p));
        }
        var powerSum = powers.sum(dims, keepdim);
        // (Σ|x|^p)^(1/p) has an infinite slope at 0; take the root of 1 there instead and mask the
        // result, so that the gradient at a zero norm is 0, as PyTorch's norm backward gives.
        var isZero = powerSum == 0;
        var safe = torch.where(isZero, torch.ones_like(powerSum), powerSum);
        var root = p == 2 ? safe.sqrt() : safe.pow(1 / p);
        return torch.where(isZero, torch.zeros_like(powerSum), root);
    }
}
