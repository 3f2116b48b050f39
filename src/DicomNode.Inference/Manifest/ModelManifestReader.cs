using System.Globalization;
using System.Text.Json;

namespace DicomNode.Inference.Manifest;

/// <summary>
/// Parses and validates models.json. Every problem is collected, each naming the entry and the
/// field ("models[1] 'pelvic-metastases': normalization.method ..."), and thrown together.
/// </summary>
internal sealed class ModelManifestReader
{
    public const int SchemaVersion = 1;

    private readonly string _manifestPath;
    private readonly List<string> _problems = [];

    private ModelManifestReader(string manifestPath)
    {
        _manifestPath = manifestPath;
    }

    public static IReadOnlyList<ModelEntry> Read(string manifestPath, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ModelManifestException(manifestPath, [$"not valid JSON: {e.Message}"], e);
        }

        using (document)
        {
            var reader = new ModelManifestReader(manifestPath);
            List<ModelEntry> models = reader.ReadRoot(document.RootElement);
            if (reader._problems.Count == 0)
            {
                reader.CheckCascades(models);
            }

            return reader._problems.Count == 0 ? models : throw new ModelManifestException(manifestPath, reader._problems);
        }
    }

    private List<ModelEntry> ReadRoot(JsonElement root)
    {
        var models = new List<ModelEntry>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            _problems.Add("the document must be a JSON object");
            return models;
        }

        if (!root.TryGetProperty("schemaVersion", out JsonElement version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out int schema) || schema != SchemaVersion)
        {
            _problems.Add($"schemaVersion must be {SchemaVersion}");
        }

        if (!root.TryGetProperty("models", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            _problems.Add("models must be an array (it may be empty)");
            return models;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (JsonElement item in list.EnumerateArray())
        {
            ModelEntry? entry = ReadEntry(item, index++);
            if (entry is null)
            {
                continue;
            }

            if (!seen.Add(entry.Id))
            {
                _problems.Add($"models[{index - 1}] '{entry.Id}': id is used by an earlier entry");
                continue;
            }

            models.Add(entry);
        }

        return models;
    }

    private ModelEntry? ReadEntry(JsonElement item, int index)
    {
        string where = $"models[{index}]";
        if (item.ValueKind != JsonValueKind.Object)
        {
            _problems.Add($"{where}: must be an object");
            return null;
        }

        string? id = String(item, where, "id");
        if (id is not null)
        {
            where = $"{where} '{id}'";
            if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                _problems.Add($"{where}: id may hold only letters, digits, '-', '_' and '.'");
            }
        }

        int before = _problems.Count;
        string? version = String(item, where, "version");
        string? file = String(item, where, "file");
        if (file is not null && Path.IsPathRooted(file))
        {
            _problems.Add($"{where}: file must be relative to the manifest's folder, not '{file}'");
        }

        string? sha256 = String(item, where, "sha256");
        if (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit)))
        {
            _problems.Add($"{where}: sha256 must be 64 hexadecimal digits");
        }

        string? input = String(item, where, "input");
        ModelGrid? grid = ReadGrid(item, where);
        Normalization? normalization = ReadNormalization(item, where);
        ModelOutput? output = ReadOutput(item, where);
        List<ModelLabel> labels = ReadLabels(item, where, output);
        List<SequenceKind> appliesTo = ReadAppliesTo(item, where);
        CascadeParent? cascade = ReadCascade(item, where);
        SlidingWindow? window = ReadSlidingWindow(item, where, grid);
        string? description = item.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;

        if (id is null || _problems.Count > before)
        {
            return null;
        }

        string folder = Path.GetDirectoryName(_manifestPath)!;
        return new ModelEntry
        {
            Id = id,
            Version = version!,
            File = file!,
            FilePath = Path.GetFullPath(Path.Combine(folder, file!)),
            Sha256 = sha256!.ToLowerInvariant(),
            InputName = input!,
            Grid = grid!,
            Normalization = normalization!,
            Output = output!,
            Labels = labels,
            AppliesTo = appliesTo,
            Cascade = cascade,
            SlidingWindow = window,
            Description = description,
        };
    }

    private ModelGrid? ReadGrid(JsonElement item, string where)
    {
        if (!Object(item, where, "grid", out JsonElement grid))
        {
            return null;
        }

        double[]? size = Numbers(grid, where, "grid.size", 3);
        if (size is not null && size.Any(s => s < 1 || s != Math.Floor(s) || s > 4096))
        {
            _problems.Add($"{where}: grid.size must be three whole numbers [D, H, W] from 1 to 4096");
            size = null;
        }

        string? policyName = String(grid, where, "grid.policy");
        GridSpacingPolicy? policy = policyName switch
        {
            null => null,
            "fixed-size" => GridSpacingPolicy.FixedSize,
            "fixed-spacing" => GridSpacingPolicy.FixedSpacing,
            _ => Problem<GridSpacingPolicy?>($"{where}: grid.policy must be \"fixed-size\" or \"fixed-spacing\", not \"{policyName}\""),
        };

        (double, double, double)? spacing = null;
        if (policy == GridSpacingPolicy.FixedSpacing)
        {
            double[]? mm = Numbers(grid, where, "grid.spacingMm", 3);
            if (mm is not null && mm.Any(s => !(s > 0) || double.IsInfinity(s)))
            {
                _problems.Add($"{where}: grid.spacingMm must be three positive numbers [D, H, W] in mm");
            }
            else if (mm is not null)
            {
                spacing = (mm[0], mm[1], mm[2]);
            }
        }

        return size is null || policy is null || (policy == GridSpacingPolicy.FixedSpacing && spacing is null)
            ? null
            : new ModelGrid((int)size[0], (int)size[1], (int)size[2], policy.Value, spacing);
    }

    private Normalization? ReadNormalization(JsonElement item, string where)
    {
        if (!Object(item, where, "normalization", out JsonElement normalization))
        {
            return null;
        }

        string? method = String(normalization, where, "normalization.method");
        switch (method)
        {
            case null:
                return null;
            case "minmax":
                return new Normalization(NormalizationMethod.MinMax);
            case "zscore":
                return new Normalization(NormalizationMethod.ZScore);
            case "percentile":
                double? lower = Number(normalization, where, "normalization.lower");
                double? upper = Number(normalization, where, "normalization.upper");
                if (lower is null || upper is null)
                {
                    return null;
                }

                if (!(lower >= 0 && lower < upper && upper <= 100))
                {
                    _problems.Add($"{where}: normalization.lower and .upper must be percentiles with 0 ≤ lower < upper ≤ 100, not {lower} and {upper}");
                    return null;
                }

                return new Normalization(NormalizationMethod.Percentile, lower.Value, upper.Value);
            default:
                _problems.Add($"{where}: normalization.method must be \"minmax\", \"zscore\" or \"percentile\", not \"{method}\"");
                return null;
        }
    }

    private ModelOutput? ReadOutput(JsonElement item, string where)
    {
        if (!Object(item, where, "output", out JsonElement output))
        {
            return null;
        }

        string? kind = String(output, where, "output.kind");
        switch (kind)
        {
            case null:
                return null;
            case "softmax":
                double? classes = Number(output, where, "output.classes");
                if (classes is null)
                {
                    return null;
                }

                if (classes < 2 || classes > 256 || classes != Math.Floor(classes.Value))
                {
                    _problems.Add($"{where}: output.classes must be a whole number from 2 to 256 (background included), not {classes}");
                    return null;
                }

                return new ModelOutput(ModelOutputKind.Softmax, (int)classes, 0);
            case "sigmoid":
                double? threshold = Number(output, where, "output.threshold");
                if (threshold is null)
                {
                    return null;
                }

                if (!(threshold > 0 && threshold < 1))
                {
                    _problems.Add($"{where}: output.threshold must lie between 0 and 1, not {threshold}");
                    return null;
                }

                return new ModelOutput(ModelOutputKind.Sigmoid, 2, threshold.Value);
            default:
                _problems.Add($"{where}: output.kind must be \"softmax\" or \"sigmoid\", not \"{kind}\"");
                return null;
        }
    }

    private List<ModelLabel> ReadLabels(JsonElement item, string where, ModelOutput? output)
    {
        var labels = new List<ModelLabel>();
        if (!item.TryGetProperty("labels", out JsonElement list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            _problems.Add($"{where}: labels must be a non-empty array");
            return labels;
        }

        int index = 0;
        foreach (JsonElement label in list.EnumerateArray())
        {
            string field = $"labels[{index++}]";
            double? value = Number(label, where, $"{field}.value");
            string? name = String(label, where, $"{field}.name");
            CodedConcept? concept = null;
            if (Object(label, where, $"{field}.code", out JsonElement code))
            {
                string? codeValue = String(code, where, $"{field}.code.value");
                string? scheme = String(code, where, $"{field}.code.scheme");
                string? meaning = String(code, where, $"{field}.code.meaning");
                concept = codeValue is null || scheme is null || meaning is null ? null : new CodedConcept(codeValue, scheme, meaning);
            }

            if (value is null || name is null || concept is null)
            {
                continue;
            }

            int maximum = output?.Kind == ModelOutputKind.Softmax ? output.Classes - 1 : 255;
            if (value < 1 || value > maximum || value != Math.Floor(value.Value))
            {
                _problems.Add($"{where}: {field}.value must be a whole number from 1 to {maximum}, not {value}");
                continue;
            }

            if (labels.Any(l => l.Value == value))
            {
                _problems.Add($"{where}: {field}.value {value} is listed twice");
                continue;
            }

            labels.Add(new ModelLabel((byte)value, name, concept));
        }

        if (output?.Kind == ModelOutputKind.Sigmoid && list.GetArrayLength() != 1)
        {
            _problems.Add($"{where}: a sigmoid model writes one label; labels must have exactly one entry");
        }

        return labels;
    }

    private List<SequenceKind> ReadAppliesTo(JsonElement item, string where)
    {
        var kinds = new List<SequenceKind>();
        if (!item.TryGetProperty("appliesTo", out JsonElement list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            _problems.Add($"{where}: appliesTo must be a non-empty array of \"DWI\", \"ADC\", \"T1IP\"");
            return kinds;
        }

        foreach (JsonElement name in list.EnumerateArray())
        {
            string? text = name.ValueKind == JsonValueKind.String ? name.GetString() : name.ToString();
            if (!SequenceKinds.TryParse(text, out SequenceKind kind))
            {
                _problems.Add($"{where}: appliesTo holds \"{text}\"; the sequences are \"DWI\", \"ADC\", \"T1IP\"");
            }
            else if (!kinds.Contains(kind))
            {
                kinds.Add(kind);
            }
        }

        return kinds;
    }

    private CascadeParent? ReadCascade(JsonElement item, string where)
    {
        if (!item.TryGetProperty("cascade", out JsonElement cascade) || cascade.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (cascade.ValueKind != JsonValueKind.Object)
        {
            _problems.Add($"{where}: cascade must be an object {{ \"model\": id, \"labels\": [...] }}");
            return null;
        }

        string? model = String(cascade, where, "cascade.model");
        double[]? labels = Numbers(cascade, where, "cascade.labels", null);
        if (labels is not null && (labels.Length == 0 || labels.Any(l => l < 1 || l > 255 || l != Math.Floor(l))))
        {
            _problems.Add($"{where}: cascade.labels must be a non-empty array of label values 1 to 255");
            labels = null;
        }

        bool maskInput = true;
        if (cascade.TryGetProperty("maskInput", out JsonElement mask))
        {
            if (mask.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                _problems.Add($"{where}: cascade.maskInput must be true or false");
            }

            maskInput = mask.ValueKind != JsonValueKind.False;
        }

        float fill = 0;
        if (cascade.TryGetProperty("inputFill", out _))
        {
            fill = (float)(Number(cascade, where, "cascade.inputFill") ?? 0);
        }

        return model is null || labels is null ? null : new CascadeParent(model, labels.Select(l => (byte)l).ToArray(), maskInput, fill);
    }

    /// <summary>
    /// "slidingWindow": { "patchSize": [D, H, W], "overlap": 0–0.9, "blending": "constant" | "gaussian",
    /// "batchSize": 1–64, "mirror": true | false }; patchSize required, no larger than the grid along any axis;
    /// the rest default to 0.5, gaussian, 1 and false.
    /// </summary>
    private SlidingWindow? ReadSlidingWindow(JsonElement item, string where, ModelGrid? grid)
    {
        if (!item.TryGetProperty("slidingWindow", out JsonElement window) || window.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (window.ValueKind != JsonValueKind.Object)
        {
            _problems.Add($"{where}: slidingWindow must be an object {{ \"patchSize\": [D, H, W], ... }}");
            return null;
        }

        int before = _problems.Count;
        double[]? size = Numbers(window, where, "slidingWindow.patchSize", 3);
        if (size is not null && size.Any(v => v < 1 || v > 4096 || v != Math.Floor(v)))
        {
            _problems.Add($"{where}: slidingWindow.patchSize must be three whole numbers [D, H, W] from 1 to 4096");
        }
        else if (size is not null && grid is not null && (size[0] > grid.Depth || size[1] > grid.Height || size[2] > grid.Width))
        {
            _problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{where}: slidingWindow.patchSize [{size[0]}, {size[1]}, {size[2]}] is larger than the grid [{grid.Depth}, {grid.Height}, {grid.Width}] along some axis"));
        }

        double overlap = window.TryGetProperty("overlap", out _) ? Number(window, where, "slidingWindow.overlap") ?? 0 : 0.5;
        if (overlap is < 0 or > 0.9)
        {
            _problems.Add($"{where}: slidingWindow.overlap must be a fraction of the patch from 0 to 0.9");
        }

        WindowBlending blending = WindowBlending.Gaussian;
        if (window.TryGetProperty("blending", out _))
        {
            string? name = String(window, where, "slidingWindow.blending");
            blending = name switch
            {
                null => WindowBlending.Gaussian,
                "constant" => WindowBlending.Constant,
                "gaussian" => WindowBlending.Gaussian,
                _ => Problem<WindowBlending>($"{where}: slidingWindow.blending must be \"constant\" or \"gaussian\", not \"{name}\""),
            };
        }

        double batch = window.TryGetProperty("batchSize", out _) ? Number(window, where, "slidingWindow.batchSize") ?? 1 : 1;
        if (batch is < 1 or > 64 || batch != Math.Floor(batch))
        {
            _problems.Add($"{where}: slidingWindow.batchSize must be a whole number from 1 to 64");
        }

        bool mirror = false;
        if (window.TryGetProperty("mirror", out JsonElement m))
        {
            if (m.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                _problems.Add($"{where}: slidingWindow.mirror must be true or false");
            }

            mirror = m.ValueKind == JsonValueKind.True;
        }

        return _problems.Count > before || size is null
            ? null
            : new SlidingWindow((int)size[0], (int)size[1], (int)size[2], overlap, blending, (int)batch, mirror);
    }

    /// <summary>Cascade parents exist, label values exist in the parent, the parent runs on the child's series, no cycles.</summary>
    private void CheckCascades(List<ModelEntry> models)
    {
        Dictionary<string, ModelEntry> byId = models.ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (ModelEntry model in models)
        {
            if (model.Cascade is not { } cascade)
            {
                continue;
            }

            string where = $"model '{model.Id}'";
            if (!byId.TryGetValue(cascade.ModelId, out ModelEntry? parent))
            {
                _problems.Add($"{where}: cascade.model '{cascade.ModelId}' is not in the manifest");
                continue;
            }

            foreach (byte label in cascade.Labels.Where(l => parent.Labels.All(p => p.Value != l)))
            {
                _problems.Add($"{where}: cascade.labels holds {label}, which model '{parent.Id}' does not write");
            }

            foreach (SequenceKind kind in model.AppliesTo.Where(k => !parent.AppliesTo.Contains(k)))
            {
                _problems.Add($"{where}: applies to {kind.ToManifestName()} but its cascade parent '{parent.Id}' does not");
            }

            var chain = new List<string> { model.Id };
            for (ModelEntry? step = parent; step is not null; step = step.Cascade is { } next ? byId.GetValueOrDefault(next.ModelId) : null)
            {
                if (chain.Contains(step.Id))
                {
                    _problems.Add($"{where}: cascade forms a cycle ({string.Join(" → ", chain)} → {step.Id})");
                    break;
                }

                chain.Add(step.Id);
            }
        }
    }

    private string? String(JsonElement parent, string where, string field)
    {
        string name = field[(field.LastIndexOf('.') + 1)..];
        if (parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString();
        }

        _problems.Add($"{where}: {field} must be a non-empty string");
        return null;
    }

    private double? Number(JsonElement parent, string where, string field)
    {
        string name = field[(field.LastIndexOf('.') + 1)..];
        if (parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        _problems.Add($"{where}: {field} must be a number");
        return null;
    }

    private double[]? Numbers(JsonElement parent, string where, string field, int? count)
    {
        string name = field[(field.LastIndexOf('.') + 1)..];
        if (parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number) && (count is null || value.GetArrayLength() == count))
        {
            return value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        }

        _problems.Add(count is null
            ? $"{where}: {field} must be an array of numbers"
            : $"{where}: {field} must be an array of {count.Value.ToString(CultureInfo.InvariantCulture)} numbers");
        return null;
    }

    private bool Object(JsonElement parent, string where, string field, out JsonElement value)
    {
        string name = field[(field.LastIndexOf('.') + 1)..];
        if (parent.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        _problems.Add($"{where}: {field} must be an object");
        return false;
    }

    private T Problem<T>(string message)
    {
        _problems.Add(message);
        return default!;
    }
}
