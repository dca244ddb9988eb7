using System.Numerics;

namespace SharpGrad.Ops;

/// <summary>
/// unique with a dim (PyTorch's <c>_unique_dim_cpu_template</c>): the distinct slices along the dim,
/// sorted lexicographically (each slice read in row-major order of the other dims), each original
/// slice's place among them and each one's count. Not differentiable, as in PyTorch.
/// </summary>
internal static class UniqueDim
{
    public static (Tensor output, Tensor? inverse_indices, Tensor? counts) Unique(Tensor a, long dim, bool returnInverse, bool returnCounts)
    {
        if (a.dim() == 0)
            throw new IndexOutOfRangeException($"Dimension specified as {dim} but tensor has no dimensions");
        int d = Tensor.NormalizeDim(dim, a.dim());
        var sizes = a.shape;
        int zeroSizedDims = sizes.Count(s => s == 0);
        if (sizes[d] == 0)
        {
            // PyTorch's message, trailing space included.
            if (zeroSizedDims != 1)
                throw new ArgumentException("Number of zero sized dimensions is more than one, so unique cannot be applied ");
            return (torch.empty(sizes, a.dtype), returnInverse ? torch.empty([0], ScalarType.Int64) : null,
                returnCounts ? torch.empty([0], ScalarType.Int64) : null);
        }
        if (zeroSizedDims != 0)
            throw new ArgumentException("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied");

        // One row per slice: the dim moved to the front, the rest flattened.
        var order = new long[a.dim()];
        order[0] = d;
        for (int i = 0, j = 1; i < a.dim(); i++) if (i != d) order[j++] = i;
        var rows = a.detach().permute(order).contiguous().reshape(sizes[d], -1);
        var (representatives, inverse, counts) = a.ElementType switch
        {
            ScalarType.Float32 => Group<float>(rows),
            ScalarType.Float64 => Group<double>(rows),
            ScalarType.Int64 => Group<long>(rows),
            // Exact widenings: these compare and group the same as their own values.
            ScalarType.Bool or ScalarType.UInt8 or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 => Group<long>(rows.to(ScalarType.Int64)),
            ScalarType.Float16 or ScalarType.BFloat16 => Group<float>(rows.to(ScalarType.Float32)),
            _ => throw new NotSupportedException($"unique: tensors of dtype {a.ElementType} are not supported"),
        };
        var output = a.detach().index_select(d, torch.tensor(representatives));
        return (output, returnInverse ? torch.tensor(inverse) : null, returnCounts ? torch.tensor(counts) : null);
    }

    /// <summary>
    /// Sorts the rows of <paramref name="rows"/> [n, width] lexicographically and groups equal ones: the
    /// original index of each group's first row, each row's group, each group's size. NaN sorts after
    /// every number (a total order, where PyTorch's order for NaN rows is unspecified) and never
    /// equals anything, so each row holding a NaN is a group of its own, as in PyTorch.
    /// </summary>
    private static (long[] Representatives, long[] Inverse, long[] Counts) Group<T>(Tensor rows)
        where T : unmanaged, IComparisonOperators<T, T, bool>
    {
        int n = (int)rows.size(0), width = (int)rows.size(1);
        T[] data = rows.ContiguousSpan<T>().ToArray();
        GC.KeepAlive(rows);

        int Compare(int x, int y)
        {
            for (int i = 0; i < width; i++)
            {
                T l = data[(x * width) + i], r = data[(y * width) + i];
                if (l < r) return -1;
                if (l > r) return 1;
                bool lNaN = IsNaN(l), rNaN = IsNaN(r);
                if (lNaN != rNaN) return lNaN ? 1 : -1;
            }
            return x.CompareTo(y); // ties by original index: a deterministic order
        }

        static bool IsNaN(T v) => v is float f ? float.IsNaN(f) : v is double g && double.IsNaN(g);

        bool Equal(int x, int y)
        {
            for (int i = 0; i < width; i++)
                if (data[(x * width) + i] != data[(y * width) + i]) return false;
            return true;
        }

        var sorted = Enumerable.Range(0, n).ToArray();
        Array.Sort(sorted, Compare);
        var inverse = new long[n];
        var representatives = new List<long>();
        var counts = new List<long>();
        for (int k = 0; k < n; k++)
        {
            int row = sorted[k];
            // As std::unique: a row joins the current group when it equals the group's first row.
            if (representatives.Count == 0 || !Equal((int)representatives[^1], row))
            {
                representatives.Add(row);
                counts.Add(0);
            }
            counts[^1]++;
            inverse[row] = representatives.Count - 1;
        }
        return ([.. representatives], inverse, [.. counts]);
    }
}
