import Foundation
import TwinEncoder

/// Every setting of a training run; stored in checkpoints (a resume must use the same) and in the model.
public struct TrainingConfiguration: Sendable, Equatable, Codable {
    /// Architecture name.
    public var architecture: String
    /// Epochs to train (may be raised when resuming).
    public var epochs: Int
    /// Seed of weights, split, pairs, augmentation and dropout.
    public var seed: UInt64
    /// Pairs per step (each step runs 2 × this many images).
    public var batchPairs: Int
    /// The loss's margin (contrastive: the distance beyond which a different-writer pair costs nothing; triplet:
    /// by how much a negative must lie farther than the positive).
    public var margin: Float
    /// Update rule.
    public var optimizer: OptimizerKind
    /// Peak learning rate.
    public var learningRate: Float
    /// Momentum (SGD) or β₁ (Adam).
    public var momentum: Float
    /// Weight decay on weights.
    public var weightDecay: Float
    /// Warm-up steps of the learning-rate schedule.
    public var warmupSteps: Int
    /// Dropout after fc6 in training.
    public var dropout: Float
    /// Whether embeddings are L2-normalised.
    public var l2Normalize: Bool
    /// Image augmentation.
    public var augmentation: Augmentation
    /// At most this many pairs per epoch (nil: all the sampler makes).
    public var pairsPerEpoch: Int?
    /// The writer split's fractions.
    public var split: WriterSplitter
    /// Seconds between checkpoints.
    public var checkpointSeconds: Double
    /// OpenBLAS threads.
    public var threads: Int
    /// Share of same-writer and skilled-forgery pairs whose two sides are re-rendered with independently drawn pen
    /// and scanner presets, where the source can (synthetic writers); nil or 0: every sample keeps its own rendering.
    /// Optional so that checkpoints made before the setting existed still resume.
    public var penVariety: Double?
    /// Share (0–1) of negative training pairs that are skilled forgeries (or the same text by another person) rather
    /// than another writer's genuine signature; nil: one half. Optional so that older checkpoints still resume.
    public var skilledShare: Double?
    /// The trained model the weights start from (`train --init`), by file name and SHA-256; nil: fresh weights.
    public var initialModel: InitialModelReference?
    /// Writers per structured batch (`train --writers-per-batch`): each step takes this many writers with
    /// 2·batchPairs / P images each (half genuine, half skilled partners) and the loss runs over every pair of the
    /// batch's images (`WriterGroupSampler`); nil: independent pairs (`PairSampler`). Optional so that older
    /// checkpoints still resume.
    public var writersPerBatch: Int?
    /// The loss (nil: contrastive). Optional so that older checkpoints still resume.
    public var loss: LossKind?
    /// The softmax loss's temperature (nil: `defaultTemperature`); the other losses ignore it. Optional so that
    /// older checkpoints still resume.
    public var temperature: Float?

    /// The softmax loss's temperature when none is given.
    public static let defaultTemperature: Float = 0.1

    /// The training losses.
    public enum LossKind: String, Sendable, Codable, CaseIterable {
        /// `ContrastiveLoss`.
        case contrastive
        /// `TripletLoss`, over the triplets of a structured batch.
        case triplet
        /// `SoftmaxTermLoss`, over the anchors of a structured batch.
        case softmax
    }

    /// The loss the trainer runs.
    public var pairTermLoss: any PairTermLoss {
        switch loss ?? .contrastive {
        case .contrastive: ContrastiveLoss(margin: margin)
        case .triplet: TripletLoss(margin: margin)
        case .softmax: SoftmaxTermLoss(temperature: temperature ?? Self.defaultTemperature)
        }
    }

