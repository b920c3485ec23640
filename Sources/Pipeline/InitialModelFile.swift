import Digest
import EncoderTraining
import Foundation
import TwinEncoder

/// Opens the model a training run starts from (`train --init MODEL`): its weights, its metadata, and the SHA-256
/// of its bytes, which go into the new model's configuration and metadata.
public enum InitialModelFile {
    /// Reads and checks `path` (a model file, or a checkpoint: its optimiser state is ignored).
    public static func load(path: String) throws -> InitialModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TrainingError.initialModel(name: path, reason: "cannot be read (\(error.localizedDescription))")
        }
        let bytes = [UInt8](data)
        let file = try SafeTensors.decode(bytes, path: path)
        let model = try TwinEncoderModel(file: file, path: path, extraPrefix: "optim.")
        let name = URL(fileURLWithPath: path).lastPathComponent
        return InitialModel(reference: InitialModelReference(name: name, sha256: SHA256.hex(bytes)), model: model)
    }
}
