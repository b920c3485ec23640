import Imaging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Feeds one input to the decoders the way the pipeline does: open by content, then decode every page, with a
/// small pixel budget so that the fuzzer spends its time on structure rather than on huge allocations.
/// Any thrown `ImageDecodeError` is a correct outcome; a crash, trap, hang or leak is a finding.
enum DecoderHarness {
    /// The options every fuzz input is decoded with: 4 megapixels, 64 pages, colour kept (the longer path).
    static let options = DecodeOptions(pixelBudget: 4_000_000, maxFileBytes: 64 << 20, keepColour: true,
                                       maxPages: 64, threads: 2)

    /// Decodes `bytes`; returns the number of pages decoded (errors are expected and ignored).
    @discardableResult
    static func run(_ bytes: UnsafeRawBufferPointer) -> Int {
        let file = FileBytes(Array(bytes), name: "fuzz-input")
        guard let document = try? ImageDecoder(options: options).open(file) else { return 0 }
        var decoded = 0
        for index in 0..<document.pageCount {
            if let page = try? document.page(index) {
                // Touch the planes so that a wrong size would show up under the sanitizer.
                if page.gray.count != page.width * page.height { abort() }
                decoded += 1
            }
        }
        return decoded
    }
}

#if FUZZING
/// libFuzzer's driver (in the fuzzer runtime linked by `-sanitize=fuzzer`). SwiftPM links an executable's entry
/// point as `main`, so the driver is started from `main` here instead of libFuzzer supplying its own.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer over the decoders (built with `-Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING`).
@main
struct DecoderFuzzer {
    /// Hands the command line to libFuzzer, which calls the harness once per input.
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            DecoderHarness.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
            return 0
        }
        exit(status)
    }
}
#else
/// Without the fuzzer: replays the files named on the command line through the same harness (reproduces a crash
/// that the fuzzer found, under a debugger or a normal build).
@main
struct DecoderFuzzerReplay {
    /// Decodes every file named in the arguments and prints how many pages each gave.
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let file = try? FileBytes(contentsOf: path, maxBytes: 64 << 20) else {
                print("\(path): unreadable")
                continue
            }
            let pages = DecoderHarness.run(file.buffer)
            print("\(path): \(pages) page(s) decoded")
        }
    }
}
#endif
