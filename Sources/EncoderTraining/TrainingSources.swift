import Foundation

/// Opens a data folder as the source its layout says.
public enum TrainingSources {
    /// The cross-media layout when the folder has `experiment/`, else the dataset layout.
    public static func open(_ folder: String) throws -> any SignatureSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TrainingError.dataFolder(path: folder, reason: "does not exist or is not a folder")
        }
        if CrossMediaSource.matches(folder) { return try CrossMediaSource(root: folder) }
        return try DatasetFolderSource(root: folder)
    }
}
