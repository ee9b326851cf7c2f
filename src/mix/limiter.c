/* limiter.c: look-ahead true-peak limiting. Each frame's needed gain comes
 * from its sample and the peaks between samples (the ITU-R BS.1770 4x
 * oversampling filter); the sliding minimum of those gains, smoothed by a
 * moving average as long as the window, is down before a peak leaves the
 * delay and never above what it needs. Written here because no Debian
 * library offers a streaming limiter for C; it costs O(1) per frame, with
 * no division in the per-frame path (they cost more than the rest). */
#include "limiter.h"

#include "util/unshared.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The 4x oversampling filter of ITU-R BS.1770-4 (Annex 2), the one true-peak
 * meters use, in the three phases between samples (the fourth is within 3 %
 * of the sample itself, which is checked as it is). Entry k holds the three
 * phases' taps for the sample k frames back, side by side, so that one
 * vector multiply-add per tap computes all three (GCC/clang vector types). */
#define TAPS 12
#define FILTER_DELAY 6 /* the filter looks this many frames ahead of the frame it rates */
typedef float phase_vector __attribute__((vector_size(16)));
static const phase_vector phase_taps[TAPS] = {
    {-0.0291748046875f, -0.0189208984375f, -0.0083007812500f, 0.0f},
    {0.0292968750000f, 0.0330810546875f, 0.0148925781250f, 0.0f},
    {-0.0517578125000f, -0.0582275390625f, -0.0266113281250f, 0.0f},
    {0.0891113281250f, 0.1015625000000f, 0.0476074218750f, 0.0f},
    {-0.1665039062500f, -0.2003173828125f, -0.1022949218750f, 0.0f},
    {0.4650878906250f, 0.7797851562500f, 0.9721679687500f, 0.0f},
    {0.7797851562500f, 0.4650878906250f, 0.1373291015625f, 0.0f},
    {-0.2003173828125f, -0.1665039062500f, -0.0594482421875f, 0.0f},
    {0.1015625000000f, 0.0891113281250f, 0.0332031250000f, 0.0f},
    {-0.0582275390625f, -0.0517578125000f, -0.0196533203125f, 0.0f},
    {0.0330810546875f, 0.0292968750000f, 0.0109863281250f, 0.0f},
    {-0.0189208984375f, -0.0291748046875f, 0.0017089843750f, 0.0f},
};
/* The taps of a phase add up (in magnitude) to less than 2.05: while the
 * last TAPS samples stay under ceiling / 2.05 no peak between them can reach
 * the ceiling, and the filter (36 multiplications a sample) need not run. */
#define FILTER_GAIN_BOUND 2.05f
#define MAX_CHANNELS 8
#define RING (TAPS + 1) /* the filter's taps for the intervals on both sides of the rated frame */

struct tts_limiter {
    size_t bytes;            /* of the mapping that holds it and its lines */
    int channels;
    float ceiling;
    size_t lookahead;        /* frames */
    /* The last RING samples of each channel, written twice into a ring of
     * 2 * RING so that they always stand in one run, newest last, starting
     * at history[c][newest + 1]. */
    float history[MAX_CHANNELS][2 * RING];
    size_t newest;
    float previous_between[MAX_CHANNELS]; /* peak between the rated frame and the one before */
    int hot;                 /* frames left while the filter must run */
    float *delay;            /* lookahead frames of audio, a ring */
    float *held;             /* room for the frames held (delay + filter delay), oldest first */
    size_t slot;             /* where the next frame goes in delay */
    float *needed;           /* the gain each frame of a block needs */
    /* Lines of lookahead + BLOCK_FRAMES frames, the lookahead frames before
     * the block first (kept from the block before): */
    float *minimums;         /* the least gain needed over each frame's window */
    float *rated;            /* the rated frames (delayed by the lookahead) */
    /* The frames of the window that need less than unity gain and are not
     * followed by one that needs as little or less: a monotonic deque whose
     * head is the window's minimum, empty when it is 1 (most frames). */
    struct window_entry {
        size_t frame;
        float needed;
    } *window;
    size_t window_mask;      /* its capacity (a power of two) less one */
    size_t window_head, window_tail; /* counted up, taken modulo the capacity */
    double minimum_sum;      /* the last lookahead minimums' sum, for the moving average */
    double inverse_lookahead;
    size_t frames_in;        /* frames that entered the look-ahead, filter delay included */
    size_t limited_left;     /* steps until every minimum is 1 again */
    bool exact_steps_only;   /* tests: never take the pass-through path */
    /* The gain is 1 - reduction. Kept as the reduction, which recovers by
     * one multiply a frame (the gain's own recurrence chained three
     * operations, the slowest part of passing quiet frames). */
    float reduction;
    float recovery;          /* per-frame factor of the reduction: 50 ms back to 1 */
};

