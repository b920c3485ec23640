import ArgumentParser

/// `sigforensics bench …`: benchmarks that print figures (never timed assertions in tests).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the speed of one stage and print the figures.",
        subcommands: [BenchDecode.self, BenchScoring.self, BenchPreprocess.self, BenchEncoder.self, BenchSynth.self, BenchPens.self]
    )
}
