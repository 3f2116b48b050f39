namespace DicomNode.Reporting.Coding;

/// <summary>
/// Every coded concept the SEG and SR writers use, each checked against PS3.16 as dumped in pydicom's
/// <c>sr/_concepts_dict.py</c>, except those of
/// <see cref="LocalScheme"/>, which are this node's own private codes for what PS3.16 has no concept for.
/// </summary>
public static class Concepts
{
    // SEG: categories (Baseline CID 7150) and types (Baseline CID 7151).
    public static readonly CodedConcept AnatomicalStructure = new("91723000", "SCT", "Anatomical Structure");
    public static readonly CodedConcept MorphologicallyAbnormalStructure = new("49755003", "SCT", "Morphologically Abnormal Structure");

    /// <summary>CID 7159/7194; SNOMED's FSN is "Neoplasm, metastatic". The SEG type and SR finding of a bone metastasis.</summary>
    public static readonly CodedConcept NeoplasmSecondary = new("14799000", "SCT", "Neoplasm, Secondary");

    public static readonly CodedConcept LymphNode = new("59441001", "SCT", "Lymph node");

    /// <summary>CID 7600: the finding site of a lymph node the node model finds in the pelvis, with its side as Laterality.</summary>
    public static readonly CodedConcept PelvicLymphNode = new("54268001", "SCT", "pelvic lymph node");

    // Laterality (CID 244), as SEG type modifier, anatomic region modifier (CID 2) and SR Laterality value.
    public static readonly CodedConcept Left = new("7771000", "SCT", "Left");
    public static readonly CodedConcept Right = new("24028007", "SCT", "Right");

    // SEG derivation and algorithm identification.
    public static readonly CodedConcept Segmentation = new("113076", "DCM", "Segmentation");
    public static readonly CodedConcept SourceImageForImageProcessingOperation = new("121322", "DCM", "Source image for image processing operation");
    public static readonly CodedConcept ArtificialIntelligence = new("123110", "DCM", "Artificial Intelligence");

    /// <summary>CID 7000 (Diagnostic Imaging Report Document Titles): the Concept Name of the encapsulated PDF report.</summary>
    public static readonly CodedConcept MriReport = new("18755-9", "LN", "MRI Report");

    // TID 1500 document structure.
    public static readonly CodedConcept ImagingMeasurementReport = new("126000", "DCM", "Imaging Measurement Report");
    public static readonly CodedConcept LanguageOfContentItemAndDescendants = new("121049", "DCM", "Language of Content Item and Descendants");
    public static readonly CodedConcept EnglishUnitedStates = new("en-US", "RFC5646", "English (United States)");
    public static readonly CodedConcept ProcedureReported = new("121058", "DCM", "Procedure reported");

    /// <summary>
    /// CID 100. The node analyses multiparametric pelvic MR (DWI, ADC, T1 Dixon): "Multiparametric MRI of prostate"
    /// names the wrong organ, "Dynamic MRI of pelvis" a contrast technique the method does not use, and
    /// "MRI unspecified body region" says less than this does.
    /// </summary>
    public static readonly CodedConcept MultiparametricMri = new("126020", "DCM", "Multiparametric MRI");

    public static readonly CodedConcept ImageLibrary = new("111028", "DCM", "Image Library");
    public static readonly CodedConcept ImageLibraryGroup = new("126200", "DCM", "Image Library Group");
    public static readonly CodedConcept ImagingMeasurements = new("126010", "DCM", "Imaging Measurements");

    /// <summary>UMLS, not DCM 126010 (that is Imaging Measurements): DCMTK's TID 1500 row 12.</summary>
    public static readonly CodedConcept QualitativeEvaluations = new("C0034375", "UMLS", "Qualitative Evaluations");

    // TID 1001/1004 device observer.
    public static readonly CodedConcept ObserverType = new("121005", "DCM", "Observer Type");
    public static readonly CodedConcept Device = new("121007", "DCM", "Device");
    public static readonly CodedConcept DeviceObserverUid = new("121012", "DCM", "Device Observer UID");
    public static readonly CodedConcept DeviceObserverName = new("121013", "DCM", "Device Observer Name");
    public static readonly CodedConcept DeviceObserverManufacturer = new("121014", "DCM", "Device Observer Manufacturer");
    public static readonly CodedConcept DeviceObserverModelName = new("121015", "DCM", "Device Observer Model Name");
    public static readonly CodedConcept DeviceObserverSerialNumber = new("121016", "DCM", "Device Observer Serial Number");

    // TID 1411 measurement groups.
    public static readonly CodedConcept MeasurementGroup = new("125007", "DCM", "Measurement Group");
    public static readonly CodedConcept TrackingIdentifier = new("112039", "DCM", "Tracking Identifier");
    public static readonly CodedConcept TrackingUniqueIdentifier = new("112040", "DCM", "Tracking Unique Identifier");
    public static readonly CodedConcept Finding = new("121071", "DCM", "Finding");
    public static readonly CodedConcept FindingSite = new("363698007", "SCT", "Finding Site");
    public static readonly CodedConcept Laterality = new("272741003", "SCT", "Laterality");
    public static readonly CodedConcept ReferencedSegment = new("121191", "DCM", "Referenced Segment");
    public static readonly CodedConcept SourceSeriesForSegmentation = new("121232", "DCM", "Source series for segmentation");

