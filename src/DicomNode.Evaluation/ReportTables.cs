using System.Globalization;
using DicomNode.Analysis.Evaluation;
using Spectre.Console;

namespace DicomNode.Evaluation;

/// <summary>
/// The report as tables laid out like the source papers': bones per sequence, lesions, nodes, patients, agreement. The
/// lines go to the console; each table goes through the caller's table writer (the host knows the terminal).
/// </summary>
internal static class ReportTables
{
    private const string NotAvailable = "n/a";

    public static void Write(EvaluationReport report, Action<Table, string?> writeTable)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writeTable);
        Console.WriteLine(report.Notice);
        Console.WriteLine($"Subjects: {report.Subjects.Total}, evaluated {report.Subjects.Evaluated}, failed {report.Subjects.Failed.Count}.");
        foreach (var failed in report.Subjects.Failed)
        {
            Console.WriteLine($"  failed: {failed.Subject}: {failed.Reason}");
        }

        foreach (var (sequence, table) in report.Bones)
        {
            Titled(writeTable, $"Bone segmentation, {sequence} (mean ± SD over {table.Series} series)", BoneTable(table));
        }

        Titled(writeTable, "Bone metastases, lesion level (detected = any overlap; pooled over patients)", Detection(report.Metastases, "Patients' metastases"),
            report.Metastases.Count == 0 ? "No metastasis results." : null);
        Titled(writeTable, "Lymph nodes on DWI, lesion level", Detection(report.LymphNodes, "Nodes"),
            report.LymphNodes.Count == 0 ? "No lymph-node results (no DWI analysed)." : null);
        Titled(writeTable, "Patient level (failed subjects count as negative)", PatientTable(report.PatientLevel));
        Titled(writeTable, "Bland–Altman, predicted − truth (cm³)", AgreementTable(report.BlandAltman));
        foreach (var note in report.Notes)
        {
            Console.WriteLine($"note: {note}");
        }
    }

    /// <summary>"0.912 ± 0.031", with the count of undefined values when there are any.</summary>
    internal static string MeanSd(SampleSummary s, string format)
    {
        var text = s.Mean is not { } mean ? NotAvailable
            : s.StandardDeviation is { } sd ? $"{Number(mean, format)} ± {Number(sd, format)}"
            : Number(mean, format);
        return s.Undefined > 0 ? $"{text} ({s.Undefined} n/a)" : text;
    }

    internal static string Number(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : NotAvailable;

    /// <summary>A plain title line above each table: it stays free of colour codes when the output is a file.</summary>
    private static void Titled(Action<Table, string?> writeTable, string title, Table table, string? emptyNote = null)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        writeTable(table, emptyNote);
    }

    private static Table BoneTable(BoneTable bones)
    {
        var table = new Table()
            .AddColumns("Bone", "DSC", "VS", "HD (mm)", "HD95 (mm)");
        foreach (var row in bones.Labels.Append(bones.MeanOfLabels))
        {
            var name = row.Label is { } label ? $"{label} {row.Bone}" : row.Bone;
            table.AddRow(Markup.Escape(name), MeanSd(row.Dsc, "0.000"), MeanSd(row.Vs, "0.000"), MeanSd(row.HausdorffMm, "0.0"), MeanSd(row.Hausdorff95Mm, "0.0"));
        }

        return table;
    }

    private static Table Detection(IReadOnlyList<DetectionRow> rows, string subgroupHeader)
    {
        var table = new Table().AddColumns(
            "Sequence", Markup.Escape(subgroupHeader), "Patients", "Truth", "Detected", "Predicted", "FP", "Recall", "Precision", "F1");
        foreach (var r in rows)
        {
            table.AddRow(
                Markup.Escape(r.Sequence), Markup.Escape(r.Subgroup), Int(r.Patients), Int(r.TruthLesions), Int(r.Detected), Int(r.Predicted),
                Int(r.FalsePositives), Number(r.Recall, "0.000"), Number(r.Precision, "0.000"), Number(r.F1, "0.000"));
        }

        return table;
    }

    private static Table PatientTable(IReadOnlyList<PatientLevelRow> rows)
    {
        var table = new Table()
            .AddColumns("Stage", "Positive", "Patients", "TP", "FN", "TN", "FP", "Sensitivity", "Specificity", "AUC", "Kappa");
        foreach (var r in rows)
        {
            table.AddRow(
                r.Stage, r.Positive, Int(r.Patients), Int(r.TruePositives), Int(r.FalseNegatives), Int(r.TrueNegatives), Int(r.FalsePositives),
                Number(r.Sensitivity, "0.000"), Number(r.Specificity, "0.000"), Number(r.Auc, "0.000"), Number(r.Kappa, "0.000"));
        }

        return table;
    }

    private static Table AgreementTable(IReadOnlyList<AgreementRow> rows)
    {
        var table = new Table()
            .AddColumns("Volumes", "Sequence", "Pairs", "Bias", "SD", Markup.Escape("95 % limits of agreement"));
        foreach (var r in rows)
        {
            var limits = r.LowerLimit is { } lo && r.UpperLimit is { } hi ? $"{Number(lo, "0.000")} to {Number(hi, "0.000")}" : NotAvailable;
            table.AddRow(Markup.Escape(r.Measure), Markup.Escape(r.Sequence), Int(r.Pairs), Number(r.Bias, "0.000"), Number(r.StandardDeviation, "0.000"), limits);
        }

        return table;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
