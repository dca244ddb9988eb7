using SharpGrad.Modules;


namespace SharpGrad.Modules
{
    /// <summary>Removes the hook it was returned for (PyTorch's <c>torch.utils.hooks.RemovableHandle</c>).</summary>
    public sealed class RemovableHandle : IDisposable
    {
        private Action? _remove;
        internal RemovableHandle(Action remove) => _remove = remove;

        /// <summary>Removes the hook; later calls do nothing.</summary>
        public void remove()
        {
            _remove?.Invoke();
            _remove = null;
        }

        /// <summary>Same as <see cref="remove"/>, so a hook can live for a <c>using</c> block.</summary>
        public void Dispose() => remove();
    }

    /// <summary>Hooks in registration order, each removable by its handle.</summary>
    internal sealed class HookList<T>
    {
        private readonly List<(int id, T hook)> _hooks = new();
        private int _nextId;

        public bool Any => _hooks.Count > 0;

        public RemovableHandle Add(T hook)
        {
            ArgumentNullException.ThrowIfNull(hook);
            int id = _nextId++;
            _hooks.Add((id, hook));
            return new RemovableHandle(() => _hooks.RemoveAll(h => h.id == id));
        }

        /// <summary>A snapshot, so a hook may remove itself while running.</summary>
        public T[] Snapshot() => _hooks.Select(h => h.hook).ToArray();
    }

    /// <summary>
    /// PyTorch's full backward hooks on a call: identity views of the tensor inputs and outputs whose
    /// gradient hooks collect the output gradients, then call each hook with (grad_input,
    /// grad_output) once the input gradients are known; a hook's non-null result replaces grad_input.
    /// </summary>
    internal static class BackwardHooks
    {
        public static Tensor[] WrapInputs(torch.nn.Module module, Tensor[] inputs,
            Func<torch.nn.Module, Tensor?[], Tensor?[], Tensor?[]?>[] hooks, out State state)
        {
            state = new State(module, hooks, inputs.Length);
            var wrapped = new Tensor[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                if (!inputs[i].requires_grad) { wrapped[i] = inputs[i]; continue; }
                state.InputsRequiringGrad++;
                int index = i;
                var st = state;
                wrapped[i] = inputs[i].view_as(inputs[i]);
                wrapped[i].register_hook(g => st.OnInputGrad(index, g));
            }
            return wrapped;
        }

        public static Tensor WrapOutput(Tensor output, State state)
        {
            if (!output.requires_grad) return output;
            var wrapped = output.view_as(output);
            wrapped.register_hook(g => { state.OnOutputGrad(g); return null; });
            return wrapped;
        }

        internal sealed class State(torch.nn.Module module, Func<torch.nn.Module, Tensor?[], Tensor?[], Tensor?[]?>[] hooks, int inputCount)
        {
            public int InputsRequiringGrad;
            private Tensor?[] _gradOutput = [null];
            private readonly Tensor?[] _gradInput = new Tensor?[inputCount];
            private int _seen;

            public void OnOutputGrad(Tensor g)
            {
                _gradOutput = [g];
                // No input needs a gradient: PyTorch calls the hooks now, with grad_input all None.
                if (InputsRequiringGrad == 0) Run();
            }

            public Tensor? OnInputGrad(int index, Tensor g)
            {
                _gradInput[index] = g;
                if (++_seen < InputsRequiringGrad) return null;
                var result = Run();
                return result is null ? null : result[index];
            }

            private Tensor?[]? Run()
            {
                Tensor?[]? replaced = null;
                foreach (var hook in hooks)
                {
                    var r = hook(module, replaced ?? (Tensor?[])_gradInput.Clone(), _gradOutput);
                    if (r is null) continue;
                    if (r.Length != _gradInput.Length)
                        throw new InvalidOperationException($"Backward hook returned an invalid number of grad_input, got {r.Length}, but expected {_gradInput.Length}");
                    replaced = r;
                }
                return replaced;
            }
        }
    }
}

