/// An 8-bit grey signature crop: white paper, dark ink, row-major.
public struct GrayCrop: Sendable, Equatable {
    /// Width and height in pixels.
    public var width: Int, height: Int
    /// Grey levels, `width × height`, 0 = black.
    public var pixels: [UInt8]
    /// Resolution in dots per inch, when the source states it.
    public var dpi: Double?
    /// Memberwise.
    public init(width: Int, height: Int, pixels: [UInt8], dpi: Double? = nil) {
        self.width = width
        self.height = height
        self.pixels = pixels
        self.dpi = dpi
    }
}

/// One signature identity: what one person signs. Genuine samples are theirs; forged ones imitate them.
///
/// In a signature dataset an identity is a writer's own signature. In the cross-media set a volunteer wrote ten given
/// names, so an identity is (volunteer, name), and the same name by another volunteer is the closest thing to a
/// skilled forgery it has (`textKey` links them).
public struct SignatureIdentity: Sendable, Equatable {
    /// Unique id, e.g. `cross-media/v12/name3`.
    public var id: String
    /// The person who wrote the genuine samples: the unit of the writer split (never in two partitions).
    public var person: String
    /// Identities with the same key are the same text written by different persons (nil: none).
    public var textKey: String?
    /// Sample numbers (in the source) of genuine signatures.
    public var genuine: [Int]
    /// Sample numbers of skilled forgeries of this identity.
    public var forged: [Int]
    /// Memberwise.
    public init(id: String, person: String, textKey: String? = nil, genuine: [Int], forged: [Int] = []) {
        self.id = id
        self.person = person
        self.textKey = textKey
        self.genuine = genuine
        self.forged = forged
    }
}

/// Where training signatures come from: a dataset folder, the cross-media set, or a synthetic generator.
///
/// A synthetic source renders `crop(_:)` on demand from its seed; folder sources decode files. Either way the same
/// sample number must always give the same pixels.
public protocol SignatureSource: Sendable {
    /// A one-line description for the model's `training_data` metadata.
    var summary: String { get }
    /// The identities and their samples.
    var identities: [SignatureIdentity] { get }
    /// The grey crop of one sample.
    func crop(_ sample: Int) throws -> GrayCrop
}

/// Turns a grey crop into the network's input: ink high, values 0…255 (divided by 255 when batched), H × W.
public protocol SignatureNormaliser: Sendable {
    /// The version string stored in the model and required of inputs at inference.
    var version: String { get }
    /// The normalised image, `height × width` bytes.
    func normalise(_ crop: GrayCrop, height: Int, width: Int) -> [UInt8]
}
