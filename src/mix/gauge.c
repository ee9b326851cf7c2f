/* gauge.c: gated integrated loudness as libebur128 measures it (the same
 * K-weighting filter, 400 ms blocks every 100 ms, -70 LUFS and -10 LU gates).
 * Written here because the loudness passes over the spooled mix measured it
 * up to six times a render, and libebur128's general code (any channel
 * layout, every mode, a list node per block) was half of ttsread's CPU
 * time; this one keeps each filter's state in registers, and its memory
 * stays the same however long the mix: blocks go into a histogram of
 * 0.01 LU bins that also keeps their energies' sum, so only blocks within
 * 0.01 LU of the relative gate can be counted on the wrong side of it.
 * Each sample waits on the filter's last state, so mono audio is gathered
 * and filtered as two halves at once (two lanes of one vector): the second
 * half's filter starts 0.2 s early from rest, by when what it missed has
 * decayed below a double's precision (the slowest pole, 38 Hz, takes the
 * state down by e^-47). */
#include "gauge.h"

#include "util/unshared.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GAUGE_MAX_CHANNELS 2
#define LOWEST_LUFS (-70.0)
#define BIN_LU 0.01
#define BINS 11000 /* -70 to +40 LUFS; louder blocks share the last bin */
#define BUFFER_FRAMES 131072 /* mono frames gathered for a two-lane run */
#define HALF (BUFFER_FRAMES / 2)

typedef double lane_pair __attribute__((vector_size(16)));

struct tts_loudness_gauge {
    int channels;
    size_t step_frames;      /* 100 ms */
    size_t step_filled;      /* frames of the current step added so far */
    double b[5], a[5];       /* the K-weighting filter, both stages as one */
    double state[GAUGE_MAX_CHANNELS][4];
    double step_sum;         /* squared K-weighted samples of the current step */
    double steps[4];         /* the last four steps' sums, a ring */
    size_t step_count;
    double absolute_gate;    /* energy of -70 LUFS */
    float *pending;          /* mono: frames gathered for the next two-lane run; unshared
                              * (the parent forks a worker a turn while it fills this) */
    size_t pending_count;
    size_t warmup;           /* frames the second lane runs before its half */
    double *buffer_steps;    /* the sums of the steps a two-lane run touches */
    double *bin_energy;      /* sum of the energies of the blocks in each bin */
    uint32_t *bin_count;
};

static double energy_of(double lufs)
{
    return pow(10.0, (lufs + 0.691) / 10.0);
}

/* The BS.1770 pre-filter (high shelf) and RLB weighting (high pass) for
 * this sample rate, in the form and with the constants libebur128 uses. */
