import Imaging

/// Why synthetic data could not be written.
public struct SynthesisError: Error, Sendable, CustomStringConvertible {
    /// The category.
    public enum Kind: Sendable, Equatable {
        /// A folder could not be made or a file could not be written.
        case fileSystem
        /// An image encoder refused the samples.
        case encoding
        /// XML could not be written.
        case xml
        /// The request itself is unusable (zero pages, a size out of range …).
        case invalidRequest
    }

    /// The category.
    public var kind: Kind
    /// The file or folder concerned.
    public var path: String
    /// What happened.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Folder creation and atomic file writes with typed errors.
enum FileSystem {
    /// Makes `path` and its parents (like `mkdir -p`).
    static func makeDirectory(_ path: String) throws(SynthesisError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw SynthesisError(.fileSystem, path: current, message: "cannot create the folder: " + String(cString: strerror(errno)))
            }
        }
    }

    /// Writes through `AtomicFile` (temporary file, fsync, rename).
    static func write(_ bytes: [UInt8], to path: String) throws(SynthesisError) {
        do { try AtomicFile.write(bytes, to: path) } catch {
            throw SynthesisError(.fileSystem, path: path, message: error.description)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
