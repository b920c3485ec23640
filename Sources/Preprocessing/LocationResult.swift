import Imaging

/// One region that may hold a signature.
public struct SignatureCandidate: Sendable, Equatable, Codable {
    /// Where the box came from.
    public enum Source: String, Sendable, Codable {
        /// Found by the locator.
        case automatic
        /// Given by the case manifest (and tightened to the ink inside it).
        case manifest
    }
    /// Tight box around the region's ink, in page pixels.
    public var box: PixelBox
    /// Confidence (0–1) that the region is a signature.
    public var confidence: Double
    /// How the box was obtained.
    public var source: Source
    /// What was measured (nil for manifest regions).
    public var features: CandidateFeatures?
    /// The signature line the region sits on, if any.
    public var signatureLine: PixelBox?

    /// Memberwise.
    public init(box: PixelBox, confidence: Double, source: Source, features: CandidateFeatures?,
                signatureLine: PixelBox? = nil) {
        self.box = box
        self.confidence = confidence
        self.source = source
        self.features = features
        self.signatureLine = signatureLine
    }
}

/// Why a page yielded no signature. Never an error: the case goes on and the report says why.
public enum NoSignatureReason: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The image is too small to hold a signature.
    case tinyImage(width: Int, height: Int)
    /// The page has no ink (or no contrast between ink and paper).
    case blankPage
    /// The page is nearly all dark: the share of dark pixels.
    case allBlack(darkShare: Double)
    /// Ink was found, but none of it looks like handwriting: the number of regions considered and the best confidence.
    case printOnly(regions: Int, bestConfidence: Double)
    /// The manifest's region holds no ink.
    case emptyRegion(PixelBox)

    /// One sentence for a report.
    public var description: String {
        switch self {
        case .tinyImage(let w, let h): "image too small to hold a signature (\(w)x\(h) pixels)"
        case .blankPage: "blank page: no ink found"
        case .allBlack(let share): "page is nearly all black (\(Int((share * 100).rounded()))% dark pixels)"
        case .printOnly(let n, let best):
            "no handwriting found: \(n) ink region(s), all print, lines, logos or stamps (best confidence \((best * 100).rounded() / 100))"
        case .emptyRegion(let box): "the manifest region \(box) holds no ink"
        }
    }

    /// A short machine-readable key ("tiny-image", "blank-page", "all-black", "print-only", "empty-region").
    public var key: String {
        switch self {
        case .tinyImage: "tiny-image"
        case .blankPage: "blank-page"
        case .allBlack: "all-black"
        case .printOnly: "print-only"
        case .emptyRegion: "empty-region"
        }
    }
}

/// Everything location found on one page.
public struct LocationResult: Sendable {
    /// Resolution used for physical sizes.
    public var resolution: PageResolution
    /// Binarisation applied ("otsu" or "sauvola"), its reason, and Otsu's threshold.
    public var binarization: String
    /// Otsu's global threshold of the page (-1 when none).
    public var otsuThreshold: Int
    /// Every candidate considered, most confident first.
    public var candidates: [SignatureCandidate]
    /// The candidates accepted as signatures (confidence at or above the locator's threshold).
    public var signatures: [SignatureCandidate]
    /// Why there is none, when `signatures` is empty.
    public var noSignature: NoSignatureReason?
    /// The cleaned page (nil when the page was rejected before binarisation).
    public var clean: CleanPage?
}
