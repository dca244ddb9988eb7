namespace SharpGrad.Benchmarks;

// Inside the namespace, so that these names win over SharpGrad's (this file is all TorchSharp).
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

/// <summary>
/// <see cref="SeedProgramsSharpGrad"/> written with TorchSharp, line for line, as TorchSharp
/// programs are written: loops that allocate run each iteration in a dispose scope. Where
/// TorchSharp lacks a PyTorch function (autograd.functional.jacobian, a <c>.data</c> setter,
/// safetensors), the program does what a TorchSharp user would, said where it happens.
/// </summary>
internal static class SeedProgramsTorchSharp
{
    /// <summary>TorchSharp's intra-op threads (the parent's --torch-threads).</summary>
    public static void SetThreads(int n) => set_num_threads(n);

    private static double[] V(Tensor t)
    {
        using var d = t.detach().to(float64).contiguous();
        return d.data<double>().ToArray();
    }

    // ------------------------------------------------------------------ seed 000

    private sealed class line : autograd.SingleTensorFunction<line>
    {
        public override string Name => nameof(line);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            Tensor w = (Tensor)vars[0], b = (Tensor)vars[1], x = (Tensor)vars[2];
            ctx.save_for_backward([w, b, x]);
            return mm(w, x) + b;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            Tensor x = ctx.get_saved_variables()[2];
            var dw = mm(grad_output, x.t());
            var db = grad_output;
            return [dw, db, null!];
        }
    }

    public static void Seed000(ProcessSeeds.Results r)
    {
        // one neuron, a = (wx + b)²
        {
            var x = tensor(new float[,] { { 2 }, { 3 } });
            var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
            var b = tensor(new float[] { 1 }, requires_grad: true);
            var z = mm(w, x) + b;
            var a = z.pow(2);
            a.backward();
            r.Add("neuron.w.grad", V(w.grad!));
            r.Add("neuron.b.grad", V(b.grad!));
            r.Add("neuron.a", V(a));
            r.Add("neuron.z.grad,x.grad is None;a,x.is_leaf", z.grad is null, x.grad is null, a.is_leaf, x.is_leaf);
        }
        // retain_grad
        {
            var x = tensor(new float[,] { { 2 }, { 3 } });
            var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
            var b = tensor(new float[] { 1 }, requires_grad: true);
            var z = mm(w, x) + b;
            z.retain_grad();
            var a = z.pow(2);
            a.backward();
            r.Add("retain_grad.z.grad", V(z.grad!));
        }
        // no_grad and detach
        {
            var x = tensor(new float[,] { { 2 }, { 3 } });
            var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
            var b = tensor(new float[] { 1 }, requires_grad: true);
            var z = mm(w, x) + b;
            bool tracked = z.requires_grad;
            Tensor a;
            using (no_grad())
                a = z.pow(2);
            var z1 = z.detach();
            var a1 = z1.pow(2);
            r.Add("no_grad.requires_grad(z,a,a1)", tracked, a.requires_grad, a1.requires_grad);
        }
        // the custom Function line
        {
            var x = tensor(new float[,] { { 2 }, { 3 } });
            var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
            var b = tensor(new float[] { 1 }, requires_grad: true);
            var z = line.apply(w, b, x);
            var a = z.pow(2);
            a.backward();
            r.Add("line.w.grad", V(w.grad!));
            r.Add("line.b.grad", V(b.grad!));
        }
        // gradient descent; TorchSharp has no .data setter: set_ under no_grad replaces the data
        {
            var x1 = tensor(new float[] { 1 }, requires_grad: true);
            var x2 = tensor(new float[] { 1 }, requires_grad: true);
            var alpha = 0.5;
            var n = 10;
            for (int epoch = 0; epoch < n; epoch++)
            {
                using var scope = NewDisposeScope();
                var f = (x1 - 10).pow(2) + (x2 + 5).pow(2);
                f.backward();
                using (no_grad())
                {
                    x1.set_(x1.detach() - alpha * x1.grad!);
                    x2.set_(x2.detach() - alpha * x2.grad!);
                }
            }
            r.Add("descent.x1,x2", [.. V(x1), .. V(x2)]);
        }
    }

    // ------------------------------------------------------------------ seed 001

    private sealed class MyReLU : autograd.SingleTensorFunction<MyReLU>
    {
        public override string Name => nameof(MyReLU);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            ctx.save_for_backward([input]);
            return input.clamp(min: 0);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var input = ctx.get_saved_variables()[0];
            var grad_input = grad_output.clone();
            grad_input[input < 0] = 0;
            return [grad_input];
        }
    }

    public static void Seed001(ProcessSeeds.Results r)
    {
        // requires_grad_ and grad_fn
        {
            var a = tensor(Data.Randn(4, 101), [2, 2]);
            a = ((a * 3) / (a - 1));
            bool before = a.requires_grad;
            a.requires_grad_(true);
            var b = (a * a).sum();
            r.Add("requires_grad(before,after),b.has_grad_fn", before, a.requires_grad, !b.is_leaf);
            r.Add("b", V(b));
        }
        // the two-layer net with MyReLU, 500 steps
        var dtype = float32;
        var device = torch.device("cpu");
        int N = 64, D_in = 1000, H = 100, D_out = 10;
        var x = tensor(Data.Randn(N * D_in, 111), [N, D_in], dtype: dtype, device: device);
        var y = tensor(Data.Randn(N * D_out, 112), [N, D_out], dtype: dtype, device: device);
        var w1 = tensor(Data.Randn(D_in * H, 113), [D_in, H], dtype: dtype, device: device, requires_grad: true);
        var w2 = tensor(Data.Randn(H * D_out, 114), [H, D_out], dtype: dtype, device: device, requires_grad: true);

        var learning_rate = 1e-6;
        var losses = new List<double>();
        for (int t = 0; t < 500; t++)
        {
            using var scope = NewDisposeScope();
            var relu = MyReLU.apply;
            var y_pred = relu(x.mm(w1)).mm(w2);
            var loss = (y_pred - y).pow(2).sum();
            losses.Add(loss.item<float>());   // the seed prints t and the loss at every step
            loss.backward();
            using (no_grad())
            {
                w1.sub_(learning_rate * w1.grad!);
                w2.sub_(learning_rate * w2.grad!);
                w1.grad!.zero_();
                w2.grad!.zero_();
            }
        }
        r.Add("loss(t 0,99,...,499)", [.. losses.Where((_, t) => t == 0 || t % 100 == 99)]);
        r.Add("w2", V(w2));
        r.Add("w1.sum", V(w1.sum()));
    }

    // ------------------------------------------------------------------ seed 002

    /// <summary>
    /// TorchSharp has no autograd.functional.jacobian: one backward per output element, as
    /// PyTorch's jacobian does without vectorize.
    /// </summary>
    private static Tensor jacobian(Func<Tensor, Tensor> func, Tensor inputs)
    {
        var x = inputs.detach().requires_grad_(true);
        var y = func(x).reshape(-1);
        var rows = new List<Tensor>();
        for (long i = 0; i < y.numel(); i++)
            rows.Add(autograd.grad([y[i]], [x], retain_graph: true)[0]);
        return stack(rows).reshape([.. func(inputs).shape, .. inputs.shape]);
    }

    public static void Seed002(ProcessSeeds.Results r)
    {
        // a one-layer net with a binary cross-entropy loss, its grad_fn, and backward
        {
            var x = ones(5);
            var y = zeros(3);
            var w = tensor(Data.Randn(15, 121), [5, 3], requires_grad: true);
            var b = tensor(Data.Randn(3, 122), [3], requires_grad: true);
            var z = matmul(x, w) + b;
            var loss = nn.functional.binary_cross_entropy_with_logits(z, y);
            r.Add("bce.has_grad_fn(z,loss)", !z.is_leaf, !loss.is_leaf);
            loss.backward();
            r.Add("bce.loss", V(loss));
            r.Add("bce.w.grad", V(w.grad!));
            r.Add("bce.b.grad", V(b.grad!));
        }
        // a non-scalar output: sum() it, or pass ones as the gradient
        {
            var x = ones(5, requires_grad: true);
            var y = x * x;
            y.sum().backward();
            r.Add("non_scalar.sum", V(x.grad!));
            x.grad!.zero_();
            y = x * x;
            y.backward([ones(x.shape[0])]);
            r.Add("non_scalar.ones", V(x.grad!));
        }
        // gradients accumulate across backward calls with retain_graph
        {
            var inp = eye(5, requires_grad: true);
            var @out = (inp + 1).pow(2);
            @out.backward([ones_like(inp)], retain_graph: true);
            r.Add("eye.first", V(inp.grad!));
            @out.backward([ones_like(inp)], retain_graph: true);
            r.Add("eye.second", V(inp.grad!));
            inp.grad!.zero_();
            @out.backward([ones_like(inp)], retain_graph: true);
            r.Add("eye.after_zero", V(inp.grad!));
        }
        // the whole Jacobian
        {
            static Tensor exp_reducer(Tensor x) => x.exp().sum(dim: 1);
            var inputs = tensor(ProcessSeeds.Rand(4, 123), [2, 2]);
            r.Add("jacobian", V(jacobian(exp_reducer, inputs)));
        }
    }

    // ------------------------------------------------------------------ seed 003

    private sealed class line3 : autograd.SingleTensorFunction<line3>
    {
        public override string Name => nameof(line3);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            Tensor w = (Tensor)vars[0], x = (Tensor)vars[1], b = (Tensor)vars[2];
            ctx.save_for_backward([w, x, b]);
            return w * x + b;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_out)
        {
            var saved = ctx.get_saved_variables();
            Tensor w = saved[0], x = saved[1];
            var grad_w = grad_out * x;
            var grad_x = grad_out * w;
            var grad_b = grad_out;
            return [grad_w, grad_x, grad_b];
        }
    }

    public static void Seed003(ProcessSeeds.Results r)
    {
        // the chain rule
        {
            var x = tensor(1f, requires_grad: true);
            var y = 2 * x;
            var z = y * y;
            z.backward();
            r.Add("chain.x.grad", V(x.grad!));

            var x1 = tensor(2f, requires_grad: true);
            var y1 = tensor(3f, requires_grad: true);
            var z1 = x1 * y1 + y1.pow(2);
            var loss = z1;
            loss.backward();
            r.Add("chain.x1,y1.grad", [.. V(x1.grad!), .. V(y1.grad!)]);
        }
        // a derivative of a derivative
        {
            var x = tensor(3f, requires_grad: true);
            var y = x.pow(3);
            var dy_dx = autograd.grad([y], [x], create_graph: true)[0];
            var d2y_dx2 = autograd.grad([dy_dx], [x])[0];
            r.Add("second.dy_dx,d2y_dx2", [.. V(dy_dx), .. V(d2y_dx2)]);
        }
        // grad modes
        {
            var x = tensor(new float[] { 1 }, requires_grad: true);
            var modes = new List<bool>();
            Tensor y;
            using (no_grad())
                y = x * 2;
            modes.Add(y.requires_grad);
            using (no_grad())
            {
                using (enable_grad())
                    y = x * 2;
            }
            modes.Add(y.requires_grad);
            var is_train = false;
            using (set_grad_enabled(is_train))
                y = x * 2;
            modes.Add(y.requires_grad);
            modes.Add(is_grad_enabled());
            r.Add("grad_modes", [.. modes]);
        }
        // a custom Function with three gradients
        {
            var w = tensor(ProcessSeeds.Rand(4, 131), [2, 2], requires_grad: true);
            var x = tensor(ProcessSeeds.Rand(4, 132), [2, 2], requires_grad: true);
            var b = tensor(ProcessSeeds.Rand(4, 133), [2, 2], requires_grad: true);
            var @out = line3.apply(w, x, b);
            @out.backward([ones(2, 2)]);
            r.Add("line3.out", V(@out));
            r.Add("line3.w,x,b.grad", [.. V(w.grad!), .. V(x.grad!), .. V(b.grad!)]);
        }
    }

    // ------------------------------------------------------------------ seed 004

    public static void Seed004(ProcessSeeds.Results r)
    {
        // y = 2xᵀx
        {
            var x = arange(4.0f);
            x.requires_grad_(true);
            bool noneByDefault = x.grad is null;
            var y = 2 * dot(x, x);
            y.backward();
            r.Add("dot.y", V(y));
            r.Add("dot.x.grad", V(x.grad!));
            r.Add("dot.grad_none_before,grad==4x", noneByDefault, (x.grad! == 4 * x).all().item<bool>());
        }
        // zero_() before the next backward
        {
            var x = arange(4.0f, requires_grad: true);
            var y = 2 * dot(x, x);
            y.backward();
            x.grad!.zero_();
            y = x.sum();
            y.backward();
            r.Add("zero_grad.x.grad", V(x.grad!));
        }
        // backward of a non-scalar with gradient: ones
        {
            var x = arange(4.0f, requires_grad: true);
            var y = x * x;
            y.backward([ones(y.shape[0])]);
            r.Add("backward_gradient.x.grad", V(x.grad!));
        }
        // detach
        {
            var x = arange(4.0f, requires_grad: true);
            var y = x * x;
            var u = y.detach();
            var z = u * x;
            bool cube = (z == x * x * x).all().item<bool>();
            z.sum().backward();
            bool gradIsU = (x.grad! == u).all().item<bool>();
            x.grad!.zero_();
            y.sum().backward();
            bool gradIs2x = (x.grad! == 2 * x).all().item<bool>();
            r.Add("detach.z==x³,grad==u,grad==2x", cube, gradIsU, gradIs2x);
        }
        // exercise 2: backward a second time
        {
#pragma warning disable CA1861 // the seed's literals, as it writes them (this runs once)
            var a = tensor(new float[] { 1.0f, 3.0f, 5.0f, 7.0f, 9.0f }, requires_grad: true);
            var b = tensor(new float[] { 2.0f, 4.0f, 6.0f, 9.0f, 10.0f }, requires_grad: true);
#pragma warning restore CA1861
            var c = a * b;
            var s = c.sum();
            s.backward();
            r.Add("twice.s,a.grad", [.. V(s), .. V(a.grad!)]);
            bool raised = false;
            try { s.backward(); }
            catch (System.Runtime.InteropServices.ExternalException) { raised = true; }   // libtorch's RuntimeError
            r.Add("twice.raised", raised);
        }
        // exercise 4: sin's derivative by autograd (the walkthrough then plots it)
        {
            var x = linspace(0, 2 * Math.PI, 100, requires_grad: true);
            var f_x = sin(x);
            f_x.backward([ones_like(x)]);
            var df_dx = x.grad!;
            bool close = allclose(df_dx, cos(x.detach()));
            var x_np = x.detach().data<float>().ToArray();
            var f_x_np = f_x.detach().data<float>().ToArray();
            var df_dx_np = df_dx.detach().data<float>().ToArray();
            r.Add("sin.allclose", close);
            r.Add("sin.sums(x,f,df)", x_np.Sum(), f_x_np.Sum(), df_dx_np.Sum());
        }
    }

    // ------------------------------------------------------------------ Fashion-MNIST

    /// <summary>784 pixels → 256 hidden units → 10 classes.</summary>
    private sealed class Classifier : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc1 = nn.Linear(784, 256);
        private readonly Linear fc2 = nn.Linear(256, 10);

        public Classifier() : base(nameof(Classifier)) => RegisterComponents();

        public override Tensor forward(Tensor x) => fc2.call(nn.functional.relu(fc1.call(x)));
    }

    private static double Accuracy(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        model.eval();
        using (no_grad())
        {
            using var scope = NewDisposeScope();
            var predicted = model.call(images).argmax(dim: 1);
            return (predicted == labels).sum().item<long>() / (double)labels.shape[0];
        }
    }

    private static (Tensor images, Tensor labels) Load(string split)
    {
        var (images, labels) = ProcessSeeds.ReadFashionMnist(split);
        int n = images.Dims[0], pixels = images.Dims[1] * images.Dims[2];
        var x = frombuffer(images.Bytes, ScalarType.Byte, count: (long)n * pixels, offset: images.Start).view(n, pixels).to(float32).div_(255);
        var y = frombuffer(labels.Bytes, ScalarType.Byte, count: n, offset: labels.Start).to(int64);
        return (x, y);
    }

    public static void FashionMnist(ProcessSeeds.Results r)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();   // for the child's own log, not the measurement
        var (train_x, train_y) = Load("train");
        var (test_x, test_y) = Load("t10k");

        var mean = train_x.mean();
        var std = train_x.std();
        train_x = (train_x - mean) / std;
        test_x = (test_x - mean) / std;

        Console.WriteLine($"loaded and standardised at {clock.Elapsed.TotalSeconds:F1} s");
        manual_seed(0);
        var model = new Classifier();
        var loss_fn = nn.CrossEntropyLoss();
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        using var train_loader = utils.data.DataLoader(utils.data.TensorDataset(train_x, train_y), batchSize: 64, shuffle: true);

        int epochs = 3;
        double accuracy = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            model.train();
            double total = 0;
            foreach (var batch in train_loader)
            {
                using var scope = NewDisposeScope();
                Tensor x = batch[0], y = batch[1];
                var loss = loss_fn.call(model.call(x), y);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                total += loss.item<float>();
            }
            accuracy = Accuracy(model, test_x, test_y);
            Console.WriteLine($"epoch {epoch + 1}: mean loss {total / train_loader.Count:F4}, test accuracy {100 * accuracy:F2}% (at {clock.Elapsed.TotalSeconds:F1} s)");
        }

        // save, load into a fresh model, test again (TorchSharp's own format: it has no safetensors)
        var path = Path.Combine(Path.GetTempPath(), $"torchsharp-bench-{Environment.ProcessId}.dat");
        model.save(path);
        var restored = new Classifier();
        restored.load(path);
        double reloaded = Accuracy(restored, test_x, test_y);
        File.Delete(path);
        r.Add("test_accuracy(trained,reloaded)", accuracy, reloaded);
    }
}
