import Digest
import Foundation
import Imaging
import Preprocessing
import TwinEncoder

/// A pipeline definition (`Pipelines/*.json`): the parameters of every stage, the model file and its SHA-256.
///
/// One type reads and validates the whole file. Every object is checked against the keys its section knows, so a
/// misspelt parameter is refused with its name and place instead of being silently ignored; the model file is
/// looked up beside the definition and its SHA-256 compared with the one written here.
public struct PipelineDefinition: Sendable, Equatable {
    /// The format marker every definition carries.
    public static let formatMarker = "sigforensics-pipeline/1"

    /// A short name for reports ("default").
    public var name: String
    /// Decoding limits.
    public var decode: DecodeSection
    /// Preprocessing: the normalisation recipe (with `views`, the first view's).
    public var preprocess: PreprocessSection
    /// The views a signature's embedding is made of, in order: one for a definition with `encoder` (on the
    /// `preprocess` recipe), several for one with `views`. Empty when the definition names no model yet.
    public var views: [View]
    /// A linear map applied to the joined embedding before scoring (`EmbeddingProjection`), nil when none.
    public var projection: ProjectionSection?
    /// Evidence: the calibration file and an optional decision threshold. Nil when none is named.
    public var scoring: ScoringSection?
    /// Moved copies each view's embedding is averaged over (`testTimeAugmentation`: `variants`, `strength`,
    /// `seed`); nil when the definition names none.
    public var testTimeAugmentation: TestTimeAugmentation? = nil
    /// The folder the definition was read from (model paths are relative to it).
    public var folder: String
    /// SHA-256 of the definition file's bytes (for the report).
    public var sha256: String

    /// Decoding parameters.
    public struct DecodeSection: Sendable, Equatable {
        /// Largest page accepted, in megapixels.
        public var pixelBudgetMegapixels: Double = 200
        /// Largest input file, in megabytes.
        public var maxFileMegabytes: Double = 2048
        /// Keep colour samples of colour sources (ink colour is evidence).
        public var keepColour = true
        /// Threads one page may use: TIFF strips split between threads, a large baseline JPEG page in two halves.
        public var threads = 2

        static let keys: Set<String> = ["pixelBudgetMegapixels", "maxFileMegabytes", "keepColour", "threads"]

        /// The decoder options these parameters stand for.
        public var options: DecodeOptions {
            DecodeOptions(pixelBudget: Int(pixelBudgetMegapixels * 1_000_000), maxFileBytes: Int(maxFileMegabytes * 1_048_576),
                          keepColour: keepColour, threads: threads)
        }
    }

    /// Preprocessing parameters.
    public struct PreprocessSection: Sendable, Equatable {
        /// The normalisation recipes a definition may name.
        public enum Normalization: String, Sendable, CaseIterable {
            /// Hafemann's sigver recipe as published: the ink keeps its grey levels and width.
            case sigver
            /// sigver with ink grey levels stretched (faint and dense pens end equally dark).
            case stretch
            /// sigver with every ink pixel black (the pen's intensity removed, as a bilevel fax does).
            case binary
            /// sigver with ink black and strokes redrawn 0.024 inch wide (pen intensity and width removed).
            case penIndependent = "pen-independent"
            /// `binary` with the ink fitted to the input (10-pixel margin) instead of placed on sigver's physical
            /// canvas: the signature's absolute size is given up for two to six times the resolution.
            case binaryFit = "binary-fit"
            /// `stretch` with the ink fitted to the input like `binary-fit`: the grey levels along a stroke (how
            /// fast and how hard it was written) kept, the pen's overall darkness removed.
            case stretchFit = "stretch-fit"
            /// `stretch-fit` at twice the resolution (300 x 440, 20-pixel margin), for `signet-s-hr`: the tremor,
            /// blunt ends and pen lifts of a slow copy drawn with twice the pixels.
            case stretchFit2x = "stretch-fit-2x"
            /// `binary` at twice the resolution (300 x 440 from a 340 x 484 resize of the same canvas), for
            /// `signet-s-hr`: the signature's absolute size kept, its strokes drawn with twice the pixels.
            case binary2x = "binary-2x"
            /// `stretch` grey levels in 3 x 4 windows of 4.2 x 4.7 mm at 300 dpi, one per cell of the ink's box,
            /// centred on the cell's ink (150 x 220, for `signet-s`): the strokes at the scan's own scale.
            case strokeTiles = "stroke-tiles"

