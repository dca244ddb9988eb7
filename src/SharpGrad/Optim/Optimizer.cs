#pragma warning disable CS8981 // PyTorch's lower-case names are the point of this facade.
using System.Globalization;

namespace SharpGrad;

public static partial class torch
{
    /// <summary>Optimizers (PyTorch's <c>torch.optim</c>) and learning-rate schedulers.</summary>
    public static partial class optim
    {
        /// <summary>
        /// A parameter group: its parameters and its own options (<c>lr</c>, <c>momentum</c>, …),
        /// which may be changed between steps, by name as in PyTorch
        /// (<c>group["lr"] = 0.01</c>) or through the typed properties (<c>group.lr = 0.01</c>).
        /// Options a group does not set are filled in from the optimizer's defaults when the group
        /// is added.
        /// </summary>
        public sealed class ParamGroup
        {
            private readonly OrderedDictionary<string, object?> _options = new();

            /// <summary>The group's parameters.</summary>
            public List<Tensor> @params { get; }

            /// <summary>A group of <paramref name="parameters"/>, optionally with its own learning rate and options.</summary>
            public ParamGroup(IEnumerable<Tensor> parameters, double? lr = null, IDictionary<string, object?>? options = null)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                @params = parameters.ToList();
                if (options is not null)
                    foreach (var (key, value) in options) this[key] = value;
                if (lr is { } l) this["lr"] = l;
            }

            /// <summary>An option by PyTorch's name (<c>"params"</c> gives the parameter list); null when unset.</summary>
            public object? this[string key]
            {
                get
                {
                    if (key == "params") return @params;
                    if (!_options.TryGetValue(key, out var value))
                        throw new KeyNotFoundException($"'{key}'");
                    return value;
                }
                set
                {
                    if (key == "params")
                        throw new ArgumentException("a group's params are fixed; add a new group with add_param_group instead");
                    // Numbers are kept as double (a user writing g["lr"] = 1 means 1.0).
                    _options[key] = value is int or long or float or decimal ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : value;
                }
            }

            /// <summary>True when the group sets <paramref name="key"/>.</summary>
            public bool ContainsKey(string key) => key == "params" || _options.ContainsKey(key);

            /// <summary>The names of the group's options, in the order they were set (<c>params</c> not included).</summary>
            public IEnumerable<string> Keys => _options.Keys;

            internal void SetDefault(string key, object? value)
            {
                if (!_options.ContainsKey(key)) _options[key] = value;
            }

            internal void ClearOptions() => _options.Clear();

            /// <summary>The learning rate.</summary>
            public double lr { get => GetDouble("lr"); set => this["lr"] = value; }
            /// <summary>Weight decay (L2 penalty).</summary>
            public double weight_decay { get => GetDouble("weight_decay"); set => this["weight_decay"] = value; }
            /// <summary>Momentum factor (SGD, RMSprop).</summary>
            public double momentum { get => GetDouble("momentum"); set => this["momentum"] = value; }
            /// <summary>Adam's coefficients for the running averages of the gradient and its square.</summary>
            public (double, double) betas { get => ((double, double))this["betas"]!; set => this["betas"] = value; }
            /// <summary>The term added to the denominator for numerical stability.</summary>
            public double eps { get => GetDouble("eps"); set => this["eps"] = value; }

            /// <summary>An option as a double.</summary>
            public double GetDouble(string key) => Convert.ToDouble(this[key], CultureInfo.InvariantCulture);

            /// <summary>An option as a bool.</summary>
            public bool GetBool(string key) => this[key] is bool b ? b : throw new InvalidCastException($"param group option '{key}' is not a bool");
        }

        /// <summary>
        /// An optimizer's state as PyTorch's <c>state_dict()</c> lays it out: <see cref="state"/>
        /// keyed by the parameter's index (counting through the groups in order), and
        /// <see cref="param_groups"/>, each group's options plus <c>"params"</c>, its parameters' indices.
        /// </summary>
        public sealed class OptimizerStateDict
        {
            /// <summary>Per-parameter state (tensors and numbers) by parameter index.</summary>
            public Dictionary<int, Dictionary<string, object?>> state { get; } = new();

            /// <summary>Each group's options; <c>"params"</c> holds an <c>int[]</c> of parameter indices.</summary>
            public List<Dictionary<string, object?>> param_groups { get; } = new();
        }

        /// <summary>
        /// The base of all optimizers (PyTorch's <c>torch.optim.Optimizer</c>): parameter groups,
        /// per-parameter state, <c>zero_grad</c>, <c>step</c> and the state dict.
        /// </summary>
        public abstract class Optimizer
        {
            /// <summary>The option values a group gets when it does not set them.</summary>
            public IReadOnlyDictionary<string, object?> defaults { get; }