static void design_filter(tts_loudness_gauge *gauge, double rate)
{
    double f0 = 1681.974450955533, gain_db = 3.999843853973347, q = 0.7071752369554196;
    double k = tan(M_PI * f0 / rate);
    double vh = pow(10.0, gain_db / 20.0), vb = pow(vh, 0.4996667741545416);
    double a0 = 1.0 + k / q + k * k;
    double pb[3] = {(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0,
                    (vh - vb * k / q + k * k) / a0};
    double pa[3] = {1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
    f0 = 38.13547087602444;
    q = 0.5003270373238773;
    k = tan(M_PI * f0 / rate);
    double rb[3] = {1.0, -2.0, 1.0};
    double ra[3] = {1.0, 2.0 * (k * k - 1.0) / (1.0 + k / q + k * k),
                    (1.0 - k / q + k * k) / (1.0 + k / q + k * k)};
    gauge->b[0] = pb[0] * rb[0];
    gauge->b[1] = pb[0] * rb[1] + pb[1] * rb[0];
    gauge->b[2] = pb[0] * rb[2] + pb[1] * rb[1] + pb[2] * rb[0];
    gauge->b[3] = pb[1] * rb[2] + pb[2] * rb[1];
    gauge->b[4] = pb[2] * rb[2];
    gauge->a[0] = pa[0] * ra[0];
    gauge->a[1] = pa[0] * ra[1] + pa[1] * ra[0];
    gauge->a[2] = pa[0] * ra[2] + pa[1] * ra[1] + pa[2] * ra[0];
    gauge->a[3] = pa[1] * ra[2] + pa[2] * ra[1];
    gauge->a[4] = pa[2] * ra[2];
}

tts_loudness_gauge *tts_loudness_gauge_new(int sample_rate, int channels)
{
    if (channels < 1 || channels > GAUGE_MAX_CHANNELS || sample_rate <= 0)
        return NULL;
    tts_loudness_gauge *gauge = calloc(1, sizeof *gauge);
    if (gauge == NULL)
        return NULL;
    /* calloc: untouched bins cost no memory */
    gauge->bin_energy = calloc(BINS, sizeof *gauge->bin_energy);
    gauge->bin_count = calloc(BINS, sizeof *gauge->bin_count);
    if (gauge->bin_energy == NULL || gauge->bin_count == NULL) {
        tts_loudness_gauge_free(gauge);
        return NULL;
    }
    gauge->channels = channels;
    gauge->step_frames = ((size_t)sample_rate + 5) / 10;
    gauge->warmup = (size_t)sample_rate / 5 < HALF ? (size_t)sample_rate / 5 : HALF;
    gauge->buffer_steps = calloc(BUFFER_FRAMES / gauge->step_frames + 2, sizeof *gauge->buffer_steps);
    if (gauge->buffer_steps == NULL) {
        tts_loudness_gauge_free(gauge);
        return NULL;
    }
    gauge->absolute_gate = energy_of(LOWEST_LUFS);
    design_filter(gauge, sample_rate);
    return gauge;
}

void tts_loudness_gauge_free(tts_loudness_gauge *gauge)
{
    if (gauge == NULL)
        return;
    free(gauge->bin_energy);
    free(gauge->bin_count);
    tts_unshared_free(gauge->pending, BUFFER_FRAMES * sizeof *gauge->pending);
    free(gauge->buffer_steps);
    free(gauge);
}

/* Filters one channel's `count` samples (every `stride`-th float) and
 * returns the sum of their squares. The feedback terms of older states are
 * added first, so that each sample waits on the newest state only. */
static inline __attribute__((always_inline)) double filter_run(const tts_loudness_gauge *gauge,
                                                               double *state, const float *x,
                                                               size_t count, const int stride)
{
    const double b0 = gauge->b[0], b1 = gauge->b[1], b2 = gauge->b[2], b3 = gauge->b[3],
                 b4 = gauge->b[4];
    const double a1 = gauge->a[1], a2 = gauge->a[2], a3 = gauge->a[3], a4 = gauge->a[4];
    double v1 = state[0], v2 = state[1], v3 = state[2], v4 = state[3];
    double sum = 0;
    for (size_t i = 0; i < count; i++) {
        double older = (double)x[i * (size_t)stride] - a4 * v4 - a3 * v3 - a2 * v2;
        double v0 = older - a1 * v1;
        double y = b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3 + b4 * v4;
        sum += y * y;
        v4 = v3;
        v3 = v2;
        v2 = v1;
        v1 = v0;
    }
    /* After long silence the states would sink into subnormal numbers, which are slow. */
    if (fabs(v1) + fabs(v2) + fabs(v3) + fabs(v4) < 1e-200)
        v1 = v2 = v3 = v4 = 0;
    state[0] = v1;
    state[1] = v2;
    state[2] = v3;
    state[3] = v4;
    return sum;
}

/* A step of 100 ms is complete, its squares summing to `sum`: the block of
 * the last four is gated and counted. */
static void finish_step(tts_loudness_gauge *gauge, double sum)
{
    gauge->steps[gauge->step_count % 4] = sum;
    gauge->step_count++;
    if (gauge->step_count < 4)
        return;
    double energy = (gauge->steps[0] + gauge->steps[1] + gauge->steps[2] + gauge->steps[3]) /
                    (double)(4 * gauge->step_frames);
    if (!(energy >= gauge->absolute_gate))
        return;
    double bin = (10.0 * log10(energy) - 0.691 - LOWEST_LUFS) / BIN_LU;
    size_t index = bin < BINS - 1 ? (size_t)bin : BINS - 1;
    gauge->bin_energy[index] += energy;
    gauge->bin_count[index]++;
}

static void add_frames(tts_loudness_gauge *gauge, const float *frames, size_t count)
{
    const int channels = gauge->channels;
    while (count > 0) {
        size_t take = gauge->step_frames - gauge->step_filled;
        if (take > count)
            take = count;
        if (channels == 1) {
            gauge->step_sum += filter_run(gauge, gauge->state[0], frames, take, 1);
        } else {
            for (int c = 0; c < channels; c++)
                gauge->step_sum += filter_run(gauge, gauge->state[c], frames + c, take, 2);
        }
        gauge->step_filled += take;
        frames += take * (size_t)channels;
        count -= take;
        if (gauge->step_filled == gauge->step_frames) {
            finish_step(gauge, gauge->step_sum);
            gauge->step_sum = 0;
            gauge->step_filled = 0;
        }
    }
}

/* Filters the BUFFER_FRAMES gathered mono frames, first half in lane 0
 * (from the filter's state), second half in lane 1 (from rest, warmed up
 * on the frames before it), and completes the steps they fill. */
static void run_lanes(tts_loudness_gauge *gauge)
{
    const float *x = gauge->pending;
    double rest[4] = {0, 0, 0, 0};
    filter_run(gauge, rest, x + HALF - gauge->warmup, gauge->warmup, 1);
    const double b0 = gauge->b[0], b1 = gauge->b[1], b2 = gauge->b[2], b3 = gauge->b[3],
                 b4 = gauge->b[4];
    const double a1 = gauge->a[1], a2 = gauge->a[2], a3 = gauge->a[3], a4 = gauge->a[4];
    double *state = gauge->state[0];
    lane_pair v1 = {state[0], rest[0]}, v2 = {state[1], rest[1]}, v3 = {state[2], rest[2]},
              v4 = {state[3], rest[3]};
    size_t step = gauge->step_frames, base = gauge->step_filled;
    size_t touched = (base + BUFFER_FRAMES) / step + 1;
    double *sums = gauge->buffer_steps;
    for (size_t k = 0; k < touched; k++)
        sums[k] = 0;
    sums[0] = gauge->step_sum;
    /* In runs where neither lane crosses into another step. */
    for (size_t i = 0; i < HALF;) {
        size_t first = step - (base + i) % step, second = step - (base + HALF + i) % step;
        size_t end = i + (first < second ? first : second);
        if (end > HALF)
            end = HALF;
        size_t start = i;
        lane_pair sum = {0, 0};
        for (; i < end; i++) {
            lane_pair in = {x[i], x[HALF + i]};
            lane_pair older = in - a4 * v4 - a3 * v3 - a2 * v2;
            lane_pair v0 = older - a1 * v1;
            lane_pair y = b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3 + b4 * v4;
            sum += y * y;
            v4 = v3;
            v3 = v2;
            v2 = v1;
            v1 = v0;
        }
        sums[(base + start) / step] += sum[0];
        sums[(base + HALF + start) / step] += sum[1];
    }
    state[0] = v1[1];
    state[1] = v2[1];
    state[2] = v3[1];
    state[3] = v4[1];
    if (fabs(state[0]) + fabs(state[1]) + fabs(state[2]) + fabs(state[3]) < 1e-200)
        state[0] = state[1] = state[2] = state[3] = 0;
    size_t complete = (base + BUFFER_FRAMES) / step;
    for (size_t k = 0; k < complete; k++)
        finish_step(gauge, sums[k]);
    gauge->step_sum = sums[complete];
    gauge->step_filled = (base + BUFFER_FRAMES) % step;
}

void tts_loudness_gauge_add(tts_loudness_gauge *gauge, const float *frames, size_t count)
{
    if (gauge->channels != 1) {
        add_frames(gauge, frames, count);
        return;
    }
    while (count > 0) {
        if (gauge->pending == NULL &&
            (gauge->pending = tts_unshared_alloc(BUFFER_FRAMES * sizeof *gauge->pending)) == NULL) {
            add_frames(gauge, frames, count); /* slower, but the same measure */
            return;
        }
        size_t take = BUFFER_FRAMES - gauge->pending_count;
        if (take > count)
            take = count;
        memcpy(gauge->pending + gauge->pending_count, frames, take * sizeof *frames);
        gauge->pending_count += take;
        frames += take;
        count -= take;
        if (gauge->pending_count == BUFFER_FRAMES) {
            run_lanes(gauge);
            gauge->pending_count = 0;
        }
    }
}

double tts_loudness_gauge_integrated(tts_loudness_gauge *gauge)
{
    /* the frames still gathered, one lane; the room for them is given back
     * (a gauge is mostly read once, at the end) */
    add_frames(gauge, gauge->pending, gauge->pending_count);
    gauge->pending_count = 0;
    tts_unshared_free(gauge->pending, BUFFER_FRAMES * sizeof *gauge->pending);
    gauge->pending = NULL;
    double total = 0;
    uint64_t blocks = 0;
    for (size_t i = 0; i < BINS; i++) {
        total += gauge->bin_energy[i];
        blocks += gauge->bin_count[i];
    }
    if (blocks == 0)
        return -HUGE_VAL;
    double relative_gate = total / (double)blocks * 0.1; /* -10 LU */
    double gated = 0;
    blocks = 0;
    for (size_t i = 0; i < BINS; i++) {
        /* A bin is in when its blocks' mean is: its blocks lie within 0.01 LU of it. */
        if (gauge->bin_count[i] == 0 || gauge->bin_energy[i] / gauge->bin_count[i] < relative_gate)
            continue;
        gated += gauge->bin_energy[i];
        blocks += gauge->bin_count[i];
    }
    if (blocks == 0)
        return -HUGE_VAL;
    return 10.0 * log10(gated / (double)blocks) - 0.691;
}
