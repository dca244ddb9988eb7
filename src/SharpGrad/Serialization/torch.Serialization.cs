
using SharpGrad.Serialization;

namespace SharpGrad;

public static partial class torch
{
    /// <summary>
    /// Saves named tensors to <paramref name="path"/> in the safetensors format, byte for byte as
    /// <c>safetensors.torch.save_file(tensors, path, metadata)</c> writes it (tensors ordered by dtype,
    /// then name; non-contiguous tensors written contiguous). The write is atomic: a temporary file in
    /// the same directory, flushed, then moved over <paramref name="path"/>, so a failure never leaves a
    /// partial file there.
    /// </summary>
    public static void save(IDictionary<string, Tensor> tensors, string path, IDictionary<string, string>? metadata = null)
        => SafeTensorsWriter.Save(tensors, path, metadata);

    /// <summary>
    /// Loads a safetensors file (from <see cref="save"/> or <c>safetensors.torch.save_file</c>) as named
    /// tensors in the order they lie in the file. F32, F64, I64 and BOOL load as they are; F16 and BF16
    /// widen to float32, I32, U32, I16, U16, I8 and U8 to int64. A file that is not valid safetensors
    /// raises <see cref="InvalidDataException"/> saying what is wrong.
    /// </summary>
    public static OrderedDictionary<string, Tensor> load(string path) => SafeTensorsReader.Load(path, out _);

    /// <summary><see cref="load(string)"/>, also returning the file's <c>__metadata__</c> (null when it has none).</summary>
    public static OrderedDictionary<string, Tensor> load(string path, out Dictionary<string, string>? metadata)
        => SafeTensorsReader.Load(path, out metadata);
}
