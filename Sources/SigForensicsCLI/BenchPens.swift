import ArgumentParser
import Foundation
import Imaging
import Pipeline
import Synthesis
import TwinEncoder

/// `sigforensics bench pens`: how far a change of pen or scanner moves a signature's embedding under each
/// normalisation recipe, beside the writer's own variation and another writer.
struct BenchPens: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pens",
        abstract: "Render synthetic signatures with several pens and scanners, normalise them with each recipe, embed them and print how far the pen moves them."
    )

    @Option(help: "Synthetic writers.")
    var writers = 30
    @Option(help: "Genuine signatures per writer.")
    var signatures = 4
    @Option(help: "Synthesizer seed (9003 is used by no training or calibration run of the shipped model).")
    var seed: UInt64 = 9003
    @Option(help: "Pens, comma-separated: \(PenPreset.all.map(\.name).joined(separator: ", ")) (default: all).")
    var pens: String?
    @Option(help: "Scanners, comma-separated: \(ScannerPreset.all.map(\.name).joined(separator: ", ")), clean-300 (default: the first four).")
    var scanners: String?
    @Option(help: "Normalisation recipes, comma-separated: \(NormalizationCandidate.definitionRecipes.map(\.name).joined(separator: ", ")) (default: all of these), or redraw-W (strokes redrawn W mm wide).")
    var modes: String?
    @Option(help: "Model file (safetensors) fed every recipe of --modes; default: the pipeline definition's model, or, where the definition has several views, the pipeline itself (its views joined as a case embeds them).")
    var model: String?
    @Option(help: "Pipeline definition naming the model or views.")
    var pipeline = "Pipelines/default.json"
    @Option(help: "Seed of the random-weight encoder shown beside the trained one.")
    var randomSeed: UInt64 = 1
    @Option(help: "Also write a contact sheet PNG of the first writer's first signature (rows: pens; columns: scanners).")
    var sheet: String?
    @Flag(help: "Print one JSON object per recipe.")
    var json = false

    func validate() throws {
        guard writers >= 2, signatures >= 2 else {
            throw ValidationError("--writers and --signatures must be at least 2 (within- and between-writer distances need pairs).")
        }
        _ = try configuration()
    }

    func configuration() throws -> PenInvarianceMeasurement.Configuration {
        func pick<T>(_ list: String?, _ all: [T], _ named: (String) -> T?, _ what: String) throws -> [T] {
            guard let list else { return all }
            return try list.split(separator: ",").map { name in
                guard let value = named(String(name)) else { throw ValidationError("Unknown \(what) \"\(name)\".") }
                return value
            }
        }
        var c = PenInvarianceMeasurement.Configuration()
        c.writers = writers
        c.signaturesPerWriter = signatures
        c.seed = seed
        c.randomWeightsSeed = randomSeed
        c.pens = try pick(pens, PenPreset.all, PenPreset.named, "pen")
        c.scanners = try pick(scanners, ScannerPreset.all, ScannerPreset.named, "scanner")
        c.modes = try pick(modes, NormalizationCandidate.definitionRecipes, NormalizationCandidate.named, "recipe")
        return c
    }

    func run() throws {
        BLASCoreSelection.relaunchIfMisdetected()
        BLAS.setThreads(1)
        let c = try configuration()
        let definition = model == nil ? try PipelineDefinition.load(path: pipeline) : nil
        let measurement: PenInvarianceMeasurement, measured: String
        if let definition, definition.views.count > 1 || definition.projection != nil || definition.testTimeAugmentation != nil {
            guard modes == nil else {
                throw ValidationError("\(pipeline) is measured as a case embeds (\(definition.views.count) view(s), each with its own recipe, joined and projected); --modes feeds recipes to one model: name it with --model.")
            }
            let embedder = try SignatureEmbedder(definition: definition)
            measurement = try PenInvarianceMeasurement(configuration: c, embedder: embedder,
                                                       normalizations: definition.extractor.normalizations,
                                                       name: definition.name)
            measured = definition.views.map { definition.modelPath(of: $0) }.joined(separator: " + ")
                + (definition.testTimeAugmentation.map { ", \($0.fingerprint)" } ?? "")
                + (definition.projectionPath.map { ", projected by \($0)" } ?? "")
        } else {
            guard let path = model ?? definition?.modelPath else {
                throw ValidationError("The pipeline definition \(pipeline) names no model; pass --model FILE.")
            }
            measurement = PenInvarianceMeasurement(configuration: c, trained: try TwinEncoder(path: path))
            measured = path
        }
        if let sheet { try writeSheet(c, to: sheet) }
        let start = Date()
        let results = try measurement.run { done, total in
            FileHandle.standardError.write(Data("\rwriters \(done)/\(total)".utf8))
        }
        FileHandle.standardError.write(Data(String(format: "\r%d writers x %d signatures x %d pens x %d scanners in %.0f s\n",
                                                   c.writers, c.signaturesPerWriter, c.pens.count, c.scanners.count,
                                                   Date().timeIntervalSince(start)).utf8))
        if json {
            for r in results { print(try jsonLine(r, c, model: measured)) }
        } else {
            printTable(results, c, model: measured)
        }
    }

    func writeSheet(_ c: PenInvarianceMeasurement.Configuration, to path: String) throws {
        let writer = SignatureSynthesizer(seed: c.seed).writer(0)
        let rows = try c.pens.map { pen in
            (genuine: try c.scanners.map { try writer.genuine(0, pen: pen, scanner: $0) }, forged: [SignatureImage]())
        }
        let composed = ContactSheet(cellWidth: 320, cellHeight: 140).compose(rows)
        try AtomicFile.write(try PNGEncoder.encodeGray(composed.gray, width: composed.width, height: composed.height), to: path)
    }

    func printTable(_ results: [PenInvarianceMeasurement.ModeResult], _ c: PenInvarianceMeasurement.Configuration, model: String) {
        print("model \(model); \(c.writers) writers x \(c.signaturesPerWriter) signatures, seed \(c.seed)")
        print("pens: \(c.pens.map(\.name).joined(separator: ", ")); scanners: \(c.scanners.map(\.name).joined(separator: ", "))")
        print("distances: pen = same signature, other pen or scanner; within = same writer, same rendering; between = other writer, same rendering")
        let header = "recipe            encoder   pen     within  between pen/within pen/between  EER same  EER diff  EER pen  EER scan  failed"
        print(header)
        for r in results {
            for (name, f) in [("trained", r.trained), ("random", r.randomWeights)] {
                print(padded(r.mode, 18) + padded(name, 9) + String(format: "%6.4f  %6.4f  %6.4f  %9.3f  %10.3f  %7.4f   %7.4f   %7.4f  %7.4f  %d/%d",
                             f.penMovement, f.withinWriter, f.betweenWriter, f.movementToWithin,
                             f.movementToBetween, f.eerSameRendering, f.eerDifferentRendering, f.eerDifferentPen,
                             f.eerDifferentScanner, f.failedRenderings, f.renderings))
            }
        }
        print("trained encoder, movement when only the pen changes, per pen | when only the scanner changes, per scanner:")
        for r in results {
            let pens = r.trained.penOnlyMovementByPen.map { String(format: "%.3f", $0) }.joined(separator: " ")
            let scanners = r.trained.scannerOnlyMovementByScanner.map { String(format: "%.3f", $0) }.joined(separator: " ")
            print(padded(r.mode, 18) + pens + " | " + scanners)
        }
        print("encoder input, ink coverage / mean ink value per pen:")
        for r in results {
            let cells = zip(r.inkCoverageByPen, r.inkIntensityByPen).map { String(format: "%.3f / %.2f", $0, $1) }
            print(padded(r.mode, 18) + cells.joined(separator: "   "))
        }
    }

    func padded(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(1, width - s.count)) }

    func jsonLine(_ r: PenInvarianceMeasurement.ModeResult, _ c: PenInvarianceMeasurement.Configuration, model: String) throws -> String {
        func number(_ x: Double) -> Any { x.isFinite ? (x * 1e6).rounded() / 1e6 : NSNull() }
        func figures(_ f: PenInvarianceFigures) -> [String: Any] {
            ["penMovement": number(f.penMovement), "penOnlyMovement": number(f.penOnlyMovement),
             "scannerOnlyMovement": number(f.scannerOnlyMovement),
             "penOnlyMovementByPen": f.penOnlyMovementByPen.map(number),
             "scannerOnlyMovementByScanner": f.scannerOnlyMovementByScanner.map(number), "withinWriter": number(f.withinWriter),
             "betweenWriter": number(f.betweenWriter), "movementToWithin": number(f.movementToWithin),
             "movementToBetween": number(f.movementToBetween), "eerSameRendering": number(f.eerSameRendering),
             "eerDifferentRendering": number(f.eerDifferentRendering), "eerDifferentPen": number(f.eerDifferentPen),
             "eerDifferentScanner": number(f.eerDifferentScanner), "failedRenderings": f.failedRenderings,
             "renderings": f.renderings]
        }
        let object: [String: Any] = [
            "mode": r.mode, "recipe": r.recipe, "model": model, "writers": c.writers,
            "signaturesPerWriter": c.signaturesPerWriter, "seed": c.seed, "pens": c.pens.map(\.name),
            "scanners": c.scanners.map(\.name), "trained": figures(r.trained), "randomWeights": figures(r.randomWeights),
            "inkCoverageByPen": r.inkCoverageByPen.map(number), "inkIntensityByPen": r.inkIntensityByPen.map(number),
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