/* Frames limited at a time: each stage of limit_block runs over them in a
 * loop of its own, which the compiler can vectorize where it has no state. */
#define BLOCK_FRAMES 512

/* A reduction this small (-0.0009 dB) ends, so quiet audio passes untouched. */
#define REDUCTION_FLOOR 1e-4f

/* The limiter and its rings in one unshared mapping (util/unshared.h):
 * the parent writes them every frame while it forks a synthesis worker a
 * turn, and on the heap each fork cost their pages a copy-on-write fault. */
tts_limiter *tts_limiter_new(int sample_rate, int channels, float ceiling)
{
    if (channels < 1 || channels > MAX_CHANNELS)
        return NULL;
    size_t lookahead = (size_t)sample_rate * 3 / 1000 + 1; /* 3 ms */
    size_t line = lookahead + BLOCK_FRAMES, width = (size_t)channels, capacity = 1;
    while (capacity < lookahead + 2)
        capacity *= 2;
    /* Each part starts on 16 bytes, for the vector loops over them. */
    size_t sizes[] = {sizeof(tts_limiter), lookahead * width * sizeof(float),
                      (lookahead + FILTER_DELAY) * width * sizeof(float),
                      BLOCK_FRAMES * sizeof(float), line * sizeof(float),
                      line * width * sizeof(float), capacity * sizeof(struct window_entry)};
    enum { PARTS = sizeof sizes / sizeof sizes[0] };
    size_t offsets[PARTS], bytes = 0;
    for (size_t i = 0; i < PARTS; i++) {
        offsets[i] = bytes;
        bytes += (sizes[i] + 15) / 16 * 16;
    }
    char *memory = tts_unshared_alloc(bytes); /* zeroed */
    if (memory == NULL)
        return NULL;
    tts_limiter *limiter = (tts_limiter *)memory;
    limiter->bytes = bytes;
    limiter->channels = channels;
    limiter->ceiling = ceiling;
    limiter->lookahead = lookahead;
    limiter->delay = (float *)(memory + offsets[1]);
    limiter->held = (float *)(memory + offsets[2]);
    limiter->needed = (float *)(memory + offsets[3]);
    limiter->minimums = (float *)(memory + offsets[4]);
    limiter->rated = (float *)(memory + offsets[5]);
    limiter->window = (struct window_entry *)(memory + offsets[6]);
    limiter->window_mask = capacity - 1;
    for (size_t i = 0; i < lookahead; i++)
        limiter->minimums[i] = 1.0f;
    limiter->minimum_sum = (double)lookahead;
    limiter->inverse_lookahead = 1.0 / (double)lookahead;
    limiter->recovery = expf(-1.0f / (0.05f * (float)sample_rate));
    return limiter;
}

void tts_limiter_free(tts_limiter *limiter)
{
    if (limiter != NULL)
        tts_unshared_free(limiter, limiter->bytes);
}

size_t tts_limiter_latency(const tts_limiter *limiter)
{
    return limiter->lookahead + FILTER_DELAY;
}

static inline float larger(float a, float b)
{
    return a > b ? a : b;
}

/* The highest magnitude of the signal between the middle samples of a run
 * of TAPS samples (newest last), oversampled four times. */
static float peak_between(const float *run)
{
    /* Spelled out: -O2 does not unroll the loop, which costs twice as much. */
    phase_vector sum = phase_taps[0] * run[11] + phase_taps[1] * run[10] + phase_taps[2] * run[9] +
                       phase_taps[3] * run[8] + phase_taps[4] * run[7] + phase_taps[5] * run[6] +
                       phase_taps[6] * run[5] + phase_taps[7] * run[4] + phase_taps[8] * run[3] +
                       phase_taps[9] * run[2] + phase_taps[10] * run[1] + phase_taps[11] * run[0];
    return larger(larger(fabsf(sum[0]), fabsf(sum[1])), fabsf(sum[2]));
}

