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
    /// The normalised crop, once per recipe of the extractor (the encoders' inputs, one per view).
    public var views: [NormalizedSignature]
    /// The first view's normalised crop (the only one of a single-view pipeline).
    public var normalized: NormalizedSignature { views[0] }
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
    /// The normalisation recipes, one per view of the pipeline (each must match its view's model); never empty.
    public private(set) var normalizations: [NormalizationParameters]

    /// The first recipe; setting it leaves that recipe as the only one.
    public var normalization: NormalizationParameters {
        get { normalizations[0] }
        set { normalizations = [newValue] }
    }

    /// An extractor with the given parameters and one recipe.
    public init(decodeOptions: DecodeOptions = DecodeOptions(), locator: LocatorParameters = LocatorParameters(),
                normalization: NormalizationParameters = .sigver) {
        self.init(decodeOptions: decodeOptions, locator: locator, normalizations: [normalization])
    }

    /// An extractor normalising every crop once per recipe (an empty list means sigver's recipe).
    public init(decodeOptions: DecodeOptions = DecodeOptions(), locator: LocatorParameters = LocatorParameters(),
                normalizations: [NormalizationParameters]) {
        self.decodeOptions = decodeOptions
        self.locator = locator
        self.normalizations = normalizations.isEmpty ? [.sigver] : normalizations
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
        let normalizers = normalizations.map(SignatureNormalizer.init(parameters:))
        let dpi = PageResolution.of(page).dpi
        func views(_ gray: [UInt8], width: Int, height: Int) throws(NormalizationError) -> [NormalizedSignature] {
            var out: [NormalizedSignature] = []
            for normalizer in normalizers { out.append(try normalizer.normalize(gray, width: width, height: height, dpi: dpi)) }
            return out
        }
        let whole = mode == .crop || (mode == .auto && Self.isSignatureImage(page))
        if whole {
            let normalized = try views(page.gray, width: page.width, height: page.height)
            let box = PixelBox(x: 0, y: 0, width: page.width, height: page.height)
            return ExtractedPage(page: index, signatures: [ExtractedSignature(file: file, page: index, box: box, confidence: nil,
                                                                              views: normalized)], problem: nil)
        }
        let result = SignatureLocator(parameters: locator).locate(page)
        var signatures: [ExtractedSignature] = []
        for candidate in result.signatures {
            guard let crop = SignatureCrop.cut(page, clean: result.clean, box: candidate.box) else { continue }
            let normalized = try views(crop.gray, width: crop.box.width, height: crop.box.height)
            signatures.append(ExtractedSignature(file: file, page: index, box: crop.box, confidence: candidate.confidence,
                                                 views: normalized))
        }
        let problem = signatures.isEmpty ? "no signature found: \(result.noSignature?.description ?? "no candidate was confident enough")" : nil
        return ExtractedPage(page: index, signatures: signatures, problem: problem)
    }
}
