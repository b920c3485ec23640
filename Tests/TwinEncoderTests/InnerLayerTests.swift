import Testing
@testable import TwinEncoder

/// An encoder that ends at an inner fully connected layer (a pipeline view's `"layer"`).
@Suite struct InnerLayerTests {
    @Test("An encoder ending at fc6 gives the unfolded network's fc6 activations (after BatchNorm and ReLU), 512 per image")
    func endsAtFC6() throws {
        let net = Network(architecture: .signetS, seed: 91)
        randomiseBatchNorm(net, seed: 92)
        let model = TwinEncoderModel(network: net, metadata: ModelMetadata(architecture: .signetS, options: .plain, seed: 91))
        let x = randomImages(.signetS, count: 3, seed: 93)
        // The reference: the training-form layers in inference mode, stopped after fc6's ReLU.
        var reference = x
        for layer in net.layers {
            reference = layer.forward(reference, mode: .inference)
            if layer.name == "fc6.relu" { break }
        }
        let encoder = try TwinEncoder(model: model, outputLayer: "fc6")
        #expect(encoder.embeddingSize == 512 && encoder.outputLayer == "fc6")
        let inner = try encoder.embed(batch: x)
        #expect(inner.shape == [3, 512] && reference.data.count == 3 * 512)
        let scale = reference.data.map(abs).max() ?? 0
        let worst = zip(inner.data, reference.data).map { abs($0 - $1) }.max() ?? 1
        #expect(scale > 0 && worst / scale < 1e-5, "relative error \(worst / scale)")
        #expect(inner.data.contains(0) && !inner.data.contains { $0 < 0 }, "after the ReLU")
        // The whole encoder still ends at the embedding.
        let whole = TwinEncoder(model: model)
        #expect(whole.embeddingSize == 128 && whole.outputLayer == nil)
        #expect(try whole.embed(batch: x).shape == [3, 128])
    }

    @Test("A layer the network does not have (or that is no fully connected layer) is refused with the layers it has")
    func unknownLayer() {
        let model = TwinEncoderModel.random(.signetS, seed: 94)
        for name in ["fc9", "conv1", "pool1"] {
            #expect {
                _ = try TwinEncoder(model: model, outputLayer: name)
            } throws: { error in
                "\(error)".contains(name) && "\(error)".contains("fc6, fc7")
            }
        }
        #expect(Architecture.fullyConnectedLayerName("fc6") && Architecture.fullyConnectedLayerName("fc12"))
        #expect(!Architecture.fullyConnectedLayerName("conv1") && !Architecture.fullyConnectedLayerName("fc")
            && !Architecture.fullyConnectedLayerName("fc5") && !Architecture.fullyConnectedLayerName("fcx"))
    }
}
