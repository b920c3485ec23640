import Randomness

/// A SigNet-topology network described by its widths: five convolutions, three pools, two fully connected layers.
///
/// conv1 k11/s4 → pool 3/2 → conv2 k5/p2 → pool → conv3 k3/p1 → conv4 k3/p1 → conv5 k3/p1 → pool → FC → FC,
/// each followed by BatchNorm and ReLU (Hafemann et al. 2017).
public struct Architecture: Sendable, Equatable, Codable {
    /// The name used on the command line and in model files.
    public let name: String
    /// Input height and width (one grey channel).
    public let inputHeight: Int, inputWidth: Int
    /// Output channels of conv1 … conv5.
    public let convChannels: [Int]
    /// Sizes of the two fully connected layers; the last is the embedding size.
    public let fcSizes: [Int]
    /// 3×3 stride-2 pools after conv1: 1 in SigNet; 2 for an input of twice the resolution, so that conv1 sees the
    /// strokes' finer detail and conv2 onwards work on the same grid as SigNet's (and take its weights' shapes).
    public let poolsAfterConv1: Int

    /// Memberwise; one pool after conv1 unless told.
    public init(name: String, inputHeight: Int, inputWidth: Int, convChannels: [Int], fcSizes: [Int], poolsAfterConv1: Int = 1) {
        self.name = name
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.convChannels = convChannels
        self.fcSizes = fcSizes
        self.poolsAfterConv1 = poolsAfterConv1
    }

    /// The reference SigNet: 1×150×220 → 2048-d, 1.205 GFLOP per image.
    public static let signet = Architecture(name: "signet", inputHeight: 150, inputWidth: 220,
                                            convChannels: [96, 256, 384, 384, 256], fcSizes: [2048, 2048])
    /// The compact SigNet-S (as the peer's): 32/64/96/96/64, FC 512/128 → 128-d, 0.098 GFLOP per image.
    public static let signetS = Architecture(name: "signet-s", inputHeight: 150, inputWidth: 220,
                                             convChannels: [32, 64, 96, 96, 64], fcSizes: [512, 128])
    /// SigNet-S at twice the input resolution (1×300×440, the `stretch-fit-2x` recipe) with a second pool after
    /// conv1: the same tensors as `signet-s` (so it can start from a signet-s model), 0.145 GFLOP per image.
    public static let signetSHR = Architecture(name: "signet-s-hr", inputHeight: 300, inputWidth: 440,
                                               convChannels: [32, 64, 96, 96, 64], fcSizes: [512, 128], poolsAfterConv1: 2)
    /// Every named architecture.
    public static let all: [Architecture] = [.signet, .signetS, .signetSHR]

    /// The architecture with this name, or an error listing the known ones.
    public static func named(_ name: String) throws(EncoderError) -> Architecture {
        guard let arch = all.first(where: { $0.name == name }) else {
            throw .unknownArchitecture(name, known: all.map(\.name))
        }
        return arch
    }

    /// The embedding's dimension.
    public var embeddingSize: Int { fcSizes.last ?? 0 }

    /// The input item shape [1, H, W].
    public var inputShape: [Int] { [1, inputHeight, inputWidth] }

    /// Options that change the training graph but not the weights' names or shapes.
    public struct Options: Sendable, Equatable, Codable {
        /// Dropout after fc6 in training (0 = none).
        public var dropout: Float
        /// Whether the embedding is scaled to unit length.
        public var l2Normalize: Bool
        /// Plain SigNet as the peer builds it: no dropout, no L2 normalisation.
        public static let plain = Options(dropout: 0, l2Normalize: false)
        /// Memberwise.
        public init(dropout: Float, l2Normalize: Bool) {
            self.dropout = dropout
            self.l2Normalize = l2Normalize
        }
    }

    /// The layers in order, with fresh He-normal weights drawn from `seed`.
    public func makeLayers(options: Options, seed: UInt64) -> [any Layer] {
        var rng = SplitMix64(seed: seed)
        var layers: [any Layer] = []
        let convs: [(kernel: Int, stride: Int, padding: Int, poolAfter: Bool)] = [
            (11, 4, 0, true), (5, 1, 2, true), (3, 1, 1, false), (3, 1, 1, false), (3, 1, 1, true),
        ]
        var channels = 1, pools = 0
        for (i, spec) in convs.enumerated() {
            let name = "conv\(i + 1)"
            layers.append(Conv2d(name: name, in: channels, out: convChannels[i], kernel: spec.kernel,
                                 stride: spec.stride, padding: spec.padding, rng: &rng))
            layers.append(BatchNorm(name: "\(name).bn", features: convChannels[i]))
            layers.append(ReLU(name: "\(name).relu"))
            for _ in 0..<(spec.poolAfter ? (i == 0 ? poolsAfterConv1 : 1) : 0) {
                pools += 1
                layers.append(MaxPool2d(name: "pool\(pools)"))
            }
            channels = convChannels[i]
        }
        layers.append(Flatten())
        var features = flattenSize
        for (i, size) in fcSizes.enumerated() {
            let name = "fc\(i + 6)"
            layers.append(Linear(name: name, in: features, out: size, rng: &rng))
            layers.append(BatchNorm(name: "\(name).bn", features: size))
            layers.append(ReLU(name: "\(name).relu"))
            if i == 0 && options.dropout > 0 {
                layers.append(Dropout(name: "\(name).dropout", probability: options.dropout, seed: rng.next()))
            }
            features = size
        }
        if options.l2Normalize { layers.append(L2Normalize()) }
        return layers
    }

    /// Whether `name` has the form of a fully connected layer's name (fc6, fc7, …); whether the architecture has
    /// that layer is checked when a model is loaded.
    public static func fullyConnectedLayerName(_ name: String) -> Bool {
        name.hasPrefix("fc") && Int(name.dropFirst(2)).map { $0 >= 6 } == true
    }

    /// Values entering fc6: C5 × H × W after the last pool.
    public var flattenSize: Int {
        func conv(_ n: Int, _ k: Int, _ s: Int, _ p: Int) -> Int { (n + 2 * p - k) / s + 1 }
        func pool(_ n: Int) -> Int { (n - 3) / 2 + 1 }
        func pools(_ n: Int, _ count: Int) -> Int { (0..<count).reduce(n) { size, _ in pool(size) } }
        let h = pools(conv(inputHeight, 11, 4, 0), poolsAfterConv1 + 2)
        let w = pools(conv(inputWidth, 11, 4, 0), poolsAfterConv1 + 2)
        return (convChannels.last ?? 0) * h * w
    }
}
