namespace DicomNode.Dicom;

/// <summary>
/// A data set: elements kept in ascending tag order (PS3.5 §7.1), with add, replace and remove, and
/// explicit typed accessors split by concern into the partial files beside this one.
/// </summary>
public sealed partial class DicomDataset
{
    private readonly List<DicomElement> _elements = new();

    public DicomDataset()
    {
    }

    public DicomDataset(IEnumerable<DicomElement> elements)
    {
        foreach (var element in elements)
        {
            AddOrUpdate(element);
        }
    }

    /// <summary>
    /// The data set this one is an item of, if any. Text in an item without its own Specific Character
    /// Set is decoded with the enclosing data set's (PS3.5 §7.5.3).
    /// </summary>
    public DicomDataset? Parent { get; set; }

    public int Count => _elements.Count;

    /// <summary>The elements in ascending tag order.</summary>
    public IReadOnlyList<DicomElement> Elements => _elements;

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    public DicomElement? this[DicomTag tag]
    {
        get
        {
            var i = IndexOf(tag);
            return i >= 0 ? _elements[i] : null;
        }
    }

    public bool TryGetElement(DicomTag tag, out DicomElement element)
    {
        var i = IndexOf(tag);
        element = i >= 0 ? _elements[i] : null!;
        return i >= 0;
    }

    /// <summary>Adds an element; a data set holds each tag once, so an existing tag is an error.</summary>
    public void Add(DicomElement element)
    {
        var i = IndexOf(element.Tag);
        if (i >= 0)
        {
            throw new InvalidOperationException($"The data set already holds {element.Tag}; use AddOrUpdate to replace it.");
        }

        _elements.Insert(~i, element);
        AdoptItems(element);
    }

    /// <summary>Adds an element or replaces the one with the same tag.</summary>
    public void AddOrUpdate(DicomElement element)
    {
        var i = IndexOf(element.Tag);
        if (i >= 0)
        {
            _elements[i] = element;
        }
        else
        {
            _elements.Insert(~i, element);
        }

        AdoptItems(element);
    }

    /// <summary>
    /// Appends an element known to sort after every element held; readers use it to build a data set in
    /// one pass. Out-of-order input falls back to an ordered insert.
    /// </summary>
    internal void AddInOrder(DicomElement element)
    {
        if (_elements.Count == 0 || _elements[^1].Tag < element.Tag)
        {
            _elements.Add(element);
            AdoptItems(element);
        }
        else
        {
            AddOrUpdate(element);
        }
    }

    public bool Remove(DicomTag tag)
    {
        var i = IndexOf(tag);
        if (i < 0)
        {
            return false;
        }

        _elements.RemoveAt(i);
        return true;
    }

    /// <summary>Removes every element the predicate selects; returns how many went.</summary>
    public int RemoveAll(Predicate<DicomElement> predicate) => _elements.RemoveAll(predicate);

    /// <summary>A deep copy: nested items are copied, value bytes are shared (they are immutable).</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset();
        foreach (var element in _elements)
        {
            copy._elements.Add(element switch
            {
                DicomSequence sq => new DicomSequence(sq.Tag, sq.Items.Select(item => item.Clone())),
                DicomFragmentSequence f => new DicomFragmentSequence(f.Tag, f.VR, f.OffsetTableBytes, f.Fragments),
                _ => element,
            });
            copy.AdoptItems(copy._elements[^1]);
        }

        return copy;
    }

    private void AdoptItems(DicomElement element)
    {
        if (element is DicomSequence sequence)
        {
            foreach (var item in sequence.Items)
            {
                item.Parent = this;
            }
        }
    }

    /// <summary>Binary search; the bitwise complement of the insertion point when absent.</summary>
    private int IndexOf(DicomTag tag)
    {
        var lo = 0;
        var hi = _elements.Count - 1;
        var key = tag.Value;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var v = _elements[mid].Tag.Value;
            if (v == key)
            {
                return mid;
            }

            if (v < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
