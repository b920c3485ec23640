import Imaging
import Testing
@testable import Synthesis

@Suite struct DeterminismTests {
    @Test func sameSeedGivesSameCropBytes() throws {
        let a = SignatureSynthesizer(seed: 42).writer(3)
        let b = SignatureSynthesizer(seed: 42).writer(3)
        let options = CropOptions(dpi: 150)
        #expect(a.genuine(1, options: options).gray == b.genuine(1, options: options).gray)
        let fa = a.forgery(2, options: options), fb = b.forgery(2, options: options)
        #expect(fnv1a(try PNGEncoder.encodeGray(fa.gray, width: fa.width, height: fa.height)) ==
                fnv1a(try PNGEncoder.encodeGray(fb.gray, width: fb.width, height: fb.height)))
    }

    @Test func samplesDoNotDependOnTheOrderTheyAreAskedFor() {
        let synth = SignatureSynthesizer(seed: 5)
        let options = CropOptions(dpi: 150)
        let late = synth.writer(7).genuine(4, options: options)
        _ = synth.writer(1).genuine(0, options: options)
        #expect(synth.writer(7).genuine(4, options: options).gray == late.gray)
    }

    @Test func differentSeedsGiveDifferentWriters() {
        let a = SignatureSynthesizer(seed: 1), b = SignatureSynthesizer(seed: 2)
        var differing = 0
        for i in 0..<8 {
            let wa = a.writer(i), wb = b.writer(i)
            if wa.fullName != wb.fullName || wa.style.xHeight != wb.style.xHeight { differing += 1 }
        }
        #expect(differing == 8)
        #expect(a.writer(0).genuine(0, options: CropOptions(dpi: 150)).gray != b.writer(0).genuine(0, options: CropOptions(dpi: 150)).gray)
    }

    @Test func genuineSamplesOfOneWriterDiffer() {
        let w = SignatureSynthesizer(seed: 9).writer(0)
        #expect(w.genuine(0, options: CropOptions(dpi: 150)).gray != w.genuine(1, options: CropOptions(dpi: 150)).gray)
    }

    @Test func datasetFolderIsByteIdenticalForTheSameSeed() throws {
        let one = try temporaryFolder("ds-a"), two = try temporaryFolder("ds-b")
        defer { removeTree(one); removeTree(two) }
        for dir in [one, two] {
            try DatasetWriter(directory: dir, writers: 2, genuine: 2, forgeries: 1, seed: 11, options: CropOptions(dpi: 150)).writeAll(threads: 2)
        }
        let files = filesUnder(one)
        #expect(files == ["truth.tsv", "w00000/forged/01.png", "w00000/genuine/01.png", "w00000/genuine/02.png",
                          "w00001/forged/01.png", "w00001/genuine/01.png", "w00001/genuine/02.png"])
        #expect(files == filesUnder(two))
        for f in files { #expect(fnv1a(try readBytes(one + "/" + f)) == fnv1a(try readBytes(two + "/" + f)), "\(f)") }
    }

    @Test func documentsAreByteIdenticalForTheSameSeed() throws {
        let one = try temporaryFolder("doc-a"), two = try temporaryFolder("doc-b")
        defer { removeTree(one); removeTree(two) }
        for dir in [one, two] {
            try DocumentSetWriter(directory: dir, count: 2, seed: 3, writerPool: 4, formats: [.tiffG4, .jpeg]).writeAll(threads: 2)
        }
        let files = filesUnder(one)
        #expect(files.count == 4)
        #expect(files == filesUnder(two))
        for f in files { #expect(fnv1a(try readBytes(one + "/" + f)) == fnv1a(try readBytes(two + "/" + f)), "\(f)") }
    }
}
