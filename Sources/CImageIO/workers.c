/* A few plain threads for the work of one page (TIFF strips): the caller's thread takes part, and no thread of
 * Swift's cooperative pool or of Dispatch's is borrowed or blocked for long. */
#include "CImageIO.h"
#include <pthread.h>
#include <stdlib.h>

typedef struct sf_worker { void (*work)(void *, int); void *context; int index; pthread_t thread; int started; } sf_worker;

static void *sf_worker_run(void *arg) {
    sf_worker *w = arg;
    w->work(w->context, w->index);
    return NULL;
}

int sf_run_workers(int workers, void (*work)(void *context, int worker), void *context) {
    if (workers < 1) return 0;
    if (workers > SF_MAX_WORKERS) workers = SF_MAX_WORKERS;
    sf_worker pool[SF_MAX_WORKERS];
    int threads = 0;
    for (int k = 1; k < workers; k++) {
        pool[k] = (sf_worker){ work, context, k, 0, 0 };
        if (pthread_create(&pool[k].thread, NULL, sf_worker_run, &pool[k]) == 0) { pool[k].started = 1; threads++; }
    }
    work(context, 0);
    /* A worker whose thread could not be had runs here, after the caller's own share. */
    for (int k = 1; k < workers; k++) if (!pool[k].started) work(context, k);
    for (int k = 1; k < workers; k++) if (pool[k].started) pthread_join(pool[k].thread, NULL);
    return threads + 1;
}

#if defined(__GLIBC__)
#include <malloc.h>
#include <limits.h>
int sf_keep_large_buffers(size_t mmap_threshold) {
    if (mmap_threshold > (size_t)INT_MAX) mmap_threshold = (size_t)INT_MAX;
    return mallopt(M_MMAP_THRESHOLD, (int)mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
}
#else
int sf_keep_large_buffers(size_t mmap_threshold) { (void)mmap_threshold; return 0; }
#endif
