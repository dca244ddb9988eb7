using TorchSharp;
using static TorchSharp.torch;

// libtorch's values for the manipulation ops (ManipulationOpTests): split, chunk, unbind, repeat,
// repeat_interleave, flip, roll, tril/triu, meshgrid, diag/diagonal/trace, outer, addmm, baddbmm,
// einsum, masked_scatter, scatter, scatter_reduce, bincount, histc; and their error messages.
public static partial class Scripts
{
    private static void Show(string label, Tensor t)
    {
        var values = t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        Console.WriteLine($"{label}: [{string.Join(", ", t.shape)}] {t.dtype} [{string.Join(", ", values.Select(v => v.ToString("R")))}]");
    }

    private static void ShowError(string label, Action action)
    {
        try
        {
            action();
            Console.WriteLine($"{label}: no error");
        }
        catch (Exception e)
        {
            Console.WriteLine($"{label}: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>A float32 tensor of <paramref name="n"/> quarter-steps from -2: exact in binary, so
    /// products and sums of a few of them are exact too.</summary>
    private static Tensor Quarters(long n, params long[] shape) => (arange(n, dtype: ScalarType.Float32) * 0.25 - 2).reshape(shape);

    public static void ManipulationValues()
    {
        var x = Quarters(24, 2, 3, 4);
        var m = Quarters(12, 3, 4);
        foreach (var (i, p) in x.split(2, 2).Select((p, i) => (i, p))) Show($"split2 dim2 [{i}]", p);
        foreach (var (i, p) in x.split(new long[] { 1, 2 }, 1).Select((p, i) => (i, p))) Show($"split [1,2] dim1 [{i}]", p);
        foreach (var (i, p) in x.chunk(3, 2).Select((p, i) => (i, p))) Show($"chunk3 dim2 [{i}]", p);
        foreach (var (i, p) in x.unbind(1).Select((p, i) => (i, p))) Show($"unbind1 [{i}]", p);
        Show("repeat 2,1,2", m.repeat(2, 1, 2));
        Show("repeat_interleave 2 dim1", m.repeat_interleave(2, 1));
        Show("repeat_interleave 2 flat", m.repeat_interleave(2));
        Show("flip 0,2", x.flip(0, 2));
        Show("roll 1 dim1", x.roll(1, 1));
        Show("roll (2,-1) dims (2,0)", x.roll(new long[] { 2, -1 }, new long[] { 2, 0 }));
        Show("roll 5 flat", m.roll(5));
        Show("tril", m.tril());
        Show("tril -1", m.tril(-1));
        Show("triu 1", m.triu(1));
        Show("triu batched", x.triu());
        var g = meshgrid(new[] { tensor(new float[] { 1, 2, 3 }), tensor(new float[] { 4, 5 }) }, "ij");
        Show("meshgrid ij [0]", g[0]); Show("meshgrid ij [1]", g[1]);
        var gx = meshgrid(new[] { tensor(new float[] { 1, 2, 3 }), tensor(new float[] { 4, 5 }) }, "xy");
        Show("meshgrid xy [0]", gx[0]); Show("meshgrid xy [1]", gx[1]);
        Show("diag 2d", m.diag());
        Show("diag 2d 1", m.diag(1));
        Show("diag 1d -1", tensor(new float[] { 1, 2, 3 }).diag(-1));
        Show("diagonal 1 dims 1,2", x.diagonal(1, 1, 2));
        Show("diagonal -1 dims 0,2", x.diagonal(-1, 0, 2));
        Show("trace", m.trace());
        Show("outer", outer(tensor(new float[] { 1, -2, 3 }), tensor(new float[] { 0.5f, 4 })));
        var bias = Quarters(2, 2);
        Show("addmm", addmm(bias, Quarters(6, 2, 3), Quarters(6, 3, 2), beta: 0.5f, alpha: 2));
        // TorchSharp 0.107 passes baddbmm's operands to libtorch rotated: b1.baddbmm(b2, input) is libtorch's input.baddbmm(b1, b2).
        Show("baddbmm", Quarters(12, 2, 2, 3).baddbmm(Quarters(12, 2, 3, 2), Quarters(8, 2, 2, 2), beta: 0.5f, alpha: -1));
        var a = Quarters(6, 2, 3); var b = Quarters(12, 3, 4); var c = Quarters(4, 4);
        Show("einsum ij,jk->ik", einsum("ij,jk->ik", a, b));
        Show("einsum ij,jk,k->i", einsum("ij,jk,k->i", a, b, c));
        Show("einsum ii->i", einsum("ii->i", Quarters(9, 3, 3)));
        Show("einsum ii", einsum("ii", Quarters(9, 3, 3)));
        Show("einsum ij->ji", einsum("ij->ji", a));
        Show("einsum bij,bjk->bik", einsum("bij,bjk->bik", Quarters(12, 2, 2, 3), Quarters(12, 2, 3, 2)));
        Show("einsum ...ij,...jk", einsum("...ij,...jk", Quarters(12, 2, 2, 3), Quarters(6, 3, 2)));
        Show("einsum i,j", einsum("i,j", tensor(new float[] { 1, 2 }), tensor(new float[] { 3, 4, 5 })));
        Show("einsum iij->j", einsum("iij->j", Quarters(18, 3, 3, 2)));
        Show("einsum bn,anm,bm->ba", einsum("bn,anm,bm->ba", Quarters(6, 2, 3), Quarters(24, 2, 3, 4), Quarters(8, 2, 4)));
        Show("einsum i,i->", einsum("i,i->", c, c));
        Show("einsum ij,ij->ij", einsum("ij,ij->ij", a, a));
        Show("einsum Ab,b->A", einsum("Ab,bc->Ac", a, b));
        Show("einsum i...->...", einsum("i...->...", a));
        Show("einsum ...i,i... bcast", einsum("...j,j...->...", Quarters(6, 1, 2, 3), Quarters(6, 3, 2)));
        var target = Quarters(6, 2, 3);
        var mask = tensor(new bool[] { true, false, true, false, true, true }).reshape(2, 3);
        Show("masked_scatter", target.masked_scatter(mask, tensor(new float[] { 10, 20, 30, 40, 50, 60, 70 })));
        Show("masked_scatter bcast", target.masked_scatter(tensor(new bool[] { false, true, true }), Quarters(6, 2, 3) + 10));
        var index = tensor(new long[] { 2, 0, 1, 0 }).reshape(2, 2);
        Show("scatter src dim1", zeros(2, 3).scatter(1, index, tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3)));
        Show("scatter value dim1", Quarters(6, 2, 3).scatter(1, index, full(2, 3, 7.5f)) /* the same as scatter(1, index, value: 7.5) */);
        Show("scatter src dim0", zeros(3, 2).scatter(0, tensor(new long[] { 2, 0, 1, 1 }).reshape(2, 2), tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2)));
        var sindex = tensor(new long[] { 0, 1, 0, 1, 2, 1 });
        var ssrc = tensor(new float[] { 1, 2, 3, 4, 5, 6 });
        var sself = tensor(new float[] { 10, 20, 30, 40 });
        // TorchSharp 0.107 has no scatter_reduce: its values in the tests are worked by hand.
        Show("bincount", bincount(tensor(new long[] { 4, 1, 1, 3, 0, 1 })));
        Show("bincount minlength", bincount(tensor(new long[] { 1, 1, 3 }), minlength: 7));
        Show("bincount weights f32", bincount(tensor(new long[] { 4, 1, 1, 3 }), tensor(new float[] { 0.5f, 1, 2, -1 })));
        Show("bincount weights f64", bincount(tensor(new long[] { 4, 1, 1, 3 }), tensor(new double[] { 0.5, 1, 2, -1 })));
        Show("bincount empty", bincount(tensor(new long[0])));
        Show("histc", histc(tensor(new float[] { 1, 2, 1, 2.5f, 4, 0.5f, -1, 3.999f }), bins: 4, min: 0, max: 4));
        Show("histc auto", histc(tensor(new float[] { 1, 2, 1, 2.5f, 4 }), bins: 3));
        Show("histc f64", histc(tensor(new double[] { 0.1, 0.2, 0.3, 0.7, 1.0 }), bins: 10, min: 0, max: 1));
        Show("histc same", histc(tensor(new float[] { 2, 2 }), bins: 4));
        Show("histc edges", histc(tensor(new float[] { 1.3f, 1.6f, 2.9f, 1f, 3f, 2f, 1.5f }), bins: 3, min: 1, max: 3));
        Console.WriteLine("bincount weights requires_grad: " + bincount(tensor(new long[] { 1 }), tensor(new double[] { 1 }).requires_grad_()).requires_grad);
        Console.WriteLine("histc requires_grad: " + histc(tensor(new double[] { 1 }).requires_grad_()).requires_grad);
        Console.WriteLine("split is view: " + (x.split(2, 2)[1].storage_offset()) + " diagonal offset " + x.diagonal(1, 1, 2).storage_offset() + " strides " + string.Join(",", x.diagonal(1, 1, 2).stride()));
    }

    public static void ManipulationErrors()
    {
        var x = Quarters(24, 2, 3, 4);
        var m = Quarters(12, 3, 4);
        ShowError("split sizes", () => x.split(new long[] { 1, 1 }, 1));
        ShowError("split neg", () => x.split(-1, 1));
        ShowError("split dim", () => x.split(1, 3));
        ShowError("chunk 0", () => x.chunk(0, 1));
        ShowError("unbind 0-dim", () => tensor(1f).unbind(0));
        ShowError("repeat few", () => x.repeat(2, 2));
        ShowError("repeat neg", () => m.repeat(2, -1));
        ShowError("repeat_interleave neg", () => m.repeat_interleave(-1, 0));
        ShowError("flip dup", () => x.flip(0, 0));
        ShowError("roll mismatch", () => x.roll(new long[] { 1, 2 }, new long[] { 0 }));
        ShowError("roll no dims", () => x.roll(new long[] { 1, 2 }, new long[0]));
        ShowError("tril 1d", () => tensor(new float[] { 1, 2 }).tril());
        ShowError("triu 1d", () => tensor(new float[] { 1, 2 }).triu());
        ShowError("meshgrid 2d", () => meshgrid(new[] { m, m }, "ij"));
        ShowError("meshgrid indexing", () => meshgrid(new[] { m[0], m[0] }, "ji"));
        ShowError("meshgrid dtype", () => meshgrid(new[] { m[0], m[0].to_type(ScalarType.Float64) }, "ij"));
        ShowError("diag 3d", () => x.diag());
        ShowError("diagonal same", () => x.diagonal(0, 1, 1));
        ShowError("trace 1d", () => m[0].trace());
        ShowError("outer 2d", () => outer(m, m[0]));
        ShowError("addmm shapes", () => addmm(zeros(2, 2), zeros(2, 3), zeros(4, 2), 1, 1));
        ShowError("addmm 1d", () => addmm(zeros(2, 2), zeros(3), zeros(3, 2), 1, 1));
        ShowError("addmm bias", () => addmm(zeros(3, 2), zeros(2, 3), zeros(3, 2), 1, 1));
        ShowError("baddbmm shapes", () => zeros(2, 2, 3).baddbmm(zeros(2, 4, 2), zeros(2, 2, 2)));
        ShowError("baddbmm batch", () => zeros(2, 2, 3).baddbmm(zeros(3, 3, 2), zeros(2, 2, 2)));
        ShowError("baddbmm 2d", () => zeros(2, 3).baddbmm(zeros(2, 3, 2), zeros(2, 2, 2)));
        ShowError("baddbmm bias", () => zeros(2, 2, 3).baddbmm(zeros(2, 3, 2), zeros(3, 2, 2)));
        ShowError("einsum count", () => einsum("ij,jk", m));
        ShowError("einsum more", () => einsum("ij", m, m));
        ShowError("einsum dims", () => einsum("ijk", m));
        ShowError("einsum dims ell", () => einsum("ijk...", m));
        ShowError("einsum bad char", () => einsum("i1", m));
        ShowError("einsum bad out char", () => einsum("ij->i1", m));
        ShowError("einsum out twice", () => einsum("ij->ii", m));
        ShowError("einsum out missing", () => einsum("ij->k", m));
        ShowError("einsum size", () => einsum("ij,ij->i", m, x[0]));
        ShowError("einsum repeated size", () => einsum("ii->i", m));
        ShowError("einsum dot", () => einsum("i.j", m));
        ShowError("einsum two ell", () => einsum("......", m));
        ShowError("einsum out dot", () => einsum("...->.", m));
        ShowError("einsum ell bcast", () => einsum("...i,...i", zeros(2, 3), zeros(4, 3)));
        ShowError("masked_scatter dtype", () => m.masked_scatter(m > 0 & m < 0, m.to_type(ScalarType.Float64)));
        ShowError("masked_scatter mask", () => m.masked_scatter(zeros(3, 4, dtype: ScalarType.Int64), m));
        ShowError("masked_scatter few", () => m.masked_scatter(ones(3, 4, dtype: ScalarType.Bool), m[0]));
        ShowError("scatter index dtype", () => m.scatter(0, zeros(1, 1), m));
        ShowError("scatter dims", () => m.scatter(0, zeros(1, dtype: ScalarType.Int64), m));
        ShowError("scatter range", () => m.scatter(0, full(1, 1, 5L), m));
        ShowError("scatter src dtype", () => m.scatter(0, zeros(1, 1, dtype: ScalarType.Int64), m.to_type(ScalarType.Float64)));
        ShowError("scatter size", () => m.scatter(0, zeros(1, 5, dtype: ScalarType.Int64), m));
        ShowError("bincount 2d", () => bincount(zeros(2, 2, dtype: ScalarType.Int64)));
        ShowError("bincount neg", () => bincount(tensor(new long[] { -1 })));
        ShowError("bincount float", () => bincount(tensor(new float[] { 1 })));
        ShowError("bincount minlength", () => bincount(tensor(new long[] { 1 }), minlength: -1));
        ShowError("bincount weights", () => bincount(tensor(new long[] { 1 }), tensor(new float[] { 1, 2 })));
        ShowError("histc bins", () => histc(tensor(new float[] { 1 }), bins: 0));
        ShowError("histc range", () => histc(tensor(new float[] { 1 }), bins: 2, min: 3, max: 1));
        ShowError("histc long", () => histc(tensor(new long[] { 1 }), bins: 2));
    }
}

public static partial class Scripts
{
    /// <summary>repeat_interleave with a tensor of counts, and torch.repeat_interleave(repeats).</summary>
    public static void ManipulationRepeatInterleave()
    {
        var m = Quarters(12, 3, 4);
        Show("repeat_interleave [1,0,2] dim0", m.repeat_interleave(tensor(new long[] { 1, 0, 2 }), 0));
        Show("repeat_interleave [2] dim1", m.repeat_interleave(tensor(new long[] { 2 }), 1));
        Show("repeat_interleave repeats only (arange(3) by [2, 0, 3])", arange(3L).repeat_interleave(tensor(new long[] { 2, 0, 3 }), 0));
        ShowError("repeat_interleave size", () => m.repeat_interleave(tensor(new long[] { 1, 2 }), 0));
        ShowError("repeat_interleave 2d", () => m.repeat_interleave(zeros(2, 2, dtype: ScalarType.Int64), 0));
        ShowError("repeat_interleave negative", () => m.repeat_interleave(tensor(new long[] { 1, -1, 1 }), 0));
        ShowError("repeat_interleave float", () => m.repeat_interleave(tensor(new float[] { 1, 1, 1 }), 0));
    }
}
