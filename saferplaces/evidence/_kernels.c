/* The evidence engine's hot loops, compiled once when the package is installed (setup.py builds this
 * file as saferplaces/evidence/_kernels.*.so; saferplaces/evidence/_compiled.py loads it with ctypes).
 *
 * Why C and not a just-in-time compiler: the first call of a command on a fresh install must not wait
 * for compilation (numba took 17-47 s here). Plain C with the integer and IEEE double arithmetic
 * spelled out gives the same numbers on every machine; no -ffast-math, and -ffp-contract=off so that
 * no multiply-add is fused (setup.py), which keeps every sum bit for bit what the Python reference
 * tests compute.
 *
 * No Python.h: ctypes passes plain pointers and releases the GIL during each call, so the Python side
 * runs independent ranges of work on threads. Every function works on a range [lo, hi) of its outer
 * loop for that purpose; the results never depend on how the ranges are split.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h> /* first, as Python's headers require; only for the empty module at the end */

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------------ */
/* SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators", OOPSLA). */

#define GOLDEN 0x9E3779B97F4A7C15ULL

static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static const double PI = 3.141592653589793; /* the double nearest pi, as Python's math.pi */
static const double TO_UNIT = 1.0 / 9007199254740992.0; /* 2 ** -53 */

/* ------------------------------------------------------------------------------------------------ */
/* Near repeats: close pairs on a grid of cells as wide as the last distance edge.                   */

/* Index i with edges[i] <= value < edges[i + 1]; -1 outside the edges. */
static inline int64_t band_f64(double value, const double *edges, int64_t nedges) {
    if (value < edges[0]) return -1;
    for (int64_t i = 0; i < nedges - 1; i++)
        if (value < edges[i + 1]) return i;
    return -1;
}

static inline int64_t band_i64(int64_t value, const int64_t *edges, int64_t nedges) {
    if (value < edges[0]) return -1;
    for (int64_t i = 0; i < nedges - 1; i++)
        if (value < edges[i + 1]) return i;
    return -1;
}

