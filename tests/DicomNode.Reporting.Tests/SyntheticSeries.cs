using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Dicom.Dictionary;
using DicomNode.Imaging.Geometry;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.Tests;

/// <summary>Small made-up sources and findings for tests that need no phantom: odd frame sizes, character sets.</summary>
internal static class SyntheticSeries
{
    public static SourceSeries Source(int columns, int rows, int slices, string patientName = "TEST^PATIENT")
    {
        // Rows and columns tilted about the x axis and an origin off the grid, so positions are not round numbers.
        double c = Math.Cos(0.2), s = Math.Sin(0.2);
        double[] affine =
        [
            0.9, 0, 0, -100.25,
            0, 1.1 * c, 3.7 * s, -80.5,
            0, -1.1 * s, 3.7 * c, 12.125,
            0, 0, 0, 1,
        ];
        return Source(new VolumeGeometry(columns, rows, slices, affine), patientName);
    }

    /// <summary>A single-frame MR source on <paramref name="geometry"/>, Slice Thickness 3.5 mm, Series Number 7.</summary>
    public static SourceSeries Source(VolumeGeometry geometry, string patientName = "TEST^PATIENT")
    {
        var slices = geometry.Slices;
        var uids = new DicomUidGenerator();
        var instance = new DicomDataset();
        instance.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        instance.SetUid(DicomTags.SOPClassUID, DicomUids.MRImageStorage);
        instance.SetUid(DicomTags.StudyInstanceUID, uids.Generate());
        instance.SetUid(DicomTags.SeriesInstanceUID, uids.Generate());
        instance.SetUid(DicomTags.FrameOfReferenceUID, uids.Generate());
        instance.SetString(DicomTags.PatientName, patientName);
        instance.SetString(DicomTags.PatientID, "SYN-1");
        instance.SetString(DicomTags.StudyDate, "20240102");
        instance.SetIntegerStrings(DicomTags.SeriesNumber, 7);
        instance.SetDecimalStrings(DicomTags.SliceThickness, 3.5);
        instance.SetString(DicomTags.SeriesDescription, "synthetic DWI");
        return new SourceSeries(
            DicomUids.MRImageStorage,
            instance.GetUid(DicomTags.SeriesInstanceUID)!,
            instance.GetUid(DicomTags.FrameOfReferenceUID)!,
            Enumerable.Range(0, slices).Select(_ => uids.Generate()).ToList(),
            geometry,
            instance);
    }

    /// <summary>Every voxel for which <paramref name="inside"/> holds, ascending.</summary>
    public static Region Region(VolumeGeometry g, Func<int, int, int, bool> inside)
    {
        var voxels = new List<int>();
        for (var k = 0; k < g.Slices; k++)
        {
            for (var j = 0; j < g.Rows; j++)
            {
                for (var i = 0; i < g.Columns; i++)
                {
                    if (inside(i, j, k))
                    {
                        voxels.Add(g.IndexOf(i, j, k));
                    }
                }
            }
        }

        return new Region(g, voxels.ToArray());
    }

    /// <summary>A left ilium and a sacrococcyx, a metastasis inside the ilium and a suspicious left node beside them.</summary>
    public static SeriesFindings Findings(SourceSeries source)
    {
        var g = source.Geometry;
        var ilium = Region(g, (i, j, k) => i < g.Columns / 2 && k >= 1);
        var sacrum = Region(g, (i, j, k) => i > g.Columns / 2 && j < 2);
        var metastasis = Region(g, (i, j, k) => i == 1 && j >= 1 && j <= 2 && k == 2);
        var node = Region(g, (i, j, k) => i == g.Columns - 1 && j == g.Rows - 1);
        return new SeriesFindings(
            Sequence.Dwi,
            source.SeriesInstanceUid,
            g,
            [new BoneFinding(Bone.Ilium, Side.Left, ilium, 12.5), new BoneFinding(Bone.Sacrococcyx, Side.Midline, sacrum, 20.25)],
            [new MetastasisFinding(1, Bone.Ilium, Side.Left, metastasis, 0.35, 712.5, (1, 2, 3))],
            [new LymphNodeFinding(1, node, 1.2, 9.1, 14.2, true, (4, 5, 6), Side.Left)]);
    }
}
