import Imaging

/// Writes the training layout used everywhere in the project: `DIR/<writer-id>/genuine/NN.png` and
/// `DIR/<writer-id>/forged/NN.png` (skilled forgeries of that writer), each PNG carrying its dpi, and
/// `DIR/truth.tsv`: what the generator knows of each signature (the pen, the writer's stability; for a forgery the
/// forger's skill and the fluency of the copy), written last, so its presence also says the set is complete.
/// Readers of the layout look at folders only.
public struct DatasetWriter: Sendable {
    /// Where to write.
    public var directory: String
    /// Writers to make (indices 0 ..< writers).
    public var writers: Int
    /// Genuine samples per writer.
    public var genuine: Int
    /// Skilled forgeries per writer.
    public var forgeries: Int
    /// The synthesizer.
    public var synthesizer: SignatureSynthesizer
    /// Crop rendering.
    public var options: CropOptions
    /// Range the forgers' skill is drawn from (0 = clumsy and slow, 1 = fluent and close).
    public var skillRange: ClosedRange<Double> = 0.3...1.0
    /// Draw every sample with its own independently drawn pen and scanner preset (`randomPresets`) instead of the
    /// writer's own pen and a crop scan: the pen then tells nothing about who wrote a signature.
    public var randomPens = false

    /// A writer for the given counts.
    public init(directory: String, writers: Int, genuine: Int, forgeries: Int, seed: UInt64, options: CropOptions = CropOptions()) {
        self.directory = directory
        self.writers = writers
        self.genuine = genuine
        self.forgeries = forgeries
        self.synthesizer = SignatureSynthesizer(seed: seed)
        self.options = options
    }

    /// Writes writer `index`'s folder; returns the number of images written.
    @discardableResult
    public func writeWriter(_ index: Int) throws(SynthesisError) -> Int {
        let writer = synthesizer.writer(index)
        let base = directory + "/" + writer.id
        try FileSystem.makeDirectory(base + "/genuine")
        if forgeries > 0 { try FileSystem.makeDirectory(base + "/forged") }
        for k in 0..<genuine {
            let image: SignatureImage
            if randomPens {
                let (pen, scanner) = writer.randomPresets(forged: false, k)
                image = try writer.genuine(k, pen: pen, scanner: scanner)
            } else {
                image = writer.genuine(k, options: options)
            }
            try write(image, to: base + "/genuine/" + Self.name(k))
        }
        for k in 0..<forgeries {
            let image: SignatureImage
            if randomPens {
                let (pen, scanner) = writer.randomPresets(forged: true, k)
                image = try writer.forgery(k, skillRange: skillRange, pen: pen, scanner: scanner)
            } else {
                image = writer.forgery(k, skillRange: skillRange, options: options)
            }
            try write(image, to: base + "/forged/" + Self.name(k))
        }
        return genuine + forgeries
    }

    /// File name of sample `k`.
    static func name(_ k: Int) -> String { String(k + 1).leftPadded(to: 2) + ".png" }

    /// Name of the truth table in the dataset folder.
    public static let truthTableName = "truth.tsv"

    /// The truth table: a header `writer, sample, pen, stability, skill, fluency` (tab-separated), then one line
    /// per signature in writer and file order, named by its path in the writer's folder (`genuine/01.png`,
    /// `forged/01.png`). `pen` is `own` or `other` (a genuine signature written with another day's pen; a forgery
    /// with another kind of pen or a width not drawn around the writer's), or with `randomPens` the preset's name;
    /// `stability` is the writer's (0.35–1: how little their signatures vary); `skill` (the forger's) and
    /// `fluency` (of the copy) are `-` for genuine signatures. Numbers have six decimals.
    public func truthTable() -> String {
        Self.truthHeader + (0..<writers).map(truthRows).joined()
    }

    static let truthHeader = "writer\tsample\tpen\tstability\tskill\tfluency\n"

    /// Writer `index`'s lines of the truth table.
    func truthRows(_ index: Int) -> String {
        let writer = synthesizer.writer(index)
        /// `writer, sample, pen, stability` of one line.
        func start(_ folder: String, _ k: Int, ownPen: Bool) -> String {
            let pen = randomPens ? writer.randomPresets(forged: folder == "forged", k).pen.name : (ownPen ? "own" : "other")
            return writer.id + "\t" + folder + "/" + Self.name(k) + "\t" + pen + "\t" + Self.decimal(writer.style.stability)
        }
        var out = ""
        for k in 0..<genuine {
            out += start("genuine", k, ownPen: writer.genuineOwnPen(k)) + "\t-\t-\n"
        }
        for k in 0..<forgeries {
            let truth = writer.forger(k, skillRange: skillRange)
            out += start("forged", k, ownPen: truth.ownPen) + "\t"
                + Self.decimal(truth.skill) + "\t" + Self.decimal(truth.fluency) + "\n"
        }
        return out
    }

    private static func decimal(_ x: Double) -> String {
        let scaled = Int((x * 1_000_000).rounded())
        return String(scaled / 1_000_000) + "." + String(scaled % 1_000_000).leftPadded(to: 6)
    }

    private func write(_ image: SignatureImage, to path: String) throws(SynthesisError) {
        let bytes: [UInt8]
        do {
            // zlib level 1: three times faster than the default on noisy scans, about 14% larger.
            var png = PNGEncoder.Options()
            png.compressionLevel = 1
            png.dpi = image.dpi
            bytes = try PNGEncoder.encode(packedRows: image.gray, width: image.width, height: image.height, rowBytes: image.width, options: png)
        } catch {
            throw SynthesisError(.encoding, path: path, message: error.description)
        }
        try FileSystem.write(bytes, to: path)
    }
}

extension DatasetWriter {
    /// Writes every writer's folder on up to `threads` threads; returns the number of images written.
    @discardableResult
    public func writeAll(threads: Int) throws(SynthesisError) -> Int {
        guard writers > 0, genuine >= 0, forgeries >= 0 else {
            throw SynthesisError(.invalidRequest, path: directory, message: "need at least one writer")
        }
        try FileSystem.makeDirectory(directory)
        let me = self
        let truth = ResultSlots<String>(count: writers)
        try ParallelWork.run(count: writers, threads: threads) { (i: Int) throws(SynthesisError) in
            try me.writeWriter(i)
            truth.set(i, me.truthRows(i))
        }
        let table = Self.truthHeader + (0..<writers).map { truth.get($0) ?? truthRows($0) }.joined()
        try FileSystem.write(Array(table.utf8), to: directory + "/" + Self.truthTableName)
        return writers * (genuine + forgeries)
    }

    /// The contact sheet of the first `rows` writers with up to `columns` genuine and forged samples each.
    public func contactSheet(rows: Int, columns: Int) -> (gray: [UInt8], width: Int, height: Int) {
        let sheetRows = (0..<min(rows, writers)).map { i -> (genuine: [SignatureImage], forged: [SignatureImage]) in
            let w = synthesizer.writer(i)
            return ((0..<min(columns, genuine)).map { w.genuine($0, options: options) },
                    (0..<min(columns, forgeries)).map { w.forgery($0, skillRange: skillRange, options: options) })
        }
        return ContactSheet().compose(sheetRows)
    }
}
