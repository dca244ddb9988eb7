using SharpGrad;
using static SharpGrad.torch;

namespace SharpGrad.Tests;

/// <summary>torch.linalg: inv, det, solve, solve_triangular, cholesky, qr and norm. Values against
/// libtorch's, gradients by float64 gradcheck and gradgradcheck, PyTorch's error messages.</summary>
[Collection("Global state")] // seeds and draws from the default generator, shared by every thread
public class LinalgTests
{
    // The inputs of tools/TorchOracle/Scripts.Linalg.cs.
    private static readonly double[] Pivoting = [0.5, 2, -1, 3, 1, 0.2, -1, 0.4, 2.5];
    private static readonly double[] Batch = [0.5, 2, -1, 3, 1, 0.2, -1, 0.4, 2.5, 2, -1, 0, -1, 2, -1, 0, -1, 2];
    private static readonly double[] Spd = [4, 1, 2, 1, 5, 3, 2, 3, 6];
    private static readonly double[] SpdBatch = [4, 1, 2, 1, 5, 3, 2, 3, 6, 2, -1, 0, -1, 2, -1, 0, -1, 2];
    private static readonly double[] Tall = [1, 2, 3, -1, 0.5, 2, 0, 1, -2, 4, 1, 1];
    private static readonly double[] Rhs = [1, -2, 0.5, 3, 2, -1];

    private static Tensor M(double[] data, ScalarType dtype, params long[] shape) => tensor(data, shape, dtype: dtype);

    private static Tensor QrPart(Tensor a, string mode, bool q)
    {
        var (Q, R) = linalg.qr(a, mode);
        return q ? Q : R;
    }

    /// <summary>Each case as the oracle script computes it, by its label there.</summary>
    private static readonly Dictionary<string, Func<ScalarType, Tensor>> Cases = new()
    {
        ["inv"] = dt => linalg.inv(M(Pivoting, dt, 3, 3)),
        ["inv batch"] = dt => linalg.inv(M(Batch, dt, 2, 3, 3)),
        ["det"] = dt => linalg.det(M(Pivoting, dt, 3, 3)),
        ["det batch"] = dt => linalg.det(M(Batch, dt, 2, 3, 3)),
        ["det singular"] = dt => linalg.det(M([1, 2, 3, 2, 4, 6, 1, 0, 1], dt, 3, 3)),
        ["solve matrix"] = dt => linalg.solve(M(Pivoting, dt, 3, 3), M(Rhs, dt, 3, 2)),
        ["solve batch broadcast"] = dt => linalg.solve(M(Batch, dt, 2, 3, 3), M(Rhs, dt, 3, 2)),
        ["solve vector"] = dt => linalg.solve(M(Pivoting, dt, 3, 3), M([1, -2, 0.5], dt, 3)),
        ["solve batch vector"] = dt => linalg.solve(M(Batch, dt, 2, 3, 3), M(Rhs, dt, 2, 3)),
        ["solve right"] = dt => linalg.solve(M(Pivoting, dt, 3, 3), M(Rhs, dt, 3, 2).mT, left: false),
        ["solve right batch"] = dt => linalg.solve(M(Batch, dt, 2, 3, 3), M([1, -2, 0.5, 3, 2, -1, 0.5, 1, 2, -1, 1, 1], dt, 2, 2, 3), left: false),
        ["solve_triangular upper"] = dt => linalg.solve_triangular(M(Pivoting, dt, 3, 3), M(Rhs, dt, 3, 2), upper: true),
        ["solve_triangular lower right"] = dt => linalg.solve_triangular(M(Pivoting, dt, 3, 3), M(Rhs, dt, 3, 2).mT, upper: false, left: false),
        ["solve_triangular lower unit"] = dt => linalg.solve_triangular(M(Pivoting, dt, 3, 3), M(Rhs, dt, 3, 2), upper: false, unitriangular: true),
        ["cholesky"] = dt => linalg.cholesky(M(Spd, dt, 3, 3)),
        ["cholesky batch"] = dt => linalg.cholesky(M(SpdBatch, dt, 2, 3, 3)),
        ["qr tall reduced Q"] = dt => QrPart(M(Tall, dt, 4, 3), "reduced", true),
        ["qr tall reduced R"] = dt => QrPart(M(Tall, dt, 4, 3), "reduced", false),
        ["qr tall complete Q"] = dt => QrPart(M(Tall, dt, 4, 3), "complete", true),
        ["qr tall complete R"] = dt => QrPart(M(Tall, dt, 4, 3), "complete", false),
        ["qr tall r R"] = dt => QrPart(M(Tall, dt, 4, 3), "r", false),
        ["qr wide reduced Q"] = dt => QrPart(M(Tall, dt, 3, 4), "reduced", true),
        ["qr wide reduced R"] = dt => QrPart(M(Tall, dt, 3, 4), "reduced", false),
        ["qr wide complete Q"] = dt => QrPart(M(Tall, dt, 3, 4), "complete", true),
        ["qr wide complete R"] = dt => QrPart(M(Tall, dt, 3, 4), "complete", false),
        ["qr wide r R"] = dt => QrPart(M(Tall, dt, 3, 4), "r", false),
        ["qr square reduced Q"] = dt => QrPart(M(Pivoting, dt, 3, 3), "reduced", true),
        ["qr square reduced R"] = dt => QrPart(M(Pivoting, dt, 3, 3), "reduced", false),
        ["qr square complete Q"] = dt => QrPart(M(Pivoting, dt, 3, 3), "complete", true),
        ["qr square complete R"] = dt => QrPart(M(Pivoting, dt, 3, 3), "complete", false),
        ["qr square r R"] = dt => QrPart(M(Pivoting, dt, 3, 3), "r", false),
        ["qr batch reduced Q"] = dt => QrPart(M(Batch, dt, 2, 3, 3), "reduced", true),
        ["qr batch reduced R"] = dt => QrPart(M(Batch, dt, 2, 3, 3), "reduced", false),
        ["qr batch complete Q"] = dt => QrPart(M(Batch, dt, 2, 3, 3), "complete", true),
        ["qr batch complete R"] = dt => QrPart(M(Batch, dt, 2, 3, 3), "complete", false),
        ["qr batch r R"] = dt => QrPart(M(Batch, dt, 2, 3, 3), "r", false),
        ["norm vector"] = dt => linalg.norm(M([3, -4, 1, 0.5], dt, 4)),
        ["norm matrix default"] = dt => linalg.norm(M(Pivoting, dt, 3, 3)),
        ["norm fro"] = dt => linalg.norm(M(Pivoting, dt, 3, 3), "fro"),
        ["norm inf"] = dt => linalg.norm(M(Pivoting, dt, 3, 3), double.PositiveInfinity),
        ["norm -inf"] = dt => linalg.norm(M(Pivoting, dt, 3, 3), double.NegativeInfinity),
        ["norm 1"] = dt => linalg.norm(M(Pivoting, dt, 3, 3), 1),
        ["norm -1"] = dt => linalg.norm(M(Pivoting, dt, 3, 3), -1),
        ["norm batch fro dims"] = dt => linalg.norm(M(Batch, dt, 2, 3, 3), "fro", [1, 2]),
        ["norm batch inf keepdim"] = dt => linalg.norm(M(Batch, dt, 2, 3, 3), double.PositiveInfinity, [-2, -1], keepdim: true),
        ["norm batch 1 dims 2 1"] = dt => linalg.norm(M(Batch, dt, 2, 3, 3), 1, [2, 1]),
        ["norm vector 3 dim 1"] = dt => linalg.norm(M(Batch, dt, 2, 3, 3), 3, [1]),
        ["norm vector dim -1 keepdim"] = dt => linalg.norm(M(Batch, dt, 2, 3, 3), 2, [-1], keepdim: true),
        ["norm vector inf"] = dt => linalg.norm(M([3, -4, 1, 0.5], dt, 4), double.PositiveInfinity),
        ["norm vector 0"] = dt => linalg.norm(M([3, 0, 1, 0.5], dt, 4), 0),
    };