            /// The parameters this name stands for.
            public var parameters: NormalizationParameters {
                var p = NormalizationParameters.sigver
                switch self {
                case .sigver: break
                case .stretch: p.contrast = .stretch
                case .binary: p.contrast = .binary
                case .penIndependent: p = .penIndependent
                case .binaryFit:
                    p.contrast = .binary
                    p.placement = .fit(margin: 10)
                case .stretchFit:
                    p.contrast = .stretch
                    p.placement = .fit(margin: 10)
                case .stretchFit2x:
                    p.contrast = .stretch
                    p.placement = .fit(margin: 20)
                    (p.resizeHeight, p.resizeWidth, p.outputHeight, p.outputWidth) = (340, 484, 300, 440)
                case .binary2x:
                    p.contrast = .binary
                    (p.resizeHeight, p.resizeWidth, p.outputHeight, p.outputWidth) = (340, 484, 300, 440)
                case .strokeTiles:
                    p.contrast = .stretch
                    p.placement = .tiles(rows: 3, columns: 4)
                }
                return p
            }
        }

        /// The normalisation recipe (its identifier must match the model's preprocessing version).
        public var normalization = Normalization.binary

        static let keys: Set<String> = ["normalization"]
    }

    /// Evidence parameters.
    public struct ScoringSection: Sendable, Equatable {
        /// Calibration file (JSON written by `sigforensics calibrate`), relative to the definition's folder.
        public var calibration: String
        /// Optional accept / refer threshold on log10 LR (the bank use-case); nil reports LRs only.
        public var decisionThresholdLog10LR: Double?

        static let keys: Set<String> = ["calibration", "decisionThresholdLog10LR"]
    }

    /// The projection file (written by `sigforensics fit-projection`) and its SHA-256.
    public struct ProjectionSection: Sendable, Equatable {
        /// File name, relative to the definition's folder.
        public var file: String
        /// Its SHA-256, lowercase hex.
        public var sha256: String
        /// Whether the embedding keeps the joined views after the projection's directions: distances are measured
        /// on the directions alone, the forgery direction (`ForgeryDirection`) reads the joined views too, which
        /// hold what the projection leaves out (README "Stop 27").
        public var keepJoined = false

        static let keys: Set<String> = ["file", "sha256", "keepJoined"]
    }

    /// The encoder's model.
    public struct EncoderSection: Sendable, Equatable {
        /// Model file name, relative to the definition's folder.
        public var model: String
        /// Its SHA-256, lowercase hex.
        public var sha256: String
        /// Architecture name the model must declare.
        public var architecture: String
        /// Images embedded per batch.
        public var batchSize = 16

        static let keys: Set<String> = ["model", "sha256", "architecture", "batchSize"]
    }

    /// One view of a signature: a normalisation recipe and the encoder trained on it. A definition with several
    /// views embeds every signature once per view and joins the embeddings, each divided by its `scale`, into one
    /// vector (`SignatureEmbedder`); scoring sees that one vector.
    public struct View: Sendable, Equatable {
        /// The recipe this view's encoder was trained on.
        public var normalization: PreprocessSection.Normalization
        /// The encoder's model.
        public var encoder: EncoderSection
        /// The divisor of this view's embedding before joining: its typical distance between two genuine
        /// signatures of one writer, so that every view weighs alike (1 for a single view).
        public var scale: Double
        /// The encoder's fully connected layer whose activations are this view's vector (`"layer": "fc6"`); nil for
        /// the model's embedding. An inner layer carries more of what the network saw; a projection fitted on it
        /// (`fit-projection`) decides what of it counts.
        public var layer: String? = nil
        /// Where the view stands in the definition ("encoder" or "views[i]"), for errors.
        var key: String

