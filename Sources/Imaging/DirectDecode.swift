import CImageIO

/// The benchmark reference: the C libraries decoding a file on their own (`sf_direct_decode` in the C shim),
/// with no conversion to 8-bit grey and no checks of ours, so that `bench decode --direct` can show what the
/// Swift layer costs on top.
public enum DirectDecode {
    /// Decodes every page of `file` with libtiff, libjpeg or libpng alone and returns the number of pixels.
    /// `threads` splits a TIFF page's strips as `DecodeOptions.threads` does; `colour` asks libjpeg for RGB;
    /// `toGray` adds the C loop that expands 1-bit strips to one byte per pixel (the library's samples otherwise).
    public static func decode(_ file: FileBytes, threads: Int, colour: Bool = false, toGray: Bool = false) throws(ImageDecodeError) -> Int {
        var message = [CChar](repeating: 0, count: Int(SF_MESSAGE_SIZE))
        let pixels = sf_direct_decode(file.bytePointer, file.count, Int32(threads), colour ? 1 : 0, toGray ? 1 : 0, &message)
        guard pixels >= 0 else {
            throw ImageDecodeError(.corrupt, file: file.name, stage: "decoding with the C library directly", message: String(cMessage: message))
        }
        return Int(pixels)
    }
}
