// swift-tools-version:6.0
import PackageDescription

/// SignatureForensics: a batch pipeline for forensic signature comparison.
///
/// Dependencies point one way: CLI → Pipeline → (Scoring, TwinEncoder, Preprocessing, Imaging, Synthesis)
/// → C module targets. Only Imaging and TwinEncoder (and later the store and report targets) touch C.
let package = Package(
    name: "SignatureForensics",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sigforensics", targets: ["SigForensicsCLI"]),
        .library(name: "SignatureForensics", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // MARK: C libraries (headers and link flags only)
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev", "libxslt1-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // The C side of image I/O: owns every setjmp (libjpeg, libpng) and the per-handle libtiff handlers.
        .target(name: "CImageIO", dependencies: ["CTIFF", "CJPEG", "CPNG"]),
        // The encoder's memory-bound kernels around SGEMM (im2col, bias copy, pooling), built per CPU level.
        .target(name: "CTensorKernels"),
        // Preprocessing's page-sized loops (histogram, threshold, run extraction and labelling), built per CPU level.
        .target(name: "CMaskKernels"),

        // MARK: Libraries, one per concern
        .target(name: "Imaging", dependencies: ["CImageIO", "CTIFF"]),
        .target(name: "Preprocessing", dependencies: ["CMaskKernels", "Imaging", "XMLIO"]),
        .target(name: "Randomness"),
        .target(name: "TwinEncoder", dependencies: ["COpenBLAS", "CTensorKernels", "Randomness"]),
        .target(name: "EncoderTraining", dependencies: ["TwinEncoder", "Imaging", "Scoring", "Randomness"]),
        .target(name: "Scoring", dependencies: ["Randomness"]),
        .target(name: "Digest"),
        .target(name: "XMLIO", dependencies: ["CLibXML2"]),
        .target(name: "Synthesis", dependencies: ["Imaging", "XMLIO"]),
        .target(name: "Pipeline", dependencies: [
            "Digest", "Imaging", "Preprocessing", "TwinEncoder", "EncoderTraining", "Scoring", "Synthesis",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // MARK: The command
        .executableTarget(name: "SigForensicsCLI", dependencies: [
            "Pipeline", "Imaging", "Preprocessing", "TwinEncoder", "EncoderTraining", "Scoring", "Synthesis",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // MARK: The decoders' libFuzzer target (see README: built with -sanitize=fuzzer -DFUZZING); a plain build
        // makes a replay tool that runs files through the same harness.
        .executableTarget(name: "DecoderFuzzer", dependencies: ["Imaging"], exclude: ["build-instrumented-libs.sh"]),

        // MARK: Tests, one target per library target
        .testTarget(name: "DigestTests", dependencies: ["Digest"]),
        .testTarget(name: "PipelineTests", dependencies: [
            "Pipeline", "Digest", "Imaging", "Preprocessing", "TwinEncoder", "EncoderTraining", "Synthesis",
        ]),
        .testTarget(name: "XMLIOTests", dependencies: ["XMLIO"]),
        .testTarget(name: "SynthesisTests", dependencies: ["Synthesis", "Imaging", "XMLIO"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Randomness"]),
        .testTarget(name: "PreprocessingTests", dependencies: ["Preprocessing", "Imaging", "XMLIO"],
                    exclude: ["Support/peer_locate_time.py"]),
        .testTarget(name: "EncoderTrainingTests", dependencies: ["EncoderTraining", "TwinEncoder", "Imaging", "Randomness"],
                    exclude: ["Support/cross_media_heldout.py", "Support/checkpoint_model.py",
                             "Support/seen_writer_sets.py"]),
        .testTarget(name: "TwinEncoderTests", dependencies: ["TwinEncoder", "Randomness"], exclude: ["Support/convert_peer_onnx.py",
                                                                                             "Support/encoder_vs_ort.sh"]),
        // Regressions/ holds fuzzer findings read by path (#filePath), not bundled as resources.
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"], exclude: ["Regressions"]),
    ]
)
