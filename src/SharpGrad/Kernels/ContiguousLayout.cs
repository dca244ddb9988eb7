namespace SharpGrad.Kernels;

/// <summary>The row-major layout of a contiguous tensor, for kernels (which see shapes and strides, never tensors).</summary>
internal static class ContiguousLayout
{
    /// <summary>Stride arrays are never written after construction, so common ones are shared.</summary>
    private static readonly int[] s_unitStride = [1];

    /// <summary>Row-major strides of a contiguous tensor of <paramref name="shape"/> (a size-0
    /// dimension counts as 1, as PyTorch's do).</summary>
    internal static int[] Strides(int[] shape)
    {
        if (shape.Length == 0) return [];
        if (shape.Length == 1) return s_unitStride;
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }
}
