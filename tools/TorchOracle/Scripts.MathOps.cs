using TorchSharp;
using static TorchSharp.torch;

// libtorch's values for the elementwise math, sorting/selection and cumulative ops (MathOps2Tests).
public static partial class Scripts
{
    private static void PrintD(string label, Tensor? t)
        => Console.WriteLine($"{label}: [{string.Join(", ", t!.to_type(ScalarType.Float64).contiguous().data<double>().ToArray().Select(v => v.ToString("R")))}] shape [{string.Join(", ", t.shape)}] {t.dtype}");

    private static void PrintL(string label, Tensor? t)
        => Console.WriteLine($"{label}: [{string.Join(", ", t!.to_type(ScalarType.Int64).contiguous().data<long>().ToArray())}] shape [{string.Join(", ", t.shape)}] {t.dtype}");

    /// <summary>atan2, asinh/acosh/atanh, fmod, remainder, lerp, isinf/isfinite, nan_to_num.</summary>
    public static void ElementwiseMathValues()
    {
        var y = tensor(new float[] { 1f, -1f, 0f, 2f, -0.5f, 0f, 3f });
        var x = tensor(new float[] { 1f, 1f, -1f, -3f, 0f, 2f, 0.25f });
        PrintD("atan2", y.atan2(x));
        PrintD("asinh", tensor(new float[] { -1.5f, -0.3f, 0f, 0.4f, 2.2f }).asinh());
        PrintD("acosh", tensor(new float[] { 1f, 1.5f, 2f, 10f, 100f }).acosh());
        PrintD("atanh", tensor(new float[] { -0.9f, -0.3f, 0f, 0.4f, 0.8f }).atanh());
        var a = tensor(new float[] { -3.5f, -1f, 0f, 2.5f, 7f, -7f, 5.25f });
        var b = tensor(new float[] { 2f, -3f, 1.5f, -1f, 2.5f, 2.5f, -2f });
        PrintD("fmod", a.fmod(b));
        PrintD("fmod scalar", a.fmod(2.0));
        PrintD("remainder", a.remainder(b));
        PrintD("remainder scalar", a.remainder(-2.0));
        var ia = tensor(new long[] { -7, -1, 0, 5, 7, -6 });
        var ib = tensor(new long[] { 3, -3, 2, -2, -4, 4 });
        PrintL("fmod int", ia.fmod(ib));
        PrintL("remainder int", ia.remainder(ib));
        PrintL("remainder int scalar", ia.remainder(3));
        var s = tensor(new float[] { -1f, 0f, 2f, 5f });
        var e = tensor(new float[] { 3f, 1f, -2f, 5.5f });
        PrintD("lerp scalar", s.lerp(e, 0.3));
        PrintD("lerp tensor", s.lerp(e, tensor(new float[] { 0f, 0.25f, 0.75f, 1.5f })));
        PrintD("lerp 0.7", s.lerp(e, 0.7));
        var special = tensor(new float[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.5f, -0f });
        PrintL("isinf", special.isinf());
        PrintL("isfinite", special.isfinite());
        PrintL("isposinf", special.isposinf());
        PrintL("isneginf", special.isneginf());
        PrintD("nan_to_num", special.nan_to_num());
        PrintD("nan_to_num f64", special.to_type(ScalarType.Float64).nan_to_num());
        PrintD("nan_to_num 0.5 10 -10", special.nan_to_num(0.5, 10, -10));
        // Gradients (float64) of the binary ops with respect to both operands.
        var gy = tensor(new double[] { 1, -1, 0.5 }, requires_grad: true);
        var gx = tensor(new double[] { 2, -3, 0.25 }, requires_grad: true);
        gy.atan2(gx).sum().backward();
        PrintD("atan2 grad y", gy.grad);
        PrintD("atan2 grad x", gx.grad);
        var fa = tensor(new double[] { -3.5, 2.5, 7 }, requires_grad: true);
        var fb = tensor(new double[] { 2, -1, 2.5 }, requires_grad: true);
        fa.remainder(fb).sum().backward();
        PrintD("remainder grad a", fa.grad);
        PrintD("remainder grad b", fb.grad);
        fa.grad!.zero_(); fb.grad!.zero_();
        fa.fmod(fb).sum().backward();
        PrintD("fmod grad a", fa.grad);
        PrintD("fmod grad b", fb.grad);
    }

