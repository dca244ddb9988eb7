using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    static void P(string label, Tensor t) => Console.WriteLine(label + ": " + F(t.detach()));

    /// <summary>Seeded layer initialisation and outputs (NNLayerTests).</summary>
    public static void NnLayers()
    {
        manual_seed(0);
        var lin = nn.Linear(3, 2);
        P("Linear(3,2) seed0 weight", lin.weight!);
        P("Linear(3,2) seed0 bias", lin.bias!);
        var x = arange(6, ScalarType.Float32).view(2, 3) / 4 - 0.5;
        P("Linear out", lin.forward(x));
        manual_seed(1);
        var bil = nn.Bilinear(2, 3, 4);
        P("Bilinear(2,3,4) seed1 weight", bil.weight!);
        P("Bilinear bias", bil.bias!);
        var x1 = arange(4, ScalarType.Float32).view(2, 2) / 3 - 0.2;
        var x2 = arange(6, ScalarType.Float32).view(2, 3) / 5 - 0.4;
        P("Bilinear out", bil.forward(x1, x2));
    }

    /// <summary>Every nn.init function's values after a seed, written as torch/nn/init.py does them (NNInitTests).</summary>
    public static void NnInit()
    {
        manual_seed(0); P("uniform_(-1,2) 3x5 seed0", nn.init.uniform_(empty(3, 5), -1, 2));
        manual_seed(0); P("normal_(0.5,2) 3x5 seed0", nn.init.normal_(empty(3, 5), 0.5, 2));
        manual_seed(0); P("xavier_uniform_(gain 2) 3x5 seed0", nn.init.xavier_uniform_(empty(3, 5), 2));
        // TorchSharp 0.107's xavier_normal_ draws uniform values; init.py's formula: normal_(0, gain*sqrt(2/(fan_in+fan_out))).
        manual_seed(0); P("xavier_normal_ 4x2x3 seed0", empty(4, 2, 3).normal_(0, Math.Sqrt(2.0 / (6 + 12))));
        manual_seed(0); P("kaiming_uniform_ default 3x5 seed0", nn.init.kaiming_uniform_(empty(3, 5)));
        manual_seed(0); P("kaiming_normal_(fan_out, relu) 3x5 seed0", nn.init.kaiming_normal_(empty(3, 5), 0, nn.init.FanInOut.FanOut, nn.init.NonlinearityType.ReLU));
        {
            // kaiming_uniform_(a=sqrt5) with a generator, as init.py: bound = sqrt(3) * gain / sqrt(fan_in).
            double bound = Math.Sqrt(3) * Math.Sqrt(2.0 / (1 + 5)) / Math.Sqrt(3);
            P("kaiming_uniform_(a=sqrt5) 2x3 Generator(42)", empty(2, 3).uniform_(-bound, bound, generator: new Generator(42)));
        }
        // trunc_normal_, as init.py: uniform_(2l-1, 2u-1), erfinv_, mul_(std*sqrt2), add_(mean), clamp_(a, b).
        {
            manual_seed(0);
            double mean = 0.5, std = 1.5, a = -1, b = 2.5;
            static double Cdf(double v) => (1 + Erf(v / Math.Sqrt(2))) / 2;
            double l = Cdf((a - mean) / std), u = Cdf((b - mean) / std);
            var t = empty(3, 5).uniform_(2 * l - 1, 2 * u - 1);
            t.erfinv_(); t.mul_(std * Math.Sqrt(2)); t.add_(mean); t.clamp_(a, b);
            P("trunc_normal_(0.5,1.5,-1,2.5) 3x5 seed0", t);
        }
        // orthogonal_, as init.py: normal_ into (rows, cols), QR of it (or its transpose), q *= sign(diag(r)).
        foreach (var (rows, cols) in new[] { (3L, 5L), (5L, 3L), (4L, 4L) })
        {
            manual_seed(0);
            var flat = empty(rows, cols).normal_(0, 1);
            if (rows < cols) flat = flat.t();
            var (q, r) = linalg.qr(flat);
            q = q * diag(r, 0).sign();
            if (rows < cols) q = q.t();
            P($"orthogonal_(gain 2) {rows}x{cols} seed0", q * 2);
        }
    }

    static double Erf(double x)
    {
        // Abramowitz-Stegun is too coarse; use libtorch's own erf in double.
        return torch.tensor(x, ScalarType.Float64).erf().item<double>();
    }

    /// <summary>A small MLP's forward, loss, gradients and clip_grad_norm_ (NNTrainingTests).</summary>
    public static void NnMlp()
    {
        manual_seed(0);
        var model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3));
        var x = randn(5, 4);
        var y = tensor(new long[] { 0, 2, 1, 1, 0 });
        var outp = model.forward(x);
        P("mlp out", outp);
        var loss = nn.functional.cross_entropy(outp, y);
        P("loss", loss);
        loss.backward();
        foreach (var (name, p) in model.named_parameters()) P("grad " + name, p.grad!);
        var total = nn.utils.clip_grad_norm_(model.parameters(), 0.5);
        Console.WriteLine("total_norm: " + total.ToString("R"));
        foreach (var (name, p) in model.named_parameters()) P("clipped grad " + name, p.grad!);
        var vec = nn.utils.parameters_to_vector(model.parameters());
        Console.WriteLine("param vec numel: " + vec.numel());
    }
}
