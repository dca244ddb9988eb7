using SharpGrad.Modules;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>nn.Module: automatic registration, names and order, repr, state_dict, hooks, modes and
/// conversions, checked against what PyTorch prints and returns for the same modules.</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class NNModuleTests
{
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc1 = nn.Linear(4, 8);
        private readonly ReLU act = nn.ReLU();
        public Sequential head { get; } = nn.Sequential(nn.Linear(8, 8), nn.Tanh());
        private readonly Tensor scale = nn.Parameter(ones(1));
        private readonly Tensor notAParameter = ones(3); // a plain tensor is not registered

        public Net() => register_buffer("running", zeros(2));

        public override Tensor forward(Tensor x) => head.call(act.call(fc1.call(x))) * scale + notAParameter.sum();
    }

    private class Base : nn.Module<Tensor, Tensor>
    {
        protected Linear encoder = nn.Linear(2, 3);
        public override Tensor forward(Tensor x) => encoder.call(x);
    }

    private sealed class Derived : Base
    {
        private readonly Linear decoder = nn.Linear(3, 2, bias: false);
        public override Tensor forward(Tensor x) => decoder.call(base.forward(x));
    }

    private static string[] Names(IEnumerable<(string name, Tensor t)> named) => named.Select(p => p.name).ToArray();

    [Fact]
    public void FieldsAndAutoPropertiesAreRegisteredInPyTorchsOrder()
    {
        var net = new Net();
        // Own parameters first, then each child's, recursively; fields in declaration order.
        Assert.Equal(["scale", "fc1.weight", "fc1.bias", "head.0.weight", "head.0.bias"], Names(net.named_parameters()));
        Assert.Equal(5, net.parameters().Count());
        Assert.Single(net.parameters(recurse: false));
        Assert.Equal(["fc1", "act", "head"], net.named_children().Select(c => c.name).ToArray());
        Assert.Equal(["", "fc1", "act", "head", "head.0", "head.1"], net.named_modules().Select(m => m.name).ToArray());
        Assert.Equal(["running"], Names(net.named_buffers()));
        Assert.Equal(["scale", "running", "fc1.weight", "fc1.bias", "head.0.weight", "head.0.bias"], net.state_dict().Keys.ToArray());
    }

    [Fact]
    public void BaseClassFieldsComeFirst()
    {
        var m = new Derived();
        Assert.Equal(["encoder.weight", "encoder.bias", "decoder.weight"], Names(m.named_parameters()));
        Assert.Equal(new long[] { 5, 2 }, m.call(ones(5, 2)).shape);
    }

    [Fact]
    public void ReprIsPyTorchs()
    {
        Assert.Equal("""
            Net(
              (fc1): Linear(in_features=4, out_features=8, bias=True)
              (act): ReLU()
              (head): Sequential(
                (0): Linear(in_features=8, out_features=8, bias=True)
                (1): Tanh()
              )
            )
            """, new Net().ToString());
        var model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10));
        Assert.Equal("""
            Sequential(
              (0): Linear(in_features=784, out_features=256, bias=True)
              (1): ReLU()
              (2): Linear(in_features=256, out_features=10, bias=True)
            )
            """, model.ToString());
        Assert.Equal("Linear(in_features=3, out_features=1, bias=False)", nn.Linear(3, 1, bias: false).ToString());
        Assert.Equal("""
            Sequential(
              (encoder): Flatten(start_dim=1, end_dim=-1)
              (head): Unflatten(dim=1, unflattened_size=(2, 5))
            )
            """, nn.Sequential(("encoder", nn.Flatten()), ("head", nn.Unflatten(1, [2, 5]))).ToString());
        Assert.Equal("Bilinear(in1_features=2, in2_features=3, out_features=4, bias=True)", nn.Bilinear(2, 3, 4).ToString());
        Assert.Equal("Identity()", nn.Identity().ToString());
    }

    [Fact]
    public void LayerReprsArePyTorchs()
    {
        Assert.Equal("ReLU(inplace=True)", nn.ReLU(inplace: true).ToString());
        Assert.Equal("LeakyReLU(negative_slope=0.01)", nn.LeakyReLU().ToString());
        Assert.Equal("LeakyReLU(negative_slope=0.2, inplace=True)", nn.LeakyReLU(0.2, inplace: true).ToString());
        Assert.Equal("ELU(alpha=1.0, inplace=True)", nn.ELU(inplace: true).ToString());
        Assert.Equal("SiLU(inplace=True)", nn.SiLU(inplace: true).ToString());
        Assert.Equal("Mish(inplace=True)", nn.Mish(inplace: true).ToString());
        Assert.Equal("Hardtanh(min_val=-1.0, max_val=1.0, inplace=True)", nn.Hardtanh(inplace: true).ToString());
        Assert.Equal("ELU(alpha=1.0)", nn.ELU().ToString());
        Assert.Equal("SiLU()", nn.SiLU().ToString());
        Assert.Equal("Sigmoid()", nn.Sigmoid().ToString());
        Assert.Equal("Tanh()", nn.Tanh().ToString());
        Assert.Equal("Softplus(beta=1.0, threshold=20.0)", nn.Softplus().ToString());
        Assert.Equal("Softplus(beta=0.5, threshold=1e-05)", nn.Softplus(0.5, 1e-5).ToString());
        Assert.Equal("Softmax(dim=1)", nn.Softmax(1).ToString());
        Assert.Equal("Softmax(dim=None)", nn.Softmax().ToString());
        Assert.Equal("LogSoftmax(dim=-1)", nn.LogSoftmax(-1).ToString());
        Assert.Equal("MSELoss()", nn.MSELoss().ToString());
        Assert.Equal("CrossEntropyLoss()", nn.CrossEntropyLoss().ToString());
        Assert.Equal("Unflatten(dim=-1, unflattened_size=(3,))", nn.Unflatten(-1, [3]).ToString());
    }

    [Fact]
    public void ContainerReprsArePyTorchs()
    {
        var list = nn.ModuleList(nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 2));
        Assert.Equal("""
            ModuleList(
              (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)
              (3): ReLU()
              (4): Linear(in_features=2, out_features=2, bias=True)
            )
            """, list.ToString());
        Assert.Equal("ModuleList()", nn.ModuleList().ToString());
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias", "4.weight", "4.bias"], Names(list.named_parameters()));
        var plist = nn.ParameterList(zeros(3, 2), nn.Parameter(ones(4, dtype: float64)));
        Assert.Equal("""
            ParameterList(
                (0): Parameter containing: [torch.float32 of size 3x2]
                (1): Parameter containing: [torch.float64 of size 4]
            )
            """, plist.ToString());
        Assert.Equal("ParameterList(  (0): Parameter containing: [torch.float32 of size 3])", nn.ParameterList(zeros(3)).ToString());
        Assert.True(plist[0].requires_grad && plist[0].is_leaf);
        var pdict = nn.ParameterDict(("a", zeros(2)), ("b", zeros(1, 1)));
        Assert.Equal(["a", "b"], Names(pdict.named_parameters()));
        Assert.Equal("""
            ParameterDict(
                (a): Parameter containing: [torch.FloatTensor of size 2]
                (b): Parameter containing: [torch.FloatTensor of size 1x1]
            )
            """, pdict.ToString());
        var mdict = nn.ModuleDict(("enc", nn.Linear(1, 2)), ("act", nn.Sigmoid()));
        Assert.Equal(["enc.weight", "enc.bias"], Names(mdict.named_parameters()));
        Assert.Equal("""
            ModuleDict(
              (enc): Linear(in_features=1, out_features=2, bias=True)
              (act): Sigmoid()
            )
            """, mdict.ToString());
        Assert.IsType<Sigmoid>(mdict["act"]);
    }

    [Fact]
    public void ParameterPrintsAsPyTorchPrintsOne()
    {
        var p = nn.Parameter(tensor(new[] { 1f, 2f }));
        Assert.Equal("Parameter containing:\ntensor([1., 2.], requires_grad=True)", p.ToString());
        Assert.Equal("Parameter containing:\ntensor([1., 2.])", nn.Parameter(tensor(new[] { 1f, 2f }), requires_grad: false).ToString());
        Assert.Equal("tensor([2., 4.], grad_fn=<MulBackward0>)", (p * 2).ToString());
        Assert.Equal("tensor([1., 2.])", p.detach().ToString());
        // A parameter shares the data it was made from.
        var data = zeros(2);
        var q = nn.Parameter(data);
        data.fill_(3);
        Assert.Equal(new[] { 3f, 3f }, q.detach().ToArray<float>());
    }

    [Fact]
    public void RegistrationByNameAndItsErrors()
    {
        var m = nn.Identity();
        m.register_parameter("w", nn.Parameter(ones(2)));
        m.register_buffer("mean", zeros(2));
        m.register_buffer("scratch", zeros(1), persistent: false);
        m.register_module("inner", nn.Linear(1, 1));
        m.register_parameter("absent", null);
        Assert.Equal(["w", "inner.weight", "inner.bias"], Names(m.named_parameters()));
        Assert.Equal(["mean", "scratch"], Names(m.named_buffers()));
        Assert.Equal(["w", "mean", "inner.weight", "inner.bias"], m.state_dict().Keys.ToArray());
        Assert.Equal("cannot assign 'torch.FloatTensor' object to parameter 'v' (torch.nn.Parameter or None required)",
            Assert.Throws<ArgumentException>(() => m.register_parameter("v", ones(1))).Message);
        Assert.Equal("parameter name can't contain \".\"", Assert.Throws<ArgumentException>(() => m.register_parameter("a.b", null)).Message);
        Assert.Equal("buffer name can't be empty string \"\"", Assert.Throws<ArgumentException>(() => m.register_buffer("", null)).Message);
        Assert.Equal("attribute 'mean' already exists", Assert.Throws<ArgumentException>(() => m.register_parameter("mean", null)).Message);
        Assert.Equal("module name can't contain \".\", got: x.y", Assert.Throws<ArgumentException>(() => m.register_module("x.y", null)).Message);
        var net = new Net();
        Assert.Equal("attribute 'fc1' already exists", Assert.Throws<ArgumentException>(() => net.register_module("fc1", nn.ReLU())).Message);
    }

    [Fact]
    public void StateDictRoundTripsAndCopiesInPlace()
    {
        manual_seed(0);
        var a = new Net();
        var b = new Net();
        var sd = a.state_dict();
        Assert.False(sd["fc1.weight"].requires_grad); // detached, sharing the values
        Assert.True(sd["fc1.weight"].equal(a.named_parameters().First(p => p.name == "fc1.weight").param.detach()));
        var bWeight = b.named_parameters().First(p => p.name == "fc1.weight").param;
        var (missing, unexpected) = b.load_state_dict(sd);
        Assert.Empty(missing);
        Assert.Empty(unexpected);
        // The same parameter object, now holding a's values; still a leaf requiring grad.
        Assert.Same(bWeight, b.named_parameters().First(p => p.name == "fc1.weight").param);
        Assert.True(bWeight.is_leaf && bWeight.requires_grad);
        var x = randn(3, 4);
        Assert.True(a.call(x).equal(b.call(x)));
    }

    [Fact]
    public void LoadStateDictErrorsArePyTorchs()
    {
        var lin = nn.Linear(3, 3);
        var sd = new Dictionary<string, Tensor> { ["weight"] = zeros(3, 3), ["extra"] = zeros(1) };
        var ex = Assert.Throws<InvalidOperationException>(() => lin.load_state_dict(sd));
        Assert.Equal("Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: \"bias\". \n\tUnexpected key(s) in state_dict: \"extra\". ", ex.Message);
        var (missing, unexpected) = lin.load_state_dict(sd, strict: false);
        Assert.Equal(["bias"], missing);
        Assert.Equal(["extra"], unexpected);
        Assert.Equal(new float[9], lin.weight.detach().ToArray<float>());
        var bad = new Dictionary<string, Tensor> { ["weight"] = zeros(2, 3), ["bias"] = zeros(3) };
        ex = Assert.Throws<InvalidOperationException>(() => lin.load_state_dict(bad, strict: false));
        Assert.Equal("Error(s) in loading state_dict for Linear:\n\tsize mismatch for weight: copying a param with shape torch.Size([2, 3]) from checkpoint, the shape in current model is torch.Size([3, 3]).", ex.Message);
        var seq = nn.Sequential(nn.Linear(1, 1));
        ex = Assert.Throws<InvalidOperationException>(() => seq.load_state_dict(new Dictionary<string, Tensor> { ["0.weight"] = zeros(1, 1), ["1.weight"] = zeros(1) }));
        Assert.Equal("Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: \"0.bias\". \n\tUnexpected key(s) in state_dict: \"1.weight\". ", ex.Message);
    }

    [Fact]
    public void ForwardHooksFireInOrderAndCanBeRemoved()
    {
        var log = new List<string>();
        var lin = nn.Linear(2, 2);
        var h1 = lin.register_forward_pre_hook((m, x) => log.Add("pre1"));
        var h2 = lin.register_forward_pre_hook((m, x) => { log.Add("pre2"); return x * 0; });
        var h3 = lin.register_forward_hook((m, x, y) => log.Add("hook1"));
        var h4 = lin.register_forward_hook((m, x, y) => { log.Add("hook2"); return y + 100; });
        var y = lin.call(ones(1, 2));
        Assert.Equal(["pre1", "pre2", "hook1", "hook2"], log);
        // The pre-hook zeroed the input, so the output is the bias, plus the hook's 100.
        Assert.True(y.allclose(lin.bias!.detach().unsqueeze(0) + 100));
        h2.remove();
        h4.remove();
        h4.remove(); // a second removal does nothing
        log.Clear();
        var y2 = lin.call(ones(1, 2));
        Assert.Equal(["pre1", "hook1"], log);
        Assert.True(y2.allclose(lin.forward(ones(1, 2))));
        h1.remove(); h3.remove();
        log.Clear();
        lin.call(ones(1, 2));
        Assert.Empty(log);
    }

    [Fact]
    public void FullBackwardHookSeesInputAndOutputGradients()
    {
        var lin = nn.Linear(3, 2);
        Tensor?[]? gradIn = null, gradOut = null;
        var handle = lin.register_full_backward_hook((m, gi, go) => { gradIn = gi; gradOut = go; });
        var x = randn(new long[] { 4, 3 }, requires_grad: true);
        var y = lin.call(x);
        (y * 3).sum().backward();
        Assert.NotNull(gradOut);
        Assert.True(gradOut![0]!.allclose(full([4, 2], 3.0)));
        Assert.True(gradIn![0]!.allclose(full([4, 2], 3.0).matmul(lin.weight.detach())));
        Assert.True(x.grad!.allclose(gradIn[0]!));
        // A hook's result replaces grad_input.
        handle.remove();
        lin.register_full_backward_hook((m, gi, go) => [gi[0]! * 0]);
        x.grad = null;
        lin.call(x).sum().backward();
        Assert.Equal(new float[12], x.grad!.ToArray<float>());
        // Inputs that need no gradient: the hook still runs, with grad_input None.
        var lin2 = nn.Linear(3, 2);
        Tensor?[]? seen = null;
        lin2.register_full_backward_hook((m, gi, go) => { seen = gi; });
        lin2.call(ones(1, 3)).sum().backward();
        Assert.NotNull(seen);
        Assert.Null(seen![0]);
    }

    [Fact]
    public void TrainEvalZeroGradRequiresGradApply()
    {
        var net = new Net();
        Assert.True(net.training);
        net.eval();
        Assert.All(net.modules(), m => Assert.False(m.training));
        net.train();
        Assert.All(net.modules(), m => Assert.True(m.training));

        net.call(ones(2, 4)).sum().backward();
        Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
        net.zero_grad(set_to_none: false);
        Assert.All(net.parameters(), p => Assert.Equal(0.0, p.grad!.abs().sum().item()));
        net.zero_grad();
        Assert.All(net.parameters(), p => Assert.Null(p.grad));

        net.requires_grad_(false);
        Assert.All(net.parameters(), p => Assert.False(p.requires_grad));
        net.requires_grad_();
        var names = new List<string>();
        net.apply(m => names.Add(m._get_name()));
        Assert.Equal(["Linear", "ReLU", "Linear", "Tanh", "Sequential", "Net"], names);
    }

    [Fact]
    public void ToDoubleKeepsParameterIdentity()
    {
        var net = new Net();
        var first = net.parameters().First();
        net.call(ones(1, 4)).sum().backward();
        net.to(float64);
        Assert.Same(first, net.parameters().First());
        Assert.All(net.parameters(), p => Assert.Equal(float64, p.dtype));
        Assert.All(net.parameters(), p => Assert.Equal(float64, p.grad!.dtype));
        Assert.All(net.buffers(), b => Assert.Equal(float64, b.dtype));
        Assert.True(first.is_leaf && first.requires_grad);
        Assert.Equal(float64, net.call(ones(1, 4, dtype: float64)).dtype);
        // Backward after the conversion accumulates float64 gradients into the same leaves.
        net.zero_grad();
        net.call(ones(1, 4, dtype: float64)).sum().backward();
        Assert.Equal(float64, first.grad!.dtype);
        net.@float();
        Assert.Equal(float32, first.dtype);
        Assert.Equal("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64",
            Assert.Throws<ArgumentException>(() => net.to(int64)).Message);
    }

    [Fact]
    public void ReassigningAFieldReregistersIt()
    {
        var m = new Swappable();
        var before = m.parameters().ToArray();
        m.layer = nn.Linear(2, 5);
        Assert.NotEqual(before[0].shape, m.parameters().First().shape);
        Assert.Equal(["layer.weight", "layer.bias"], Names(m.named_parameters()));
        m.layer = null;
        Assert.Empty(m.parameters());
    }

    /// <summary>TorchSharp's style: a name for the base constructor and RegisterComponents(), both harmless.</summary>
    private sealed class TorchSharpStyle : nn.Module<Tensor, Tensor>
    {
        private readonly Linear lin = nn.Linear(2, 2);
        public TorchSharpStyle() : base("TorchSharpStyle") => RegisterComponents();
        public override Tensor forward(Tensor x) => lin.call(x);
    }

    [Fact]
    public void TorchSharpStyleConstructionRegistersOnce()
    {
        var m = new TorchSharpStyle();
        Assert.Equal(["lin.weight", "lin.bias"], Names(m.named_parameters()));
        Assert.Equal("TorchSharpStyle(\n  (lin): Linear(in_features=2, out_features=2, bias=True)\n)", m.ToString());
    }

    private sealed class Swappable : nn.Module<Tensor, Tensor>
    {
        public Linear? layer = nn.Linear(2, 3);
        public override Tensor forward(Tensor x) => layer!.call(x);
    }
}