    /// Defaults that suit `signet-s` on two cores: Adam 1e-3, 16 pairs per step, margin 1 on unit-length embeddings.
    public init(architecture: String = "signet-s", epochs: Int = 10, seed: UInt64 = 1, batchPairs: Int = 16,
                margin: Float = 1, optimizer: OptimizerKind = .adam, learningRate: Float = 1e-3, momentum: Float = 0.9,
                weightDecay: Float = 1e-4, warmupSteps: Int = 100, dropout: Float = 0, l2Normalize: Bool = true,
                augmentation: Augmentation = .standard, pairsPerEpoch: Int? = nil, split: WriterSplitter = .init(),
                checkpointSeconds: Double = 300, threads: Int = 2, penVariety: Double? = nil,
                skilledShare: Double? = nil, initialModel: InitialModelReference? = nil, writersPerBatch: Int? = nil,
                loss: LossKind? = nil, temperature: Float? = nil) {
        self.architecture = architecture
        self.epochs = epochs
        self.seed = seed
        self.batchPairs = batchPairs
        self.margin = margin
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.warmupSteps = warmupSteps
        self.dropout = dropout
        self.l2Normalize = l2Normalize
        self.augmentation = augmentation
        self.pairsPerEpoch = pairsPerEpoch
        self.split = split
        self.checkpointSeconds = checkpointSeconds
        self.threads = threads
        self.penVariety = penVariety
        self.skilledShare = skilledShare
        self.initialModel = initialModel
        self.writersPerBatch = writersPerBatch
        self.loss = loss
        self.temperature = temperature
    }

    /// Checks ranges; the message names the setting.
    public func validate() throws(TrainingError) {
        guard epochs >= 1 else { throw .invalidSetting("--epochs must be at least 1.") }
        guard batchPairs >= 2 else { throw .invalidSetting("--batch-pairs must be at least 2 (BatchNorm needs a batch).") }
        guard margin > 0 else { throw .invalidSetting("--margin must be positive.") }
        guard learningRate > 0 else { throw .invalidSetting("--learning-rate must be positive.") }
        guard dropout >= 0 && dropout < 1 else { throw .invalidSetting("--dropout must be in [0, 1).") }
        guard threads >= 1 else { throw .invalidSetting("--threads must be at least 1.") }
        guard split.calibrationFraction >= 0, split.validationFraction >= 0,
              split.calibrationFraction + split.validationFraction < 0.9
        else { throw .invalidSetting("calibration and validation fractions must leave at least 10% for training.") }
        do { _ = try Architecture.named(architecture) } catch { throw .invalidSetting("\(error)") }
        if let penVariety {
            guard penVariety >= 0 && penVariety <= 1 else { throw .invalidSetting("--pen-variety must be in [0, 1].") }
        }
        if let skilledShare {
            guard skilledShare >= 0 && skilledShare <= 1 else { throw .invalidSetting("--skilled-share must be in [0, 1].") }
        }
        if let writersPerBatch {
            guard writersPerBatch >= 2, (2 * batchPairs) % writersPerBatch == 0,
                  2 * batchPairs / writersPerBatch >= WriterGroupSampler.minimumImagesPerWriter
            else {
                throw .invalidSetting("--writers-per-batch must be at least 2 and divide the \(2 * batchPairs) images of "
                    + "a step into groups of at least \(WriterGroupSampler.minimumImagesPerWriter).")
            }
        }
        if let loss, loss != .contrastive, writersPerBatch == nil {
            throw .invalidSetting("--loss \(loss.rawValue) needs --writers-per-batch: independent pairs share no image to anchor it.")
        }
        if let temperature {
            guard temperature > 0 && temperature.isFinite else { throw .invalidSetting("--temperature must be positive.") }
            guard loss == .softmax else { throw .invalidSetting("--temperature belongs to --loss softmax.") }
        }
    }

    /// The settings as one sorted-key JSON string, without `epochs` and `checkpointSeconds` and `threads`
    /// (which a resume may change).
    var resumeKey: String {
        var c = self
        c.epochs = 0
        c.checkpointSeconds = 0
        c.threads = 0
        return ModelMetadataJSON.encode(c)
    }
}

/// Sorted-key JSON for metadata strings.
enum ModelMetadataJSON {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
