import CImageIO
import CTIFF

/// A TIFF or BigTIFF file opened through libtiff over its bytes in memory, decoded one page (directory) at a time.
///
/// Grey, bilevel, palette and RGB pages are read with the strip and tile API and converted here (the 1-bit fax
/// formats in particular never go through an RGBA conversion); CMYK, subsampled YCbCr, separate planes, old-style
/// JPEG and the other rare layouts go through libtiff's RGBA interface. libtiff's errors and warnings go to the
/// handle's own handlers; a warning while image data is decoded means the data was damaged, and is an error here.
final class TIFFDocument {
    let file: FileBytes
    let options: DecodeOptions
    let format: ImageFormat
    let pageCount: Int
    /// libtiff's warning while walking the directory chain (a loop it cut), kept in every page's notes.
    let chainWarning: String
    private let handle: OpaquePointer
    private var tif: OpaquePointer { sf_tiff_tiff(handle) }

    init(file: FileBytes, options: DecodeOptions, format: ImageFormat) throws(ImageDecodeError) {
        self.file = file
        self.options = options
        self.format = format
        handle = try Self.openHandle(file, options: options, page: nil)
        let tif = sf_tiff_tiff(handle)
        sf_tiff_clear_messages(handle)
        let count = Int(TIFFNumberOfDirectories(tif))
        // libtiff stops counting at a directory it cannot read (cut off, damaged, or looping back) and reports an
        // error: the pages after it would be lost without a word, so the file is refused.
        guard sf_tiff_error_count(handle) == 0 else {
            let message = String(cString: sf_tiff_last_error(handle))
            sf_tiff_close(handle)
            throw ImageDecodeError(.corrupt, file: file.name, stage: "following the chain of page directories after page \(count)",
                                   message: message + " (pages after page \(count) are damaged, cut off or loop back)")
        }
        guard count > 0 else {
            sf_tiff_close(handle)
            throw ImageDecodeError(.corrupt, file: file.name, stage: "counting the TIFF pages", message: "no readable image directory")
        }
        guard count <= options.maxPages else {
            sf_tiff_close(handle)
            throw ImageDecodeError(.tooLarge, file: file.name, stage: "counting the TIFF pages",
                                   message: "\(count) pages is over the limit of \(options.maxPages)")
        }
        pageCount = count
        chainWarning = String(cString: sf_tiff_last_warning(handle))
    }

    deinit { sf_tiff_close(handle) }

    private static func openHandle(_ file: FileBytes, options: DecodeOptions, page: Int?) throws(ImageDecodeError) -> OpaquePointer {
        var message = [CChar](repeating: 0, count: Int(SF_MESSAGE_SIZE))
        // No single allocation by libtiff may exceed what the pixel budget allows for 16-bit RGBA samples.
        let maxAlloc = Int64(min(Int(Int32.max), options.pixelBudget) ) * 8
        guard let h = sf_tiff_open_memory(file.bytePointer, file.count, "r", maxAlloc, &message) else {
            let text = String(cMessage: message)
            throw ImageDecodeError(.corrupt, file: file.name, page: page, stage: "opening the TIFF", message: text)
        }
        return h
    }

    /// Decodes page `index` (zero-based).
    func page(_ index: Int) throws(ImageDecodeError) -> PageImage {
        let layout = try TIFFPageLayout(tif: tif, handle: handle, index: index, file: file, options: options)
        var pixels: (gray: [UInt8], rgb: [UInt8]?)
        switch layout.path {
        case .rgba:
            pixels = try readRGBA(layout)
        default:
            pixels = try readNative(layout)
        }
        var width = layout.width, height = layout.height
        if layout.orientation != 1 {
            let upright = Orientation.apply(layout.orientation, to: pixels.gray, width: width, height: height, channels: 1)
            if let colour = pixels.rgb {
                pixels.rgb = Orientation.apply(layout.orientation, to: colour, width: width, height: height, channels: 3).plane
            }
            pixels.gray = upright.plane
            (width, height) = (upright.width, upright.height)
        }
        var dpi = layout.dpi
        if layout.orientation >= 5 { dpi = dpi.map { ($0.y, $0.x) } }
        var source = layout.description
        source.pageCount = pageCount
        if format == .bigtiff { source.notes.insert("bigtiff", at: 0) }
        if !chainWarning.isEmpty { source.notes.append("libtiff warned while counting pages: \(chainWarning)") }
        return PageImage(width: width, height: height, gray: pixels.gray, rgb: pixels.rgb, dpiX: dpi?.x, dpiY: dpi?.y,
                         source: source)
    }

    // MARK: Strip and tile reading

