using TorchSharp;
using static TorchSharp.torch;

// libtorch's values for torch.linalg (LinalgTests): inv, det, solve, solve_triangular, cholesky,
// qr and norm, in float32 and float64, with a batched case and the error messages.
public static partial class Scripts
{
    private static void PrintMatrix(string label, Tensor t)
        => Console.WriteLine($"{label} {string.Join("x", t.shape)}: [{string.Join(", ", t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray().Select(v => v.ToString("R")))}]");

    private static void PrintError(string label, Action action)
    {
        try { action(); Console.WriteLine($"{label}: no error"); }
        catch (Exception e) { Console.WriteLine($"{label}: {e.Message.Split('\n')[0]}"); }
    }

    // A 3x3 matrix whose LU pivots rows, and a batch of two.
    private static readonly double[] Pivoting = [0.5, 2, -1, 3, 1, 0.2, -1, 0.4, 2.5];
    private static readonly double[] Batch = [0.5, 2, -1, 3, 1, 0.2, -1, 0.4, 2.5, 2, -1, 0, -1, 2, -1, 0, -1, 2];
    private static readonly double[] Spd = [4, 1, 2, 1, 5, 3, 2, 3, 6];
    private static readonly double[] SpdBatch = [4, 1, 2, 1, 5, 3, 2, 3, 6, 2, -1, 0, -1, 2, -1, 0, -1, 2];
    private static readonly double[] Tall = [1, 2, 3, -1, 0.5, 2, 0, 1, -2, 4, 1, 1];          // 4x3
    private static readonly double[] Wide = [1, 2, 3, -1, 0.5, 2, 0, 1, -2, 4, 1, 1];          // 3x4

