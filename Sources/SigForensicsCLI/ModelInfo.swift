import ArgumentParser
import Foundation
import TwinEncoder

/// `sigforensics model info`: layers, FLOPs, parameters and metadata of an architecture or model file.
struct ModelInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print the layers, FLOPs, parameters and metadata of an architecture or a model file."
    )

    @Option(help: "Architecture: \(Architecture.all.map(\.name).joined(separator: ", ")).")
    var arch: String?

    @Option(help: "A model file, or a projection file written by fit-projection (safetensors).")
    var model: String?

    func validate() throws {
        guard (arch == nil) != (model == nil) else {
            throw ValidationError("Give exactly one of --arch NAME or --model FILE.")
        }
    }

    func run() throws {
        // Read once: the metadata says whether it is a projection or a model.
        let file = try model.map { try SafeTensors.read(path: $0) }
        if let model, let file, file.metadata["format"] == EmbeddingProjection.formatMarker {
            let projection = try EmbeddingProjection(file: file, path: model)
            print("projection: \(projection.inputSize)-d joined embedding -> \(projection.outputSize)-d (y = W x, \(grouped(projection.weights.count)) weights)")
            print("metadata:")
            for (key, value) in projection.metadata.sorted(by: { $0.key < $1.key }) { print("  \(key): \(value)") }
            return
        }
        let loaded: TwinEncoderModel
        if let model, let file {
            loaded = try TwinEncoderModel(file: file, path: model)
        } else {
            loaded = .random(try Architecture.named(arch ?? ""), seed: 0)
        }
        let meta = loaded.metadata
        let net = loaded.makeNetwork()
        print("architecture \(meta.architecture.name): input \(meta.architecture.inputShape.map(String.init).joined(separator: "x")) "
            + "-> \(meta.architecture.embeddingSize)-d")
        print("  " + pad("layer", 12) + pad("operation", 28) + pad("output", 14) + pad("FLOPs/image", 15, right: true)
            + pad("params", 12, right: true))
        for row in net.layerTable() {
            print("  " + pad(row.name, 12) + pad(row.description, 28) + pad(row.output.map(String.init).joined(separator: "x"), 14)
                + pad(grouped(row.flops), 15, right: true) + pad(grouped(row.parameters), 12, right: true))
        }
        let gemm = net.gemmFlopsPerImage
        print("  multiply-add FLOPs/image (conv + FC, 2 per MAC): \(grouped(gemm)) (\(String(format: "%.3f", Double(gemm) / 1e9)) GFLOP)")
        print("  learnable parameters: \(grouped(net.parameterCount)) (BatchNorm folded at inference)")
        guard model != nil else { return }
        print("metadata:")
        for (key, value) in meta.strings.sorted(by: { $0.key < $1.key }) {
            print("  \(key): \(value)")
        }
    }

    private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }

    private func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }
}