    // TID 4019 algorithm identification.
    public static readonly CodedConcept AlgorithmName = new("111001", "DCM", "Algorithm Name");
    public static readonly CodedConcept AlgorithmVersion = new("111003", "DCM", "Algorithm Version");
    public static readonly CodedConcept AlgorithmParameters = new("111002", "DCM", "Algorithm Parameters");

    // Measurements (TID 1419 / TID 300).
    public static readonly CodedConcept Volume = new("118565006", "SCT", "Volume");
    public static readonly CodedConcept ShortAxis = new("103340004", "SCT", "Short axis");
    public static readonly CodedConcept LongAxis = new("103339001", "SCT", "Long axis");

    /// <summary>CIDs 218, 7180, 7469; the mean over the lesion is said by <see cref="Derivation"/> = <see cref="Mean"/>.</summary>
    public static readonly CodedConcept ApparentDiffusionCoefficient = new("113041", "DCM", "Apparent Diffusion Coefficient");

    public static readonly CodedConcept Derivation = new("121401", "DCM", "Derivation");
    public static readonly CodedConcept Mean = new("373098007", "SCT", "Mean");

    // Units (UCUM, CID 7181).
    public static readonly CodedConcept CubicCentimeter = new("cm3", "UCUM", "cubic centimeter");
    public static readonly CodedConcept Millimeter = new("mm", "UCUM", "millimeter");

    /// <summary>
    /// µm²/s (CIDs 7181, 7277) is exactly the ADC map's own unit, 10⁻⁶ mm²/s, so the mean needs no scaling; it is the
    /// unit dcmqi and most ADC reports use, where "10-6.mm2/s" (also in CID 7181) is rarer in viewers.
    /// </summary>
    public static readonly CodedConcept SquareMicrometerPerSecond = new("um2/s", "UCUM", "um2/s");

    // Evaluations.
    public static readonly CodedConcept Yes = new("373066001", "SCT", "Yes");
    public static readonly CodedConcept No = new("373067005", "SCT", "No");
    public static readonly CodedConcept Comment = new("121106", "DCM", "Comment");

    /// <summary>In DICOM's SNOMED subset but in no CID: the number of bone metastases, as TEXT in Qualitative Evaluations.</summary>
    public static readonly CodedConcept NumberOfLesions = new("246206008", "SCT", "Number of lesions");

    // TNM categories (Qualitative Evaluations). PS3.16 has no generic TNM context group, so the concept names are the
    // two SNOMED findings whose children the categories are (both in PS3.16's SNOMED subset), and the values SNOMED's
    // category findings; where each identifier was verified is said in the README, Codes.

    /// <summary>The N category (CODE); its value is <see cref="N0Category"/> or <see cref="N1Category"/>.</summary>
    public static readonly CodedConcept NodeCategoryFinding = new("385382003", "SCT", "Node category finding");

    /// <summary>The M category (CODE); its value is <see cref="M0Category"/> or <see cref="LocalScheme.M1bCategory"/>.</summary>
    public static readonly CodedConcept MetastasisCategoryFinding = new("385380006", "SCT", "Metastasis category finding");

    public static readonly CodedConcept N0Category = new("62455006", "SCT", "N0 category");
    public static readonly CodedConcept N1Category = new("53623008", "SCT", "N1 category");
    public static readonly CodedConcept M0Category = new("30893008", "SCT", "M0 category");

    // TID 1410: where a viewer draws the finding.
    public static readonly CodedConcept ImageRegion = new("111030", "DCM", "Image Region");
    public static readonly CodedConcept Area = new("42798000", "SCT", "Area");
    public static readonly CodedConcept SquareMillimeter = new("mm2", "UCUM", "square millimeter");

    /// <summary>
    /// This node's private coding scheme (PS3.16 §8: designators beginning "99" are private), declared in Coding Scheme
    /// Identification Sequence (0008,0110) of every SR that uses it. Only for concepts PS3.16 lacks.
    /// </summary>
    public static class LocalScheme
    {
        public const string Designator = "99DICOMNODE";
        public const string Name = "DicomNode local concepts";

        /// <summary>CODE Yes/No: the node's short axis exceeds the suspicion threshold (8 mm by default).</summary>
        public static readonly CodedConcept SuspiciousLymphNode = new("DN0001", Designator, "Suspicious lymph node");

        public static readonly CodedConcept NumberOfSuspiciousLymphNodes = new("DN0002", Designator, "Number of suspicious lymph nodes");

        /// <summary>The node with the largest short axis, as the method reports it (short axis and volume).</summary>
        public static readonly CodedConcept LargestLymphNode = new("DN0003", Designator, "Largest lymph node");

        /// <summary>
        /// M1b (bone metastases): SNOMED has M1 sub-category concepts, but no identifier for M1b (clinical or
        /// unqualified) could be verified from a reliable source, so it is coded here rather than guessed.
        /// </summary>
        public static readonly CodedConcept M1bCategory = new("DN0004", Designator, "M1b category");
    }
}
