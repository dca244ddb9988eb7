using static SharpGrad.torch.optim;

namespace SharpGrad.Optim;

/// <summary>
/// L-BFGS (PyTorch's <c>torch.optim.LBFGS</c>), with an optional strong-Wolfe line search. Its
/// <see cref="step"/> needs a closure that re-evaluates the model and returns the loss. Like
/// PyTorch's, it supports one parameter group only.
/// </summary>
public sealed class LBFGS : Optimizer
{
    private readonly List<Tensor> _params;

    /// <summary>See <see cref="torch.optim.LBFGS(IEnumerable{Tensor}, double, int, int?, double, double, int, string?)"/>.</summary>
    public LBFGS(IEnumerable<ParamGroup> @params, double lr = 1, int max_iter = 20, int? max_eval = null, double tolerance_grad = 1e-7,
        double tolerance_change = 1e-9, int history_size = 100, string? line_search_fn = null)
        : base(@params, new Dictionary<string, object?>
        {
            ["lr"] = lr,
            ["max_iter"] = max_iter,
            ["max_eval"] = max_eval ?? max_iter * 5 / 4,
            ["tolerance_grad"] = tolerance_grad,
            ["tolerance_change"] = tolerance_change,
            ["history_size"] = history_size,
            ["line_search_fn"] = line_search_fn,
        })
    {
        if (param_groups.Count != 1)
            throw new ArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
        _params = param_groups[0].@params;
    }

    /// <summary>Not used: LBFGS's step needs its closure.</summary>
    protected override void Update() => throw new InvalidOperationException("LBFGS.step needs a closure that returns the loss");

    private int Numel() => _params.Sum(p => (int)p.numel());

    private Tensor GatherFlatGrad()
        => torch.cat(_params.Select(p => p.grad is { } g ? g.reshape(-1) : torch.zeros(p.numel(), dtype: p.dtype)).ToList());

    private void AddGrad(PyNum stepSize, Tensor update)
    {
        int offset = 0;
        foreach (var p in _params)
        {
            int numel = (int)p.numel();
            p.add_(update.narrow(0, offset, numel).view_as(p), alpha: stepSize.Value);
            offset += numel;
        }
    }

    private List<Tensor> CloneParams() => _params.Select(p => p.clone()).ToList();

    private void SetParams(List<Tensor> values)
    {
        for (int i = 0; i < _params.Count; i++) _params[i].copy_(values[i]);
    }

    private (double Loss, Tensor FlatGrad) DirectionalEvaluate(Func<Tensor> closure, List<Tensor> x, PyNum t, Tensor d)
    {
        AddGrad(t, d);
        double loss;
        using (torch.enable_grad()) loss = closure().item();
        var flatGrad = GatherFlatGrad();
        SetParams(x);
        return (loss, flatGrad);
    }

    /// <summary>Runs up to <c>max_iter</c> L-BFGS iterations; returns the loss the closure gave first.</summary>
    public override Tensor? step(Func<Tensor>? closure = null)
    {
        if (closure is null) throw new ArgumentException("LBFGS.step needs a closure that returns the loss");
        using (torch.no_grad()) return Step(closure);
    }

