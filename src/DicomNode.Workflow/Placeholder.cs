namespace DicomNode.Workflow; internal static class Placeholder {}
