using System.Collections;
using System.Globalization;
using System.Text;
using SharpGrad.Modules;


namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Modules called in order, each on the previous one's output; named "0", "1", ….</summary>
            public static Sequential Sequential(params Module[] modules) => new(modules.Select((m, i) => (i.ToString(CultureInfo.InvariantCulture), m)));

            /// <summary>Modules called in order, under the given names.</summary>
            public static Sequential Sequential(params (string name, Module module)[] modules) => new(modules);

            /// <summary>A list of modules, registered as "0", "1", ….</summary>
            public static ModuleList ModuleList(params Module[] modules) => new(modules);

            /// <summary>A dictionary of modules, registered under their keys.</summary>
            public static ModuleDict ModuleDict(params (string name, Module module)[] modules) => new(modules);

            /// <summary>A list of parameters (plain tensors become parameters), registered as "0", "1", ….</summary>
            public static ParameterList ParameterList(params Tensor[] parameters) => new(parameters);

            /// <summary>A dictionary of parameters (plain tensors become parameters), registered under their keys.</summary>
            public static ParameterDict ParameterDict(params (string name, Tensor param)[] parameters) => new(parameters);
        }
    }
}

namespace SharpGrad.Modules
{
    /// <summary>PyTorch's <c>nn.Sequential</c>: calls its modules in order.</summary>
    public sealed class Sequential : torch.nn.Module<Tensor, Tensor>, IEnumerable<torch.nn.Module>
    {
        internal Sequential(IEnumerable<(string name, torch.nn.Module module)> modules)
        {
            foreach (var (name, m) in modules) register_module(name, m);
        }

        /// <summary>Number of modules.</summary>
        public int Count => ModuleEntries.Count;

        /// <summary>The module at <paramref name="index"/> (negative counts from the end).</summary>
        public torch.nn.Module this[int index] => ModuleEntries.GetAt(ListIndex(index, Count)).Value!;

        /// <summary>Adds a module at the end, named by its position.</summary>
        public Sequential append(torch.nn.Module module)
        {
            register_module(Count.ToString(CultureInfo.InvariantCulture), module);
            return this;
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            foreach (var (name, m) in ModuleEntries)
            {
                if (m is null) continue;
                input = m is torch.nn.Module<Tensor, Tensor> step
                    ? step.call(input)
                    : throw new InvalidOperationException($"Sequential: module ({name}) {m._get_name()} does not take one tensor and return one");
            }
            return input;
        }

        /// <inheritdoc/>
        public IEnumerator<torch.nn.Module> GetEnumerator() => ModuleEntries.Values.OfType<torch.nn.Module>().GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        internal static int ListIndex(int index, int count)
        {
            if (index < -count || index >= count) throw new IndexOutOfRangeException($"index {index} is out of range");
            return index < 0 ? index + count : index;
        }
    }

    /// <summary>PyTorch's <c>nn.ModuleList</c>.</summary>
    public sealed class ModuleList : torch.nn.Module, IEnumerable<torch.nn.Module>
    {
        internal ModuleList(IEnumerable<torch.nn.Module> modules)
        {
            foreach (var m in modules) append(m);
        }

        /// <summary>Number of modules.</summary>
        public int Count => ModuleEntries.Count;

        /// <summary>The module at <paramref name="index"/> (negative counts from the end); set replaces it.</summary>
        public torch.nn.Module this[int index]
        {
            get => ModuleEntries.GetAt(Sequential.ListIndex(index, Count)).Value!;
            set => ModuleEntries[Sequential.ListIndex(index, Count).ToString(CultureInfo.InvariantCulture)] = value;
        }

        /// <summary>Adds a module at the end.</summary>
        public ModuleList append(torch.nn.Module module)
        {
            register_module(Count.ToString(CultureInfo.InvariantCulture), module);
            return this;
        }

        /// <summary>Adds modules at the end.</summary>
        public ModuleList extend(IEnumerable<torch.nn.Module> modules)
        {
            foreach (var m in modules) append(m);
            return this;
        }

        /// <summary>Inserts a module before <paramref name="index"/>, renumbering the rest.</summary>
        public void insert(int index, torch.nn.Module module)
        {
            var items = this.ToList();
            items.Insert(index < 0 ? Math.Max(0, index + items.Count) : Math.Min(index, items.Count), module);
            ModuleEntries.Clear();
            foreach (var m in items) append(m);
        }

        /// <inheritdoc/>
        public IEnumerator<torch.nn.Module> GetEnumerator() => ModuleEntries.Values.OfType<torch.nn.Module>().GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>PyTorch's ModuleList repr, which folds runs of equal modules: <c>(0-2): 3 x Linear(…)</c>.</summary>
        public override string ToString()
        {
            var reprs = this.Select(m => m.ToString()).ToList();
            if (reprs.Count == 0) return _get_name() + "()";
            var lines = new List<string>();
            int start = 0;
            for (int i = 1; i <= reprs.Count; i++)
            {
                if (i < reprs.Count && reprs[i] == reprs[start]) continue;
                var line = i - 1 == start ? $"({start}): {reprs[start]}" : $"({start}-{i - 1}): {i - start} x {reprs[start]}";
                lines.Add(AddIndent(line, 2));
                start = i;
            }
            return _get_name() + "(\n  " + string.Join("\n  ", lines) + "\n)";
        }
    }

    /// <summary>PyTorch's <c>nn.ModuleDict</c>.</summary>
    public sealed class ModuleDict : torch.nn.Module, IEnumerable<(string key, torch.nn.Module value)>
    {
        internal ModuleDict(IEnumerable<(string, torch.nn.Module)> modules)
        {
            foreach (var (k, m) in modules) this[k] = m;
        }

