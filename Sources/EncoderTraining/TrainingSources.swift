/// Opens a data folder as the source its layout says.
public enum TrainingSources {
    /// The cross-media layout when the folder has `experiment/`, else the dataset layout.
    public static func open(_ folder: String) throws -> any SignatureSource {
        if CrossMediaSource.matches(folder) { return try CrossMediaSource(root: folder) }
        return try DatasetFolderSource(root: folder)
    }
}
