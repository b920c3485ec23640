import ArgumentParser
import Foundation
import Synthesis

/// `sigforensics synth case`: a case folder (known references, questioned documents, case.xml) and its answer key.
struct SynthCase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Write a case folder (known/<writer-id>/, questioned/, case.xml) and DIR.answer-key.xml beside it."
    )

    @Option(help: "Writers with known references.")
    var writers = 3
    @Option(help: "Questioned documents.")
    var questioned = 12
    @Option(help: "Fewest references per writer.")
    var minReferences = 5
    @Option(help: "Most references per writer.")
    var maxReferences = 8
    @Option(help: "Seed; the same seed writes the same bytes.")
    var seed: UInt64 = 1
    @Option(help: "The case folder to create; the answer key is written beside it as <folder>.answer-key.xml.")
    var out: String
    @Option(help: "Case identifier in case.xml (default: the folder name).")
    var caseId: String?
    @Option(help: "Threads.")
    var threads = 2

    func validate() throws {
        guard writers >= 1 else { throw ValidationError("--writers must be at least 1.") }
        guard questioned >= 1 else { throw ValidationError("--questioned must be at least 1.") }
        guard minReferences >= 1, maxReferences >= minReferences else {
            throw ValidationError("--min-references must be at least 1 and not above --max-references.")
        }
    }

    func run() throws {
        let writer = CaseWriter(directory: out, writers: writers, questioned: questioned, seed: seed,
                                references: minReferences...maxReferences, caseID: caseId)
        let start = ContinuousClock.now
        try writer.write(threads: threads)
        let seconds = Double((ContinuousClock.now - start).milliseconds) / 1000
        print(String(format: "case %@ written in %.1f s; answer key: %@", out, seconds, writer.answerKeyPath))
    }
}
