import Imaging
import Testing
import XMLIO
@testable import Synthesis

@Suite struct DecodeWrittenFilesTests {
    @Test(arguments: PageFormat.allCases)
    func everyPageFormatDecodesWithTheProjectsDecoder(format: PageFormat) throws {
        let dir = try temporaryFolder("fmt")
        defer { removeTree(dir) }
        let synth = SignatureSynthesizer(seed: 8)
        let request = DocumentRequest(paper: .a4, dpi: 150, signatures: [SignatureRequest(claimed: synth.writer(1), kind: .genuine, sample: 0)],
                                      seed: 99, layout: .specimenCard)
        let page = DocumentComposer.compose(request)
        let path = dir + "/page." + format.fileExtension
        let sidecar = try PageWriter.write(page, format: format, to: path, seed: 8)
        #expect(sidecar == dir + "/page.truth.xml")
        let decoded = try ImageDecoder().open(path: path).page(0)
        #expect(decoded.width == page.width && decoded.height == page.height)
        #expect(decoded.dpiX.map { abs($0 - 150) < 0.5 } ?? false)
        switch format {
        case .png, .tiffLZW: #expect(decoded.gray == page.gray)
        case .tiffG4:
            let expected = page.gray.map { $0 < Bilevel.threshold ? UInt8(0) : 255 }
            #expect(decoded.gray == expected)
        case .pngColour:
            #expect(decoded.gray.count == page.gray.count)
        case .jpeg, .jpegGray, .tiffJPEG:
            var total = 0
            for i in page.gray.indices { total += abs(Int(decoded.gray[i]) - Int(page.gray[i])) }
            #expect(Double(total) / Double(page.gray.count) < 4, "mean absolute error after lossy coding")
        }
        let truth = try TruthXML.read(try readBytes(sidecar), document: sidecar)
        #expect(truth.signatures.first?.box == page.truth.signatures.first?.box)
    }

    @Test func caseFolderIsCompleteAndTheAnswerKeyLiesOutsideIt() throws {
        let parent = try temporaryFolder("case")
        defer { removeTree(parent) }
        let dir = parent + "/demo"
        try CaseWriter(directory: dir, writers: 2, questioned: 4, seed: 5, references: 2...3).write(threads: 2)
        let files = filesUnder(dir)
        #expect(files.contains("case.xml"))
        #expect(!files.contains { $0.contains("answer") || $0.hasSuffix(".truth.xml") })
        let manifest = try XMLDocumentReader().parse(contentsOf: dir + "/case.xml")
        let known = manifest.children("known")
        #expect(known.count == 2)
        let writerIDs = Set(known.compactMap { $0[attribute: "writer"] })
        var listed: [String] = []
        for k in known {
            let docs = k.children("document").compactMap { $0[attribute: "path"] }
            #expect((2...3).contains(docs.count))
            for d in docs { #expect(d.hasPrefix("known/" + (k[attribute: "writer"] ?? "?") + "/")) }
            listed += docs
        }
        let questioned = manifest.children("questioned")
        #expect(questioned.count == 4)
        for q in questioned {
            #expect(writerIDs.contains(q[attribute: "claims"] ?? ""))
            listed.append(q[attribute: "path"] ?? "")
        }
        #expect(Set(listed) == Set(files.filter { $0 != "case.xml" }))
        for f in listed { _ = try ImageDecoder().open(path: dir + "/" + f).page(0) }

        let key = try XMLDocumentReader().parse(contentsOf: parent + "/demo.answer-key.xml")
        let answers = key.children("questioned")
        #expect(answers.count == 4)
        #expect(Set(answers.compactMap { $0[attribute: "kind"] }) == Set(SignatureKind.allCases.map(\.rawValue)))
    }
}
