extension UnsafeBufferPointer {
    /// The first element's address. The engine's buffers are never empty when their address is read (every layer
    /// has at least one channel and one item); an empty buffer would give an address that is never dereferenced.
    @inline(__always) var start: UnsafePointer<Element> { baseAddress.unsafelyUnwrapped }
}

extension UnsafeMutableBufferPointer {
    /// The first element's address (see `UnsafeBufferPointer.start`).
    @inline(__always) var start: UnsafeMutablePointer<Element> { baseAddress.unsafelyUnwrapped }
}