            /// <summary>The parameter groups.</summary>
            public List<ParamGroup> param_groups { get; } = new();

            /// <summary>Per-parameter state, keyed by the parameter itself.</summary>
            public Dictionary<Tensor, Dictionary<string, object?>> state { get; } = new(ReferenceEqualityComparer.Instance);

            /// <summary>Takes the groups and validates each as <see cref="add_param_group"/> does.</summary>
            protected Optimizer(IEnumerable<ParamGroup> param_groups, IReadOnlyDictionary<string, object?> defaults)
            {
                ArgumentNullException.ThrowIfNull(param_groups);
                this.defaults = defaults;
                var groups = param_groups.ToList();
                // PyTorch's check: an empty iterable of tensors (here, one group with no parameters) or of groups.
                if (groups.Count == 0 || (groups.Count == 1 && groups[0].@params.Count == 0))
                    throw new ArgumentException("optimizer got an empty parameter list");
                foreach (var g in groups) add_param_group(g);
            }

            /// <summary>One group holding all of <paramref name="parameters"/> (PyTorch's plain iterable of tensors).</summary>
            protected static IEnumerable<ParamGroup> Single(IEnumerable<Tensor> parameters)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return [new ParamGroup(parameters)];
            }

            /// <summary>Adds a group: validates its parameters and fills its unset options from <see cref="defaults"/>.</summary>
            public void add_param_group(ParamGroup param_group)
            {
                ArgumentNullException.ThrowIfNull(param_group);
                foreach (var p in param_group.@params)
                {
                    if (p is null) throw new ArgumentException("optimizer can only optimize Tensors, but one of the params is None");
                    if (!p.is_leaf && !p.retains_grad) throw new ArgumentException("can't optimize a non-leaf Tensor");
                }
                foreach (var (key, value) in defaults)
                {
                    if (value is RequiredOption && !param_group.ContainsKey(key))
                        throw new ArgumentException($"parameter group didn't specify a value of required optimization parameter {key}");
                    param_group.SetDefault(key, value);
                }
                var existing = new HashSet<Tensor>(param_groups.SelectMany(g => g.@params), ReferenceEqualityComparer.Instance);
                if (param_group.@params.Any(existing.Contains))
                    throw new ArgumentException("some parameters appear in more than one parameter group");
                param_groups.Add(param_group);
            }

            /// <summary>Marks an option a group must set itself (PyTorch's <c>required</c>).</summary>
            protected sealed class RequiredOption
            {
                /// <summary>The one marker.</summary>
                public static readonly RequiredOption Instance = new();
                /// <summary>PyTorch's repr of the marker.</summary>
                public override string ToString() => "<required parameter>";
            }

            /// <summary>
            /// Resets every parameter's gradient: to null (PyTorch's default), or, with
            /// <paramref name="set_to_none"/> false, to zeros in place.
            /// </summary>
            public void zero_grad(bool set_to_none = true)
            {
                foreach (var group in param_groups)
                    foreach (var p in group.@params)
                    {
                        if (p.grad is not { } g) continue;
                        if (set_to_none) p.grad = null;
                        else
                        {
                            if (g.grad_fn is not null) g = p.grad = g.detach();
                            else g.requires_grad_(false);
                            g.zero_();
                        }
                    }
            }

            /// <summary>
            /// One optimization step. With a <paramref name="closure"/> (which re-evaluates the
            /// model and returns the loss) the closure runs first, with gradients enabled, and its
            /// loss is returned; without one, null.
            /// </summary>
            public virtual Tensor? step(Func<Tensor>? closure = null)
            {
                Tensor? loss = null;
                if (closure is not null)
                    using (torch.enable_grad()) loss = closure();
                using (torch.no_grad()) Update();
                return loss;
            }

            /// <summary>Updates every parameter that has a gradient (called under no_grad).</summary>
            protected abstract void Update();

            /// <summary>The state of <paramref name="p"/>, created empty on first use.</summary>
            protected Dictionary<string, object?> StateOf(Tensor p)
            {
                if (!state.TryGetValue(p, out var s)) state[p] = s = new Dictionary<string, object?>();
                return s;
            }

            /// <summary>A 0-dim float32 step counter, as PyTorch keeps <c>state["step"]</c>.</summary>
            protected static Tensor NewStep(double value = 0) => torch.tensor((float)value);

            /// <summary>
            /// Adds one to a step counter and returns its value as PyTorch's <c>_get_value(step_t)</c>
            /// yields it: the float32 counter's value as a double.
            /// </summary>
            protected static double Increment(Tensor step)
            {
                float next = step.item<float>() + 1f;
                step.fill_(next);
                return next;
            }

