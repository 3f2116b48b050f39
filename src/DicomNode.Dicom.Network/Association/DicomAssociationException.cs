using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Association;

/// <summary>An association could not be used: it ended, was aborted, or a peer did not answer.</summary>
public class DicomAssociationException : Exception
{
    public DicomAssociationException(string message)
        : base(message)
    {
    }
}

/// <summary>The peer answered A-ASSOCIATE-RJ; <see cref="Rejection"/> carries result, source and reason.</summary>
public sealed class DicomAssociationRejectedException : DicomAssociationException
{
    public DicomAssociationRejectedException(AssociateRejectPdu rejection, string description)
        : base($"The association was {description}.")
    {
        Rejection = rejection;
    }

    public AssociateRejectPdu Rejection { get; }
}
