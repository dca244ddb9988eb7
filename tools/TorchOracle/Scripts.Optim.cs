using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    /// <summary>Which float32 roundings libtorch's CPU kernels use for the ops optimizers chain.</summary>
    public static void OptimRoundingProbe()
    {
        manual_seed(5);
        foreach (int n in new[] { 7, 64, 4096 })
        {
            var x = randn(n); var y = randn(n); var z = randn(n).abs() + 0.5;
            float[] X = x.data<float>().ToArray(), Y = y.data<float>().ToArray(), Z = z.data<float>().ToArray();
            void Check(string name, Tensor got, Func<int, float> plain, Func<int, float> fused)
            {
                var g = got.data<float>().ToArray();
                int p = 0, f = 0;
                for (int i = 0; i < n; i++) { if (g[i] == plain(i)) p++; if (g[i] == fused(i)) f++; }
                Console.WriteLine($"n={n} {name}: plain {p}/{n} fused {f}/{n}");
            }
            float a = -0.01f;
            Check("add_alpha", x.clone().add_(y, alpha: -0.01), i => X[i] + a * Y[i], i => MathF.FusedMultiplyAdd(a, Y[i], X[i]));
            float w = (float)(1 - 0.9);
            Check("lerp_small", x.clone().lerp_(y, 1 - 0.9), i => X[i] + w * (Y[i] - X[i]), i => MathF.FusedMultiplyAdd(w, Y[i] - X[i], X[i]));
            float w2 = 0.75f;
            Check("lerp_big", x.clone().lerp_(y, 0.75), i => Y[i] - (Y[i] - X[i]) * (1 - w2), i => MathF.FusedMultiplyAdd(w2 - 1, Y[i] - X[i], Y[i]));
            float v = (float)(1 - 0.999);
            Check("addcmul", x.clone().addcmul_(y, y, value: 1 - 0.999), i => X[i] + v * Y[i] * Y[i], i => MathF.FusedMultiplyAdd(v * Y[i], Y[i], X[i]));
            float c = -0.0123f;
            Check("addcdiv", x.clone().addcdiv_(y, z, value: -0.0123), i => X[i] + c * Y[i] / Z[i], i => MathF.FusedMultiplyAdd(c, Y[i] / Z[i], X[i]));
            Check("addcdiv_v1", x.clone().addcdiv_(y, z), i => X[i] + Y[i] / Z[i], i => X[i] + 1f * Y[i] / Z[i]);
            float bc = (float)Math.Sqrt(1 - Math.Pow(0.999, 3));
            Check("sqrtdiv", (z.sqrt() / Math.Sqrt(1 - Math.Pow(0.999, 3))).add_(1e-8), i => MathF.Sqrt(Z[i]) / bc + 1e-8f, i => MathF.Sqrt(Z[i]) * (1 / bc) + 1e-8f);
            Check("sqrt", z.sqrt(), i => MathF.Sqrt(Z[i]), i => (float)Math.Sqrt(Z[i]));
            Check("divscalar", z / Math.Sqrt(1 - Math.Pow(0.999, 3)), i => Z[i] / bc, i => (float)(Z[i] / Math.Sqrt(1 - Math.Pow(0.999, 3))));
            Check("divscalar_recip", z / Math.Sqrt(1 - Math.Pow(0.999, 3)), i => Z[i] * (1f / bc), i => (float)(Z[i] * (1.0 / Math.Sqrt(1 - Math.Pow(0.999, 3)))));
            Check("addeps", z.clone().add_(1e-8), i => Z[i] + 1e-8f, i => (float)(Z[i] + 1e-8));
            Check("addeps_small", (x*1e-6).add_(1e-8), i => X[i]*1e-6f + 1e-8f, i => (float)(X[i]*1e-6f + 1e-8));
            Check("mul", x.clone().mul_(0.9), i => X[i] * 0.9f, i => (float)(X[i] * 0.9));
            Check("addcmul_neg1", z.addcmul(y, y, value: -1), i => Z[i] + -1f * Y[i] * Y[i], i => MathF.FusedMultiplyAdd(-Y[i], Y[i], Z[i]));
        }
    }
}

public static partial class Scripts
{
    // The optimizer oracles run PyTorch's own update code (torch/optim/*.py, the single-tensor,
    // non-foreach path), translated line by line onto libtorch's ops through TorchSharp: TorchSharp's
    // own optimizers are older ports with a different order of operations.

