using TorchSharp;
using static TorchSharp.torch;

// libtorch's values for the further unary math functions, activations and losses (OpValueTests).
public static partial class Scripts
{
    private static void Print(string label, Tensor t)
        => Console.WriteLine($"{label}: [{string.Join(", ", t.to_type(ScalarType.Float32).data<float>().ToArray().Select(v => v.ToString("R")))}]");

    private static readonly float[] General = [-1.5f, -0.3f, 0f, 0.4f, 2.2f];
    private static readonly float[] Unit = [-0.9f, -0.3f, 0f, 0.4f, 0.8f];
    private static readonly float[] Positive = [0.1f, 0.5f, 1f, 2.5f, 10f];
    private static readonly float[] Halves = [-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, -1.7f, 1.2f];
    private static readonly float[] Small = [-1e-6f, 1e-7f, 1e-3f, -0.7f, 3f];

    /// <summary>Unary math functions on float32 inputs.</summary>
    public static void UnaryMathValues()
    {
        var g = tensor(General); var u = tensor(Unit); var p = tensor(Positive); var h = tensor(Halves); var s = tensor(Small);
        Print("erf", g.erf());
        Print("erf wide", tensor(new float[] { -3.1f, -0.9f, 1.1f, 2.6f, 5f }).erf());
        Print("erfc", g.erfc());
        Print("erfc wide", tensor(new float[] { -3.1f, 0.9f, 1.1f, 2.6f, 5f, 9f }).erfc());
        Print("tan", g.tan());
        Print("atan", g.atan());
        Print("sinh", g.sinh());
        Print("cosh", g.cosh());
        Print("asin", u.asin());
        Print("acos", u.acos());
        Print("log2", p.log2());
        Print("log10", p.log10());
        Print("exp2", g.exp2());
        Print("expm1", s.expm1());
        Print("rsqrt", p.rsqrt());
        Print("floor", h.floor());
        Print("ceil", h.ceil());
        Print("round", h.round());
        Print("trunc", h.trunc());
        Print("frac", h.frac());
        Console.WriteLine("expm1 f64 1e-10: " + tensor(new double[] { 1e-10 }).expm1().item<double>().ToString("R"));
        Console.WriteLine("erf f64 0.5: " + tensor(new double[] { 0.5 }).erf().item<double>().ToString("R"));
        Console.WriteLine("erfc f64 4: " + tensor(new double[] { 4.0 }).erfc().item<double>().ToString("R"));
    }

    private static readonly float[] Act = [-2f, -1f, -0.3f, 0f, 0.4f, 1f, 2.5f];

    /// <summary>gelu(x, approximate: "tanh"), found by reflection (its enum's home varies by version).</summary>
    private static Tensor GeluTanh(Tensor x)
    {
        var asm = typeof(Tensor).Assembly;
        foreach (var t in asm.GetTypes())
            foreach (var m in t.GetMethods().Where(m => m.Name == "gelu" && m.GetParameters().Any(p => p.ParameterType.IsEnum)))
            {
                var ps = m.GetParameters();
                Console.WriteLine($"gelu: {t.FullName}.{m.Name}({string.Join(", ", ps.Select(p => p.ParameterType.FullName))}) static={m.IsStatic}");
                var e = ps.First(p => p.ParameterType.IsEnum).ParameterType;
                if (!m.IsStatic && t == typeof(Tensor) && ps.Length == 1) return (Tensor)m.Invoke(x, [Enum.Parse(e, "tanh")])!;
                if (m.IsStatic && ps.Length == 2) return (Tensor)m.Invoke(null, [x, Enum.Parse(e, "tanh")])!;
            }
        throw new InvalidOperationException("no gelu(x, approximate)");
    }

    /// <summary>gelu (both forms), mish and hardtanh.</summary>
    public static void ActivationValues()
    {
        var x = tensor(Act);
        Print("gelu", nn.functional.gelu(x));
        Print("gelu tanh", GeluTanh(x));
        Print("mish", nn.functional.mish(x));
        // TorchSharp 0.107's hardtanh returns its input unchanged here; libtorch's hardtanh is at::clamp.
        Print("hardtanh", x.clamp(-1, 1));
        Print("hardtanh(-0.5, 2)", x.clamp(-0.5, 2));
    }

    /// <summary>smooth_l1_loss, huber_loss and kl_div.</summary>
    public static void LossValues()
    {
        var input = tensor(new float[] { 0.2f, -1.5f, 3f, 0.9f, -0.1f, 2f });
        var target = tensor(new float[] { 0f, 0.5f, 1f, 1f, -2f, 2.3f });
        Print("smooth_l1 none", nn.functional.smooth_l1_loss(input, target, reduction: nn.Reduction.None));
        Print("smooth_l1 mean", nn.functional.smooth_l1_loss(input, target));
        Print("smooth_l1 sum beta 0.5", nn.functional.smooth_l1_loss(input, target, reduction: nn.Reduction.Sum, beta: 0.5));
        Print("huber none", nn.functional.huber_loss(input, target, reduction: nn.Reduction.None));
        Print("huber mean", nn.functional.huber_loss(input, target));
        Print("huber sum delta 0.7", nn.functional.huber_loss(input, target, reduction: nn.Reduction.Sum, delta: 0.7));
        // TorchSharp 0.107's kl_div defaults to log_target: true; PyTorch's (and SharpGrad's) to false.
        var logp = tensor(new float[,] { { -1.2f, -0.4f, -2.3f }, { -0.9f, -1.6f, -0.8f } });
        var q = tensor(new float[,] { { 0.2f, 0.5f, 0.3f }, { 0f, 0.6f, 0.4f } });
        Print("kl_div none", nn.functional.kl_div(logp, q, reduction: nn.Reduction.None, log_target: false));
        Print("kl_div mean", nn.functional.kl_div(logp, q, reduction: nn.Reduction.Mean, log_target: false));
        Print("kl_div sum", nn.functional.kl_div(logp, q, reduction: nn.Reduction.Sum, log_target: false));
        Print("kl_div sum log_target", nn.functional.kl_div(logp, q.log1p() - 1, reduction: nn.Reduction.Sum, log_target: true));
    }
}
