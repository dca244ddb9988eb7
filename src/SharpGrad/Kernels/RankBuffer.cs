using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharpGrad.Kernels;

/// <summary>
/// Room on the stack for one int per dimension (a shape, strides or a loop counter) of up to
/// <see cref="Length"/> dimensions; <see cref="Dims"/> falls back to a heap array beyond that.
/// </summary>
/// <remarks>The kernels' loop drivers use this fixed-size local instead of a variable-size
/// <c>stackalloc</c> on purpose: a method with <c>localloc</c> and a loop cannot start at tier 0,
/// so every driver instantiation would be compiled fully optimized on its first call
/// (see docs/PERFORMANCE.md, 'Tier 0 and dynamic PGO').</remarks>
[InlineArray(Length)]
internal struct RankBuffer
{
    /// <summary>Dimensions that fit on the stack.</summary>
    public const int Length = 8;

    private int _element0;

    /// <summary>The first <paramref name="count"/> ints of <paramref name="buffer"/>, or a new
    /// zeroed array when more than <see cref="Length"/> are needed.</summary>
    public static Span<int> Dims(ref RankBuffer buffer, int count)
        => count <= Length ? MemoryMarshal.CreateSpan(ref buffer._element0, count) : new int[count];
}