    private Tensor Step(Func<Tensor> closure)
    {
        var group = param_groups[0];
        double lr = group.lr;
        int maxIter = (int)group.GetDouble("max_iter"), maxEval = (int)group.GetDouble("max_eval");
        double toleranceGrad = group.GetDouble("tolerance_grad"), toleranceChange = group.GetDouble("tolerance_change");
        var lineSearchFn = (string?)group["line_search_fn"];
        int historySize = (int)group.GetDouble("history_size");

        // PyTorch keeps LBFGS's global state as the first parameter's state.
        var state = StateOf(_params[0]);
        state.TryAdd("func_evals", 0);
        state.TryAdd("n_iter", 0);

        Tensor origLoss;
        using (torch.enable_grad()) origLoss = closure();
        double loss = origLoss.item();
        int currentEvals = 1;
        state["func_evals"] = (int)state["func_evals"]! + 1;

        var flatGrad = GatherFlatGrad();
        bool optCond = PyNum.Of(flatGrad.abs().max()) <= toleranceGrad;
        if (optCond) return origLoss;

        var d = state.GetValueOrDefault("d") as Tensor;
        var t = state.GetValueOrDefault("t") is PyNum tt ? tt : PyNum.Float(0);
        var oldDirs = state.GetValueOrDefault("old_dirs") as List<Tensor> ?? [];
        var oldStps = state.GetValueOrDefault("old_stps") as List<Tensor> ?? [];
        var ro = state.GetValueOrDefault("ro") as List<PyNum> ?? [];
        var hDiag = state.GetValueOrDefault("H_diag") is PyNum h ? h : PyNum.Float(1);
        var prevFlatGrad = state.GetValueOrDefault("prev_flat_grad") as Tensor;
        double prevLoss = state.GetValueOrDefault("prev_loss") is double pl ? pl : 0;

        int nIter = 0;
        while (nIter < maxIter)
        {
            nIter++;
            int stateIter = (int)state["n_iter"]! + 1;
            state["n_iter"] = stateIter;

            // Compute the descent direction.
            if (stateIter == 1)
            {
                d = flatGrad.neg();
                oldDirs = [];
                oldStps = [];
                ro = [];
                hDiag = PyNum.Float(1);
            }
            else
            {
                var y = flatGrad.sub(prevFlatGrad!);
                var s = d!.mul(t.AsTensor(d.dtype));
                var ys = PyNum.Of(y.dot(s));
                if (ys > 1e-10)
                {
                    if (oldDirs.Count == historySize)
                    {
                        oldDirs.RemoveAt(0);
                        oldStps.RemoveAt(0);
                        ro.RemoveAt(0);
                    }
                    oldDirs.Add(y);
                    oldStps.Add(s);
                    ro.Add(1.0 / ys);
                    hDiag = ys / PyNum.Of(y.dot(y));
                }
                int numOld = oldDirs.Count;
                if (state.GetValueOrDefault("al") is not PyNum[] al) state["al"] = al = new PyNum[historySize];

                // The two-loop recursion, in one buffer.
                var q = flatGrad.neg();
                for (int i = numOld - 1; i >= 0; i--)
                {
                    al[i] = PyNum.Of(oldStps[i].dot(q)) * ro[i];
                    q.add_(oldDirs[i], alpha: (-al[i]).Value);
                }
                var r = torch.mul(q, hDiag.AsTensor(q.dtype));
                d = r;
                for (int i = 0; i < numOld; i++)
                {
                    var beI = PyNum.Of(oldDirs[i].dot(r)) * ro[i];
                    r.add_(oldStps[i], alpha: (al[i] - beI).Value);
                }
            }

            if (prevFlatGrad is null) prevFlatGrad = flatGrad.clone();
            else prevFlatGrad.copy_(flatGrad);
            prevLoss = loss;

            // The step length: Python's min(1.0, 1.0 / |g|_1) keeps the tensor when it is smaller.
            if (stateIter == 1)
            {
                var inv = 1.0 / PyNum.Of(flatGrad.abs().sum());
                t = (inv < 1.0 ? inv : PyNum.Float(1.0)) * lr;
            }
            else t = PyNum.Float(lr);

            var gtd = PyNum.Of(flatGrad.dot(d));
            if (gtd > -toleranceChange) break;

            int lsFuncEvals = 0;
            if (lineSearchFn is not null)
            {
                if (lineSearchFn != "strong_wolfe") throw new InvalidOperationException("only 'strong_wolfe' is supported");
                var xInit = CloneParams();
                (loss, flatGrad, t, lsFuncEvals) = StrongWolfe((x, tt2, dd) => DirectionalEvaluate(closure, x, tt2, dd),
                    xInit, t, d, loss, flatGrad, gtd, toleranceChange: toleranceChange);
                AddGrad(t, d);
                optCond = PyNum.Of(flatGrad.abs().max()) <= toleranceGrad;
            }
            else
            {
                AddGrad(t, d);
                if (nIter != maxIter)
                {
                    using (torch.enable_grad()) loss = closure().item();
                    flatGrad = GatherFlatGrad();
                    optCond = PyNum.Of(flatGrad.abs().max()) <= toleranceGrad;
                    lsFuncEvals = 1;
                }
            }
            currentEvals += lsFuncEvals;
            state["func_evals"] = (int)state["func_evals"]! + lsFuncEvals;

            if (nIter == maxIter) break;
            if (currentEvals >= maxEval) break;
            if (optCond) break;
            if (PyNum.Of(d.mul(t.AsTensor(d.dtype)).abs().max()) <= toleranceChange) break;
            if (Math.Abs(loss - prevLoss) < toleranceChange) break;
        }

        state["d"] = d;
        state["t"] = t;
        state["old_dirs"] = oldDirs;
        state["old_stps"] = oldStps;
        state["ro"] = ro;
        state["H_diag"] = hDiag;
        state["prev_flat_grad"] = prevFlatGrad;
        state["prev_loss"] = prevLoss;
        return origLoss;
    }