/* True while no frame in the look-ahead needs less than unity gain and the
 * start-up silence is out: a frame that needs none either then leaves the
 * needed gains and their minimums all 1, so a run of such frames can skip
 * the sliding minimum (pass_unreduced). Quiet speech passes this way. */
static inline bool resting(const tts_limiter *limiter)
{
    bool needed_clear = limiter->window_head == limiter->window_tail ||
                        limiter->window[(limiter->window_tail - 1) & limiter->window_mask].frame +
                                limiter->lookahead < limiter->frames_in;
    return limiter->limited_left == 0 && needed_clear &&
           limiter->frames_in >= limiter->lookahead + FILTER_DELAY && !limiter->exact_steps_only;
}

/* The peak that decides a frame's gain, the same for limit_block and the
 * pass-through: the rated sample (FILTER_DELAY behind the newest) and,
 * while a loud sample is near (hot), the peaks between it and its
 * neighbours: the one after it is new, the one before was found a frame ago
 * (previous). runs[c] holds channel c's last TAPS samples, newest last.
 * Leaves the next frame's hot and previous in *next_hot and between (which
 * may be previous itself). */
static inline __attribute__((always_inline)) float rate_frame(const tts_limiter *limiter,
                                                              const float *const *runs,
                                                              const int channels, int hot,
                                                              const float *previous, int *next_hot,
                                                              float *between)
{
    float peak = 0;
    for (int c = 0; c < channels; c++) {
        if (fabsf(runs[c][TAPS - 1]) * FILTER_GAIN_BOUND >= limiter->ceiling)
            hot = RING;
        peak = larger(peak, fabsf(runs[c][TAPS - 1 - FILTER_DELAY]));
    }
    for (int c = 0; c < channels; c++) {
        float after = hot > 0 ? peak_between(runs[c]) : 0;
        peak = larger(peak, larger(after, previous[c]));
        between[c] = after;
    }
    *next_hot = hot > 0 ? hot - 1 : 0;
    return peak;
}

/* The reduction a frame later, with nothing new to reduce. */
static inline float recovered(const tts_limiter *limiter, float reduction)
{
    reduction *= limiter->recovery;
    return reduction < REDUCTION_FLOOR ? 0 : reduction;
}

/* How many leading frames of `input` cannot heat the filter, looked at in
 * blocks of 16 samples, a loop the compiler can vectorize. */
static size_t cold_frames(const tts_limiter *limiter, const float *input, size_t count, int channels)
{
    const float ceiling = limiter->ceiling;
    size_t samples = count * (size_t)channels, i = 0;
    for (; i + 16 <= samples; i += 16) {
        int hot = 0;
        for (int k = 0; k < 16; k++)
            hot |= fabsf(input[i + k]) * FILTER_GAIN_BOUND >= ceiling;
        if (hot)
            break;
    }
    while (i < samples && fabsf(input[i]) * FILTER_GAIN_BOUND < ceiling)
        i++;
    return i / (size_t)channels;
}

/* Frames rated at a time by unreduced_frames, each channel's samples in one run. */
#define SCAN_FRAMES BLOCK_FRAMES

/* Copies each channel's samples of frames at - RING .. at + frames - 1
 * into scan (frames before the input's first come from the history). */
static void fill_scan(const tts_limiter *limiter, const float *input, const int channels, size_t at,
                      size_t frames, float scan[][RING + SCAN_FRAMES])
{
    for (int c = 0; c < channels; c++) {
        const float *history = limiter->history[c] + limiter->newest + 1; /* oldest first */
        size_t k = 0;
        for (; k < RING + frames && at + k < RING; k++)
            scan[c][k] = history[at + k];
        const float *from = input + (at + k - RING) * (size_t)channels + c;
        if (channels == 1)
            memcpy(scan[c] + k, from, (RING + frames - k) * sizeof *from);
        else
            for (; k < RING + frames; k++, from += channels)
                scan[c][k] = *from;
    }
}