/* First index with keys[index] >= key (side="left" of numpy.searchsorted). */
static int64_t lower_bound(const int64_t *keys, int64_t n, int64_t key) {
    int64_t lo = 0, hi = n;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (keys[mid] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
}

/* Count (fill == 0) or write (fill != 0) the later neighbours of events lo..hi-1, by band.
 *
 * Events are sorted by keys = cx * stride + cy, so all neighbours of an event lie in three key ranges:
 * columns cx - 1, cx and cx + 1, rows cy - 1 to cy + 1 of each. counts has n * bands entries; offsets
 * n * bands + 1 (their running sum); out is uint16 (wide == 0) or int32 (wide != 0). */
void sp_pair_rows(int64_t n, const double *x, const double *y, const int64_t *keys, const int64_t *cx,
                  const int64_t *cy, int64_t stride, const double *edges, int64_t nedges, int32_t manhattan,
                  int64_t *counts, const int64_t *offsets, void *out, int32_t wide, int32_t fill,
                  int64_t lo, int64_t hi) {
    int64_t nbands = nedges - 1;
    double reach = edges[nedges - 1];
    /* a cheap test on the squared distance rejects most candidates before the square root; it is
     * loose by a relative 1e-9 so that the exact test below alone decides pairs at the last edge */
    double reach2 = reach * reach * (1.0 + 1e-9);
    int64_t *cursor = fill ? malloc(sizeof(int64_t) * (size_t)nbands) : NULL;
    for (int64_t i = lo; i < hi; i++) {
        if (fill) memcpy(cursor, offsets + i * nbands, sizeof(int64_t) * (size_t)nbands);
        double xi = x[i], yi = y[i];
        for (int64_t dc = -1; dc <= 1; dc++) {
            int64_t column = cx[i] + dc;
            int64_t first = lower_bound(keys, n, column * stride + cy[i] - 1);
            int64_t last = lower_bound(keys, n, column * stride + cy[i] + 2);
            if (first < i + 1) first = i + 1;
            for (int64_t j = first; j < last; j++) {
                double dx = x[j] - xi, dy = y[j] - yi, d;
                if (manhattan) {
                    d = fabs(dx) + fabs(dy);
                    if (d >= reach) continue;
                } else {
                    double d2 = dx * dx + dy * dy;
                    if (d2 > reach2) continue;
                    d = sqrt(d2);
                }
                int64_t b = band_f64(d, edges, nedges);
                if (b < 0) continue;
                if (fill) {
                    if (wide) ((int32_t *)out)[cursor[b]] = (int32_t)j;
                    else ((uint16_t *)out)[cursor[b]] = (uint16_t)j;
                    cursor[b]++;
                } else {
                    counts[i * nbands + b]++;
                }
            }
        }
    }
    free(cursor);
}

static inline int64_t neighbour(const void *neighbours, int32_t wide, int64_t p) {
    return wide ? (int64_t)((const int32_t *)neighbours)[p] : (int64_t)((const uint16_t *)neighbours)[p];
}

/* Pairs per (distance band, time band) with the dates as they are; table is nbands x (ntedges - 1),
 * zeroed by the caller. */
void sp_observed_counts(int64_t n, const int64_t *times, const int64_t *offsets, const void *neighbours,
                        int32_t wide, int64_t nbands, const int64_t *time_edges, int64_t ntedges,
                        int64_t *table) {
    int64_t ntbands = ntedges - 1;
    for (int64_t i = 0; i < n; i++)
        for (int64_t b = 0; b < nbands; b++)
            for (int64_t p = offsets[i * nbands + b]; p < offsets[i * nbands + b + 1]; p++) {
                int64_t gap = llabs(times[i] - times[neighbour(neighbours, wide, p)]);
                int64_t k = band_i64(gap, time_edges, ntedges);
                if (k >= 0) table[b * ntbands + k]++;
            }
}

/* Permutations handled together in one pass over the pair list: each event's permuted dates for a
 * block are one row of 64 whole numbers, compared lane by lane with vector instructions. */
#define BLOCK 64

/* Dates are whole numbers from 0 (the earliest) up, so their differences are exact in any integer
 * type that holds the latest. Below 2**15 (89 years of days) they are int16, which doubles the lanes
 * per vector instruction over int32; the per-lane tallies then have the same type and are flushed
 * into int64 totals before they could overflow (every 32,767 pairs; int32: every 2**30). */

/* Fisher-Yates shuffle of times (one permutation per seed) into column lane of table. The bounded
 * draw is Lemire's multiply-shift on the top 32 bits, without rejection: a relative bias of at most
 * n / 2**32 (1e-5 at 50,000 events), far below Monte Carlo error. */
#define DEFINE_SHUFFLE(NAME, LANE)                                                                    \
    static void NAME(int64_t n, const int32_t *times, uint64_t seed, LANE *scratch, LANE *table,      \
                     int64_t lane) {                                                                  \
        for (int64_t i = 0; i < n; i++) scratch[i] = (LANE)times[i];                                  \
        uint64_t state = seed;                                                                        \
        for (int64_t i = n - 1; i > 0; i--) {                                                         \
            state += GOLDEN;                                                                          \
            uint64_t z = mix64(state);                                                                \
            int64_t k = (int64_t)(((z >> 32) * (uint64_t)(i + 1)) >> 32);                             \
            LANE held = scratch[i];                                                                   \
            scratch[i] = scratch[k];                                                                  \
            scratch[k] = held;                                                                        \
        }                                                                                             \
        for (int64_t i = 0; i < n; i++) table[i * BLOCK + lane] = scratch[i];                         \
    }

/* acc[k * BLOCK + lane] += #{p in [lo, hi): |now[lane] - table[neighbour p, lane]| < edges[k]}.
 * Written once per index type so that the lane loop holds no branch and compiles to vector compares. */
#define TALLY(INDEX, LANE)                                                                            \
    for (int64_t p = lo; p < hi; p++) {                                                               \
        const LANE *restrict row = table + (int64_t)((const INDEX *)neighbours)[p] * BLOCK;           \
        LANE gap[BLOCK];                                                                              \
        for (int lane = 0; lane < BLOCK; lane++) {                                                    \
            LANE d = (LANE)(now[lane] - row[lane]);                                                   \
            gap[lane] = d < 0 ? (LANE)-d : d;                                                         \
        }                                                                                             \
        for (int64_t k = 0; k < nedges; k++) {                                                        \
            LANE edge = edges[k];                                                                     \
            LANE *restrict a = acc + k * BLOCK;                                                       \
            for (int lane = 0; lane < BLOCK; lane++) a[lane] += (LANE)(gap[lane] < edge);             \
        }                                                                                             \
    }

/* Cumulative counts #(time gap < edge) for the permutations of blocks [block_lo, block_hi): out is
 * (nperm, nbands, nedges) int64; permutation q shuffles the dates with seeds[q]. Returns 0, or -1
 * when memory ran out. One copy per instruction set, chosen when the library loads (GCC's
 * target_clones): integer compares are exact, so every copy gives the same counts. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

#define DEFINE_SIMULATED(NAME, LANE, LIMIT, SHUFFLE)                                                  \
    DEFINE_SHUFFLE(SHUFFLE, LANE)                                                                     \
    static inline __attribute__((always_inline)) void NAME##_tally(const LANE *restrict now,        \
                                                                   const LANE *restrict table,       \
                             const void *neighbours, int32_t wide, int64_t lo, int64_t hi,            \
                             const LANE *edges, int64_t nedges, LANE *restrict acc) {                 \
        if (wide) {                                                                                   \
            TALLY(int32_t, LANE)                                                                      \
        } else {                                                                                      \
            TALLY(uint16_t, LANE)                                                                     \
        }                                                                                             \
    }                                                                                                 \
    CLONES int32_t NAME(int64_t n, const int32_t *times, const int64_t *offsets,                      \
                        const void *neighbours, int32_t wide, int64_t nbands, const int32_t *edges32, \
                        int64_t nedges, const uint64_t *seeds, int64_t nperm, int64_t block_lo,       \
                        int64_t block_hi, int64_t *out) {                                             \
        int64_t cells = nbands * nedges * BLOCK;                                                      \
        LANE *table = malloc(sizeof(LANE) * (size_t)(n * BLOCK));                                     \
        LANE *scratch = malloc(sizeof(LANE) * (size_t)n);                                             \
        int64_t *total = malloc(sizeof(int64_t) * (size_t)cells);                                     \
        LANE *acc = malloc(sizeof(LANE) * (size_t)cells);                                             \
        int64_t *pending = malloc(sizeof(int64_t) * (size_t)nbands);                                  \
        LANE *edges = malloc(sizeof(LANE) * (size_t)nedges);                                          \
        int32_t status = 0;                                                                           \
        if (!table || !scratch || !total || !acc || !pending || !edges) {                             \
            status = -1;                                                                              \
            goto done;                                                                                \
        }                                                                                             \
        for (int64_t k = 0; k < nedges; k++) edges[k] = (LANE)edges32[k];                             \
        for (int64_t block = block_lo; block < block_hi; block++) {                                   \
            for (int64_t lane = 0; lane < BLOCK; lane++) {                                            \
                int64_t q = block * BLOCK + lane;                                                     \
                if (q > nperm - 1) q = nperm - 1; /* spare lanes of the last block repeat a seed */   \
                SHUFFLE(n, times, seeds[q], scratch, table, lane);                                    \
            }                                                                                         \
            memset(total, 0, sizeof(int64_t) * (size_t)cells);                                        \
            memset(acc, 0, sizeof(LANE) * (size_t)cells);                                             \
            memset(pending, 0, sizeof(int64_t) * (size_t)nbands);                                     \
            for (int64_t i = 0; i < n; i++) {                                                         \
                const LANE *now = table + i * BLOCK;                                                  \
                for (int64_t b = 0; b < nbands; b++) {                                                \
                    int64_t start = offsets[i * nbands + b], stop = offsets[i * nbands + b + 1];      \
                    LANE *acc_b = acc + b * nedges * BLOCK;                                           \
                    int64_t *total_b = total + b * nedges * BLOCK;                                    \
                    while (start < stop) {                                                            \
                        int64_t upto = stop < start + (LIMIT) ? stop : start + (LIMIT);               \
                        if (pending[b] + (upto - start) > (LIMIT)) {                                  \
                            for (int64_t m = 0; m < nedges * BLOCK; m++) {                            \
                                total_b[m] += acc_b[m];                                               \
                                acc_b[m] = 0;                                                         \
                            }                                                                         \
                            pending[b] = 0;                                                           \
                        }                                                                             \
                        NAME##_tally(now, table, neighbours, wide, start, upto, edges, nedges,        \
                                     acc_b);                                                          \
                        pending[b] += upto - start;                                                   \
                        start = upto;                                                                 \
                    }                                                                                 \
                }                                                                                     \
            }                                                                                         \
            for (int64_t m = 0; m < cells; m++) total[m] += acc[m];                                   \
            for (int64_t lane = 0; lane < BLOCK; lane++) {                                            \
                int64_t q = block * BLOCK + lane;                                                     \
                if (q >= nperm) break;                                                                \
                for (int64_t b = 0; b < nbands; b++)                                                  \
                    for (int64_t k = 0; k < nedges; k++)                                              \
                        out[(q * nbands + b) * nedges + k] = total[(b * nedges + k) * BLOCK + lane];  \
            }                                                                                         \
        }                                                                                             \
    done:                                                                                             \
        free(table);                                                                                  \
        free(scratch);                                                                                \
        free(total);                                                                                  \
        free(acc);                                                                                    \
        free(pending);                                                                                \
        free(edges);                                                                                  \
        return status;                                                                                \
    }

