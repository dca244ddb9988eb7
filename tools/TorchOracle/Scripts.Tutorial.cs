using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    static string Py(double v) => v.ToString("R");

    /// <summary>"Learning PyTorch with Examples", nn chapter: polynomial fits of sin(x), each after
    /// manual_seed(0) (NnTutorialTests and the examples program).</summary>
    public static void PolynomialNn()
    {
        manual_seed(0);
        var x = linspace(-Math.PI, Math.PI, 2000);
        var y = sin(x);
        var p = tensor(new long[] { 1, 2, 3 });
        var xx = x.unsqueeze(-1).pow(p);
        var model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1));
        var loss_fn = nn.MSELoss(reduction: nn.Reduction.Sum);
        var learning_rate = 1e-6;
        for (int t = 0; t < 2000; t++)
        {
            var y_pred = model.forward(xx);
            var loss = loss_fn.forward(y_pred, y);
            if (t % 100 == 99) Console.WriteLine($"{t} {Py(loss.item<float>())}");
            model.zero_grad();
            loss.backward();
            using (no_grad())
                foreach (var param in model.parameters()) param.sub_(learning_rate * param.grad!);
        }
        var w = model.parameters().ToArray();
        Console.WriteLine($"Result: y = {Py(w[1].item<float>())} + {Py(w[0][0, 0].item<float>())} x + {Py(w[0][0, 1].item<float>())} x^2 + {Py(w[0][0, 2].item<float>())} x^3");
    }

    public static void PolynomialOptim()
    {
        manual_seed(0);
        var x = linspace(-Math.PI, Math.PI, 2000);
        var y = sin(x);
        var p = tensor(new long[] { 1, 2, 3 });
        var xx = x.unsqueeze(-1).pow(p);
        var model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1));
        var loss_fn = nn.MSELoss(reduction: nn.Reduction.Sum);
        var optimizer = optim.RMSProp(model.parameters(), lr: 1e-3);
        for (int t = 0; t < 2000; t++)
        {
            var loss = loss_fn.forward(model.forward(xx), y);
            if (t % 100 == 99) Console.WriteLine($"{t} {Py(loss.item<float>())}");
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        var w = model.parameters().ToArray();
        Console.WriteLine($"Result: y = {Py(w[1].item<float>())} + {Py(w[0][0, 0].item<float>())} x + {Py(w[0][0, 1].item<float>())} x^2 + {Py(w[0][0, 2].item<float>())} x^3");
    }

    public static void PolynomialModule()
    {
        manual_seed(0);
        var a = randn(new long[0]); var b = randn(new long[0]); var c = randn(new long[0]); var d = randn(new long[0]);
        var ps = new[] { a, b, c, d }.Select(t => new TorchSharp.Modules.Parameter(t)).ToArray(); a = ps[0]; b = ps[1]; c = ps[2]; d = ps[3];
        var x = linspace(-Math.PI, Math.PI, 2000);
        var y = sin(x);
        var optimizer = optim.SGD(ps, 1e-6);
        for (int t = 0; t < 2000; t++)
        {
            var y_pred = a + b * x + c * x.pow(2) + d * x.pow(3);
            var loss = (y_pred - y).pow(2).sum();
            if (t % 100 == 99) Console.WriteLine($"{t} {Py(loss.item<float>())}");
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        Console.WriteLine($"Result: y = {Py(a.item<float>())} + {Py(b.item<float>())} x + {Py(c.item<float>())} x^2 + {Py(d.item<float>())} x^3");
    }
}