namespace SharpGrad
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>
            /// A module with one input: override <see cref="forward"/>, and call it through
            /// <see cref="call"/> (PyTorch's <c>module(x)</c>), which runs the forward pre-hooks,
            /// forward and the forward hooks.
            /// </summary>
            public abstract class Module<TIn, TOut> : Module
            {
                private readonly HookList<Func<Module<TIn, TOut>, TIn, (bool replace, TIn value)>> _preHooks = new();
                private readonly HookList<Func<Module<TIn, TOut>, TIn, TOut, (bool replace, TOut value)>> _hooks = new();
                private readonly HookList<Func<Module, Tensor?[], Tensor?[], Tensor?[]?>> _backwardHooks = new();

                /// <summary>A module in training mode.</summary>
                protected Module() { }

                /// <summary>TorchSharp's form; the name is not used.</summary>
                protected Module(string name) : base(name) { }

                /// <summary>The computation; users call <see cref="call"/>.</summary>
                public abstract TOut forward(TIn input);

                /// <summary>PyTorch's <c>module(input)</c>: pre-hooks, forward, hooks.</summary>
                public TOut call(TIn input)
                {
                    foreach (var pre in _preHooks.Snapshot())
                    {
                        var (replace, value) = pre(this, input);
                        if (replace) input = value;
                    }
                    BackwardHooks.State? state = null;
                    if (_backwardHooks.Any && GradMode.Enabled && input is Tensor t)
                        input = (TIn)(object)BackwardHooks.WrapInputs(this, [t], _backwardHooks.Snapshot(), out state)[0];
                    var output = forward(input);
                    foreach (var hook in _hooks.Snapshot())
                    {
                        var (replace, value) = hook(this, input, output);
                        if (replace) output = value;
                    }
                    if (state is not null && output is Tensor o) output = (TOut)(object)BackwardHooks.WrapOutput(o, state);
                    return output;
                }

                /// <summary>Runs <paramref name="hook"/> before each forward; it sees the input.</summary>
                public RemovableHandle register_forward_pre_hook(Action<Module<TIn, TOut>, TIn> hook)
                    => _preHooks.Add((m, x) => { hook(m, x); return (false, x); });

                /// <summary>Runs <paramref name="hook"/> before each forward; its result replaces the input.</summary>
                public RemovableHandle register_forward_pre_hook(Func<Module<TIn, TOut>, TIn, TIn> hook)
                    => _preHooks.Add((m, x) => (true, hook(m, x)));

                /// <summary>Runs <paramref name="hook"/> after each forward; it sees the input and output.</summary>
                public RemovableHandle register_forward_hook(Action<Module<TIn, TOut>, TIn, TOut> hook)
                    => _hooks.Add((m, x, y) => { hook(m, x, y); return (false, y); });

                /// <summary>Runs <paramref name="hook"/> after each forward; its result replaces the output.</summary>
                public RemovableHandle register_forward_hook(Func<Module<TIn, TOut>, TIn, TOut, TOut> hook)
                    => _hooks.Add((m, x, y) => (true, hook(m, x, y)));

                /// <summary>
                /// Calls <paramref name="hook"/>(module, grad_input, grad_output) when the gradients with
                /// respect to the module's input are computed; a non-null result replaces grad_input.
                /// Applies to tensor inputs and outputs.
                /// </summary>
                public RemovableHandle register_full_backward_hook(Func<Module, Tensor?[], Tensor?[], Tensor?[]?> hook)
                    => _backwardHooks.Add(hook);

                /// <summary>An observing backward hook.</summary>
                public RemovableHandle register_full_backward_hook(Action<Module, Tensor?[], Tensor?[]> hook)
                    => _backwardHooks.Add((m, gi, go) => { hook(m, gi, go); return null; });
            }

            /// <summary>A module with two inputs (as <c>Bilinear</c>); see <see cref="Module{TIn, TOut}"/>.</summary>
            public abstract class Module<TIn1, TIn2, TOut> : Module
            {
                private readonly HookList<Func<Module<TIn1, TIn2, TOut>, TIn1, TIn2, (bool, TIn1, TIn2)>> _preHooks = new();
                private readonly HookList<Func<Module<TIn1, TIn2, TOut>, TIn1, TIn2, TOut, (bool, TOut)>> _hooks = new();
                private readonly HookList<Func<Module, Tensor?[], Tensor?[], Tensor?[]?>> _backwardHooks = new();

                /// <summary>A module in training mode.</summary>
                protected Module() { }

                /// <summary>TorchSharp's form; the name is not used.</summary>
                protected Module(string name) : base(name) { }

                /// <summary>The computation; users call <see cref="call"/>.</summary>
                public abstract TOut forward(TIn1 input1, TIn2 input2);

                /// <summary>PyTorch's <c>module(input1, input2)</c>: pre-hooks, forward, hooks.</summary>
                public TOut call(TIn1 input1, TIn2 input2)
                {
                    foreach (var pre in _preHooks.Snapshot())
                    {
                        var (replace, a, b) = pre(this, input1, input2);
                        if (replace) (input1, input2) = (a, b);
                    }
                    BackwardHooks.State? state = null;
                    if (_backwardHooks.Any && GradMode.Enabled && input1 is Tensor t1 && input2 is Tensor t2)
                    {
                        var w = BackwardHooks.WrapInputs(this, [t1, t2], _backwardHooks.Snapshot(), out state);
                        (input1, input2) = ((TIn1)(object)w[0], (TIn2)(object)w[1]);
                    }
                    var output = forward(input1, input2);
                    foreach (var hook in _hooks.Snapshot())
                    {
                        var (replace, value) = hook(this, input1, input2, output);
                        if (replace) output = value;
                    }
                    if (state is not null && output is Tensor o) output = (TOut)(object)BackwardHooks.WrapOutput(o, state);
                    return output;
                }

                /// <summary>Runs <paramref name="hook"/> before each forward.</summary>
                public RemovableHandle register_forward_pre_hook(Action<Module<TIn1, TIn2, TOut>, TIn1, TIn2> hook)
                    => _preHooks.Add((m, a, b) => { hook(m, a, b); return (false, a, b); });

                /// <summary>Runs <paramref name="hook"/> before each forward; its result replaces the inputs.</summary>
                public RemovableHandle register_forward_pre_hook(Func<Module<TIn1, TIn2, TOut>, TIn1, TIn2, (TIn1, TIn2)> hook)
                    => _preHooks.Add((m, a, b) => { var (x, y) = hook(m, a, b); return (true, x, y); });

                /// <summary>Runs <paramref name="hook"/> after each forward.</summary>
                public RemovableHandle register_forward_hook(Action<Module<TIn1, TIn2, TOut>, TIn1, TIn2, TOut> hook)
                    => _hooks.Add((m, a, b, y) => { hook(m, a, b, y); return (false, y); });

                /// <summary>Runs <paramref name="hook"/> after each forward; its result replaces the output.</summary>
                public RemovableHandle register_forward_hook(Func<Module<TIn1, TIn2, TOut>, TIn1, TIn2, TOut, TOut> hook)
                    => _hooks.Add((m, a, b, y) => (true, hook(m, a, b, y)));

                /// <summary>Calls <paramref name="hook"/>(module, grad_input, grad_output) when the input gradients are computed; a non-null result replaces grad_input.</summary>
                public RemovableHandle register_full_backward_hook(Func<Module, Tensor?[], Tensor?[], Tensor?[]?> hook)
                    => _backwardHooks.Add(hook);

                /// <summary>An observing backward hook.</summary>
                public RemovableHandle register_full_backward_hook(Action<Module, Tensor?[], Tensor?[]> hook)
                    => _backwardHooks.Add((m, gi, go) => { hook(m, gi, go); return null; });
            }
        }
    }
}
