using DicomNode.Phantom.Anatomy;
using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Imaging;

/// <summary>
/// Renders a subject on an acquisition grid. Labels come from the voxel centre. Intensities average the tissue
/// signal over sub-samples within the voxel (2×2 in plane, 2–4 across the slice thickness) wherever a face
/// neighbour differs — the partial-volume edges — then a smooth bias field and Rician noise are applied.
/// </summary>
internal static class VolumeSynthesizer
{
    /// <summary>Below this b = 0 signal the ADC is not computed and the map reads 0, as scanners mask background.</summary>
    private const double AdcMaskSignal = 40;

    public static SynthesisedVolume Diffusion(PhantomSubject subject, VolumeGeometry grid, double[] bValues, double noiseSigma, string key)
    {
        var (bones, lesions, samples) = Label(subject, grid);
        var images = Render(subject, grid, samples, bValues.Length, (t, i) => t.Diffusion(bValues[i]), noiseSigma, key);
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < bValues.Length; i++)
        {
            result[BKey(bValues[i])] = images[i];
        }

        // ADC from the two noisy images, as a scanner computes it: ln(S0/Sb)/b, in 10⁻⁶ mm²/s.
        var low = images[0];
        var high = images[^1];
        var b = bValues[^1] - bValues[0];
        var adc = new float[low.Length];
        for (var v = 0; v < adc.Length; v++)
        {
            adc[v] = low[v] < AdcMaskSignal ? 0 : (float)Math.Clamp(Math.Log(low[v] / Math.Max(high[v], 1e-3)) / b * 1e6, 0, 4000);
        }

        result["adc"] = adc;
        return new SynthesisedVolume(grid, bones, lesions, result);
    }

    public static SynthesisedVolume T1InPhase(PhantomSubject subject, VolumeGeometry grid, double noiseSigma, string key)
    {
        var (bones, lesions, samples) = Label(subject, grid);
        var images = Render(subject, grid, samples, 1, (t, _) => t.T1, noiseSigma, key);
        return new SynthesisedVolume(grid, bones, lesions, new Dictionary<string, float[]>(StringComparer.Ordinal) { ["t1"] = images[0] });
    }

    public static string BKey(double b) => "b" + b.ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    private static (byte[] Bones, byte[] Lesions, Sample[] Samples) Label(PhantomSubject subject, VolumeGeometry grid)
    {
        var samples = new Sample[grid.VoxelCount];
        Parallel.For(0, grid.Slices, k =>
        {
            for (var j = 0; j < grid.Rows; j++)
            {
                for (var i = 0; i < grid.Columns; i++)
                {
                    samples[grid.Index(i, j, k)] = subject.Classify(grid.Position(i, j, k));
                }
            }
        });

        var bones = new byte[samples.Length];
        var lesions = new byte[samples.Length];
        for (var v = 0; v < samples.Length; v++)
        {
            bones[v] = (byte)samples[v].Bone;
            lesions[v] = samples[v].Lesion;
        }

        return (bones, lesions, samples);
    }

    private static float[][] Render(
        PhantomSubject subject, VolumeGeometry grid, Sample[] samples, int channels, Func<TissueProperties, int, double> signal, double sigma, string key)
    {
        var images = new float[channels][];
        for (var c = 0; c < channels; c++)
        {
            images[c] = new float[samples.Length];
        }

        var bias = new BiasField(Streams.For(subject.Seed, "bias-" + key), subject.ScanCentre, 0.35);
        var contrast = TissueContrast.ForSubject(subject.Seed);
        var across = Math.Clamp((int)Math.Round(grid.SliceThickness / Math.Min(grid.ColumnSpacing, grid.RowSpacing)), 2, 4);
        var normal = grid.Normal;
        Parallel.For(0, grid.Slices, k =>
        {
            var random = Streams.For(subject.Seed, "noise-" + key, k);
            Span<double> sum = stackalloc double[channels];
            for (var j = 0; j < grid.Rows; j++)
            {
                for (var i = 0; i < grid.Columns; i++)
                {
                    var v = grid.Index(i, j, k);
                    var centre = grid.Position(i, j, k);
                    sum.Clear();
                    if (IsUniform(samples, grid, i, j, k))
                    {
                        var t = contrast[(int)samples[v].Tissue];
                        for (var c = 0; c < channels; c++)
                        {
                            sum[c] = signal(t, c);
                        }
                    }
                    else
                    {
                        var n = 0;
                        for (var a = 0; a < 2; a++)
                        {
                            for (var b = 0; b < 2; b++)
                            {
                                for (var s = 0; s < across; s++)
                                {
                                    var p = grid.Position(i + ((a - 0.5) * 0.5), j + ((b - 0.5) * 0.5), k)
                                        + (normal * (((s + 0.5) / across) - 0.5) * grid.SliceThickness);
                                    var t = contrast[(int)subject.Classify(p).Tissue];
                                    for (var c = 0; c < channels; c++)
                                    {
                                        sum[c] += signal(t, c);
                                    }

                                    n++;
                                }
                            }
                        }

                        for (var c = 0; c < channels; c++)
                        {
                            sum[c] /= n;
                        }
                    }

                    var gain = bias.At(centre);
                    for (var c = 0; c < channels; c++)
                    {
                        images[c][v] = (float)Rician(random, sum[c] * gain, sigma);
                    }
                }
            }
        });
        return images;
    }

    private static bool IsUniform(Sample[] samples, VolumeGeometry g, int i, int j, int k)
    {
        var s = samples[g.Index(i, j, k)];
        return Same(i > 0, -1) && Same(i < g.Columns - 1, 1) && Same(j > 0, -g.Columns) && Same(j < g.Rows - 1, g.Columns)
            && Same(k > 0, -g.Columns * g.Rows) && Same(k < g.Slices - 1, g.Columns * g.Rows);

        bool Same(bool inside, int offset) => !inside || (samples[g.Index(i, j, k) + offset].Tissue == s.Tissue);
    }

    /// <summary>The magnitude of the signal plus complex Gaussian noise.</summary>
    private static double Rician(Random random, double signal, double sigma)
    {
        var re = signal + (sigma * Gaussian(random));
        var im = sigma * Gaussian(random);
        return Math.Sqrt((re * re) + (im * im));
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
