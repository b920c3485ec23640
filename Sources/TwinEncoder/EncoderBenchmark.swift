import Foundation
import Randomness

/// Measures inference throughput of an architecture the way the peer's `bench_ort.py` does: warm-up runs, an
/// iteration count calibrated to a target duration, then timed repetitions; the median is the figure.
public struct EncoderBenchmark: Sendable {
    /// What was measured.
    public struct Result: Sendable {
        /// Architecture name.
        public var arch: String
        /// Images per forward pass and OpenBLAS threads.
        public var batch: Int, threads: Int
        /// Images per second: median, minimum and maximum over the repetitions.
        public var imagesPerSecond: Double, minimum: Double, maximum: Double
        /// Achieved GFLOP/s of the median (convolution and FC multiply-adds only, 2 FLOP per MAC).
        public var gflops: Double
        /// Milliseconds per batch at the median.
        public var msPerBatch: Double
        /// Repetitions and forward passes per repetition.
        public var repetitions: Int, iterations: Int
        /// Process CPU seconds per wall second during the timed repetitions (all threads; about 1 per busy core).
        /// Well below `threads` means other processes took the cores: the figure is then a lower bound.
        public var cpuShare: Double
        /// The convolution method each convolution ran, by layer name.
        public var convolutions: [(layer: String, method: String)]
        /// Milliseconds per batch spent in each layer (one profiled pass after timing), when asked.
        public var layerMilliseconds: [(name: String, ms: Double)]
    }

    /// The architecture.
    public var architecture: Architecture
    /// Images per forward pass.
    public var batch: Int
    /// OpenBLAS threads (set process-wide for the run).
    public var threads: Int
    /// Timed repetitions.
    public var repetitions: Int
    /// Target seconds per repetition.
    public var secondsPerRepetition: Double
    /// How the threads are used: split each batch between workers (one-thread SGEMM each), or one worker with a
    /// multi-threaded SGEMM.
    public var imageParallel: Bool
    /// How the convolutions are computed.
    public var convolution: ConvolutionMethod

    /// Memberwise.
    public init(architecture: Architecture, batch: Int, threads: Int, repetitions: Int = 7,
                secondsPerRepetition: Double = 0.6, imageParallel: Bool = true,
                convolution: ConvolutionMethod = .automatic) {
        self.architecture = architecture
        self.batch = batch
        self.threads = threads
        self.repetitions = repetitions
        self.secondsPerRepetition = secondsPerRepetition
        self.imageParallel = imageParallel
        self.convolution = convolution
    }

    /// Runs the benchmark with random weights (fixed seed) and a fixed-seed uniform input.
    public func run(profileLayers: Bool = false) throws(EncoderError) -> Result {
        guard batch >= 1, threads >= 1, repetitions >= 1 else {
            throw .invalidArgument("batch, threads and repetitions must be at least 1.")
        }
        BLAS.setThreads(imageParallel ? 1 : threads)
        let encoder = TwinEncoder(model: .random(architecture, seed: 1234), workers: imageParallel ? threads : 1,
                                  convolution: convolution)
        var rng = SplitMix64(seed: UInt64(batch))
        let count = batch * architecture.inputHeight * architecture.inputWidth
        let input = Tensor(uncheckedShape: [batch] + architecture.inputShape, data: (0..<count).map { _ in rng.nextUnit() })
        for _ in 0..<3 { _ = try encoder.embed(batch: input) }
        let clock = ContinuousClock()
        let once = clock.measure { _ = try? encoder.embed(batch: input) }
        let iterations = max(2, Int((secondsPerRepetition / max(once.seconds, 1e-6)).rounded(.up)))
        var rates: [Double] = []
        let cpuStart = processCPUSeconds(), wallStart = clock.now
        for _ in 0..<repetitions {
            let elapsed = clock.measure {
                for _ in 0..<iterations { _ = try? encoder.embed(batch: input) }
            }
            rates.append(Double(batch * iterations) / elapsed.seconds)
        }
        let cpuShare = (processCPUSeconds() - cpuStart) / max((clock.now - wallStart).seconds, 1e-9)
        rates.sort()
        let median = rates[rates.count / 2]
        // The mean of 20 profiled passes (one pass moves by tens of percent on this kind of machine).
        var layers: [(name: String, ms: Double)] = []
        if profileLayers {
            let passes = 20
            for pass in 0..<passes {
                let rows = encoder.network.profile(input)
                layers = pass == 0 ? rows.map { ($0.name, $0.ms / Double(passes)) }
                    : zip(layers, rows).map { ($0.name, $0.ms + $1.ms / Double(passes)) }
            }
        }
        return Result(arch: architecture.name, batch: batch, threads: threads, imagesPerSecond: median,
                      minimum: rates.first ?? median, maximum: rates.last ?? median,
                      gflops: median * Double(encoder.network.gemmFlopsPerImage) / 1e9,
                      msPerBatch: 1000 * Double(batch) / median, repetitions: repetitions, iterations: iterations,
                      cpuShare: cpuShare,
                      convolutions: encoder.network.convolutionMethods,
                      layerMilliseconds: layers)
    }
}

/// CPU seconds used by this process so far, all threads (`clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`).
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}
