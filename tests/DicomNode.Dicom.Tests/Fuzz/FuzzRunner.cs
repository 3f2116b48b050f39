using System.Diagnostics;
using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Tests.Fuzz;

/// <summary>
/// Runs fuzz cases on one worker thread per core and checks each against the reader's contract: only
/// <see cref="DicomFormatException"/> escapes, reading allocates no more than <see cref="AllocationBound"/>, and every
/// case returns: a watchdog on the calling thread fails a case still running after <see cref="HangLimit"/>, a bound
/// no loaded machine reaches for inputs of a few kilobytes (the slowest case is reported, never judged by time).
/// The first failure stops the run.
/// </summary>
internal sealed class FuzzRunner
{
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    /// <summary>Inflated size allowed for a deflated data set in the fuzz options.</summary>
    public const long MaxInflatedLength = 64L << 20;

    /// <summary>
    /// Bytes allocated per input byte, at most. The worst input is all empty items: 8 bytes of item header
    /// become an item data set, its element list and a slot in the sequence's item list.
    /// </summary>
    public const long AllocationPerInputByte = 16;

    public static readonly DicomReadOptions Options = new() { AllowRawDataset = true, MaxInflatedLength = MaxInflatedLength };

    /// <summary>
    /// The inbox's streaming validation (<see cref="Part10HeaderReader"/>, the reader a peer's bytes meet first): keep the
    /// elements before Pixel Data and walk the rest to its last byte, inflating within <see cref="MaxInflatedLength"/>.
    /// </summary>
    public static readonly Part10HeaderOptions HeaderOptions = new() { ScanToEnd = true, MaxInflatedLength = MaxInflatedLength };

    private static readonly byte[] DeflatedUid = "1.2.840.10008.1.2.1.99"u8.ToArray();

    private readonly DatasetMutator _mutator;
    private readonly int _seed;
    private readonly object _gate = new();
    private volatile bool _stop;
    private FuzzFailure? _failure;
    private long _readCount;
    private long _rejectedCount;
    private long _worstAllocation;
    private long _worstAllocationBound;
    private long _slowestTicks;

    public FuzzRunner(DatasetMutator mutator, int seed)
    {
        _mutator = mutator;
        _seed = seed;
    }

    /// <summary>Allocation allowed for reading <paramref name="input"/>; a deflated data set may inflate to <see cref="MaxInflatedLength"/> first.</summary>
    public static long AllocationBound(ReadOnlySpan<byte> input)
    {
        var inflated = input.IndexOf(DeflatedUid) >= 0 ? MaxInflatedLength : 0;
        // Inflating copies the input once and grows its output buffer by doubling (at most twice the limit).
        return (AllocationPerInputByte * (input.Length + inflated)) + (2 * inflated) + (1 << 20);
    }

    /// <summary>Runs cases <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1.</summary>
    public FuzzResult Run(int first, int count, int workers)
    {
        var clock = Stopwatch.StartNew();
        var started = new long[workers];
        var current = new int[workers];
        var threads = new Thread[workers];
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            threads[w] = new Thread(() => Work(worker, first, count, workers, started, current))
            {
                IsBackground = true,
                Name = $"fuzz worker {w}",
            };
            threads[w].Start();
        }

        foreach (var thread in threads)
        {
            // A wait with a timeout, not a poll: the watchdog wakes only to look for a case that overran.
            while (!thread.Join(TimeSpan.FromMilliseconds(250)))
            {
                for (var w = 0; w < workers; w++)
                {
                    var since = Volatile.Read(ref started[w]);
                    if (since != 0 && Stopwatch.GetElapsedTime(since) > HangLimit)
                    {
                        // The case does not return; it stays behind on a background thread.
                        var hung = _mutator.Generate(_seed, Volatile.Read(ref current[w]));
                        Fail(hung, $"did not return within {HangLimit}");
                        return Result(clock.Elapsed);
                    }
                }
            }
        }

