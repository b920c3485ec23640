import Imaging

/// Paper sizes of synthetic documents.
public enum PaperSize: String, Sendable, CaseIterable {
    case a4 = "A4", letter = "Letter"

    /// Width and height in millimetres.
    public var millimetres: (width: Double, height: Double) {
        switch self {
        case .a4: return (210, 297)
        case .letter: return (215.9, 279.4)
        }
    }
}

/// What a signature on a synthetic document really is.
public enum SignatureKind: String, Sendable, CaseIterable {
    /// Signed by the writer named on the document.
    case genuine
    /// Imitated by a forger who saw the writer's genuine signature.
    case skilledForgery = "skilled-forgery"
    /// Another writer's own signature in place of the named writer's.
    case randomForgery = "random-forgery"
}

/// One signature to put on a document.
public struct SignatureRequest: Sendable {
    /// The writer whose name is printed under the line (the claimed writer).
    public var claimed: SyntheticWriter
    /// What is really written.
    public var kind: SignatureKind
    /// Sample index (genuine sample, forgery number, or the other writer's genuine sample).
    public var sample: Int
    /// For a random forgery: whose genuine signature is used.
    public var author: SyntheticWriter?

    /// Creates a request.
    public init(claimed: SyntheticWriter, kind: SignatureKind, sample: Int, author: SyntheticWriter? = nil) {
        self.claimed = claimed
        self.kind = kind
        self.sample = sample
        self.author = author
    }
}

/// Layout of a synthetic page.
public enum DocumentLayout: String, Sendable {
    /// A full page of print with signature blocks near the bottom.
    case letter
    /// A small reference card: a printed frame, the name and one signature (for known specimens).
    case specimenCard = "specimen-card"
}

/// Everything that decides one synthetic page.
public struct DocumentRequest: Sendable {
    /// Paper size (ignored by the specimen card, which is 148 × 105 mm).
    public var paper: PaperSize
    /// Scan resolution.
    public var dpi: Int
    /// One or two signatures.
    public var signatures: [SignatureRequest]
    /// The page's own random stream (layout, text, distractors, scanner).
    public var seed: UInt64
    /// Layout.
    public var layout: DocumentLayout

    /// Creates a request.
    public init(paper: PaperSize, dpi: Int, signatures: [SignatureRequest], seed: UInt64, layout: DocumentLayout = .letter) {
        self.paper = paper
        self.dpi = dpi
        self.signatures = signatures
        self.seed = seed
        self.layout = layout
    }
}

/// Ground truth for one signature on a page.
public struct SignatureTruth: Sendable, Equatable {
    /// Position on the page, 1-based, in writing order.
    public var number: Int
    /// The writer the document names.
    public var claimedWriter: String
    /// What it really is.
    public var kind: SignatureKind
    /// Who really wrote it: the writer id, or "forger:<claimed>" for a skilled forgery.
    public var author: String
    /// The sample index used.
    public var sample: Int
    /// The forger's skill, for skilled forgeries.
    public var skill: Double?
    /// Box of the signature's ink on the page (coverage above 15%).
    public var box: PixelBox
}

/// Ground truth for a mark that is not a signature but could be taken for one.
public struct DistractorTruth: Sendable, Equatable {
    /// "date", "initials" or "stamp".
    public var kind: String
    /// Box on the page.
    public var box: PixelBox
}

/// What is on a synthetic page and where.
public struct PageTruth: Sendable {
    /// Page width in pixels.
    public var width: Int
    /// Page height in pixels.
    public var height: Int
    /// Resolution.
    public var dpi: Int
    /// Paper size name ("A4", "Letter", "card").
    public var paper: String
    /// Scanner rotation applied, in degrees.
    public var rotationDegrees: Double
    /// The signatures.
    public var signatures: [SignatureTruth]
    /// The distractors.
    public var distractors: [DistractorTruth]
}

/// A rendered, scanned page and its truth.
public struct SyntheticPage: Sendable {
    /// Grey samples, 0 = black.
    public var gray: [UInt8]
    /// Interleaved RGB samples.
    public var rgb: [UInt8]
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// The truth.
    public var truth: PageTruth
}
