import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS 0.3.21 (Debian 12) does not recognise this machine's CPU model and falls back to its `Prescott` (SSE3)
/// kernels, 2–3x slower than the AVX-512 ones. It reads `OPENBLAS_CORETYPE` only when the library loads, before any
/// Swift code runs, so the only fix from inside the program is to start it again with the variable set.
public enum BLASCoreSelection {
    /// The kernel family this CPU supports, when OpenBLAS picked a weaker one and the user set none.
    public static func betterCoreType(cpuFlags: Set<String>, current: String,
                                      environment: [String: String]) -> String? {
        guard environment["OPENBLAS_CORETYPE"] == nil else { return nil }
        let weak: Set<String> = ["prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "unknown"]
        guard weak.contains(current.lowercased()) else { return nil }
        if cpuFlags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if cpuFlags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The CPU feature flags from /proc/cpuinfo (empty where unreadable).
    public static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return [] }
        return Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
    }

    /// Starts this program again (same arguments) with `OPENBLAS_CORETYPE` set when OpenBLAS misdetected the CPU.
    /// Returns (and the program goes on with the slow kernels) when nothing needs doing or the relaunch fails.
    /// Setting `OPENBLAS_CORETYPE` yourself (any value) turns this off.
    public static func relaunchIfMisdetected() {
        let env = ProcessInfo.processInfo.environment
        guard let core = betterCoreType(cpuFlags: cpuFlags(), current: BLAS.coreName, environment: env) else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        let args = CommandLine.arguments
        var cArgs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
        cArgs.append(nil)
        execv("/proc/self/exe", &cArgs)
        // Only reached when execv failed: free the copies and carry on.
        for p in cArgs { free(p) }
    }
}