        static let keys = EncoderSection.keys.union(["normalization", "scale", "layer"])
    }

    /// The first view's encoder (the only one for a definition with `encoder`).
    public var encoder: EncoderSection? { views.first?.encoder }

    static let topKeys: Set<String> = ["format", "name", "decode", "preprocess", "encoder", "views", "projection", "scoring",
                                       "testTimeAugmentation"]
    static let augmentationKeys: Set<String> = ["variants", "strength", "seed"]

    /// Reads and validates the definition at `path` (the model file's hash included).
    public static func load(path: String, verifyModel: Bool = true) throws(PipelineDefinitionError) -> PipelineDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineDefinitionError(file: path, message: "cannot read the pipeline definition")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var definition = try parse(Array(data), file: path, folder: folder.isEmpty ? "." : folder)
        if verifyModel { try definition.verifyModel() }
        definition.sha256 = SHA256.hex(Array(data))
        return definition
    }

    /// Parses and validates definition bytes; `folder` anchors relative model paths.
    public static func parse(_ bytes: [UInt8], file: String, folder: String) throws(PipelineDefinitionError) -> PipelineDefinition {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw PipelineDefinitionError(file: file, message: "not valid JSON: \(error)")
        }
        guard case .object(let root) = value else {
            throw PipelineDefinitionError(file: file, message: "the top level must be a JSON object")
        }
        let reader = SectionReader(file: file)
        try reader.checkKeys(root, allowed: topKeys, at: "")
        guard try reader.string(root, "format", at: "") == formatMarker else {
            throw PipelineDefinitionError(file: file, key: "format", message: "must be \"\(formatMarker)\"")
        }
        var definition = PipelineDefinition(name: try reader.string(root, "name", at: "") ?? "unnamed",
                                            decode: DecodeSection(), preprocess: PreprocessSection(), views: [],
                                            projection: nil, scoring: nil, folder: folder, sha256: SHA256.hex(bytes))
        if let decode = try reader.object(root, "decode", at: "") {
            try reader.checkKeys(decode, allowed: DecodeSection.keys, at: "decode")
            var d = DecodeSection()
            d.pixelBudgetMegapixels = try reader.number(decode, "pixelBudgetMegapixels", at: "decode", range: 0.001...10_000) ?? d.pixelBudgetMegapixels
            d.maxFileMegabytes = try reader.number(decode, "maxFileMegabytes", at: "decode", range: 0.001...1_048_576) ?? d.maxFileMegabytes
            d.keepColour = try reader.bool(decode, "keepColour", at: "decode") ?? d.keepColour
            d.threads = Int(try reader.number(decode, "threads", at: "decode", range: 1...64) ?? Double(d.threads))
            definition.decode = d
        }
        var recipeNamed = false
        if let preprocess = try reader.object(root, "preprocess", at: "") {
            try reader.checkKeys(preprocess, allowed: PreprocessSection.keys, at: "preprocess")
            if let name = try reader.string(preprocess, "normalization", at: "preprocess") {
                definition.preprocess.normalization = try reader.normalization(name, at: "preprocess.normalization")
                recipeNamed = true
            }
        }
        if let encoder = try reader.object(root, "encoder", at: "") {
            try reader.checkKeys(encoder, allowed: EncoderSection.keys, at: "encoder")
            if root["views"] != nil {
                throw PipelineDefinitionError(file: file, key: "views", message: "name either \"encoder\" (one view) or \"views\", not both")
            }
            definition.views = [View(normalization: definition.preprocess.normalization,
                                     encoder: try reader.encoder(encoder, at: "encoder"), scale: 1, key: "encoder")]
        }
        if let views = try reader.array(root, "views", at: "") {
            guard !views.isEmpty else { throw PipelineDefinitionError(file: file, key: "views", message: "must name at least one view") }
            if recipeNamed {
                throw PipelineDefinitionError(file: file, key: "preprocess.normalization",
                                              message: "with \"views\" each view names its own normalization")
            }
            for (index, value) in views.enumerated() {
                let at = "views[\(index)]"
                guard case .object(let view) = value else { throw PipelineDefinitionError(file: file, key: at, message: "must be an object") }
                try reader.checkKeys(view, allowed: View.keys, at: at)
                guard let name = try reader.string(view, "normalization", at: at) else {
                    throw PipelineDefinitionError(file: file, key: at, message: "needs \"normalization\"")
                }
                let normalization = try reader.normalization(name, at: "\(at).normalization")
                let scale = try reader.number(view, "scale", at: at, range: 1e-6...1e6) ?? 1
                let layer = try reader.string(view, "layer", at: at)
                if let layer, !Architecture.fullyConnectedLayerName(layer) {
                    throw PipelineDefinitionError(file: file, key: "\(at).layer", message: "must name a fully connected layer (fc6, fc7, …), not \"\(layer)\"")
                }
                definition.views.append(View(normalization: normalization, encoder: try reader.encoder(view, at: at),
                                             scale: scale, layer: layer, key: at))
            }
            definition.preprocess.normalization = definition.views[0].normalization
        }
        if let projection = try reader.object(root, "projection", at: "") {
            try reader.checkKeys(projection, allowed: ProjectionSection.keys, at: "projection")
            guard !definition.views.isEmpty else {
                throw PipelineDefinitionError(file: file, key: "projection", message: "a projection needs the views it was fitted on")
            }
            guard let name = try reader.string(projection, "file", at: "projection"),
                  let sha = try reader.string(projection, "sha256", at: "projection") else {
                throw PipelineDefinitionError(file: file, key: "projection", message: "needs \"file\" and \"sha256\"")
            }
            try reader.checkSHA256(sha, at: "projection.sha256")
            try reader.checkInsideFolder(name, at: "projection.file")
            definition.projection = ProjectionSection(file: name, sha256: sha,
                                                      keepJoined: try reader.bool(projection, "keepJoined", at: "projection") ?? false)
        }
        if let scoring = try reader.object(root, "scoring", at: "") {
            try reader.checkKeys(scoring, allowed: ScoringSection.keys, at: "scoring")
            guard let calibration = try reader.string(scoring, "calibration", at: "scoring") else {
                throw PipelineDefinitionError(file: file, key: "scoring", message: "needs \"calibration\"")
            }
            try reader.checkInsideFolder(calibration, at: "scoring.calibration")
            let threshold = try reader.number(scoring, "decisionThresholdLog10LR", at: "scoring", range: -6...6)
            definition.scoring = ScoringSection(calibration: calibration, decisionThresholdLog10LR: threshold)
        }
        if let moves = try reader.object(root, "testTimeAugmentation", at: "") {
            let at = "testTimeAugmentation"
            try reader.checkKeys(moves, allowed: augmentationKeys, at: at)
            guard !definition.views.isEmpty else {
                throw PipelineDefinitionError(file: file, key: at, message: "test-time moves need the views they move")
            }
            guard let variants = try reader.integer(moves, "variants", at: at, range: 1...TestTimeAugmentation.maximumVariants),
                  let strength = try reader.number(moves, "strength", at: at, range: 0...1) else {
                throw PipelineDefinitionError(file: file, key: at, message: "needs \"variants\" and \"strength\"")
            }
            let seed = try reader.integer(moves, "seed", at: at, range: 0...(1 << 53)) ?? 0
            definition.testTimeAugmentation = TestTimeAugmentation(variants: variants, strength: strength, seed: UInt64(seed))
        }
        return definition
    }

    /// The calibration file's full path, when the definition names one.
    public var calibrationPath: String? {
        scoring.map { (folder as NSString).appendingPathComponent($0.calibration) }
    }

    /// The signature extractor these parameters describe (decoding limits, location, one normalisation per view;
    /// the `preprocess` recipe when no view is named).
    public var extractor: SignatureExtractor {
        SignatureExtractor(decodeOptions: decode.options,
                           normalizations: views.isEmpty ? [preprocess.normalization.parameters] : views.map(\.normalization.parameters))
    }

    /// The projection file's full path, when the definition names one.
    public var projectionPath: String? {
        projection.map { (folder as NSString).appendingPathComponent($0.file) }
    }

    /// What a projection fitted on this definition's views stores in its `views` metadata.
    public var viewsFingerprint: String {
        EmbeddingProjection.viewsFingerprint(modelSHA256s: views.map(\.encoder.sha256), scales: views.map(\.scale),
                                             layers: views.map(\.layer))
    }

    /// The embeddings this definition gives, as a calibration records them: the views, the test-time moves when
    /// there are any, and, when one is named, the projection's SHA-256.
    public var embeddingFingerprint: String {
        let moves = testTimeAugmentation.flatMap { $0.movesSignatures ? " \($0.fingerprint)" : nil } ?? ""
        return viewsFingerprint + moves
            + (projection.map { " projected by \($0.sha256)" + ($0.keepJoined ? " keeping the joined views" : "") } ?? "")
    }

    /// The first view's model file, full path, when the definition names one.
    public var modelPath: String? { views.first.map(modelPath(of:)) }

    /// A view's model file, full path.
    public func modelPath(of view: View) -> String {
        (folder as NSString).appendingPathComponent(view.encoder.model)
    }

    /// Checks that the model files (and a named projection) exist and have the SHA-256s the definition states, and
    /// that a named calibration file exists.
    public func verifyModel() throws(PipelineDefinitionError) {
        if let calibrationPath, !FileManager.default.fileExists(atPath: calibrationPath) {
            throw PipelineDefinitionError(file: calibrationPath, key: "scoring.calibration", message: "the calibration file is missing")
        }
        try verifyEmbedding()
    }

    /// Checks what embedding needs: the model files and a named projection, each against its SHA-256. The
    /// calibration is left out: `calibrate` writes it from these embeddings, so it may not exist yet.
    public func verifyEmbedding() throws(PipelineDefinitionError) {
        for view in views {
            try Self.checkHash(of: modelPath(of: view), named: "model", key: view.key, fileKey: "model", expected: view.encoder.sha256)
        }
        if let projection, let path = projectionPath {
            try Self.checkHash(of: path, named: "projection", key: "projection", fileKey: "file", expected: projection.sha256)
        }
    }
}

