using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharpGrad.Kernels;

/// <summary>Per-thread, 64-byte aligned, pinned scratch memory for packed panels.</summary>
internal static unsafe class GemmBuffers
{
    [ThreadStatic] private static byte[]? t_a;
    [ThreadStatic] private static byte[]? t_b;

    /// <summary>This thread's buffer for packed A, at least <paramref name="count"/> elements.</summary>
    public static T* A<T>(long count) where T : unmanaged => (T*)Get(ref t_a, count * sizeof(T));

    /// <summary>This thread's buffer for packed B, at least <paramref name="count"/> elements.</summary>
    public static T* B<T>(long count) where T : unmanaged => (T*)Get(ref t_b, count * sizeof(T));

    private static byte* Get(ref byte[]? buffer, long bytes)
    {
        if (buffer is null || buffer.Length < bytes + 64)
        {
            long size = Math.Max(bytes + 64, (buffer?.Length ?? 0) * 3L / 2);
            buffer = null;
            buffer = GC.AllocateUninitializedArray<byte>(checked((int)size), pinned: true);
        }
        // The array lives on the pinned object heap, so its address is stable.
        byte* p = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (byte*)(((nint)p + 63) & ~(nint)63);
    }
}
