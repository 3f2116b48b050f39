namespace DicomNode.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE status (0000,0900) with its meaning. Every code the node sends or interprets is in
/// <see cref="Table"/>, which follows PS3.7 Annex C and the service-specific statuses of PS3.4.
/// </summary>
public readonly record struct DimseStatus(ushort Code, DimseStatusCategory Category, string Meaning)
{
    public static readonly DimseStatus Success = new(0x0000, DimseStatusCategory.Success, "Success");

    /// <summary>C-STORE warning: coercion of data elements (PS3.4 Table B.2-1).</summary>
    public static readonly DimseStatus CoercionOfDataElements = new(0xB000, DimseStatusCategory.Warning, "Coercion of data elements");

    /// <summary>C-STORE warning: data set does not match SOP class (PS3.4 Table B.2-1).</summary>
    public static readonly DimseStatus DataSetDoesNotMatchSopClassWarning = new(0xB007, DimseStatusCategory.Warning, "Data set does not match SOP class");

    /// <summary>C-STORE warning: elements discarded (PS3.4 Table B.2-1).</summary>
    public static readonly DimseStatus ElementsDiscarded = new(0xB006, DimseStatusCategory.Warning, "Elements discarded");

    /// <summary>Refused: out of resources (PS3.4 Table B.2-1, A7xx).</summary>
    public static readonly DimseStatus OutOfResources = new(0xA700, DimseStatusCategory.Failure, "Refused: out of resources");

    /// <summary>Error: data set does not match SOP class (PS3.4 Table B.2-1, A9xx).</summary>
    public static readonly DimseStatus DataSetDoesNotMatchSopClass = new(0xA900, DimseStatusCategory.Failure, "Error: data set does not match SOP class");

    /// <summary>Error: cannot understand (PS3.4 Table B.2-1, Cxxx).</summary>
    public static readonly DimseStatus CannotUnderstand = new(0xC000, DimseStatusCategory.Failure, "Error: cannot understand");

    /// <summary>Refused: SOP class not supported (PS3.7 §C.5.18).</summary>
    public static readonly DimseStatus SopClassNotSupported = new(0x0122, DimseStatusCategory.Failure, "Refused: SOP class not supported");

    /// <summary>Unrecognized operation (PS3.7 §C.5.22).</summary>
    public static readonly DimseStatus UnrecognizedOperation = new(0x0211, DimseStatusCategory.Failure, "Unrecognized operation");

    /// <summary>Duplicate invocation (PS3.7 §C.5.9).</summary>
    public static readonly DimseStatus DuplicateInvocation = new(0x0210, DimseStatusCategory.Failure, "Duplicate invocation");

    /// <summary>Mistyped argument (PS3.7 §C.5.16).</summary>
    public static readonly DimseStatus MistypedArgument = new(0x0212, DimseStatusCategory.Failure, "Mistyped argument");

    /// <summary>Invalid argument value (PS3.7 §C.5.11).</summary>
    public static readonly DimseStatus InvalidArgumentValue = new(0x0115, DimseStatusCategory.Failure, "Invalid argument value");

    /// <summary>Processing failure (PS3.7 §C.5.17).</summary>
    public static readonly DimseStatus ProcessingFailure = new(0x0110, DimseStatusCategory.Failure, "Processing failure");

    /// <summary>Duplicate SOP instance (PS3.7 §C.5.8).</summary>
    public static readonly DimseStatus DuplicateSopInstance = new(0x0111, DimseStatusCategory.Failure, "Duplicate SOP instance");

    /// <summary>No such SOP class (PS3.7 §C.5.21).</summary>
    public static readonly DimseStatus NoSuchSopClass = new(0x0118, DimseStatusCategory.Failure, "No such SOP class");

    /// <summary>Class-instance conflict (PS3.7 §C.5.6).</summary>
    public static readonly DimseStatus ClassInstanceConflict = new(0x0119, DimseStatusCategory.Failure, "Class-instance conflict");

    /// <summary>Missing attribute (PS3.7 §C.5.13).</summary>
    public static readonly DimseStatus MissingAttribute = new(0x0120, DimseStatusCategory.Failure, "Missing attribute");

    /// <summary>Resource limitation (PS3.7 §C.5.19).</summary>
    public static readonly DimseStatus ResourceLimitation = new(0x0213, DimseStatusCategory.Failure, "Resource limitation");

    /// <summary>Cancel (PS3.7 §C.5.1 / C.4.1).</summary>
    public static readonly DimseStatus Cancel = new(0xFE00, DimseStatusCategory.Cancel, "Cancel");

    /// <summary>Pending (PS3.7 §C.4.2).</summary>
    public static readonly DimseStatus Pending = new(0xFF00, DimseStatusCategory.Pending, "Pending");

    /// <summary>Every status we name, by code.</summary>
    public static IReadOnlyDictionary<ushort, DimseStatus> Table { get; } = new[]
    {
        Success, CoercionOfDataElements, DataSetDoesNotMatchSopClassWarning, ElementsDiscarded, OutOfResources,
        DataSetDoesNotMatchSopClass, CannotUnderstand, SopClassNotSupported, UnrecognizedOperation, DuplicateInvocation,
        MistypedArgument, InvalidArgumentValue, ProcessingFailure, DuplicateSopInstance, NoSuchSopClass,
        ClassInstanceConflict, MissingAttribute, ResourceLimitation, Cancel, Pending,
    }.ToDictionary(s => s.Code);

    public bool IsSuccess => Category == DimseStatusCategory.Success;

    public bool IsWarning => Category == DimseStatusCategory.Warning;

    public bool IsFailure => Category == DimseStatusCategory.Failure;

    /// <summary>
    /// The status for a code received from a peer: named when we know it, otherwise classified by the
    /// ranges of PS3.7 Annex C (A7xx out of resources, A9xx mismatch, Bxxx warning, Cxxx cannot understand).
    /// </summary>
    public static DimseStatus FromCode(ushort code)
    {
        if (Table.TryGetValue(code, out var known))
        {
            return known;
        }

        return code switch
        {
            0x0001 or (>= 0xB000 and <= 0xBFFF) => new(code, DimseStatusCategory.Warning, "Warning"),
            >= 0xA700 and <= 0xA7FF => new(code, DimseStatusCategory.Failure, "Refused: out of resources"),
            >= 0xA900 and <= 0xA9FF => new(code, DimseStatusCategory.Failure, "Error: data set does not match SOP class"),
            >= 0xC000 and <= 0xCFFF => new(code, DimseStatusCategory.Failure, "Error: cannot understand"),
            0xFF01 => new(code, DimseStatusCategory.Pending, "Pending (optional keys not supported)"),
            _ => new(code, DimseStatusCategory.Failure, "Failure"),
        };
    }

    public override string ToString() => $"{Code:X4} ({Meaning})";
}
