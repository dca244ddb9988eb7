

namespace SharpGrad;

/// <summary>PyTorch's <c>torch</c> module: creation functions, free functions and dtypes.</summary>
public static partial class torch
{
    // ------------------------------------------------------------------ dtypes
    /// <summary>The dtype torch.float32.</summary>
    public const ScalarType float32 = ScalarType.Float32;
    /// <summary>The dtype torch.float.</summary>
    public const ScalarType @float = ScalarType.Float32;
    /// <summary>The dtype torch.float64.</summary>
    public const ScalarType float64 = ScalarType.Float64;
    /// <summary>The dtype torch.double.</summary>
    public const ScalarType @double = ScalarType.Float64;
    /// <summary>The dtype torch.int64.</summary>
    public const ScalarType int64 = ScalarType.Int64;
    /// <summary>The dtype torch.long.</summary>
    public const ScalarType @long = ScalarType.Int64;
    /// <summary>The dtype torch.bool.</summary>
    public const ScalarType @bool = ScalarType.Bool;

    /// <summary>A device by name; only "cpu" exists.</summary>
    public static Device device(string type) => Device.Parse(type);

    /// <summary>The CPU device.</summary>
    public static readonly Device CPU = Device.CPU;

    private static Tensor Finish(Tensor t, ScalarType? dtype, Device? device, bool requires_grad)
    {
        if (device is not null && device != Device.CPU) throw new NotSupportedException("SharpGrad runs on the CPU only.");
        if (dtype is { } d && d != t.ElementType) t = t.ToDTypeIfNeeded(d);
        if (requires_grad) t.requires_grad_(true);
        return t;
    }

    private static Tensor Filled(long[] size, ScalarType dtype, double value)
    {
        var t = Tensor.Empty(Tensor.ToIntShape(size), dtype, uninitialized: value != 0);
        if (value != 0) using (new GradModeScope(false)) t.fill_(value);
        t.SharedStorage.Version = 0;
        return t;
    }

