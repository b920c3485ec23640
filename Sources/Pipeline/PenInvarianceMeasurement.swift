import Preprocessing
import Synthesis
import TwinEncoder

/// Does the encoder see the writer or the pen? Seeded synthetic writers' genuine signatures are each rendered with
/// every pen preset through every scanner preset (the same pen path, paper and placement), normalised with each
/// normalisation recipe, and embedded by the trained encoder and by the same architecture at random weights; the
/// figures compare how far a change of pen or scanner moves a signature with how far the writer's own variation
/// and another writer move it (`PenInvarianceFigures`).
///
/// Two ways to measure. One model: every recipe of the configuration is fed to it whatever recipe it was trained
/// on (that is the point: the random-weight encoder beside it shows what the recipe alone does). A pipeline: its
/// views, each recipe through its own model, divided by their scales and joined as `SignatureEmbedder` joins them
/// for a case, so the figures are those of the embeddings scoring compares. Not `Sendable`: it holds encoders,
/// which keep scratch buffers.
public struct PenInvarianceMeasurement {
    /// What is rendered and how.
    public struct Configuration: Sendable {
        /// Synthetic writers.
        public var writers = 30
        /// Genuine signatures per writer.
        public var signaturesPerWriter = 4
        /// The synthesizer's seed (9003: used by no training or calibration run of the shipped model).
        public var seed: UInt64 = 9003
        /// Pens every signature is drawn with.
        public var pens = PenPreset.all
        /// Scanners every drawing goes through.
        public var scanners = ScannerPreset.all
        /// Normalisation recipes compared when one model is measured (a pipeline brings its own).
        public var modes = NormalizationCandidate.definitionRecipes
        /// Seed of the random-weight encoder.
        public var randomWeightsSeed: UInt64 = 1

        /// The default measurement.
        public init() {}

        /// Every (pen, scanner) pair, pen-major.
        public var conditions: [RenderingCondition] {
            pens.indices.flatMap { p in scanners.indices.map { RenderingCondition(pen: p, scanner: $0) } }
        }
    }

    /// The figures of one normalisation recipe, or of a pipeline's joined views.
    public struct ModeResult: Sendable {
        /// The recipe's name (as in pipeline definitions, or `redraw-W`), or the pipeline's.
        public var mode: String
        /// The recipe's full identifier (a pipeline's views': joined by " + ").
        public var recipe: String
        /// Through the trained encoder.
        public var trained: PenInvarianceFigures
        /// Through the same architecture at random weights.
        public var randomWeights: PenInvarianceFigures
        /// Mean share of the (first view's) encoder input covered by ink, per pen (in the configuration's pen order).
        public var inkCoverageByPen: [Double]
        /// Mean ink value (0…1, ink high) of the (first view's) encoder input, per pen.
        public var inkIntensityByPen: [Double]
    }

    /// The configuration.
    public let configuration: Configuration
    private let subjects: [Subject]

    /// What one result measures: per view a recipe, and the views' encoders, trained and at random weights.
    private struct Subject {
        var mode: String
        var normalizers: [SignatureNormalizer]
        var trained: SignatureEmbedder
        var randomWeights: SignatureEmbedder
        var recipe: String { normalizers.map(\.parameters.identifier).joined(separator: " + ") }
    }

    /// A measurement of `trained` (and of its architecture with random weights) under every recipe of the
    /// configuration that gives inputs of the architecture's size (`stretch-fit-2x` feeds only `signet-s-hr`).
    public init(configuration: Configuration, trained: TwinEncoder) {
        self.configuration = configuration
        let metadata = trained.metadata
        let arch = metadata.architecture
        let randomWeights = TwinEncoder(model: .random(arch, options: metadata.options,
                                                       seed: configuration.randomWeightsSeed))
        subjects = configuration.modes.filter {
            ($0.parameters.outputHeight, $0.parameters.outputWidth) == (arch.inputHeight, arch.inputWidth)
        }.map {
            Subject(mode: $0.name, normalizers: [SignatureNormalizer(parameters: $0.parameters)],
                    trained: SignatureEmbedder(unchecked: [trained], scales: [1]),
                    randomWeights: SignatureEmbedder(unchecked: [randomWeights], scales: [1]))
        }
    }

