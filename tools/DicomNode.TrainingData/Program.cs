using System.Globalization;
using System.Text;
using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Imaging.IO;
using DicomNode.Imaging.Resampling;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;

// Training data for the demonstration models (models/training): each phantom's selected series put on each model's
// grid by the node's own code (selection, volumes, ModelGridPlanner, trilinear resampling, the manifest's
// normalization), and the truth labels put on the same grid (nearest). What the models learn from is therefore
// exactly what the node feeds them. Output, per model and series: <model>/<phantom>_<sequence>_x.npy (float32 D×H×W),
// _y.npy (uint8 targets) and, for a cascaded model, _m.npy (uint8, 1 inside the parent's truth labels).
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: DicomNode.TrainingData MODELS_JSON PHANTOMS_DIR OUT_DIR");
    return 2;
}

ModelManifest manifest = ModelManifest.Load(args[0], verifyFiles: false);
string[] phantoms = Directory.GetDirectories(args[1], "phantom-*").Order(StringComparer.Ordinal).ToArray();
Directory.CreateDirectory(args[2]);
int done = 0;
foreach (string phantom in phantoms)
{
    string name = Path.GetFileName(phantom);
    StudyInputs inputs = await StudyInputs.LoadAsync(Directory.GetFiles(Path.Combine(phantom, "dicom"), "*.dcm", SearchOption.AllDirectories));
    foreach (ModelEntry model in manifest.Models)
    {
        string folder = Path.Combine(args[2], model.Id);
        Directory.CreateDirectory(folder);
        foreach (SequenceKind sequence in model.AppliesTo)
        {
            if (!inputs.Volumes.TryGetValue(sequence, out ImageVolume? source))
            {
                throw new InvalidOperationException($"{name}: no {sequence.ToManifestName()} series selected");
            }

            string series = Path.GetFileName(Path.GetDirectoryName(inputs.Series[sequence].Series.Files[0]))!;
            VolumeGeometry grid = ModelGridPlanner.Plan(source.Geometry, model.Grid);
            float[] x = ImageResampler.Trilinear(source, grid).Voxels;
            ImagingNormalizer.Instance.Normalize(x, model.Normalization);
            byte[] bones = LabelResampler.Nearest(NiftiLabels.Read(Path.Combine(phantom, "truth", series + ".nii")), grid).Labels;
            byte[] lesions = LabelResampler.Nearest(NiftiLabels.Read(Path.Combine(phantom, "truth", series + "_lesions.nii")), grid).Labels;
            byte[] y = model.Id switch
            {
                "pelvic-bones" => bones,
                "pelvic-bone-metastases" or "pelvic-bone-metastases-t1" => lesions.Select(v => (byte)(v is >= 1 and <= 99 ? 1 : 0)).ToArray(),
                "pelvic-lymph-nodes" => lesions.Select(v => (byte)(v is >= 101 and <= 199 ? 1 : 0)).ToArray(),
                _ => throw new InvalidOperationException($"no training target for model '{model.Id}'"),
            };
            string stem = Path.Combine(folder, $"{name}_{sequence.ToManifestName()}");
            long[] shape = [grid.Slices, grid.Rows, grid.Columns];
            Npy.Write(stem + "_x.npy", x, shape);
            Npy.Write(stem + "_y.npy", y, shape);
            if (model.Cascade is { } cascade)
            {
                Npy.Write(stem + "_m.npy", bones.Select(v => (byte)(cascade.Labels.Contains(v) ? 1 : 0)).ToArray(), shape);
            }
        }
    }

    done++;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{done}/{phantoms.Length}] {name}"));
}

return 0;

/// <summary>NumPy .npy version 1.0, C order, little-endian.</summary>
internal static class Npy
{
    public static void Write(string path, float[] data, long[] shape) =>
        Write(path, "<f4", shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    public static void Write(string path, byte[] data, long[] shape) => Write(path, "|u1", shape, data);

    private static void Write(string path, string dtype, long[] shape, byte[] bytes)
    {
        string dims = string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        string header = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        header += new string(' ', ((total + 63) / 64 * 64) - total) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(bytes);
    }
}