    // tools/TorchOracle/run.sh Linalg: (float32 result, float64 result) per case.
    private static readonly Dictionary<string, (double[] F32, double[] F64)> Expected = new()
    {
        ["inv"] = ([-0.14765101671218872, 0.3294692039489746, -0.08541793376207352, 0.46979865431785583, -0.015253208577632904, 0.1891397088766098, -0.1342281848192215, 0.1342281848192215, 0.33557045459747314],
            [-0.1476510067114094, 0.32946918852959123, -0.08541793776693105, 0.4697986577181208, -0.015253203172666263, 0.18913971934106164, -0.1342281879194631, 0.1342281879194631, 0.33557046979865773]),
        ["inv batch"] = ([-0.14765101671218872, 0.3294692039489746, -0.08541793376207352, 0.46979865431785583, -0.015253208577632904, 0.1891397088766098, -0.1342281848192215, 0.1342281848192215, 0.33557045459747314, 0.75, 0.5000000596046448, 0.2500000298023224, 0.5000000596046448, 1.0000001192092896, 0.5000000596046448, 0.2500000298023224, 0.5000000596046448, 0.7500000596046448],
            [-0.1476510067114094, 0.32946918852959123, -0.08541793776693105, 0.4697986577181208, -0.015253203172666263, 0.18913971934106164, -0.1342281879194631, 0.1342281879194631, 0.33557046979865773, 0.75, 0.49999999999999994, 0.24999999999999994, 0.49999999999999994, 0.9999999999999999, 0.4999999999999999, 0.24999999999999994, 0.4999999999999999, 0.7499999999999999]),
        ["det"] = ([-16.389999389648438],
            [-16.39]),
        ["det batch"] = ([-16.389999389648438, 3.999999761581421],
            [-16.39, 4]),
        ["det singular"] = ([3.5762786865234375E-07],
            [-6.661338147750939E-16]),
        ["solve matrix"] = ([-0.15375226736068726, 1.3691275119781494, 0.8404514789581299, -1.1744966506958008, 0.6040267944335938, 0.33557045459747314],
            [-0.15375228798047588, 1.3691275167785235, 0.8404514948139109, -1.174496644295302, 0.6040268456375839, 0.33557046979865773]),
        ["solve batch broadcast"] = ([-0.15375226736068726, 1.3691275119781494, 0.8404514789581299, -1.1744966506958008, 0.6040267944335938, 0.33557045459747314, 1.5000001192092896, -0.24999994039535522, 2.000000238418579, 1.5000001192092896, 2.000000238418579, 0.2500000596046448],
            [-0.15375228798047588, 1.3691275167785235, 0.8404514948139109, -1.174496644295302, 0.6040268456375839, 0.33557046979865773, 1.4999999999999998, -0.2500000000000001, 1.9999999999999996, 1.4999999999999998, 1.9999999999999996, 0.24999999999999992]),
        ["solve vector"] = ([-0.849298357963562, 0.594874918460846, -0.23489932715892792],
            [-0.8492983526540574, 0.5948749237339841, -0.23489932885906048]),
        ["solve batch vector"] = ([-0.849298357963562, 0.594874918460846, -0.23489932715892792, 3, 3.000000238418579, 1.000000238418579],
            [-0.8492983526540574, 0.5948749237339841, -0.23489932885906048, 3, 2.9999999999999996, 0.9999999999999997]),
        ["solve right"] = ([-0.1812080442905426, 0.5902989506721497, 0.6802928447723389, 1.8389261960983276, -0.8389261960983276, 0.4026845693588257],
            [-0.18120805369127524, 0.5902989627821843, 0.6802928615009153, 1.8389261744966443, -0.8389261744966443, 0.40268456375838935]),
        ["solve right batch"] = ([-1.154362440109253, 0.4270896911621094, -0.29591211676597595, 0.6308724880218506, 0.8236730098724365, -0.2135448306798935, 1.3750001192092896, 2.250000238418579, 2.125000238418579, 5.960464477539063E-08, 1.0000001192092896, 1.0000001192092896],
            [-1.1543624161073824, 0.42708968883465526, -0.29591214154972545, 0.6308724832214765, 0.8236729713239781, -0.2135448444173276, 1.3749999999999998, 2.2499999999999996, 2.1249999999999996, -1.1102230246251565E-16, 0.9999999999999998, 0.9999999999999998]),
        ["solve_triangular upper"] = ([2.240000009536743, -17.119998931884766, 0.3399999737739563, 3.0799999237060547, 0.800000011920929, -0.4000000059604645],
            [2.24, -17.12, 0.33999999999999997, 3.08, 0.8, -0.4]),
        ["solve_triangular lower right"] = ([2.5199999809265137, 0.17999997735023499, 0.800000011920929, -23.760000228881836, 3.1600000858306885, -0.4000000059604645],
            [2.5200000000000005, 0.17999999999999994, 0.8, -23.76, 3.16, -0.4]),
        ["solve_triangular lower unit"] = ([1, -2, -2.5, 9, 4, -6.599999904632568],
            [1, -2, -2.5, 9, 4, -6.6000000000000005]),
        ["cholesky"] = ([2, 0, 0, 0.5, 2.1794495582580566, 0, 1, 1.1470786333084106, 1.9194297790527344],
            [2, 0, 0, 0.5, 2.179449471770337, 0, 1, 1.1470786693528088, 1.9194297398747862]),
        ["cholesky batch"] = ([2, 0, 0, 0.5, 2.1794495582580566, 0, 1, 1.1470786333084106, 1.9194297790527344, 1.4142135381698608, 0, 0, -0.7071067094802856, 1.2247449159622192, 0, 0, -0.8164965510368347, 1.154700517654419],
            [2, 0, 0, 0.5, 2.179449471770337, 0, 1, 1.1470786693528088, 1.9194297398747862, 1.4142135623730951, 0, 0, -0.7071067811865475, 1.224744871391589, 0, 0, -0.8164965809277261, 1.1547005383792515]),
        ["qr tall reduced Q"] = ([-0.2357022762298584, -0.7926759123802185, 0.3041495084762573, 0.2357022613286972, -0.37684592604637146, 0.425809383392334, -0, -0.46780866384506226, -0.851618766784668, -0.9428090453147888, 0.10395749658346176, 0.030414944514632225],
            [-0.2357022603955159, -0.792675861845208, 0.3041495323362367, 0.2357022603955158, -0.376845901532968, 0.42580934527073144, -0, -0.4678087053512704, -0.8516186905414628, -0.9428090415820632, 0.1039574900780601, 0.030414953233623643]),
        ["qr tall reduced R"] = ([-4.242640972137451, -1.2963626384735107, -1.178511142730713, 0, -2.1376259326934814, -2.09214448928833, 0, 0, 3.4977195262908936],
            [-4.242640687119286, -1.296362432175337, -1.1785113019775793, 0, -2.1376258897301095, -2.092144487820959, 0, 0, 3.497719621866723]),
        ["qr tall complete Q"] = ([-0.2357022762298584, -0.7926759123802185, 0.3041495084762573, -0.4728662073612213, 0.2357022613286972, -0.37684592604637146, 0.425809383392334, 0.7881104350090027, -0, -0.46780866384506226, -0.851618766784668, 0.23643316328525543, -0.9428090453147888, 0.10395749658346176, 0.030414944514632225, 0.3152441680431366],
            [-0.2357022603955159, -0.792675861845208, 0.3041495323362367, -0.4728662437434604, 0.2357022603955158, -0.376845901532968, 0.42580934527073144, 0.7881104062391006, -0, -0.4678087053512704, -0.8516186905414628, 0.23643312187173013, -0.9428090415820632, 0.1039574900780601, 0.030414953233623643, 0.3152441624956404]),
        ["qr tall complete R"] = ([-4.242640972137451, -1.2963626384735107, -1.178511142730713, 0, -2.1376259326934814, -2.09214448928833, 0, 0, 3.4977195262908936, 0, 0, 0],
            [-4.242640687119286, -1.296362432175337, -1.1785113019775793, 0, -2.1376258897301095, -2.092144487820959, 0, 0, 3.497719621866723, 0, 0, 0]),
        ["qr tall r R"] = ([-4.242640972137451, -1.2963626384735107, -1.178511142730713, 0, -2.1376259326934814, -2.09214448928833, 0, 0, 3.4977195262908936],
            [-4.242640687119286, -1.296362432175337, -1.1785113019775793, 0, -2.1376258897301095, -2.092144487820959, 0, 0, 3.497719621866723]),
        ["qr wide reduced Q"] = ([-0.4364358186721802, -0.6731183528900146, 0.5970223546028137, -0.2182178944349289, -0.5645508766174316, -0.7960297465324402, 0.8728715777397156, -0.4776967763900757, 0.09950365871191025],
            [-0.4364357804719847, -0.6731182406973183, 0.5970223141259936, -0.21821789023599236, -0.5645507825203314, -0.7960297521679911, 0.8728715609439694, -0.47769681597874203, 0.099503719020999]),
        ["qr wide reduced R"] = ([-2.291287660598755, 2.1821789741516113, -0.4364359378814697, 1.0910894870758057, 0, -4.386125087738037, -2.49705171585083, -0.3691293001174927, 0, 0, 1.8905707597732544, -1.293548345565796],
            [-2.29128784747792, 2.1821789023599236, -0.4364357804719847, 1.091089451179962, 0, -4.386125310350269, -2.4970515380706972, -0.36912935780175493, 0, 0, 1.8905706613989797, -1.2935483472729856]),
        ["qr wide complete Q"] = ([-0.4364358186721802, -0.6731183528900146, 0.5970223546028137, -0.2182178944349289, -0.5645508766174316, -0.7960297465324402, 0.8728715777397156, -0.4776967763900757, 0.09950365871191025],
            [-0.4364357804719847, -0.6731182406973183, 0.5970223141259936, -0.21821789023599236, -0.5645507825203314, -0.7960297521679911, 0.8728715609439694, -0.47769681597874203, 0.099503719020999]),
        ["qr wide complete R"] = ([-2.291287660598755, 2.1821789741516113, -0.4364359378814697, 1.0910894870758057, 0, -4.386125087738037, -2.49705171585083, -0.3691293001174927, 0, 0, 1.8905707597732544, -1.293548345565796],
            [-2.29128784747792, 2.1821789023599236, -0.4364357804719847, 1.091089451179962, 0, -4.386125310350269, -2.4970515380706972, -0.36912935780175493, 0, 0, 1.8905706613989797, -1.2935483472729856]),
        ["qr wide r R"] = ([-2.291287660598755, 2.1821789741516113, -0.4364359378814697, 1.0910894870758057, 0, -4.386125087738037, -2.49705171585083, -0.3691293001174927, 0, 0, 1.8905707597732544, -1.293548345565796],
            [-2.29128784747792, 2.1821789023599236, -0.4364357804719847, 1.091089451179962, 0, -4.386125310350269, -2.4970515380706972, -0.36912935780175493, 0, 0, 1.8905706613989797, -1.2935483472729856]),
        ["qr square reduced Q"] = ([-0.15617382526397705, 0.9243364334106445, -0.34815531969070435, -0.9370426535606384, -0.027186177670955658, 0.34815526008605957, 0.31234756112098694, 0.38060900568962097, 0.8703882694244385],
            [-0.1561737618886061, 0.9243363213059624, -0.3481553119113957, -0.9370425713316365, -0.027186362391351717, 0.3481553119113957, 0.31234752377721214, 0.38060907347892586, 0.8703882797784892]),
        ["qr square reduced R"] = ([-3.20156192779541, -1.1244511604309082, 0.7496341466903687, 0, 1.9737300872802734, 0.021748900413513184, 0, 0, 2.593757152557373],
            [-3.2015621187164243, -1.1244510855979635, 0.7496340570653093, 0, 1.9737299096121437, 0.021749089913081665, 0, 0, 2.593757073739898]),
        ["qr square complete Q"] = ([-0.15617382526397705, 0.9243364334106445, -0.34815531969070435, -0.9370426535606384, -0.027186177670955658, 0.34815526008605957, 0.31234756112098694, 0.38060900568962097, 0.8703882694244385],
            [-0.1561737618886061, 0.9243363213059624, -0.3481553119113957, -0.9370425713316365, -0.027186362391351717, 0.3481553119113957, 0.31234752377721214, 0.38060907347892586, 0.8703882797784892]),
        ["qr square complete R"] = ([-3.20156192779541, -1.1244511604309082, 0.7496341466903687, 0, 1.9737300872802734, 0.021748900413513184, 0, 0, 2.593757152557373],
            [-3.2015621187164243, -1.1244510855979635, 0.7496340570653093, 0, 1.9737299096121437, 0.021749089913081665, 0, 0, 2.593757073739898]),
        ["qr square r R"] = ([-3.20156192779541, -1.1244511604309082, 0.7496341466903687, 0, 1.9737300872802734, 0.021748900413513184, 0, 0, 2.593757152557373],
            [-3.2015621187164243, -1.1244510855979635, 0.7496340570653093, 0, 1.9737299096121437, 0.021749089913081665, 0, 0, 2.593757073739898]),
        ["qr batch reduced Q"] = ([-0.15617382526397705, 0.9243364334106445, -0.34815531969070435, -0.9370426535606384, -0.027186177670955658, 0.34815526008605957, 0.31234756112098694, 0.38060900568962097, 0.8703882694244385, -0.8944270610809326, -0.35856860876083374, 0.267261266708374, 0.4472135901451111, -0.7171372175216675, 0.534522533416748, -0, 0.5976143479347229, 0.8017836809158325],
            [-0.1561737618886061, 0.9243363213059624, -0.3481553119113957, -0.9370425713316365, -0.027186362391351717, 0.3481553119113957, 0.31234752377721214, 0.38060907347892586, 0.8703882797784892, -0.8944271909999157, -0.3585685828003181, 0.2672612419124244, 0.4472135954999579, -0.7171371656006363, 0.5345224838248488, -0, 0.5976143046671969, 0.8017837257372731]),
        ["qr batch reduced R"] = ([-3.20156192779541, -1.1244511604309082, 0.7496341466903687, 0, 1.9737300872802734, 0.021748900413513184, 0, 0, 2.593757152557373, -2.2360680103302, 1.7888543605804443, -0.4472135901451111, 0, -1.673319935798645, 1.9123660326004028, 0, 0, 1.069044828414917],
            [-3.2015621187164243, -1.1244510855979635, 0.7496340570653093, 0, 1.9737299096121437, 0.021749089913081665, 0, 0, 2.593757073739898, -2.23606797749979, 1.7888543819998315, -0.4472135954999579, 0, -1.673320053068151, 1.9123657749350298, 0, 0, 1.0690449676496976]),
        ["qr batch complete Q"] = ([-0.15617382526397705, 0.9243364334106445, -0.34815531969070435, -0.9370426535606384, -0.027186177670955658, 0.34815526008605957, 0.31234756112098694, 0.38060900568962097, 0.8703882694244385, -0.8944270610809326, -0.35856860876083374, 0.267261266708374, 0.4472135901451111, -0.7171372175216675, 0.534522533416748, -0, 0.5976143479347229, 0.8017836809158325],
            [-0.1561737618886061, 0.9243363213059624, -0.3481553119113957, -0.9370425713316365, -0.027186362391351717, 0.3481553119113957, 0.31234752377721214, 0.38060907347892586, 0.8703882797784892, -0.8944271909999157, -0.3585685828003181, 0.2672612419124244, 0.4472135954999579, -0.7171371656006363, 0.5345224838248488, -0, 0.5976143046671969, 0.8017837257372731]),
        ["qr batch complete R"] = ([-3.20156192779541, -1.1244511604309082, 0.7496341466903687, 0, 1.9737300872802734, 0.021748900413513184, 0, 0, 2.593757152557373, -2.2360680103302, 1.7888543605804443, -0.4472135901451111, 0, -1.673319935798645, 1.9123660326004028, 0, 0, 1.069044828414917],
            [-3.2015621187164243, -1.1244510855979635, 0.7496340570653093, 0, 1.9737299096121437, 0.021749089913081665, 0, 0, 2.593757073739898, -2.23606797749979, 1.7888543819998315, -0.4472135954999579, 0, -1.673320053068151, 1.9123657749350298, 0, 0, 1.0690449676496976]),
        ["qr batch r R"] = ([-3.20156192779541, -1.1244511604309082, 0.7496341466903687, 0, 1.9737300872802734, 0.021748900413513184, 0, 0, 2.593757152557373, -2.2360680103302, 1.7888543605804443, -0.4472135901451111, 0, -1.673319935798645, 1.9123660326004028, 0, 0, 1.069044828414917],
            [-3.2015621187164243, -1.1244510855979635, 0.7496340570653093, 0, 1.9737299096121437, 0.021749089913081665, 0, 0, 2.593757073739898, -2.23606797749979, 1.7888543819998315, -0.4472135954999579, 0, -1.673320053068151, 1.9123657749350298, 0, 0, 1.0690449676496976]),
        ["norm vector"] = ([5.123475551605225],
            [5.123475382979799]),
        ["norm matrix default"] = ([4.76445198059082],
            [4.764451699828638]),
        ["norm fro"] = ([4.76445198059082],
            [4.764451699828638]),
        ["norm inf"] = ([4.199999809265137],
            [4.2]),
        ["norm -inf"] = ([3.5],
            [3.5]),
        ["norm 1"] = ([4.5],
            [4.5]),
        ["norm -1"] = ([3.4000000953674316],
            [3.4]),
        ["norm batch fro dims"] = ([4.76445198059082, 4],
            [4.764451699828638, 4]),
        ["norm batch inf keepdim"] = ([4.199999809265137, 4],
            [4.2, 4]),
        ["norm batch 1 dims 2 1"] = ([4.199999809265137, 4],
            [4.2, 4]),
        ["norm vector 3 dim 1"] = ([3.0411012172698975, 2.085002899169922, 2.5526437759399414, 2.0800838470458984, 2.1544346809387207, 2.0800838470458984],
            [3.0411009977867, 2.085002750793335, 2.552643676303301, 2.080083823051904, 2.154434690031884, 2.080083823051904]),
        ["norm vector dim -1 keepdim"] = ([2.291287899017334, 3.168595790863037, 2.7221314907073975, 2.2360680103302, 2.4494898319244385, 2.2360680103302],
            [2.29128784747792, 3.1685959035509716, 2.72213151776324, 2.23606797749979, 2.449489742783178, 2.23606797749979]),
        ["norm vector inf"] = ([4],
            [4]),
        ["norm vector 0"] = ([3],
            [3]),
    };

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ValuesMatchLibtorch(string name)
    {
        var (f32, f64) = Expected[name];
        var single = Cases[name](float32);
        Assert.Equal(float32, single.dtype);
        AssertClose(single, f32, relative: 2e-6, absolute: 1e-6);
        var dbl = Cases[name](float64);
        Assert.Equal(float64, dbl.dtype);
        AssertClose(dbl, f64, relative: 1e-12, absolute: 1e-14);
    }

