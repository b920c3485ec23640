import Foundation
@testable import Imaging

/// A temporary folder for one test's fixtures, removed when the test ends. When the environment variable
/// `SIGFORENSICS_FIXTURE_CORPUS` names a folder, every fixture written is also copied there (a seed corpus for the
/// decoder fuzzer; see the README).
final class FixtureFolder {
    let url: URL

    init(_ label: String = #function) throws {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sigforensics-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `bytes` as `name` and returns the path.
    @discardableResult
    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let p = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        exportToCorpus(p)
        return p
    }

    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    /// Copies a finished fixture into the fuzzing seed corpus when one is asked for.
    func exportToCorpus(_ path: String) {
        guard let corpus = ProcessInfo.processInfo.environment["SIGFORENSICS_FIXTURE_CORPUS"] else { return }
        try? FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let name = url.lastPathComponent + "-" + (path as NSString).lastPathComponent
        try? FileManager.default.copyItem(atPath: path, toPath: (corpus as NSString).appendingPathComponent(name))
    }

    /// Runs a Debian tool (libtiff-tools, libjpeg-turbo-progs) and fails with its stderr when it fails.
    func run(_ tool: String, _ arguments: [String], stdoutTo output: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        if let output {
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        }
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ToolFailure(tool: tool, status: process.terminationStatus, stderr: text) }
        if let output { exportToCorpus(output) } else if let last = arguments.last, FileManager.default.fileExists(atPath: last) {
            exportToCorpus(last)
        }
    }

    struct ToolFailure: Error, CustomStringConvertible {
        let tool: String, status: Int32, stderr: String
        var description: String { "\(tool) exited \(status): \(stderr)" }
    }
}

/// Decodes every page of a file.
func decodeAll(_ path: String, options: DecodeOptions = DecodeOptions()) throws -> [PageImage] {
    let document = try ImageDecoder(options: options).open(path: path)
    return try (0..<document.pageCount).map { try document.page($0) }
}

/// Decodes every page of bytes in memory.
func decodeAll(bytes: [UInt8], name: String = "memory", options: DecodeOptions = DecodeOptions()) throws -> [PageImage] {
    let document = try ImageDecoder(options: options).open(FileBytes(bytes, name: name))
    return try (0..<document.pageCount).map { try document.page($0) }
}

/// The largest absolute difference between two planes of equal size (Int.max when the sizes differ).
func maxDifference(_ a: [UInt8], _ b: [Int]) -> Int {
    guard a.count == b.count else { return Int.max }
    var worst = 0
    for i in a.indices { worst = max(worst, abs(Int(a[i]) - b[i])) }
    return worst
}

/// The mean absolute difference between two planes of equal size (infinity when the sizes differ).
func meanDifference(_ a: [UInt8], _ b: [Int]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    var total = 0
    for i in a.indices { total += abs(Int(a[i]) - b[i]) }
    return Double(total) / Double(a.count)
}
