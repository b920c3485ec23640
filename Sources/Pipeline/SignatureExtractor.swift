import Imaging
import Preprocessing

/// One signature taken from a file: where it came from and the encoder's input made from it.
public struct ExtractedSignature: Sendable {
    /// The file as named by the user.
    public var file: String
    /// Zero-based page index.
    public var page: Int
    /// The crop's box in page pixels.
    public var box: PixelBox
    /// The locator's confidence (nil when the whole image was taken as one signature).
    public var confidence: Double?
    /// The normalised crop (the encoder's input).
    public var normalized: NormalizedSignature
}

/// What one page gave: its signatures, or why it gave none.
public struct ExtractedPage: Sendable {
    /// Zero-based page index.
    public var page: Int
    /// The signatures found (may be empty).
    public var signatures: [ExtractedSignature]
    /// Why there is no signature, or why the page failed, in words.
    public var problem: String?
}

/// Turns files into normalised signatures, exactly as a case does: decode (Imaging), then either take the whole
/// image as one signature (a signature image) or locate the signatures on the page, crop and normalise
/// (Preprocessing). Every command that reads signature images (`embed`, `evaluate`, `calibrate`, training) goes
/// through this one type, so the encoder always sees inputs made the same way.
public struct SignatureExtractor: Sendable {
    /// How a file is taken.
    public enum Mode: String, Sendable, CaseIterable {
        /// A signature image when it is no larger than 5 x 5 inches at its resolution, else a page to search.
        case auto
        /// Always a page: locate the signatures.
        case page
        /// Always one signature: the whole image.
        case crop
    }

    /// Decoding limits.
    public var decodeOptions: DecodeOptions
    /// Location parameters.
    public var locator: LocatorParameters
    /// The normalisation recipe (its version must match the model's).
    public var normalization: NormalizationParameters

    /// An extractor with the given parameters.
    public init(decodeOptions: DecodeOptions = DecodeOptions(), locator: LocatorParameters = LocatorParameters(),
                normalization: NormalizationParameters = .sigver) {
        self.decodeOptions = decodeOptions
        self.locator = locator
        self.normalization = normalization
    }

    /// Whether a page is small enough to be one signature image (no larger than 5 x 5 inches).
    public static func isSignatureImage(_ page: PageImage) -> Bool {
        let dpi = PageResolution.of(page).dpi
        return Double(page.width) <= 5 * dpi && Double(page.height) <= 5 * dpi
    }

    /// Every page of the file at `path`; throws only when the file cannot be opened at all.
    public func extract(path: String, mode: Mode = .auto) throws(ImageDecodeError) -> [ExtractedPage] {
        let document = try ImageDecoder(options: decodeOptions).open(path: path)
        var pages: [ExtractedPage] = []
        for index in 0..<document.pageCount {
            do {
                let page = try document.page(index)
                do {
                    pages.append(try extract(page: page, file: path, index: index, mode: mode))
                } catch {
                    pages.append(ExtractedPage(page: index, signatures: [], problem: "\(path), page \(index + 1): \(error.description)"))
                }
            } catch {
                pages.append(ExtractedPage(page: index, signatures: [], problem: error.description))
            }
        }
        return pages
    }

    /// The signatures of one decoded page.
    public func extract(page: PageImage, file: String, index: Int, mode: Mode) throws(NormalizationError) -> ExtractedPage {
        let normalizer = SignatureNormalizer(parameters: normalization)
        let dpi = PageResolution.of(page).dpi
        let whole = mode == .crop || (mode == .auto && Self.isSignatureImage(page))
        if whole {
            let normalized = try normalizer.normalize(page.gray, width: page.width, height: page.height, dpi: dpi)
            let box = PixelBox(x: 0, y: 0, width: page.width, height: page.height)
            return ExtractedPage(page: index, signatures: [ExtractedSignature(file: file, page: index, box: box, confidence: nil,
                                                                              normalized: normalized)], problem: nil)
        }
        let result = SignatureLocator(parameters: locator).locate(page)
        var signatures: [ExtractedSignature] = []
        for candidate in result.signatures {
            guard let crop = SignatureCrop.cut(page, clean: result.clean, box: candidate.box) else { continue }
            let normalized = try normalizer.normalize(crop.gray, width: crop.box.width, height: crop.box.height, dpi: dpi)
            signatures.append(ExtractedSignature(file: file, page: index, box: crop.box, confidence: candidate.confidence,
                                                 normalized: normalized))
        }
        let problem = signatures.isEmpty ? "no signature found: \(result.noSignature?.description ?? "no candidate was confident enough")" : nil
        return ExtractedPage(page: index, signatures: signatures, problem: problem)
    }
}
