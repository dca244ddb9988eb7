using System.Runtime.InteropServices;
using SharpGrad.Ops;


namespace SharpGrad;

public static partial class torch
{
    /// <summary>Elementwise closeness: <c>|input - other| &lt;= atol + rtol·|other|</c>, equal infinities
    /// included, NaNs equal only with <paramref name="equal_nan"/> (a bool tensor, broadcast).</summary>
    public static Tensor isclose(Tensor input, Tensor other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false)
        => Comparison.IsClose(input, other, rtol, atol, equal_nan);

    /// <summary>The p-norm of <paramref name="input"/>; see <see cref="Tensor.norm(double, long?, bool)"/>.</summary>
    public static Tensor norm(Tensor input, double p = 2, long? dim = null, bool keepdim = false) => input.norm(p, dim, keepdim);
    /// <summary>The p-norm over several dimensions.</summary>
    public static Tensor norm(Tensor input, double p, long[] dim, bool keepdim = false) => input.norm(p, dim, keepdim);
    /// <summary>The Frobenius norm (<c>p: "fro"</c>).</summary>
    public static Tensor norm(Tensor input, string p, long[]? dim = null, bool keepdim = false) => input.norm(p, dim, keepdim);

    /// <summary><paramref name="steps"/> values from base^start to base^end, evenly spaced in the exponent
    /// (float32 by default), computed as PyTorch does: from both ends, in the tensor's precision.</summary>
    public static Tensor logspace(double start, double end, long steps, double @base = 10.0, ScalarType? dtype = null,
        Device? device = null, bool requires_grad = false)
    {
        if (steps < 0) throw new ArgumentException("number of steps must be non-negative");
        var type = dtype ?? float32;
        long halfway = steps / 2;
        Tensor result;
        if (steps == 1)
        {
            // PyTorch fills a single step with base^start, computed in double.
            result = full([1], Math.Pow(@base, start), dtype: type);
        }
        else if (type == float32)
        {
            var values = new float[steps];
            float fs = (float)start, fe = (float)end, fb = (float)@base;
            float step = steps > 1 ? (fe - fs) / (steps - 1) : 0f;
            for (long i = 0; i < steps; i++)
                values[i] = MathF.Pow(fb, i < halfway ? fs + step * i : fe - step * (steps - i - 1));
            result = tensor(values);
        }
        else
        {
            var values = new double[steps];
            double step = steps > 1 ? (end - start) / (steps - 1) : 0;
            for (long i = 0; i < steps; i++)
                values[i] = Math.Pow(@base, i < halfway ? start + step * i : end - step * (steps - i - 1));
            result = type == float64 ? tensor(values) : tensor(values).to(type);
        }
        return requires_grad ? result.requires_grad_() : result;
    }

    /// <summary>
    /// A 1-D tensor of <paramref name="count"/> elements of <paramref name="dtype"/> read from
    /// <paramref name="buffer"/> after <paramref name="offset"/> bytes (all that fit when count is -1),
    /// in the machine's byte order, as PyTorch's <c>frombuffer</c>. Unlike PyTorch's, the tensor holds
    /// a copy: writing to one does not change the other.
    /// </summary>
    public static Tensor frombuffer(byte[] buffer, ScalarType dtype, long count = -1, long offset = 0, bool requires_grad = false)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        long len = buffer.LongLength;
        int elementSize = dtype.ElementSize();
        if (len <= 0 || count == 0)
            throw new ArgumentException($"both buffer length ({len}) and count ({count}) must not be 0");
        if (offset < 0 || offset >= len)
            throw new ArgumentException($"offset ({offset} bytes) must be non-negative and no greater than buffer length ({len} bytes) minus 1");
        if (count <= 0 && (len - offset) % elementSize != 0)
            throw new ArgumentException(
                $"buffer length ({len - offset} bytes) after offset ({offset} bytes) must be a multiple of element size ({elementSize})");
        long actualCount = count < 0 ? (len - offset) / elementSize : count;
        if (offset + actualCount * elementSize > len)
            throw new ArgumentException(
                $"requested buffer length ({actualCount} * {elementSize} bytes) after offset ({offset} bytes) must not be greater than actual buffer length ({len} bytes)");
        var bytes = buffer.AsSpan((int)offset, (int)(actualCount * elementSize));
        // One copy, straight into the tensor's own buffer (a dataset's bytes are tens of megabytes:
        // a large one comes from the buffer pool, so it is recycled when the tensor dies).
        var result = Tensor.Empty([checked((int)actualCount)], dtype, uninitialized: true);
        switch (dtype)
        {
            case ScalarType.Float32: bytes.CopyTo(MemoryMarshal.AsBytes(result.ContiguousSpan<float>())); break;
            case ScalarType.Float64: bytes.CopyTo(MemoryMarshal.AsBytes(result.ContiguousSpan<double>())); break;
            case ScalarType.Int64: bytes.CopyTo(MemoryMarshal.AsBytes(result.ContiguousSpan<long>())); break;
            case ScalarType.Bool:
                var flags = result.ContiguousSpan<bool>();
                for (int i = 0; i < flags.Length; i++) flags[i] = bytes[i] != 0;
                break;
            case ScalarType.UInt8: bytes.CopyTo(result.ContiguousSpan<byte>()); break;
            case ScalarType.Int8: bytes.CopyTo(MemoryMarshal.AsBytes(result.ContiguousSpan<sbyte>())); break;
            case ScalarType.Int16: bytes.CopyTo(MemoryMarshal.AsBytes(result.ContiguousSpan<short>())); break;
            case ScalarType.Int32: bytes.CopyTo(MemoryMarshal.AsBytes(result.ContiguousSpan<int>())); break;
            case ScalarType.Float16: bytes.CopyTo(MemoryMarshal.AsBytes(result.ContiguousSpan<Half>())); break;
            case ScalarType.BFloat16: bytes.CopyTo(MemoryMarshal.AsBytes(result.ContiguousSpan<BFloat16>())); break;
            default: throw new NotSupportedException($"frombuffer: {dtype.TorchName()} is not supported");
        }
        return requires_grad ? result.requires_grad_() : result;
    }

    /// <summary>Whether anomaly detection is on (<see cref="autograd.detect_anomaly"/>).</summary>
    public static bool is_anomaly_enabled() => AnomalyMode.Enabled;

    /// <summary>Whether anomaly detection also checks backward results for NaN.</summary>
    public static bool is_anomaly_check_nan_enabled() => AnomalyMode.CheckNan;
}