    public static void Linalg()
    {
        foreach (var dt in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            Console.WriteLine($"--- {dt}");
            var a = tensor(Pivoting, [3, 3]).to_type(dt);
            var b = tensor(Batch, [2, 3, 3]).to_type(dt);
            PrintMatrix("inv", linalg.inv(a));
            PrintMatrix("inv batch", linalg.inv(b));
            PrintMatrix("det", linalg.det(a));
            PrintMatrix("det batch", linalg.det(b));
            PrintMatrix("det singular", linalg.det(tensor(new double[] { 1, 2, 3, 2, 4, 6, 1, 0, 1 }, [3, 3]).to_type(dt)));
            var rhs = tensor(new double[] { 1, -2, 0.5, 3, 2, -1 }, [3, 2]).to_type(dt);
            PrintMatrix("solve matrix", linalg.solve(a, rhs));
            PrintMatrix("solve batch broadcast", linalg.solve(b, rhs));
            PrintMatrix("solve vector", linalg.solve(a, tensor(new double[] { 1, -2, 0.5 }).to_type(dt)));
            PrintMatrix("solve batch vector", linalg.solve(b, tensor(new double[] { 1, -2, 0.5, 3, 2, -1 }, [2, 3]).to_type(dt)));
            PrintMatrix("solve right", linalg.solve(a, rhs.mT, left: false));
            PrintMatrix("solve right batch", linalg.solve(b, tensor(new double[] { 1, -2, 0.5, 3, 2, -1, 0.5, 1, 2, -1, 1, 1 }, [2, 2, 3]).to_type(dt), left: false));
            PrintMatrix("solve_triangular upper", linalg.solve_triangular(a, rhs, upper: true));
            PrintMatrix("solve_triangular lower right", linalg.solve_triangular(a, rhs.mT, upper: false, left: false));
            PrintMatrix("solve_triangular lower unit", linalg.solve_triangular(a, rhs, upper: false, unitriangular: true));
            PrintMatrix("cholesky", linalg.cholesky(tensor(Spd, [3, 3]).to_type(dt)));
            PrintMatrix("cholesky batch", linalg.cholesky(tensor(SpdBatch, [2, 3, 3]).to_type(dt)));
            var tall = tensor(Tall, [4, 3]).to_type(dt);
            var wide = tensor(Wide, [3, 4]).to_type(dt);
            foreach (var (name, m) in new[] { ("tall", tall), ("wide", wide), ("square", a), ("batch", b) })
            {
                var (q, r) = linalg.qr(m);
                PrintMatrix($"qr {name} reduced Q", q); PrintMatrix($"qr {name} reduced R", r);
                (q, r) = linalg.qr(m, linalg.QRMode.Complete);
                PrintMatrix($"qr {name} complete Q", q); PrintMatrix($"qr {name} complete R", r);
                (_, r) = linalg.qr(m, linalg.QRMode.R);
                PrintMatrix($"qr {name} r R", r);
            }
            PrintMatrix("norm vector", linalg.norm(tensor(new double[] { 3, -4, 1, 0.5 }).to_type(dt)));
            PrintMatrix("norm matrix default", linalg.norm(a));
            PrintMatrix("norm fro", linalg.norm(a, "fro"));
            PrintMatrix("norm nuc", linalg.norm(a, "nuc"));
            PrintMatrix("norm inf", linalg.norm(a, double.PositiveInfinity));
            PrintMatrix("norm -inf", linalg.norm(a, double.NegativeInfinity));
            PrintMatrix("norm 1", linalg.norm(a, 1));
            PrintMatrix("norm -1", linalg.norm(a, -1));
            PrintMatrix("norm 2", linalg.norm(a, 2));
            PrintMatrix("norm batch fro dims", linalg.norm(b, "fro", new long[] { 1, 2 }));
            PrintMatrix("norm batch inf keepdim", linalg.norm(b, double.PositiveInfinity, new long[] { -2, -1 }, keepdim: true));
            PrintMatrix("norm batch 1 dims 2 1", linalg.norm(b, 1, new long[] { 2, 1 }));
            PrintMatrix("norm vector 3 dim 1", linalg.norm(b, 3, new long[] { 1 }));
            PrintMatrix("norm vector dim -1 keepdim", linalg.norm(b, 2, new long[] { -1 }, keepdim: true));
            PrintMatrix("norm vector inf", linalg.norm(tensor(new double[] { 3, -4, 1, 0.5 }).to_type(dt), double.PositiveInfinity));
            PrintMatrix("norm vector 0", linalg.norm(tensor(new double[] { 3, 0, 1, 0.5 }).to_type(dt), 0));
        }

        Console.WriteLine("--- gradients (float64)");
        {
            var a = tensor(Pivoting, [3, 3], requires_grad: true);
            var w = tensor(new double[] { 1, 2, -1, 0.5, 3, -2, 1, 1, 0.25 }, [3, 3]);
            (linalg.inv(a) * w).sum().backward(); PrintMatrix("grad inv", a.grad!);
            a.grad!.zero_(); (linalg.det(a) * 1.5).backward(); PrintMatrix("grad det", a.grad!);
            var s = tensor(Spd, [3, 3], requires_grad: true);
            (linalg.cholesky(s) * w).sum().backward(); PrintMatrix("grad cholesky", s.grad!);
            var t = tensor(Tall, [4, 3], requires_grad: true);
            var w43 = tensor(new double[] { 1, -1, 2, 0.5, 0.3, 1, -2, 1, 1, 0.7, -0.4, 2 }, [4, 3]);
            var (q, r) = linalg.qr(t);
            ((q * w43).sum() + (r * w).sum()).backward(); PrintMatrix("grad qr tall", t.grad!);
            var x = tensor(Wide, [3, 4], requires_grad: true);
            var (q2, r2) = linalg.qr(x);
            ((q2 * w).sum() + (r2 * w43.mT).sum()).backward(); PrintMatrix("grad qr wide", x.grad!);
        }

        Console.WriteLine("--- errors");
        var sing = tensor(new double[] { 1, 2, 2, 4 }, [2, 2]);
        PrintError("inv singular", () => linalg.inv(sing));
        PrintError("inv singular batch", () => linalg.inv(tensor(new double[] { 1, 0, 0, 1, 1, 2, 2, 4 }, [2, 2, 2])));
        PrintError("inv nonsquare", () => linalg.inv(tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3])));
        PrintError("inv 1d", () => linalg.inv(tensor(new double[] { 1, 2 })));
        PrintError("inv int", () => linalg.inv(tensor(new long[] { 1, 2, 3, 4 }, [2, 2])));
        PrintError("solve singular", () => linalg.solve(sing, tensor(new double[] { 1, 2 })));
        PrintError("solve nonsquare", () => linalg.solve(tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]), tensor(new double[] { 1, 2 })));
        PrintError("solve mismatch", () => linalg.solve(tensor(Pivoting, [3, 3]), tensor(new double[] { 1, 2 })));
        PrintError("solve dtype", () => linalg.solve(tensor(Pivoting, [3, 3]), tensor(new float[] { 1, 2, 3 })));
        PrintError("solve right vector", () => linalg.solve(tensor(Pivoting, [3, 3]), tensor(new double[] { 1, 2, 3 }), left: false));
        PrintError("solve right batch vector", () => linalg.solve(tensor(Batch, [2, 3, 3]), tensor(new double[] { 1, -2, 0.5, 3, 2, -1 }, [2, 3]), left: false));
        PrintError("solve right mismatch", () => linalg.solve(tensor(Pivoting, [3, 3]), tensor(new double[] { 1, -2, 0.5, 3, 2, -1 }, [3, 2]), left: false));
        PrintError("det nonsquare", () => linalg.det(tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3])));
        PrintError("cholesky not pd", () => linalg.cholesky(tensor(new double[] { 1, 2, 2, 1 }, [2, 2])));
        PrintError("cholesky not pd batch", () => linalg.cholesky(tensor(new double[] { 1, 0, 0, 1, 1, 2, 2, 1 }, [2, 2, 2])));
        PrintError("cholesky nonsquare", () => linalg.cholesky(tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3])));
        PrintError("qr 1d", () => linalg.qr(tensor(new double[] { 1, 2 })));
        PrintError("qr mode", () => { var (q, r) = linalg.qr(tensor(Tall, [4, 3], requires_grad: true), linalg.QRMode.R); r.sum().backward(); });
        PrintError("qr complete tall", () => { var (q, r) = linalg.qr(tensor(Tall, [4, 3], requires_grad: true), linalg.QRMode.Complete); q.sum().backward(); });
        PrintError("solve_triangular singular", () => linalg.solve_triangular(tensor(new double[] { 1, 0, 2, 0 }, [2, 2]), tensor(new double[] { 1, 2 }, [2, 1]), upper: false));
        PrintError("solve_triangular 1d B", () => linalg.solve_triangular(tensor(new double[] { 1, 0, 2, 1 }, [2, 2]), tensor(new double[] { 1, 2 }), upper: false));
        PrintError("norm nuc vector", () => linalg.norm(tensor(new double[] { 1, 2 }), "nuc"));
        PrintError("norm fro 3d", () => linalg.norm(tensor(Batch, [2, 3, 3]), "fro"));
        PrintError("norm inf 3d", () => linalg.norm(tensor(Batch, [2, 3, 3]), double.PositiveInfinity));
    }
}
