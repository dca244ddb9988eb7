namespace SharpGrad.Kernels;

/// <summary>Matrix multiply C (+)= A·B over strided operands (placeholder until the blocked kernel lands).</summary>
internal static class Gemm
{
    public static void Multiply(int m, int n, int k,
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int bRowStride, int bColStride,
        Span<float> c, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (!accumulate) row.Clear();
            for (int p = 0; p < k; p++)
            {
                float av = a[i * aRowStride + p * aColStride];
                for (int j = 0; j < n; j++) row[j] += av * b[p * bRowStride + j * bColStride];
            }
        }
    }

    public static void Multiply(int m, int n, int k,
        ReadOnlySpan<double> a, int aRowStride, int aColStride,
        ReadOnlySpan<double> b, int bRowStride, int bColStride,
        Span<double> c, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (!accumulate) row.Clear();
            for (int p = 0; p < k; p++)
            {
                double av = a[i * aRowStride + p * aColStride];
                for (int j = 0; j < n; j++) row[j] += av * b[p * bRowStride + j * bColStride];
            }
        }
    }
}
