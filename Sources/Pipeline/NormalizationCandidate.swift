import Foundation
import Preprocessing

/// A normalisation recipe under measurement: one a pipeline definition may name (`sigver`, `stretch`, `binary`,
/// `pen-independent`), or a stroke redraw at another width, `redraw-W` with W in millimetres (`redraw-0.6`: ink
/// black, strokes thinned and redrawn 0.6 mm wide), to find the width worth offering.
public struct NormalizationCandidate: Sendable, Equatable {
    /// The name it was asked for by.
    public var name: String
    /// The recipe.
    public var parameters: NormalizationParameters

    /// A candidate.
    public init(name: String, parameters: NormalizationParameters) {
        self.name = name
        self.parameters = parameters
    }

    /// The recipes a pipeline definition may name.
    public static let definitionRecipes = PipelineDefinition.PreprocessSection.Normalization.allCases.map {
        NormalizationCandidate(name: $0.rawValue, parameters: $0.parameters)
    }

    /// The candidate named `name`; nil when the name is neither a definition recipe nor `redraw-W` with W in
    /// 0.05…3 mm.
    public static func named(_ name: String) -> NormalizationCandidate? {
        if let recipe = PipelineDefinition.PreprocessSection.Normalization(rawValue: name) {
            return NormalizationCandidate(name: name, parameters: recipe.parameters)
        }
        guard name.hasPrefix("redraw-"), let mm = Double(name.dropFirst("redraw-".count)), (0.05...3).contains(mm) else {
            return nil
        }
        var p = NormalizationParameters.penIndependent
        p.strokeWidth = .redraw(widthInches: mm / 25.4)
        return NormalizationCandidate(name: name, parameters: p)
    }
}
