namespace DicomNode.Dicom.Network.Acse;

/// <summary>Associations open when a request arrives: in all, of its calling AE title, and from its peer address.</summary>
public readonly record struct AssociationLoad(int Total, int OfCaller, int FromAddress);
