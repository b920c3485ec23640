#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
#include <cblas.h>
#include <stddef.h>

/* LAPACK's generalized symmetric-definite eigensolver, which libopenblas carries (Debian's OpenBLAS -dev packages
 * install no LAPACK header). Fortran calling convention: every argument by pointer, matrices column-major, the two
 * hidden lengths of the character arguments last. */
void dsygv_(const int *itype, const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *b, const int *ldb, double *w, double *work, const int *lwork, int *info,
            size_t jobz_length, size_t uplo_length);

#endif