        return Result(clock.Elapsed);
    }

    private void Work(int worker, int first, int count, int workers, long[] started, int[] current)
    {
        for (var i = worker; i < count && !_stop; i += workers)
        {
            var number = first + i;
            var fuzzCase = _mutator.Generate(_seed, number);
            Volatile.Write(ref current[worker], number);
            var start = Stopwatch.GetTimestamp();
            Volatile.Write(ref started[worker], start);
            var problem = Check(fuzzCase);
            var ticks = Stopwatch.GetTimestamp() - start;
            Volatile.Write(ref started[worker], 0);
            lock (_gate)
            {
                _slowestTicks = Math.Max(_slowestTicks, ticks);
            }

            if (problem is not null)
            {
                Fail(fuzzCase, problem);
                return;
            }
        }
    }

    /// <summary>
    /// Reads one input with the streaming header reader and with the whole-file reader and, when the latter reads it, dumps
    /// and rewrites it; null when the contract held.
    /// </summary>
    public string? Check(FuzzCase fuzzCase)
    {
        var input = fuzzCase.Bytes;
        if (CheckHeaderReader(input) is { } headerProblem)
        {
            return headerProblem;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        DicomFile? file;
        try
        {
            file = Part10Reader.Read(input, Options);
        }
        catch (DicomFormatException)
        {
            file = null;
        }
        catch (Exception ex)
        {
            return $"Part10Reader.Read threw {ex}";
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var bound = AllocationBound(input);
        if (allocated > bound)
        {
            return $"Part10Reader.Read allocated {allocated} bytes for {input.Length} bytes of input, over the bound of {bound}";
        }

        lock (_gate)
        {
            if ((double)allocated / bound > (double)_worstAllocation / Math.Max(1, _worstAllocationBound))
            {
                (_worstAllocation, _worstAllocationBound) = (allocated, bound);
            }

            if (file is null)
            {
                _rejectedCount++;
                return null;
            }

            _readCount++;
        }

        try
        {
            new DicomDumper(TextWriter.Null, maxValueLength: 0).Dump(file);
        }
        catch (Exception ex)
        {
            return $"DicomDumper.Dump threw {ex}";
        }

        byte[] written;
        try
        {
            using var stream = new MemoryStream();
            Part10Writer.Write(stream, file);
            written = stream.ToArray();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException && file.Dataset.Elements.Any(e => e is DicomFragmentSequence))
        {
            // By design: compressed pixel data is never transcoded.
            return null;
        }
        catch (Exception ex)
        {
            return $"Part10Writer.Write threw {ex}";
        }

        try
        {
            Part10Reader.Read(written, Options);
        }
        catch (Exception ex)
        {
            return $"reading back what Part10Writer.Write wrote threw {ex}";
        }

        return null;
    }

    private static string? CheckHeaderReader(byte[] input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Part10HeaderReader.Read(new MemoryStream(input, writable: false), HeaderOptions);
        }
        catch (DicomFormatException)
        {
        }
        catch (Exception ex)
        {
            return $"Part10HeaderReader.Read threw {ex}";
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var bound = AllocationBound(input);
        return allocated > bound ? $"Part10HeaderReader.Read allocated {allocated} bytes for {input.Length} bytes of input, over the bound of {bound}" : null;
    }

    private void Fail(FuzzCase fuzzCase, string problem)
    {
        lock (_gate)
        {
            if (_failure is not null)
            {
                return;
            }

            var folder = Path.Combine(Path.GetTempPath(), "dicomnode-fuzz");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"seed{_seed}-case{fuzzCase.Number}.dcm");
            File.WriteAllBytes(path, fuzzCase.Bytes);
            _failure = new FuzzFailure(_seed, fuzzCase, problem, path);
            _stop = true;
        }
    }

    private FuzzResult Result(TimeSpan elapsed)
    {
        lock (_gate)
        {
            return new FuzzResult(
                _failure, _readCount, _rejectedCount, elapsed, TimeSpan.FromSeconds((double)_slowestTicks / Stopwatch.Frequency),
                _worstAllocation, _worstAllocationBound);
        }
    }
}