static inline bool filter_idle(int hot, const float *previous, int channels)
{
    for (int c = 0; c < channels; c++)
        if (previous[c] != 0)
            return false;
    return hot == 0;
}

/* How many leading frames of `input` need no reduction, rated exactly as
 * limit_block rates them: the sample itself and, while a loud sample is
 * near, the peaks between samples. Leaves the filter's state after them in
 * *hot and previous. Runs that cannot heat the filter are skipped unrated. */
static inline __attribute__((always_inline)) size_t unreduced_frames(const tts_limiter *limiter,
                                                                     const float *input, size_t count,
                                                                     const int channels, int *hot,
                                                                     float *previous)
{
    float scan[MAX_CHANNELS][RING + SCAN_FRAMES];
    size_t run = 0;
    while (run < count) {
        if (filter_idle(*hot, previous, channels)) {
            run += cold_frames(limiter, input + run * (size_t)channels, count - run, channels);
            if (run == count)
                break;
        }
        size_t chunk = count - run < SCAN_FRAMES ? count - run : SCAN_FRAMES;
        fill_scan(limiter, input, channels, run, chunk, scan);
        for (size_t k = 0; k < chunk; k++) {
            const float *runs[MAX_CHANNELS];
            for (int c = 0; c < channels; c++)
                runs[c] = scan[c] + RING + k - (TAPS - 1);
            float between[MAX_CHANNELS];
            int next_hot;
            if (rate_frame(limiter, runs, channels, *hot, previous, &next_hot, between) >
                limiter->ceiling)
                return run + k; /* this frame needs reduction: limit_block takes it */
            *hot = next_hot;
            memcpy(previous, between, (size_t)channels * sizeof *between);
            if (filter_idle(*hot, previous, channels)) {
                chunk = k + 1; /* quiet again: back to skipping */
                break;
            }
        }
        run += chunk;
    }
    return run;
}

/* Limits `count` frames (at most BLOCK_FRAMES), one stage at a time: each
 * frame's needed gain (rate_frame), the least of them over each frame's
 * window, the moving average of those minimums, then the gain's
 * recurrence: down to that average at once, back up by the recovery. The
 * first frames out are the filter's and the look-ahead's initial silence.
 * Returns the frames put out. Inlined with a constant channel count, so
 * that its small loops unroll. */
