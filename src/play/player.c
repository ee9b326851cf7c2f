/* player.c: reads a script aloud on the audio device: worker processes
 * synthesize ahead of what is heard, keys move around, a status line follows. */
#include "play_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ttsread/mix.h"
#include "ttsread/synth.h"
#include "util/signals.h"
#include "util/grow.h"
#include "util/strbuf.h"

/* Audio the workers may hold for turns ahead of the one heard: bounds
 * memory (about 47 s of speech) while synthesis runs well ahead. */
#define MAX_BUFFERED_BYTES ((size_t)2 * 1024 * 1024)
#define SPEED_STEP 0.1
#define MIN_SPEED 0.5
#define MAX_SPEED 4.0
#define STATUS_INTERVAL_SECONDS 0.25
#define PAUSED_POLL_MS 200
#define NO_OFFSET SIZE_MAX
#define UNKNOWN_SAMPLE UINT64_MAX
#define NAME_ITEM SIZE_MAX

/* When the process started, near enough (before main): -v measures the
 * delay to the first audio from here. */
static struct timespec process_start;

__attribute__((constructor)) static void note_process_start(void)
{
    clock_gettime(CLOCK_MONOTONIC, &process_start);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

typedef struct word_mark {
    uint64_t sample;         /* from the start of the job's synthesis */
    size_t offset;           /* byte offset in the job's text */
} word_mark;

typedef struct player {
    const tts_script *script;
    const tts_palette *palette;
    const tts_cast *cast;
    const tts_render_options *render;
    const tts_play_options *options;
    tts_render_job *jobs;
    size_t job_count;
    size_t *first_job_of_turn;
    double *job_estimate;     /* per job, seconds at speed 1 guessed from the text */
    double *job_seconds;      /* per job, seconds at speed 1 once heard whole, else 0 */
    double measured_sum;      /* over the jobs heard whole: their seconds */
    double estimated_sum;     /* ... and their estimates */
    int input_rate;
    tts_device *device;
    tts_sink *sink;
    tts_mix *mix;
    tts_mix_options mix_options;
    tts_pool *pool;
    size_t workers;
    size_t lookahead;         /* items kept in synthesis: `workers`, once sound is heard */
    double speed;
    play_terminal terminal;
    play_media_keys *media_keys; /* NULL until opened, and when off */
    bool media_keys_tried;

    /* The pool's session: the speaker's name when asked, then the plan from
     * session_first; a key that jumps starts a new session. */
    size_t session_first;
    bool says_speaker;
    char *speaker_text;       /* "Anna Reyes." (owned) */
    int first_gap_ms;
    int carried_gap_ms;       /* the pause of an announcement left out, for what follows; or -1 */
    size_t session_resume;    /* byte offset to resume the first job at, or NO_OFFSET */
    size_t submitted;         /* items handed to the pool */
    size_t playing_item;      /* the item being collected */

    /* The job being heard. */
    size_t current;
    bool playing_name;
    uint64_t job_samples;     /* input samples of its synthesis, dropped ones included */
    word_mark *words;
    size_t word_count;
    size_t word_capacity;
    size_t resume_offset;     /* drop audio before the word at this offset, or NO_OFFSET */
    uint64_t resume_sample;   /* where that word starts, once known */
    bool heard_anything;

    play_lengths lengths;     /* measures the jobs ahead, for the total */
    uint64_t resume_key;      /* names the piece's kept position */
    bool has_saved;           /* a position from an earlier run is kept: c goes there */
    size_t saved_job, saved_offset;
    double shown_elapsed;     /* the status line's last position: plain playback never goes back */
    bool jumped;              /* a key moved the position since the last status line */
    play_command command;     /* asked for by a key; acted on once the write unwinds */
    bool paused;
    bool quit;
    bool starvation_reported;
    struct timespec last_status;
    tts_status failure;       /* an error met while waiting on the device */
    tts_error failure_error;
    tts_error error;          /* where the stages report */
} player;

/* ------------------------------------------------------------ status line */

/* --announce-max-speed: above it, announcements are left out, decided at
 * the moment they come (+ and - can cross it). */
static bool announcements_silent(const player *p)
{
    return p->render->announce_max_speed > 0 && p->speed > p->render->announce_max_speed;
}


static const char *speaker_name(const player *p, size_t job)
{
    return tts_script_speaker_name(p->script, p->script->turns[p->jobs[job].turn].speaker);
}

static double input_seconds_queued(player *p)
{
    return (double)tts_device_queued(p->device) / tts_device_sample_rate(p->device);
}

static void note_length(player *p, size_t job, double seconds);

/* Where the listener is in the piece and how long it lasts, in seconds at
 * the current speed (estimates stand in for turns not heard whole yet, and
 * *estimated says so). */
static void piece_times(player *p, double *elapsed, double *total, bool *estimated)
{
    *elapsed = *total = 0;
    *estimated = false;
    size_t job;
    uint64_t samples;
    while (tts_play_lengths_take(&p->lengths, &job, &samples))
        if (job < p->job_count && p->job_seconds[job] <= 0 && samples > 0)
            note_length(p, job, (double)samples / p->input_rate);
    double scale = p->measured_sum > 0 && p->estimated_sum > 0
                       ? p->measured_sum / p->estimated_sum : 1.0;
    bool silent = announcements_silent(p);
    for (size_t j = 0; j < p->job_count; j++) {
        if (silent && p->jobs[j].is_announcement)
            continue;
        double seconds = p->job_seconds[j] > 0 ? p->job_seconds[j] : p->job_estimate[j] * scale;
        *estimated = *estimated || (p->job_seconds[j] <= 0 && p->jobs[j].text[0] != '\0');
        double length = p->jobs[j].gap_ms / 1000.0 + seconds / p->speed;
        if (j < p->current)
            *elapsed += length;
        *total += length;
    }
    /* Into the current job: its gap and what was sent, less what still waits on the device. */
    double into = p->jobs[p->current].gap_ms / 1000.0 + (double)p->job_samples / p->input_rate -
                  input_seconds_queued(p);
    if (!p->playing_name && into > 0)
        *elapsed += into;
    if (*elapsed > *total)
        *total = *elapsed;
}

static void show_status(player *p, bool now)
{
    if (!p->terminal.status_line)
        return;
    if (!now && seconds_since(&p->last_status) < STATUS_INTERVAL_SECONDS)
        return;
    clock_gettime(CLOCK_MONOTONIC, &p->last_status);
    double elapsed, total;
    bool estimated;
    piece_times(p, &elapsed, &total, &estimated);
    /* Between jobs the estimate of what is queued can dip: what was shown
     * stands until a key moves the position. */
    if (!p->jumped && elapsed < p->shown_elapsed)
        elapsed = p->shown_elapsed;
    total = total < elapsed ? elapsed : total;
    p->shown_elapsed = elapsed;
    p->jumped = false;
    char line[512];
    tts_play_format_status(line, sizeof line, tts_play_terminal_width(), speaker_name(p, p->current),
                       p->jobs[p->current].turn + 1, p->script->turn_count, elapsed, total,
                       estimated, p->speed, p->paused);
    tts_play_terminal_status(&p->terminal, line);
}

static void report_starvation(player *p)
{
    if (!tts_device_take_underflow(p->device) || p->starvation_reported)
        return;
    p->starvation_reported = true;
    if (!p->options->quiet)
        tts_play_terminal_print(&p->terminal,
                            "ttsread: playback ran ahead of synthesis; there may be short dropouts");
}

/* --------------------------------------------------------------- keyboard */

/* Seconds into the job being heard, for the media keys' Position. */
static double heard_seconds(void *user)
{
    player *p = user;
    double into = (double)p->job_samples / p->input_rate - input_seconds_queued(p);
    return into > 0 ? into : 0;
}

/* The media keys show the turn heard, its speaker and whether it is paused. */
static void show_media_keys(player *p)
{
    if (p->media_keys == NULL)
        return;
    double seconds = p->job_seconds[p->current];
    play_media_state state = {p->paused, p->jobs[p->current].turn, speaker_name(p, p->current),
                              seconds > 0 ? seconds / p->speed : 0, p->speed};
    tts_play_media_keys_show(p->media_keys, &state);
}

/* The media keys go on the bus the first time the device is full, when the
 * player has time to spare (or after the first item, if it never fills): the
 * first sound is not held back for them. */
static void open_media_keys(player *p)
{
    p->media_keys_tried = true;
    tts_error error;
    tts_error_clear(&error);
    const char *why = NULL;
    if (p->options->no_media_keys)
        why = "--no-mpris";
    else {
        play_media_keys_options options = {p->script->title, MIN_SPEED, MAX_SPEED,
                                           heard_seconds, p};
        if (tts_play_media_keys_open(&options, &p->media_keys, &error) != TTS_OK)
            why = error.message;
    }
    if (why != NULL && p->options->verbose) {
        char line[sizeof error.message + 64];
        snprintf(line, sizeof line, "ttsread: media keys off: %s", why);
        tts_play_terminal_print(&p->terminal, line);
    }
    show_media_keys(p);
}

/* The next key, or media key, within timeout_ms. */
static play_command read_command(player *p, int timeout_ms)
{
    if (!p->media_keys_tried && timeout_ms > 0)
        open_media_keys(p);
    play_command command = tts_play_media_keys_take(p->media_keys);
    if (command != PLAY_NONE)
        return command;
    p->terminal.wake_fd = tts_play_media_keys_fd(p->media_keys);
    command = tts_play_terminal_read(&p->terminal, timeout_ms);
    return command != PLAY_NONE ? command : tts_play_media_keys_take(p->media_keys);
}

static int fail_in_wait(player *p, tts_status status)
{
    p->failure = status;
    p->failure_error = p->error;
    return 1;
}

/* Holds playback until space, or another key that moves elsewhere. */
static int wait_paused(player *p)
{
    tts_status status = tts_device_pause(p->device, &p->error);
    if (status != TTS_OK)
        return fail_in_wait(p, status);
    p->paused = true;
    show_status(p, true);
    show_media_keys(p);
    int stop = 0;
    while (!stop) {
        if (tts_signals_pending()) {
            stop = 1;
            break;
        }
        play_command command = read_command(p, PAUSED_POLL_MS);
        if (command == PLAY_PAUSE)
            break;
        if (command == PLAY_HELP)
            tts_play_terminal_print(&p->terminal, tts_play_help_text);
        else if (command != PLAY_NONE) {
            p->command = command;
            stop = 1;
        }
    }
    p->paused = false;
    show_status(p, true);
    show_media_keys(p);
    return stop;
}

/* The device's wait hook: reads keys while the device is full. */
static int player_wait(void *user, int timeout_ms)
{
    player *p = user;
    if (tts_signals_pending())
        return 1;
    play_command command = read_command(p, timeout_ms);
    switch (command) {
    case PLAY_NONE: break;
    case PLAY_PAUSE:
        if (wait_paused(p))
            return 1;
        break;
    case PLAY_HELP: tts_play_terminal_print(&p->terminal, tts_play_help_text); break;
    default: p->command = command; return 1;
    }
    report_starvation(p);
    show_status(p, false);
    return tts_signals_pending() != 0;
}

/* ------------------------------------------------------------- one session */

static size_t item_job(const player *p, size_t item)
{
    if (p->says_speaker)
        return item == 0 ? NAME_ITEM : p->session_first + item - 1;
    return p->session_first + item;
}

static bool item_exists(const player *p, size_t item)
{
    size_t job = item_job(p, item);
    return job == NAME_ITEM || job < p->job_count;
}

static const char *item_text(const player *p, size_t item)
{
    size_t job = item_job(p, item);
    return job == NAME_ITEM ? p->speaker_text : p->jobs[job].text;
}

static const tts_voice *item_voice(const player *p, size_t item)
{
    size_t job = item_job(p, item);
    if (job == NAME_ITEM)
        return tts_cast_voice(p->palette, p->cast, TTS_NARRATOR);
    return tts_render_job_voice(p->script, p->palette, p->cast, &p->jobs[job]);
}

static bool item_left_out(const player *p, size_t item)
{
    size_t job = item_job(p, item);
    return job != NAME_ITEM && job < p->job_count && p->jobs[job].is_announcement &&
           announcements_silent(p);
}

/* Keeps up to `lookahead` items in synthesis, from the one being played on. */
static tts_status submit_ahead(player *p, size_t playing)
{
    tts_status status = TTS_OK;
    while (status == TTS_OK && p->submitted < playing + p->lookahead &&
           item_exists(p, p->submitted) && tts_pool_has_room(p->pool)) {
        size_t item = p->submitted++;
        const char *text = item_text(p, item);
        if (text[0] != '\0' && !item_left_out(p, item))
            status = tts_pool_submit(p->pool, item, item_voice(p, item), p->speed, text, &p->error);
    }
    return status;
}

/* At the start only the first item is synthesized: forking the other
 * workers (a millisecond or two each on a busy machine) waits until the
 * device holds its first quarter second of sound. */
#define FIRST_SOUND_SAMPLES(p) ((uint64_t)(p)->input_rate / 4)

static tts_status widen_lookahead(player *p)
{
    if (p->lookahead >= p->workers)
        return TTS_OK;
    p->lookahead = p->workers;
    return submit_ahead(p, p->playing_item);
}

/* Starts synthesis afresh from `job` (stopping what was ahead). */
static tts_status start_session(player *p, size_t job, bool says_speaker, int gap_ms,
                                size_t resume_offset)
{
    tts_pool_close(p->pool);
    p->pool = NULL;
    tts_status status = tts_pool_open(p->workers, MAX_BUFFERED_BYTES, &p->pool, &p->error);
    p->session_first = job;
    p->says_speaker = says_speaker;
    p->first_gap_ms = gap_ms;
    p->carried_gap_ms = -1;
    p->submitted = 0;
    p->session_resume = resume_offset;
    p->current = job;
    show_media_keys(p); /* Next and Previous show their turn at once, before its gap */
    return status == TTS_OK ? submit_ahead(p, 0) : status;
}

static int on_word(void *user, uint64_t sample, size_t offset, size_t length)
{
    (void)length;
    player *p = user;
    if (!TTS_GROW(p->words, p->word_capacity, p->word_count + 1, 256))
        return 0; /* only resuming mid-turn needs them */
    p->words[p->word_count++] = (word_mark){sample, offset};
    if (p->resume_offset != NO_OFFSET && p->resume_sample == UNKNOWN_SAMPLE &&
        offset >= p->resume_offset)
        p->resume_sample = sample;
    return 0;
}

static int on_audio(void *user, const int16_t *samples, size_t count)
{
    player *p = user;
    uint64_t start = p->job_samples;
    p->job_samples += count;
    if (p->resume_offset != NO_OFFSET) {
        /* Resuming mid-turn: drop what comes before the word to resume at. */
        if (p->resume_sample == UNKNOWN_SAMPLE || p->job_samples <= p->resume_sample)
            return 0;
        size_t skip = p->resume_sample > start ? (size_t)(p->resume_sample - start) : 0;
        samples += skip;
        count -= skip;
        p->resume_offset = NO_OFFSET;
    }
    if (tts_mix_audio(p->mix, samples, count, &p->error) != TTS_OK)
        return 1;
    /* Inside the pool's collect, which keeps serving this item meanwhile. */
    if (p->lookahead < p->workers && p->job_samples >= FIRST_SOUND_SAMPLES(p) &&
        widen_lookahead(p) != TTS_OK)
        return fail_in_wait(p, p->error.code);
    if (!p->heard_anything && count > 0) {
        p->heard_anything = true;
        if (p->options->verbose) {
            char line[128];
            snprintf(line, sizeof line, "ttsread: first audio written %.1f ms after start",
                     seconds_since(&process_start) * 1000.0);
            tts_play_terminal_print(&p->terminal, line);
        }
    }
    return 0;
}

/* The byte offset of the word being heard in the current job, to resume at. */
static size_t heard_word(player *p)
{
    if (p->playing_name)
        return p->session_resume;
    if (p->resume_offset != NO_OFFSET)
        return p->resume_offset;
    double heard = (double)p->job_samples -
                   input_seconds_queued(p) * p->input_rate;
    size_t offset = NO_OFFSET;
    for (size_t w = 0; w < p->word_count && (double)p->words[w].sample <= heard; w++)
        offset = p->words[w].offset;
    return offset;
}

static tts_status play_name(player *p)
{
    const tts_voice *narrator = tts_cast_voice(p->palette, p->cast, TTS_NARRATOR);
    p->playing_name = true;
    p->resume_offset = NO_OFFSET;
    tts_status status = tts_mix_turn_begin(p->mix, p->jobs[p->current].turn, narrator, &p->error);
    tts_synth_output output = {on_audio, NULL, p};
    if (status == TTS_OK)
        status = tts_pool_collect(p->pool, 0, &output, &p->error);
    if (status == TTS_OK)
        status = tts_mix_turn_end(p->mix, &p->error);
    p->playing_name = false;
    return status;
}

/* A job heard whole: its real length replaces the estimate, and scales the
 * estimates of the rest. */
static void note_length(player *p, size_t job, double seconds)
{
    if (p->job_seconds[job] > 0) {
        p->measured_sum -= p->job_seconds[job];
        p->estimated_sum -= p->job_estimate[job];
    }
    p->job_seconds[job] = seconds;
    p->measured_sum += seconds;
    p->estimated_sum += p->job_estimate[job];
}

/* Plays one item of the session, as tts_render writes the same job. */
static tts_status play_item(player *p, size_t item)
{
    p->playing_item = item;
    tts_status status = submit_ahead(p, item);
    size_t index = item_job(p, item);
    int gap = item == 0                        ? p->first_gap_ms
              : p->says_speaker && item == 1   ? p->render->mix.turn_gap_ms
                                               : p->jobs[index].gap_ms;
    if (item_left_out(p, item)) {
        /* What follows gets the pause before the name, as in a plan without it. */
        p->carried_gap_ms = gap;
        return status;
    }
    if (p->carried_gap_ms >= 0) {
        gap = p->carried_gap_ms;
        p->carried_gap_ms = -1;
    }
    if (status == TTS_OK)
        status = tts_mix_silence(p->mix, gap, &p->error);
    if (status != TTS_OK || index == NAME_ITEM)
        return status == TTS_OK ? play_name(p) : status;

    const tts_render_job *job = &p->jobs[index];
    const tts_turn *turn = &p->script->turns[job->turn];
    bool first_job = item == (p->says_speaker ? 1u : 0u);
    p->resume_offset = first_job ? p->session_resume : NO_OFFSET;
    bool resumed = p->resume_offset != NO_OFFSET;
    p->current = index;
    p->job_samples = 0;
    p->word_count = 0;
    p->resume_sample = UNKNOWN_SAMPLE;
    show_status(p, true);
    show_media_keys(p);
    if (!job->is_announcement)
        status = tts_mix_turn_begin(p->mix, job->turn,
                                    tts_render_job_voice(p->script, p->palette, p->cast, job),
                                    &p->error);
    if (status == TTS_OK && job->text[0] != '\0') {
        tts_synth_output output = {on_audio, on_word, p};
        status = tts_pool_collect(p->pool, item, &output, &p->error);
    } else if (status == TTS_OK && turn->kind == TTS_TURN_CUE) {
        status = tts_mix_silence(p->mix, p->render->mix.cue_gap_ms, &p->error);
    }
    if (status == TTS_OK && !job->is_announcement)
        status = tts_mix_turn_end(p->mix, &p->error);
    if (status == TTS_OK && !resumed && job->text[0] != '\0')
        note_length(p, index, (double)p->job_samples / p->input_rate * p->speed);
    if (status == TTS_OK)
        status = widen_lookahead(p); /* a first item shorter than FIRST_SOUND_SAMPLES */
    return status;
}

/* ---------------------------------------------------------------- commands */

static tts_status say_speaker(player *p)
{
    const tts_turn *turn = &p->script->turns[p->jobs[p->current].turn];
    const char *name = tts_script_speaker_name(p->script, turn->speaker);
    const char *role = turn->speaker >= 0 ? p->script->speakers[turn->speaker].role : NULL;
    tts_strbuf text = TTS_STRBUF_INIT;
    if (!tts_strbuf_printf(&text, "%s.", name))
        return tts_error_set(&p->error, TTS_ERR_NOMEM, "out of memory");
    free(p->speaker_text);
    p->speaker_text = tts_strbuf_detach(&text);
    char line[512];
    snprintf(line, sizeof line, "speaking: %s%s%s%s", name, role ? " (" : "", role ? role : "",
             role ? ")" : "");
    tts_play_terminal_print(&p->terminal, line);
    return TTS_OK;
}

/* Acts on the key that stopped playback; sets *finished when nothing is left to play. */
static tts_status follow_command(player *p, bool *finished)
{
    play_command command = p->command;
    p->command = PLAY_NONE;
    p->jumped = true;
    size_t resume = heard_word(p);
    tts_device_discard(p->device, 0); /* a key ends the skip to --start-at's time */
    tts_status status = tts_device_flush(p->device, &p->error);
    /* A fresh mix: no resampler or limiter history from where we were. */
    tts_mix_close(p->mix);
    p->mix = NULL;
    if (status == TTS_OK)
        status = tts_mix_open(&p->mix_options, &p->sink, 1, &p->mix, &p->error);
    if (status != TTS_OK)
        return status;
    size_t turn = p->jobs[p->current].turn;
    bool resumable = !p->jobs[p->current].is_announcement;
    switch (command) {
    case PLAY_QUIT: {
        /* Kept for the next run: the sentence being heard. */
        size_t job = p->current;
        while (job + 1 < p->job_count && p->jobs[job].is_announcement)
            job++;
        size_t sentence = resumable && resume != NO_OFFSET
                              ? tts_play_sentence_start(p->jobs[job].text, resume, 0) : 0;
        tts_error ignored;
        tts_play_resume_save(p->resume_key, job, sentence, p->job_count, &ignored);
        p->quit = true;
        *finished = true;
        return TTS_OK;
    }
    case PLAY_CONTINUE:
        if (!p->has_saved)
            return start_session(p, p->current, false, 0, resumable ? resume : NO_OFFSET);
        return start_session(p, p->saved_job, false, p->render->mix.turn_gap_ms,
                             p->saved_offset);
    case PLAY_FASTER:
    case PLAY_SLOWER:
        p->speed += command == PLAY_FASTER ? SPEED_STEP : -SPEED_STEP;
        p->speed = p->speed < MIN_SPEED ? MIN_SPEED : p->speed > MAX_SPEED ? MAX_SPEED : p->speed;
        p->speed = round(p->speed * 100) / 100;
        return start_session(p, p->current, false, 0, resumable ? resume : NO_OFFSET);
    case PLAY_SAY_SPEAKER:
        status = say_speaker(p);
        if (status != TTS_OK)
            return status;
        return start_session(p, p->current, true, 0, resumable ? resume : NO_OFFSET);
    case PLAY_NEXT_SENTENCE:
    case PLAY_PREVIOUS_SENTENCE:
    case PLAY_REPEAT_SENTENCE: {
        /* Within the turn when it has that sentence; past its ends, the
         * next turn, or the previous turn's last sentence. */
        const char *text = p->jobs[p->current].text;
        size_t at = resumable && resume != NO_OFFSET ? resume : 0;
        int step = command == PLAY_NEXT_SENTENCE ? 1 : command == PLAY_PREVIOUS_SENTENCE ? -1 : 0;
        size_t sentence = resumable ? tts_play_sentence_start(text, at, step) : NO_OFFSET;
        if (sentence != NO_OFFSET)
            return start_session(p, p->current, false, p->render->mix.turn_gap_ms / 2, sentence);
        if (step < 0 && turn > 0) {
            size_t target = tts_play_target_turn(p->script, turn, PLAY_PREVIOUS);
            size_t job = p->first_job_of_turn[target];
            while (job + 1 < p->job_count && p->jobs[job].is_announcement)
                job++;
            return start_session(p, job, false, p->render->mix.turn_gap_ms,
                                 tts_play_sentence_start(p->jobs[job].text, SIZE_MAX - 1, 0));
        }
        command = step < 0 ? PLAY_REPEAT : PLAY_NEXT;
    }
        __attribute__((fallthrough));
    default: {
        size_t target = tts_play_target_turn(p->script, turn, command);
        if (target >= p->script->turn_count) {
            *finished = true;
            return TTS_OK;
        }
        size_t job = p->first_job_of_turn[target];
        /* A breath between the cut and what follows, even before the first turn. */
        int gap = p->jobs[job].gap_ms > 0 ? p->jobs[job].gap_ms : p->render->mix.turn_gap_ms;
        return start_session(p, job, false, gap, NO_OFFSET);
    }
    }
}

/* ------------------------------------------------------------------ set-up */

static tts_status prepare(player *p, tts_error *err)
{
    /* Every announcement is planned: the speed, which + and - change, decides
     * as each comes whether it is said. */
    tts_render_options plan = *p->render;
    plan.announce_max_speed = 0;
    tts_status status = tts_render_plan(p->script, p->cast, &plan, &p->jobs, &p->job_count, err);
    if (status != TTS_OK)
        return status;
    size_t turns = p->script->turn_count;
    p->first_job_of_turn = malloc((turns + 1) * sizeof *p->first_job_of_turn);
    p->job_seconds = calloc(p->job_count + 1, sizeof *p->job_seconds);
    p->job_estimate = calloc(p->job_count + 1, sizeof *p->job_estimate);
    if (p->first_job_of_turn == NULL || p->job_seconds == NULL || p->job_estimate == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    for (size_t t = 0; t < turns; t++)
        p->first_job_of_turn[t] = NO_OFFSET;
    for (size_t j = p->job_count; j-- > 0;) {
        p->first_job_of_turn[p->jobs[j].turn] = j;
        p->job_estimate[j] = tts_play_estimate_seconds(
            p->jobs[j].text, tts_render_job_voice(p->script, p->palette, p->cast, &p->jobs[j]));
    }
    if (p->job_count == 0)
        return tts_error_set(err, TTS_ERR_EMPTY, "nothing to play");
    size_t wanted = p->options->start.turn;
    if (wanted > turns)
        return tts_error_set(err, TTS_ERR_USAGE, "--start-at %zu: there are only %zu turns",
                             wanted, turns);
    return TTS_OK;
}

static tts_status open_output(player *p, tts_error *err)
{
    const tts_mix_options *mix = &p->render->mix;
    tts_device_options device_options = {p->options->device,
                                         mix->output_rate > 0 ? mix->output_rate : mix->input_rate,
                                         mix->channels == 2 ? 2 : 1};
    tts_status status = tts_device_open(&device_options, &p->device, err);
    if (status == TTS_OK)
        status = tts_device_sink_open(p->device, &p->sink, err);
    if (status != TTS_OK)
        return status;
    p->mix_options = *mix;
    p->mix_options.output_rate = tts_device_sample_rate(p->device);
    status = tts_mix_open(&p->mix_options, &p->sink, 1, &p->mix, err);
    if (status != TTS_OK)
        return status;
    tts_device_set_wait(p->device, player_wait, p);
    if (p->options->start.turn == 0)
        tts_device_discard(p->device, (uint64_t)(p->options->start.seconds *
                                                 tts_device_sample_rate(p->device)));
    return TTS_OK;
}

static void verbose_header(player *p)
{
    if (!p->options->verbose)
        return;
    char line[512];
    snprintf(line, sizeof line, "ttsread: playing on %s at %d Hz (%.0f ms device latency)",
             tts_device_name(p->device), tts_device_sample_rate(p->device),
             tts_device_latency(p->device) * 1000.0);
    tts_play_terminal_print(&p->terminal, line);
}

/* Plays sessions until the end, q, or an error. */
static tts_status run(player *p)
{
    tts_status status = TTS_OK;
    bool finished = false;
    size_t item = 0;
    while (status == TTS_OK && !finished) {
        if (!item_exists(p, item)) {
            status = tts_mix_finish(p->mix, &p->error);
            if (status == TTS_OK)
                status = tts_device_drain(p->device, &p->error);
            break;
        }
        status = play_item(p, item);
        if (status == TTS_OK && !p->media_keys_tried)
            open_media_keys(p); /* a device that never filled */
        if (status == TTS_OK) {
            item++;
            report_starvation(p);
            continue;
        }
        if (p->failure != TTS_OK) {
            p->error = p->failure_error;
            status = p->failure;
        } else if (p->command != PLAY_NONE && !tts_signals_pending()) {
            status = follow_command(p, &finished);
            item = 0;
        } else if (tts_signals_pending()) {
            status = tts_error_set(&p->error, TTS_ERR_INTERRUPTED, "interrupted");
        }
    }
    return status;
}

static void player_free(player *p)
{
    tts_play_lengths_stop(&p->lengths);
    tts_play_media_keys_close(p->media_keys);
    tts_mix_close(p->mix);
    tts_sink_abort(p->sink);
    tts_device_close(p->device);
    tts_pool_close(p->pool);
    tts_render_plan_free(p->jobs, p->job_count);
    free(p->first_job_of_turn);
    free(p->job_seconds);
    free(p->job_estimate);
    free(p->words);
    free(p->speaker_text);
}

tts_status tts_play(const tts_script *script, const tts_palette *palette, const tts_cast *cast,
                    const tts_render_options *render, const tts_play_options *options,
                    tts_play_result *result, tts_error *err)
{
    memset(result, 0, sizeof *result);
    player p = {0};
    p.script = script;
    p.palette = palette;
    p.cast = cast;
    p.render = render;
    p.options = options;
    p.input_rate = render->mix.input_rate > 0 ? render->mix.input_rate : TTS_DEFAULT_SAMPLE_RATE;
    p.speed = render->speed > 0 ? render->speed : 1.0;
    /* Two workers at least: the next turn is ready when this one ends. */
    p.workers = render->jobs > 2 ? render->jobs : 2;
    p.resume_offset = NO_OFFSET;
    p.terminal.keyboard = -1;
    p.terminal.wake_fd = -1;
    p.lengths = (play_lengths){.pid = -1, .fd = -1};
    tts_error_clear(&p.error);

    play_renderer child = {.pid = -1, .message_fd = -1}; /* finished whether or not it started */
    /* A line for the listener, printed once the device is open: until then
     * stderr may still be silenced while the audio library starts. */
    char notice[4410] = "";
    tts_status status = prepare(&p, err);
    if (status == TTS_OK)
        status = tts_play_renderer_start(&child, script, palette, cast, render, err);
    /* The first turn is synthesized while the device opens; the other
     * workers are forked once it sounds (widen_lookahead), so as not to delay it. */
    p.lookahead = 1;
    if (status == TTS_OK) {
        size_t first = options->start.turn > 0 ? p.first_job_of_turn[options->start.turn - 1] : 0;
        size_t offset = NO_OFFSET;
        char note[4400];
        p.resume_key = tts_play_resume_key(script);
        int saved = tts_play_resume_load(p.resume_key, p.job_count, &p.saved_job, &p.saved_offset,
                                     note, sizeof note);
        p.has_saved = saved > 0;
        bool starts_elsewhere = options->start.turn > 0 || options->start.seconds > 0;
        if (saved < 0 && !options->quiet)
            snprintf(notice, sizeof notice, "ttsread: %s", note);
        if (p.has_saved && options->resume && !starts_elsewhere) { /* --start-at wins */
            first = p.saved_job;
            offset = p.saved_offset;
        } else if (p.has_saved && !options->quiet && isatty(STDIN_FILENO)) {
            snprintf(notice, sizeof notice,
                     "ttsread: you stopped at turn %zu of %zu last time: press c to continue there",
                     p.jobs[p.saved_job].turn + 1, script->turn_count);
        }
        status = start_session(&p, first, false, 0, offset);
        if (status != TTS_OK)
            *err = p.error;
    }
    if (status == TTS_OK)
        status = open_output(&p, err);
    if (notice[0] != '\0')
        tts_play_terminal_print(&p.terminal, notice);
    /* Only the status line shows the total; a failure to measure leaves estimates. */
    if (status == TTS_OK && !options->quiet && isatty(STDERR_FILENO)) {
        tts_error ignored;
        tts_play_lengths_start(&p.lengths, script, palette, cast, p.jobs, p.job_count, &ignored);
    }
    if (status == TTS_OK) {
        tts_play_terminal_open(&p.terminal, !options->quiet);
        verbose_header(&p);
        status = run(&p);
        if (status != TTS_OK && status != TTS_ERR_INTERRUPTED)
            *err = p.error;
        if (status == TTS_OK && !p.quit)
            tts_play_resume_forget(p.resume_key); /* heard to the end */
        if (status == TTS_OK && !p.quit && tts_device_discarding(p.device) > 0) {
            char start[32];
            tts_play_format_time(start, sizeof start, options->start.seconds);
            status = tts_error_set(err, TTS_ERR_USAGE, "--start-at %s: the audio is shorter", start);
        }
        tts_play_terminal_close(&p.terminal);
    }
    result->quit = p.quit;
    player_free(&p);
    bool stop_renderer = status != TTS_OK || tts_signals_pending();
    tts_status rendered = tts_play_renderer_finish(&child, stop_renderer, err);
    if (status == TTS_OK && tts_signals_pending())
        status = tts_error_set(err, TTS_ERR_INTERRUPTED, "interrupted");
    return status == TTS_OK ? rendered : status;
}