    static ScalarType s_optimDtype = ScalarType.Float32;

    static Tensor[] OptimProblemParams()
    {
        manual_seed(0);
        return new[] { randn(5).to_type(s_optimDtype), randn(4, 9).to_type(s_optimDtype) };
    }

    static Tensor[] OptimProblemTargets()
    {
        manual_seed(1);
        return new[] { randn(5).to_type(s_optimDtype), randn(4, 9).to_type(s_optimDtype) };
    }

    /// <summary>The gradient of 1.5·Σ(p − target)²: 3·(p − target), set directly so both libraries see the same bits.</summary>
    static Tensor OptimProblemGrad(Tensor p, Tensor target, int step) => (p - target) * 3.0;

    static string L(Tensor t) => t.dtype == ScalarType.Float64
        ? "new double[] { " + string.Join(", ", t.reshape(-1).data<double>().ToArray().Select(v => v.ToString("R"))) + " }"
        : "new float[] { " + string.Join(", ", t.reshape(-1).data<float>().ToArray().Select(v => v.ToString("R") + "f")) + " }";

    static void RunOptim(string name, int steps, Action<Tensor[], Tensor[], int> update)
    {
        var ps = OptimProblemParams();
        var ts = OptimProblemTargets();
        Console.WriteLine($"// {name}");
        using (no_grad())
            for (int s = 1; s <= steps; s++)
            {
                var grads = ps.Select((p, i) => OptimProblemGrad(p, ts[i], s)).ToArray();
                update(ps, grads, s);
                Console.WriteLine($"[{s}] = [ {L(ps[0])}, {L(ps[1])} ],");
            }
    }

    static void Sgd(Tensor param, Tensor grad, ref Tensor? buf, double lr, double momentum, double dampening, double wd, bool nesterov, bool maximize)
    {
        if (maximize) grad = -grad;
        if (wd != 0) grad = grad.add(param, alpha: wd);
        if (momentum != 0)
        {
            if (buf is null) buf = grad.clone().detach();
            else buf.mul_(momentum).add_(grad, alpha: 1 - dampening);
            grad = nesterov ? grad.add(buf, alpha: momentum) : buf;
        }
        param.add_(grad, alpha: -lr);
    }

    static void SgdRun(string name, double lr, double momentum = 0, double dampening = 0, double wd = 0, bool nesterov = false, bool maximize = false)
    {
        var bufs = new Tensor?[2];
        RunOptim(name, 4, (ps, gs, s) => { for (int i = 0; i < 2; i++) Sgd(ps[i], gs[i], ref bufs[i], lr, momentum, dampening, wd, nesterov, maximize); });
    }

    sealed class AdamState { public Tensor step = tensor(0f); public Tensor? exp_avg, exp_avg_sq, max_exp_avg_sq; }

    static void Adam(Tensor param, Tensor grad, AdamState st, double lr, double beta1, double beta2, double eps, double wd, bool amsgrad, bool maximize, bool decoupled)
    {
        st.exp_avg ??= zeros_like(param); st.exp_avg_sq ??= zeros_like(param);
        if (amsgrad) st.max_exp_avg_sq ??= zeros_like(param);
        if (maximize) grad = -grad;
        st.step.add_(1);
        if (wd != 0)
        {
            if (decoupled) param.mul_(1 - lr * wd);
            else grad = grad.add(param, alpha: wd);
        }
        st.exp_avg.lerp_(grad, tensor(1 - beta1, param.dtype));
        st.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
        double step = st.step.item<float>();
        double bc1 = 1 - Math.Pow(beta1, step), bc2 = 1 - Math.Pow(beta2, step);
        double stepSize = lr / bc1, bc2Sqrt = Math.Sqrt(bc2);
        Tensor denom;
        if (amsgrad)
        {
            st.max_exp_avg_sq!.copy_(maximum(st.max_exp_avg_sq, st.exp_avg_sq));
            denom = (st.max_exp_avg_sq.sqrt() / bc2Sqrt).add_(eps);
        }
        else denom = (st.exp_avg_sq.sqrt() / bc2Sqrt).add_(eps);
        param.addcdiv_(st.exp_avg, denom, -stepSize);
    }