DEFINE_SIMULATED(sp_simulated_counts_i16, int16_t, 32767, shuffle_i16)
DEFINE_SIMULATED(sp_simulated_counts_i32, int32_t, (1LL << 30), shuffle_i32)

/* ------------------------------------------------------------------------------------------------ */
/* Conditional permutation of local statistics (Anselin 1995); see saferplaces/evidence/_permute.py. */

/* rows independent uniform samples of width distinct integers from [0, others) into table
 * (rows x width, int32: the table is read once per unit, so its size, not the arithmetic, sets the
 * pace; others < 2**31); returns the generator's state after the last draw. */
uint64_t sp_draw_table(int64_t rows, int64_t width, int64_t others, uint64_t seed, int32_t *table) {
    uint64_t state = mix64(seed * GOLDEN + 0x632BE59BD9B4E019ULL);
    for (int64_t r = 0; r < rows; r++) {
        int64_t t = 0;
        while (t < width) {
            state += GOLDEN;
            int64_t u = (int64_t)((double)(mix64(state) >> 11) * TO_UNIT * (double)others);
            int repeat = 0;
            for (int64_t q = 0; q < t; q++)
                if (table[r * width + q] == u) {
                    repeat = 1;
                    break;
                }
            if (!repeat) table[r * width + t++] = (int32_t)u;
        }
    }
    return state;
}