    // ------------------------------------------------------------------ tensor(...)
    /// <summary>A 0-dim tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(float value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.Scalar(value), dtype, device, requires_grad);
    /// <summary>A 1-D tensor from an array.</summary>
    public static Tensor tensor(float[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.FromArray((float[])data.Clone(), [data.Length]), dtype, device, requires_grad);
    /// <summary>A tensor from flat data and its dimensions.</summary>
    public static Tensor tensor(float[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromFlat((float[])data.Clone(), dimensions), dtype, device, requires_grad);
    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor tensor(float[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<float>(data), dtype, device, requires_grad);
    /// <summary>A 3-D tensor from a rectangular array.</summary>
    public static Tensor tensor(float[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<float>(data), dtype, device, requires_grad);
    /// <summary>A 4-D tensor from a rectangular array.</summary>
    public static Tensor tensor(float[,,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<float>(data), dtype, device, requires_grad);
    /// <summary>A 0-dim tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.Scalar(value), dtype, device, requires_grad);
    /// <summary>A 1-D tensor from an array.</summary>
    public static Tensor tensor(double[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.FromArray((double[])data.Clone(), [data.Length]), dtype, device, requires_grad);
    /// <summary>A tensor from flat data and its dimensions.</summary>
    public static Tensor tensor(double[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromFlat((double[])data.Clone(), dimensions), dtype, device, requires_grad);
    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor tensor(double[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<double>(data), dtype, device, requires_grad);
    /// <summary>A 3-D tensor from a rectangular array.</summary>
    public static Tensor tensor(double[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<double>(data), dtype, device, requires_grad);
    /// <summary>A 4-D tensor from a rectangular array.</summary>
    public static Tensor tensor(double[,,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<double>(data), dtype, device, requires_grad);
    /// <summary>A 0-dim tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(long value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.Scalar(value), dtype, device, requires_grad);
    /// <summary>A 1-D tensor from an array.</summary>
    public static Tensor tensor(long[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.FromArray((long[])data.Clone(), [data.Length]), dtype, device, requires_grad);
    /// <summary>A tensor from flat data and its dimensions.</summary>
    public static Tensor tensor(long[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromFlat((long[])data.Clone(), dimensions), dtype, device, requires_grad);
    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor tensor(long[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<long>(data), dtype, device, requires_grad);
    /// <summary>A 3-D tensor from a rectangular array.</summary>
    public static Tensor tensor(long[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<long>(data), dtype, device, requires_grad);
    /// <summary>A 4-D tensor from a rectangular array.</summary>
    public static Tensor tensor(long[,,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<long>(data), dtype, device, requires_grad);
    /// <summary>A 0-dim tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(int value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.Scalar((long)value), dtype, device, requires_grad);
    /// <summary>A 1-D tensor from an array.</summary>
    public static Tensor tensor(int[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.FromArray(Ops.Reduction.ToLong(data), [data.Length]), dtype, device, requires_grad);
    /// <summary>A tensor from flat data and its dimensions.</summary>
    public static Tensor tensor(int[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromFlat(Ops.Reduction.ToLong(data), dimensions), dtype, device, requires_grad);
    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor tensor(int[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<long>(data), dtype, device, requires_grad);
    /// <summary>A 3-D tensor from a rectangular array.</summary>
    public static Tensor tensor(int[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<long>(data), dtype, device, requires_grad);
    /// <summary>A 4-D tensor from a rectangular array.</summary>
    public static Tensor tensor(int[,,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<long>(data), dtype, device, requires_grad);
    /// <summary>A 0-dim tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(bool value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.Scalar(value), dtype, device, requires_grad);
    /// <summary>A 1-D tensor from an array.</summary>
    public static Tensor tensor(bool[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Tensor.FromArray((bool[])data.Clone(), [data.Length]), dtype, device, requires_grad);
    /// <summary>A tensor from flat data and its dimensions.</summary>
    public static Tensor tensor(bool[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromFlat((bool[])data.Clone(), dimensions), dtype, device, requires_grad);
    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor tensor(bool[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<bool>(data), dtype, device, requires_grad);
    /// <summary>A 3-D tensor from a rectangular array.</summary>
    public static Tensor tensor(bool[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<bool>(data), dtype, device, requires_grad);
    /// <summary>A 4-D tensor from a rectangular array.</summary>
    public static Tensor tensor(bool[,,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(FromRectangular<bool>(data), dtype, device, requires_grad);

    private static Tensor FromFlat<T>(T[] data, long[] dimensions) where T : unmanaged
    {
        var shape = Tensor.ToIntShape(dimensions);
        if (Tensor.Numel(shape) != data.Length)
            throw new ArgumentException($"shape '[{string.Join(", ", dimensions)}]' is invalid for input of size {data.Length}");
        return Tensor.FromArray(data, shape);
    }

    /// <remarks>T is unconstrained so that the instantiations the tensor(...) overloads name are
    /// precompiled (see docs/PERFORMANCE.md, 'Generic instantiations').</remarks>
    private static Tensor FromRectangular<T>(Array data)
    {
        var shape = new int[data.Rank];
        for (int i = 0; i < shape.Length; i++) shape[i] = data.GetLength(i);
        var flat = new T[data.Length];
        if (data.GetType().GetElementType() == typeof(T) && typeof(T).IsPrimitive)
        {
            // Same primitive element type (Half and BFloat16 are not primitives): one copy of the row-major elements, no boxing.
            Buffer.BlockCopy(data, 0, flat, 0, Buffer.ByteLength(data));
        }
        else
        {
            int k = 0;
            foreach (var v in data) flat[k++] = v is int iv ? (T)(object)(long)iv : (T)v;
        }
        return Tensor.FromArray(flat, shape);
    }

    // ------------------------------------------------------------------ filled tensors
    /// <summary>A tensor filled with 0.</summary>
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Filled(size, dtype ?? float32, 0), null, device, requires_grad);
    /// <summary>A tensor filled with 1.</summary>
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Filled(size, dtype ?? float32, 1), null, device, requires_grad);
    /// <summary>A new tensor (SharpGrad zero-fills it).</summary>
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(size, dtype, device, requires_grad);
    /// <summary>A tensor filled with <paramref name="fill_value"/> (float32 unless dtype says otherwise).</summary>
    public static Tensor full(long[] size, double fill_value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Filled(size, dtype ?? float32, fill_value), null, device, requires_grad);
    /// <summary>A tensor filled with an integer (int64 unless dtype says otherwise).</summary>
    public static Tensor full(long[] size, long fill_value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Filled(size, dtype ?? int64, fill_value), null, device, requires_grad);
    /// <summary>A tensor filled with a bool.</summary>
    public static Tensor full(long[] size, bool fill_value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Finish(Filled(size, dtype ?? @bool, fill_value ? 1 : 0), null, device, requires_grad);

    /// <summary>Zeros with another tensor's shape (and dtype unless given).</summary>
    public static Tensor zeros_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(t.shape, dtype ?? t.dtype, device, requires_grad);
    /// <summary>Ones with another tensor's shape (and dtype unless given).</summary>
    public static Tensor ones_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones(t.shape, dtype ?? t.dtype, device, requires_grad);
    /// <summary>A new tensor with another tensor's shape.</summary>
    public static Tensor empty_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(t.shape, dtype ?? t.dtype, device, requires_grad);
    /// <summary>A filled tensor with another tensor's shape.</summary>
    public static Tensor full_like(Tensor t, double fill_value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => full(t.shape, fill_value, dtype ?? t.dtype, device, requires_grad);
    /// <summary>Uniform samples with another tensor's shape.</summary>
    public static Tensor rand_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => rand(t.shape, dtype ?? t.dtype, device, requires_grad);
    /// <summary>Normal samples with another tensor's shape.</summary>
    public static Tensor randn_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => randn(t.shape, dtype ?? t.dtype, device, requires_grad);

    /// <summary>The n×m identity matrix (m defaults to n).</summary>
    public static Tensor eye(long n, long? m = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        long cols = m ?? n;
        var t = Filled([n, cols], dtype ?? float32, 0);
        using (new GradModeScope(false))
            for (long i = 0; i < Math.Min(n, cols); i++) Tensor.SetFlat(t, (int)(i * cols + i), 1.0);
        t.SharedStorage.Version = 0;
        return Finish(t, null, device, requires_grad);
    }

    // ------------------------------------------------------------------ random
    /// <summary>Seeds the default generator (same seed, same numbers as PyTorch's CPU generator).</summary>
    public static void manual_seed(long seed) => CpuGenerator.Default.ManualSeed(seed);
    /// <summary>Seeds the default generator non-deterministically and returns the seed.</summary>
    public static long seed() => CpuGenerator.Default.Seed();
    /// <summary>The seed the default generator started from.</summary>
    public static long initial_seed() => CpuGenerator.Default.InitialSeed;

    // ------------------------------------------------------------------ ranges
    /// <summary>0, 1, …, end-1 as int64.</summary>
    public static Tensor arange(long end, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => arange(0L, end, 1L, dtype, device, requires_grad);
    /// <summary>start, start+step, … below end, as int64.</summary>
    public static Tensor arange(long start, long end, long step = 1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => Finish(Range(start, end, step, int64), dtype, device, requires_grad);
    /// <summary>0, 1, … below end, as float32 (a floating end makes the result floating, as in PyTorch).</summary>
    public static Tensor arange(double end, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => arange(0.0, end, 1.0, dtype, device, requires_grad);
    /// <summary>start, start+step, … below end, as float32.</summary>
    public static Tensor arange(double start, double end, double step = 1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => Finish(Range(start, end, step, dtype ?? float32), null, device, requires_grad);

    private static Tensor Range(double start, double end, double step, ScalarType dtype)
    {
        if (step == 0) throw new ArgumentException("step must be nonzero");
        if ((step > 0 && end < start) || (step < 0 && end > start))
            throw new ArgumentException("upper bound and larger bound inconsistent with step sign");
        long n = (long)Math.Ceiling((end - start) / step);
        var t = Tensor.Empty([(int)Math.Max(n, 0)], dtype, uninitialized: true);
        switch (dtype)
        {
            case ScalarType.Float32: { var s = t.ContiguousSpan<float>(); for (int i = 0; i < s.Length; i++) s[i] = (float)(start + i * step); break; }
            case ScalarType.Float64: { var s = t.ContiguousSpan<double>(); for (int i = 0; i < s.Length; i++) s[i] = start + i * step; break; }
            case ScalarType.Int64: { var s = t.ContiguousSpan<long>(); for (int i = 0; i < s.Length; i++) s[i] = (long)(start + i * step); break; }
            case ScalarType.Bool: throw new NotSupportedException("\"arange_cpu\" not implemented for 'Bool'");
            // float16/bfloat16 (through float32) and the narrow integers (through int64).
            default: return Range(start, end, step, dtype.ComputeType()).ToDTypeIfNeeded(dtype);
        }
        return t;
    }

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive (float32 by default).</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        if (steps < 0) throw new ArgumentException("number of steps must be non-negative");
        var type = dtype ?? float32;
        if (type.ComputeType() != type)
            // float16/bfloat16 through float32, the narrow integers through int64, converted once.
            return Finish(linspace(start, end, steps, type.ComputeType()).ToDTypeIfNeeded(type), null, device, requires_grad);
        var t = Tensor.Empty([(int)steps], type, uninitialized: true);
        // The first half counts up from start, the rest down from end; one step is start, as PyTorch.
        long halfway = steps == 1 ? 1 : steps / 2;
        if (type == float32)
        {
            // PyTorch fills from both ends in the tensor's own precision.
            var s = t.ContiguousSpan<float>();
            float fs = (float)start, fe = (float)end;
            float step = steps > 1 ? (fe - fs) / (steps - 1) : 0f;
            for (int i = 0; i < s.Length; i++) s[i] = i < halfway ? fs + step * i : fe - step * (steps - i - 1);
        }
        else if (type == float64)
        {
            var s = t.ContiguousSpan<double>();
            double step = steps > 1 ? (end - start) / (steps - 1) : 0;
            for (int i = 0; i < s.Length; i++) s[i] = i < halfway ? start + step * i : end - step * (steps - i - 1);
        }
        else if (type == int64)
        {
            var s = t.ContiguousSpan<long>();
            double step = steps > 1 ? (end - start) / (steps - 1) : 0;
            for (int i = 0; i < s.Length; i++) s[i] = (long)(i < halfway ? start + step * i : end - step * (steps - i - 1));
        }
        else throw new NotSupportedException("\"linspace_cpu\" not implemented for 'Bool'");
        return Finish(t, null, device, requires_grad);
    }

    // ------------------------------------------------------------------ shape overloads
    /// <summary>A tensor filled with 0.</summary>
    public static Tensor zeros(long size0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(new long[] { size0 }, dtype, device, requires_grad);
    /// <summary>A tensor filled with 0.</summary>
    public static Tensor zeros(long size0, long size1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(new long[] { size0, size1 }, dtype, device, requires_grad);
    /// <summary>A tensor filled with 0.</summary>
    public static Tensor zeros(long size0, long size1, long size2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(new long[] { size0, size1, size2 }, dtype, device, requires_grad);
    /// <summary>A tensor filled with 0.</summary>
    public static Tensor zeros(long size0, long size1, long size2, long size3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(new long[] { size0, size1, size2, size3 }, dtype, device, requires_grad);
    /// <summary>A tensor filled with 1.</summary>
    public static Tensor ones(long size0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones(new long[] { size0 }, dtype, device, requires_grad);
    /// <summary>A tensor filled with 1.</summary>
    public static Tensor ones(long size0, long size1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones(new long[] { size0, size1 }, dtype, device, requires_grad);
    /// <summary>A tensor filled with 1.</summary>
    public static Tensor ones(long size0, long size1, long size2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones(new long[] { size0, size1, size2 }, dtype, device, requires_grad);
    /// <summary>A tensor filled with 1.</summary>
    public static Tensor ones(long size0, long size1, long size2, long size3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones(new long[] { size0, size1, size2, size3 }, dtype, device, requires_grad);
    /// <summary>An uninitialized tensor (SharpGrad zero-fills it).</summary>
    public static Tensor empty(long size0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty(new long[] { size0 }, dtype, device, requires_grad);
    /// <summary>An uninitialized tensor (SharpGrad zero-fills it).</summary>
    public static Tensor empty(long size0, long size1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty(new long[] { size0, size1 }, dtype, device, requires_grad);
    /// <summary>An uninitialized tensor (SharpGrad zero-fills it).</summary>
    public static Tensor empty(long size0, long size1, long size2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty(new long[] { size0, size1, size2 }, dtype, device, requires_grad);
    /// <summary>An uninitialized tensor (SharpGrad zero-fills it).</summary>
    public static Tensor empty(long size0, long size1, long size2, long size3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty(new long[] { size0, size1, size2, size3 }, dtype, device, requires_grad);
    /// <summary>Uniform samples from [0, 1) (PyTorch's generator: same numbers after the same manual_seed).</summary>
    public static Tensor rand(long size0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand(new long[] { size0 }, dtype, device, requires_grad, generator);
    /// <summary>Uniform samples from [0, 1) (PyTorch's generator: same numbers after the same manual_seed).</summary>
    public static Tensor rand(long size0, long size1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand(new long[] { size0, size1 }, dtype, device, requires_grad, generator);
    /// <summary>Uniform samples from [0, 1) (PyTorch's generator: same numbers after the same manual_seed).</summary>
    public static Tensor rand(long size0, long size1, long size2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand(new long[] { size0, size1, size2 }, dtype, device, requires_grad, generator);
    /// <summary>Uniform samples from [0, 1) (PyTorch's generator: same numbers after the same manual_seed).</summary>
    public static Tensor rand(long size0, long size1, long size2, long size3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand(new long[] { size0, size1, size2, size3 }, dtype, device, requires_grad, generator);
    /// <summary>Standard normal samples (PyTorch's generator: same numbers after the same manual_seed).</summary>
    public static Tensor randn(long size0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn(new long[] { size0 }, dtype, device, requires_grad, generator);
    /// <summary>Standard normal samples (PyTorch's generator: same numbers after the same manual_seed).</summary>
    public static Tensor randn(long size0, long size1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn(new long[] { size0, size1 }, dtype, device, requires_grad, generator);
    /// <summary>Standard normal samples (PyTorch's generator: same numbers after the same manual_seed).</summary>
    public static Tensor randn(long size0, long size1, long size2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn(new long[] { size0, size1, size2 }, dtype, device, requires_grad, generator);
    /// <summary>Standard normal samples (PyTorch's generator: same numbers after the same manual_seed).</summary>
    public static Tensor randn(long size0, long size1, long size2, long size3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn(new long[] { size0, size1, size2, size3 }, dtype, device, requires_grad, generator);

    // ------------------------------------------------------------------ int overloads
    /// <summary>zeros with int sizes: an exact match for literals, so <c>zeros(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor zeros(int size0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(new long[] { size0 }, dtype, device, requires_grad);
    /// <summary>zeros with int sizes: an exact match for literals, so <c>zeros(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor zeros(int size0, int size1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(new long[] { size0, size1 }, dtype, device, requires_grad);
    /// <summary>zeros with int sizes: an exact match for literals, so <c>zeros(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor zeros(int size0, int size1, int size2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(new long[] { size0, size1, size2 }, dtype, device, requires_grad);
    /// <summary>zeros with int sizes: an exact match for literals, so <c>zeros(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor zeros(int size0, int size1, int size2, int size3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(new long[] { size0, size1, size2, size3 }, dtype, device, requires_grad);
    /// <summary>ones with int sizes: an exact match for literals, so <c>ones(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor ones(int size0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones(new long[] { size0 }, dtype, device, requires_grad);
    /// <summary>ones with int sizes: an exact match for literals, so <c>ones(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor ones(int size0, int size1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones(new long[] { size0, size1 }, dtype, device, requires_grad);
    /// <summary>ones with int sizes: an exact match for literals, so <c>ones(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor ones(int size0, int size1, int size2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones(new long[] { size0, size1, size2 }, dtype, device, requires_grad);
    /// <summary>ones with int sizes: an exact match for literals, so <c>ones(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor ones(int size0, int size1, int size2, int size3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones(new long[] { size0, size1, size2, size3 }, dtype, device, requires_grad);
    /// <summary>empty with int sizes: an exact match for literals, so <c>empty(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor empty(int size0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty(new long[] { size0 }, dtype, device, requires_grad);
    /// <summary>empty with int sizes: an exact match for literals, so <c>empty(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor empty(int size0, int size1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty(new long[] { size0, size1 }, dtype, device, requires_grad);
    /// <summary>empty with int sizes: an exact match for literals, so <c>empty(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor empty(int size0, int size1, int size2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty(new long[] { size0, size1, size2 }, dtype, device, requires_grad);
    /// <summary>empty with int sizes: an exact match for literals, so <c>empty(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor empty(int size0, int size1, int size2, int size3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty(new long[] { size0, size1, size2, size3 }, dtype, device, requires_grad);
    /// <summary>rand with int sizes: an exact match for literals, so <c>rand(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor rand(int size0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand(new long[] { size0 }, dtype, device, requires_grad, generator);
    /// <summary>rand with int sizes: an exact match for literals, so <c>rand(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor rand(int size0, int size1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand(new long[] { size0, size1 }, dtype, device, requires_grad, generator);
    /// <summary>rand with int sizes: an exact match for literals, so <c>rand(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor rand(int size0, int size1, int size2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand(new long[] { size0, size1, size2 }, dtype, device, requires_grad, generator);
    /// <summary>rand with int sizes: an exact match for literals, so <c>rand(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor rand(int size0, int size1, int size2, int size3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand(new long[] { size0, size1, size2, size3 }, dtype, device, requires_grad, generator);
    /// <summary>randn with int sizes: an exact match for literals, so <c>randn(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor randn(int size0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn(new long[] { size0 }, dtype, device, requires_grad, generator);
    /// <summary>randn with int sizes: an exact match for literals, so <c>randn(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor randn(int size0, int size1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn(new long[] { size0, size1 }, dtype, device, requires_grad, generator);
    /// <summary>randn with int sizes: an exact match for literals, so <c>randn(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor randn(int size0, int size1, int size2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn(new long[] { size0, size1, size2 }, dtype, device, requires_grad, generator);
    /// <summary>randn with int sizes: an exact match for literals, so <c>randn(3, 0)</c> never reads 0 as a dtype.</summary>
    public static Tensor randn(int size0, int size1, int size2, int size3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn(new long[] { size0, size1, size2, size3 }, dtype, device, requires_grad, generator);
}
