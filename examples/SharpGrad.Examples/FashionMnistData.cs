using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;
using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>Fashion-MNIST as Debian's <c>dataset-fashion-mnist</c> installs it: gzipped IDX files.</summary>
static class FashionMnistData
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    public static readonly string[] Classes =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The training and test sets (<see cref="Load"/>), timed and described in one line;
    /// null, after saying how to install it, when the dataset is not installed.</summary>
    public static (Tensor train_x, Tensor train_y, Tensor test_x, Tensor test_y)? LoadBoth()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            print($"Fashion-MNIST is not installed in {Directory}; to run this walkthrough:");
            print("    sudo apt-get install dataset-fashion-mnist");
            return null;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (train_x, train_y) = Load(Directory, "train");
        var (test_x, test_y) = Load(Directory, "t10k");
        print($"train {train_x.size()}, test {test_x.size()}, loaded in {clock.Elapsed.TotalSeconds:F2} s");
        return (train_x, train_y, test_x, test_y);
    }

    /// <summary>Images as float32 [N, 784] scaled to [0, 1], labels as int64 [N].
    /// <paramref name="split"/> is "train" or "t10k".</summary>
    public static (Tensor images, Tensor labels) Load(string directory, string split)
    {
        Tensor labels;
        using (var labelFile = OpenIdx(Path.Combine(directory, $"{split}-labels-idx1-ubyte.gz"), expectedMagic: 0x801, out var labelDims))
        {
            var labelBytes = new byte[labelDims[0]];
            labelFile.ReadExactly(labelBytes);
            labels = frombuffer(labelBytes, uint8).to(int64);
        }
        using var imageFile = OpenIdx(Path.Combine(directory, $"{split}-images-idx3-ubyte.gz"), expectedMagic: 0x803, out var dims);
        int n = dims[0], pixels = dims[1] * dims[2];
        if (n != labels.shape[0]) throw new InvalidDataException($"{split}: {n} images but {labels.shape[0]} labels");
        // Decompressed a block of rows at a time straight into the float32 tensor: the pixels' bytes
        // (47 MB for the training set) never exist whole. A block (and its copy in frombuffer) stays
        // under 85,000 bytes, the large object heap's threshold: a short-lived small object.
        const int blockRows = 100;
        var images = empty(n, pixels);
        var block = new byte[blockRows * pixels];
        for (int row = 0; row < n; row += blockRows)
        {
            int rows = Math.Min(blockRows, n - row);
            imageFile.ReadExactly(block.AsSpan(0, rows * pixels));
            images.narrow(0, row, rows).copy_(frombuffer(block, uint8, count: (long)rows * pixels).view(rows, pixels));
        }
        return (images.div_(255), labels);
    }

    /// <summary>An IDX file, decompressed as it is read, after its header: a big-endian magic number
    /// (0x08 = unsigned bytes, then the number of dimensions) and the dimensions, returned.</summary>
    private static GZipStream OpenIdx(string path, int expectedMagic, out int[] dims)
    {
        var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        try
        {
            Span<byte> word = stackalloc byte[4];
            gzip.ReadExactly(word);
            int magic = BinaryPrimitives.ReadInt32BigEndian(word);
            if (magic != expectedMagic) throw new InvalidDataException($"{path}: IDX magic 0x{magic:x}, expected 0x{expectedMagic:x}");
            dims = new int[magic & 0xFF];
            for (int d = 0; d < dims.Length; d++)
            {
                gzip.ReadExactly(word);
                dims[d] = BinaryPrimitives.ReadInt32BigEndian(word);
            }
            return gzip;
        }
        catch
        {
            gzip.Dispose();
            throw;
        }
    }

    /// <summary>A grid of 28×28 images, each captioned "predicted (true)", green when right, red when wrong.</summary>
    public static void SaveGrid(string path, Tensor images, Tensor labels, Tensor predicted, int columns = 8)
    {
        const int scale = 4, side = 28 * scale, pad = 10, caption = 34, header = 30;
        int count = (int)images.shape[0], rows = (count + columns - 1) / columns;
        var pixels = images.contiguous().ToArray<float>();
        var truth = labels.ToArray<long>();
        var guess = predicted.ToArray<long>();

        using var surface = SKSurface.Create(new SKImageInfo(columns * (side + pad) + pad, header + rows * (side + pad + caption) + pad));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.FromFamilyName(ScottPlot.Fonts.Default), 13);
        using var ink = new SKPaint { IsAntialias = true };
        using var titleFont = new SKFont(font.Typeface, 16);
        canvas.DrawText("Fashion-MNIST test images: the network's label (the true label), wrong ones in red",
            pad, 22, SKTextAlign.Left, titleFont, ink);
        for (int k = 0; k < count; k++)
        {
            int left = pad + k % columns * (side + pad), top = header + pad + k / columns * (side + pad + caption);
            for (int r = 0; r < 28; r++)
                for (int c = 0; c < 28; c++)
                {
                    byte v = (byte)(255 - 255 * Math.Clamp(pixels[k * 784 + r * 28 + c], 0, 1));   // dark garment on white
                    ink.Color = new SKColor(v, v, v);
                    canvas.DrawRect(left + c * scale, top + r * scale, scale, scale, ink);
                }
            bool right = guess[k] == truth[k];
            ink.Color = right ? new SKColor(0, 120, 0) : new SKColor(200, 0, 0);
            canvas.DrawText(Classes[guess[k]], left + side / 2f, top + side + 14, SKTextAlign.Center, font, ink);
            ink.Color = SKColors.Gray;
            canvas.DrawText($"({Classes[truth[k]]})", left + side / 2f, top + side + 29, SKTextAlign.Center, font, ink);
        }
        using var png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }
}
