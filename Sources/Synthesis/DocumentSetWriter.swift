/// Writes `count` synthetic pages (`doc-0001.<ext>` …) with their truth sidecars: A4 or Letter, 150/200/300 dpi,
/// one or two signatures each (genuine, skilled or random forgeries of writers drawn from a pool), formats
/// mixed over G4, LZW and JPEG TIFF, JPEG and PNG.
public struct DocumentSetWriter: Sendable {
    /// Output folder.
    public var directory: String
    /// Pages to write.
    public var count: Int
    /// Seed of everything.
    public var seed: UInt64
    /// Writers the signatures come from (indices 0 ..< writerPool).
    public var writerPool: Int
    /// Formats to use, in turn chosen at random; all by default.
    public var formats: [PageFormat]

    /// A document set.
    public init(directory: String, count: Int, seed: UInt64, writerPool: Int = 24, formats: [PageFormat] = PageFormat.allCases) {
        self.directory = directory
        self.count = count
        self.seed = seed
        self.writerPool = writerPool
        self.formats = formats
    }

    /// The request and format for page `i` (pure function of the seed and `i`).
    public func request(_ i: Int) -> (DocumentRequest, PageFormat) {
        var rng = SeededRandom(seed: seed, 0xD05E7, UInt64(i))
        let synth = SignatureSynthesizer(seed: seed)
        let pool = max(2, writerPool)
        let n = rng.chance(0.3) ? 2 : 1
        var used: [Int] = []
        var signatures: [SignatureRequest] = []
        for _ in 0..<n {
            var w = rng.int(pool)
            while used.contains(w) { w = (w + 1) % pool }
            used.append(w)
            let kind = SignatureKind.allCases[rng.weighted([0.5, 0.3, 0.2])]
            let claimed = synth.writer(w)
            let author = kind == .randomForgery ? synth.writer((w + 1 + rng.int(pool - 1)) % pool) : nil
            signatures.append(SignatureRequest(claimed: claimed, kind: kind, sample: rng.int(in: 0...999), author: author))
        }
        let dpi = [150, 200, 300][rng.weighted([0.2, 0.35, 0.45])]
        let paper = rng.chance(0.6) ? PaperSize.a4 : .letter
        let format = formats.isEmpty ? .png : formats[rng.int(formats.count)]
        return (DocumentRequest(paper: paper, dpi: dpi, signatures: signatures, seed: rng.next()), format)
    }

    /// File name of page `i`.
    public func fileName(_ i: Int, _ format: PageFormat) -> String {
        "doc-" + String(i + 1).leftPadded(to: 4) + "." + format.fileExtension
    }

    /// Writes every page on up to `threads` threads.
    public func writeAll(threads: Int) throws(SynthesisError) {
        guard count > 0 else { throw SynthesisError(.invalidRequest, path: directory, message: "need at least one page") }
        try FileSystem.makeDirectory(directory)
        let me = self
        try ParallelWork.run(count: count, threads: threads) { (i: Int) throws(SynthesisError) in
            let (request, format) = me.request(i)
            let page = DocumentComposer.compose(request)
            try PageWriter.write(page, format: format, to: me.directory + "/" + me.fileName(i, format), seed: me.seed)
        }
    }
}
