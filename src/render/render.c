/* render.c: drives one script through synthesis workers, the mix and the
 * sinks, keeping up to `jobs` turns in flight and writing them in order. */
#include "ttsread/render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ttsread/sink.h"
#include "ttsread/speak.h"
#include "ttsread/synth.h"
#include "util/signals.h"
#include "util/strbuf.h"

/* Audio held for turns ahead of the one being written: bounds memory while
 * letting workers run ahead (about 23 s of 22 kHz speech, tens of turns:
 * workers synthesize far faster than that is heard, so they never wait
 * for long on it). */
#define MAX_BUFFERED_BYTES ((size_t)1024 * 1024)

/* One unit of synthesis: a turn, or the narrator's announcement before it. */
typedef tts_render_job render_job;

static tts_status plan_jobs(const tts_script *script, const tts_cast *cast,
                            const tts_render_options *options, render_job **out, size_t *count,
                            tts_error *err)
{
    tts_announce announce = options->announce;
    if (options->announce_max_speed > 0 && options->speed > options->announce_max_speed)
        announce = TTS_ANNOUNCE_OFF;
    bool skip_cues = options->skip_cues;
    render_job *jobs = calloc(script->turn_count * 2 + 1, sizeof *jobs);
    if (jobs == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    size_t n = 0;
    unsigned char *announced = calloc(script->speaker_count + 1, 1);
    if (announced == NULL) {
        free(jobs);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    }
    int previous = TTS_NARRATOR;
    tts_status status = TTS_OK;
    for (size_t t = 0; t < script->turn_count && status == TTS_OK; t++) {
        const tts_turn *turn = &script->turns[t];
        if (turn->kind == TTS_TURN_CUE && skip_cues) /* --cues skip: not even a pause */
            continue;
        bool change = turn->speaker != previous && turn->speaker != TTS_NARRATOR;
        bool named = turn->speaker != TTS_NARRATOR &&
                     ((announce == TTS_ANNOUNCE_FIRST && change && !announced[turn->speaker]) ||
                      (announce == TTS_ANNOUNCE_CHANGE && change) || announce == TTS_ANNOUNCE_ALWAYS);
        if (turn->kind == TTS_TURN_SPEECH && named) {
            tts_strbuf text = TTS_STRBUF_INIT;
            if (!tts_strbuf_printf(&text, "%s.", script->speakers[turn->speaker].name))
                status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
            char *said = tts_strbuf_detach(&text);
            if (status == TTS_OK && said != NULL && options->lexicon != NULL) {
                char *name = said;
                status = tts_lexicon_say(options->lexicon, name, script->lang, &said, err);
                free(name);
            }
            jobs[n++] = (render_job){.turn = t, .voice = cast->narrator, .text = said, .is_announcement = 1};
            announced[turn->speaker] = 1;
        }
        if (turn->kind != TTS_TURN_CUE)
            previous = turn->speaker;
        const char *spoken = turn->spoken ? turn->spoken : turn->text;
        jobs[n].text = tts_strndup(spoken, strlen(spoken));
        jobs[n].turn = t;
        jobs[n].voice = tts_cast_voice_of(cast, turn->speaker);
        if (jobs[n++].text == NULL)
            status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    }
    free(announced);
    *out = jobs;
    *count = n;
    return status;
}

static void free_jobs(render_job *jobs, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(jobs[i].text);
    free(jobs);
}

typedef struct mix_target {
    tts_mix *mix;
    const tts_turn *turn;  /* whose words are timed, or NULL (an announcement) */
    tts_error *err;
    tts_status status;
} mix_target;

static int deliver_audio(void *user, const int16_t *samples, size_t count)
{
    mix_target *target = user;
    if (tts_signals_pending()) {
        target->status = tts_error_set(target->err, TTS_ERR_INTERRUPTED, "interrupted");
        return 1;
    }
    target->status = tts_mix_audio(target->mix, samples, count, target->err);
    return target->status != TTS_OK;
}

/* eSpeak NG points into the spoken text; captions and the read-along page
 * point at the words as written. */
static int deliver_word(void *user, uint64_t sample, size_t offset, size_t length)
{
    mix_target *target = user;
    if (target->turn == NULL)
        return 0;
    size_t text_offset, text_length;
    tts_speak_text_span(target->turn->spoken ? target->turn->spoken_map : NULL,
                        strlen(target->turn->text), offset, length, &text_offset, &text_length);
    target->status = tts_mix_word(target->mix, sample, text_offset, text_length, target->err);
    return target->status != TTS_OK;
}

/* Formats browsers play; the page brings its own WAV for any other. */
static int browser_plays(const char *path, const char *format_name)
{
    static const char *const playable[] = {"wav", "flac", "ogg", "opus", "mp3"};
    const char *dot = strrchr(path, '.');
    const char *name = format_name ? format_name : dot ? dot + 1 : "";
    for (size_t i = 0; i < sizeof playable / sizeof playable[0]; i++)
        if (strcasecmp(name, playable[i]) == 0)
            return 1;
    return 0;
}

/* Where the read-along page's audio is written when -o gives none it can
 * use: beside the page, as PAGE.wav when linked, or under a unique name
 * removed once embedded. The caller removes *temporary and untracks *slot. */
static tts_status readalong_audio_path(const char *page, int external, char *out, size_t size,
                                       int *temporary, int *slot, tts_error *err)
{
    *temporary = 0;
    *slot = -1;
    const char *dot = strrchr(page, '.'), *slash = strrchr(page, '/');
    int stem = dot && (!slash || dot > slash) ? (int)(dot - page) : (int)strlen(page);
    if (external) {
        if (snprintf(out, size, "%.*s.wav", stem, page) >= (int)size)
            return tts_error_set(err, TTS_ERR_USAGE, "%s: path too long", page);
        return TTS_OK;
    }
    if (snprintf(out, size, "%s.audio-XXXXXX.wav", page) >= (int)size)
        return tts_error_set(err, TTS_ERR_USAGE, "%s: path too long", page);
    int fd = mkstemps(out, 4);
    if (fd < 0)
        return tts_error_set(err, TTS_ERR_IO, "%s: %s", out, strerror(errno));
    close(fd);
    *temporary = 1;
    *slot = tts_signals_track_temporary(out);
    return TTS_OK;
}

/* Where the book's MP3 is made before it goes into the EPUB: a hidden
 * unique name beside the book (the caller removes it and untracks *slot). */
static tts_status epub_audio_path(const char *book, char *out, size_t size, int *slot,
                                  tts_error *err)
{
    *slot = -1;
    const char *slash = strrchr(book, '/');
    int folder = slash ? (int)(slash - book + 1) : 0;
    if (snprintf(out, size, "%.*s.%s.audio-XXXXXX.mp3", folder, book, book + folder) >= (int)size)
        return tts_error_set(err, TTS_ERR_USAGE, "%s: path too long", book);
    int fd = mkstemps(out, 4);
    if (fd < 0) {
        tts_status status = tts_error_set(err, TTS_ERR_IO, "%s: cannot create a file in %.*s: %s",
                                          book, folder > 1 ? folder - 1 : 1,
                                          folder ? book : ".", strerror(errno));
        out[0] = '\0';
        return status;
    }
    close(fd);
    *slot = tts_signals_track_temporary(out);
    return TTS_OK;
}

/* The book's dates: its input's, so that a re-render is byte-identical;
 * the ZIP epoch for stdin and URLs. */
static time_t epub_modified(const char *source)
{
    struct stat info;
    if (source != NULL && strcmp(source, "-") != 0 && stat(source, &info) == 0 &&
        S_ISREG(info.st_mode))
        return info.st_mtime;
    return 315532800; /* 1980-01-01T00:00:00Z */
}

/* The pause before a job: longer where the speaker changes. */
static int gap_before(const tts_script *script, const render_job *jobs, size_t index,
                      const tts_mix_options *mix)
{
    if (index == 0)
        return 0;
    const render_job *job = &jobs[index], *before = &jobs[index - 1];
    if (job->turn == before->turn)
        return mix->turn_gap_ms; /* after an announcement */
    const tts_turn *turn = &script->turns[job->turn];
    const tts_turn *previous = &script->turns[before->turn];
    if (turn->kind == TTS_TURN_CUE || previous->kind == TTS_TURN_CUE)
        return mix->turn_gap_ms;
    return turn->speaker != previous->speaker ? mix->speaker_gap_ms : mix->turn_gap_ms;
}

tts_status tts_render_plan(const tts_script *script, const tts_cast *cast,
                           const tts_render_options *options, tts_render_job **jobs,
                           size_t *count, tts_error *err)
{
    tts_status status = plan_jobs(script, cast, options, jobs, count, err);
    for (size_t j = 0; j < *count && status == TTS_OK; j++)
        (*jobs)[j].gap_ms = gap_before(script, *jobs, j, &options->mix);
    if (status != TTS_OK) {
        free_jobs(*jobs, *count);
        *jobs = NULL;
        *count = 0;
    }
    return status;
}

void tts_render_plan_free(tts_render_job *jobs, size_t count)
{
    free_jobs(jobs, count);
}

/* The voice a job speaks with: the cast's (in the script's language, with
 * cast file settings), not the bare palette profile of job->voice. */
static const tts_voice *job_voice(const tts_script *script, const tts_palette *palette,
                                  const tts_cast *cast, const render_job *job)
{
    int speaker = job->is_announcement ? TTS_NARRATOR : script->turns[job->turn].speaker;
    return tts_cast_voice(palette, cast, speaker);
}

const tts_voice *tts_render_job_voice(const tts_script *script, const tts_palette *palette,
                                     const tts_cast *cast, const tts_render_job *job)
{
    return job_voice(script, palette, cast, job);
}

/* Cue points in the -o file (sinks[0]); other formats ignore them. */
static tts_status set_cues(tts_sink *sink, const tts_script *script, const tts_timeline *timeline,
                           tts_error *err)
{
    tts_chapter *chapters;
    size_t count;
    tts_status status = tts_chapters_from_timeline(script, timeline, &chapters, &count, err);
    if (status == TTS_OK)
        status = tts_sink_set_cues(sink, chapters, count, err);
    free(chapters);
    return status;
}

/* The artist tag: every speaker who has a turn, by name, in order of
 * appearance, comma-separated (the narrator is the reader, not a speaker). */
static bool speaker_names(const tts_script *script, tts_strbuf *out)
{
    bool ok = tts_strbuf_append_string(out, "");
    for (size_t s = 0; s < script->speaker_count && ok; s++)
        if (script->speakers[s].turn_count > 0)
            ok = tts_strbuf_printf(out, "%s%s", out->length ? ", " : "", script->speakers[s].name);
    return ok;
}

void tts_render_options_default(tts_render_options *options)
{
    memset(options, 0, sizeof *options);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    options->jobs = cpus > 0 ? (size_t)cpus : 1;
    options->speed = 1.0;
    options->mix.input_rate = TTS_DEFAULT_SAMPLE_RATE;
    options->mix.channels = 1;
    options->mix.turn_gap_ms = TTS_DEFAULT_TURN_GAP_MS;
    options->mix.speaker_gap_ms = TTS_DEFAULT_SPEAKER_GAP_MS;
    options->mix.cue_gap_ms = TTS_DEFAULT_CUE_GAP_MS;
    options->mix.normalize = 1;
    options->mix.loudness_lufs = TTS_LOUDNESS_DEFAULT_LUFS;
}

/* --start-at TURN and --end-at TURN: keeps the jobs of those turns (an
 * announcement goes with its turn), so the files start at the first. */
static tts_status keep_turns(const tts_script *script, const tts_render_options *options,
                             render_job *jobs, size_t *count, tts_error *err)
{
    size_t first = options->start.turn, last = options->end.turn;
    if (first > script->turn_count)
        return tts_error_set(err, TTS_ERR_USAGE, "--start-at %zu: there are only %zu turns",
                             first, script->turn_count);
    if (last > 0 && last < first)
        return tts_error_set(err, TTS_ERR_USAGE, "--end-at %zu comes before --start-at %zu",
                             last, first);
    if (first == 0 && last == 0)
        return TTS_OK;
    size_t kept = 0;
    for (size_t j = 0; j < *count; j++) {
        bool inside = jobs[j].turn + 1 >= (first ? first : 1) && (last == 0 || jobs[j].turn < last);
        if (inside)
            jobs[kept++] = jobs[j];
        else
            free(jobs[j].text);
    }
    *count = kept;
    return TTS_OK;
}

tts_status tts_render(const tts_script *script, const tts_palette *palette, const tts_cast *cast,
                      const tts_render_options *asked, tts_render_result *result, tts_error *err)
{
    memset(result, 0, sizeof *result);
    /* -o book.epub (and -O DIR --ext epub) asks for the book alone */
    tts_render_options effective = *asked;
    if (tts_epub_named(effective.output_path)) {
        effective.epub_path = effective.output_path;
        effective.output_path = NULL;
    }
    const tts_render_options *options = &effective;
    render_job *jobs = NULL;
    size_t job_count = 0;
    tts_status status = plan_jobs(script, cast, options, &jobs, &job_count,
                                  err);
    if (status == TTS_OK)
        status = keep_turns(script, options, jobs, &job_count, err);
    if (status != TTS_OK) {
        free_jobs(jobs, job_count);
        return status;
    }

    tts_sink *sinks[TTS_MIX_MAX_SINKS];
    size_t sink_count = 0;
    tts_mix *mix = NULL;
    tts_pool *pool = NULL;
    tts_mix_options mix_options = options->mix;
    mix_options.measure_first = 1; /* files reach the loudness target exactly */
    mix_options.threads = (int)(options->jobs < 2 ? 1 : 2);
    mix_options.window_start = options->start.turn == 0 ? options->start.seconds : 0;
    mix_options.window_end = options->end.turn == 0 ? options->end.seconds : 0;
    if (mix_options.window_end > 0 && mix_options.window_end <= mix_options.window_start) {
        free_jobs(jobs, job_count);
        return tts_error_set(err, TTS_ERR_USAGE, "--end-at must come after --start-at");
    }
    int output_rate = mix_options.output_rate > 0 ? mix_options.output_rate : mix_options.input_rate;
    if (options->output_path != NULL)
        output_rate = tts_sink_rate_for(options->output_path, options->format_name, output_rate);
    mix_options.output_rate = output_rate;
    tts_strbuf artist = TTS_STRBUF_INIT;
    if (!speaker_names(script, &artist)) {
        free_jobs(jobs, job_count);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    }
    tts_audio_format format = {
        .sample_rate = output_rate,
        .channels = options->mix.channels == 2 ? 2 : 1,
        .tags = {script->title, artist.data, script->lang,
                 options->source != NULL && strcmp(options->source, "-") != 0 ? options->source
                                                                              : NULL},
    };
    if (options->output_path != NULL) {
        status = tts_sink_open(options->output_path, options->format_name, &format,
                               &sinks[sink_count], err);
        if (status == TTS_OK)
            sink_count++;
    }
    /* The read-along page plays the -o file when it is one a browser can. */
    const char *page_audio = options->output_path;
    char own_audio[4096] = "";
    int own_audio_temporary = 0, own_audio_slot = -1;
    if (status == TTS_OK && options->readalong_path != NULL &&
        (page_audio == NULL || strcmp(page_audio, "-") == 0 ||
         !browser_plays(page_audio, options->format_name))) {
        status = readalong_audio_path(options->readalong_path, options->readalong_external,
                                      own_audio, sizeof own_audio, &own_audio_temporary,
                                      &own_audio_slot, err);
        if (status == TTS_OK)
            status = tts_sink_open(own_audio, "wav", &format, &sinks[sink_count], err);
        if (status == TTS_OK)
            sink_count++;
        page_audio = own_audio;
    }
    /* The book's audio is MP3, not Opus: EPUB 3.2 reading systems (and
     * epubcheck 4.2, MED-005) accept no audio/ogg in media overlays, and
     * libsndfile gives every Ogg stream a random serial number, where its
     * MP3 is the same bytes for the same samples. */
    char book_audio[4096] = "";
    int book_audio_slot = -1;
    if (status == TTS_OK && options->epub_path != NULL && !tts_sink_rate_held("", "mp3", output_rate, NULL))
        status = tts_error_set(err, TTS_ERR_USAGE,
                               "%s: the book's MP3 cannot hold %d Hz audio (--rate 8000, 11025, "
                               "12000, 16000, 22050, 24000, 32000, 44100 or 48000)",
                               options->epub_path, output_rate);
    if (status == TTS_OK && options->epub_path != NULL) {
        status = epub_audio_path(options->epub_path, book_audio, sizeof book_audio,
                                 &book_audio_slot, err);
        if (status == TTS_OK)
            status = tts_sink_open(book_audio, "mp3", &format, &sinks[sink_count], err);
        if (status == TTS_OK)
            sink_count++;
    }
    if (status == TTS_OK)
        status = tts_mix_open(&mix_options, sinks, sink_count, &mix, err);
    if (status == TTS_OK)
        status = tts_pool_open(options->jobs, MAX_BUFFERED_BYTES, &pool, err);

    size_t next_submit = 0;
    for (size_t j = 0; j < job_count && status == TTS_OK && !tts_mix_past_window(mix); j++) {
        /* The pool holds a few jobs per worker, so workers run ahead. */
        while (next_submit < job_count && tts_pool_has_room(pool) && status == TTS_OK) {
            const render_job *job = &jobs[next_submit];
            if (job->text[0] != '\0')
                status = tts_pool_submit(pool, next_submit, job_voice(script, palette, cast, job),
                                         options->speed, job->text, err);
            next_submit++;
        }
        if (status != TTS_OK)
            break;
        const render_job *job = &jobs[j];
        const tts_turn *turn = &script->turns[job->turn];
        status = tts_mix_silence(mix, gap_before(script, jobs, j, &options->mix), err);
        if (status == TTS_OK && !job->is_announcement)
            status = tts_mix_turn_begin(mix, job->turn, job_voice(script, palette, cast, job), err);
        if (status == TTS_OK && job->text[0] != '\0') {
            mix_target target = {mix, job->is_announcement ? NULL : turn, err, TTS_OK};
            tts_synth_output output = {deliver_audio, deliver_word, &target};
            status = tts_pool_collect(pool, j, &output, err);
            if (target.status != TTS_OK)
                status = target.status;
        } else if (status == TTS_OK && turn->kind == TTS_TURN_CUE) {
            status = tts_mix_silence(mix, options->mix.cue_gap_ms, err);
        }
        if (status == TTS_OK && !job->is_announcement)
            status = tts_mix_turn_end(mix, err);
        if (status == TTS_OK && tts_signals_pending())
            status = tts_error_set(err, TTS_ERR_INTERRUPTED, "interrupted");
        if (status == TTS_OK && options->progress != NULL)
            options->progress(options->progress_user, j + 1, job_count);
    }
    tts_pool_close(pool);
    if (status == TTS_OK)
        status = tts_mix_finish(mix, err);
    if (status == TTS_OK && mix_options.window_start > 0 && tts_mix_timeline(mix)->total_samples == 0)
        status = tts_error_set(err, TTS_ERR_USAGE, "--start-at %gs: the audio is shorter",
                               mix_options.window_start);

    const tts_timeline *timeline = mix ? tts_mix_timeline(mix) : NULL;
    if (status == TTS_OK && options->chapters_in_audio && sink_count > 0 &&
        options->output_path != NULL)
        status = set_cues(sinks[0], script, timeline, err);
    for (size_t s = 0; s < sink_count; s++) {
        if (status == TTS_OK)
            status = tts_sink_commit(sinks[s], err);
        else
            tts_sink_abort(sinks[s]);
    }
    if (status == TTS_OK && options->captions_path != NULL)
        status = tts_captions_write(
            options->captions_path, script, timeline,
            (options->captions_words ? TTS_CAPTIONS_WORD_TAGS : 0) |
                (options->captions_turns ? TTS_CAPTIONS_WHOLE_TURNS : 0),
            err);
    if (status == TTS_OK && options->chapters_path != NULL)
        status = tts_chapters_write(options->chapters_path, script, timeline,
                                    options->output_path, err);
    if (status == TTS_OK && options->transcript_path != NULL)
        status = tts_transcript_write(options->transcript_path, script, timeline, err);
    if (status == TTS_OK && options->readalong_path != NULL)
        status = tts_readalong_write(options->readalong_path, script, timeline, page_audio,
                                     options->readalong_external, err);
    if (status == TTS_OK && options->epub_path != NULL) {
        tts_epub_options book = {options->epub_word_overlay, epub_modified(options->source)};
        status = tts_epub_write(options->epub_path, script, timeline, book_audio, &book, err);
    }
    if (book_audio[0] != '\0') {
        unlink(book_audio);
        tts_signals_untrack_temporary(book_audio_slot);
    }
    if (own_audio_temporary) {
        unlink(own_audio);
        tts_signals_untrack_temporary(own_audio_slot);
    }
    if (mix != NULL)
        snprintf(result->loudness_note, sizeof result->loudness_note, "%s",
                 tts_mix_loudness_note(mix));
    if (timeline != NULL) {
        result->samples = timeline->total_samples;
        result->seconds = (double)timeline->total_samples / output_rate;
        if (status == TTS_OK && options->keep_timeline)
            tts_mix_take_timeline(mix, &result->timeline);
    }
    tts_mix_close(mix);
    free_jobs(jobs, job_count);
    tts_strbuf_free(&artist);
    return status;
}
