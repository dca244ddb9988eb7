using ScottPlot;
using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>Seed 004 (Dive into Deep Learning 2.5): a simple function, non-scalar backward,
/// detaching, and the exercises.</summary>
static class Seed004Differentiation
{
    public static Walkthrough[] Walkthroughs =>
    [
        new("dot", "y = 2xᵀx and its gradient 4x", Dot),
        new("zero-grad", "gradients accumulate: zero_() before the next backward", ZeroGrad),
        new("backward-gradient", "backward of a non-scalar y with gradient: ones", BackwardGradient),
        new("detach", "detach(): treat a computed value as a constant", Detach),
        new("backward-twice", "exercise 2: run backward a second time", BackwardTwice),
        new("sin-derivative", "exercise 4: plot sin(x) and its derivative found by autograd", SinDerivative),
    ];

    static void Dot(Session session)
    {
        #region dot
        var x = arange(4.0);
        print(x);

        // Can also create x = arange(4.0, requires_grad: true)
        x.requires_grad_(true);
        print(x.grad);   // The gradient is None by default

        var y = 2 * dot(x, x);   // 2*(0+1+4+9)
        print(y);

        y.backward();
        // y = 2xᵀx, y' = 4x
        print(x.grad);
        print(x.grad == 4 * x);
        #endregion
    }

    static void ZeroGrad(Session session)
    {
        #region zero-grad
        var x = arange(4.0, requires_grad: true);
        var y = 2 * dot(x, x);
        y.backward();

        // PyTorch accumulates gradients by default: clear the previous values
        x.grad.zero_();
        y = x.sum();
        y.backward();
        print(x.grad);
        #endregion
    }

    static void BackwardGradient(Session session)
    {
        #region backward-gradient
        var x = arange(4.0, requires_grad: true);
        var y = x * x;
        y.backward(gradient: ones(y.shape[0]));   // Faster: y.sum().backward()
        print(x.grad);
        #endregion
    }

    static void Detach(Session session)
    {
        #region detach
        var x = arange(4.0, requires_grad: true);
        var y = x * x;
        var u = y.detach();
        print(u);

        var z = u * x;
        print(z);
        print(z == x * x * x);

        z.sum().backward();
        print(x.grad == u);

        x.grad.zero_();
        y.sum().backward();
        print(x.grad == 2 * x);
        #endregion
    }

    static void BackwardTwice(Session session)
    {
        #region backward-twice
        var a = tensor(new float[] { 1.0f, 3.0f, 5.0f, 7.0f, 9.0f }, requires_grad: true);
        var b = tensor(new float[] { 2.0f, 4.0f, 6.0f, 9.0f, 10.0f }, requires_grad: true);

        var c = a * b;
        var s = c.sum();
        print(s);

        s.backward();
        print(a.grad);

        try
        {
            s.backward();   // the graph's saved values were freed by the first backward
        }
        catch (InvalidOperationException e)   // PyTorch's RuntimeError
        {
            print($"RuntimeError: {e.Message}");
        }
        #endregion
    }

    static void SinDerivative(Session session)
    {
        #region sin-derivative
        // x from 0 to 2π, with requires_grad to differentiate with respect to it
        var x = linspace(0, 2 * Math.PI, 100, requires_grad: true);

        // f(x) = sin(x)
        var f_x = sin(x);

        // df(x)/dx by autograd (not by writing cos(x)): ones_like(x) covers every sample
        f_x.backward(ones_like(x));
        var df_dx = x.grad;
        print(allclose(df_dx, cos(x.detach())));

        // to plain arrays for plotting
        var x_np = x.detach().ToArray<float>();
        var f_x_np = f_x.detach().ToArray<float>();
        var df_dx_np = df_dx.detach().ToArray<float>();

        var plt = new Plot();
        var f = plt.Add.ScatterLine(x_np, f_x_np, Colors.Blue);
        f.LegendText = "f(x) = sin(x)";
        f.LineWidth = 2;
        var df = plt.Add.ScatterLine(x_np, df_dx_np, Colors.Red);
        df.LegendText = "df(x)/dx";
        df.LineWidth = 2;
        df.LinePattern = LinePattern.Dashed;
        plt.Title("f(x) = sin(x) and df(x)/dx");
        plt.XLabel("x");
        plt.YLabel("y");
        plt.ShowLegend();
        plt.SavePng(session.OutputFile("sin_derivative.png"), 1000, 600);
        print($"saved {session.OutputFile("sin_derivative.png")}");
        #endregion
    }
}
