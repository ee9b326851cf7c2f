/* test_sink.c: every audio format round-trips through libsndfile with the
 * duration the timeline says; WAV on stdout matches the WAV file; atomic
 * files leave nothing behind on failure; 16-bit samples are converted as
 * libsndfile converts them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/audio.h"
#include "sink/sink_internal.h"
#include "support/library.h"
#include "ttsread/pipeline.h"
#include "ttsread/sink.h"
#include "ttsread/synth.h"

static int sample_rate;
static tts_palette palette;
static char directory[] = "/tmp/test_sink_XXXXXX";

static int setup(void **state)
{
    (void)state;
    if (mkdtemp(directory) == NULL)
        return -1;
    return test_library_open(&palette, &sample_rate);
}

static int teardown(void **state)
{
    (void)state;
    test_library_close(&palette);
    rmdir(directory);
    return 0;
}

static tts_status render_to(const char *path, const char *captions, int rate, int channels,
                            tts_pipeline_result *result, tts_error *err)
{
    tts_pipeline_options options = {0};
    options.max_input = TTS_INPUT_DEFAULT_MAX_BYTES;
    options.render.jobs = 2;
    options.render.speed = 1.0;
    options.render.mix = (tts_mix_options){.input_rate = sample_rate, .output_rate = rate,
                                           .channels = channels, .turn_gap_ms = 350,
                                           .speaker_gap_ms = 700, .cue_gap_ms = 600};
    options.render.output_path = path;
    options.render.captions_path = captions;
    options.render.captions_turns = 1; /* a cue per turn: the balance is checked per turn */
    return tts_pipeline_run("tests/fixtures/sink/short.txt", &palette, &options, result, err);
}

static void every_format_round_trips(void **state)
{
    (void)state;
    static const struct {
        const char *extension;
        int rate;           /* asked for; 0 = eSpeak's */
        int expected_rate;
        long tolerance;     /* encoder padding, in frames */
    } formats[] = {
        {"wav", 0, 22050, 0},     {"flac", 0, 22050, 0},  {"aiff", 0, 22050, 0},
        {"ogg", 0, 22050, 2048},  {"mp3", 0, 22050, 2304}, {"opus", 0, 24000, 4096},
        {"wav", 44100, 44100, 0}, {"flac", 16000, 16000, 0},
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/out%zu.%s", directory, i, formats[i].extension);
        tts_pipeline_result result;
        tts_error err;
        if (render_to(path, NULL, formats[i].rate, 1, &result, &err) != TTS_OK)
            fail_msg("%s: %s", path, err.message);
        test_audio audio;
        assert_int_equal(test_audio_read(path, &audio), 0);
        assert_int_equal(audio.sample_rate, formats[i].expected_rate);
        long difference = (long)audio.count - (long)result.render.samples;
        if (labs(difference) > formats[i].tolerance)
            fail_msg("%s: %zu frames read, timeline says %llu", path, audio.count,
                     result.render.samples);
        assert_true(test_audio_rms(&audio, 0, audio.count) > 0.02);
        print_message("%s: %zu frames at %d Hz (timeline %llu)\n", formats[i].extension, audio.count,
                      audio.sample_rate, result.render.samples);
        test_audio_free(&audio);
        tts_pipeline_result_free(&result);
        unlink(path);
    }
}

static void stereo_places_speakers_apart(void **state)
{
    (void)state;
    char path[4200], captions[4200];
    snprintf(path, sizeof path, "%s/stereo.wav", directory);
    snprintf(captions, sizeof captions, "%s/stereo.vtt", directory);
    tts_pipeline_result result;
    tts_error err;
    if (render_to(path, captions, 0, 2, &result, &err) != TTS_OK)
        fail_msg("%s", err.message);
    /* The left/right balance of each turn follows the sign of its voice's pan. */
    test_audio left, right;
    assert_int_equal(test_audio_read_channel(path, 0, &left), 0);
    assert_int_equal(test_audio_read_channel(path, 1, &right), 0);
    assert_int_equal(left.channels, 2);
    double starts[16], ends[16];
    size_t cues = test_read_vtt_cues(captions, starts, ends, 16);
    assert_int_equal(cues, result.script.turn_count);
    for (size_t c = 0; c < cues; c++) {
        /* Where the cast placed the voice (by order of speech), not its profile's pan. */
        const tts_voice *voice =
            tts_cast_voice(&palette, &result.cast, result.script.turns[c].speaker);
        size_t start = (size_t)(starts[c] * left.sample_rate), end = (size_t)(ends[c] * left.sample_rate);
        double balance = test_audio_rms(&right, start, end) - test_audio_rms(&left, start, end);
        print_message("turn %zu: pan %+.2f, right - left %+.4f\n", c + 1, voice->pan, balance);
        if (voice->pan > 0.05)
            assert_true(balance > 0.005);
        else if (voice->pan < -0.05)
            assert_true(balance < -0.005);
        else
            assert_true(fabs(balance) < 0.002);
    }
    test_audio_free(&left);
    test_audio_free(&right);
    tts_pipeline_result_free(&result);
    unlink(path);
    unlink(captions);
}

