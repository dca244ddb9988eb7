using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text;
using SharpGrad.Modules;


namespace SharpGrad;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// PyTorch's <c>nn.Parameter(data, requires_grad)</c>: a leaf sharing <paramref name="data"/>'s
        /// values, marked as a parameter so that a module holding it registers it, and printed as
        /// <c>Parameter containing:</c> then the tensor.
        /// </summary>
        public static Tensor Parameter(Tensor data, bool requires_grad = true)
        {
            ArgumentNullException.ThrowIfNull(data);
            var p = data.detach();
            p.IsParameter = true;
            p.requires_grad_(requires_grad);
            return p;
        }

        /// <summary>
        /// PyTorch's <c>nn.Module</c>. A subclass's fields (and auto-properties) holding a module, a
        /// parameter or a container are registered automatically, named after the field, in
        /// declaration order (base classes' fields first), followed by any registered by name
        /// (<see cref="register_parameter"/>, <see cref="register_buffer"/>, <see cref="register_module"/>).
        /// Fields are read each time the module is walked, so reassigning one re-registers it.
        /// </summary>
        // The annotation keeps the fields of every type derived from Module under trimming and
        // NativeAOT, and lets GetType() flow into the reflection that finds them.
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields)]
        public abstract class Module
        {
            // Registrations by name, in registration order (PyTorch's _parameters, _buffers, _modules).
            private readonly OrderedDictionary<string, Tensor?> _parameters = new();
            private readonly OrderedDictionary<string, Tensor?> _buffers = new();
            private readonly HashSet<string> _nonPersistentBuffers = new();
            private readonly OrderedDictionary<string, Module?> _modules = new();
            private FieldSlot[]? _slots;

            /// <summary>A module in training mode.</summary>
            protected Module() { }

            /// <summary>TorchSharp's form; the name is not used (the repr shows the class name, as PyTorch's does).</summary>
            protected Module(string name) { _ = name; }

            /// <summary>True in training mode (the default), false after <see cref="eval"/>.</summary>
            public bool training { get; private set; } = true;

            /// <summary>TorchSharp's explicit registration: registration here is automatic, so this does nothing.</summary>
            [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "TorchSharp's instance method")]
            protected void RegisterComponents() { }

            // ---------------------------------------------------------- automatic registration

            /// <summary>A field of a subclass that may hold a module or a parameter.</summary>
            private sealed record FieldSlot(string Name, FieldInfo Field);

            private static readonly ConcurrentDictionary<Type, FieldSlot[]> SlotsByType = new();

            private FieldSlot[] Slots
            {
                get
                {
                    if (_slots is not null) return _slots;
                    // GetType() on a Module flows, annotated, into FindSlots: this is what tells the
                    // trimmer and NativeAOT to keep the fields of every type derived from Module.
                    var type = GetType();
                    if (!SlotsByType.TryGetValue(type, out var slots)) slots = SlotsByType.GetOrAdd(type, FindSlots(type));
                    return _slots = slots;
                }
            }

            [UnconditionalSuppressMessage("Trimming", "IL2070",
                Justification = "Every type in the chain derives from Module, whose DynamicallyAccessedMembers annotation keeps each derived type's public and non-public fields.")]
            [UnconditionalSuppressMessage("Trimming", "IL2075",
                Justification = "Every type in the chain derives from Module, whose DynamicallyAccessedMembers annotation keeps each derived type's public and non-public fields.")]
            private static FieldSlot[] FindSlots(
                [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields)] Type type)
            {
                var chain = new List<Type>();
                for (var t = type; t is not null && t != typeof(Module); t = t.BaseType) chain.Add(t);
                chain.Reverse(); // base classes' fields first, as their constructors assign them first
                var slots = new List<FieldSlot>();
                var names = new HashSet<string>();
                foreach (var t in chain)
                {
                    foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        var ft = f.FieldType;
                        if (!(typeof(Module).IsAssignableFrom(ft) || ft == typeof(Tensor) || ft == typeof(object))) continue;
                        var name = FieldName(f.Name);
                        if (names.Add(name)) slots.Add(new FieldSlot(name, f));
                    }
                }
                return slots.ToArray();
            }

            /// <summary><c>&lt;fc1&gt;k__BackingField</c> (an auto-property) is named <c>fc1</c>.</summary>
            private static string FieldName(string name)
            {
                if (name.StartsWith('<'))
                {
                    int end = name.IndexOf('>');
                    if (end > 1) return name[1..end];
                }
                return name;
            }

            private bool IsSlotName(string name)
            {
                foreach (var s in Slots) if (s.Name == name) return true;
                return false;
            }

            /// <summary>This module's own parameters (not its children's), by name.</summary>
            private IEnumerable<(string name, Tensor param)> OwnParameters()
            {
                foreach (var s in Slots)
                    if (s.Field.GetValue(this) is Tensor { IsParameter: true } p) yield return (s.Name, p);
                foreach (var (name, p) in _parameters)
                    if (p is not null) yield return (name, p);
            }

            /// <summary>This module's own buffers; with <paramref name="persistentOnly"/>, those that go into state_dict.</summary>
            private IEnumerable<(string name, Tensor buffer)> OwnBuffers(bool persistentOnly = false)
            {
                foreach (var (name, b) in _buffers)
                    if (b is not null && !(persistentOnly && _nonPersistentBuffers.Contains(name))) yield return (name, b);
            }

            // ---------------------------------------------------------- registration by name

            /// <summary>Adds a parameter (or null, a declared but absent one) under <paramref name="name"/>.</summary>
            public void register_parameter(string name, Tensor? param)
            {
                CheckNewName(name, "parameter", _parameters.ContainsKey(name));
                if (param is not null && !param.IsParameter)
                    throw new ArgumentException($"cannot assign '{TensorTypeName(param)}' object to parameter '{name}' (torch.nn.Parameter or None required)");
                _parameters[name] = param;
            }

            /// <summary>Adds a buffer: state that is not a parameter; <paramref name="persistent"/> puts it in state_dict.</summary>
            public void register_buffer(string name, Tensor? tensor, bool persistent = true)
            {
                CheckNewName(name, "buffer", _buffers.ContainsKey(name));
                _buffers[name] = tensor;
                if (persistent) _nonPersistentBuffers.Remove(name);
                else _nonPersistentBuffers.Add(name);
            }

            /// <summary>
            /// PyTorch's <c>get_buffer(target)</c>: the buffer registered under <paramref name="target"/>,
            /// a dotted path through submodules (<c>"bn1.running_mean"</c>); null for a buffer registered
            /// as None.
            /// </summary>
            public Tensor? get_buffer(string target)
            {
                ArgumentNullException.ThrowIfNull(target);
                var module = this;
                var path = target.Split('.');
                for (int i = 0; i < path.Length - 1; i++)
                {
                    Module? next = null;
                    foreach (var (name, child) in module.named_children())
                        if (name == path[i]) { next = child; break; }
                    module = next ?? throw new ArgumentException($"{module._get_name()} has no attribute `{path[i]}`");
                }
                var last = path[^1];
                if (!module._buffers.TryGetValue(last, out var buffer))
                    throw new ArgumentException($"`{last}` is not a buffer");
                return buffer;
            }

            /// <summary>Adds a child module (or null) under <paramref name="name"/>.</summary>
            public void register_module(string name, Module? module)
            {
                ArgumentNullException.ThrowIfNull(name);
                if (name.Contains('.')) throw new ArgumentException($"module name can't contain \".\", got: {name}");
                if (name.Length == 0) throw new ArgumentException("module name can't be empty string \"\"");
                if (!_modules.ContainsKey(name) && (IsSlotName(name) || _parameters.ContainsKey(name) || _buffers.ContainsKey(name)))
                    throw new ArgumentException($"attribute '{name}' already exists");
                _modules[name] = module;
            }

            /// <summary>PyTorch's <c>add_module</c>: the same as <see cref="register_module"/>.</summary>
            public void add_module(string name, Module? module) => register_module(name, module);

            private void CheckNewName(string name, string kind, bool alreadyOfThisKind)
            {
                ArgumentNullException.ThrowIfNull(name);
                if (name.Contains('.')) throw new ArgumentException($"{kind} name can't contain \".\"");
                if (name.Length == 0) throw new ArgumentException($"{kind} name can't be empty string \"\"");
                if (!alreadyOfThisKind && (IsSlotName(name) || _modules.ContainsKey(name)
                        || (kind == "parameter" ? _buffers.ContainsKey(name) : _parameters.ContainsKey(name))))
                    throw new ArgumentException($"attribute '{name}' already exists");
            }

            internal static string TensorTypeName(Tensor t) => t.type();

            // Containers keep their items in the by-name registrations.
            private protected OrderedDictionary<string, Module?> ModuleEntries => _modules;
            private protected OrderedDictionary<string, Tensor?> ParameterEntries => _parameters;

            // ---------------------------------------------------------- walking the tree

            /// <summary>The direct children with their names.</summary>
            public IEnumerable<(string name, Module module)> named_children()
            {
                var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
                foreach (var s in Slots)
                    if (s.Field.GetValue(this) is Module m && seen.Add(m)) yield return (s.Name, m);
                foreach (var (name, m) in _modules)
                    if (m is not null && seen.Add(m)) yield return (name, m);
            }

            /// <summary>The direct children.</summary>
            public IEnumerable<Module> children()
            {
                foreach (var (_, m) in named_children()) yield return m;
            }

            /// <summary>This module and every module below it, pre-order, each once, with dotted names ("" for this one).</summary>
            public IEnumerable<(string name, Module module)> named_modules()
                => NamedModules(new HashSet<Module>(ReferenceEqualityComparer.Instance), "");

            private IEnumerable<(string, Module)> NamedModules(HashSet<Module> memo, string prefix)
            {
                if (!memo.Add(this)) yield break;
                yield return (prefix, this);
                foreach (var (name, child) in ChildEntries())
                    foreach (var entry in child.NamedModules(memo, prefix.Length == 0 ? name : prefix + "." + name))
                        yield return entry;
            }

            /// <summary>The children as registered, a module registered under two names appearing twice (as state_dict sees them).</summary>
            private IEnumerable<(string name, Module module)> ChildEntries()
            {
                foreach (var s in Slots)
                    if (s.Field.GetValue(this) is Module m) yield return (s.Name, m);
                foreach (var (name, m) in _modules)
                    if (m is not null) yield return (name, m);
            }

            /// <summary>This module and every module below it.</summary>
            public IEnumerable<Module> modules()
            {
                foreach (var (_, m) in named_modules()) yield return m;
            }

            /// <summary>The parameters (each once) with PyTorch's dotted names: own first, then each child's, recursively.</summary>
            public IEnumerable<(string name, Tensor param)> named_parameters(string prefix = "", bool recurse = true)
                => NamedMembers(m => m.OwnParameters(), prefix, recurse);

            /// <summary>The parameters, each once, in <see cref="named_parameters"/>'s order.</summary>
            public IEnumerable<Tensor> parameters(bool recurse = true)
            {
                foreach (var (_, p) in named_parameters(recurse: recurse)) yield return p;
            }

            /// <summary>The buffers (each once) with dotted names.</summary>
            public IEnumerable<(string name, Tensor buffer)> named_buffers(string prefix = "", bool recurse = true)
                => NamedMembers(m => m.OwnBuffers(), prefix, recurse);

            /// <summary>The buffers, each once.</summary>
            public IEnumerable<Tensor> buffers(bool recurse = true)
            {
                foreach (var (_, b) in named_buffers(recurse: recurse)) yield return b;
            }

            private IEnumerable<(string, Tensor)> NamedMembers(Func<Module, IEnumerable<(string, Tensor)>> members, string prefix, bool recurse)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                var mods = recurse ? NamedModules(new HashSet<Module>(ReferenceEqualityComparer.Instance), prefix) : [(prefix, this)];
                foreach (var (modulePrefix, module) in mods)
                    foreach (var (name, t) in members(module))
                        if (seen.Add(t)) yield return (modulePrefix.Length == 0 ? name : modulePrefix + "." + name, t);
            }

            // ---------------------------------------------------------- modes and bulk changes

            /// <summary>Sets training mode on this module and all below it; returns this module.</summary>
            public Module train(bool mode = true)
            {
                training = mode;
                foreach (var child in children()) child.train(mode);
                return this;
            }

            /// <summary>Evaluation mode: <c>train(false)</c>.</summary>
            public Module eval() => train(false);

            /// <summary>Sets (or zeroes, with <paramref name="set_to_none"/> false) every parameter's gradient.</summary>
            public void zero_grad(bool set_to_none = true)
            {
                foreach (var p in parameters())
                {
                    if (p.grad is null) continue;
                    if (set_to_none) { p.grad = null; continue; }
                    var g = p.grad;
                    if (g.grad_fn is not null) g.detach_();
                    else g.requires_grad_(false);
                    g.zero_();
                }
            }

            /// <summary>Sets requires_grad on every parameter; returns this module.</summary>
            public Module requires_grad_(bool requires_grad = true)
            {
                foreach (var p in parameters()) p.requires_grad_(requires_grad);
                return this;
            }

            /// <summary>Calls <paramref name="fn"/> on every child (recursively), then on this module; returns this module.</summary>
            public Module apply(Action<Module> fn)
            {
                foreach (var child in children()) child.apply(fn);
                fn(this);
                return this;
            }

            /// <summary>
            /// Converts the floating parameters and buffers to <paramref name="dtype"/>. Parameters keep
            /// their identity (their values are replaced, as PyTorch's <c>param.data = …</c>), so an
            /// optimizer holding them still sees them; gradients are converted too.
            /// </summary>
            public Module to(ScalarType dtype)
            {
                if (!dtype.IsFloatingPoint())
                    throw new ArgumentException($"nn.Module.to only accepts floating point or complex dtypes, but got desired dtype={dtype.TorchName()}");
                using var _ = new GradModeScope(false);
                foreach (var m in modules())
                {
                    foreach (var (_, p) in m.OwnParameters())
                    {
                        if (!p.is_floating_point() || p.dtype == dtype) continue;
                        var grad = p.grad;
                        p.grad = null;
                        p.data = p.to(dtype);
                        if (grad is not null) { grad.data = grad.to(dtype); p.grad = grad; }
                    }
                    foreach (var name in m._buffers.Keys.ToArray())
                        if (m._buffers[name] is { } b && b.is_floating_point()) m._buffers[name] = b.to(dtype);
                }
                return this;
            }

            /// <summary><c>to(torch.float64)</c>.</summary>
            public Module @double() => to(ScalarType.Float64);

            /// <summary><c>to(torch.float32)</c>.</summary>
            public Module @float() => to(ScalarType.Float32);

            // ---------------------------------------------------------- state_dict

            /// <summary>
            /// Parameters and persistent buffers under PyTorch's keys (own parameters, own buffers, then
            /// each child's, recursively), detached from autograd and sharing the module's values.
            /// </summary>
            public OrderedDictionary<string, Tensor> state_dict()
            {
                var dict = new OrderedDictionary<string, Tensor>();
                SaveTo(dict, "");
                return dict;
            }

            private void SaveTo(OrderedDictionary<string, Tensor> dict, string prefix)
            {
                foreach (var (name, p) in OwnParameters()) dict[prefix + name] = p.detach();
                foreach (var (name, b) in OwnBuffers(persistentOnly: true)) dict[prefix + name] = b.detach();
                foreach (var (name, child) in ChildEntries()) child.SaveTo(dict, prefix + name + ".");
            }

            /// <summary>
            /// Copies <paramref name="state_dict"/>'s values into the parameters and buffers, in place,
            /// under no_grad. With <paramref name="strict"/>, missing and unexpected keys are errors; a
            /// shape mismatch always is. Returns the missing and unexpected keys.
            /// </summary>
            public (IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys) load_state_dict(
                IDictionary<string, Tensor> state_dict, bool strict = true)
            {
                ArgumentNullException.ThrowIfNull(state_dict);
                var missing = new List<string>();
                var unexpected = new List<string>();
                var errors = new List<string>();
                LoadFrom(state_dict, "", missing, unexpected, errors);
                if (strict)
                {
                    if (unexpected.Count > 0)
                        errors.Insert(0, "Unexpected key(s) in state_dict: " + string.Join(", ", unexpected.Select(k => $"\"{k}\"")) + ". ");
                    if (missing.Count > 0)
                        errors.Insert(0, "Missing key(s) in state_dict: " + string.Join(", ", missing.Select(k => $"\"{k}\"")) + ". ");
                }
                if (errors.Count > 0)
                    throw new InvalidOperationException($"Error(s) in loading state_dict for {_get_name()}:\n\t" + string.Join("\n\t", errors));
                return (missing, unexpected);
            }

            private void LoadFrom(IDictionary<string, Tensor> state, string prefix, List<string> missing, List<string> unexpected, List<string> errors)
            {
                // PyTorch's _load_from_state_dict: own parameters and persistent buffers first.
                var local = new Dictionary<string, Tensor>();
                foreach (var (name, t) in OwnParameters().Concat(OwnBuffers(persistentOnly: true)))
                {
                    local[name] = t;
                    var key = prefix + name;
                    if (!state.TryGetValue(key, out var input)) { missing.Add(key); continue; }
                    if (t.dim() == 0 && input.dim() == 1) input = input[0]; // PyTorch's backward compatibility
                    if (!t.shape.AsSpan().SequenceEqual(input.shape))
                    {
                        errors.Add($"size mismatch for {key}: copying a param with shape {SizeString(input)} from checkpoint, the shape in current model is {SizeString(t)}.");
                        continue;
                    }
                    try
                    {
                        using var _ = new GradModeScope(false);
                        t.copy_(input);
                    }
                    catch (Exception ex)
                    {
                        errors.Add($"While copying the parameter named \"{key}\", whose dimensions in the model are {SizeString(t)} and whose dimensions in the checkpoint are {SizeString(input)}, an exception occurred : ('{ex.Message}',).");
                    }
                }
                var childNames = new HashSet<string>(_modules.Keys);
                foreach (var (name, _) in ChildEntries()) childNames.Add(name);
                foreach (var key in state.Keys)
                {
                    if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
                    var rest = key[prefix.Length..];
                    int dot = rest.IndexOf('.');
                    if (dot >= 0 ? !childNames.Contains(rest[..dot]) : !local.ContainsKey(rest)) unexpected.Add(key);
                }
                foreach (var (name, child) in ChildEntries()) child.LoadFrom(state, prefix + name + ".", missing, unexpected, errors);
            }

            /// <summary>PyTorch's <c>torch.Size([2, 3])</c>.</summary>
            private static string SizeString(Tensor t)
                => "torch.Size([" + string.Join(", ", t.shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "])";

            // ---------------------------------------------------------- repr

            /// <summary>The text inside the parentheses of this module's repr (its options), "" when none.</summary>
            public virtual string extra_repr() => "";

            /// <summary>The class name, as the repr shows it.</summary>
            protected internal virtual string _get_name()
            {
                var name = GetType().Name;
                int tick = name.IndexOf('`');
                return tick < 0 ? name : name[..tick];
            }

            /// <summary>PyTorch's module repr: the class name, <see cref="extra_repr"/>, then each child indented.</summary>
            public override string ToString()
            {
                var extra = extra_repr();
                var extraLines = extra.Length == 0 ? [] : extra.Split('\n');
                var childLines = new List<string>();
                foreach (var (name, child) in ChildEntries())
                    childLines.Add("(" + name + "): " + AddIndent(child.ToString(), 2));
                var sb = new StringBuilder(_get_name()).Append('(');
                if (extraLines.Length == 1 && childLines.Count == 0) sb.Append(extraLines[0]);
                else if (extraLines.Length + childLines.Count > 0)
                    sb.Append("\n  ").Append(string.Join("\n  ", extraLines.Concat(childLines))).Append('\n');
                return sb.Append(')').ToString();
            }

            /// <summary>PyTorch's <c>_addindent</c>: every line but the first indented by <paramref name="spaces"/>.</summary>
            private protected static string AddIndent(string s, int spaces)
            {
                var lines = s.Split('\n');
                if (lines.Length == 1) return s;
                var pad = new string(' ', spaces);
                return lines[0] + "\n" + string.Join("\n", lines.Skip(1).Select(l => pad + l));
            }
        }
    }
}
