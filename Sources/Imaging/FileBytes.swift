#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one input file, in memory the C decoders may point into for as long as this object lives.
///
/// `@unchecked Sendable`: the buffer is written once in `init` and only read afterwards.
public final class FileBytes: @unchecked Sendable {
    /// The bytes, valid until this object is released.
    public let buffer: UnsafeRawBufferPointer
    /// The name used in errors.
    public let name: String
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes` (tests, fuzzing, data that did not come from a file).
    public init(_ bytes: [UInt8], name: String) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { storage.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
        }
        self.storage = storage
        buffer = UnsafeRawBufferPointer(rebasing: storage[0..<bytes.count])
        self.name = name
    }

    /// Reads the file at `path` with POSIX calls, refusing directories, special files and files over `maxBytes`.
    public init(contentsOf path: String, maxBytes: Int) throws(ImageDecodeError) {
        name = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ImageDecodeError(.unreadable, file: path, stage: "opening the file", message: Self.errnoText())
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw ImageDecodeError(.unreadable, file: path, stage: "reading file status", message: Self.errnoText())
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ImageDecodeError(.unreadable, file: path, stage: "opening the file", message: "not a regular file")
        }
        let size = Int(info.st_size)
        guard size > 0 else {
            throw ImageDecodeError(.empty, file: path, stage: "reading the file", message: "the file is empty (0 bytes)")
        }
        guard size <= maxBytes else {
            throw ImageDecodeError(.tooLarge, file: path, stage: "reading the file",
                                   message: "\(size) bytes is over the limit of \(maxBytes) bytes")
        }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        var done = 0
        while done < size {
            let n = read(fd, storage.baseAddress! + done, size - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                storage.deallocate()
                throw ImageDecodeError(.unreadable, file: path, stage: "reading the file",
                                       message: n == 0 ? "the file shrank while being read" : Self.errnoText())
            }
            done += n
        }
        self.storage = storage
        buffer = UnsafeRawBufferPointer(storage)
    }

    deinit { storage.deallocate() }

    /// Number of bytes.
    public var count: Int { buffer.count }

    /// The first byte's address as the C decoders want it.
    var bytePointer: UnsafePointer<UInt8> {
        // Never nil: even an empty buffer has the one-byte allocation made in `init`.
        UnsafePointer(storage.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
