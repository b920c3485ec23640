import Testing
@testable import Synthesis

@Suite struct SigmaLognormalTests {
    private func kinematics() -> Kinematics {
        Kinematics(sigma: 0.25, sigmaJitter: 0, overlap: 0.5, tempo: 0.1, unit: 4, timingJitter: 0, pressure: 1,
                   pressureVariation: 0, taperIn: 0, taperOut: 0, flyingEnds: 0, tremor: 0, tremorFrequency: 8)
    }

    @Test(arguments: [0.0, 0.8, -1.5])
    func strokeEndsOnItsTargetWhateverItsSweep(sweep: Double) throws {
        var component = PlanComponent(targets: [Point(0, 0), Point(10, 5)], roundness: 0)
        component.sweeps = [sweep]
        var rng = SeededRandom(seed: 1)
        let t = SigmaLognormal.trajectory(ActionPlan(components: [component]), kinematics(), &rng)
        let last = try #require(t.strokes.first?.last)
        #expect(abs(last.x - 10) < 0.05 && abs(last.y - 5) < 0.05)
    }

    @Test func speedProfileOfOneStrokeIsBellShapedWithOnePeak() throws {
        let component = PlanComponent(targets: [Point(0, 0), Point(20, 0)], roundness: 0)
        var rng = SeededRandom(seed: 1)
        let speeds = try #require(SigmaLognormal.trajectory(ActionPlan(components: [component]), kinematics(), &rng).strokes.first).map(\.speed)
        let peak = try #require(speeds.indices.max { speeds[$0] < speeds[$1] })
        #expect(peak > 0 && peak < speeds.count - 1)
        for i in 1...peak { #expect(speeds[i] >= speeds[i - 1] - 1e-9) }
        for i in (peak + 1)..<speeds.count { #expect(speeds[i] <= speeds[i - 1] + 1e-9) }
        // The integral of speed is the stroke length.
        let travelled = speeds.reduce(0, +) / 400
        #expect(abs(travelled - 20) < 0.5)
    }

    @Test func overlappingStrokesCutTheCornerOfThePlan() throws {
        // A right-angle corner: with strong overlap the path passes inside the virtual target.
        let component = PlanComponent(targets: [Point(0, 0), Point(10, 0), Point(10, 10)], roundness: 0)
        var k = kinematics()
        k.overlap = 0.3
        var rng = SeededRandom(seed: 1)
        let path = try #require(SigmaLognormal.trajectory(ActionPlan(components: [component]), k, &rng).strokes.first)
        let closest = path.map { ((($0.x - 10) * ($0.x - 10) + $0.y * $0.y)).squareRoot() }.min() ?? 0
        #expect(closest > 0.5)
    }
}
