/// One progress report of a training run (printed on stderr by the command).
public struct TrainingProgress: Sendable {
    /// What happened.
    public enum Event: Sendable {
        /// Data scanned, split made, about to validate the untrained network.
        case prepared(split: String, pairsPerEpoch: Int, stepsPerEpoch: Int)
        /// Training and validation samples decoded and normalised up front, on the configured threads.
        case preloaded(images: Int, seconds: Double)
        /// Validation figures of the untrained network (the random-weights baseline) or of the final one.
        case validated(ValidationReport, initial: Bool)
        /// A step finished (reported every few seconds and at the end of each epoch).
        case step
        /// A checkpoint was written.
        case checkpoint(path: String)
        /// Resumed from a checkpoint.
        case resumed(path: String, epoch: Int, step: Int)
    }

    /// The event.
    public var event: Event
    /// Epoch (1-based) and the total.
    public var epoch: Int, epochs: Int
    /// Step within the epoch (1-based) and steps per epoch.
    public var step: Int, stepsPerEpoch: Int
    /// Mean loss and pair accuracy over the steps since the last report.
    public var loss: Double, pairAccuracy: Double
    /// Training images per second in this session (forward and backward, both sides of each pair).
    public var imagesPerSecond: Double
    /// Seconds left at the current speed.
    public var etaSeconds: Double
    /// The learning rate of the last step.
    public var learningRate: Float
    /// Mean seconds per step in each phase since the last report.
    public var phases: StepPhases
}

/// Where a training step's time goes.
public struct StepPhases: Sendable {
    /// Loading, augmenting and stacking the images.
    public var data = 0.0
    /// Forward pass and loss.
    public var forward = 0.0
    /// Backward pass.
    public var backward = 0.0
    /// Optimiser update.
    public var update = 0.0

    /// Each phase divided by `steps`.
    func perStep(_ steps: Int) -> StepPhases {
        let n = Double(max(steps, 1))
        return StepPhases(data: data / n, forward: forward / n, backward: backward / n, update: update / n)
    }
}

/// What a finished run produced.
public struct TrainingOutcome: Sendable {
    /// The model file written; nil when the run was stopped early (a checkpoint was written instead).
    public var modelPath: String?
    /// Validation before training (random weights), and after (nil when stopped early).
    public var initial: ValidationReport, final: ValidationReport?
    /// Training seconds over all sessions, images seen, and seconds per epoch (mean).
    public var trainingSeconds: Double, images: Int, secondsPerEpoch: Double
}
