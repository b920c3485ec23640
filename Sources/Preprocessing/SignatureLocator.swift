import Imaging

/// Settings of location; every constant that decides what is found lives here or in `CleaningParameters`.
public struct LocatorParameters: Sendable, Equatable, Codable {
    /// How pages are binarised.
    public var binarization = BinarizationMethod.automatic
    /// How they are cleaned.
    public var cleaning = CleaningParameters()
    /// Candidates at or above this confidence are signatures.
    public var acceptConfidence = 0.5
    /// Smallest image side, in pixels, that can hold a signature.
    public var minImageSide = 48
    /// Smallest difference between Otsu's class means for ink to be real (below: blank paper and noise).
    public var minInkContrast = 40.0
    /// Share of dark pixels (grey ≤ 64) above which a page is called all black.
    public var allBlackShare = 0.9

    /// The defaults.
    public init() {}
}

/// Finds signatures on a page: binarise, clean, group the components that are not print into regions, score them.
public struct SignatureLocator: Sendable {
    /// The settings.
    public var parameters: LocatorParameters
    /// The scorer.
    public var scorer = SignatureScorer()

    /// A locator with `parameters`.
    public init(parameters: LocatorParameters = LocatorParameters()) {
        self.parameters = parameters
    }

    /// Locates the signatures on `page`; with `region` (from a manifest) returns that region tightened to its ink.
    public func locate(_ page: PageImage, region: PixelBox? = nil) -> LocationResult {
        let resolution = PageResolution.of(page)
        var result = LocationResult(resolution: resolution, binarization: "", otsuThreshold: -1, candidates: [],
                                    signatures: [], noSignature: nil, clean: nil)
        if page.width < parameters.minImageSide || page.height < parameters.minImageSide {
            result.noSignature = .tinyImage(width: page.width, height: page.height)
            return result
        }
        let histogram = page.gray.withUnsafeBufferPointer {
            OtsuThreshold.pageHistogram($0.baseAddress!, width: page.width, height: page.height)
        }
        let samples = histogram.reduce(0, +)
        let dark = histogram[0...64].reduce(0, +)
        if samples > 0 && Double(dark) >= parameters.allBlackShare * Double(samples) {
            result.noSignature = .allBlack(darkShare: Double(dark) / Double(samples))
            return result
        }
        var binarized = Binarizer(method: parameters.binarization).binarize(page, dpi: resolution.dpi, histogram: histogram)
        // Move the mask out so cleaning edits it in place instead of copying 1 byte per pixel.
        var mask = InkMask(width: 0, height: 0)
        swap(&mask, &binarized.mask)
        result.binarization = binarized.applied + (binarized.reason.isEmpty ? "" : " (\(binarized.reason))")
        result.otsuThreshold = binarized.otsu.threshold
        if binarized.otsu.threshold < 0 || binarized.otsu.lightMean - binarized.otsu.darkMean < parameters.minInkContrast {
            result.noSignature = .blankPage
            return result
        }
        let clean = PageCleaner(parameters: parameters.cleaning).clean(consume mask, runs: binarized.runs, page: page,
                                                                       dpi: resolution.dpi)
        result.clean = clean
        if let region {
            return tightened(region, clean: clean, result: result)
        }
        if clean.kept.isEmpty {
            result.noSignature = .blankPage
            return result
        }
        result.candidates = candidates(clean, dpi: resolution.dpi, width: page.width, height: page.height)
        result.signatures = SignatureLocator.joiningOverlaps(
            result.candidates.filter { $0.confidence >= parameters.acceptConfidence })
        // The joined signatures replace their parts in the candidate list, so every signature is a candidate.
        result.candidates = (result.signatures + result.candidates.filter { $0.confidence < parameters.acceptConfidence })
            .sorted { ($0.confidence, -$0.box.y, -$0.box.x) > ($1.confidence, -$1.box.y, -$1.box.x) }
        if result.signatures.isEmpty {
            result.noSignature = .printOnly(regions: result.candidates.count, bestConfidence: result.candidates.first?.confidence ?? 0)
        }
        return result
    }

