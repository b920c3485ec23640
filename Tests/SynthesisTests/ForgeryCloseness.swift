import Testing
@testable import Synthesis

@Suite struct ForgeryClosenessTests {
    @Test func skilledForgeriesAreCloserToTheWriterThanOtherWritersAre() {
        let synth = SignatureSynthesizer(seed: 77)
        let options = CropOptions(dpi: 150)
        let writers = 6, n = 3
        let genuine = (0..<writers).map { w in (0..<n).map { shapeDescriptor(synth.writer(w).genuine($0, options: options)) } }
        let forged = (0..<writers).map { w in (0..<n).map { shapeDescriptor(synth.writer(w).forgery($0, options: options)) } }
        var closer = 0
        var sumForged = 0.0, sumRandom = 0.0, sumGenuine = 0.0
        for w in 0..<writers {
            var dForged = 0.0, dRandom = 0.0, dGenuine = 0.0, nr = 0, ng = 0
            for g in genuine[w] {
                for f in forged[w] { dForged += distance(g, f) }
                for o in 0..<writers where o != w { for r in genuine[o] { dRandom += distance(g, r); nr += 1 } }
            }
            for a in 0..<n { for b in (a + 1)..<n { dGenuine += distance(genuine[w][a], genuine[w][b]); ng += 1 } }
            dForged /= Double(n * n); dRandom /= Double(nr); dGenuine /= Double(ng)
            if dForged < dRandom { closer += 1 }
            sumForged += dForged; sumRandom += dRandom; sumGenuine += dGenuine
        }
        #expect(closer == writers, "skilled forgeries closer than random ones for \(closer) of \(writers) writers")
        // Close but wrong: on average a forgery is further from the writer than the writer's own signatures are.
        #expect(sumGenuine < sumForged)
        #expect(sumForged < sumRandom)
    }
}

@Suite struct ForgerySkillTests {
    @Test func skilledForgersComeCloserThanClumsyOnes() {
        let synth = SignatureSynthesizer(seed: 31)
        let options = CropOptions(dpi: 150)
        var clumsy = 0.0, skilled = 0.0
        for w in 0..<4 {
            let writer = synth.writer(w)
            let reference = shapeDescriptor(writer.genuine(0, options: options))
            for k in 0..<2 {
                clumsy += distance(reference, shapeDescriptor(writer.forgery(k, skill: 0.05, options: options)))
                skilled += distance(reference, shapeDescriptor(writer.forgery(k, skill: 0.95, options: options)))
            }
        }
        #expect(skilled < clumsy)
    }

    @Test func skillRangeIsAPureFunctionOfTheSampleIndex() {
        let writer = SignatureSynthesizer(seed: 2).writer(1)
        let options = CropOptions(dpi: 150)
        #expect(writer.forgery(3, skillRange: 0.2...0.4, options: options).gray == writer.forgery(3, skillRange: 0.2...0.4, options: options).gray)
    }
}
