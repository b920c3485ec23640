/// A linear map applied to every joined embedding before scoring: y = W·x, W of `outputSize` × `inputSize`.
///
/// The shipped kind is a linear discriminant (`fitLinearDiscriminant`): directions along which writers differ
/// much and one writer's signatures little, each scaled so that a writer's own variation along it is one. Euclidean
/// distance after it is a distance in units of how much writers vary, with the directions in which only the pen,
/// the scan or the day moves a signature weighed down.
///
/// Stored as safetensors (tensor `projection.weight`, metadata `format` = `sigforensics-projection/1`), with the
/// views it was fitted on (`views`: each model's SHA-256 and scale), since it means nothing on other embeddings.
public struct EmbeddingProjection: Sendable, Equatable {
    /// The metadata marker every projection file carries.
    public static let formatMarker = "sigforensics-projection/1"
    /// The tensor holding W.
    public static let weightName = "projection.weight"

    /// The length of the vectors it takes.
    public let inputSize: Int
    /// The length of the vectors it gives.
    public let outputSize: Int
    /// W, row-major, `outputSize` × `inputSize`.
    public let weights: [Float]
    /// The file's metadata (`format`, `views`, how it was fitted).
    public var metadata: [String: String]

    /// Checks the shape and that every weight is finite.
    public init(inputSize: Int, outputSize: Int, weights: [Float], metadata: [String: String]) throws(EncoderError) {
        guard inputSize > 0, outputSize > 0, weights.count == inputSize * outputSize else {
            throw .shapeMismatch(what: "projection weights", expected: [outputSize, inputSize], actual: [weights.count])
        }
        guard weights.allSatisfy(\.isFinite) else { throw .invalidArgument("the projection has non-finite weights") }
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.weights = weights
        self.metadata = metadata
    }

    /// The views a projection belongs to, as stored in its metadata: each view's model SHA-256, the inner layer it
    /// ends at when it is not the embedding (`SHA/fc6`), and its scale.
    public static func viewsFingerprint(modelSHA256s: [String], scales: [Double], layers: [String?]? = nil) -> String {
        let layers = layers ?? Array(repeating: nil, count: modelSHA256s.count)
        return zip(zip(modelSHA256s, layers), scales).map { view, scale in
            "\(view.0)\(view.1.map { "/\($0)" } ?? "")@\(scale)"
        }.joined(separator: ",")
    }

    /// Reads a projection file; a file that is not one, is truncated or has the wrong tensor is refused.
    public init(path: String) throws(EncoderError) {
        try self.init(file: SafeTensors.read(path: path), path: path)
    }

    /// A projection from a file already read; `path` names it in errors.
    public init(file: SafeTensors, path: String) throws(EncoderError) {
        guard file.metadata["format"] == Self.formatMarker else {
            throw .modelFile(path: path, reason: "not a projection file (metadata format is \(file.metadata["format"].map { "\"\($0)\"" } ?? "missing"), expected \"\(Self.formatMarker)\")")
        }
        guard file.tensors.count == 1, let w = file.tensors[Self.weightName] else {
            throw .modelFile(path: path, reason: "a projection file holds exactly one tensor, \(Self.weightName); found \(file.tensors.keys.sorted())")
        }
        guard w.shape.count == 2 else {
            throw .modelTensor(path: path, name: Self.weightName, reason: "shape \(w.shape) is not a matrix")
        }
        do {
            try self.init(inputSize: w.shape[1], outputSize: w.shape[0], weights: w.values, metadata: file.metadata)
        } catch {
            throw .modelTensor(path: path, name: Self.weightName, reason: "\(error)")
        }
    }

    /// The file (deterministic bytes: the same weights and metadata give the same SHA-256).
    public var safeTensors: SafeTensors {
        var meta = metadata
        meta["format"] = Self.formatMarker
        return SafeTensors(metadata: meta, tensors: [Self.weightName: .init(shape: [outputSize, inputSize], values: weights)])
    }

    /// Writes the file.
    public func write(path: String) throws(EncoderError) {
        try safeTensors.write(path: path)
    }

    /// W·x for each vector (`cblas_sgemm`: X·Wᵀ for the whole batch).
    public func apply(_ vectors: [[Float]]) throws(EncoderError) -> [[Float]] {
        guard !vectors.isEmpty else { return [] }
        if let bad = vectors.first(where: { $0.count != inputSize }) {
            throw .shapeMismatch(what: "embedding to project", expected: [inputSize], actual: [bad.count])
        }
        let n = vectors.count
        let x = vectors.flatMap { $0 }
        var y = [Float](repeating: 0, count: n * outputSize)
        x.withUnsafeBufferPointer { xp in
            weights.withUnsafeBufferPointer { wp in
                y.withUnsafeMutableBufferPointer { yp in
                    BLAS.sgemm(transA: false, transB: true, m: n, n: outputSize, k: inputSize, alpha: 1,
                               a: xp.baseAddress!, lda: inputSize, b: wp.baseAddress!, ldb: inputSize,
                               beta: 0, c: yp.baseAddress!, ldc: outputSize)
                }
            }
        }
        return (0..<n).map { Array(y[($0 * outputSize)..<(($0 + 1) * outputSize)]) }
    }
}

