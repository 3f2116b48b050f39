namespace DicomNode.Phantom.Vendors;

/// <summary>One output series: its number, description, content, the b-values it holds (in instance order), ImageType and rescale.</summary>
internal sealed record SeriesProtocol(
    int Number,
    string Description,
    SeriesContent Content,
    double[] BValues,
    string[] ImageType,
    double RescaleSlope = 1,
    double RescaleIntercept = 0)
{
    /// <summary>The folder name: number and description with anything but letters, digits and '-' turned to '_'.</summary>
    public string Folder => Number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_"
        + new string(Description.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').ToArray());

    public bool HasRescale => RescaleSlope != 1 || RescaleIntercept != 0;
}
