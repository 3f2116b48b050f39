namespace DicomNode.Dicom.Text;

/// <summary>
/// The characters at which ISO 2022 decoding returns to the initial character sets, PS3.5 §6.1.2.5.3:
/// CR, LF, FF and TAB in every value; the value delimiter '\' in multi-valued VRs; and the component and
/// component group delimiters '^' and '=' in PN.
/// </summary>
internal readonly struct TextDelimiters
{
    private readonly bool _backslash;
    private readonly bool _personName;

    private TextDelimiters(bool backslash, bool personName)
    {
        _backslash = backslash;
        _personName = personName;
    }

    public static TextDelimiters For(DicomVR vr) =>
        new(DicomVRInfo.Of(vr).IsMultiValued, vr == DicomVR.PN);

    /// <summary>True when <paramref name="c"/> (a C0 control or an ISO 646 character) resets the code elements.</summary>
    public bool Resets(int c) => c switch
    {
        '\r' or '\n' or '\f' or '\t' => true,
        '\\' => _backslash,
        '^' or '=' => _personName,
        _ => false,
    };
}
