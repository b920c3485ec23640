import XMLIO

/// Writes a case folder as DESIGN.md lays it out: `known/<writer-id>/ref-NN.<ext>` (specimen cards of genuine
/// signatures), `questioned/qNN.<ext>` (full pages, each a genuine signature, a skilled forgery, or another
/// person's signature in the claimed writer's place), `case.xml` naming the writer each questioned document
/// claims, and — outside the case folder, beside it — `<case>.answer-key.xml` with the truth.
public struct CaseWriter: Sendable {
    /// The case folder.
    public var directory: String
    /// Writers with references.
    public var writers: Int
    /// Questioned documents.
    public var questioned: Int
    /// Seed of everything.
    public var seed: UInt64
    /// References per writer: drawn from this range per writer.
    public var references: ClosedRange<Int>
    /// Case identifier written in the manifest (defaults to the folder name).
    public var caseID: String

    /// A case.
    public init(directory: String, writers: Int, questioned: Int, seed: UInt64, references: ClosedRange<Int> = 5...8, caseID: String? = nil) {
        var dir = directory
        while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
        self.directory = dir
        self.writers = writers
        self.questioned = questioned
        self.seed = seed
        self.references = references
        self.caseID = caseID ?? (dir.split(separator: "/").last.map(String.init) ?? "case")
    }

    /// Where the answer key goes: beside the case folder, never inside it.
    public var answerKeyPath: String { directory + ".answer-key.xml" }

    private struct Questioned {
        var file: String
        var request: DocumentRequest
        var format: PageFormat
    }

    /// Writes the case and the answer key.
    public func write(threads: Int) throws(SynthesisError) {
        guard writers >= 1, questioned >= 1 else {
            throw SynthesisError(.invalidRequest, path: directory, message: "a case needs at least one writer and one questioned document")
        }
        let synth = SignatureSynthesizer(seed: seed)
        var rng = SeededRandom(seed: seed, 0xCA5E)
        var known: [(writer: SyntheticWriter, files: [(String, DocumentRequest, PageFormat)])] = []
        // Reference cards: lossless or bilevel mostly (as a careful examiner's scans), one JPEG kind each.
        let referenceFormats: [PageFormat] = [.png, .jpegGray, .tiffG4, .tiffJPEG, .png]
        for w in 0..<writers {
            let writer = synth.writer(w)
            let n = rng.int(in: references)
            var files: [(String, DocumentRequest, PageFormat)] = []
            for k in 0..<n {
                let format = referenceFormats[(w + k) % referenceFormats.count]
                let request = DocumentRequest(paper: .a4, dpi: rng.chance(0.15) ? 300 : 200,
                                              signatures: [SignatureRequest(claimed: writer, kind: .genuine, sample: k)],
                                              seed: rng.next(), layout: .specimenCard)
                files.append(("known/\(writer.id)/ref-" + String(k + 1).leftPadded(to: 2) + "." + format.fileExtension, request, format))
            }
            known.append((writer, files))
        }
        let questionedFormats: [PageFormat] = [.tiffG4, .tiffLZW, .tiffJPEG, .jpeg, .png, .jpegGray]
        // Every writer gets each kind in turn; the order of the documents is then shuffled.
        var plan: [(writer: Int, kind: SignatureKind)] = (0..<questioned).map { q in
            (q % writers, SignatureKind.allCases[(q % writers + q / writers) % 3])
        }
        for i in stride(from: plan.count - 1, to: 0, by: -1) { plan.swapAt(i, rng.int(i + 1)) }
        var items: [Questioned] = []
        for (q, entry) in plan.enumerated() {
            let claimed = synth.writer(entry.writer)
            let kind = entry.kind
            let author = kind == .randomForgery ? synth.writer(writers + 100 + q) : nil
            let sample = kind == .skilledForgery ? q : 500 + q
            let format = questionedFormats[q % questionedFormats.count]
            let request = DocumentRequest(paper: rng.chance(0.5) ? .a4 : .letter, dpi: [150, 200, 300][rng.weighted([0.45, 0.45, 0.1])],
                                          signatures: [SignatureRequest(claimed: claimed, kind: kind, sample: sample, author: author)],
                                          seed: rng.next())
            items.append(Questioned(file: "questioned/q" + String(q + 1).leftPadded(to: 2) + "." + format.fileExtension,
                                    request: request, format: format))
        }
        for entry in known { try FileSystem.makeDirectory(directory + "/known/" + entry.writer.id) }
        try FileSystem.makeDirectory(directory + "/questioned")

        let jobs: [(String, DocumentRequest, PageFormat)] = known.flatMap(\.files) + items.map { ($0.file, $0.request, $0.format) }
        let root = directory
        let truths = ResultSlots<PageTruth>(count: jobs.count)
        try ParallelWork.run(count: jobs.count, threads: threads) { (i: Int) throws(SynthesisError) in
            let (file, request, format) = jobs[i]
            let page = DocumentComposer.compose(request)
            try PageWriter.writeImage(page, format: format, to: root + "/" + file)
            truths.set(i, page.truth)
        }
        let questionedTruths = (0..<items.count).compactMap { truths.get(jobs.count - items.count + $0) }
        try writeManifest(known: known.map { ($0.writer, $0.files.map(\.0)) }, questioned: items)
        try writeAnswerKey(zip(items, questionedTruths).map { ($0, $1) })
    }

    private func writeManifest(known: [(SyntheticWriter, [String])], questioned: [Questioned]) throws(SynthesisError) {
        do {
            let w = try XMLWriter(label: "case.xml")
            try w.element("case", attributes: ["id": caseID, "version": "1"]) {
                try w.element("description", text: "Synthetic demonstration case generated by sigforensics synth case (seed \(seed)). Every person, document and signature in it is invented.")
                try w.element("examiner", text: "demo")
                for (writer, files) in known {
                    try w.element("known", attributes: ["writer": writer.id, "name": writer.fullName]) {
                        for f in files { try w.element("document", attributes: ["path": f]) }
                    }
                }
                for q in questioned {
                    let claimed = q.request.signatures.first?.claimed.id ?? ""
                    try w.element("questioned", attributes: ["path": q.file, "claims": claimed])
                }
            }
            try FileSystem.write(try w.finish(), to: directory + "/case.xml")
        } catch let error as SynthesisError { throw error } catch {
            throw SynthesisError(.xml, path: directory + "/case.xml", message: "\(error)")
        }
    }

    private func writeAnswerKey(_ questioned: [(Questioned, PageTruth)]) throws(SynthesisError) {
        do {
            let w = try XMLWriter(label: "answer key")
            try w.element("answer-key", attributes: ["case": caseID, "seed": String(seed), "version": "1"]) {
                try w.comment(" The truth for every questioned document. Keep this file away from the case folder. ")
                for (q, truth) in questioned {
                    for s in truth.signatures {
                        try w.start("questioned")
                        try w.attribute("path", q.file)
                        try w.attribute("claims", s.claimedWriter)
                        try w.attribute("kind", s.kind.rawValue)
                        try w.attribute("author", s.author)
                        if let skill = s.skill { try w.attribute("skill", String((skill * 1000).rounded() / 1000)) }
                        try w.attribute("format", q.format.rawValue)
                        try w.attribute("dpi", String(truth.dpi))
                        try TruthXML.box(w, s.box)
                        try w.end()
                    }
                }
            }
            try FileSystem.write(try w.finish(), to: answerKeyPath)
        } catch let error as SynthesisError { throw error } catch {
            throw SynthesisError(.xml, path: answerKeyPath, message: "\(error)")
        }
    }
}