    static void AdamRun(string name, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double wd = 0, bool amsgrad = false, bool maximize = false, bool decoupled = false)
    {
        var st = new[] { new AdamState(), new AdamState() };
        RunOptim(name, 4, (ps, gs, s) => { for (int i = 0; i < 2; i++) Adam(ps[i], gs[i], st[i], lr, beta1, beta2, eps, wd, amsgrad, maximize, decoupled); });
    }

    static void RmspropRun(string name, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double wd = 0, double momentum = 0, bool centered = false)
    {
        var sq = new Tensor?[2]; var ga = new Tensor?[2]; var mb = new Tensor?[2];
        RunOptim(name, 4, (ps, gs, s) =>
        {
            for (int i = 0; i < 2; i++)
            {
                var param = ps[i]; var grad = gs[i];
                sq[i] ??= zeros_like(param);
                if (centered) ga[i] ??= zeros_like(param);
                if (momentum > 0) mb[i] ??= zeros_like(param);
                if (wd != 0) grad = grad.add(param, alpha: wd);
                sq[i]!.mul_(alpha).addcmul_(grad, grad, 1 - alpha);
                Tensor avg;
                if (centered)
                {
                    ga[i]!.lerp_(grad, tensor(1 - alpha, param.dtype));
                    avg = sq[i]!.addcmul(ga[i]!, ga[i]!, -1).sqrt_();
                }
                else avg = sq[i]!.sqrt();
                avg = avg.add_(eps);
                if (momentum > 0)
                {
                    mb[i]!.mul_(momentum).addcdiv_(grad, avg);
                    param.add_(mb[i]!, alpha: -lr);
                }
                else param.addcdiv_(grad, avg, -lr);
            }
        });
    }

    static void AdagradRun(string name, double lr = 1e-2, double lrDecay = 0, double wd = 0, double init = 0, double eps = 1e-10)
    {
        var sums = new Tensor?[2]; var steps = new[] { tensor(0f), tensor(0f) };
        RunOptim(name, 4, (ps, gs, s) =>
        {
            for (int i = 0; i < 2; i++)
            {
                var param = ps[i]; var grad = gs[i];
                sums[i] ??= full_like(param, init);
                steps[i].add_(1);
                double step = steps[i].item<float>();
                if (wd != 0) grad = grad.add(param, alpha: wd);
                double clr = lr / (1 + (step - 1) * lrDecay);
                sums[i]!.addcmul_(grad, grad, 1);
                var std = sums[i]!.sqrt().add_(eps);
                param.addcdiv_(grad, std, -clr);
            }
        });
    }

    /// <summary>Parameter values after each step for every optimizer and option set (OptimTests).</summary>
    public static void OptimSteps()
    {
        Console.WriteLine("params: " + string.Join(", ", OptimProblemParams().Select(L)));
        Console.WriteLine("targets: " + string.Join(", ", OptimProblemTargets().Select(L)));
        SgdRun("SGD lr=0.1", 0.1);
        SgdRun("SGD lr=0.05 momentum=0.9 dampening=0.1 weight_decay=0.01", 0.05, 0.9, 0.1, 0.01);
        SgdRun("SGD lr=0.05 momentum=0.9 nesterov weight_decay=0.01", 0.05, 0.9, 0, 0.01, nesterov: true);
        SgdRun("SGD lr=0.1 maximize", 0.1, maximize: true);
        AdamRun("Adam lr=0.01", lr: 0.01);
        AdamRun("Adam lr=0.01 betas=(0.8,0.99) weight_decay=0.1 amsgrad", lr: 0.01, beta1: 0.8, beta2: 0.99, wd: 0.1, amsgrad: true);
        AdamRun("Adam lr=0.01 maximize", lr: 0.01, maximize: true);
        AdamRun("AdamW lr=0.01 (weight_decay=0.01)", lr: 0.01, wd: 0.01, decoupled: true);
        AdamRun("AdamW lr=0.01 weight_decay=0.1 amsgrad", lr: 0.01, wd: 0.1, amsgrad: true, decoupled: true);
        RmspropRun("RMSprop lr=0.01", lr: 0.01);
        RmspropRun("RMSprop lr=0.01 centered momentum=0.9 weight_decay=0.01", lr: 0.01, wd: 0.01, momentum: 0.9, centered: true);
        AdagradRun("Adagrad lr=0.1 lr_decay=0.1 weight_decay=0.01 initial_accumulator_value=0.1", lr: 0.1, lrDecay: 0.1, wd: 0.01, init: 0.1);
    }

