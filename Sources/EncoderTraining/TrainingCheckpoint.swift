import Foundation
import TwinEncoder
import Randomness

/// Where a run stands: what a checkpoint must restore besides weights and optimiser state.
struct TrainingState: Sendable {
    /// Epochs completed, and the next step within the current epoch.
    var epoch = 0, step = 0
    /// Images trained on and training seconds, over all sessions.
    var images = 0
    var seconds = 0.0
    /// Validation of the untrained network.
    var initial = ValidationReport(eerSkilled: nil, eerRandom: nil, genuinePairs: 0, skilledPairs: 0, randomPairs: 0)
}

/// Checkpoint files: the model's weights and metadata plus `optim.*` tensors and `checkpoint.*` metadata keys.
enum TrainingCheckpoint {
    /// The metadata keys that describe the state.
    static func extra(state: TrainingState, network: Network, configuration: TrainingConfiguration, dataSummary: String,
                      optimizerSteps: Int) -> [String: String] {
        var m: [String: String] = [
            "checkpoint.epoch": String(state.epoch), "checkpoint.step": String(state.step),
            "checkpoint.images": String(state.images), "checkpoint.seconds": String(state.seconds),
            "checkpoint.optimizer_steps": String(optimizerSteps),
            "checkpoint.config": configuration.resumeKey, "checkpoint.data": dataSummary,
            "checkpoint.initial_validation": ModelMetadataJSON.encode(state.initial),
        ]
        for case let d as Dropout in network.layers { m["checkpoint.rng.\(d.name)"] = String(d.rng.state) }
        return m
    }

    /// Restores network, optimiser and state; refuses a checkpoint made with other settings or other data.
    static func load(path: String, configuration: TrainingConfiguration, dataSummary: String,
                     optimizer: Optimizer) throws -> (network: Network, state: TrainingState) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TrainingError.checkpoint(path: path, reason: "does not exist; start without --resume")
        }
        let file = try SafeTensors.read(path: path)
        let model = try TwinEncoderModel(file: file, path: path, extraPrefix: "optim.")
        let x = model.metadata.extra
        guard x["checkpoint.config"] == configuration.resumeKey else {
            throw TrainingError.checkpoint(path: path, reason: "was made with other settings (only --epochs may change "
                + "on resume): \(x["checkpoint.config"] ?? "none")")
        }
        guard x["checkpoint.data"] == dataSummary else {
            throw TrainingError.checkpoint(path: path, reason: "was made on other data (\(x["checkpoint.data"] ?? "none"))")
        }
        guard let epoch = x["checkpoint.epoch"].flatMap(Int.init), let step = x["checkpoint.step"].flatMap(Int.init),
              let images = x["checkpoint.images"].flatMap(Int.init),
              let seconds = x["checkpoint.seconds"].flatMap(Double.init),
              let steps = x["checkpoint.optimizer_steps"].flatMap(Int.init),
              let initialText = x["checkpoint.initial_validation"],
              let initial = try? JSONDecoder().decode(ValidationReport.self, from: Data(initialText.utf8))
        else { throw TrainingError.checkpoint(path: path, reason: "checkpoint state keys are missing or malformed") }
        let network = model.makeNetwork()
        for case let d as Dropout in network.layers {
            if let s = x["checkpoint.rng.\(d.name)"].flatMap(UInt64.init) { d.rng = SplitMix64(seed: s) }
        }
        optimizer.restore(file.tensors.filter { $0.key.hasPrefix("optim.") }, steps: steps)
        return (network, TrainingState(epoch: epoch, step: step, images: images, seconds: seconds, initial: initial))
    }
}
