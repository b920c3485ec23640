extension UnsafeBufferPointer {
    /// The first element's address. The engine's buffers are never empty when their address is read (every layer
    /// has at least one channel and one item); an empty buffer would give an address that is never dereferenced.
    @inline(__always) var start: UnsafePointer<Element> { baseAddress.unsafelyUnwrapped }
}

extension UnsafeMutableBufferPointer {
    /// The first element's address (see `UnsafeBufferPointer.start`).
    @inline(__always) var start: UnsafeMutablePointer<Element> { baseAddress.unsafelyUnwrapped }
}

extension Array where Element == Float {
    /// An array of `count` floats that `fill` writes completely before anyone reads it (no zeroing pass first).
    @inline(__always)
    static func filled(count: Int, _ fill: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { fill(buffer.start) }
            initialized = count
        }
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// The first address at or after this one on a 64-byte boundary (at most 15 floats on).
    var alignedTo64: UnsafeMutablePointer<Float> {
        self + ((64 - Int(bitPattern: self) & 63) & 63) / MemoryLayout<Float>.stride
    }
}