/* Permutations summed at a time by sp_conditional_counts (measured: 8 a little faster than 4). */
#define LANES 8

/* Per unit i in [lo, hi): ge[i] = #permutations with neighbour sum >= observed, le[i] = # with <=. */
void sp_conditional_counts(int64_t n, const double *values, const int64_t *indptr, const int64_t *indices,
                           int64_t permutations, const int32_t *table, int64_t width, uint64_t state,
                           int64_t lo, int64_t hi, int64_t *ge, int64_t *le) {
    int64_t others = n - 1;
    for (int64_t i = lo; i < hi; i++) {
        int64_t start = indptr[i], k = indptr[i + 1] - start;
        if (k == 0) continue;
        double observed = 0.0;
        for (int64_t t = 0; t < k; t++) observed += values[indices[start + t]];
        double tolerance = 1e-12 * (fabs(observed) + 1.0);
        uint64_t draw = mix64(state ^ ((uint64_t)(i + 1) * GOLDEN));
        int64_t row = (int64_t)((double)(draw >> 11) * TO_UNIT * (double)permutations);
        draw = mix64(draw + GOLDEN);
        int64_t shift = (int64_t)((double)(draw >> 11) * TO_UNIT * (double)others);
        int64_t above = 0, below = 0, s = 0;
        /* LANES permutations at a time, each summed in its own register: one sum is a chain of
         * dependent additions, so several chains keep the adder busy. Each sum still adds its k values
         * in the same order, so every count is the same as one at a time. (Measured with the int32
         * table and the unbranched counts: 1.5 s of CPU against 2.0-2.5 s for 18,000 cells x 9,999
         * permutations, one thread.) */
        for (; s + LANES - 1 < permutations; s += LANES) {
            const int32_t *sample[LANES];
            for (int lane = 0; lane < LANES; lane++) {
                sample[lane] = table + row * width;
                if (++row == permutations) row = 0;
            }
            double total[LANES] = {0.0};
            for (int64_t t = 0; t < k; t++)
                for (int lane = 0; lane < LANES; lane++) {
                    int64_t u = (int64_t)sample[lane][t] + shift;
                    if (u >= others) u -= others;
                    total[lane] += values[u + (u >= i)];
                }
            for (int lane = 0; lane < LANES; lane++) { /* added, not branched on: the outcome is a coin toss */
                above += total[lane] >= observed - tolerance;
                below += total[lane] <= observed + tolerance;
            }
        }
        for (; s < permutations; s++) {
            double total = 0.0;
            const int32_t *sample = table + row * width;
            for (int64_t t = 0; t < k; t++) {
                int64_t u = (int64_t)sample[t] + shift;
                if (u >= others) u -= others;
                total += values[u + (u >= i)];
            }
            if (total >= observed - tolerance) above++;
            if (total <= observed + tolerance) below++;
            if (++row == permutations) row = 0;
        }
        ge[i] = above;
        le[i] = below;
    }
}

