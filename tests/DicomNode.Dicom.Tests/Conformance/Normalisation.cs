using System.Globalization;

namespace DicomNode.Dicom.Tests.Conformance;

/// <summary>
/// The places where DCMTK 3.6 presents the same data differently from how we hold it. Each is narrow
/// and says why it is a difference of presentation, not of data.
/// </summary>
internal static class Normalisation
{
    /// <summary>
    /// The text DCMTK shows for a string value: DCMTK removes trailing padding when it reads a string
    /// (DcmByteString::makeMachineByteString with automatic data correction, its default: all trailing
    /// spaces, and NULs for UI), while we keep the bytes as read (DicomValueElement keeps padding so a
    /// round trip loses nothing). The stored length DCMTK prints still includes the padding, and it is
    /// compared separately.
    /// </summary>
    public static string TextAsShownByDcmtk(DicomVR vr, string value) =>
        vr == DicomVR.UI ? value.TrimEnd('\0') : value.TrimEnd(' ');

    /// <summary>
    /// Compares numbers. DCMTK prints FL with 9 and FD with 17 significant digits (enough to round-trip
    /// the binary value) and .NET prints the shortest round-tripping form, so the texts differ
    /// ("-11.1999998" and "-11.2") while the binary values are equal; parse both and compare exactly.
    /// Integers are compared as text.
    /// </summary>
    public static bool NumbersEqual(DicomVR vr, string ours, string dcmtk)
    {
        if (vr is not (DicomVR.FL or DicomVR.FD))
        {
            return ours == dcmtk;
        }

        var a = ours.Length == 0 ? Array.Empty<string>() : ours.Split('\\');
        var b = dcmtk.Length == 0 ? Array.Empty<string>() : dcmtk.Split('\\');
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!TryParse(a[i], out var x) || !TryParse(b[i], out var y))
            {
                return false;
            }

            var same = vr == DicomVR.FL ? ((float)x).Equals((float)y) : x.Equals(y);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// When DCMTK shows a VR other than ours for a value element, the VR whose rendering of our bytes
    /// should match DCMTK's, or null when the difference is real.
    /// </summary>
    public static DicomVR? VRShownByDcmtk(DicomValueElement element, string dcmtkVR, bool implicitVR) => (element.VR, dcmtkVR) switch
    {
        // "up" is DCMTK's internal VR for the DICOMDIR offsets (0004,1200), (0004,1202), (0004,1400),
        // (0004,1420) and (0004,1504): UL on the wire (PS3.3 F.3), a pointer to DCMTK.
        (DicomVR.UL, "up") => DicomVR.UL,

        // "??" is DCMTK's "VR unknown": an implicit VR element whose tag is in no dictionary. It shows the
        // bytes as hex, as for UN, which is what we assign such a tag (PS3.5 §6.2.2).
        (DicomVR.UN, "??") when implicitVR => DicomVR.UN,

        // "xs" is DCMTK's "US or SS" left unresolved: in implicit VR, an element whose dictionary VR
        // depends on Pixel Representation (PS3.5 §A.1 c) in a data set without one. We choose US there.
        (DicomVR.US or DicomVR.SS, "xs") when implicitVR => element.VR,

        // An implicit VR private element has no VR on the wire. We call it UN (PS3.5 §6.2.2); DCMTK
        // looks it up in its private dictionary (GE, Siemens, ...). Our bytes are then shown in DCMTK's VR
        // and must match DCMTK's value exactly, so the data is still compared.
        (DicomVR.UN, _) when implicitVR && element.Tag.IsPrivate && DicomVRInfo.TryParse(dcmtkVR, out var privateVR)
            && privateVR != DicomVR.SQ => privateVR,
        _ => null,
    };

    /// <summary>
    /// DCMTK pads an odd-length OB or UN value with one zero byte when it loads it
    /// (DcmOtherByteOtherWord::alignValue) and prints the padded length; we keep the value as read.
    /// True when DCMTK's length and hex are ours plus that one byte.
    /// </summary>
    public static bool IsDcmtkPaddedBinary(DicomVR vr, int ourLength, uint? dcmtkLength, string ours, string dcmtk) =>
        vr is DicomVR.OB or DicomVR.UN && ourLength % 2 == 1 && dcmtkLength == (uint)ourLength + 1
        && dcmtk == ours + "\\00";

    /// <summary>
    /// DCMTK holds every encapsulated Pixel Data in a DcmPixelSequence and prints it as OB, whatever VR
    /// the file had. Several files of the corpus encode it as OW with undefined length; we keep the VR
    /// the file has, so OW in our tree against OB in the dump is the same data.
    /// </summary>
    public static bool SameEncapsulatedVR(DicomVR ours, string dcmtkVR) =>
        dcmtkVR == ours.ToString() || (ours == DicomVR.OW && dcmtkVR == "OB");

    private static bool TryParse(string text, out double value) => text switch
    {
        "nan" or "-nan" or "NaN" => (value = double.NaN) is double.NaN,
        "inf" or "Infinity" or "∞" => (value = double.PositiveInfinity) > 0,
        "-inf" or "-Infinity" or "-∞" => (value = double.NegativeInfinity) < 0,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value),
    };
}
