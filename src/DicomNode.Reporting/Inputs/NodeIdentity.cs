namespace DicomNode.Reporting.Inputs;

/// <summary>
/// The node as the equipment that made the SEG and SR (Enhanced General Equipment, PS3.3 C.7.5.2, all Type 1) and as
/// the SR's device observer (TID 1004).
/// </summary>
/// <param name="DeviceObserverUid">A UID that stays the same for this installation (e.g. made once from the node's UID root and kept in its configuration).</param>
/// <param name="DeviceObserverName">The node's name as an observer, e.g. its AE title.</param>
public sealed record NodeIdentity(
    string Manufacturer,
    string ManufacturerModelName,
    string DeviceSerialNumber,
    string SoftwareVersions,
    string DeviceObserverUid,
    string DeviceObserverName)
{
    /// <summary>Institution Name (0008,0080) of the General Equipment module; omitted when null.</summary>
    public string? InstitutionName { get; init; }

    internal void Validate()
    {
        Require(Manufacturer, nameof(Manufacturer));
        Require(ManufacturerModelName, nameof(ManufacturerModelName));
        Require(DeviceSerialNumber, nameof(DeviceSerialNumber));
        Require(SoftwareVersions, nameof(SoftwareVersions));
        Require(DeviceObserverUid, nameof(DeviceObserverUid));
        Require(DeviceObserverName, nameof(DeviceObserverName));
        if (!Dicom.DicomUidValidator.IsValid(DeviceObserverUid))
        {
            throw new ArgumentException($"NodeIdentity.DeviceObserverUid '{DeviceObserverUid}' is not a valid UID.");
        }
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"NodeIdentity.{name} is empty; Enhanced General Equipment (PS3.3 C.7.5.2) needs it.");
        }
    }
}
