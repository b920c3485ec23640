import Imaging
import XMLIO

/// File formats a synthetic page is written in.
public enum PageFormat: String, Sendable, CaseIterable {
    /// Bilevel TIFF, CCITT G4, through a fax-like threshold.
    case tiffG4 = "tiff-g4"
    /// 8-bit grey TIFF, LZW with horizontal predictor.
    case tiffLZW = "tiff-lzw-gray"
    /// Colour TIFF, JPEG-compressed YCbCr.
    case tiffJPEG = "tiff-jpeg-colour"
    /// Colour JPEG.
    case jpeg = "jpeg-colour"
    /// Grey JPEG.
    case jpegGray = "jpeg-gray"
    /// Grey PNG.
    case png = "png-gray"
    /// Colour PNG.
    case pngColour = "png-colour"

    /// File name extension.
    public var fileExtension: String {
        switch self {
        case .tiffG4, .tiffLZW, .tiffJPEG: return "tif"
        case .jpeg, .jpegGray: return "jpg"
        case .png, .pngColour: return "png"
        }
    }
}

/// Writes a page in a format with its ground-truth sidecar `<name>.truth.xml`.
public enum PageWriter {
    /// Writes `page` to `path` (which should end in the format's extension) and the sidecar beside it; returns the
    /// sidecar's path.
    @discardableResult
    public static func write(_ page: SyntheticPage, format: PageFormat, to path: String, seed: UInt64) throws(SynthesisError) -> String {
        try writeImage(page, format: format, to: path)
        let sidecar = truthPath(for: path)
        try FileSystem.write(try TruthXML.document(page.truth, file: baseName(path), format: format, seed: seed), to: sidecar)
        return sidecar
    }

    /// `doc.tif` → `doc.truth.xml`.
    public static func truthPath(for path: String) -> String {
        let name = baseName(path)
        let stem = name.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        let folder = path.count > name.count ? String(path.dropLast(name.count)) : ""
        return folder + (stem.isEmpty ? name : stem) + ".truth.xml"
    }

    static func baseName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    /// Encodes and writes the image only.
    public static func writeImage(_ page: SyntheticPage, format: PageFormat, to path: String) throws(SynthesisError) {
        let dpi = Double(page.truth.dpi)
        do {
            switch format {
            case .png:
                try FileSystem.write(try PNGEncoder.encodeGray(page.gray, width: page.width, height: page.height, dpi: dpi), to: path)
            case .pngColour:
                var options = PNGEncoder.Options(colourType: .rgb)
                options.dpi = dpi
                let bytes = try PNGEncoder.encode(packedRows: page.rgb, width: page.width, height: page.height, rowBytes: page.width * 3, options: options)
                try FileSystem.write(bytes, to: path)
            case .jpeg, .jpegGray:
                var options = JPEGEncoder.Options()
                options.quality = 88
                options.dpi = page.truth.dpi
                let colour = format == .jpeg
                let bytes = try JPEGEncoder.encode(colour ? page.rgb : page.gray, width: page.width, height: page.height,
                                                   components: colour ? 3 : 1, options: options)
                try FileSystem.write(bytes, to: path)
            case .tiffG4, .tiffLZW, .tiffJPEG:
                let temporary = path + ".partial-tiff"
                let writer = try TIFFWriter(path: temporary)
                var spec: TIFFPageSpec
                switch format {
                case .tiffG4:
                    spec = TIFFPageSpec(width: page.width, height: page.height, samples: Bilevel.pack(page.gray, width: page.width, height: page.height))
                    spec.bitsPerSample = 1
                    spec.photometric = 0
                    spec.compression = 4
                case .tiffLZW:
                    spec = TIFFPageSpec(width: page.width, height: page.height, samples: page.gray)
                    spec.compression = 5
                    spec.predictor = 2
                default:
                    spec = TIFFPageSpec(width: page.width, height: page.height, samples: page.rgb)
                    spec.samplesPerPixel = 3
                    spec.photometric = 6
                    spec.compression = 7
                    spec.jpegQuality = 85
                    spec.rowsPerStrip = 64
                }
                spec.dpi = dpi
                try writer.add(spec)
                writer.close()
                guard rename(temporary, path) == 0 else {
                    unlink(temporary)
                    throw SynthesisError(.fileSystem, path: path, message: "cannot move the TIFF into place")
                }
            }
        } catch let error as ImageEncodeError {
            throw SynthesisError(.encoding, path: path, message: error.description)
        } catch let error as SynthesisError {
            throw error
        } catch {
            throw SynthesisError(.encoding, path: path, message: "\(error)")
        }
    }
}

/// A fax-like bilevel conversion: a global threshold between paper and ink, packed MSB first with 1 = black
/// (TIFF min-is-white).
enum Bilevel {
    static let threshold: UInt8 = 150

    static func pack(_ gray: [UInt8], width: Int, height: Int) -> [UInt8] {
        let rowBytes = (width + 7) / 8
        var out = [UInt8](repeating: 0, count: rowBytes * height)
        gray.withUnsafeBufferPointer { g in
            out.withUnsafeMutableBufferPointer { o in
                for y in 0..<height {
                    for x in 0..<width where g[y * width + x] < threshold {
                        o[y * rowBytes + x >> 3] |= UInt8(0x80) >> UInt8(x & 7)
                    }
                }
            }
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
