#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader never sees half of one: a temporary file beside the target, flushed to disk,
/// then renamed over the target in one step.
public enum AtomicFile {
    /// Why a write failed.
    public struct WriteError: Error, CustomStringConvertible {
        /// The path, the step and the system's reason.
        public let description: String
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let temporary = path + ".partial-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(description: "\(path): cannot create \(temporary): \(errnoText())") }
        var done = 0
        let failure: String? = bytes.withUnsafeBytes { raw -> String? in
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return errnoText() }
                done += n
            }
            return fsync(fd) == 0 ? nil : errnoText()
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw WriteError(description: "\(path): writing failed: \(failure)")
        }
        guard rename(temporary, path) == 0 else {
            let text = errnoText()
            unlink(temporary)
            throw WriteError(description: "\(path): cannot move into place: \(text)")
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
