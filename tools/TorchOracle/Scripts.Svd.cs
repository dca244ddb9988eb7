using TorchSharp;
using static TorchSharp.torch;

// libtorch's values for SvdTests: singular values (linalg.svdvals, linalg.svd's S and shapes), the
// spectral and nuclear norms with dims and keepdim, gradients of gauge-invariant losses and of the
// norms, and the error messages. U and V are not printed: their signs are LAPACK's choice.
public static partial class Scripts
{
    private static readonly double[] SvdSquare = [0.5, 2, -1, 3, 1, 0.2, -1, 0.4, 2.5];                // 3x3
    private static readonly double[] SvdTall = [1, 2, 3, -1, 0.5, 2, 0, 1, -2, 4, 1, 1];                 // 4x3 (3x4 read as wide)
    private static readonly double[] SvdBatch = [0.5, 2, -1, 3, 1, 0.2, -1, 0.4, 2.5, 2, -1, 0, -1, 2, -1, 0, -1, 2]; // 2x3x3
    private static readonly double[] SvdRankOne = [1, 2, 2, 4, 3, 6];                                   // 3x2, rank 1
    // 2x3x4: the norms over dims (0, 2), (2, 0) and (-1, -3).
    private static readonly double[] SvdCube = [1, 2, 3, -1, 0.5, 2, 0, 1, -2, 4, 1, 1, 0.5, 2, -1, 3, 1, 0.2, -1, 0.4, 2.5, 2, -1, 0];

    private static void PrintShape(string label, Tensor t) => Console.WriteLine($"{label} shape: [{string.Join(", ", t.shape)}]");