/* ------------------------------------------------------------------------------------------------ */
/* Quartic kernel density; see saferplaces/evidence/density.py.                                      */

/* Kernel sums at the centres of a full nrows x ncols block of cells (row-major, out zeroed by the
 * caller), centre of cell (0, 0) at (x0, y0), for events lo..hi-1. Square cells: centres every cell
 * metres. Hexagons (pointy-top, odd rows shifted east by half a cell): rows every cell sqrt(3) / 2. */
void sp_quartic_scatter(const double *px, const double *py, const double *weight, int64_t lo, int64_t hi,
                        double x0, double y0, double cell, int64_t nrows, int64_t ncols, double bandwidth,
                        int32_t hexagonal, double *out) {
    double h2 = bandwidth * bandwidth;
    double scale = 3.0 / (PI * h2);
    double row_step = hexagonal ? cell * sqrt(3.0) / 2.0 : cell;
    int64_t col_reach = (int64_t)ceil(bandwidth / cell) + 2;
    int64_t row_reach = (int64_t)ceil(bandwidth / row_step) + 1;
    for (int64_t e = lo; e < hi; e++) {
        double fr = (py[e] - y0) / row_step;
        int64_t r_lo = (int64_t)floor(fr) - row_reach, r_hi = (int64_t)floor(fr) + row_reach + 1;
        if (r_lo < 0) r_lo = 0;
        if (r_hi > nrows - 1) r_hi = nrows - 1;
        double w = weight[e] * scale;
        for (int64_t r = r_lo; r <= r_hi; r++) {
            double dy = y0 + (double)r * row_step - py[e];
            double dy2 = dy * dy;
            if (dy2 >= h2) continue;
            double shift = (hexagonal && r % 2 == 1) ? 0.5 * cell : 0.0;
            double fc = (px[e] - x0 - shift) / cell;
            int64_t c_lo = (int64_t)floor(fc) - col_reach, c_hi = (int64_t)floor(fc) + col_reach + 1;
            if (c_lo < 0) c_lo = 0;
            if (c_hi > ncols - 1) c_hi = ncols - 1;
            double *base = out + r * ncols;
            for (int64_t c = c_lo; c <= c_hi; c++) {
                double dx = x0 + shift + (double)c * cell - px[e];
                double d2 = dx * dx + dy2;
                if (d2 < h2) {
                    double u = 1.0 - d2 / h2;
                    base[c] += w * u * u;
                }
            }
        }
    }
}

/* ------------------------------------------------------------------------------------------------ */
/* An importable module with nothing in it, so that `import saferplaces.evidence._kernels` (as the
 * architecture tests and tools that walk the package do) finds a module, not a loader error. The
 * functions above are called through ctypes (saferplaces/evidence/_compiled.py).                    */

static struct PyModuleDef kernels_module = {
    PyModuleDef_HEAD_INIT, "_kernels",
    "Compiled loops of the evidence engine; called through ctypes by saferplaces.evidence._compiled.",
    -1, NULL, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&kernels_module); }