    /// Every candidate region of a cleaned page, most confident first.
    public func candidates(_ clean: CleanPage, dpi: Double, width: Int, height: Int) -> [SignatureCandidate] {
        let comps = clean.components.components
        let textHeight = TextLineFinder.estimateTextHeight(comps, kept: clean.kept, dpi: dpi, fallback: 0.1 * dpi)
        let signatureLines = SignatureLocator.signatureLines(of: clean, dpi: dpi)
        let (_, isPrint) = TextLineFinder(textHeight: textHeight).find(comps, kept: clean.kept, signatureLines: signatureLines)
        let regionsFinder = CandidateRegions(comps: clean.components, mask: clean.mask, dpi: dpi, textHeight: textHeight,
                                             pageWidth: width, pageHeight: height)
        // Handwriting candidates: everything that is not print and not a dot-sized fragment of it.
        let minSide = Int(0.04 * dpi)
        // Flat slivers no taller than a ruled line are what line removal left of a slanted line, not writing, unless
        // they hold a straight stroke kept beside a signature line (its signature's underline).
        let sliver = max(2, Int((parameters.cleaning.maxLineThicknessInches * dpi).rounded()))
        let gap = Int(parameters.cleaning.strokeBesideLineInches * dpi)
        let underlines = clean.strokesBesideLines.filter { s in
            signatureLines.contains { RuledLineRemover.lies(s, beside: $0, gap: gap) }
        }
        var loose = clean.kept.filter {
            let b = comps[$0].box
            let flat = b.height <= sliver && b.width >= 4 * b.height
            return !isPrint[$0] && max(b.width, b.height) >= minSide
                && (!flat || underlines.contains { $0.intersectionArea(b) > 0 })
        }
        let framed = regionsFinder.framesAndContents(loose, among: clean.kept)
        if !framed.isEmpty { loose.removeAll { framed.contains($0) } }
        let printCentres = clean.kept.filter { isPrint[$0] }.map {
            (comps[$0].box.x + comps[$0].box.width / 2, comps[$0].box.y + comps[$0].box.height / 2)
        }
        var found: [SignatureCandidate] = []
        for region in regionsFinder.group(loose, signatureLines: signatureLines) {
            let f = regionsFinder.features(region, signatureLines: signatureLines, printCentres: printCentres)
            let line = signatureLines.first { CandidateRegions.sits(region.box, on: $0, dpi: dpi) }
            found.append(SignatureCandidate(box: region.box, confidence: 0, source: .automatic, features: f,
                                            signatureLine: line))
        }
        let largest = found.map(\.box.area).max() ?? 1
        for i in found.indices {
            let share = Double(found[i].box.area) / Double(max(1, largest))
            found[i].features?.shareOfLargest = share
            if let f = found[i].features { found[i].confidence = scorer.confidence(f) }
        }
        // A page with signature lines: handwriting that is on none of them (dates, initials, notes) must stand on
        // its own features alone, with the lines' absence counted against it.
        let lined = found.contains { $0.features?.onSignatureLine == true && $0.confidence >= parameters.acceptConfidence }
        if lined {
            for i in found.indices where found[i].features?.onSignatureLine == false {
                found[i].features?.offLineOnLinedPage = true
                if let f = found[i].features { found[i].confidence = scorer.confidence(f) }
            }
        }
        found.sort { ($0.confidence, -$0.box.y, -$0.box.x) > ($1.confidence, -$1.box.y, -$1.box.x) }
        return found
    }

    /// The signature lines of a cleaned page (`CandidateRegions.signatureLines`) among its removed lines, leaving out
    /// the top and bottom edges of the stamp frames removed (they went with the ruled lines, and what the stamp left
    /// on its bottom edge is not a signature on a line).
    static func signatureLines(of clean: CleanPage, dpi: Double) -> [PixelBox] {
        let slack = max(2, Int(0.04 * dpi))
        let frames = clean.stampFrames.map { $0.bounds.expanded(dx: slack, dy: slack) }
        return CandidateRegions.signatureLines(clean.lines.filter { l in !frames.contains { $0.contains(l.box) } }, dpi: dpi)
    }

    /// Accepted signatures whose boxes overlap by at least 5% of the smaller box are parts of one signature (a long
    /// loop or flourish that reached into its neighbour's box, beyond the grouping distance): they become one, with
    /// the higher confidence. Two signatures side by side (co-signers) may touch at their edges and stay apart, and
    /// two that sit on signature lines side by side stay apart however far one reaches into the other's box (lines
    /// one above the other do not part them: a long straight underline of the signature may itself pass for one).
    /// Before joining, a box wholly under a signature's line that overlaps that signature is dropped (`whollyUnder`).
    static func joiningOverlaps(_ accepted: [SignatureCandidate]) -> [SignatureCandidate] {
        func overlap(_ a: SignatureCandidate, _ b: SignatureCandidate) -> Bool {
            20 * a.box.intersectionArea(b.box) >= min(a.box.area, b.box.area)
        }
        // What lies wholly under a signature's line and overlaps the signature goes: it is the line's printed name or
        // date with the signature's flourish reaching into it, not a signature of its own.
        let lined = accepted.filter { $0.signatureLine != nil }
        let kept = accepted.filter { c in !lined.contains { $0.box != c.box && whollyUnder(c.box, $0.signatureLine) && overlap(c, $0) } }
        var joined: [SignatureCandidate] = []
        for candidate in kept {
            var merged = candidate
            while let i = joined.firstIndex(where: {
                !sideBySide($0.signatureLine, merged.signatureLine) && overlap($0, merged)
            }) {
                let other = joined.remove(at: i)
                let features = other.confidence >= merged.confidence ? other.features : merged.features
                merged = SignatureCandidate(box: other.box.union(merged.box), confidence: max(other.confidence, merged.confidence),
                                            source: merged.source, features: features,
                                            signatureLine: merged.signatureLine ?? other.signatureLine)
            }
            joined.append(merged)
        }
        return joined.sorted { ($0.confidence, -$0.box.y, -$0.box.x) > ($1.confidence, -$1.box.y, -$1.box.x) }
    }

    /// Whether `box` lies wholly under the signature line `line` (what is written under a signature's line, a date or
    /// the printed name with whatever handwriting joined it, is not part of the signature, however far the signature's
    /// flourish reaches down into it).
    static func whollyUnder(_ box: PixelBox, _ line: PixelBox?) -> Bool {
        guard let line else { return false }
        return box.y > line.maxY
    }

    /// Whether two signature lines lie side by side (no column in common).
    static func sideBySide(_ a: PixelBox?, _ b: PixelBox?) -> Bool {
        guard let a, let b else { return false }
        return a.maxX <= b.x || b.maxX <= a.x
    }

    private func tightened(_ region: PixelBox, clean: CleanPage, result: LocationResult) -> LocationResult {
        var result = result
        guard let box = clean.mask.inkBounds(in: region) else {
            result.noSignature = .emptyRegion(region)
            return result
        }
        let candidate = SignatureCandidate(box: box, confidence: 1, source: .manifest, features: nil)
        result.candidates = [candidate]
        result.signatures = [candidate]
        return result
    }
}