    public static void Svd()
    {
        foreach (var dt in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            Console.WriteLine($"--- {dt}");
            var inputs = new (string Name, Tensor A)[]
            {
                ("square", tensor(SvdSquare, [3, 3]).to_type(dt)),
                ("tall", tensor(SvdTall, [4, 3]).to_type(dt)),
                ("wide", tensor(SvdTall, [3, 4]).to_type(dt)),
                ("batch", tensor(SvdBatch, [2, 3, 3]).to_type(dt)),
                ("rank one", tensor(SvdRankOne, [3, 2]).to_type(dt)),
            };
            foreach (var (name, a) in inputs)
            {
                PrintMatrix($"svdvals {name}", linalg.svdvals(a));
                PrintMatrix($"norm nuc {name}", linalg.matrix_norm(a, "nuc"));
                PrintMatrix($"norm 2 {name}", linalg.matrix_norm(a, 2));
                PrintMatrix($"norm -2 {name}", linalg.matrix_norm(a, -2));
            }
            var cube = tensor(SvdCube, [2, 3, 4]).to_type(dt);
            PrintMatrix("norm nuc cube 0 2", linalg.matrix_norm(cube, "nuc", [0, 2]));
            PrintMatrix("norm 2 cube 2 0", linalg.matrix_norm(cube, 2, [2, 0]));
            PrintMatrix("norm -2 cube -1 -3 keepdim", linalg.matrix_norm(cube, -2, [-1, -3], keepdim: true));
            PrintShape("norm -2 cube -1 -3 keepdim", linalg.matrix_norm(cube, -2, [-1, -3], keepdim: true));
            PrintMatrix("linalg.norm nuc cube 1 2 keepdim", linalg.norm(cube, "nuc", [1, 2], keepdim: true));
            PrintShape("linalg.norm nuc cube 1 2 keepdim", linalg.norm(cube, "nuc", [1, 2], keepdim: true));
            PrintMatrix("linalg.norm 2 square", linalg.norm(tensor(SvdSquare, [3, 3]).to_type(dt), 2));
            PrintMatrix("linalg.norm -2 cube 0 1", linalg.norm(cube, -2, [0, 1]));
        }

        Console.WriteLine("--- shapes");
        foreach (var (m, n) in new[] { (4, 3), (3, 4), (3, 3) })
            foreach (var full in new[] { true, false })
            {
                var (u, s, vh) = linalg.svd(zeros(2, m, n, dtype: ScalarType.Float64), full);
                Console.WriteLine($"svd {m}x{n} full={full}: U [{string.Join(", ", u.shape)}] S [{string.Join(", ", s.shape)}] Vh [{string.Join(", ", vh.shape)}]");
            }
        {
            var (u, s, vh) = linalg.svd(zeros(0, 3, dtype: ScalarType.Float64), true);
            Console.WriteLine($"svd 0x3 full: U [{string.Join(", ", u.shape)}] S [{string.Join(", ", s.shape)}] Vh [{string.Join(", ", vh.shape)}]");
            PrintMatrix("svd 0x3 full Vh", vh);
            (u, s, vh) = linalg.svd(zeros(0, 3, dtype: ScalarType.Float64), false);
            Console.WriteLine($"svd 0x3 reduced: U [{string.Join(", ", u.shape)}] S [{string.Join(", ", s.shape)}] Vh [{string.Join(", ", vh.shape)}]");
            PrintMatrix("svdvals zeros 2x3", linalg.svdvals(zeros(2, 3, dtype: ScalarType.Float64)));
        }

        Console.WriteLine("--- gradients (float64)");
        {
            var w33 = tensor(new double[] { 1, 2, -1, 0.5, 3, -2, 1, 1, 0.25 }, [3, 3]);
            var w44 = tensor(new double[] { 1, -1, 2, 0.5, 0.3, 1, -2, 1, 1, 0.7, -0.4, 2, 0.1, 0.2, -0.3, 1.5 }, [4, 4]);
            foreach (var (name, data, shape) in new (string, double[], long[])[] { ("square", SvdSquare, [3, 3]), ("tall", SvdTall, [4, 3]), ("wide", SvdTall, [3, 4]) })
            {
                var a = tensor(data, shape, requires_grad: true);
                (linalg.svdvals(a) * tensor(new double[] { 1, -2, 0.5 })).sum().backward();
                PrintMatrix($"grad svdvals weighted {name}", a.grad!);
                // U·Uᵀ (the projector onto the column space) and Vᵀ·diag(S)·V = (AᵀA)^½: gauge-invariant.
                a = tensor(data, shape, requires_grad: true);
                var (u, s, vh) = linalg.svd(a, false);
                var wu = shape[0] == 3 ? w33 : w44;
                var wv = shape[1] == 3 ? w33 : w44;
                ((u.matmul(u.mT) * wu).sum() + (vh.mT.matmul(s.unsqueeze(-1) * vh) * wv).sum()).backward();
                PrintMatrix($"grad projector and sqrt {name}", a.grad!);
                a = tensor(data, shape, requires_grad: true);
                (linalg.matrix_norm(a, "nuc") * 1.5).backward(); PrintMatrix($"grad nuc {name}", a.grad!);
                a = tensor(data, shape, requires_grad: true);
                linalg.matrix_norm(a, 2).backward(); PrintMatrix($"grad 2 {name}", a.grad!);
                a = tensor(data, shape, requires_grad: true);
                linalg.matrix_norm(a, -2).backward(); PrintMatrix($"grad -2 {name}", a.grad!);
            }
            var cube = tensor(SvdCube, [2, 3, 4], requires_grad: true);
            (linalg.matrix_norm(cube, "nuc", [0, 2]) * tensor(new double[] { 1, -1, 2 })).sum().backward();
            PrintMatrix("grad nuc cube 0 2", cube.grad!);
            // A full-matrices SVD of a tall matrix: the extra columns of U carry no gradient.
            var t = tensor(SvdTall, [4, 3], requires_grad: true);
            var (uf, sf, vhf) = linalg.svd(t, true);
            ((uf.narrow(1, 0, 3) * sf).matmul(vhf) * w44.narrow(1, 0, 3)).sum().backward();
            PrintMatrix("grad full tall reconstruction", t.grad!);
            t = tensor(SvdTall, [4, 3], requires_grad: true);
            (uf, sf, vhf) = linalg.svd(t, true);
            PrintError("full tall U sum backward", () => uf.sum().backward());
            PrintMatrix("grad full tall U sum", t.grad ?? zeros(1));
            var eye2 = eye(2, dtype: ScalarType.Float64).requires_grad_(true);
            var (ue, _, _) = linalg.svd(eye2, false);
            PrintError("repeated values U backward", () => (ue * tensor(new double[] { 1, 2, 3, 4 }, [2, 2])).sum().backward());
            PrintMatrix("grad repeated U", eye2.grad ?? zeros(1));
            var eye3 = eye(2, dtype: ScalarType.Float64).requires_grad_(true);
            linalg.svdvals(eye3).sum().backward();
            PrintMatrix("grad repeated svdvals", eye3.grad!);
        }

        Console.WriteLine("--- errors");
        PrintError("svd 1d", () => linalg.svd(tensor(new double[] { 1, 2 }), true));
        PrintError("svdvals 1d", () => linalg.svdvals(tensor(new double[] { 1, 2 })));
        PrintError("svd int", () => linalg.svd(tensor(new long[] { 1, 2, 3, 4 }, [2, 2]), true));
        PrintError("svdvals int", () => linalg.svdvals(tensor(new long[] { 1, 2, 3, 4 }, [2, 2])));
        PrintError("matrix_norm 3", () => linalg.matrix_norm(tensor(SvdSquare, [3, 3]), 3));
        PrintError("matrix_norm abc", () => linalg.matrix_norm(tensor(SvdSquare, [3, 3]), "abc"));
        PrintError("matrix_norm nuc 1d", () => linalg.matrix_norm(tensor(new double[] { 1, 2 }), "nuc"));
        PrintError("matrix_norm 2 1d", () => linalg.matrix_norm(tensor(new double[] { 1, 2 }), 2));
        PrintError("matrix_norm nuc int", () => linalg.matrix_norm(tensor(new long[] { 1, 2, 3, 4 }, [2, 2]), "nuc"));
        PrintError("norm nuc 3d", () => linalg.norm(tensor(SvdCube, [2, 3, 4]), "nuc"));
        PrintError("norm 2 3d", () => linalg.norm(tensor(SvdCube, [2, 3, 4]), 2));
        PrintError("norm nuc dims 3", () => linalg.norm(tensor(SvdCube, [2, 3, 4]), "nuc", [0, 1, 2]));
        PrintError("matrix_norm nuc same dims", () => linalg.matrix_norm(tensor(SvdCube, [2, 3, 4]), "nuc", [1, 1]));
        PrintError("svd nan", () => linalg.svd(tensor(new double[] { 1, double.NaN, 3, 4 }, [2, 2]), true));
        PrintError("svdvals inf", () => PrintMatrix("svdvals inf", linalg.svdvals(tensor(new double[] { 1, double.PositiveInfinity, 3, 4 }, [2, 2]))));
        PrintError("svdvals nan", () => PrintMatrix("svdvals nan", linalg.svdvals(tensor(new double[] { 1, double.NaN, 3, 4 }, [2, 2]))));
        PrintError("svd inf", () => linalg.svd(tensor(new double[] { 1, double.PositiveInfinity, 3, 4 }, [2, 2]), false));
        PrintError("svdvals nan requires grad", () => linalg.svdvals(tensor(new double[] { 1, double.NaN, 3, 4 }, [2, 2], requires_grad: true)));
        PrintError("norm nuc one dim", () => linalg.norm(tensor(SvdCube, [2, 3, 4]), "nuc", [1]));
    }
}