extension EmbeddingProjection {
    /// What a linear discriminant fit found: the projection and the separation (between-writer over within-writer
    /// variance) of every direction it kept, largest first.
    public struct DiscriminantFit: Sendable {
        /// The projection (rows: the kept directions, largest separation first).
        public var projection: EmbeddingProjection
        /// Between-writer variance over within-writer variance along each kept direction.
        public var separations: [Double]
        /// The same for every direction, kept or not, largest first.
        public var allSeparations: [Double]
    }

    /// Fits a linear discriminant on genuine signatures grouped by writer (`writers[w]` = writer w's embeddings):
    /// with S_w the within-writer scatter (each signature around its writer's mean) and S_b the between-writer
    /// scatter (writers' means around their mean), the directions z maximising zᵀS_b z / zᵀS_w' z, where
    /// S_w' = S_w + r·(trace S_w / d)·I keeps directions in which the fitting writers happened not to vary from
    /// weighing without bound. Each direction is scaled so that zᵀS_w' z = 1. The `outputSize` best are kept.
    ///
    /// Needs at least `outputSize + 1` writers with two or more signatures each (S_b of W writers has rank
    /// W − 1 at most); writers with fewer signatures are refused rather than skipped, so the caller decides.
    public static func fitLinearDiscriminant(writers: [[[Float]]], outputSize: Int, regularisation r: Double,
                                             metadata: [String: String]) throws(EncoderError) -> DiscriminantFit {
        guard let d = writers.first?.first?.count, d > 0 else {
            throw .invalidArgument("no embeddings to fit a projection on")
        }
        guard (1...d).contains(outputSize) else {
            throw .invalidArgument("the projection's output size \(outputSize) must be 1...\(d), the embeddings' length")
        }
        guard writers.count > outputSize else {
            throw .invalidArgument("\(writers.count) writers give at most \(writers.count - 1) discriminant directions; \(outputSize) were asked for")
        }
        guard r.isFinite, r > 0 else { throw .invalidArgument("the regularisation must be positive, not \(r)") }
        for (index, signatures) in writers.enumerated() {
            guard signatures.count >= 2 else {
                throw .invalidArgument("writer \(index + 1) has \(signatures.count) signature(s); a within-writer scatter needs two or more each")
            }
            if let bad = signatures.first(where: { $0.count != d || !$0.allSatisfy(\.isFinite) }) {
                throw .invalidArgument("writer \(index + 1) has an embedding of length \(bad.count) or with non-finite values; expected \(d) finite values")
            }
        }
        // Centred rows: each signature minus its writer's mean, each writer's mean minus the mean of means.
        var within: [Double] = [], means: [Double] = []
        within.reserveCapacity(writers.reduce(0) { $0 + $1.count } * d)
        for signatures in writers {
            var mean = [Double](repeating: 0, count: d)
            for s in signatures { for j in 0..<d { mean[j] += Double(s[j]) } }
            for j in 0..<d { mean[j] /= Double(signatures.count) }
            for s in signatures { for j in 0..<d { within.append(Double(s[j]) - mean[j]) } }
            means += mean
        }
        let count = within.count / d
        var grand = [Double](repeating: 0, count: d)
        for w in 0..<writers.count { for j in 0..<d { grand[j] += means[w * d + j] } }
        for w in 0..<writers.count { for j in 0..<d { means[w * d + j] -= grand[j] / Double(writers.count) } }
        var sw = BLAS.gram(within, rows: count, columns: d).map { $0 / Double(count) }
        let sb = BLAS.gram(means, rows: writers.count, columns: d).map { $0 / Double(writers.count) }
        let ridge = r * max((0..<d).reduce(0) { $0 + sw[$1 * d + $1] } / Double(d), 1e-12)
        for j in 0..<d { sw[j * d + j] += ridge }

        let (values, vectors) = try BLAS.generalizedSymmetricEigen(sb, sw, size: d)
        var weights: [Float] = []
        weights.reserveCapacity(outputSize * d)
        for i in stride(from: d - 1, through: d - outputSize, by: -1) {
            var row = Array(vectors[(i * d)..<((i + 1) * d)])
            // A direction and its negative are the same direction; fix the sign so the bytes are reproducible.
            if let largest = row.indices.max(by: { abs(row[$0]) < abs(row[$1]) }), row[largest] < 0 {
                row = row.map { -$0 }
            }
            weights += row.map { Float($0) }
        }
        var meta = metadata
        meta["method"] = "linear discriminant: between-writer over within-writer variance"
        meta["regularisation"] = String(r)
        meta["fitWriters"] = String(writers.count)
        meta["fitSignatures"] = String(count)
        let projection = try EmbeddingProjection(inputSize: d, outputSize: outputSize, weights: weights, metadata: meta)
        let descending = Array(values.reversed())
        return DiscriminantFit(projection: projection, separations: Array(descending.prefix(outputSize)),
                               allSeparations: descending)
    }
}
