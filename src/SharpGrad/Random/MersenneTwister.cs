namespace SharpGrad;

/// <summary>
/// The 32-bit Mersenne Twister MT19937, laid out like PyTorch's <c>at::mt19937</c>
/// (<c>ATen/core/MT19937RNGEngine.h</c>): the 624-word state, a <c>left</c> countdown and a
/// <c>next</c> index, so that the output stream (and a future <c>get_rng_state</c>) matches PyTorch.
/// </summary>
/// <remarks>Not thread safe; <see cref="CpuGenerator"/> serialises access to it.</remarks>
internal sealed class MersenneTwister
{
    public const int StateSize = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    private readonly uint[] _state = new uint[StateSize];
    private int _left;
    private int _next;

    /// <summary>Creates an engine seeded with <paramref name="seed"/> (only its low 32 bits are used).</summary>
    public MersenneTwister(ulong seed = 5489) => Seed(seed);

    /// <summary>The full 64-bit seed last given to <see cref="Seed"/>.</summary>
    public ulong InitialSeed { get; private set; }

    /// <summary>
    /// PyTorch's <c>init_with_uint32</c>: the classic MT19937 initialisation from the low 32 bits
    /// of <paramref name="seed"/>; the full value is remembered as <see cref="InitialSeed"/>.
    /// </summary>
    public void Seed(ulong seed)
    {
        InitialSeed = seed;
        uint[] s = _state;
        s[0] = (uint)seed;
        for (int j = 1; j < StateSize; j++)
            s[j] = unchecked(1812433253u * (s[j - 1] ^ (s[j - 1] >> 30)) + (uint)j);
        _left = 1;
        _next = 0;
    }

    /// <summary>The next 32-bit output (PyTorch's <c>mt19937::operator()</c>).</summary>
    public uint Next()
    {
        if (--_left == 0)
            Twist();
        uint y = _state[_next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Copies the complete engine state into <paramref name="other"/>.</summary>
    public void CopyTo(MersenneTwister other)
    {
        Array.Copy(_state, other._state, StateSize);
        other._left = _left;
        other._next = _next;
        other.InitialSeed = InitialSeed;
    }

    /// <summary>Regenerates the whole state block (the reference <c>next_state</c>).</summary>
    private void Twist()
    {
        uint[] s = _state;
        _left = StateSize;
        _next = 0;
        int k = 0;
        for (; k < StateSize - Shift; k++)
            s[k] = s[k + Shift] ^ Mix(s[k], s[k + 1]);
        for (; k < StateSize - 1; k++)
            s[k] = s[k + Shift - StateSize] ^ Mix(s[k], s[k + 1]);
        s[StateSize - 1] = s[Shift - 1] ^ Mix(s[StateSize - 1], s[0]);
    }

    private static uint Mix(uint u, uint v)
        => (((u & UpperMask) | (v & LowerMask)) >> 1) ^ ((v & 1) != 0 ? MatrixA : 0u);
}