    // ------------------------------------------------------------------ line search (lbfgs.py's _cubic_interpolate, _strong_wolfe)

    private static PyNum CubicInterpolate(PyNum x1, PyNum f1, PyNum g1, PyNum x2, PyNum f2, PyNum g2, (PyNum Min, PyNum Max)? bounds = null)
    {
        var (xminBound, xmaxBound) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1));
        var d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        var d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0)
        {
            var d2 = PyNum.Sqrt(d2Square);
            var minPos = x1 <= x2
                ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return PyNum.Min(PyNum.Max(minPos, xminBound), xmaxBound);
        }
        return (xminBound + xmaxBound) / 2.0;
    }

    private static (double Loss, Tensor FlatGrad, PyNum T, int Evals) StrongWolfe(
        Func<List<Tensor>, PyNum, Tensor, (double, Tensor)> objFunc, List<Tensor> x, PyNum t, Tensor d, double f, Tensor g, PyNum gtd,
        double c1 = 1e-4, double c2 = 0.9, double toleranceChange = 1e-9, int maxLs = 25)
    {
        var dNorm = PyNum.Of(d.abs().max());
        g = g.clone();
        var (fNew, gNew) = objFunc(x, t, d);
        int lsFuncEvals = 1;
        var gtdNew = PyNum.Of(gNew.dot(d));

        PyNum tPrev = PyNum.Int(0), fPrev = PyNum.Float(f), gtdPrev = gtd;
        var gPrev = g;
        bool done = false;
        int lsIter = 0;
        PyNum[] bracket = [], bracketF = [], bracketGtd = [];
        Tensor[] bracketG = [];
        while (lsIter < maxLs)
        {
            if (fNew > f + c1 * t * gtd || (lsIter > 1 && PyNum.Float(fNew) >= fPrev))
            {
                bracket = [tPrev, t]; bracketF = [fPrev, PyNum.Float(fNew)]; bracketG = [gPrev, gNew.clone()]; bracketGtd = [gtdPrev, gtdNew];
                break;
            }
            if (PyNum.Abs(gtdNew) <= -c2 * gtd)
            {
                bracket = [t]; bracketF = [PyNum.Float(fNew)]; bracketG = [gNew];
                done = true;
                break;
            }
            if (gtdNew >= 0)
            {
                bracket = [tPrev, t]; bracketF = [fPrev, PyNum.Float(fNew)]; bracketG = [gPrev, gNew.clone()]; bracketGtd = [gtdPrev, gtdNew];
                break;
            }
            var minStep = t + 0.01 * (t - tPrev);
            var maxStep = t * 10;
            var tmp = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, PyNum.Float(fNew), gtdNew, (minStep, maxStep));
            tPrev = tmp;
            fPrev = PyNum.Float(fNew);
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            (fNew, gNew) = objFunc(x, t, d);
            lsFuncEvals++;
            gtdNew = PyNum.Of(gNew.dot(d));
            lsIter++;
        }
        if (lsIter == maxLs)
        {
            bracket = [PyNum.Int(0), t]; bracketF = [PyNum.Float(f), PyNum.Float(fNew)]; bracketG = [g, gNew];
        }

        // Zoom: refine the bracket until a point satisfies the conditions.
        bool insufProgress = false;
        var (lowPos, highPos) = bracketF[0] <= bracketF[^1] ? (0, 1) : (1, 0);
        while (!done && lsIter < maxLs)
        {
            if (PyNum.Abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);

            var bMax = PyNum.MaxOf(bracket); var bMin = PyNum.MinOf(bracket);
            var eps = 0.1 * (bMax - bMin);
            if (PyNum.Min(bMax - t, t - bMin) < eps)
            {
                if (insufProgress || t >= bMax || t <= bMin)
                {
                    t = PyNum.Abs(t - bMax) < PyNum.Abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufProgress = false;
                }
                else insufProgress = true;
            }
            else insufProgress = false;

            (fNew, gNew) = objFunc(x, t, d);
            lsFuncEvals++;
            gtdNew = PyNum.Of(gNew.dot(d));
            lsIter++;

            if (fNew > f + c1 * t * gtd || PyNum.Float(fNew) >= bracketF[lowPos])
            {
                bracket[highPos] = t; bracketF[highPos] = PyNum.Float(fNew); bracketG[highPos] = gNew.clone(); bracketGtd[highPos] = gtdNew;
                (lowPos, highPos) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (PyNum.Abs(gtdNew) <= -c2 * gtd) done = true;
                else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0)
                {
                    bracket[highPos] = bracket[lowPos]; bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos]; bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t; bracketF[lowPos] = PyNum.Float(fNew); bracketG[lowPos] = gNew.clone(); bracketGtd[lowPos] = gtdNew;
            }
        }
        return (bracketF[lowPos].Value, bracketG[lowPos], bracket[lowPos], lsFuncEvals);
    }
}