extension PipelineDefinition {
    /// Refuses a missing file (naming `key.fileKey`) or one whose SHA-256 is not `expected` (naming `key.sha256`).
    static func checkHash(of path: String, named what: String, key: String, fileKey: String,
                          expected: String) throws(PipelineDefinitionError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineDefinitionError(file: path, key: "\(key).\(fileKey)", message: "the \(what) file is missing")
        }
        let actual = SHA256.hex(Array(data))
        guard actual == expected else {
            throw PipelineDefinitionError(file: path, key: "\(key).sha256",
                                          message: "the \(what) file's SHA-256 is \(actual), the definition says \(expected)")
        }
    }
}

/// Why a pipeline definition was refused: the file, the key, and what is wrong.
public struct PipelineDefinitionError: Error, Sendable, CustomStringConvertible {
    /// The definition (or model) file.
    public var file: String
    /// The offending key as a dotted path, when one is to blame.
    public var key: String?
    /// What is wrong.
    public var message: String

    init(file: String, key: String? = nil, message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    /// "FILE: key K: message".
    public var description: String {
        "\(file): " + (key.map { "key \"\($0)\": " } ?? "") + message
    }
}

/// A JSON value as the definition reader sees it (JSONDecoder keeps booleans and numbers apart).
enum JSONValue: Decodable, Sendable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }
}

