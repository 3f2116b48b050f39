namespace DicomNode.Dicom;

/// <summary>The 34 value representations of PS3.5 §6.2, plus <see cref="None"/> for items and delimiters.</summary>
public enum DicomVR : byte
{
    None = 0,
    AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW,
    PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
}