    /// <summary>The same problem in float64 for a few option sets (OptimStepTests, float64).</summary>
    public static void OptimStepsFloat64()
    {
        s_optimDtype = ScalarType.Float64;
        SgdRun("SGD lr=0.05 momentum=0.9 nesterov weight_decay=0.01", 0.05, 0.9, 0, 0.01, nesterov: true);
        AdamRun("Adam lr=0.01 betas=(0.8,0.99) weight_decay=0.1 amsgrad", lr: 0.01, beta1: 0.8, beta2: 0.99, wd: 0.1, amsgrad: true);
        AdamRun("AdamW lr=0.01 (weight_decay=0.01)", lr: 0.01, wd: 0.01, decoupled: true);
        RmspropRun("RMSprop lr=0.01 centered momentum=0.9 weight_decay=0.01", lr: 0.01, wd: 0.01, momentum: 0.9, centered: true);
        AdagradRun("Adagrad lr=0.1 lr_decay=0.1 weight_decay=0.01 initial_accumulator_value=0.1", lr: 0.1, lrDecay: 0.1, wd: 0.01, init: 0.1);
        s_optimDtype = ScalarType.Float32;
    }
}

public static partial class Scripts
{
    /// <summary>
    /// L-BFGS (no line search: TorchSharp's LBFGS has none) on a two-parameter Rosenbrock
    /// Σ(1 − a)² + 100·(b − a²)², whose gradient the closure sets by formula (OptimLbfgsTests).
    /// </summary>
    public static void OptimLbfgs()
    {
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var a = tensor(new double[] { -1.5, 1.2 }, dtype: dtype).requires_grad_(true);
            var b = tensor(new double[] { 2.0, -0.5 }, dtype: dtype).requires_grad_(true);
            var opt = torch.optim.LBFGS(new[] { new TorchSharp.Modules.Parameter(a), new TorchSharp.Modules.Parameter(b) }, lr: 1, max_iter: 5, history_size: 3);
            var ps = opt.parameters().ToArray();
            Tensor Closure()
            {
                using var _ = no_grad();
                var pa = ps[0]; var pb = ps[1];
                var r = pb - pa * pa;
                var f = ((1 - pa) * (1 - pa) + 100 * r * r).sum();
                pa.grad = -2 * (1 - pa) - 400 * pa * r;
                pb.grad = 200 * r;
                return f;
            }
            Console.WriteLine($"// {dtype}");
            for (int s = 1; s <= 4; s++)
            {
                var loss = opt.step(Closure);
                Console.WriteLine($"[{s}] loss {loss.to_type(ScalarType.Float64).item<double>():R} a {string.Join(", ", ps[0].to_type(ScalarType.Float64).data<double>().ToArray().Select(v => v.ToString("R")))} b {string.Join(", ", ps[1].to_type(ScalarType.Float64).data<double>().ToArray().Select(v => v.ToString("R")))}");
            }
        }
    }
}

public static partial class Scripts
{
    /// <summary>Each scheduler's learning rates over 12 steps of an SGD (lr 0.1) and an Adam (OptimSchedulerTests).</summary>
    public static void OptimSchedulers()
    {
        static string Lr(IEnumerable<double> v) => string.Join(", ", v.Select(x => x.ToString("R")));
        void Run(string name, Func<TorchSharp.Modules.SGD, torch.optim.lr_scheduler.LRScheduler> make, Func<int, double>? metric = null)
        {
            var p = new TorchSharp.Modules.Parameter(zeros(2));
            var opt = torch.optim.SGD(new[] { p }, 0.1, momentum: 0.9);
            var s = make(opt);
            var lrs = new List<double> { s.get_last_lr().First() };
            for (int i = 0; i < 12; i++)
            {
                opt.step();
                if (metric is null) s.step(); else s.step(metric(i));
                lrs.Add(s.get_last_lr().First());
            }
            Console.WriteLine($"[\"{name}\"] = [{Lr(lrs)}],");
        }
        Run("StepLR(step_size: 3, gamma: 0.5)", o => torch.optim.lr_scheduler.StepLR(o, 3, 0.5));
        Run("MultiStepLR([2, 5, 8], gamma: 0.1)", o => torch.optim.lr_scheduler.MultiStepLR(o, new[] { 2, 5, 8 }, 0.1));
        Run("ExponentialLR(gamma: 0.9)", o => torch.optim.lr_scheduler.ExponentialLR(o, 0.9));
        Run("CosineAnnealingLR(T_max: 4, eta_min: 0.001)", o => torch.optim.lr_scheduler.CosineAnnealingLR(o, 4, 0.001));
        Run("LambdaLR(epoch => 0.95^epoch)", o => torch.optim.lr_scheduler.LambdaLR(o, e => Math.Pow(0.95, e)));
        Run("OneCycleLR(max_lr: 0.1, total_steps: 12)", o => torch.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps: 12));
        Run("OneCycleLR(max_lr: 0.1, total_steps: 12, anneal_strategy: linear, three_phase)", o => torch.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps: 12, anneal_strategy: torch.optim.lr_scheduler.impl.OneCycleLR.AnnealStrategy.Linear, three_phase: true));
        double[] metrics = { 1, 0.9, 0.9, 0.9, 0.95, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8 };
        Run("ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 1)", o => torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor: 0.5, patience: 2, cooldown: 1), i => metrics[i]);
    }
}