/// Typed access to one JSON object of a definition, with errors that name the key.
struct SectionReader {
    let file: String

    func path(_ at: String, _ key: String) -> String { at.isEmpty ? key : "\(at).\(key)" }

    func checkKeys(_ object: [String: JSONValue], allowed: Set<String>, at: String) throws(PipelineDefinitionError) {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw PipelineDefinitionError(file: file, key: path(at, unknown),
                                          message: "unknown key (known here: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func object(_ o: [String: JSONValue], _ key: String, at: String) throws(PipelineDefinitionError) -> [String: JSONValue]? {
        switch o[key] {
        case nil, .null?: return nil
        case .object(let object)?: return object
        default: throw PipelineDefinitionError(file: file, key: path(at, key), message: "must be an object")
        }
    }

    func array(_ o: [String: JSONValue], _ key: String, at: String) throws(PipelineDefinitionError) -> [JSONValue]? {
        switch o[key] {
        case nil, .null?: return nil
        case .array(let array)?: return array
        default: throw PipelineDefinitionError(file: file, key: path(at, key), message: "must be an array")
        }
    }

    /// A normalisation recipe by name.
    func normalization(_ name: String, at key: String) throws(PipelineDefinitionError) -> PipelineDefinition.PreprocessSection.Normalization {
        guard let normalization = PipelineDefinition.PreprocessSection.Normalization(rawValue: name) else {
            throw PipelineDefinitionError(file: file, key: key,
                                          message: "unknown recipe \"\(name)\" (known: \(PipelineDefinition.PreprocessSection.Normalization.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return normalization
    }

    /// An encoder's model, hash, architecture and batch size (the keys were checked by the caller).
    func encoder(_ encoder: [String: JSONValue], at: String) throws(PipelineDefinitionError) -> PipelineDefinition.EncoderSection {
        guard let model = try string(encoder, "model", at: at),
              let sha = try string(encoder, "sha256", at: at),
              let architecture = try string(encoder, "architecture", at: at) else {
            throw PipelineDefinitionError(file: file, key: at, message: "needs \"model\", \"sha256\" and \"architecture\"")
        }
        try checkSHA256(sha, at: path(at, "sha256"))
        try checkInsideFolder(model, at: path(at, "model"))
        let batch = Int(try number(encoder, "batchSize", at: at, range: 1...1024) ?? 16)
        return PipelineDefinition.EncoderSection(model: model, sha256: sha, architecture: architecture, batchSize: batch)
    }

    /// A SHA-256 as definitions write it: 64 lowercase hex digits.
    func checkSHA256(_ sha: String, at key: String) throws(PipelineDefinitionError) {
        guard sha.count == 64, sha.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw PipelineDefinitionError(file: file, key: key, message: "must be 64 lowercase hex digits")
        }
    }

    /// A file a definition names: relative, and never above the definition's folder.
    func checkInsideFolder(_ name: String, at key: String) throws(PipelineDefinitionError) {
        guard !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
            throw PipelineDefinitionError(file: file, key: key, message: "must be a path inside the definition's folder")
        }
    }

    func string(_ o: [String: JSONValue], _ key: String, at: String) throws(PipelineDefinitionError) -> String? {
        switch o[key] {
        case nil, .null?: return nil
        case .string(let string)?: return string
        default: throw PipelineDefinitionError(file: file, key: path(at, key), message: "must be a string")
        }
    }

    func bool(_ o: [String: JSONValue], _ key: String, at: String) throws(PipelineDefinitionError) -> Bool? {
        switch o[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw PipelineDefinitionError(file: file, key: path(at, key), message: "must be true or false")
        }
    }

    func integer(_ o: [String: JSONValue], _ key: String, at: String, range: ClosedRange<Int>) throws(PipelineDefinitionError) -> Int? {
        switch o[key] {
        case nil, .null?: return nil
        case .number(let value)? where value.rounded() == value && Double(range.lowerBound) <= value && value <= Double(range.upperBound):
            return Int(value)
        default:
            throw PipelineDefinitionError(file: file, key: path(at, key), message: "must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
    }

    func number(_ o: [String: JSONValue], _ key: String, at: String, range: ClosedRange<Double>) throws(PipelineDefinitionError) -> Double? {
        switch o[key] {
        case nil, .null?: return nil
        case .number(let value)? where range.contains(value): return value
        default:
            throw PipelineDefinitionError(file: file, key: path(at, key), message: "must be a number in \(range.lowerBound)...\(range.upperBound)")
        }
    }
}
