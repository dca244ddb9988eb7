using TorchSharp;
using static TorchSharp.torch;

public static partial class Scripts
{
    /// <summary>Exactly representable test input: ((i·7) mod 19 − 9) / 4 for i = 0…n−1 (LayersTests).</summary>
    static Tensor LayerInput(params long[] shape)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        return ((arange(n, ScalarType.Int64) * 7 % 19 - 9).to_type(ScalarType.Float32) / 4).view(shape);
    }

    static void Err(string label, Action a)
    {
        try { a(); Console.WriteLine(label + ": no error"); }
        catch (Exception e) { Console.WriteLine(label + ": " + e.Message.Split('\n')[0]); }
    }

    /// <summary>Pooling values, indices and shapes (LayersPoolingTests).</summary>
    public static void LayersPooling()
    {
        var x = LayerInput(2, 3, 5, 7);
        var (o1, i1) = nn.functional.max_pool2d_with_indices(x, new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 0, 0 }, new long[] { 1, 1 }, false);
        P("max_pool2d k2 shape", tensor(o1.shape)); P("max_pool2d k2", o1); P("max_pool2d k2 indices", i1);
        var (o2, i2) = nn.functional.max_pool2d_with_indices(x, new long[] { 3, 2 }, new long[] { 2, 3 }, new long[] { 1, 1 }, new long[] { 1, 1 }, true);
        P("max_pool2d k(3,2) s(2,3) p1 ceil shape", tensor(o2.shape)); P("max_pool2d k(3,2) s(2,3) p1 ceil", o2); P("indices", i2);
        var (o3, i3) = nn.functional.max_pool2d_with_indices(x, new long[] { 2, 3 }, new long[] { 1, 2 }, new long[] { 1, 0 }, new long[] { 2, 2 }, false);
        P("max_pool2d k(2,3) s(1,2) p(1,0) d2 shape", tensor(o3.shape)); P("max_pool2d k(2,3) s(1,2) p(1,0) d2", o3); P("indices", i3);
        var x1 = LayerInput(2, 3, 9);
        var (o4, i4) = nn.functional.max_pool2d_with_indices(x1.unsqueeze(2), new long[] { 1, 3 }, new long[] { 1, 2 }, new long[] { 0, 1 }, new long[] { 1, 1 }, true);
        P("max_pool1d k3 s2 p1 ceil shape", tensor(o4.squeeze(2).shape)); P("max_pool1d k3 s2 p1 ceil", o4); P("indices", i4);
        foreach (var ceil in new[] { false, true })
            foreach (var cip in new[] { false, true })
            {
                var a = nn.functional.avg_pool2d(x, new long[] { 3, 2 }, new long[] { 2, 3 }, new long[] { 1, 1 }, ceil_mode: ceil, count_include_pad: cip);
                P($"avg_pool2d k(3,2) s(2,3) p1 ceil={ceil} cip={cip} shape", tensor(a.shape)); P("values", a);
            }
        var d = nn.functional.avg_pool2d(x, new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 1, 1 }, ceil_mode: false, count_include_pad: true, divisor_override: 3);
        P("avg_pool2d k2 p1 divisor_override=3", d);
        P("adaptive_avg_pool2d (3,2)", nn.functional.adaptive_avg_pool2d(x, new long[] { 3, 2 }));
        P("adaptive_avg_pool2d (4,5)", nn.functional.adaptive_avg_pool2d(x, new long[] { 4, 5 }));
        foreach (var (n, k, s, p) in new[] { (5L, 2L, 2L, 0L), (6L, 3L, 2L, 1L), (4L, 2L, 3L, 1L), (7L, 2L, 2L, 0L) })
            Console.WriteLine($"ceil shapes in {n} k {k} s {s} p {p}: max " + F(tensor(nn.functional.max_pool2d(LayerInput(1, 1, n, n), new long[] { k, k }, new long[] { s, s }, new long[] { p, p }, ceil_mode: true).shape))
                + " avg " + F(tensor(nn.functional.avg_pool2d(LayerInput(1, 1, n, n), new long[] { k, k }, new long[] { s, s }, new long[] { p, p }, ceil_mode: true).shape)));
        Err("max_pool2d pad 2 k 2", () => nn.functional.max_pool2d_with_indices(x, new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 1, 1 }, false));
        Err("max_pool2d too small", () => nn.functional.max_pool2d_with_indices(LayerInput(1, 2, 2), new long[] { 3, 3 }, new long[] { 3, 3 }, new long[] { 0, 0 }, new long[] { 1, 1 }, false));
        Err("max_pool2d 2D input", () => nn.functional.max_pool2d_with_indices(LayerInput(4, 4), new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 0, 0 }, new long[] { 1, 1 }, false));
        Err("avg_pool2d pad 2 k 2", () => nn.functional.avg_pool2d(x, new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 2, 2 }));
    }

    /// <summary>Normalization layers: outputs and running statistics (LayersNormTests).</summary>
    public static void LayersNorm()
    {
        var x = LayerInput(4, 3, 2, 5);
        var bn = nn.BatchNorm2d(3);
        using (no_grad()) { bn.weight!.copy_(tensor(new float[] { 1.5f, -0.5f, 2f })); bn.bias!.copy_(tensor(new float[] { 0.25f, 0f, -1f })); }
        P("BatchNorm2d train out", bn.forward(x));
        P("running_mean after 1", bn.running_mean!); P("running_var after 1", bn.running_var!); P("num_batches_tracked", bn.num_batches_tracked!);
        bn.forward(x * 2 + 1);
        P("running_mean after 2", bn.running_mean!); P("running_var after 2", bn.running_var!);
        bn.eval();
        P("BatchNorm2d eval out", bn.forward(x));
        var x2 = LayerInput(5, 4);
        var bn1 = nn.BatchNorm1d(4, momentum: 0.3);
        P("BatchNorm1d(4, momentum 0.3) train out", bn1.forward(x2));
        P("bn1 running_mean", bn1.running_mean!); P("bn1 running_var", bn1.running_var!);
        var x3 = LayerInput(2, 3, 4);
        var w = tensor(new float[] { 1f, 2f, -1f, 0.5f }); var b = tensor(new float[] { 0f, 0.5f, 1f, -2f });
        P("layer_norm [4] w b", nn.functional.layer_norm(x3, new long[] { 4 }, w, b, 1e-5));
        P("layer_norm [3,4] no affine eps 0.1", nn.functional.layer_norm(x3, new long[] { 3, 4 }, null, null, 0.1));
        var x4 = LayerInput(2, 6, 3);
        var gw = tensor(new float[] { 1f, 2f, -1f, 0.5f, 1f, 3f }); var gb = tensor(new float[] { 0f, 0.5f, 1f, -2f, 0f, 1f });
        P("group_norm 3 groups w b", nn.functional.group_norm(x4, 3, gw, gb, 1e-5));
        Err("batch_norm one value per channel", () => nn.BatchNorm1d(3).forward(LayerInput(1, 3)));
        Err("layer_norm bad shape", () => nn.functional.layer_norm(LayerInput(2, 3), new long[] { 4 }));
        Err("group_norm not divisible", () => nn.functional.group_norm(LayerInput(2, 6, 4), 4));
        Err("BatchNorm2d 3D", () => nn.BatchNorm2d(3).forward(LayerInput(3, 2, 2)));
        Err("BatchNorm1d 4D", () => nn.BatchNorm1d(3).forward(LayerInput(2, 3, 2, 2)));
    }

    /// <summary>Dropout masks, embeddings and padding (LayersMiscTests).</summary>
    public static void LayersMisc()
    {
        manual_seed(0); P("dropout(ones(2,8), 0.3) seed0", nn.functional.dropout(ones(2, 8), 0.3, true));
        manual_seed(0); P("dropout(ones(2,8), 0.3) float64 seed0", nn.functional.dropout(ones(2, 8, ScalarType.Float64), 0.3, true));
        manual_seed(0); P("dropout2d(ones(2,3,2,2), 0.5) seed0", nn.functional.dropout2d(ones(2, 3, 2, 2), 0.5, true));
        Err("dropout p 1.5", () => nn.functional.dropout(ones(2), 1.5, true));
        manual_seed(0); P("Embedding(5,3,padding_idx 1) seed0 weight", nn.Embedding(5, 3, padding_idx: 1).weight!);
        manual_seed(0); P("Embedding(4,2) seed0 weight", nn.Embedding(4, 2).weight!);
        var x = LayerInput(1, 2, 3, 4);
        P("pad (1,2,2,1) constant 0.5", nn.functional.pad(x, new long[] { 1, 2, 2, 1 }, PaddingModes.Constant, 0.5));
        P("pad (1,-1,0,1) constant", nn.functional.pad(x, new long[] { 1, -1, 0, 1 }, PaddingModes.Constant, 0));
        P("pad (3,1,2,1) reflect", nn.functional.pad(x, new long[] { 3, 1, 2, 1 }, PaddingModes.Reflect));
        P("pad (3,1,2,1) replicate", nn.functional.pad(x, new long[] { 3, 1, 2, 1 }, PaddingModes.Replicate));
        P("pad (2,1) reflect 3D", nn.functional.pad(LayerInput(2, 2, 4), new long[] { 2, 1 }, PaddingModes.Reflect));
        Err("pad reflect too large", () => nn.functional.pad(x, new long[] { 4, 0 }, PaddingModes.Reflect));
    }
}