    /// <summary>sort, argsort, topk, kthvalue, median, mode, unique.</summary>
    public static void SortingValues()
    {
        var x = tensor(new float[,] { { 3f, 1f, float.NaN, 2f, 1f }, { -1f, 5f, 0f, 5f, 2f } });
        var (v, i) = x.sort(-1, false, true);
        PrintD("sort values", v); PrintL("sort indices", i);
        (v, i) = x.sort(-1, true, true);
        PrintD("sort desc values", v); PrintL("sort desc indices", i);
        (v, i) = x.sort(0, false, true);
        PrintD("sort dim0 values", v); PrintL("sort dim0 indices", i);
        PrintL("argsort", x.argsort(-1, false));
        PrintL("argsort desc", x.argsort(-1, true));
        var d = tensor(new float[,] { { 0.5f, -2f, 4f, 1f, 3f }, { 9f, 7f, -1f, 0f, 2f } });
        (v, i) = d.topk(2);
        PrintD("topk values", v); PrintL("topk indices", i);
        (v, i) = d.topk(3, 1, false, true);
        PrintD("topk smallest values", v); PrintL("topk smallest indices", i);
        (v, i) = d.topk(1, 0);
        PrintD("topk dim0 values", v); PrintL("topk dim0 indices", i);
        (v, i) = d.kthvalue(2, 1);
        PrintD("kthvalue values", v); PrintL("kthvalue indices", i);
        (v, i) = d.kthvalue(2, 0, true);
        PrintD("kthvalue dim0 keepdim values", v); PrintL("kthvalue dim0 keepdim indices", i);
        PrintD("median all", d.median());
        PrintD("median all odd", tensor(new float[] { 4f, 1f, 3f }).median());
        var (mv, mi) = d.kthvalue(3, 1);
        PrintD("median dim (kthvalue 3) values", mv); PrintL("median dim (kthvalue 3) indices", mi);
        PrintD("median nan", x.median());
                var m = tensor(new long[,] { { 1, 2, 2, 3, 3 }, { 5, 4, 4, 5, 1 }, { 7, 7, 7, 0, 0 } });
        var (modeV, modeI) = m.mode(1);
        PrintL("mode values", modeV); PrintL("mode indices", modeI);
        var mf = tensor(new float[] { 2f, 1f, 2f, 1f, 3f, 1f });
        (modeV, modeI) = mf.mode();
        PrintD("mode float values", modeV); PrintL("mode float indices", modeI);
        var u = tensor(new long[] { 3, 1, 2, 3, 1, 5, 3 });
        var (uo, ui, uc) = torch.unique(u, true, true, true);
        PrintL("unique", uo); PrintL("unique inverse", ui); PrintL("unique counts", uc);
        var uf = tensor(new float[,] { { 2f, float.NaN, 1f }, { 1f, 2f, float.NaN } });
        (uo, ui, uc) = torch.unique(uf, true, true, true);
        PrintD("unique float", uo); PrintL("unique float inverse", ui); PrintL("unique float counts", uc);
    }

    /// <summary>cumprod (values and gradients with zeros), cummax, cummin, dist.</summary>
    public static void CumulativeValues()
    {
        var x = tensor(new double[] { 2, 0, 3, 0, 4 }, requires_grad: true);
        var y = x.cumprod(0);
        PrintD("cumprod zeros", y);
        var g = tensor(new double[] { 1, -2, 0.5, 3, 1.5 });
        var grad = torch.autograd.grad(new[] { y }, new[] { x }, new[] { g }, create_graph: true)[0];
        PrintD("cumprod zeros grad", grad);
        var gg = torch.autograd.grad(new[] { grad.sum() }, new[] { x })[0];
        PrintD("cumprod zeros grad grad", gg);
        var x1 = tensor(new double[] { 2, 0, 3, 5, 4 }, requires_grad: true);
        var y1 = x1.cumprod(0);
        var grad1 = torch.autograd.grad(new[] { y1 }, new[] { x1 }, new[] { g }, create_graph: true)[0];
        PrintD("cumprod one zero grad", grad1);
        PrintD("cumprod one zero grad grad", torch.autograd.grad(new[] { grad1.sum() }, new[] { x1 })[0]);
        var c = tensor(new float[,] { { 1f, 3f, 2f, 3f, 5f }, { 4f, -1f, 4f, float.NaN, 6f } });
        PrintD("cumprod dim1", c.cumprod(1));
        var (v, i) = c.cummax(1);
        PrintD("cummax values", v); PrintL("cummax indices", i);
        (v, i) = c.cummin(1);
        PrintD("cummin values", v); PrintL("cummin indices", i);
        (v, i) = c.cummax(0);
        PrintD("cummax dim0 values", v); PrintL("cummax dim0 indices", i);
        var a = tensor(new float[] { 1f, -2f, 3f, 0.5f });
        var b = tensor(new float[] { 0f, 1f, 1f, 0.5f });
        PrintD("dist 2", a.dist(b));
        PrintD("dist 1", a.dist(b, 1f));
        PrintD("dist 3", a.dist(b, 3f));
        PrintD("dist inf", a.dist(b, float.PositiveInfinity));
        PrintD("dist 0", a.dist(b, 0f));
    }
}
