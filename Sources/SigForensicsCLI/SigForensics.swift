import ArgumentParser
import Imaging

/// The `sigforensics` command: forensic signature comparison, stage by stage.
@main
struct SigForensics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigforensics",
        abstract: "Forensic signature comparison: decode, locate, embed, score and report.",
        version: "0.1.0",
        subcommands: [Inspect.self, Bench.self, Synth.self, Evaluate.self, Calibrate.self, Locate.self, Normalize.self, EvaluateLocate.self, Model.self, Train.self, Embed.self, FitProjection.self]
    )

    static func main() {
        PageBuffers.keepInHeap()
        main(nil)
    }
}
