import Preprocessing
import Synthesis
import TwinEncoder

/// Does the encoder see the writer or the pen? Seeded synthetic writers' genuine signatures are each rendered with
/// every pen preset through every scanner preset (the same pen path, paper and placement), normalised with each
/// normalisation recipe, and embedded by the trained encoder and by the same architecture at random weights; the
/// figures compare how far a change of pen or scanner moves a signature with how far the writer's own variation
/// and another writer move it (`PenInvarianceFigures`).
///
/// Every recipe is fed to the one trained model whatever recipe it was trained on: that is the point of the
/// measurement, and the random-weight encoder beside it shows what the recipe alone does. Not `Sendable`: it
/// holds encoders, which keep scratch buffers.
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
        /// Normalisation recipes compared.
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

    /// The figures of one normalisation recipe.
    public struct ModeResult: Sendable {
        /// The recipe's name (as in pipeline definitions, or `redraw-W`).
        public var mode: String
        /// Its full identifier.
        public var recipe: String
        /// Through the trained encoder.
        public var trained: PenInvarianceFigures
        /// Through the same architecture at random weights.
        public var randomWeights: PenInvarianceFigures
        /// Mean share of the encoder's input covered by ink, per pen (in the configuration's pen order).
        public var inkCoverageByPen: [Double]
        /// Mean ink value (0…1, ink high) of the encoder's input, per pen.
        public var inkIntensityByPen: [Double]
    }

    /// The configuration.
    public let configuration: Configuration
    private let trained: TwinEncoder
    private let randomWeights: TwinEncoder

    /// A measurement of `trained` (and of its architecture with random weights).
    public init(configuration: Configuration, trained: TwinEncoder) {
        self.configuration = configuration
        self.trained = trained
        let metadata = trained.metadata
        randomWeights = TwinEncoder(model: .random(metadata.architecture, options: metadata.options,
                                                   seed: configuration.randomWeightsSeed))
    }

    /// Renders, normalises and embeds everything, then computes the figures per recipe. `progress` is called after
    /// each writer with (writers done, writers).
    public func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> [ModeResult] {
        let c = configuration
        let conditions = c.conditions
        let synth = SignatureSynthesizer(seed: c.seed)
        let normalizers = c.modes.map { SignatureNormalizer(parameters: $0.parameters) }
        var writerOfSignature: [Int] = []
        // [mode][encoder: 0 trained, 1 random][signature][condition]
        var vectors = [[[[[Float]?]]]](repeating: [[], []], count: c.modes.count)
        var coverage = [[InkSums]](repeating: [InkSums](repeating: InkSums(), count: c.pens.count), count: c.modes.count)
        for w in 0..<c.writers {
            let writer = synth.writer(w)
            for k in 0..<c.signaturesPerWriter {
                writerOfSignature.append(w)
                let images = try conditions.map { condition in
                    try writer.genuine(k, pen: c.pens[condition.pen], scanner: c.scanners[condition.scanner])
                }
                for (m, normalizer) in normalizers.enumerated() {
                    let inputs = images.map { try? normalizer.normalize($0.gray, width: $0.width, height: $0.height, dpi: $0.dpi) }
                    for (i, input) in inputs.enumerated() {
                        if let input { coverage[m][conditions[i].pen].add(input) }
                    }
                    let present = inputs.compactMap { $0?.pixels }
                    for (e, encoder) in [trained, randomWeights].enumerated() {
                        var embedded = try encoder.embed(present).makeIterator()
                        vectors[m][e].append(inputs.map { $0 == nil ? nil : embedded.next() })
                    }
                }
            }
            progress(w + 1, c.writers)
        }
        return c.modes.enumerated().map { m, mode in
            func figures(_ e: Int) -> PenInvarianceFigures {
                .compute(RenderedEmbeddings(writers: writerOfSignature, conditions: conditions, vectors: vectors[m][e]))
            }
            return ModeResult(mode: mode.name, recipe: mode.parameters.identifier, trained: figures(0), randomWeights: figures(1),
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