static inline __attribute__((always_inline)) size_t limit_block(tts_limiter *limiter,
                                                                const float *input, float *output,
                                                                size_t count, const int channels)
{
    const size_t size = limiter->lookahead, width = (size_t)channels;
    const float ceiling = limiter->ceiling;
    float scan[MAX_CHANNELS][RING + SCAN_FRAMES];
    fill_scan(limiter, input, channels, 0, count, scan);
    /* The delay, oldest first, starts the rated line. */
    float *rated = limiter->rated, *needed = limiter->needed;
    memcpy(rated, limiter->delay + limiter->slot * width,
           (size - limiter->slot) * width * sizeof *rated);
    memcpy(rated + (size - limiter->slot) * width, limiter->delay,
           limiter->slot * width * sizeof *rated);
    int hot = limiter->hot;
    float previous[MAX_CHANNELS];
    memcpy(previous, limiter->previous_between, width * sizeof *previous);
    for (size_t k = 0; k < count; k++) {
        const float *runs[MAX_CHANNELS];
        for (int c = 0; c < channels; c++) {
            runs[c] = scan[c] + RING + k - (TAPS - 1);
            rated[(size + k) * width + c] = runs[c][TAPS - 1 - FILTER_DELAY];
        }
        float between[MAX_CHANNELS];
        float peak = rate_frame(limiter, runs, channels, hot, previous, &hot, between);
        memcpy(previous, between, width * sizeof *previous);
        needed[k] = peak > ceiling ? ceiling / peak : 1.0f;
    }
    limiter->hot = hot;
    memcpy(limiter->previous_between, previous, width * sizeof *previous);
    for (int c = 0; c < channels; c++)
        for (size_t k = 0; k < RING; k++)
            limiter->history[c][k] = limiter->history[c][k + RING] = scan[c][count + k];
    limiter->newest = RING - 1;

    float *minimums = limiter->minimums;
    struct window_entry *const window = limiter->window;
    const size_t mask = limiter->window_mask;
    size_t head = limiter->window_head, tail = limiter->window_tail;
    const float recovery = limiter->recovery;
    const double inverse_lookahead = limiter->inverse_lookahead;
    double minimum_sum = limiter->minimum_sum;
    size_t limited_left = limiter->limited_left, frames_in = limiter->frames_in, written = 0;
    float reduction = limiter->reduction;
    for (size_t k = 0; k < count; k++) {
        /* The least needed gain of frames n - size .. n: the frame leaving
         * the delay now and every frame behind it. */
        size_t n = frames_in + k;
        if (needed[k] < 1.0f) {
            while (tail != head && window[(tail - 1) & mask].needed >= needed[k])
                tail--;
            window[tail++ & mask] = (struct window_entry){n, needed[k]};
        }
        if (head != tail && window[head & mask].frame + size < n)
            head++;
        float minimum = head != tail ? window[head & mask].needed : 1.0f;
        /* Every minimum of the last `size` frames covers the frame leaving
         * the delay, so their average is at most the gain that frame needs. */
        minimums[size + k] = minimum;
        minimum_sum += minimum - minimums[k];
        if (minimum < 1.0f)
            limited_left = size;
        else if (limited_left > 0 && --limited_left == 0)
            minimum_sum = (double)size; /* all ones: no rounding left behind */
        if (n < size + FILTER_DELAY)
            continue;
        float average = (float)(minimum_sum * inverse_lookahead);
        float next = reduction * recovery; /* as recovered() */
        next = next < REDUCTION_FLOOR ? 0 : next;
        float gain = 1.0f - next;
        if (average < gain) {
            gain = average;
            next = 1.0f - average;
        }
        reduction = next;
        for (int c = 0; c < channels; c++)
            output[written * width + c] = rated[k * width + c] * gain;
        written++;
    }
    limiter->minimum_sum = minimum_sum;
    limiter->limited_left = limited_left;
    limiter->frames_in = frames_in + count;
    limiter->reduction = reduction;
    limiter->window_head = head;
    limiter->window_tail = tail;
    /* The block's last lookahead frames start the lines of the next. */
    memmove(limiter->minimums, limiter->minimums + count, size * sizeof *minimums);
    memcpy(limiter->delay, rated + count * width, size * width * sizeof *rated);
    limiter->slot = 0;
    return written;
}

/* While no frame in the look-ahead needs reduction (resting), a run of
 * frames that need none either only passes through the delay while the
 * gain recovers: limit_block's result without its sliding minimum. A long
 * run moves as blocks: the frames held come out first, then the run itself,
 * and its last frames become the ones held (the delay restarts at slot 0,
 * fine while every minimum is 1). Returns how many frames passed. */
