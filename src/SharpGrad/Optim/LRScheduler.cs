#pragma warning disable CS8981 // PyTorch's lower-case names are the point of this facade.
using SharpGrad.Optim;
using static SharpGrad.torch.optim;
using static SharpGrad.torch.optim.lr_scheduler;

namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Learning-rate schedulers (PyTorch's <c>torch.optim.lr_scheduler</c>).</summary>
            public static class lr_scheduler
            {
                /// <summary>
                /// The base of the schedulers: each <see cref="step"/> advances <see cref="last_epoch"/>
                /// and sets every group's <c>lr</c> to <see cref="get_lr"/>'s value (PyTorch's chainable
                /// form: most schedulers compute the new rate from the group's current one).
                /// </summary>
                public abstract class LRScheduler
                {
                    /// <summary>The optimizer whose groups' rates this scheduler sets.</summary>
                    public Optimizer optimizer { get; }

                    /// <summary>Each group's <c>initial_lr</c>.</summary>
                    public double[] base_lrs { get; }

                    /// <summary>The index of the last step (-1 before the first, which the constructor takes).</summary>
                    public int last_epoch { get; protected set; }

                    /// <summary>How many times <see cref="step"/> has run, the constructor's included.</summary>
                    protected int _step_count { get; set; }

                    private double[] _lastLr = [];

                    /// <summary>Records each group's <c>initial_lr</c> (or, resuming, requires it). Subclasses call <see cref="InitialStep"/> once their fields are set.</summary>
                    protected LRScheduler(Optimizer optimizer, int last_epoch = -1)
                    {
                        ArgumentNullException.ThrowIfNull(optimizer);
                        this.optimizer = optimizer;
                        for (int i = 0; i < optimizer.param_groups.Count; i++)
                        {
                            var group = optimizer.param_groups[i];
                            if (last_epoch == -1) group.SetDefault("initial_lr", group.lr);
                            else if (!group.ContainsKey("initial_lr"))
                                throw new KeyNotFoundException($"param 'initial_lr' is not specified in param_groups[{i}] when resuming an optimizer");
                        }
                        base_lrs = optimizer.param_groups.Select(g => g.GetDouble("initial_lr")).ToArray();
                        this.last_epoch = last_epoch;
                    }

                    /// <summary>PyTorch's <c>_initial_step</c>: the first step, which sets the rates for epoch 0.</summary>
                    protected void InitialStep()
                    {
                        _step_count = 0;
                        step();
                    }

                    /// <summary>The rates for <see cref="last_epoch"/>, one per group.</summary>
                    public abstract double[] get_lr();

                    /// <summary>The rates the last step set, one per group.</summary>
                    public double[] get_last_lr() => (double[])_lastLr.Clone();

                    /// <summary>Advances one epoch (or batch) and sets each group's rate.</summary>
                    public virtual void step()
                    {
                        _step_count++;
                        last_epoch++;
                        var values = get_lr();
                        for (int i = 0; i < values.Length; i++) optimizer.param_groups[i].lr = values[i];
                        RecordLastLr();
                    }

                    /// <summary>Remembers each group's current rate for <see cref="get_last_lr"/>.</summary>
                    protected void RecordLastLr() => _lastLr = optimizer.param_groups.Select(g => g.lr).ToArray();

                    /// <summary>Each group's current rate.</summary>
                    protected double[] GroupLrs() => optimizer.param_groups.Select(g => g.lr).ToArray();
                }

                /// <summary>Multiplies the rate by <paramref name="gamma"/> every <paramref name="step_size"/> epochs.</summary>
                public static StepLR StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1)
                    => new(optimizer, step_size, gamma, last_epoch);

                /// <summary>Multiplies the rate by <paramref name="gamma"/> at each milestone (a milestone listed twice, twice).</summary>
                public static MultiStepLR MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1, int last_epoch = -1)
                    => new(optimizer, milestones, gamma, last_epoch);

                /// <summary>Multiplies the rate by <paramref name="gamma"/> every epoch.</summary>
                public static ExponentialLR ExponentialLR(Optimizer optimizer, double gamma, int last_epoch = -1)
                    => new(optimizer, gamma, last_epoch);

                /// <summary>Cosine annealing from the initial rate to <paramref name="eta_min"/> over <paramref name="T_max"/> epochs, and back.</summary>
                public static CosineAnnealingLR CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0, int last_epoch = -1)
                    => new(optimizer, T_max, eta_min, last_epoch);

                /// <summary>The initial rate times <paramref name="lr_lambda"/>(epoch), for every group.</summary>
                public static LambdaLR LambdaLR(Optimizer optimizer, Func<int, double> lr_lambda, int last_epoch = -1)
                    => new(optimizer, [lr_lambda], last_epoch);

                /// <summary>The initial rate times a function of the epoch, one function per group.</summary>
                public static LambdaLR LambdaLR(Optimizer optimizer, IList<Func<int, double>> lr_lambda, int last_epoch = -1)
                    => new(optimizer, lr_lambda, last_epoch);

                /// <summary>The 1cycle policy with one maximum rate for every group.</summary>
                public static OneCycleLR OneCycleLR(Optimizer optimizer, double max_lr, int? total_steps = null, int? epochs = null,
                    int? steps_per_epoch = null, double pct_start = 0.3, string anneal_strategy = "cos", bool cycle_momentum = true,
                    double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25, double final_div_factor = 1e4,
                    bool three_phase = false, int last_epoch = -1)
                    => new(optimizer, [max_lr], total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                        [base_momentum], [max_momentum], div_factor, final_div_factor, three_phase, last_epoch);

                /// <summary>The 1cycle policy with a maximum rate per group.</summary>
                public static OneCycleLR OneCycleLR(Optimizer optimizer, double[] max_lr, int? total_steps = null, int? epochs = null,
                    int? steps_per_epoch = null, double pct_start = 0.3, string anneal_strategy = "cos", bool cycle_momentum = true,
                    double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25, double final_div_factor = 1e4,
                    bool three_phase = false, int last_epoch = -1)
                    => new(optimizer, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                        [base_momentum], [max_momentum], div_factor, final_div_factor, three_phase, last_epoch);

                /// <summary>Reduces the rate by <paramref name="factor"/> when a metric, given to <c>step(metric)</c>, stops improving.</summary>
                public static ReduceLROnPlateau ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1, int patience = 10,
                    double threshold = 1e-4, string threshold_mode = "rel", int cooldown = 0, double min_lr = 0, double eps = 1e-8)
                    => new(optimizer, mode, factor, patience, threshold, threshold_mode, cooldown, [min_lr], eps);

                /// <summary>ReduceLROnPlateau with a minimum rate per group.</summary>
                public static ReduceLROnPlateau ReduceLROnPlateau(Optimizer optimizer, double[] min_lr, string mode = "min", double factor = 0.1,
                    int patience = 10, double threshold = 1e-4, string threshold_mode = "rel", int cooldown = 0, double eps = 1e-8)
                    => new(optimizer, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
            }
        }
    }
}

