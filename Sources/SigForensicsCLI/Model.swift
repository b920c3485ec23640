import ArgumentParser

/// `sigforensics model …`: what a model or architecture is.
struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe encoder architectures and model files.",
        subcommands: [ModelInfo.self]
    )
}
