using DicomNode.Dicom.Dictionary;

namespace DicomNode.Dicom.Imaging;

/// <summary>
/// Pixel data are encoded in a transfer syntax this library does not decode here: HTJ2K, MPEG, JPEG XL…,
/// or JPEG-LS and JPEG 2000 where their native library is absent. The data set itself was read correctly;
/// only its frames cannot be had natively.
/// </summary>
public sealed class DicomUnsupportedTransferSyntaxException : Exception
{
    public DicomUnsupportedTransferSyntaxException(DicomTransferSyntax transferSyntax)
        : base(Compose(transferSyntax))
    {
        TransferSyntax = transferSyntax;
    }

    public DicomTransferSyntax TransferSyntax { get; }

    private static string Compose(DicomTransferSyntax syntax)
    {
        // An unlisted UID parses to a syntax named by its UID; the PS3.6 registry may still know its name.
        var name = syntax.Name != syntax.Uid ? syntax.Name : DicomUids.Lookup(syntax.Uid)?.Name ?? "unknown transfer syntax";
        return $"unsupported transfer syntax {syntax.Uid} ({name}): no decoder for it is available on this platform";
    }
}