    private static void AssertClose(Tensor actual, double[] expected, double relative, double absolute)
    {
        var values = actual.to(float64).reshape(-1).ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(values[i] - expected[i]) <= absolute + relative * Math.Abs(expected[i]),
                $"element {i}: expected {expected[i]:R}, got {values[i]:R}");
    }

    [Fact]
    public void ShapesFollowPyTorch()
    {
        Assert.Equal([2L, 3, 2], linalg.solve(M(Batch, float64, 2, 3, 3), M(Rhs, float64, 3, 2)).shape);
        Assert.Equal([2L, 3], linalg.solve(M(Batch, float64, 2, 3, 3), M(Rhs, float64, 2, 3)).shape);
        Assert.Equal([2L, 3], linalg.solve(M(Batch, float64, 2, 3, 3), M([1, 2, 3], float64, 3)).shape);
        // B [3, 3] against A [2, 3, 3] is a matrix, not a batch of vectors.
        Assert.Equal([2L, 3, 3], linalg.solve(M(Batch, float64, 2, 3, 3), M(Pivoting, float64, 3, 3)).shape);
        Assert.Equal([2L], linalg.det(M(Batch, float64, 2, 3, 3)).shape);
        Assert.Empty(linalg.det(M(Pivoting, float64, 3, 3)).shape);
        var (q, r) = linalg.qr(M(Tall, float64, 4, 3), "r");
        Assert.Equal([0L], q.shape);
        Assert.Equal([3L, 3], r.shape);
        Assert.Equal([2L, 1, 1], linalg.norm(M(Batch, float64, 2, 3, 3), 1, [-2, -1], keepdim: true).shape);
    }

    [Fact]
    public void QrFactorsAreOrthogonalAndReproduceTheInput()
    {
        manual_seed(3);
        foreach (var shape in new long[][] { [5, 3], [3, 5], [2, 4, 4], [3, 6, 2] })
        {
            var a = randn(shape, dtype: float64);
            foreach (var mode in new[] { "reduced", "complete" })
            {
                var (q, r) = linalg.qr(a, mode);
                Assert.True(allclose(q.matmul(r), a, rtol: 1e-12, atol: 1e-12), $"{mode} {string.Join("x", shape)}");
                var qtq = q.mT.matmul(q);
                Assert.True(allclose(qtq, eye(qtq.shape[^1], dtype: float64).expand(qtq.shape), atol: 1e-12));
                Assert.True(allclose(r, Ops.Linalg.Triu(r), atol: 0), "R is upper triangular");
            }
        }
    }

    [Fact]
    public void LargerMatricesSatisfyTheirDefinitions()
    {
        manual_seed(9);
        var a = randn([2, 40, 40], dtype: float64) + 8 * eye(40, dtype: float64);
        var identity = eye(40, dtype: float64).expand(2, 40, 40);
        Assert.True(allclose(a.matmul(linalg.inv(a)), identity, atol: 1e-12));
        var b = randn([2, 40, 5], dtype: float64);
        Assert.True(allclose(a.matmul(linalg.solve(a, b)), b, atol: 1e-12));
        var spd = a.matmul(a.mT);
        var l = linalg.cholesky(spd);
        Assert.True(allclose(l.matmul(l.mT), spd, rtol: 1e-12, atol: 1e-10));
        var x = linalg.solve_triangular(l, b, upper: false);
        Assert.True(allclose(l.matmul(x), b, atol: 1e-12));
        // det(A) = det(L)² for A = L·Lᵀ, and det of a triangular matrix is its diagonal's product.
        var diagonalProduct = (l * eye(40, dtype: float64)).sum(-1).prod(-1);
        Assert.True(allclose(linalg.det(spd), diagonalProduct * diagonalProduct, rtol: 1e-10));
        var tall = randn([60, 35], dtype: float32);
        var (q, r) = linalg.qr(tall);
        Assert.True(allclose(q.matmul(r), tall, atol: 1e-5));
        Assert.True(allclose(q.mT.matmul(q), eye(35), atol: 1e-5));
    }

    [Fact]
    public void StridedAndExpandedInputsGiveTheSameValues()
    {
        var a = M(Pivoting, float64, 3, 3);
        Assert.True(allclose(linalg.inv(a.mT), linalg.inv(a).mT, rtol: 1e-13, atol: 1e-15));
        Assert.True(allclose(linalg.det(a.mT), linalg.det(a), rtol: 1e-13));
        var expanded = a.unsqueeze(0).expand(2, 3, 3);
        var solved = linalg.solve(expanded, M(Rhs, float64, 3, 2));
        Assert.True(allclose(solved[1], linalg.solve(a, M(Rhs, float64, 3, 2)), rtol: 1e-13, atol: 1e-15));
        var sliced = M(Batch, float64, 2, 3, 3)[1];
        Assert.True(allclose(linalg.cholesky(sliced.matmul(sliced.mT)), linalg.cholesky(sliced.contiguous().matmul(sliced.mT)), atol: 1e-15));
    }

    // ------------------------------------------------------------------ gradients

    /// <summary>A well-conditioned float64 batch of matrices that requires grad.</summary>
    private static Tensor WellConditioned(params long[] shape)
    {
        var a = randn(shape, dtype: float64) + 3 * eye(shape[^1], dtype: float64);
        return a.detach().requires_grad_(true);
    }

    [Fact]
    public void InvGradients()
    {
        manual_seed(0);
        TestUtil.CheckGradients(x => linalg.inv(x[0]), WellConditioned(3, 3));
        TestUtil.CheckGradients(x => linalg.inv(x[0]), WellConditioned(2, 3, 3));
        TestUtil.CheckGradients(x => x[0].inverse(), WellConditioned(2, 2));
    }

    [Fact]
    public void DetGradients()
    {
        manual_seed(1);
        TestUtil.CheckGradients(x => linalg.det(x[0]), WellConditioned(3, 3));
        TestUtil.CheckGradients(x => linalg.det(x[0]), WellConditioned(2, 4, 4));
        TestUtil.CheckGradients(x => det(x[0]) * x[0].det(), WellConditioned(2, 2));
    }

    [Fact]
    public void DetGradientAtASingularMatrixIsTheCofactorMatrix()
    {
        // det's gradient is the cofactor matrix; at a singular matrix it is not g·det·A⁻ᵀ but still exists.
        var a = tensor(new double[] { 1, 2, 3, 2, 4, 6, 1, 0, 1 }, [3, 3], requires_grad: true);
        linalg.det(a).backward();
        // Cofactors of [[1, 2, 3], [2, 4, 6], [1, 0, 1]] by hand.
        TestUtil.AssertValues(a.grad!, [4, 4, -4, -2, -2, 2, 0, 0, 0], 1e-12);
        // Second order, exactly: C₀₀ = a₁₁a₂₂ − a₁₂a₂₁, so ∂C₀₀/∂A = [[0, 0, 0], [0, a₂₂, −a₂₁], [0, −a₁₂, a₁₁]].
        var b = a.detach().requires_grad_(true);
        var cofactors = autograd.grad([linalg.det(b)], [b], create_graph: true)[0]!;
        TestUtil.AssertValues(autograd.grad([cofactors[0, 0]], [b])[0]!, [0, 0, 0, 0, 1, 0, 0, -6, 4], 1e-12);
        // First order only at singular points: finite differences of the gradient step off the
        // singular matrix, where g·det·A⁻ᵀ of a nearly singular A loses the digits a second difference needs.
        var batch = stack([a.detach(), tensor(Pivoting, [3, 3])]).requires_grad_(true);
        Assert.True(autograd.gradcheck(x => linalg.det(x[0]), [batch]));
        Assert.True(autograd.gradcheck(x => linalg.det(x[0]), [tensor(new double[] { 2, 1, 4, 2 }, [2, 2], requires_grad: true)]));
        TestUtil.CheckGradients(x => linalg.det(x[0]), tensor(new double[] { 2.5 }, [1, 1], requires_grad: true));
    }

    [Fact]
    public void SolveGradients()
    {
        manual_seed(2);
        var b = randn([3, 2], dtype: float64).requires_grad_(true);
        TestUtil.CheckGradients(x => linalg.solve(x[0], x[1]), WellConditioned(3, 3), b);
        // Broadcast batch dims: A [2, 3, 3] with B [3, 2], and A [3, 3] with B [2, 3, 2].
        TestUtil.CheckGradients(x => linalg.solve(x[0], x[1]), WellConditioned(2, 3, 3), b);
        TestUtil.CheckGradients(x => linalg.solve(x[0], x[1]), WellConditioned(3, 3), randn([2, 3, 2], dtype: float64).requires_grad_(true));
        // Vector right sides: B [3], and a batch of vectors B [2, 3].
        TestUtil.CheckGradients(x => linalg.solve(x[0], x[1]), WellConditioned(2, 3, 3), randn([3], dtype: float64).requires_grad_(true));
        TestUtil.CheckGradients(x => linalg.solve(x[0], x[1]), WellConditioned(2, 3, 3), randn([2, 3], dtype: float64).requires_grad_(true));
        // X·A = B.
        TestUtil.CheckGradients(x => linalg.solve(x[0], x[1], left: false), WellConditioned(2, 3, 3), randn([4, 3], dtype: float64).requires_grad_(true));
    }

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, false)]
    [InlineData(false, false, true)]
    [InlineData(true, true, true)]
    public void SolveTriangularGradients(bool upper, bool left, bool unit)
    {
        manual_seed(4);
        var a = WellConditioned(2, 3, 3);
        var b = randn(left ? [3, 2] : [2, 3], dtype: float64).requires_grad_(true);
        TestUtil.CheckGradients(x => linalg.solve_triangular(x[0], x[1], upper, left, unit), a, b);
    }

    [Fact]
    public void CholeskyGradients()
    {
        manual_seed(5);
        // Through A·Aᵀ + I, so that every perturbation keeps the input symmetric positive-definite
        // (cholesky reads one triangle; its gradient is the symmetric one, as PyTorch's).
        TestUtil.CheckGradients(x => linalg.cholesky(x[0].matmul(x[0].mT) + eye(3, dtype: float64)), randn([3, 3], dtype: float64).requires_grad_(true));
        TestUtil.CheckGradients(x => linalg.cholesky(x[0].matmul(x[0].mT) + eye(3, dtype: float64), upper: true), randn([2, 3, 3], dtype: float64).requires_grad_(true));
    }

    private static Tensor QrBoth(Tensor a, string mode)
    {
        var (q, r) = linalg.qr(a, mode);
        return cat([q.reshape(-1), r.reshape(-1)]);
    }

    [Fact]
    public void QrGradients()
    {
        manual_seed(6);
        TestUtil.CheckGradients(x => QrBoth(x[0], "reduced"), randn([4, 3], dtype: float64).requires_grad_(true));
        TestUtil.CheckGradients(x => QrBoth(x[0], "reduced"), randn([2, 3, 3], dtype: float64).requires_grad_(true));
        TestUtil.CheckGradients(x => QrBoth(x[0], "reduced"), randn([3, 5], dtype: float64).requires_grad_(true));
        TestUtil.CheckGradients(x => QrBoth(x[0], "complete"), randn([3, 3], dtype: float64).requires_grad_(true));
        // A gradient for only one of the outputs.
        TestUtil.CheckGradients(x => linalg.qr(x[0]).R, randn([4, 2], dtype: float64).requires_grad_(true));
        TestUtil.CheckGradients(x => linalg.qr(x[0]).Q, randn([4, 2], dtype: float64).requires_grad_(true));
    }

    [Fact]
    public void NormGradients()
    {
        manual_seed(7);
        var a = randn([2, 3, 4], dtype: float64).requires_grad_(true);
        TestUtil.CheckGradients(x => linalg.norm(x[0]), a);
        TestUtil.CheckGradients(x => linalg.norm(x[0], "fro", [1, 2]), a);
        TestUtil.CheckGradients(x => linalg.norm(x[0], 1, [1, 2], keepdim: true), a);
        TestUtil.CheckGradients(x => linalg.norm(x[0], double.NegativeInfinity, [2, 1]), a);
        TestUtil.CheckGradients(x => linalg.norm(x[0], 3, [-1]), a);
        TestUtil.CheckGradients(x => linalg.matrix_norm(x[0], double.PositiveInfinity), a);
        TestUtil.CheckGradients(x => linalg.vector_norm(x[0], 1.5), a);
    }

    // tools/TorchOracle/run.sh Linalg, "gradients (float64)".
    private static readonly Dictionary<string, double[]> ExpectedGradients = new()
    {
        ["grad inv"] = [-0.4002849994471993, 0.19315264259185705, 0.13918291968830235, -0.2015786646495337, -0.1526623214425975, 0.0499567996527593, -0.20817318555749667, -0.11125811100013736, 0.018119576923234425],
        ["grad det"] = [3.630000000000001, -11.55, 3.3000000000000003, -8.100000000000001, 0.3749999999999998, -3.3000000000000003, 2.1, -4.65, -8.25],
        ["grad cholesky"] = [0.19541229244047303, -0.1189555593297415, 0.16865319478392474, -0.11895555932974147, 0.5855418317162278, 0.19514020280136912, 0.16865319478392474, 0.19514020280136912, 0.06512350903146596],
        ["grad qr tall"] = [-0.887437402348871, -1.8215151670684238, 1.8011992537452246, -0.16160731162742267, -0.06388588752031944, 0.78426206802938, 0.7798492720589286, -3.648716231971381, 0.7706587947795582, -0.879202649099459, -1.6819130236726165, 0.8064258753508601],
        ["grad qr wide"] = [1.656967032123291, -0.8102571978313338, 0.7967756343726448, 1.1577868782005254, -1.7444575253306616, 0.24166426730743185, -0.9241447542163378, -1.5189917144930443, 1.5380130584679401, 0.22810942978067106, -2.1239362188456816, 1.0010962570942734],
    };

    [Fact]
    public void GradientsMatchLibtorch()
    {
        var w = tensor(new double[] { 1, 2, -1, 0.5, 3, -2, 1, 1, 0.25 }, [3, 3]);
        var w43 = tensor(new double[] { 1, -1, 2, 0.5, 0.3, 1, -2, 1, 1, 0.7, -0.4, 2 }, [4, 3]);
        var a = tensor(Pivoting, [3, 3], requires_grad: true);
        (linalg.inv(a) * w).sum().backward();
        AssertClose(a.grad!, ExpectedGradients["grad inv"], 1e-12, 1e-14);
        a.grad!.zero_();
        (linalg.det(a) * 1.5).backward();
        AssertClose(a.grad!, ExpectedGradients["grad det"], 1e-12, 1e-14);
        var s = tensor(Spd, [3, 3], requires_grad: true);
        (linalg.cholesky(s) * w).sum().backward();
        AssertClose(s.grad!, ExpectedGradients["grad cholesky"], 1e-12, 1e-14);
        var t = tensor(Tall, [4, 3], requires_grad: true);
        var (q, r) = linalg.qr(t);
        ((q * w43).sum() + (r * w).sum()).backward();
        AssertClose(t.grad!, ExpectedGradients["grad qr tall"], 1e-12, 1e-14);
        var x = tensor(Tall, [3, 4], requires_grad: true);
        var (q2, r2) = linalg.qr(x);
        ((q2 * w).sum() + (r2 * w43.mT).sum()).backward();
        AssertClose(x.grad!, ExpectedGradients["grad qr wide"], 1e-12, 1e-14);
    }

    [Fact]
    public void NodeNamesAreLibtorchs()
    {
        var a = tensor(Pivoting, [3, 3], requires_grad: true);
        Assert.Equal("LinalgInvExBackward0", linalg.inv(a).grad_fn!.name());
        Assert.Equal("LinalgDetBackward0", linalg.det(a).grad_fn!.name());
        Assert.Equal("LinalgSolveExBackward0", linalg.solve(a, M(Rhs, float64, 3, 2)).grad_fn!.name());
        Assert.Equal("LinalgSolveTriangularBackward0", linalg.solve_triangular(a, M(Rhs, float64, 3, 2), upper: true).grad_fn!.name());
        Assert.Equal("LinalgCholeskyExBackward0", linalg.cholesky(tensor(Spd, [3, 3], requires_grad: true)).grad_fn!.name());
        var (q, r) = linalg.qr(a);
        Assert.Equal("LinalgQrBackward0", q.grad_fn!.name());
        Assert.Same(q.grad_fn, r.grad_fn);
        Assert.Equal(0, q.output_nr);
        Assert.Equal(1, r.output_nr);
    }

    [Fact]
    public void ForwardModeTangentsMatchReverseMode()
    {
        manual_seed(8);
        var a = WellConditioned(3, 3).detach();
        var v = randn([3, 3], dtype: float64);
        foreach (var (name, f) in new (string, Func<Tensor, Tensor>)[]
        {
            ("inv", linalg.inv), ("det", linalg.det), ("qr.Q", x => linalg.qr(x).Q), ("qr.R", x => linalg.qr(x).R),
            ("cholesky", x => linalg.cholesky(x.matmul(x.mT))),
        })
        {
            Tensor tangent;
            using (autograd.forward_ad.dual_level())
                tangent = autograd.forward_ad.unpack_dual(f(autograd.forward_ad.make_dual(a, v))).tangent!;
            // J·v from reverse mode, one output element at a time.
            var x = a.clone().requires_grad_(true);
            var y = f(x).reshape(-1);
            var expected = new double[y.shape[0]];
            for (int i = 0; i < expected.Length; i++)
            {
                var g = autograd.grad([y[i]], [x], retain_graph: true)[0]!;
                expected[i] = (g * v).sum().item<double>();
            }
            AssertClose(tangent, expected, 1e-10, 1e-12);
        }
    }

    // ------------------------------------------------------------------ errors (libtorch's messages)

    private static void AssertMessage<TException>(string message, Action action) where TException : Exception
        => Assert.Equal(message, Assert.Throws<TException>(action).Message);

    [Fact]
    public void ErrorMessagesAreLibtorchs()
    {
        var singular = tensor(new double[] { 1, 2, 2, 4 }, [2, 2]);
        var nonSquare = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        AssertMessage<InvalidOperationException>("linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.", () => linalg.inv(singular));
        AssertMessage<InvalidOperationException>("linalg.inv: (Batch element 1): The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.",
            () => linalg.inv(tensor(new double[] { 1, 0, 0, 1, 1, 2, 2, 4 }, [2, 2, 2])));
        AssertMessage<ArgumentException>("linalg.inv: A must be batches of square matrices, but they are 2 by 3 matrices", () => linalg.inv(nonSquare));
        AssertMessage<ArgumentException>("linalg.inv: The input tensor A must have at least 2 dimensions.", () => linalg.inv(tensor(new double[] { 1, 2 })));
        AssertMessage<ArgumentException>("linalg.inv: Expected a floating point or complex tensor as input. Got Long", () => linalg.inv(tensor(new long[] { 1, 2, 3, 4 }, [2, 2])));
        AssertMessage<InvalidOperationException>("torch.linalg.solve: The solver failed because the input matrix is singular.", () => linalg.solve(singular, tensor(new double[] { 1, 2 })));
        AssertMessage<ArgumentException>("linalg.solve: A must be batches of square matrices, but they are 2 by 3 matrices", () => linalg.solve(nonSquare, tensor(new double[] { 1, 2 })));
        AssertMessage<ArgumentException>("linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 2x1)", () => linalg.solve(tensor(Pivoting, [3, 3]), tensor(new double[] { 1, 2 })));
        AssertMessage<ArgumentException>("linalg.solve: Expected A and B to have the same dtype, but found A of type Double and B of type Float instead",
            () => linalg.solve(tensor(Pivoting, [3, 3]), tensor(new float[] { 1, 2, 3 })));
        AssertMessage<ArgumentException>("linalg.solve: Incompatible shapes of A and B for the equation XA = B (3x3 and 3x1)",
            () => linalg.solve(tensor(Batch, [2, 3, 3]), tensor(Rhs, [2, 3]), left: false));
        AssertMessage<ArgumentException>("linalg.solve: Incompatible shapes of A and B for the equation XA = B (3x3 and 3x2)",
            () => linalg.solve(tensor(Pivoting, [3, 3]), tensor(Rhs, [3, 2]), left: false));
        AssertMessage<ArgumentException>("linalg.det: A must be batches of square matrices, but they are 2 by 3 matrices", () => linalg.det(nonSquare));
        AssertMessage<InvalidOperationException>("linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).",
            () => linalg.cholesky(tensor(new double[] { 1, 2, 2, 1 }, [2, 2])));
        AssertMessage<InvalidOperationException>("linalg.cholesky: (Batch element 1): The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).",
            () => linalg.cholesky(tensor(new double[] { 1, 0, 0, 1, 1, 2, 2, 1 }, [2, 2, 2])));
        AssertMessage<ArgumentException>("linalg.cholesky: A must be batches of square matrices, but they are 2 by 3 matrices", () => linalg.cholesky(nonSquare));
        AssertMessage<ArgumentException>("linalg.qr: The input tensor A must have at least 2 dimensions.", () => linalg.qr(tensor(new double[] { 1, 2 })));
        AssertMessage<ArgumentException>("qr received unrecognized mode 'full' but expected one of 'reduced' (default), 'r', or 'complete'", () => linalg.qr(singular, "full"));
        AssertMessage<InvalidOperationException>("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.",
            () => linalg.qr(tensor(Tall, [4, 3], requires_grad: true), "r").R.sum().backward());
        AssertMessage<InvalidOperationException>("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.",
            () => linalg.qr(tensor(Tall, [4, 3], requires_grad: true), "complete").Q.sum().backward());
        AssertMessage<ArgumentException>("linalg.solve_triangular: The input tensor B must have at least 2 dimensions.",
            () => linalg.solve_triangular(tensor(new double[] { 1, 0, 2, 1 }, [2, 2]), tensor(new double[] { 1, 2 }), upper: false));
        AssertMessage<ArgumentException>("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.", () => linalg.norm(tensor(new double[] { 1, 2 }), "nuc"));
        AssertMessage<ArgumentException>("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got 3D.", () => linalg.norm(tensor(Batch, [2, 3, 3]), "fro"));
        AssertMessage<ArgumentException>("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got 3D.", () => linalg.norm(tensor(Batch, [2, 3, 3]), double.PositiveInfinity));
    }

    [Fact]
    public void SolveTriangularWithAZeroDiagonalGivesInfLikeLibtorch()
    {
        // tools/TorchOracle/run.sh Linalg: "solve_triangular singular: no error".
        var x = linalg.solve_triangular(tensor(new double[] { 1, 0, 2, 0 }, [2, 2]), tensor(new double[] { 1, 2 }, [2, 1]), upper: false);
        Assert.Equal(1.0, x[0, 0].item<double>());
        Assert.False(double.IsFinite(x[1, 0].item<double>()));
    }
}
