import TwinEncoder
import Randomness

/// What a training or validation pair is.
public enum PairKind: String, Sendable, Codable {
    /// Two genuine signatures of one identity (label: same).
    case genuine
    /// A genuine signature and a skilled forgery of it, or the same text by another person (label: different).
    case skilled
    /// Genuine signatures of two different persons (label: different).
    case random
}

/// Two samples and what they are.
public struct SignaturePair: Sendable, Equatable {
    /// First and second sample.
    public var a: SampleRef, b: SampleRef
    /// The pair's kind; `.genuine` means same writer.
    public var kind: PairKind
    /// Whether the pair is same-writer.
    public var same: Bool { kind == .genuine }
}

/// Makes an epoch's pairs from one partition's identities: for every genuine sample one positive pair (with another
/// genuine sample of its identity) and one negative pair, skilled (a forgery, or the same text by another person, when
/// there is one) or random (another person's genuine signature). `skilledShare` of the negatives are meant to be
/// skilled, spread evenly (no draw): at 0.5 they alternate, skilled first.
public struct PairSampler {
    /// The identities of the partition.
    public let identities: [CorpusIdentity]
    /// Share (0–1) of the negative pairs that are skilled where the identity has a skilled partner.
    public let skilledShare: Double
    private let sameText: SameTextIndex

    /// A sampler over `identities` (only those with at least two genuine samples make positives).
    public init(identities: [CorpusIdentity], skilledShare: Double = 0.5) {
        self.identities = identities
        self.skilledShare = min(max(skilledShare, 0), 1)
        sameText = SameTextIndex(identities)
    }

    /// The shuffled pairs of one epoch (seeded by `seed` and `epoch`), at most `limit` when given.
    public func pairs(epoch: Int, seed: UInt64, limit: Int? = nil) -> [SignaturePair] {
        var rng = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(epoch) &+ 1)
        var out: [SignaturePair] = []
        // A running credit: each negative adds the share and a skilled pair spends one, so the skilled pairs are
        // spread evenly; starting at one half makes 0.5 alternate with skilled first.
        var skilledCredit = 0.5
        for (i, id) in identities.enumerated() where id.identity.genuine.count >= 2 {
            let genuine = id.genuine
            for (j, g) in genuine.enumerated() {
                var k = rng.nextIndex(genuine.count - 1)
                if k >= j { k += 1 }
                out.append(SignaturePair(a: g, b: genuine[k], kind: .genuine))
                skilledCredit += skilledShare
                let skilledTurn = skilledCredit >= 1
                if skilledTurn { skilledCredit -= 1 }
                if skilledTurn, let skilled = skilledPartner(of: i, rng: &rng) {
                    out.append(SignaturePair(a: g, b: skilled, kind: .skilled))
                } else if let other = randomPartner(of: i, rng: &rng) {
                    out.append(SignaturePair(a: g, b: other, kind: .random))
                }
            }
        }
        out.shuffle(using: &rng)
        if let limit, out.count > limit { out.removeLast(out.count - limit) }
        return out
    }

    /// A forgery of identity i, else the same text by another person, else nil.
    func skilledPartner(of i: Int, rng: inout SplitMix64) -> SampleRef? {
        let id = identities[i]
        if !id.forged.isEmpty { return id.forged[rng.nextIndex(id.forged.count)] }
        let peers = sameText.peers(of: i, in: identities)
        guard !peers.isEmpty else { return nil }
        let peer = identities[peers[rng.nextIndex(peers.count)]].genuine
        return peer.isEmpty ? nil : peer[rng.nextIndex(peer.count)]
    }

    /// A genuine sample of a different person, or nil when the partition has one person only.
    func randomPartner(of i: Int, rng: inout SplitMix64) -> SampleRef? {
        let person = identities[i].identity.person
        for _ in 0..<64 {
            let j = rng.nextIndex(identities.count)
            let other = identities[j]
            if other.identity.person != person, !other.identity.genuine.isEmpty {
                return other.genuine[rng.nextIndex(other.genuine.count)]
            }
        }
        return nil
    }
}

/// The identities that wrote the same text (same source and text key), by position in one list of identities.
struct SameTextIndex: Sendable {
    private let byText: [String: [Int]]

    /// The index of `identities`.
    init(_ identities: [CorpusIdentity]) {
        var byText: [String: [Int]] = [:]
        for (i, id) in identities.enumerated() {
            if let key = id.identity.textKey { byText["\(id.source)|\(key)", default: []].append(i) }
        }
        self.byText = byText
    }

    /// Positions of the identities of other persons that wrote identity i's text (the list the index was made of).
    func peers(of i: Int, in identities: [CorpusIdentity]) -> [Int] {
        let id = identities[i]
        guard let key = id.identity.textKey, let all = byText["\(id.source)|\(key)"] else { return [] }
        return all.filter { identities[$0].identity.person != id.identity.person }
    }
}
