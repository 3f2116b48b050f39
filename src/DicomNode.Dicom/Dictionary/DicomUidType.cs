namespace DicomNode.Dicom.Dictionary;

/// <summary>The UID types of the PS3.6 Annex A registry (Table A-1).</summary>
public enum DicomUidType
{
    /// <summary>Transfer Syntax.</summary>
    TransferSyntax,

    /// <summary>SOP Class.</summary>
    SopClass,

    /// <summary>Meta SOP Class.</summary>
    MetaSopClass,

    /// <summary>Well-known SOP Instance, including the retired Well-known Printer and Print Queue SOP Instances.</summary>
    WellKnownSopInstance,

    /// <summary>Well-known frame of reference.</summary>
    WellKnownFrameOfReference,

    /// <summary>Synchronization Frame of Reference.</summary>
    SynchronizationFrameOfReference,

    /// <summary>Application Context Name.</summary>
    ApplicationContextName,

    /// <summary>Coding Scheme, including DICOM UIDs as a Coding Scheme.</summary>
    CodingScheme,

    /// <summary>Service Class.</summary>
    ServiceClass,

    /// <summary>LDAP OID.</summary>
    LdapOid,

    /// <summary>Application Hosting Model.</summary>
    ApplicationHostingModel,

    /// <summary>Mapping Resource.</summary>
    MappingResource,

    /// <summary>Not in the registry, or of a type this enumeration does not name.</summary>
    Other,
}
