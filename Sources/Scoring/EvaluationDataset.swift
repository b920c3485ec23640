import Foundation

/// Turns one file of a dataset into an embedding. The image path (decode → preprocess → encode) is provided by
/// the pipeline; `JSONEmbeddingSource` reads precomputed embeddings.
public protocol EmbeddingSource {
    /// Whether `file` is one this source embeds (others in the folders are ignored).
    func accepts(_ file: URL) -> Bool
    /// The embedding of one file.
    func embedding(of file: URL) throws -> [Float]
}

/// Interim source: each file is a JSON array of numbers, or an object with an `embedding` array, holding one
/// precomputed embedding. Used by `evaluate` and `calibrate` until the image path is wired in.
public struct JSONEmbeddingSource: EmbeddingSource {
    /// Creates the source.
    public init() {}

    /// Files ending in `.json`.
    public func accepts(_ file: URL) -> Bool { file.pathExtension.lowercased() == "json" }

    /// Reads one embedding; a typed error names the file.
    public func embedding(of file: URL) throws -> [Float] {
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw ScoringError.unreadable(path: file.path, reason: "\(error.localizedDescription)")
        }
        struct Wrapped: Decodable { var embedding: [Float] }
        let decoder = JSONDecoder()
        if let plain = try? decoder.decode([Float].self, from: data) { return try checked(plain, file) }
        if let wrapped = try? decoder.decode(Wrapped.self, from: data) { return try checked(wrapped.embedding, file) }
        throw ScoringError.unreadable(path: file.path, reason: "expected a JSON array of numbers or {\"embedding\": [...]}")
    }

    private func checked(_ values: [Float], _ file: URL) throws -> [Float] {
        guard !values.isEmpty else { throw ScoringError.unreadable(path: file.path, reason: "the embedding is empty") }
        guard values.allSatisfy({ $0.isFinite }) else { throw ScoringError.nonFiniteValue(what: file.path) }
        return values
    }
}

/// The dataset layout of `evaluate` and `calibrate`: `<dataset>/<writer>/genuine/…` and
/// `<dataset>/<writer>/forged/…` (skilled forgeries of that writer). Writers and files are read in name order;
/// hidden files are ignored; a writer folder without `genuine/` is skipped by the protocol with a reason.
public enum EvaluationDataset {
    /// Loads every writer through `source`; all embeddings must share one dimension. `forgeries: false` leaves the
    /// `forged/` folders unread (for what needs genuine signatures only).
    public static func load(from directory: String, source: some EmbeddingSource,
                            forgeries: Bool = true) throws -> [WriterEmbeddings] {
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        let writerFolders = try folders(in: root)
        guard !writerFolders.isEmpty else {
            throw ScoringError.unreadable(path: directory, reason: "no writer folders (expected <writer>/genuine and <writer>/forged)")
        }
        var writers: [WriterEmbeddings] = []
        var dimension: Int?
        for folder in writerFolders {
            func embeddings(_ name: String) throws -> (embeddings: [[Float]], names: [String]) {
                let sub = folder.appendingPathComponent(name, isDirectory: true)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: sub.path, isDirectory: &isDirectory), isDirectory.boolValue else { return ([], []) }
                let accepted = try files(in: sub).filter { source.accepts($0) }
                let embeddings = try accepted.map { file in
                    let e = try source.embedding(of: file)
                    if let dimension, dimension != e.count {
                        throw ScoringError.dimensionMismatch(what: file.path, expected: dimension, found: e.count)
                    }
                    dimension = e.count
                    return e
                }
                return (embeddings, accepted.map(\.lastPathComponent))
            }
            let genuine = try embeddings("genuine")
            let forged = forgeries ? try embeddings("forged") : (embeddings: [], names: [])
            writers.append(WriterEmbeddings(id: folder.lastPathComponent, genuine: genuine.embeddings,
                                            skilledForgeries: forged.embeddings, genuineNames: genuine.names,
                                            forgeryNames: forged.names))
        }
        return writers
    }

    /// Sub-folders of `url`, by name.
    static func folders(in url: URL) throws -> [URL] {
        try entries(in: url).filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
    }

    /// Regular files of `url`, by name.
    static func files(in url: URL) throws -> [URL] {
        try entries(in: url).filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }

    private static func entries(in url: URL) throws -> [URL] {
        do {
            return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: [.isDirectoryKey, .isRegularFileKey],
                                                               options: [.skipsHiddenFiles])
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw ScoringError.unreadable(path: url.path, reason: error.localizedDescription)
        }
    }
}
