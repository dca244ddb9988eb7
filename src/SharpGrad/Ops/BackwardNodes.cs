namespace SharpGrad.Ops;

// Shared backward nodes. One class serves many ops: each op passes PyTorch's node name and its
// backward formula, a static lambda (the compiler caches it in a static field, so recording a node
// allocates the node and nothing else). Formulas are written with differentiable Tensor ops, so a
// backward run with create_graph records its own graph and derivatives of any order exist; forward
// mode derives each op's tangent from the same formula (see ForwardAD).

/// <summary>A node that carries PyTorch's name for it (e.g. <c>ExpBackward0</c>) rather than its class's.</summary>
internal abstract class NamedNode(string nodeName, ReadOnlySpan<Tensor?> inputs) : Node(inputs)
{
    public override string name() => nodeName;
}

/// <summary>
/// The backward of a one-input op, as a derivatives.yaml line: <c>self: formula(grad, saved)</c>,
/// where saved is the one tensor the formula reads: the op's input, its result, or another (gather's
/// index), version-checked when read; or nothing.
/// </summary>
internal sealed class UnaryBackward : NamedNode
{
    private readonly Func<Tensor, Tensor, Tensor> _formula;

    /// <summary>A node for <paramref name="input"/>; <paramref name="saved"/> is the tensor the formula
    /// reads, or null when it reads none (it then receives null).</summary>
    public UnaryBackward(string name, Tensor input, Tensor? saved, Func<Tensor, Tensor, Tensor> formula) : base(name, [input])
    {
        _formula = formula;
        if (saved is not null) SaveForBackward(saved);
    }

    internal override Tensor?[] Apply(Tensor grad) => [_formula(grad, HasSavedTensors ? Saved(0) : null!)];
}

/// <summary><see cref="UnaryBackward"/> for an op with scalar arguments (a slope, bounds, an
/// exponent) that its formula reads: <c>self: formula(grad, saved, args)</c>.</summary>
internal sealed class UnaryBackward<TArgs> : NamedNode
{
    private readonly Func<Tensor, Tensor, TArgs, Tensor> _formula;
    private readonly TArgs _args;

    public UnaryBackward(string name, Tensor input, Tensor? saved, TArgs args, Func<Tensor, Tensor, TArgs, Tensor> formula)
        : base(name, [input])
    {
        _formula = formula;
        _args = args;
        if (saved is not null) SaveForBackward(saved);
    }

    internal override Tensor?[] Apply(Tensor grad) => [_formula(grad, HasSavedTensors ? Saved(0) : null!, _args)];
}

/// <summary>
/// The backward of a reduction over the dims in <see cref="Mask"/> (sum, mean, amax, prod, var,
/// std, logsumexp). The formula receives the output gradient with the reduced dims put back as size
/// 1 (so it broadcasts against the input) and the node, whose <see cref="Input"/> and
/// <see cref="Result"/> (likewise unsqueezed) are the saved tensors.
/// </summary>
internal sealed class ReductionBackward : NamedNode
{
    private readonly Func<Tensor, ReductionBackward, Tensor> _formula;

    /// <summary>The reduced dims of the input.</summary>
    public readonly bool[] Mask;
    public readonly bool KeepDim;
    /// <summary>The input's shape.</summary>
    public readonly long[] Shape;
    /// <summary>The op's scalar: the element count of mean, the degrees of freedom of var/std.</summary>
    public readonly double Scalar;

    public ReductionBackward(string name, Tensor input, bool[] mask, bool keepdim, Func<Tensor, ReductionBackward, Tensor> formula,
        Tensor? savedInput = null, Tensor? savedResult = null, double scalar = 0)
        : base(name, [input])
    {
        _formula = formula;
        Mask = mask;
        KeepDim = keepdim;
        Shape = Reduction.ToLong(input.Sizes);
        Scalar = scalar;
        if (savedInput is not null || savedResult is not null) SaveForBackward(savedInput, savedResult);
    }

    /// <summary>The saved input.</summary>
    public Tensor Input => Saved(0);

    /// <summary>The saved result, its reduced dims put back as size 1.</summary>
    public Tensor Result => Unsqueezed(Saved(1));

    /// <summary>The indices of the reduced dims.</summary>
    public int[] Dims => Reduction.MaskedDims(Mask);

    /// <summary>A reduced tensor with the reduced dims put back as size 1, so that it broadcasts to
    /// the input (a 0-dim one broadcasts as it is).</summary>
    public Tensor Unsqueezed(Tensor t) => t.dim() == 0 ? t : Reduction.UnsqueezeReduced(t, Mask, KeepDim);

    internal override Tensor?[] Apply(Tensor grad) => [_formula(Unsqueezed(grad), this)];
}

/// <summary>
/// The backward of a broadcasting two-input op, as two derivatives.yaml lines: <c>self:
/// gradA(grad, node)</c> and <c>other: gradB(grad, node)</c>, each run only when that input needs a
/// gradient and summed back to that input's shape. The op saves what the formulas read with
/// <see cref="Save"/> (<see cref="A"/>, <see cref="B"/>, <see cref="Result"/>).
/// </summary>
internal sealed class BinaryBackward : NamedNode
{
    private readonly Func<Tensor, BinaryBackward, Tensor> _gradA, _gradB;
    private readonly int[] _aShape, _bShape;

    /// <summary>The op's scalar argument (add's and sub's alpha).</summary>
    public readonly double Scalar;

    public BinaryBackward(string name, Tensor a, Tensor b, Func<Tensor, BinaryBackward, Tensor> gradA,
        Func<Tensor, BinaryBackward, Tensor> gradB, double scalar = 1) : base(name, [a, b])
    {
        _gradA = gradA;
        _gradB = gradB;
        _aShape = a.Sizes;
        _bShape = b.Sizes;
        Scalar = scalar;
    }

    /// <summary>Saves what the formulas read; pass null for what no needed gradient reads, so that an
    /// unrelated in-place change is no error.</summary>
    public BinaryBackward Save(Tensor? a, Tensor? b, Tensor? result = null)
    {
        SaveForBackward(a, b, result);
        return this;
    }

    public Tensor A => Saved(0);
    public Tensor B => Saved(1);
    public Tensor Result => Saved(2);

    internal override Tensor?[] Apply(Tensor grad) =>
    [
        NeedsInputGrad(0) ? _gradA(grad, this).SumToShape(_aShape) : null,
        NeedsInputGrad(1) ? _gradB(grad, this).SumToShape(_bShape) : null,
    ];
}
