namespace SharpGrad;

public sealed partial class Tensor
{
    /// <summary>
    /// PyTorch's result_type: dimensioned tensors outrank 0-dim tensors, which outrank wrapped C#
    /// numbers; a lower tier only matters when it brings a higher category (bool &lt; integral &lt;
    /// floating), so <c>int_tensor + 2.5</c> is float32 and <c>float32_tensor + 2</c> stays float32.
    /// </summary>
    internal static ScalarType ResultType(Tensor a, Tensor b)
    {
        ScalarType? dim = null, zero = null, wrapped = null;
        Update(a, ref dim, ref zero, ref wrapped);
        Update(b, ref dim, ref zero, ref wrapped);
        return Combine(dim, Combine(zero, wrapped)) ?? ScalarType.Float32;

        static void Update(Tensor t, ref ScalarType? dim, ref ScalarType? zero, ref ScalarType? wrapped)
        {
            if (t.IsWrappedNumber)
            {
                var w = t.ElementType == ScalarType.Float64 ? ScalarType.Float32 : t.ElementType;
                wrapped = wrapped is { } x ? ScalarTypeExtensions.Promote(x, w) : w;
            }
            else if (t.Sizes.Length == 0)
                zero = zero is { } x ? ScalarTypeExtensions.Promote(x, t.ElementType) : t.ElementType;
            else
                dim = dim is { } x ? ScalarTypeExtensions.Promote(x, t.ElementType) : t.ElementType;
        }

        static ScalarType? Combine(ScalarType? higher, ScalarType? lower)
        {
            if (higher is not { } h) return lower;
            if (lower is not { } l) return h;
            if (h.IsFloatingPoint()) return h;
            if (h == ScalarType.Bool || l.IsFloatingPoint()) return ScalarTypeExtensions.Promote(h, l);
            return h;
        }
    }

    /// <summary>Broadcast shape of two shapes, with PyTorch's message when they do not broadcast.</summary>
    internal static int[] BroadcastShapes(int[] a, int[] b)
    {
        if (b.Length == 0 || SameShape(a, b)) return a;
        if (a.Length == 0) return b;
        int n = Math.Max(a.Length, b.Length);
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            int da = i - (n - a.Length), db = i - (n - b.Length);
            int sa = da >= 0 ? a[da] : 1, sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1)
                throw new ArgumentException(
                    $"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at non-singleton dimension {i}");
            result[i] = sa == 1 ? sb : sa;
        }
        return result;
    }

    /// <summary>True when a tensor of <paramref name="shape"/> can be expanded to <paramref name="target"/>.</summary>
    internal static bool IsExpandableTo(int[] shape, int[] target)
    {
        if (shape.Length > target.Length) return false;
        for (int i = 1; i <= shape.Length; i++)
        {
            int s = shape[^i], t = target[^i];
            if (s != t && s != 1) return false;
        }
        return true;
    }

    /// <summary>"torch.Size([2, 3])", as PyTorch prints sizes in messages.</summary>
    internal static string TorchSizeString(int[] shape) => $"torch.Size({ShapeString(shape)})";

    internal Tensor ToDTypeIfNeeded(ScalarType dtype)
    {
        if (ElementType == dtype) return this;
        var r = Empty(Sizes, dtype, uninitialized: true);
        Ops.Copy.Into(this, r);
        return r;
    }

    /// <summary>A tensor of <paramref name="dtype"/>: this one when it already is, else a converted copy
    /// (differentiable between floating types).</summary>
    public Tensor to(ScalarType dtype)
    {
        if (ElementType == dtype) return this;
        var result = ToDTypeIfNeeded(dtype);
        if (Autograd.NeedsGrad(this) && dtype.IsFloatingPoint())
            result.SetHistory(new Ops.ToCopyBackward0(this));
        return result;
    }

    /// <summary>The same tensor on <paramref name="device"/> (only the CPU exists).</summary>
    public Tensor to(Device device) => device == Device.CPU ? this : throw new NotSupportedException("SharpGrad runs on the CPU only.");

    /// <summary>float32 copy (or this tensor).</summary>
    public Tensor @float() => to(ScalarType.Float32);
    /// <summary>float64 copy (or this tensor).</summary>
    public Tensor @double() => to(ScalarType.Float64);
    /// <summary>int64 copy (or this tensor).</summary>
    public Tensor @long() => to(ScalarType.Int64);
    /// <summary>bool copy (or this tensor).</summary>
    public Tensor @bool() => to(ScalarType.Bool);

    /// <summary>Sums a broadcast gradient back down to <paramref name="shape"/> (PyTorch's sum_to).</summary>
    internal Tensor SumToShape(int[] shape)
    {
        if (SameShape(Sizes, shape)) return this;
        int lead = Sizes.Length - shape.Length;
        var dims = new List<int>();
        for (int i = 0; i < Sizes.Length; i++)
        {
            if (i < lead) dims.Add(i);
            else if (shape[i - lead] == 1 && Sizes[i] != 1) dims.Add(i);
        }
        var r = dims.Count == 0 ? this : Ops.Reduction.Sum(this, dims.ToArray(), keepdim: true, dtype: null);
        if (lead > 0 || !SameShape(r.Sizes, shape)) r = r.reshape(Ops.Reduction.ToLong(shape));
        return r;
    }
}
