namespace DicomNode.Reporting.Tests;

/// <summary>dciodvfy's verdict on a file: its "Error" and "Warning" lines.</summary>
internal sealed record Verdict(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, string Output);