static void unknown_format_and_missing_folder_fail_cleanly(void **state)
{
    (void)state;
    tts_sink *sink = NULL;
    tts_error err;
    tts_audio_format format = {.sample_rate = 22050, .channels = 1};
    assert_int_equal(tts_sink_open("/tmp/x.docx", NULL, &format, &sink, &err), TTS_ERR_USAGE);
    assert_non_null(strstr(err.message, "unknown audio format"));
    assert_int_equal(tts_sink_open("/nonexistent-folder/x.wav", NULL, &format, &sink, &err),
                     TTS_ERR_IO);
    assert_string_equal(err.message,
                        "/nonexistent-folder/x.wav: output folder /nonexistent-folder does not exist");

    /* An aborted sink leaves no file, not even the temporary one. */
    char path[4200];
    snprintf(path, sizeof path, "%s/aborted.wav", directory);
    assert_int_equal(tts_sink_open(path, NULL, &format, &sink, &err), TTS_OK);
    float frames[64] = {0.5f};
    assert_int_equal(tts_sink_write(sink, frames, 64, &err), TTS_OK);
    tts_sink_abort(sink);
    struct stat info;
    assert_int_equal(stat(path, &info), -1);
    assert_int_equal(rmdir(directory), 0); /* empty: no temporary left */
    assert_int_equal(mkdir(directory, 0700), 0);
}

/* The title, speakers, language and source read back with libsndfile from
 * every format with tags, exactly as given (UTF-8 too); raw PCM takes none
 * and still opens. */
static void tags_round_trip(void **state)
{
    (void)state;
    static const struct {
        const char *extension;
        int rate;
    } formats[] = {{"wav", 22050}, {"flac", 22050}, {"ogg", 22050}, {"opus", 24000},
                   {"mp3", 22050}, {"aiff", 22050}};
    tts_audio_format format = {
        .sample_rate = 22050,
        .channels = 1,
        .tags = {"Ça va? A title", "Anthony Kuhn, David Greene", "fr", "/tmp/story.txt"},
    };
    float frames[2205];
    for (size_t i = 0; i < sizeof frames / sizeof frames[0]; i++)
        frames[i] = 0.25f * sinf((float)i * 0.1f);
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/tags.%s", directory, formats[f].extension);
        format.sample_rate = formats[f].rate;
        tts_sink *sink = NULL;
        tts_error err;
        assert_int_equal(tts_sink_open(path, NULL, &format, &sink, &err), TTS_OK);
        assert_int_equal(tts_sink_write(sink, frames, sizeof frames / sizeof frames[0], &err),
                         TTS_OK);
        assert_int_equal(tts_sink_commit(sink, &err), TTS_OK);
        SF_INFO info = {0};
        SNDFILE *file = sf_open(path, SFM_READ, &info);
        assert_non_null(file);
        const char *title = sf_get_string(file, SF_STR_TITLE);
        const char *artist = sf_get_string(file, SF_STR_ARTIST);
        const char *comment = sf_get_string(file, SF_STR_COMMENT);
        print_message("%s: title '%s', artist '%s', comment '%s'\n", formats[f].extension,
                      title ? title : "(none)", artist ? artist : "(none)",
                      comment ? comment : "(none)");
        assert_non_null(title);
        /* MP3 too: its ID3v2 frames are ISO-8859-1, which "Ç" fits. */
        assert_string_equal(title, "Ça va? A title");
        assert_non_null(artist);
        assert_string_equal(artist, "Anthony Kuhn, David Greene");
        assert_non_null(comment);
        assert_string_equal(comment, "language: fr\nsource: /tmp/story.txt");
        sf_close(file);
        unlink(path);
    }
    /* No language: the comment holds the source alone; no tags at all: none written. */
    char path[4200];
    snprintf(path, sizeof path, "%s/tags.flac", directory);
    format.sample_rate = 22050;
    format.tags = (tts_audio_tags){.title = "T", .source = "https://example.org/a"};
    tts_sink *sink = NULL;
    tts_error err;
    assert_int_equal(tts_sink_open(path, NULL, &format, &sink, &err), TTS_OK);
    assert_int_equal(tts_sink_write(sink, frames, 100, &err), TTS_OK);
    assert_int_equal(tts_sink_commit(sink, &err), TTS_OK);
    SF_INFO info = {0};
    SNDFILE *file = sf_open(path, SFM_READ, &info);
    assert_non_null(file);
    assert_string_equal(sf_get_string(file, SF_STR_COMMENT), "source: https://example.org/a");
    assert_null(sf_get_string(file, SF_STR_ARTIST));
    sf_close(file);
    unlink(path);
    snprintf(path, sizeof path, "%s/tags.raw", directory);
    assert_int_equal(tts_sink_open(path, NULL, &format, &sink, &err), TTS_OK);
    assert_int_equal(tts_sink_write(sink, frames, 100, &err), TTS_OK);
    assert_int_equal(tts_sink_commit(sink, &err), TTS_OK);
    struct stat raw;
    assert_int_equal(stat(path, &raw), 0);
    assert_int_equal(raw.st_size, 200); /* the samples alone */
    unlink(path);
}

