import COpenBLAS

/// The thin layer over OpenBLAS: every call into the C library goes through here.
public enum BLAS {
    /// Sets the size of OpenBLAS's one process-wide thread pool (`openblas_set_num_threads`).
    ///
    /// The pool is shared by everything in the process: whoever runs the encoder decides how many cores it takes.
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The current size of OpenBLAS's thread pool (`openblas_get_num_threads`).
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// The kernel family OpenBLAS picked for this CPU (`openblas_get_corename`).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Row-major C = alpha·op(A)·op(B) + beta·C (`cblas_sgemm`); op transposes when asked.
    @inline(__always)
    static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension BLAS {
    /// Row-major C = Aᵀ·A for an n × d matrix A, in double precision (`cblas_dsyrk`, upper triangle, then mirrored).
    static func gram(_ a: [Double], rows n: Int, columns d: Int) -> [Double] {
        var c = [Double](repeating: 0, count: d * d)
        guard n > 0, d > 0 else { return c }
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(n), 1, a, Int32(d), 0, &c, Int32(d))
        for i in 0..<d { for j in 0..<i { c[i * d + j] = c[j * d + i] } }
        return c
    }

    /// Solves A·z = λ·B·z for symmetric A and symmetric positive definite B, both d × d (`dsygv`, LAPACK in
    /// OpenBLAS): the eigenvalues in ascending order and the eigenvectors as the rows of a d × d row-major matrix,
    /// scaled so that zᵀ·B·z = 1. Throws when B is not positive definite or the solver does not converge.
    static func generalizedSymmetricEigen(_ a: [Double], _ b: [Double], size d: Int) throws(EncoderError)
        -> (values: [Double], vectors: [Double]) {
        precondition(a.count == d * d && b.count == d * d)
        var matrix = a, metric = b, values = [Double](repeating: 0, count: d)
        var n = Int32(d), itype: Int32 = 1, lwork: Int32 = -1, info: Int32 = 0, query = 0.0
        // Symmetric inputs read the same in either storage order; column-major output holds eigenvector i in
        // column i, which row-major reading sees as row i.
        dsygv_(&itype, "V", "U", &n, &matrix, &n, &metric, &n, &values, &query, &lwork, &info, 1, 1)
        guard info == 0 else { throw .invalidArgument("LAPACK dsygv refused its workspace query (info \(info))") }
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: Int(lwork))
        dsygv_(&itype, "V", "U", &n, &matrix, &n, &metric, &n, &values, &work, &lwork, &info, 1, 1)
        if info > n {
            throw .invalidArgument("the within-writer scatter is not positive definite (LAPACK dsygv info \(info)); raise the regularisation")
        }
        guard info == 0 else { throw .invalidArgument("LAPACK dsygv did not converge (info \(info))") }
        return (values, matrix)
    }
}