static inline __attribute__((always_inline)) size_t pass_unreduced(tts_limiter *limiter,
                                                                   const float *input, float *output,
                                                                   size_t count, const int channels)
{
    if (!resting(limiter))
        return 0;
    int hot = limiter->hot;
    float previous[MAX_CHANNELS];
    memcpy(previous, limiter->previous_between, (size_t)channels * sizeof *previous);
    size_t run = unreduced_frames(limiter, input, count, channels, &hot, previous);
    if (run == 0)
        return 0;
    limiter->hot = hot;
    memcpy(limiter->previous_between, previous, (size_t)channels * sizeof *previous);
    size_t size = limiter->lookahead, held = size + FILTER_DELAY;
    const size_t width = (size_t)channels;
    if (run >= held + RING) {
        /* The frames held, oldest first: the delay from its slot, then the
         * newest FILTER_DELAY frames, which the history holds. */
        float *frames = limiter->held;
        size_t newest = limiter->newest;
        memcpy(frames, limiter->delay + limiter->slot * width, (size - limiter->slot) * width * sizeof *frames);
        memcpy(frames + (size - limiter->slot) * width, limiter->delay, limiter->slot * width * sizeof *frames);
        for (size_t k = 0; k < FILTER_DELAY; k++)
            for (int c = 0; c < channels; c++)
                frames[(size + k) * width + c] = limiter->history[c][newest + RING - (FILTER_DELAY - 1) + k];
        /* The run's last frames are held next (before output may overwrite them). */
        memcpy(limiter->delay, input + (run - held) * width, size * width * sizeof *input);
        for (size_t k = 0; k < RING; k++)
            for (int c = 0; c < channels; c++)
                limiter->history[c][k] = limiter->history[c][k + RING] = input[(run - RING + k) * width + c];
        limiter->newest = RING - 1;
        limiter->slot = 0;
        memmove(output + held * width, input, (run - held) * width * sizeof *input);
        memcpy(output, frames, held * width * sizeof *output);
    } else {
        size_t newest = limiter->newest, slot = limiter->slot;
        for (size_t i = 0; i < run; i++) {
            newest = newest + 1 == RING ? 0 : newest + 1;
            float *stored = limiter->delay + slot * width;
            for (int c = 0; c < channels; c++) {
                float *history = limiter->history[c];
                history[newest] = history[newest + RING] = input[i * width + c];
                output[i * width + c] = stored[c];
                stored[c] = history[newest + RING - FILTER_DELAY];
            }
            slot = slot + 1 == size ? 0 : slot + 1;
        }
        limiter->newest = newest;
        limiter->slot = slot;
    }
    /* The gain steps back towards 1 as limit_block would, frame by frame:
     * four frames at a time while the fourth stays above the floor (the
     * same products in the same order, without a test between them). */
    const float recovery = limiter->recovery;
    float reduction = limiter->reduction;
    size_t i = 0;
    while (reduction != 0 && i + 4 <= run) {
        float first = reduction * recovery, second = first * recovery, third = second * recovery,
              fourth = third * recovery;
        if (fourth < REDUCTION_FLOOR)
            break;
        const float gains[4] = {1.0f - first, 1.0f - second, 1.0f - third, 1.0f - fourth};
        for (int k = 0; k < 4; k++)
            for (int c = 0; c < channels; c++)
                output[(i + k) * width + c] *= gains[k];
        reduction = fourth;
        i += 4;
    }
    for (; i < run && reduction != 0; i++) {
        reduction = recovered(limiter, reduction);
        for (int c = 0; c < channels; c++)
            output[i * width + c] *= 1.0f - reduction;
    }
    limiter->reduction = reduction;
    limiter->frames_in += run;
    limiter->window_head = limiter->window_tail; /* what it held is out of the window */
    return run;
}

static inline __attribute__((always_inline)) size_t process(tts_limiter *limiter,
                                                            const float *input, float *output,
                                                            size_t count, const int channels)
{
    size_t written = 0, i = 0;
    while (i < count) {
        size_t passed = pass_unreduced(limiter, input + i * (size_t)channels,
                                       output + written * (size_t)channels, count - i, channels);
        i += passed;
        written += passed;
        if (i < count) {
            size_t block = count - i < BLOCK_FRAMES ? count - i : BLOCK_FRAMES;
            written += limit_block(limiter, input + i * (size_t)channels,
                                   output + written * (size_t)channels, block, channels);
            i += block;
        }
    }
    return written;
}

size_t tts_limiter_process(tts_limiter *limiter, const float *input, float *output, size_t count)
{
    if (limiter->channels == 1)
        return process(limiter, input, output, count, 1);
    if (limiter->channels == 2)
        return process(limiter, input, output, count, 2);
    return process(limiter, input, output, count, limiter->channels);
}

void tts_limiter_exact_steps_only(tts_limiter *limiter)
{
    limiter->exact_steps_only = true;
}

size_t tts_limiter_flush(tts_limiter *limiter, float *output)
{
    /* Pushing the latency's worth of silence brings out every frame still held. */
    static const float silence[64 * MAX_CHANNELS];
    const size_t width = (size_t)limiter->channels;
    const size_t chunk = sizeof silence / sizeof *silence / width;
    size_t written = 0;
    for (size_t left = tts_limiter_latency(limiter); left > 0;) {
        size_t count = left < chunk ? left : chunk;
        written += tts_limiter_process(limiter, silence, output + written * width, count);
        left -= count;
    }
    return written;
}