    private func readNative(_ layout: TIFFPageLayout) throws(ImageDecodeError) -> (gray: [UInt8], rgb: [UInt8]?) {
        let pixels = layout.width * layout.height
        let converter = TIFFRowConverter(layout: layout)
        let blocks = layout.blockCount
        let workers = max(1, min(options.threads, PageWorkers.maximum, layout.parallelWorthIt ? blocks : 1))
        var failures = [BlockFailure?](repeating: nil, count: workers)
        let file = self.file, options = self.options, handle = self.handle
        // Each worker claims the next strip or tile when it is free, so that strips costing more (a dense part of
        // the page) do not leave one thread waiting for the other.
        let claims = BlockClaims(count: blocks)
        // The planes are not cleared first: every pixel is written by exactly one strip or tile, or the page fails.
        var rgb = [UInt8](unsafeUninitializedCapacity: layout.keepColour ? pixels * 3 : 0) { _, n in n = layout.keepColour ? pixels * 3 : 0 }
        let gray = [UInt8](unsafeUninitializedCapacity: pixels) { g, initialized in
            initialized = pixels
            rgb.withUnsafeMutableBufferPointer { c in
                failures.withUnsafeMutableBufferPointer { f in
                    let context = WorkerContext(handle: handle, failures: f.baseAddress!,
                                                output: TIFFRowConverter.Output(gray: g.baseAddress!, rgb: c.baseAddress, width: layout.width))
                    let work: @Sendable (Int) -> Void = { worker in
                        var current = -1
                        let claim = { () -> Int? in
                            current = claims.next()
                            return current < blocks ? current : nil
                        }
                        do throws(ImageDecodeError) {
                            if worker == 0 {
                                try layout.decodeBlocks(claim, tif: sf_tiff_tiff(context.handle), handle: context.handle,
                                                        converter: converter, output: context.output)
                            } else {
                                // A libtiff handle is never shared between threads: each further worker opens its
                                // own over the same bytes and selects the same page. One that cannot simply takes no
                                // strip: worker 0 goes on claiming until every strip is decoded.
                                guard let own = try? Self.openHandle(file, options: options, page: layout.index) else { return }
                                defer { sf_tiff_close(own) }
                                guard TIFFSetDirectory(sf_tiff_tiff(own), tdir_t(layout.index)) != 0 else { return }
                                layout.prepare(tif: sf_tiff_tiff(own))
                                try layout.decodeBlocks(claim, tif: sf_tiff_tiff(own), handle: own, converter: converter, output: context.output)
                            }
                        } catch {
                            context.failures[worker] = BlockFailure(block: current, error: error)
                        }
                    }
                    PageWorkers.run(workers, work)
                }
            }
        }
        // Strips are claimed in order and a worker stops at its first damaged one, so every strip before the first
        // damaged one was decoded: its error is the one a single thread meets first.
        if let failure = failures.compactMap({ $0 }).min(by: { $0.block < $1.block }) { throw failure.error }
        return (gray, layout.keepColour ? rgb : nil)
    }

    /// The strip or tile a worker failed on, and why.
    private struct BlockFailure {
        let block: Int
        let error: ImageDecodeError
    }

    /// What the strip workers share. `@unchecked Sendable`: worker 0 alone uses the document's handle, and each
    /// worker writes only its own slot of `failures` and its own rows of `output`, all of which outlive the workers.
    private struct WorkerContext: @unchecked Sendable {
        let handle: OpaquePointer
        let failures: UnsafeMutablePointer<BlockFailure?>
        let output: TIFFRowConverter.Output
    }

    private func readRGBA(_ layout: TIFFPageLayout) throws(ImageDecodeError) -> (gray: [UInt8], rgb: [UInt8]?) {
        var message = [CChar](repeating: 0, count: 1024)
        guard TIFFRGBAImageOK(tif, &message) != 0 else {
            let text = String(cMessage: message)
            throw ImageDecodeError(.unsupported, file: file.name, page: layout.index, stage: "checking the page layout", message: text)
        }
        var image = TIFFRGBAImage()
        guard TIFFRGBAImageBegin(&image, tif, 0, &message) != 0 else {
            let text = String(cMessage: message)
            throw ImageDecodeError(.unsupported, file: file.name, page: layout.index, stage: "starting the RGBA conversion", message: text)
        }
        defer { TIFFRGBAImageEnd(&image) }
        // Read rows in stored order; the orientation is applied afterwards, the same way for every path.
        image.req_orientation = UInt16(ORIENTATION_TOPLEFT)
        image.orientation = UInt16(ORIENTATION_TOPLEFT)
        let pixels = layout.width * layout.height
        var raster = [UInt32](repeating: 0, count: pixels)
        sf_tiff_clear_messages(handle)
        let ok = raster.withUnsafeMutableBufferPointer {
            TIFFRGBAImageGet(&image, $0.baseAddress!, UInt32(layout.width), UInt32(layout.height))
        }
        guard ok != 0, sf_tiff_error_count(handle) == 0, sf_tiff_last_warning(handle).pointee == 0 else {
            throw layout.failure(.corrupt, "decoding the image data (RGBA)", handle)
        }
        var gray = [UInt8](repeating: 0, count: pixels)
        var rgb = layout.keepColour ? [UInt8](repeating: 0, count: pixels * 3) : []
        raster.withUnsafeBufferPointer { s in
            gray.withUnsafeMutableBufferPointer { g in
                rgb.withUnsafeMutableBufferPointer { c in
                    for i in 0..<pixels {
                        let v = s[i]
                        let a = UInt8(truncatingIfNeeded: v >> 24)
                        let r = PixelConversion.premultipliedOverWhite(UInt8(truncatingIfNeeded: v), alpha: a)
                        let gg = PixelConversion.premultipliedOverWhite(UInt8(truncatingIfNeeded: v >> 8), alpha: a)
                        let b = PixelConversion.premultipliedOverWhite(UInt8(truncatingIfNeeded: v >> 16), alpha: a)
                        g[i] = PixelConversion.luma(r, gg, b)
                        if layout.keepColour { c[3 * i] = r; c[3 * i + 1] = gg; c[3 * i + 2] = b }
                    }
                }
            }
        }
        return (gray, layout.keepColour ? rgb : nil)
    }
}