public static partial class Scripts
{
    /// <summary>Whether libtorch's float64 sqrt is correctly rounded (it is the only op in centered RMSprop's chain that might not be).</summary>
    public static void OptimSqrtProbe()
    {
        manual_seed(5);
        foreach (int n in new[] { 36, 4096 })
        {
            var z = rand(n, dtype: ScalarType.Float64) * 3;
            var Z = z.data<double>().ToArray();
            var S = z.sqrt().data<double>().ToArray();
            Console.WriteLine($"n={n} float64 sqrt correctly rounded: {Enumerable.Range(0, n).Count(i => S[i] == Math.Sqrt(Z[i]))}/{n}");
            var x = randn(n, dtype: ScalarType.Float64); var y = randn(n, dtype: ScalarType.Float64);
            var X = x.data<double>().ToArray(); var Y = y.data<double>().ToArray();
            var A = z.addcmul(y, y, -1).data<double>().ToArray();
            Console.WriteLine($"n={n} float64 addcmul(-1) fused: {Enumerable.Range(0, n).Count(i => A[i] == Math.FusedMultiplyAdd(-Y[i], Y[i], Z[i]))}/{n}");
            var L = x.clone().lerp_(y, tensor(0.01, ScalarType.Float64)).data<double>().ToArray();
            Console.WriteLine($"n={n} float64 lerp fused: {Enumerable.Range(0, n).Count(i => L[i] == Math.FusedMultiplyAdd(0.01, Y[i] - X[i], X[i]))}/{n}");
            var D = x.clone().addcdiv_(y, z).data<double>().ToArray();
            Console.WriteLine($"n={n} float64 addcdiv(1): plain {Enumerable.Range(0, n).Count(i => D[i] == X[i] + 1.0 * Y[i] / Z[i])}/{n} recip-fma {Enumerable.Range(0, n).Count(i => D[i] == Math.FusedMultiplyAdd(Y[i], 1 / Z[i], X[i]))}/{n}");
            var D2 = x.clone().addcdiv_(y, z, -0.01).data<double>().ToArray();
            Console.WriteLine($"n={n} float64 addcdiv(-0.01): plain {Enumerable.Range(0, n).Count(i => D2[i] == X[i] + -0.01 * Y[i] / Z[i])}/{n}");
            var M = x.clone().mul_(0.99).addcmul_(y, y, 1 - 0.99).data<double>().ToArray();
            Console.WriteLine($"n={n} float64 mul_.addcmul_: fused {Enumerable.Range(0, n).Count(i => M[i] == Math.FusedMultiplyAdd((1 - 0.99) * Y[i], Y[i], X[i] * 0.99))}/{n}");
        }
    }
}

public static partial class Scripts
{
    /// <summary>TorchSharp's ReduceLROnPlateau on OptimSchedulers' metric sequence, reading the group's rate directly.</summary>
    public static void OptimPlateauProbe()
    {
        var p = new TorchSharp.Modules.Parameter(zeros(2));
        var opt = torch.optim.SGD(new[] { p }, 0.1, momentum: 0.9);
        var s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor: 0.5, patience: 2, cooldown: 1);
        double[] metrics = { 1, 0.9, 0.9, 0.9, 0.95, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8 };
        foreach (var m in metrics)
        {
            opt.step();
            s.step(m);
            Console.Write(opt.ParamGroups.First().LearningRate.ToString("R") + " ");
        }
        Console.WriteLine();
    }
}
