import ArgumentParser
import Foundation
import Imaging

/// `sigforensics inspect FILE...`: decodes every page and says what it found.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode each file and print, per page, what it is and how long decoding took.",
        discussion: "Exit status: 0 when every file decoded, 1 when any file or page was rejected, 64 for usage errors."
    )

    @Argument(help: "Scanned documents (TIFF, JPEG, PNG; the format is read from the content).")
    var files: [String]

    @Flag(help: "Print one JSON object per page per line.")
    var json = false

    @Option(help: "Write each decoded page as an 8-bit grey PNG into this folder.")
    var writeGray: String?

    @OptionGroup var limits: DecodeLimitOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one file to inspect.") }
    }

    func run() throws {
        if let writeGray { try FileManager.default.createDirectory(atPath: writeGray, withIntermediateDirectories: true) }
        let decoder = ImageDecoder(options: limits.decodeOptions(keepColour: true))
        var rejected = false
        for path in files {
            let started = ContinuousClock.now
            let document: ImageDocument
            do {
                document = try decoder.open(path: path)
            } catch {
                rejected = true
                emitError(error)
                continue
            }
            let openMs = (ContinuousClock.now - started).milliseconds
            for index in 0..<document.pageCount {
                let pageStart = ContinuousClock.now
                do {
                    let page = try document.page(index)
                    let ms = (ContinuousClock.now - pageStart).milliseconds + (index == 0 ? openMs : 0)
                    emit(page, file: path, index: index, ms: ms)
                    if let writeGray {
                        let name = (path as NSString).lastPathComponent
                        let out = (writeGray as NSString).appendingPathComponent("\(name).p\(index + 1).png")
                        try AtomicFile.write(try PNGEncoder.encodeGray(page.gray, width: page.width, height: page.height, dpi: page.dpiX), to: out)
                    }
                } catch let error as ImageDecodeError {
                    rejected = true
                    emitError(error)
                }
            }
        }
        if rejected { throw ExitCode(1) }
    }

    private func emit(_ page: PageImage, file: String, index: Int, ms: Double) {
        let s = page.source
        if json {
            let object: [String: Any] = [
                "file": file, "page": index + 1, "pageCount": s.pageCount, "format": s.format.rawValue,
                "width": page.width, "height": page.height, "bitsPerSample": s.bitsPerSample,
                "samplesPerPixel": s.samplesPerPixel, "photometric": s.photometric, "compression": s.compression,
                "dpiX": page.dpiX.map { $0 as Any } ?? NSNull(), "dpiY": page.dpiY.map { $0 as Any } ?? NSNull(),
                "orientation": s.orientation, "colour": page.rgb != nil, "notes": s.notes,
                "decodeMs": (ms * 1000).rounded() / 1000,
            ]
            JSONLine.print(object)
        } else {
            let dpi = page.dpiX.map { String(format: "%.0fx%.0f dpi", $0, page.dpiY ?? $0) } ?? "no dpi"
            print("\(file) page \(index + 1)/\(s.pageCount): \(page.width)x\(page.height) \(s.format.rawValue) \(s.compression), "
                + "\(s.bitsPerSample)-bit x \(s.samplesPerPixel) \(s.photometric), \(dpi), orientation \(s.orientation)"
                + (s.notes.isEmpty ? "" : " [\(s.notes.joined(separator: ", "))]")
                + String(format: ", %.2f ms", ms))
        }
    }

    private func emitError(_ error: ImageDecodeError) {
        if json {
            var object: [String: Any] = ["file": error.file, "error": error.description, "kind": error.kind.rawValue,
                                         "stage": error.stage, "message": error.message]
            if let page = error.page { object["page"] = page + 1 }
            JSONLine.print(object)
        } else {
            FileHandle.standardError.write(Data(("rejected: " + error.description + "\n").utf8))
        }
    }
}

/// Decode limits shared by the commands that read documents.
struct DecodeLimitOptions: ParsableArguments {
    @Option(help: "Largest page accepted, in megapixels (checked before any pixel memory is taken).")
    var pixelBudget: Double = 200

    func decodeOptions(keepColour: Bool) -> DecodeOptions {
        DecodeOptions(pixelBudget: Int(pixelBudget * 1_000_000), keepColour: keepColour)
    }
}

/// One JSON object per line, keys sorted, for scripts.
enum JSONLine {
    static func print(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double {
        let c = components
        return Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15
    }
}
