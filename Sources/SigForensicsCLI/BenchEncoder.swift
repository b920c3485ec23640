import ArgumentParser
import Foundation
import TwinEncoder

/// `sigforensics bench encoder`: inference images per second and achieved GFLOP/s with random weights.
struct BenchEncoder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoder",
        abstract: "Run the twin encoder on random inputs and print images per second and achieved GFLOP/s."
    )

    @Option(help: "Architecture: \(Architecture.all.map(\.name).joined(separator: ", ")).")
    var arch = "signet-s"

    @Option(help: "Images per forward pass.")
    var batch = 32

    @Option(help: "OpenBLAS threads (the process-wide pool).")
    var threads = 2

    @Flag(help: "Use the threads inside OpenBLAS's SGEMM instead of splitting each batch between workers.")
    var blasThreads = false

    @Option(help: "Convolution method: automatic (blocked where the CPU has AVX-512, else columns), columns (im2col + OpenBLAS SGEMM), direct (stride-phase planes), direct-portable, blocked (channel-blocked activations, Winograd for 3x3 layers).")
    var convolution: ConvolutionMethod = .automatic

    @Option(help: "Timed repetitions (the median is printed).")
    var repetitions = 7

    @Flag(help: "Also print milliseconds per layer for one batch.")
    var profile = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard batch >= 1, threads >= 1, repetitions >= 1 else {
            throw ValidationError("--batch, --threads and --repetitions must be at least 1.")
        }
    }

    func run() throws {
        BLASCoreSelection.relaunchIfMisdetected()
        let architecture = try Architecture.named(arch)
        let r = try EncoderBenchmark(architecture: architecture, batch: batch, threads: threads,
                                     repetitions: repetitions, imageParallel: !blasThreads,
                                     convolution: convolution).run(profileLayers: profile)
        let methods = r.convolutions.map { "\($0.layer) \($0.method)" }.joined(separator: ", ")
        if json {
            JSONLine.print(["arch": r.arch, "batch": r.batch, "threads": r.threads,
                            "parallelism": blasThreads ? "openblas" : "images",
                            "convolution": convolution.rawValue, "convolutions": methods,
                            "imagesPerSecond": (r.imagesPerSecond * 10).rounded() / 10,
                            "gflops": (r.gflops * 10).rounded() / 10,
                            "imagesPerSecondMin": (r.minimum * 10).rounded() / 10,
                            "imagesPerSecondMax": (r.maximum * 10).rounded() / 10,
                            "msPerBatch": (r.msPerBatch * 1000).rounded() / 1000, "repetitions": r.repetitions,
                            "cpuShare": (r.cpuShare * 100).rounded() / 100, "openblasCore": BLAS.coreName])
        } else {
            print(String(format: "%@ batch %d, %d thread(s): %.1f images/s (min %.1f, max %.1f), %.1f GFLOP/s, "
                + "%.2f ms/batch [%d reps x %d, CPU %.2f cores, %@, %@, OpenBLAS %@]", r.arch, r.batch,
                r.threads, r.imagesPerSecond, r.minimum, r.maximum, r.gflops, r.msPerBatch, r.repetitions, r.iterations,
                r.cpuShare, blasThreads ? "threads in SGEMM" : "batch split", methods, BLAS.coreName))
        }
        for (name, ms) in r.layerMilliseconds {
            print("  " + name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", ms))
        }
    }
}

extension ConvolutionMethod: ExpressibleByArgument {}
