import CImageIO
import CTIFF

/// Decoding a page's strips or tiles into the output planes: the loop each strip worker runs.
extension TIFFPageLayout {
    /// Whether a second thread pays for itself: compressed strips of a page large enough.
    var parallelWorthIt: Bool {
        blockCount >= 4 && width * height >= 2_000_000 && compression != Int(COMPRESSION_NONE)
    }

    /// Re-applies what `init` set on the handle (another handle of the same page, on another thread).
    func prepare(tif: OpaquePointer) {
        if compression == Int(COMPRESSION_JPEG) && photometric == Int(PHOTOMETRIC_YCBCR) {
            _ = sf_tiff_set_int(tif, UInt32(TIFFTAG_JPEGCOLORMODE), JPEGCOLORMODE_RGB)
        }
    }

    /// Decodes the strips or tiles that `claim` hands out (nil: none left) with `tif` and converts their rows into
    /// `output`; stops at the first that fails.
    func decodeBlocks(_ claim: () -> Int?, tif: OpaquePointer, handle: OpaquePointer, converter: TIFFRowConverter,
                      output: TIFFRowConverter.Output) throws(ImageDecodeError) {
        if decodesStraightIntoGray {
            try decodeStripsIntoGray(claim, tif: tif, handle: handle, output: output)
            return
        }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: blockBytes, alignment: 16)
        defer { buffer.deallocate() }
        let scratch = converter.makeScratch()
        defer { scratch.deallocate() }
        sf_tiff_clear_messages(handle)
        while let block = claim() {
            let n = tiled ? TIFFReadEncodedTile(tif, UInt32(block), buffer, tmsize_t(blockBytes))
                          : TIFFReadEncodedStrip(tif, UInt32(block), buffer, tmsize_t(blockBytes))
            // A warning while image data is decoded means libtiff patched damaged data.
            guard n > 0, sf_tiff_error_count(handle) == 0, sf_tiff_last_warning(handle).pointee == 0 else {
                throw failure(.corrupt, "decoding \(tiled ? "tile" : "strip") \(block) of \(blockCount)", handle)
            }
            if tiled {
                let across = (width + tileWidth - 1) / tileWidth
                let x0 = (block % across) * tileWidth, y0 = (block / across) * tileHeight
                let rowBytes = Int(TIFFTileRowSize(tif))
                let columns = min(tileWidth, width - x0)
                let rows = min(tileHeight, height - y0)
                guard Int(n) >= rows * rowBytes else {
                    throw failure(.truncated, "decoding tile \(block) of \(blockCount)", handle,
                                  fallback: "tile \(block) holds \(n) bytes, \(rows * rowBytes) needed")
                }
                for row in 0..<rows {
                    converter.convert(buffer + row * rowBytes, count: columns, toPixel: (y0 + row) * width + x0, output: output, scratch: scratch)
                }
            } else {
                let rowBytes = Int(TIFFScanlineSize(tif))
                let y0 = block * rowsPerStrip
                let rows = min(rowsPerStrip, height - y0)
                guard Int(n) >= rows * rowBytes else {
                    throw failure(.truncated, "decoding strip \(block) of \(blockCount)", handle,
                                  fallback: "strip \(block) holds \(n) bytes, \(rows * rowBytes) needed")
                }
                if path == .bilevel {
                    // The fax formats: the whole strip in one tight loop while it is still in cache.
                    PixelConversion.expandBitRows(buffer.assumingMemoryBound(to: UInt8.self), rows: rows, rowBytes: rowBytes,
                                                  width: width, minIsWhite: minIsWhite, into: output.gray + y0 * width)
                    continue
                }
                for row in 0..<rows {
                    converter.convert(buffer + row * rowBytes, count: width, toPixel: (y0 + row) * width, output: output, scratch: scratch)
                }
            }
        }
    }

    /// 8-bit grey strips are already the output's layout: libtiff decodes them in place, with no copy.
    var decodesStraightIntoGray: Bool {
        path == .gray && bitsPerSample == 8 && samplesPerPixel == 1 && !tiled
    }

    private func decodeStripsIntoGray(_ claim: () -> Int?, tif: OpaquePointer, handle: OpaquePointer,
                                      output: TIFFRowConverter.Output) throws(ImageDecodeError) {
        sf_tiff_clear_messages(handle)
        while let strip = claim() {
            let y0 = strip * rowsPerStrip
            let bytes = min(rowsPerStrip, height - y0) * width
            let destination = output.gray + y0 * width
            let n = TIFFReadEncodedStrip(tif, UInt32(strip), destination, tmsize_t(bytes))
            guard n > 0, sf_tiff_error_count(handle) == 0, sf_tiff_last_warning(handle).pointee == 0 else {
                throw failure(.corrupt, "decoding strip \(strip) of \(blockCount)", handle)
            }
            guard Int(n) >= bytes else {
                throw failure(.truncated, "decoding strip \(strip) of \(blockCount)", handle,
                              fallback: "strip \(strip) holds \(n) bytes, \(bytes) needed")
            }
            if minIsWhite { PixelConversion.invert(destination, count: bytes) }
        }
    }
}
