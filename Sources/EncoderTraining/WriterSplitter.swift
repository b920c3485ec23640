import TwinEncoder
import Randomness

/// Splits persons three ways (training, calibration, validation), per source so every source is in every part,
/// with a seeded shuffle; a person's identities always stay together.
public struct WriterSplitter: Sendable, Equatable, Codable {
    /// Share of each source's persons kept for calibration.
    public var calibrationFraction: Double
    /// Share kept for validation.
    public var validationFraction: Double

    /// Memberwise (defaults 15% and 15%).
    public init(calibrationFraction: Double = 0.15, validationFraction: Double = 0.15) {
        self.calibrationFraction = calibrationFraction
        self.validationFraction = validationFraction
    }

    /// The split of `corpus`'s persons for `seed`, leaving out those in `placed` (already split elsewhere). Sources
    /// with fewer than three persons to split go wholly to training.
    public func split(_ corpus: TrainingCorpus, seed: UInt64, leaving placed: Set<String> = []) -> WriterSplit {
        var result = WriterSplit(training: [], calibration: [], validation: [])
        for source in corpus.sources.indices {
            var persons = corpus.persons(ofSource: source).filter { !placed.contains($0) }
            var rng = SplitMix64(seed: seed &+ 0x5eed &+ UInt64(source) &* 0x9E37_79B9)
            persons.shuffle(using: &rng)
            guard persons.count >= 3 else {
                result.training += persons
                continue
            }
            let n = persons.count
            let nv = max(1, Int((Double(n) * validationFraction).rounded()))
            let nc = max(1, Int((Double(n) * calibrationFraction).rounded()))
            let valid = Array(persons[0..<min(nv, n - 2)])
            let cal = Array(persons[valid.count..<min(valid.count + nc, n - 1)])
            result.validation += valid.sorted()
            result.calibration += cal.sorted()
            result.training += persons[(valid.count + cal.count)...].sorted()
        }
        return result
    }
}