        /// <summary>Number of modules.</summary>
        public int Count => ModuleEntries.Count;

        /// <summary>The module under <paramref name="key"/>; set adds or replaces it.</summary>
        public torch.nn.Module this[string key]
        {
            get => ModuleEntries.TryGetValue(key, out var m) && m is not null ? m : throw new KeyNotFoundException(key);
            set { if (ModuleEntries.ContainsKey(key)) ModuleEntries[key] = value; else register_module(key, value); }
        }

        /// <summary>True when <paramref name="key"/> is present.</summary>
        public bool contains(string key) => ModuleEntries.ContainsKey(key);

        /// <summary>The keys, in insertion order.</summary>
        public IEnumerable<string> keys() => ModuleEntries.Keys;

        /// <summary>The modules, in insertion order.</summary>
        public IEnumerable<torch.nn.Module> values() => ModuleEntries.Values.OfType<torch.nn.Module>();

        /// <summary>The (key, module) pairs, in insertion order.</summary>
        public IEnumerable<(string key, torch.nn.Module value)> items() => ModuleEntries.Where(e => e.Value is not null).Select(e => (e.Key, e.Value!));

        /// <inheritdoc/>
        public IEnumerator<(string key, torch.nn.Module value)> GetEnumerator() => items().GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>PyTorch's <c>nn.ParameterList</c>.</summary>
    public sealed class ParameterList : torch.nn.Module, IEnumerable<Tensor>
    {
        internal ParameterList(IEnumerable<Tensor> parameters)
        {
            foreach (var p in parameters) append(p);
        }

        /// <summary>Number of parameters.</summary>
        public int Count => ParameterEntries.Count;

        /// <summary>The parameter at <paramref name="index"/> (negative counts from the end).</summary>
        public Tensor this[int index]
        {
            get => ParameterEntries.GetAt(Sequential.ListIndex(index, Count)).Value!;
            set => ParameterEntries[Sequential.ListIndex(index, Count).ToString(CultureInfo.InvariantCulture)] = AsParameter(value);
        }

        /// <summary>Adds a parameter at the end (a plain tensor becomes one, as in PyTorch).</summary>
        public ParameterList append(Tensor value)
        {
            register_parameter(Count.ToString(CultureInfo.InvariantCulture), AsParameter(value));
            return this;
        }

        /// <summary>Adds parameters at the end.</summary>
        public ParameterList extend(IEnumerable<Tensor> values)
        {
            foreach (var v in values) append(v);
            return this;
        }

        internal static Tensor AsParameter(Tensor t) => t.IsParameter ? t : torch.nn.Parameter(t);

        /// <inheritdoc/>
        public IEnumerator<Tensor> GetEnumerator() => ParameterEntries.Values.OfType<Tensor>().GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>PyTorch's listing: <c>  (0): Parameter containing: [torch.float32 of size 3x2]</c>.</summary>
        public override string extra_repr()
            => string.Join("\n", ParameterEntries.Where(e => e.Value is not null).Select(e => $"  ({e.Key}): {Describe(e.Value!)}"));

        /// <summary>PyTorch's entry: ParameterList names the dtype (<c>torch.float32</c>), ParameterDict
        /// the tensor type (<c>torch.FloatTensor</c>, from <c>torch.typename</c>).</summary>
        internal static string Describe(Tensor p, bool typeName = false)
            => $"{(p.IsParameter ? "Parameter" : "Tensor")} containing: [{(typeName ? TensorTypeName(p) : p.dtype.TorchName())} of size {string.Join("x", p.shape)}]";
    }

    /// <summary>PyTorch's <c>nn.ParameterDict</c>.</summary>
    public sealed class ParameterDict : torch.nn.Module, IEnumerable<(string key, Tensor value)>
    {
        internal ParameterDict(IEnumerable<(string, Tensor)> parameters)
        {
            foreach (var (k, p) in parameters) this[k] = p;
        }

        /// <summary>Number of parameters.</summary>
        public int Count => ParameterEntries.Count;

        /// <summary>The parameter under <paramref name="key"/>; set adds or replaces it (a plain tensor becomes a parameter).</summary>
        public Tensor this[string key]
        {
            get => ParameterEntries.TryGetValue(key, out var p) && p is not null ? p : throw new KeyNotFoundException(key);
            set
            {
                var p = ParameterList.AsParameter(value);
                if (ParameterEntries.ContainsKey(key)) ParameterEntries[key] = p; else register_parameter(key, p);
            }
        }

        /// <summary>True when <paramref name="key"/> is present.</summary>
        public bool contains(string key) => ParameterEntries.ContainsKey(key);

        /// <summary>The keys, in insertion order.</summary>
        public IEnumerable<string> keys() => ParameterEntries.Keys;

        /// <summary>The parameters, in insertion order.</summary>
        public IEnumerable<Tensor> values() => ParameterEntries.Values.OfType<Tensor>();

        /// <summary>The (key, parameter) pairs, in insertion order.</summary>
        public IEnumerable<(string key, Tensor value)> items() => ParameterEntries.Where(e => e.Value is not null).Select(e => (e.Key, e.Value!));

        /// <inheritdoc/>
        public IEnumerator<(string key, Tensor value)> GetEnumerator() => items().GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>PyTorch's listing: <c>  (a): Parameter containing: [torch.FloatTensor of size 3]</c>.</summary>
        public override string extra_repr()
            => string.Join("\n", items().Select(e => $"  ({e.key}): {ParameterList.Describe(e.value, typeName: true)}"));
    }
}
