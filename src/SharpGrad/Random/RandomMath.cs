namespace SharpGrad;

/// <summary>
/// Elementary functions that the random generator needs with the exact operation sequence of
/// the C/C++ code PyTorch runs, so that samples agree bit for bit as far as possible.
/// </summary>
internal static class RandomMath
{
    // ---------------------------------------------------------------- log1p (double)

    private const double Ln2Hi = 6.93147180369123816490e-01; // 0x3fe62e42fee00000
    private const double Ln2Lo = 1.90821492927058770002e-10; // 0x3dea39ef35793c76
    private const double Lp1 = 6.666666666666735130e-01;
    private const double Lp2 = 3.999999999940941908e-01;
    private const double Lp3 = 2.857142874366239149e-01;
    private const double Lp4 = 2.222219843214978396e-01;
    private const double Lp5 = 1.818357216161805012e-01;
    private const double Lp6 = 1.531383769920937332e-01;
    private const double Lp7 = 1.479819860511658591e-01;

    /// <summary>
    /// <c>log(1 + x)</c> accurate for small <paramref name="x"/> (.NET has no log1p). This is the
    /// classic argument-reduction algorithm (1+x = 2^k (1+f), log(1+f) by a degree-14 minimax
    /// polynomial in s = f/(2+f)) with the polynomial evaluated in the same split order as the GNU C
    /// library's <c>log1p</c>, which PyTorch's <c>normal_distribution</c> calls on Linux.
    /// </summary>
    public static double Log1p(double x)
    {
        int hx = (int)(BitConverter.DoubleToInt64Bits(x) >> 32);
        int ax = hx & 0x7fffffff;
        int k = 1;
        int hu = 0;
        double f = 0, c = 0;

        if (hx < 0x3FDA827A)
        {
            // x < 0.41422
            if (ax >= 0x3ff00000)
                return x == -1.0 ? double.NegativeInfinity : double.NaN; // x <= -1
            if (ax < 0x3e200000)
            {
                // |x| < 2^-29
                return ax < 0x3c900000 ? x : x - x * x * 0.5;
            }
            if (hx > 0 || hx <= unchecked((int)0xbfd2bec3))
            {
                // -0.2929 < x < 0.41422: no reduction needed.
                k = 0;
                f = x;
                hu = 1;
            }
        }
        else if (hx >= 0x7ff00000)
        {
            return x + x; // +inf or NaN
        }

        if (k != 0)
        {
            double u;
            if (hx < 0x43400000)
            {
                u = 1.0 + x;
                hu = (int)(BitConverter.DoubleToInt64Bits(u) >> 32);
                k = (hu >> 20) - 1023;
                c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term for the rounding of 1+x
                c /= u;
            }
            else
            {
                u = x;
                hu = (int)(BitConverter.DoubleToInt64Bits(u) >> 32);
                k = (hu >> 20) - 1023;
                c = 0;
            }
            hu &= 0x000fffff;
            long low = BitConverter.DoubleToInt64Bits(u) & 0xffffffffL;
            if (hu < 0x6a09e)
            {
                u = BitConverter.Int64BitsToDouble(((long)(hu | 0x3ff00000) << 32) | low); // normalise u
            }
            else
            {
                k += 1;
                u = BitConverter.Int64BitsToDouble(((long)(hu | 0x3fe00000) << 32) | low); // normalise u/2
                hu = (0x00100000 - hu) >> 2;
            }
            f = u - 1.0;
        }

        double hfsq = 0.5 * f * f;
        if (hu == 0)
        {
            // |f| < 2^-20
            if (f == 0.0)
            {
                if (k == 0)
                    return 0.0;
                c += k * Ln2Lo;
                return k * Ln2Hi + c;
            }
            double r0 = hfsq * (1.0 - 0.66666666666666666 * f);
            return k == 0 ? f - r0 : k * Ln2Hi - ((r0 - (k * Ln2Lo + c)) - f);
        }

        double s = f / (2.0 + f);
        double z = s * s;
        double r1 = z * Lp1;
        double z2 = z * z;
        double r2 = Lp2 + z * Lp3;
        double z4 = z2 * z2;
        double r3 = Lp4 + z * Lp5;
        double z6 = z4 * z2;
        double r4 = Lp6 + z * Lp7;
        double r = r1 + z2 * r2 + z4 * r3 + z6 * r4;
        return k == 0
            ? f - (hfsq - s * (hfsq + r))
            : k * Ln2Hi - ((hfsq - (s * (hfsq + r) + (k * Ln2Lo + c))) - f);
    }

    // ------------------------------------------- AVX2 "avx_mathfun" lane emulation (float)
    //
    // PyTorch's float32 normal_ on an AVX2 build uses log256_ps and sincos256_ps from
    // ATen/native/cpu/avx_mathfun.h (Cephes-style single-precision approximations by Pommier /
    // Garberoglio). Each lane is independent, so the functions below replay, in scalar IEEE
    // single precision, the exact instruction sequence of one lane: same constants (double
    // literals rounded to float, as the C arrays are initialised), same operation order, no
    // fused multiply-adds. The results therefore do not depend on the CPU SharpGrad runs on.

