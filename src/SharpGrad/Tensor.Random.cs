namespace SharpGrad;

// In-place random fills (PyTorch's uniform_, normal_, bernoulli_, random_), the building blocks of
// nn.init. Each consumes the generator's stream exactly as PyTorch does for a contiguous tensor.
public sealed partial class Tensor
{
    /// <summary>Fills with samples uniform in [from, to).</summary>
    public Tensor uniform_(double from = 0, double to = 1, torch.Generator? generator = null)
        => FillRandom(t => t.FillUniformUntracked(from, to, generator), "uniform_");

    /// <summary>Fills with samples from N(mean, std²).</summary>
    public Tensor normal_(double mean = 0, double std = 1, torch.Generator? generator = null)
        => FillRandom(t => t.FillNormalUntracked(mean, std, generator), "normal_");

    /// <summary>Fills with 1 with probability <paramref name="p"/>, else 0.</summary>
    public Tensor bernoulli_(double p = 0.5, torch.Generator? generator = null)
        => FillRandom(t =>
        {
            var engine = torch.EngineOf(generator);
            if (t.ElementType == ScalarType.Float32) engine.FillBernoulli(t.ContiguousSpan<float>(), p);
            else if (t.ElementType == ScalarType.Float64) engine.FillBernoulli(t.ContiguousSpan<double>(), p);
            else
            {
                var draws = new double[t.numel()];
                engine.FillBernoulli(draws, p);
                Ops.Copy.Into(torch.tensor(draws).to(t.ElementType).view(t.shape), t);
            }
        }, "bernoulli_");

    /// <summary>Fills with integers uniform in [from, to).</summary>
    public Tensor random_(long from, long to, torch.Generator? generator = null)
        => FillRandom(t =>
        {
            if (t.ElementType == ScalarType.Int64) { torch.EngineOf(generator).FillRandInt(t.ContiguousSpan<long>(), from, to); return; }
            var draws = new long[t.numel()];
            torch.EngineOf(generator).FillRandInt(draws, from, to);
            Ops.Copy.Into(torch.tensor(draws).to(t.ElementType).view(t.shape), t);
        }, "random_");

    /// <summary>Fills with integers uniform in [0, to).</summary>
    public Tensor random_(long to, torch.Generator? generator = null) => random_(0, to, generator);

    /// <summary>Runs <paramref name="fill"/> on a contiguous tensor of this one's shape and dtype, then
    /// makes it this tensor's values, with the in-place rules of any other in-place op.</summary>
    private Tensor FillRandom(Action<Tensor> fill, string name)
    {
        CheckInPlace();
        if (ElementType == ScalarType.Bool && name is "uniform_" or "normal_")
            throw new NotSupportedException($"\"{(name == "uniform_" ? "check_uniform_bounds" : "normal_kernel_cpu")}\" not implemented for 'Bool'");
        if (IsContiguous && !TracksInPlace(null))
        {
            fill(this);
            SharedStorage.Version++;
            return this;
        }
        var values = Empty(Sizes, ElementType, uninitialized: true);
        fill(values);
        if (TracksInPlace(null)) return AdoptInPlace(values);
        Ops.Copy.Into(values, this);
        SharedStorage.Version++;
        return this;
    }

    /// <summary>uniform_ into a contiguous floating tensor, no autograd checks.</summary>
    internal void FillUniformUntracked(double from, double to, torch.Generator? generator)
    {
        var engine = torch.EngineOf(generator);
        switch (ElementType)
        {
            case ScalarType.Float32: engine.FillUniform(ContiguousSpan<float>(), from, to); break;
            case ScalarType.Float64: engine.FillUniform(ContiguousSpan<double>(), from, to); break;
            case ScalarType.Float16 or ScalarType.BFloat16:
                FillReduced(values => engine.FillUniform(values, ReducedOf(ElementType), from, to));
                break;
            default: throw new NotSupportedException($"\"check_uniform_bounds\" not implemented for '{ElementType.CTypeName()}'");
        }
        GC.KeepAlive(this);
    }

    /// <summary>normal_ into a contiguous floating tensor, no autograd checks.</summary>
    internal void FillNormalUntracked(double mean, double std, torch.Generator? generator)
    {
        var engine = torch.EngineOf(generator);
        switch (ElementType)
        {
            case ScalarType.Float32: engine.FillNormal(ContiguousSpan<float>(), mean, std); break;
            case ScalarType.Float64: engine.FillNormal(ContiguousSpan<double>(), mean, std); break;
            case ScalarType.Float16 or ScalarType.BFloat16:
                FillReduced(values => engine.FillNormal(values, ReducedOf(ElementType), mean, std));
                break;
            default: throw new NotSupportedException($"\"normal_kernel_cpu\" not implemented for '{ElementType.CTypeName()}'");
        }
        GC.KeepAlive(this);
    }

    private static ReducedFloat ReducedOf(ScalarType dtype) => dtype switch
    {
        ScalarType.Float16 => ReducedFloat.Float16,
        ScalarType.BFloat16 => ReducedFloat.BFloat16,
        _ => throw new NotSupportedException($"{dtype.TorchName()} is not a 16-bit floating type"),
    };

    /// <summary>Runs a reduced-type draw into floats (each exactly representable in this tensor's
    /// float16/bfloat16 dtype) and stores them, exactly, into this contiguous tensor.</summary>
    private void FillReduced(Action<Span<float>> draw)
    {
        var values = new float[numel()];
        draw(values);
        if (ElementType == ScalarType.Float16)
        {
            var dst = ContiguousSpan<Half>();
            for (int i = 0; i < values.Length; i++) dst[i] = (Half)values[i];
        }
        else
        {
            var dst = ContiguousSpan<BFloat16>();
            for (int i = 0; i < values.Length; i++) dst[i] = (BFloat16)values[i];
        }
    }
}
