namespace DicomNode.Service.Hosting;

/// <summary>Another node already runs on this data folder: two would index, analyse and send the same studies twice.</summary>
internal sealed class DataFolderInUseException : Exception
{
    public DataFolderInUseException(string dataDirectory, string lockFile, Exception inner)
        : base($"data folder {dataDirectory} is in use by another dicomnode serve (lock file {lockFile} is held); stop that node or give this one another --data.", inner)
    {
    }
}
