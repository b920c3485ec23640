import Foundation

/// The safetensors container: an 8-byte little-endian header length, a JSON header, then the tensors' bytes.
///
/// Only F32 tensors are written or accepted. Writing is deterministic (keys sorted, fixed number formatting), so the
/// same weights and metadata give the same bytes and the same SHA-256.
public struct SafeTensors: Sendable, Equatable {
    /// One named tensor.
    public struct Entry: Sendable, Equatable {
        /// The dimensions.
        public var shape: [Int]
        /// The values, row-major.
        public var values: [Float]
        /// Memberwise.
        public init(shape: [Int], values: [Float]) {
            self.shape = shape
            self.values = values
        }
    }

    /// The `__metadata__` map (string values only, as the format requires).
    public var metadata: [String: String]
    /// The tensors by name.
    public var tensors: [String: Entry]

    /// Memberwise.
    public init(metadata: [String: String], tensors: [String: Entry]) {
        self.metadata = metadata
        self.tensors = tensors
    }

    /// The file's bytes: tensors laid out in name order, header padded with spaces to a multiple of 8.
    public func encoded() -> [UInt8] {
        let names = tensors.keys.sorted()
        var header = "{\"__metadata__\":{"
        header += metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0] ?? ""))" }
            .joined(separator: ",")
        header += "}"
        var offset = 0
        for name in names {
            guard let t = tensors[name] else { continue }
            let bytes = t.values.count * 4
            header += ",\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],"
            header += "\"data_offsets\":[\(offset),\(offset + bytes)]}"
            offset += bytes
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        while (8 + headerBytes.count) % 8 != 0 { headerBytes.append(0x20) }
        var out = [UInt8]()
        out.reserveCapacity(8 + headerBytes.count + offset)
        var n = UInt64(headerBytes.count).littleEndian
        withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
        out.append(contentsOf: headerBytes)
        for name in names {
            guard let t = tensors[name] else { continue }
            for v in t.values {
                var bits = v.bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
            }
        }
        return out
    }

    /// Parses a file's bytes; `path` only names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(EncoderError) -> SafeTensors {
        guard bytes.count >= 8 else {
            throw .modelFile(path: path, reason: "only \(bytes.count) bytes, too short for a safetensors header")
        }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard headerLength <= UInt64(bytes.count - 8), headerLength <= 100_000_000 else {
            throw .modelFile(path: path, reason: "header length \(headerLength) exceeds the file (\(bytes.count) "
                + "bytes): the file is truncated or not safetensors")
        }
        let dataStart = 8 + Int(headerLength)
        let headerData = Data(bytes[8..<dataStart])
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: headerData)
        } catch {
            throw .modelFile(path: path, reason: "the header is not valid JSON (\(error.localizedDescription))")
        }
        guard let root = parsed as? [String: Any] else {
            throw .modelFile(path: path, reason: "the header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        if let meta = root["__metadata__"] {
            guard let m = meta as? [String: String] else {
                throw .modelFile(path: path, reason: "__metadata__ must map strings to strings")
            }
            metadata = m
        }
        let dataCount = bytes.count - dataStart
        var tensors: [String: Entry] = [:]
        for (name, value) in root where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int],
                  offsets.count == 2
            else { throw .modelTensor(path: path, name: name, reason: "malformed entry in the header") }
            guard dtype == "F32" else {
                throw .modelTensor(path: path, name: name, reason: "dtype \(dtype); only F32 is supported")
            }
            let (begin, end) = (offsets[0], offsets[1])
            let count = shape.reduce(1, *)
            guard shape.allSatisfy({ $0 >= 0 }), begin >= 0, end >= begin, end - begin == count * 4 else {
                throw .modelTensor(path: path, name: name,
                                   reason: "shape \(shape) does not match its byte range \(begin)..<\(end)")
            }
            guard end <= dataCount else {
                throw .modelTensor(path: path, name: name, reason: "byte range \(begin)..<\(end) lies beyond the "
                    + "end of the data (\(dataCount) bytes): the file is truncated")
            }
            var values = [Float](repeating: 0, count: count)
            bytes.withUnsafeBufferPointer { b in
                let base = dataStart + begin
                for i in 0..<count {
                    let p = base + 4 * i
                    let bits = UInt32(b[p]) | UInt32(b[p + 1]) << 8 | UInt32(b[p + 2]) << 16 | UInt32(b[p + 3]) << 24
                    values[i] = Float(bitPattern: bits)
                }
            }
            tensors[name] = Entry(shape: shape, values: values)
        }
        return SafeTensors(metadata: metadata, tensors: tensors)
    }

    /// Reads and parses a file.
    public static func read(path: String) throws(EncoderError) -> SafeTensors {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .modelFile(path: path, reason: "cannot be read (\(error.localizedDescription))")
        }
        return try decode([UInt8](data), path: path)
    }

    /// Writes the file atomically (a temporary file renamed into place).
    public func write(path: String) throws(EncoderError) {
        do {
            try Data(encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
    }
}

/// A JSON string literal for `s` (quotes, backslashes and control characters escaped).
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                out += "\\u" + String(format: "%04x", u.value)
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}