namespace SharpGrad.Optim
{
    /// <summary>PyTorch's <c>StepLR</c>.</summary>
    public sealed class StepLR : LRScheduler
    {
        private readonly int _stepSize;
        private readonly double _gamma;

        /// <summary>See <see cref="torch.optim.lr_scheduler.StepLR"/>.</summary>
        public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1) : base(optimizer, last_epoch)
        {
            (_stepSize, _gamma) = (step_size, gamma);
            InitialStep();
        }

        /// <inheritdoc/>
        public override double[] get_lr()
        {
            var lrs = GroupLrs();
            if (last_epoch == 0 || last_epoch % _stepSize != 0) return lrs;
            return lrs.Select(lr => lr * _gamma).ToArray();
        }
    }

    /// <summary>PyTorch's <c>MultiStepLR</c>.</summary>
    public sealed class MultiStepLR : LRScheduler
    {
        private readonly Dictionary<int, int> _milestones = new();
        private readonly double _gamma;

        /// <summary>See <see cref="torch.optim.lr_scheduler.MultiStepLR"/>.</summary>
        public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1, int last_epoch = -1) : base(optimizer, last_epoch)
        {
            // A Counter, as PyTorch's: a milestone listed k times multiplies by gamma^k.
            foreach (var m in milestones) _milestones[m] = _milestones.GetValueOrDefault(m) + 1;
            _gamma = gamma;
            InitialStep();
        }

        /// <inheritdoc/>
        public override double[] get_lr()
        {
            var lrs = GroupLrs();
            if (!_milestones.TryGetValue(last_epoch, out int count)) return lrs;
            return lrs.Select(lr => lr * Math.Pow(_gamma, count)).ToArray();
        }
    }

    /// <summary>PyTorch's <c>ExponentialLR</c>.</summary>
    public sealed class ExponentialLR : LRScheduler
    {
        private readonly double _gamma;

        /// <summary>See <see cref="torch.optim.lr_scheduler.ExponentialLR"/>.</summary>
        public ExponentialLR(Optimizer optimizer, double gamma, int last_epoch = -1) : base(optimizer, last_epoch)
        {
            _gamma = gamma;
            InitialStep();
        }

        /// <inheritdoc/>
        public override double[] get_lr()
        {
            var lrs = GroupLrs();
            return last_epoch == 0 ? lrs : lrs.Select(lr => lr * _gamma).ToArray();
        }
    }

    /// <summary>PyTorch's <c>CosineAnnealingLR</c>, in its recursive (chainable) form, so its rates round as PyTorch's do.</summary>
    public sealed class CosineAnnealingLR : LRScheduler
    {
        private readonly int _tMax;
        private readonly double _etaMin;

        /// <summary>See <see cref="torch.optim.lr_scheduler.CosineAnnealingLR"/>.</summary>
        public CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0, int last_epoch = -1) : base(optimizer, last_epoch)
        {
            (_tMax, _etaMin) = (T_max, eta_min);
            InitialStep();
        }

        /// <inheritdoc/>
        public override double[] get_lr()
        {
            var lrs = GroupLrs();
            if (last_epoch == 0) return lrs;
            var result = new double[lrs.Length];
            for (int i = 0; i < lrs.Length; i++)
            {
                double baseLr = base_lrs[i];
                if (_step_count == 1 && last_epoch > 0)
                    result[i] = _etaMin + (baseLr - _etaMin) * (1 + Math.Cos(last_epoch * Math.PI / _tMax)) / 2;
                else if (PyMod(last_epoch - 1 - _tMax, 2 * _tMax) == 0)
                    result[i] = lrs[i] + (baseLr - _etaMin) * (1 - Math.Cos(Math.PI / _tMax)) / 2;
                else
                    result[i] = (1 + Math.Cos(Math.PI * last_epoch / _tMax)) / (1 + Math.Cos(Math.PI * (last_epoch - 1) / _tMax))
                        * (lrs[i] - _etaMin) + _etaMin;
            }
            return result;
        }

        /// <summary>Python's modulo (the sign of the divisor).</summary>
        private static int PyMod(int a, int b) => ((a % b) + b) % b;
    }

    /// <summary>PyTorch's <c>LambdaLR</c>.</summary>
    public sealed class LambdaLR : LRScheduler
    {
        private readonly Func<int, double>[] _lambdas;

        /// <summary>One function for every group, or one per group.</summary>
        public LambdaLR(Optimizer optimizer, IList<Func<int, double>> lr_lambda, int last_epoch = -1) : base(optimizer, last_epoch)
        {
            int groups = optimizer.param_groups.Count;
            if (lr_lambda.Count == 1) _lambdas = Enumerable.Repeat(lr_lambda[0], groups).ToArray();
            else if (lr_lambda.Count != groups) throw new ArgumentException($"Expected {groups} lr_lambdas, but got {lr_lambda.Count}");
            else _lambdas = lr_lambda.ToArray();
            InitialStep();
        }

        /// <inheritdoc/>
        public override double[] get_lr() => base_lrs.Select((b, i) => b * _lambdas[i](last_epoch)).ToArray();
    }

    /// <summary>PyTorch's <c>OneCycleLR</c> (not chainable): it also cycles the momentum (SGD) or beta1 (Adam) inversely.</summary>
    public sealed class OneCycleLR : LRScheduler
    {
        private readonly int _totalSteps;
        private readonly (double EndStep, string StartLr, string EndLr, string StartMomentum, string EndMomentum)[] _phases;
        private readonly bool _cos, _cycleMomentum, _useBeta1;

        /// <summary>See <see cref="torch.optim.lr_scheduler.OneCycleLR(Optimizer, double[], int?, int?, int?, double, string, bool, double, double, double, double, bool, int)"/>.</summary>
        public OneCycleLR(Optimizer optimizer, double[] max_lr, int? total_steps, int? epochs, int? steps_per_epoch, double pct_start,
            string anneal_strategy, bool cycle_momentum, double[] base_momentum, double[] max_momentum, double div_factor,
            double final_div_factor, bool three_phase, int last_epoch = -1)
            : base(Prepare(optimizer, max_lr, div_factor, final_div_factor, last_epoch), last_epoch)
        {
            if (total_steps is { } total)
            {
                if (total <= 0) throw new ArgumentException($"Expected positive integer total_steps, but got {total}");
                _totalSteps = total;
            }
            else if (epochs is { } e && steps_per_epoch is { } spe)
            {
                if (e <= 0) throw new ArgumentException($"Expected positive integer epochs, but got {e}");
                if (spe <= 0) throw new ArgumentException($"Expected positive integer steps_per_epoch, but got {spe}");
                _totalSteps = e * spe;
            }
            else throw new ArgumentException("You must define either total_steps OR (epochs AND steps_per_epoch)");

            _phases = three_phase
                ?
                [
                    (pct_start * _totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    (2 * pct_start * _totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                    (_totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
                ]
                :
                [
                    (pct_start * _totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    (_totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
                ];
            if (pct_start < 0 || pct_start > 1 || double.IsNaN(pct_start))
                throw new ArgumentException($"Expected float between 0 and 1 pct_start, but got {Optimizer.Py(pct_start)}");
            if (anneal_strategy is not ("cos" or "linear"))
                throw new ArgumentException($"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}");
            _cos = anneal_strategy == "cos";

            _cycleMomentum = cycle_momentum;
            if (cycle_momentum)
            {
                if (!optimizer.defaults.ContainsKey("momentum") && !optimizer.defaults.ContainsKey("betas"))
                    throw new ArgumentException("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
                _useBeta1 = optimizer.defaults.ContainsKey("betas");
                var maxMomentums = PerGroup("max_momentum", optimizer, max_momentum);
                var baseMomentums = PerGroup("base_momentum", optimizer, base_momentum);
                if (last_epoch == -1)
                    for (int i = 0; i < optimizer.param_groups.Count; i++)
                    {
                        var group = optimizer.param_groups[i];
                        if (_useBeta1) group.betas = (maxMomentums[i], group.betas.Item2);
                        else group.momentum = maxMomentums[i];
                        group["max_momentum"] = maxMomentums[i];
                        group["base_momentum"] = baseMomentums[i];
                    }
            }
            InitialStep();
        }

        /// <summary>Sets each group's initial, maximum and minimum rates before the base class reads <c>initial_lr</c>.</summary>
        private static Optimizer Prepare(Optimizer optimizer, double[] max_lr, double div_factor, double final_div_factor, int last_epoch)
        {
            ArgumentNullException.ThrowIfNull(optimizer);
            var maxLrs = PerGroup("max_lr", optimizer, max_lr);
            if (last_epoch == -1)
                for (int i = 0; i < optimizer.param_groups.Count; i++)
                {
                    var group = optimizer.param_groups[i];
                    group["initial_lr"] = maxLrs[i] / div_factor;
                    group["max_lr"] = maxLrs[i];
                    group["min_lr"] = group.GetDouble("initial_lr") / final_div_factor;
                }
            return optimizer;
        }

        /// <summary>PyTorch's <c>_format_param</c>: one value for every group, or one per group.</summary>
        private static double[] PerGroup(string name, Optimizer optimizer, double[] values)
        {
            int groups = optimizer.param_groups.Count;
            if (values.Length == 1) return Enumerable.Repeat(values[0], groups).ToArray();
            if (values.Length != groups)
                throw new ArgumentException($"{name} must have the same length as optimizer.param_groups. {name} has {values.Length} values, param_groups has {groups}.");
            return values;
        }

        private double Anneal(double start, double end, double pct)
            => _cos ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1) : (end - start) * pct + start;

        /// <inheritdoc/>
        public override double[] get_lr()
        {
            int stepNum = last_epoch;
            if (stepNum > _totalSteps)
                throw new InvalidOperationException($"Tried to step {stepNum} times. The specified number of total steps is {_totalSteps}");
            var lrs = new double[optimizer.param_groups.Count];
            for (int g = 0; g < lrs.Length; g++)
            {
                var group = optimizer.param_groups[g];
                double startStep = 0;
                for (int i = 0; i < _phases.Length; i++)
                {
                    var phase = _phases[i];
                    if (stepNum <= phase.EndStep || i == _phases.Length - 1)
                    {
                        double pct = (stepNum - startStep) / (phase.EndStep - startStep);
                        lrs[g] = Anneal(group.GetDouble(phase.StartLr), group.GetDouble(phase.EndLr), pct);
                        if (_cycleMomentum)
                        {
                            double momentum = Anneal(group.GetDouble(phase.StartMomentum), group.GetDouble(phase.EndMomentum), pct);
                            if (_useBeta1) group.betas = (momentum, group.betas.Item2);
                            else group.momentum = momentum;
                        }
                        break;
                    }
                    startStep = phase.EndStep;
                }
            }
            return lrs;
        }
    }

    /// <summary>
    /// PyTorch's <c>ReduceLROnPlateau</c>: <c>step(metric)</c> counts epochs without improvement
    /// and, past <c>patience</c>, multiplies each group's rate by <c>factor</c> (not below its <c>min_lr</c>).
    /// </summary>
    public sealed class ReduceLROnPlateau : LRScheduler
    {
        private readonly string _mode, _thresholdMode;
        private readonly double _factor, _threshold, _eps;
        private readonly int _patience, _cooldown;
        private readonly double[] _minLrs;
        private double _best;
        private int _numBadEpochs, _cooldownCounter;

        /// <summary>See <see cref="torch.optim.lr_scheduler.ReduceLROnPlateau(Optimizer, string, double, int, double, string, int, double, double)"/>.</summary>
        public ReduceLROnPlateau(Optimizer optimizer, string mode, double factor, int patience, double threshold, string threshold_mode,
            int cooldown, double[] min_lr, double eps) : base(optimizer, -1)
        {
            if (factor >= 1.0) throw new ArgumentException("Factor should be < 1.0.");
            int groups = optimizer.param_groups.Count;
            if (min_lr.Length != 1 && min_lr.Length != groups)
                throw new ArgumentException($"expected {groups} min_lrs, got {min_lr.Length}");
            _minLrs = min_lr.Length == 1 ? Enumerable.Repeat(min_lr[0], groups).ToArray() : min_lr.ToArray();
            if (mode is not ("min" or "max")) throw new ArgumentException($"mode {mode} is unknown!");
            if (threshold_mode is not ("rel" or "abs")) throw new ArgumentException($"threshold mode {threshold_mode} is unknown!");
            (_mode, _factor, _patience, _threshold, _thresholdMode, _cooldown, _eps) = (mode, factor, patience, threshold, threshold_mode, cooldown, eps);
            last_epoch = 0;
            RecordLastLr();
            _best = mode == "min" ? double.PositiveInfinity : double.NegativeInfinity;
        }

        /// <summary>Not used: the rates change only through <see cref="step(double)"/>.</summary>
        public override double[] get_lr() => GroupLrs();

        /// <summary>ReduceLROnPlateau needs the metric: call <see cref="step(double)"/>.</summary>
        public override void step() => throw new InvalidOperationException("ReduceLROnPlateau.step needs the metric: step(metric)");

        /// <summary>Records one epoch's <paramref name="metrics"/> and reduces the rates after <c>patience</c> epochs without improvement.</summary>
        public void step(double metrics)
        {
            last_epoch++;
            if (IsBetter(metrics, _best))
            {
                _best = metrics;
                _numBadEpochs = 0;
            }
            else _numBadEpochs++;
            if (_cooldownCounter > 0)
            {
                _cooldownCounter--;
                _numBadEpochs = 0;
            }
            if (_numBadEpochs > _patience)
            {
                ReduceLr();
                _cooldownCounter = _cooldown;
                _numBadEpochs = 0;
            }
            RecordLastLr();
        }

        /// <summary>Records a 0-dim tensor's value (PyTorch's <c>float(metrics)</c>).</summary>
        public void step(Tensor metrics) => step(metrics.item());

        private void ReduceLr()
        {
            for (int i = 0; i < optimizer.param_groups.Count; i++)
            {
                var group = optimizer.param_groups[i];
                double oldLr = group.lr;
                double newLr = Math.Max(oldLr * _factor, _minLrs[i]);
                if (oldLr - newLr > _eps) group.lr = newLr;
            }
        }

        private bool IsBetter(double a, double best) => (_mode, _thresholdMode) switch
        {
            ("min", "rel") => a < best * (1 - _threshold),
            ("min", _) => a < best - _threshold,
            (_, "rel") => a > best * (_threshold + 1),
            _ => a > best + _threshold,
        };
    }
}
