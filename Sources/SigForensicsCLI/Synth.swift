import ArgumentParser

/// `sigforensics synth …`: synthetic signatures, forgeries, documents and cases with ground truth.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate synthetic signatures, skilled forgeries, scanned documents and demo cases (deterministic by seed).",
        subcommands: [SynthDataset.self, SynthDocuments.self, SynthCase.self, SynthStats.self]
    )
}