static void rate_for_opus_is_one_it_accepts(void **state)
{
    (void)state;
    assert_int_equal(tts_sink_rate_for("a.opus", NULL, 22050), 24000);
    assert_int_equal(tts_sink_rate_for("a.opus", NULL, 44100), 48000);
    assert_int_equal(tts_sink_rate_for("a.ogg", NULL, 22050), 22050);
    assert_int_equal(tts_sink_rate_for("a.raw", "opus", 16000), 16000);
}

/* Which rates a file holds as they are: what --rate is checked against. */
static void rate_held_by_opus_and_mp3_only(void **state)
{
    (void)state;
    const char *accepted = NULL;
    assert_true(tts_sink_rate_held("a.opus", NULL, 24000, &accepted));
    assert_false(tts_sink_rate_held("a.opus", NULL, 22050, &accepted));
    assert_string_equal(accepted, "8000, 12000, 16000, 24000 or 48000");
    assert_true(tts_sink_rate_held("a.mp3", NULL, 22050, NULL));
    assert_false(tts_sink_rate_held("a.mp3", NULL, 96000, &accepted));
    assert_non_null(strstr(accepted, "44100"));
    assert_false(tts_sink_rate_held("", "mp3", 7000, NULL));   /* by format name (-O --ext) */
    assert_false(tts_sink_rate_held("a.raw", "opus", 44100, NULL));
    assert_true(tts_sink_rate_held("a.wav", NULL, 12345, NULL));
    assert_true(tts_sink_rate_held("a.flac", NULL, 96000, NULL));
    assert_true(tts_sink_rate_held("-", "raw", 12345, NULL));
}

/* libsndfile 1.2's float -> 16-bit conversion with clipping on, as written
 * in its pcm.c: the reference the vectorizable one must equal. */
/* libsndfile itself converts: the floats are written to a virtual 16-bit
 * raw file with clipping on, as src/sink/sndfile.c writes files. */
typedef struct memory_file {
    unsigned char *bytes;
    sf_count_t length, capacity, position;
} memory_file;

static sf_count_t memory_length(void *user) { return ((memory_file *)user)->length; }
static sf_count_t memory_tell(void *user) { return ((memory_file *)user)->position; }
static sf_count_t memory_seek(sf_count_t offset, int whence, void *user)
{
    memory_file *file = user;
    file->position = whence == SEEK_SET ? offset : whence == SEEK_CUR ? file->position + offset
                                                                      : file->length + offset;
    return file->position;
}
static sf_count_t memory_read(void *data, sf_count_t count, void *user)
{
    memory_file *file = user;
    sf_count_t available = file->length - file->position;
    count = count < available ? count : available;
    memcpy(data, file->bytes + file->position, (size_t)count);
    file->position += count;
    return count;
}
static sf_count_t memory_write(const void *data, sf_count_t count, void *user)
{
    memory_file *file = user;
    if (file->position + count > file->capacity) {
        file->capacity = (file->position + count) * 2;
        file->bytes = realloc(file->bytes, (size_t)file->capacity);
        assert_non_null(file->bytes);
    }
    memcpy(file->bytes + file->position, data, (size_t)count);
    file->position += count;
    file->length = file->position > file->length ? file->position : file->length;
    return count;
}

static void libsndfile_pcm16(const float *samples, int16_t *out, size_t count)
{
    memory_file memory = {0};
    SF_VIRTUAL_IO io = {memory_length, memory_seek, memory_read, memory_write, memory_tell};
    SF_INFO info = {.samplerate = 22050, .channels = 1,
                    .format = SF_FORMAT_RAW | SF_FORMAT_PCM_16 | SF_ENDIAN_LITTLE};
    SNDFILE *file = sf_open_virtual(&io, SFM_WRITE, &info, &memory);
    assert_non_null(file);
    sf_command(file, SFC_SET_CLIPPING, NULL, SF_TRUE);
    assert_int_equal(sf_write_float(file, samples, (sf_count_t)count), (sf_count_t)count);
    sf_close(file);
    assert_int_equal(memory.length, (sf_count_t)(count * sizeof *out));
    memcpy(out, memory.bytes, count * sizeof *out); /* little-endian, as this machine */
    free(memory.bytes);
}