/// <summary>
/// A number in lbfgs.py's arithmetic, where some values are Python floats (double) and others
/// 0-dim tensors of the parameters' dtype (a dot product, a norm): an operation involving a
/// float32 tensor rounds to float32, a Python number meeting it is converted to float32 first
/// (a wrapped number does not promote), and a comparison happens in the tensor's dtype. Keeping
/// that distinction is what makes a float32 L-BFGS run follow PyTorch's.
/// </summary>
internal readonly record struct PyNum(double Value, bool IsFloat32Tensor)
{
    public static PyNum Float(double v) => new(v, false);
    public static PyNum Int(long v) => new(v, false);

    /// <summary>A 0-dim tensor's value; float64 tensors compute as doubles do.</summary>
    public static PyNum Of(Tensor t) => new(t.item(), t.dtype == ScalarType.Float32);

    /// <summary>This number as a 0-dim tensor of <paramref name="dtype"/> for tensor ops (<c>d.mul(t)</c>).</summary>
    public Tensor AsTensor(ScalarType dtype) => IsFloat32Tensor ? torch.tensor((float)Value) : torch.tensor(Value, dtype: dtype == ScalarType.Float32 ? ScalarType.Float32 : ScalarType.Float64);

    private static PyNum Op(PyNum a, PyNum b, Func<double, double, double> op64, Func<float, float, float> op32)
        => a.IsFloat32Tensor || b.IsFloat32Tensor
            ? new(op32((float)a.Value, (float)b.Value), true)
            : new(op64(a.Value, b.Value), false);

    private static bool Cmp(PyNum a, PyNum b, Func<double, double, bool> cmp)
        => a.IsFloat32Tensor || b.IsFloat32Tensor ? cmp((float)a.Value, (float)b.Value) : cmp(a.Value, b.Value);

    public static implicit operator PyNum(double v) => Float(v);

    public static PyNum operator +(PyNum a, PyNum b) => Op(a, b, (x, y) => x + y, (x, y) => x + y);
    public static PyNum operator -(PyNum a, PyNum b) => Op(a, b, (x, y) => x - y, (x, y) => x - y);
    public static PyNum operator *(PyNum a, PyNum b) => Op(a, b, (x, y) => x * y, (x, y) => x * y);
    public static PyNum operator /(PyNum a, PyNum b) => Op(a, b, (x, y) => x / y, (x, y) => x / y);
    public static PyNum operator -(PyNum a) => a with { Value = -a.Value };
    public static bool operator <(PyNum a, PyNum b) => Cmp(a, b, (x, y) => x < y);
    public static bool operator >(PyNum a, PyNum b) => Cmp(a, b, (x, y) => x > y);
    public static bool operator <=(PyNum a, PyNum b) => Cmp(a, b, (x, y) => x <= y);
    public static bool operator >=(PyNum a, PyNum b) => Cmp(a, b, (x, y) => x >= y);

    public static PyNum Abs(PyNum a) => a with { Value = Math.Abs(a.Value) };
    public static PyNum Sqrt(PyNum a) => a.IsFloat32Tensor ? new(MathF.Sqrt((float)a.Value), true) : new(Math.Sqrt(a.Value), false);

    /// <summary>Python's <c>max(a, b)</c>: the first unless the second is greater.</summary>
    public static PyNum Max(PyNum a, PyNum b) => b > a ? b : a;
    /// <summary>Python's <c>min(a, b)</c>: the first unless the second is smaller.</summary>
    public static PyNum Min(PyNum a, PyNum b) => b < a ? b : a;
    public static PyNum MaxOf(PyNum[] xs) => xs.Aggregate(Max);
    public static PyNum MinOf(PyNum[] xs) => xs.Aggregate(Min);
}
