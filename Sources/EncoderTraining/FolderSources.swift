import Foundation
import Imaging

/// Image files a folder source accepts.
let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "tif", "tiff"]

/// The image files directly inside `folder`, sorted by name (numerically where names are numbers).
func imageFiles(in folder: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
        .sorted { a, b in
            let (na, nb) = (Int((a as NSString).deletingPathExtension), Int((b as NSString).deletingPathExtension))
            if let na, let nb { return na < nb }
            return a < b
        }
        .map { (folder as NSString).appendingPathComponent($0) }
}

/// Sub-folders of `folder`, sorted (numerically where names are numbers).
func subfolders(of folder: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { name in
        var isDir: ObjCBool = false
        return !name.hasPrefix(".")
            && FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isDir)
            && isDir.boolValue
    }.sorted { a, b in
        if let na = Int(a), let nb = Int(b) { return na < nb }
        return a < b
    }
}

/// Decodes the first page of an image file to a grey crop.
func decodeCrop(_ path: String) throws -> GrayCrop {
    do {
        let page = try ImageDecoder().open(path: path).page(0)
        return GrayCrop(width: page.width, height: page.height, pixels: page.gray, dpi: page.dpiX)
    } catch {
        throw TrainingError.sample(path: path, reason: "\(error)")
    }
}

/// A dataset folder: `<writer>/genuine/*.png` and optionally `<writer>/forged/*.png` (skilled forgeries).
public struct DatasetFolderSource: SignatureSource {
    /// The folder.
    public let root: String
    /// Every sample's file, by sample number.
    public let files: [String]
    /// One identity per writer folder.
    public let identities: [SignatureIdentity]

    /// Scans the folder; throws when no writer has a `genuine` folder with images.
    public init(root: String) throws {
        self.root = root
        let label = (root as NSString).lastPathComponent
        var files: [String] = [], identities: [SignatureIdentity] = []
        for writer in subfolders(of: root) {
            let dir = (root as NSString).appendingPathComponent(writer)
            let genuine = imageFiles(in: (dir as NSString).appendingPathComponent("genuine"))
            let forged = imageFiles(in: (dir as NSString).appendingPathComponent("forged"))
            guard !genuine.isEmpty else { continue }
            let g = Array(files.count..<(files.count + genuine.count))
            files += genuine
            let f = Array(files.count..<(files.count + forged.count))
            files += forged
            identities.append(SignatureIdentity(id: "\(label)/\(writer)", person: "\(label)/\(writer)", genuine: g,
                                                forged: f))
        }
        guard !identities.isEmpty else {
            throw TrainingError.dataFolder(path: root, reason: "no <writer>/genuine/ folder with PNG, JPEG or TIFF images")
        }
        self.files = files
        self.identities = identities
    }

    /// E.g. `dataset folder mydata (120 writers, 2400 genuine, 1800 forged)`.
    public var summary: String {
        let g = identities.reduce(0) { $0 + $1.genuine.count }, f = identities.reduce(0) { $0 + $1.forged.count }
        return "dataset folder \((root as NSString).lastPathComponent) (\(identities.count) writers, \(g) genuine, \(f) forged)"
    }

    /// Decodes the sample's file.
    public func crop(_ sample: Int) throws -> GrayCrop { try decodeCrop(files[sample]) }
}

/// The cross-media Chinese signature set: `experiment/<volunteer>/<1..40>` and `control/<id>/<1..20>`.
///
/// Crop n shows given name ((n − 1) mod 10) + 1, so an identity is (volunteer, name) with up to four genuine crops
/// (paper, tablet, two phone set-ups); the same name by other volunteers shares its `textKey`. There are no skilled
/// forgeries. The control group is read the same way (its crops k and k + 10 taken as the same name).
public struct CrossMediaSource: SignatureSource {
    /// The folder holding `experiment/` and `control/`.
    public let root: String
    /// Every sample's file, by sample number.
    public let files: [String]
    /// One identity per (volunteer, name).
    public let identities: [SignatureIdentity]
    /// Volunteers found.
    public let volunteers: Int

    /// Whether `root` looks like the cross-media layout.
    public static func matches(_ root: String) -> Bool {
        FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent("experiment"))
    }

    /// Scans both groups.
    public init(root: String) throws {
        self.root = root
        var files: [String] = [], identities: [SignatureIdentity] = [], volunteers = 0
        for (group, tag) in [("experiment", "e"), ("control", "c")] {
            let groupDir = (root as NSString).appendingPathComponent(group)
            for volunteer in subfolders(of: groupDir) {
                let all = imageFiles(in: (groupDir as NSString).appendingPathComponent(volunteer))
                guard !all.isEmpty else { continue }
                volunteers += 1
                var byName: [Int: [Int]] = [:]
                for path in all {
                    guard let n = Int(((path as NSString).lastPathComponent as NSString).deletingPathExtension), n >= 1
                    else { continue }
                    byName[(n - 1) % 10 + 1, default: []].append(files.count)
                    files.append(path)
                }
                let person = "cross-media/\(tag)\(volunteer)"
                for name in byName.keys.sorted() {
                    identities.append(SignatureIdentity(id: "\(person)/name\(name)", person: person,
                                                        textKey: "cross-media/name\(name)", genuine: byName[name] ?? []))
                }
            }
        }
        guard !identities.isEmpty else {
            throw TrainingError.dataFolder(path: root, reason: "no experiment/<volunteer>/<n>.png crops")
        }
        self.files = files
        self.identities = identities
        self.volunteers = volunteers
    }

    /// E.g. `cross-media signatures (111 volunteers, 4219 crops)`.
    public var summary: String { "cross-media signatures (\(volunteers) volunteers, \(files.count) crops)" }

    /// Decodes the sample's file.
    public func crop(_ sample: Int) throws -> GrayCrop { try decodeCrop(files[sample]) }
}