static void pcm16_conversion_matches_libsndfile(void **state)
{
    (void)state;
    enum { COUNT = 1 << 20 };
    float *samples = malloc(COUNT * sizeof *samples);
    int16_t *converted = malloc(COUNT * sizeof *converted);
    int16_t *expected = malloc(COUNT * sizeof *expected);
    assert_non_null(samples);
    assert_non_null(converted);
    assert_non_null(expected);
    uint32_t seed = 7;
    size_t n = 0;
    /* Every edge: full scale and past it, and the halves between two
     * 32-bit steps next to every 16-bit step, where rounding decides. */
    static const float edges[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.99999994f, -0.99999994f, 1.5f, -7.0f,
                                  NAN, -NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        samples[n++] = edges[i];
    for (int step = -200; step <= 200; step++)
        for (int half = -3; half <= 3; half += 2)
            samples[n++] = ((float)step * 65536.0f + (float)half * 0.5f) / 2147483648.0f;
    /* Then random bit patterns of finite floats under 2 in magnitude. */
    while (n < COUNT) {
        seed = seed * 1664525u + 1013904223u;
        uint32_t bits = seed;
        float value;
        memcpy(&value, &bits, sizeof value);
        if (isfinite(value) && fabsf(value) < 2.0f)
            samples[n++] = value;
    }
    /* In uneven pieces, so that the tails shorter than a vector are checked too. */
    for (size_t at = 0, piece = 1; at < COUNT; at += piece, piece = piece % 13 + 1)
        tts_sink_pcm16_from_float(samples + at, converted + at, COUNT - at < piece ? COUNT - at : piece);
    tts_sink_pcm16_from_float(samples, converted, COUNT / 2); /* and in one long run */
    libsndfile_pcm16(samples, expected, COUNT);
    for (size_t i = 0; i < COUNT; i++)
        if (converted[i] != expected[i])
            fail_msg("%.9g: %d, libsndfile gives %d", samples[i], converted[i], expected[i]);
    free(samples);
    free(converted);
    free(expected);
}

/* The EPUB's sentences end where the captions end cues ("Mr." and "U.S."
 * end none) and are timed like cues: from the turn's start, then from each
 * sentence's first word, each until the next, the last to the turn's end. */
static void sentences_are_cut_and_timed_like_captions(void **state)
{
    (void)state;
    const char *text = "  Mr. Kuhn spoke. Then U.S. forces left!  Why?";
    const char *said[] = {"Mr.", "Kuhn", "spoke.", "Then", "U.S.", "forces", "left!", "Why?"};
    tts_timeline_word words[8];
    size_t at = 0;
    for (size_t w = 0; w < 8; w++) {
        at = (size_t)(strstr(text + at, said[w]) - text);
        words[w] = (tts_timeline_word){100 + 100 * w, 180 + 100 * w, at, strlen(said[w])};
        at += strlen(said[w]);
    }
    tts_timeline_turn entry = {0, 50, 1000, words, 8};
    size_t scratch[8];
    tts_sink_sentence sentences[8];
    assert_int_equal(tts_sink_sentences(text, &entry, scratch, sentences), 3);
    const char *expected[] = {"Mr. Kuhn spoke.", "Then U.S. forces left!", "Why?"};
    uint64_t starts[] = {50, 400, 800}, ends[] = {400, 800, 1000};
    for (size_t s = 0; s < 3; s++) {
        assert_int_equal(sentences[s].to - sentences[s].from, strlen(expected[s]));
        assert_memory_equal(text + sentences[s].from, expected[s], strlen(expected[s]));
        assert_int_equal(sentences[s].start, starts[s]);
        assert_int_equal(sentences[s].end, ends[s]);
    }
    tts_timeline_turn silent = {0, 50, 1000, NULL, 0};
    assert_int_equal(tts_sink_sentences(text, &silent, scratch, sentences), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pcm16_conversion_matches_libsndfile),
        cmocka_unit_test(every_format_round_trips),
        cmocka_unit_test(stereo_places_speakers_apart),
        cmocka_unit_test(unknown_format_and_missing_folder_fail_cleanly),
        cmocka_unit_test(rate_for_opus_is_one_it_accepts),
        cmocka_unit_test(rate_held_by_opus_and_mp3_only),
        cmocka_unit_test(tags_round_trip),
        cmocka_unit_test(sentences_are_cut_and_timed_like_captions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