    /// A measurement of a pipeline's views as `embedder` joins them (`normalizations`: the recipe of each view, as
    /// the pipeline's extractor has them), beside the same views at random weights
    /// (`embedder.withRandomWeights(seed: configuration.randomWeightsSeed)`); one result, named `name`.
    public init(configuration: Configuration, embedder: SignatureEmbedder, normalizations: [NormalizationParameters],
                name: String) throws(EncoderError) {
        guard normalizations.count == embedder.encoders.count else {
            throw EncoderError.invalidArgument("\(normalizations.count) recipes for \(embedder.encoders.count) views")
        }
        self.configuration = configuration
        subjects = [Subject(mode: name, normalizers: normalizations.map { SignatureNormalizer(parameters: $0) },
                            trained: embedder, randomWeights: try embedder.withRandomWeights(seed: configuration.randomWeightsSeed))]
    }

    /// Renders, normalises and embeds everything, then computes the figures per result. `progress` is called after
    /// each writer with (writers done, writers). A rendering that any view cannot normalise counts as failed.
    public func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> [ModeResult] {
        let c = configuration
        let conditions = c.conditions
        let synth = SignatureSynthesizer(seed: c.seed)
        var writerOfSignature: [Int] = []
        // [subject][encoder: 0 trained, 1 random][signature][condition]
        var vectors = [[[[[Float]?]]]](repeating: [[], []], count: subjects.count)
        var coverage = [[InkSums]](repeating: [InkSums](repeating: InkSums(), count: c.pens.count), count: subjects.count)
        for w in 0..<c.writers {
            let writer = synth.writer(w)
            for k in 0..<c.signaturesPerWriter {
                writerOfSignature.append(w)
                let images = try conditions.map { condition in
                    try writer.genuine(k, pen: c.pens[condition.pen], scanner: c.scanners[condition.scanner])
                }
                for (m, subject) in subjects.enumerated() {
                    // [view][condition]
                    let inputs = subject.normalizers.map { normalizer in
                        images.map { try? normalizer.normalize($0.gray, width: $0.width, height: $0.height, dpi: $0.dpi) }
                    }
                    let complete = conditions.indices.map { i in inputs.allSatisfy { $0[i] != nil } }
                    for (i, input) in inputs[0].enumerated() where complete[i] {
                        coverage[m][conditions[i].pen].add(input!)
                    }
                    let present = conditions.indices.filter { complete[$0] }
                    for (e, embedder) in [subject.trained, subject.randomWeights].enumerated() {
                        // Distances are the pipeline's: on the leading dimensions when the embedding carries more.
                        var embedded = try embedder.embed(inputs: inputs.map { view in present.map { view[$0]!.pixels } })
                            .map { v in embedder.distanceDimensions.map { Array(v.prefix($0)) } ?? v }
                            .makeIterator()
                        vectors[m][e].append(complete.map { $0 ? embedded.next() : nil })
                    }
                }
            }
            progress(w + 1, c.writers)
        }
        return subjects.enumerated().map { m, subject in
            func figures(_ e: Int) -> PenInvarianceFigures {
                .compute(RenderedEmbeddings(writers: writerOfSignature, conditions: conditions, vectors: vectors[m][e]))
            }
            return ModeResult(mode: subject.mode, recipe: subject.recipe, trained: figures(0), randomWeights: figures(1),
                              inkCoverageByPen: coverage[m].map(\.meanCoverage), inkIntensityByPen: coverage[m].map(\.meanIntensity))
        }
    }

    /// Running sums of the encoder inputs' ink coverage and intensity.
    struct InkSums {
        var coverage = 0.0, intensity = 0.0, count = 0
        mutating func add(_ s: NormalizedSignature) {
            coverage += s.inkCoverage
            intensity += s.meanInkIntensity
            count += 1
        }
        var meanCoverage: Double { count > 0 ? coverage / Double(count) : .nan }
        var meanIntensity: Double { count > 0 ? intensity / Double(count) : .nan }
    }
}