    private static readonly float MinNormPos = BitConverter.Int32BitsToSingle(0x00800000);
    private static readonly float SqrtHalf = (float)0.707106781186547524;
    private static readonly float LogP0 = (float)7.0376836292E-2;
    private static readonly float LogP1 = (float)-1.1514610310E-1;
    private static readonly float LogP2 = (float)1.1676998740E-1;
    private static readonly float LogP3 = (float)-1.2420140846E-1;
    private static readonly float LogP4 = (float)1.4249322787E-1;
    private static readonly float LogP5 = (float)-1.6668057665E-1;
    private static readonly float LogP6 = (float)2.0000714765E-1;
    private static readonly float LogP7 = (float)-2.4999993993E-1;
    private static readonly float LogP8 = (float)3.3333331174E-1;
    private static readonly float LogQ1 = (float)-2.12194440e-4;
    private static readonly float LogQ2 = (float)0.693359375;

    private static readonly float MinusDp1 = (float)-0.78515625;
    private static readonly float MinusDp2 = (float)-2.4187564849853515625e-4;
    private static readonly float MinusDp3 = (float)-3.77489497744594108e-8;
    private static readonly float SinP0 = (float)-1.9515295891E-4;
    private static readonly float SinP1 = (float)8.3321608736E-3;
    private static readonly float SinP2 = (float)-1.6666654611E-1;
    private static readonly float CosP0 = (float)2.443315711809948E-005;
    private static readonly float CosP1 = (float)-1.388731625493765E-003;
    private static readonly float CosP2 = (float)4.166664568298827E-002;
    private static readonly float FourOverPi = (float)1.27323954473516;

    /// <summary>One lane of <c>log256_ps</c>: natural log, NaN for x &lt;= 0.</summary>
    public static float CephesLog(float x)
    {
        bool invalid = x <= 0f;
        x = x > MinNormPos ? x : MinNormPos; // _mm256_max_ps(x, min_norm_pos)

        int bits = BitConverter.SingleToInt32Bits(x);
        int exponent = (int)((uint)bits >> 23);
        // keep the mantissa, force the exponent of 0.5: x in [0.5, 1)
        x = BitConverter.Int32BitsToSingle((bits & ~0x7f800000) | 0x3f000000);
        float e = exponent - 127;
        e += 1f;

        bool below = x < SqrtHalf;
        float tmp = below ? x : 0f;
        x -= 1f;
        e -= below ? 1f : 0f;
        x += tmp;

        float z = x * x;
        float y = LogP0;
        y *= x; y += LogP1;
        y *= x; y += LogP2;
        y *= x; y += LogP3;
        y *= x; y += LogP4;
        y *= x; y += LogP5;
        y *= x; y += LogP6;
        y *= x; y += LogP7;
        y *= x; y += LogP8;
        y *= x;
        y *= z;

        tmp = e * LogQ1;
        y += tmp;
        tmp = z * 0.5f;
        y -= tmp;
        tmp = e * LogQ2;
        x += y;
        x += tmp;
        return invalid ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) | -1) : x;
    }

    /// <summary>One lane of <c>sincos256_ps</c>.</summary>
    public static void CephesSinCos(float x, out float sin, out float cos)
    {
        int xBits = BitConverter.SingleToInt32Bits(x);
        int signSin = xBits & unchecked((int)0x80000000);
        x = BitConverter.Int32BitsToSingle(xBits & 0x7fffffff);

        float y = x * FourOverPi;
        int j = (int)y; // _mm256_cvttps_epi32 (truncation)
        j = (j + 1) & ~1;
        y = j;
        int j4 = j;

        int swapSignSin = (j & 4) << 29;
        bool polyMask = (j & 2) == 0;

        // extended precision modular arithmetic: x = ((x - y*DP1) - y*DP2) - y*DP3
        float t1 = y * MinusDp1;
        float t2 = y * MinusDp2;
        float t3 = y * MinusDp3;
        x += t1;
        x += t2;
        x += t3;

        j4 -= 2;
        int signCos = (~j4 & 4) << 29;
        signSin ^= swapSignSin;

        float z = x * x;
        float yc = CosP0;
        yc *= z; yc += CosP1;
        yc *= z; yc += CosP2;
        yc *= z;
        yc *= z;
        float tmp = z * 0.5f;
        yc -= tmp;
        yc += 1f;

        float ys = SinP0;
        ys *= z; ys += SinP1;
        ys *= z; ys += SinP2;
        ys *= z;
        ys *= x;
        ys += x;

        float ysin2 = polyMask ? ys : 0f;
        float ysin1 = polyMask ? 0f : yc;
        ys -= ysin2;
        yc -= ysin1;
        float s = ysin1 + ysin2;
        float c = yc + ys;

        sin = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(s) ^ signSin);
        cos = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(c) ^ signCos);
    }
}
