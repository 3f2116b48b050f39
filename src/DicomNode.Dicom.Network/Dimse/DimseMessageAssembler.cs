using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Dimse;

/// <summary>What the assembler produced from one presentation data value.</summary>
internal enum AssemblyProgress
{
    /// <summary>A fragment of a command; nothing to act on yet.</summary>
    CommandFragment,

    /// <summary>A command completed; <see cref="DimseMessageAssembler.Command"/> holds it. Its data set, if any, follows.</summary>
    CommandComplete,

    /// <summary>A fragment of the data set, to hand to the data set's consumer.</summary>
    DataFragment,

    /// <summary>The last fragment of the data set; the message is complete.</summary>
    DataComplete,
}

/// <summary>
/// Reassembles DIMSE messages from presentation data values (PS3.8 Annex E): command fragments are
/// gathered (a command set is small and bounded), data set fragments are passed through for streaming.
/// Command and data set of one message travel on one presentation context, command first.
/// </summary>
internal sealed class DimseMessageAssembler
{
    /// <summary>Command sets are a few hundred bytes; anything near this is hostile.</summary>
    private const int MaxCommandLength = 64 * 1024;

    private readonly MemoryStream _command = new();
    private bool _expectingData;

    public DimseCommand? Command { get; private set; }

    public byte PresentationContextId { get; private set; }

    /// <summary>True while between messages: no command fragment or data set is half received.</summary>
    public bool IsIdle => _command.Length == 0 && !_expectingData;

    public AssemblyProgress Accept(PresentationDataValue value)
    {
        if (value.IsCommand)
        {
            if (_expectingData)
            {
                throw new DimseProtocolException($"A command fragment arrived on context {value.PresentationContextId} while a data set was expected.");
            }

            if (_command.Length == 0)
            {
                PresentationContextId = value.PresentationContextId;
            }
            else if (value.PresentationContextId != PresentationContextId)
            {
                throw new DimseProtocolException("Command fragments of one message arrived on different presentation contexts.");
            }

            if (_command.Length + value.Fragment.Length > MaxCommandLength)
            {
                throw new DimseProtocolException($"A command set longer than {MaxCommandLength} bytes.", AbortReason.InvalidPduParameterValue);
            }

            _command.Write(value.Fragment.Span);
            if (!value.IsLastFragment)
            {
                return AssemblyProgress.CommandFragment;
            }

            try
            {
                Command = DimseCommand.Decode(_command.ToArray());
            }
            catch (DicomFormatException ex)
            {
                throw new DimseProtocolException($"The command set cannot be decoded: {ex.Message}", AbortReason.InvalidPduParameterValue);
            }
            finally
            {
                _command.SetLength(0);
            }

            _expectingData = Command.HasDataSet;
            return AssemblyProgress.CommandComplete;
        }

        if (!_expectingData)
        {
            throw new DimseProtocolException($"A data set fragment arrived on context {value.PresentationContextId} with no command before it.");
        }

        if (value.PresentationContextId != PresentationContextId)
        {
            throw new DimseProtocolException("A data set arrived on another presentation context than its command.");
        }

        if (value.IsLastFragment)
        {
            _expectingData = false;
            return AssemblyProgress.DataComplete;
        }

        return AssemblyProgress.DataFragment;
    }
}