            /// <summary>PyTorch's layout of the state: tensors are shared, as PyTorch's are; <see cref="load_state_dict"/> copies them.</summary>
            public OptimizerStateDict state_dict()
            {
                var sd = new OptimizerStateDict();
                int index = 0;
                foreach (var group in param_groups)
                {
                    var packed = new Dictionary<string, object?>();
                    foreach (var key in group.Keys) packed[key] = group[key];
                    var indices = new int[group.@params.Count];
                    for (int i = 0; i < indices.Length; i++)
                    {
                        var p = group.@params[i];
                        if (state.TryGetValue(p, out var s)) sd.state[index] = new Dictionary<string, object?>(s);
                        indices[i] = index++;
                    }
                    packed["params"] = indices;
                    sd.param_groups.Add(packed);
                }
                return sd;
            }

            /// <summary>
            /// Loads a state saved by <see cref="state_dict"/> (copying its tensors, floating state
            /// converted to each parameter's dtype); the groups' layout must match this optimizer's.
            /// </summary>
            public void load_state_dict(OptimizerStateDict state_dict)
            {
                ArgumentNullException.ThrowIfNull(state_dict);
                var saved = state_dict.param_groups;
                if (saved.Count != param_groups.Count)
                    throw new ArgumentException("loaded state dict has a different number of parameter groups");
                for (int g = 0; g < saved.Count; g++)
                    if (ParamIndices(saved[g]).Length != param_groups[g].@params.Count)
                        throw new ArgumentException("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");

                var byIndex = new Dictionary<int, Tensor>();
                for (int g = 0; g < saved.Count; g++)
                {
                    var indices = ParamIndices(saved[g]);
                    for (int i = 0; i < indices.Length; i++) byIndex[indices[i]] = param_groups[g].@params[i];
                }
                state.Clear();
                foreach (var (index, values) in state_dict.state)
                {
                    if (!byIndex.TryGetValue(index, out var p)) continue;
                    var copy = new Dictionary<string, object?>();
                    foreach (var (key, value) in values) copy[key] = CopyStateValue(key, value, p);
                    state[p] = copy;
                }
                for (int g = 0; g < saved.Count; g++)
                {
                    var group = param_groups[g];
                    group.ClearOptions();
                    foreach (var (key, value) in saved[g])
                        if (key != "params") group[key] = value;
                }
            }

            private static int[] ParamIndices(Dictionary<string, object?> group) => group.TryGetValue("params", out var v) switch
            {
                true when v is int[] a => a,
                true when v is IEnumerable<int> e => e.ToArray(),
                _ => throw new ArgumentException("a saved parameter group has no \"params\" list"),
            };

            private static object? CopyStateValue(string key, object? value, Tensor param) => value switch
            {
                // PyTorch keeps "step" as saved and casts other floating state to the parameter's dtype.
                Tensor t when key != "step" && t.is_floating_point() && t.dtype != param.dtype => t.to(param.dtype),
                Tensor t => t.clone(),
                List<Tensor> list => list.Select(t => t.clone()).ToList(),
                Tensor?[] array => array.Select(t => t?.clone()).ToArray(),
                List<Optim.PyNum> numbers => numbers.ToList(),
                Optim.PyNum[] numbers => numbers.ToArray(),
                _ => value,
            };

            /// <summary>Python's repr of a float, for PyTorch's validation messages (<c>-1.0</c>, <c>1e-05</c>).</summary>
            internal static string Py(double value)
            {
                if (double.IsNaN(value)) return "nan";
                if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
                if (value == Math.Floor(value) && Math.Abs(value) < 1e16) return value.ToString("F1", CultureInfo.InvariantCulture);
                return value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");
            }

            /// <summary>The repr PyTorch prints for an optimizer: its name, then each group's options.</summary>
            public override string ToString()
            {
                // Options are doubles here, so a default PyTorch keeps as the int 0 prints as 0.0.
                var sb = new System.Text.StringBuilder(GetType().Name + " (");
                for (int i = 0; i < param_groups.Count; i++)
                {
                    sb.Append("\nParameter Group ").Append(i).Append('\n');
                    foreach (var key in param_groups[i].Keys.Order(StringComparer.Ordinal))
                        sb.Append("    ").Append(key).Append(": ").Append(Repr(param_groups[i][key])).Append('\n');
                }
                return sb.Append(')').ToString();

                static string Repr(object? v) => v switch
                {
                    null => "None",
                    bool b => b ? "True" : "False",
                    double d => Py(d),
                    ValueTuple<double, double> t => $"({Py(t.Item1)}, {Py(t.Item2)})",
                    string s => s,
                    _ => v.ToString() ?? "",
                };
            }
        }
    }
}
