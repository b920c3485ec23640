import TwinEncoder

/// Names the trained model a run starts from: stored in the run's configuration (so a resume with another start
/// is refused) and in the new model's metadata.
public struct InitialModelReference: Sendable, Equatable, Codable {
    /// The file's name (without folders).
    public var name: String
    /// SHA-256 of the file's bytes, lower-case hex.
    public var sha256: String

    /// Memberwise.
    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }
}

/// A trained model to fine-tune (`train --init MODEL`): its weights are the starting point and its writer split is
/// reused, so writers it held out for calibration or validation stay held out; writers it never saw are split afresh.
///
/// The normalisation recipe may differ from the one the model was trained on (fine-tuning to a new recipe is the
/// point); the architecture may differ only where the weights do not (`signet-s` → `signet-s-hr`: the same tensors
/// for twice the input resolution).
public struct InitialModel: Sendable {
    /// Which file.
    public var reference: InitialModelReference
    /// Its weights and metadata.
    public var model: TwinEncoderModel

    /// Memberwise.
    public init(reference: InitialModelReference, model: TwinEncoderModel) {
        self.reference = reference
        self.model = model
    }

    /// The model's stored writer split; a model without one is refused (its held-out writers are unknown).
    public func writerSplit() throws(TrainingError) -> WriterSplit {
        guard let split = model.metadata.writerSplit else {
            throw .initialModel(name: reference.name, reason: "stores no writer split, so the writers it was trained "
                + "on are unknown and could leak into validation; start from fresh weights instead")
        }
        return split
    }

    /// The stored split extended to `corpus`: every person it places keeps its side (writers it held out stay held
    /// out), and persons it has never seen (writers new to this run) are split among themselves by `splitter` with
    /// `seed`, as a fresh run would split them, so they too have their held-out share.
    public func writerSplit(covering corpus: TrainingCorpus, splitter: WriterSplitter,
                            seed: UInt64) throws(TrainingError) -> WriterSplit {
        var split = try writerSplit()
        let new = splitter.split(corpus, seed: seed, leaving: Set(split.training + split.calibration + split.validation))
        split.training += new.training
        split.calibration += new.calibration
        split.validation += new.validation
        return split
    }

    /// A training network of `architecture` with `options`, carrying the model's weights; a model whose widths
    /// differ is refused, and one whose tensors do not fit (another fc6 input) is refused by the tensor.
    public func network(architecture: Architecture, options: Architecture.Options,
                        seed: UInt64) throws(TrainingError) -> Network {
        let own = model.metadata.architecture
        guard own.convChannels == architecture.convChannels, own.fcSizes == architecture.fcSizes else {
            throw .initialModel(name: reference.name, reason: "is a '\(own.name)' model (channels "
                + "\(own.convChannels.map(String.init).joined(separator: "/")), FC "
                + "\(own.fcSizes.map(String.init).joined(separator: "/"))), not '\(architecture.name)'; give --arch "
                + "\(own.name) or start from fresh weights")
        }
        let network = Network(architecture: architecture, options: options, seed: seed)
        for p in network.parameters {
            guard let t = model.weights[p.name], t.shape == p.shape else {
                throw .initialModel(name: reference.name, reason: "has no tensor \(p.name) of shape \(p.shape)")
            }
            p.value = t.values
        }
        return network
    }
}
