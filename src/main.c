/* main.c: parses the command line and wires the stages together:
 * input -> parse -> speak -> cast -> render (synth, mix, sink). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ttsread/batch.h"
#include "ttsread/cast.h"
#include "ttsread/config.h"
#include "ttsread/device.h"
#include "ttsread/options.h"
#include "ttsread/parse.h"
#include "ttsread/pipeline.h"
#include "ttsread/play.h"
#include "ttsread/report.h"
#include "ttsread/sink.h"
#include "ttsread/synth.h"
#include "util/signals.h"
#include "util/strbuf.h"

enum exit_status { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_BROKEN_PIPE = 128 + SIGPIPE };

typedef struct options {
    const char *output;
    const char *format_name;
    tts_dump dump;
    const char *save_cast;
    const char *captions;
    const char **voice_overrides;
    size_t voice_override_count;
    int list_speakers;
    int list_voices;
    int quiet;
    int verbose;
    const char *inputs_from;
    const char *lexicon_path;     /* --lexicon FILE */
    bool no_config;
    tts_lexicon *lexicon;         /* lexicon.txt, --lexicon and the cast file's [lexicon] (owned) */
    int play;
    int list_devices;
    int stop_inputs;              /* q while playing, or no audio device */
    bool several_inputs;          /* listings name the file they are about */
    tts_play_options play_options;
    tts_pipeline_options pipeline;
    tts_batch_options batch;
    /* On the command line, not only in config.ini: config.ini's settings
     * hold for every kind of run, so only the command line's are refused
     * where they would do nothing. */
    bool given[TTS_OPTION_COUNT];
} options;

/* The user's config.ini: its settings are parsed as options placed before
 * the command line's, so the command line wins. Lives as long as argv. */
static tts_config user_config;
static int config_line_parsed; /* the line of the setting being parsed, or 0 */

static int usage_error(const char *message, const char *value)
{
    if (config_line_parsed > 0)
        fprintf(stderr, "ttsread: %s:%d: %s%s%s\n", user_config.path, config_line_parsed, message,
                value ? ": " : "", value ? value : "");
    else
        fprintf(stderr, "ttsread: %s%s%s (see ttsread --help)\n", message, value ? ": " : "",
                value ? value : "");
    return EXIT_USAGE;
}

static int print_generated(tts_status (*generate)(tts_strbuf *))
{
    tts_strbuf text = TTS_STRBUF_INIT;
    tts_status status = generate(&text);
    if (status == TTS_OK)
        fputs(text.data, stdout);
    tts_strbuf_free(&text);
    return status == TTS_OK ? EXIT_OK : EXIT_FAILED;
}

static int print_version(void)
{
    printf("ttsread %s\neSpeak NG %s\n%s\n%s\n%s\n", TTS_VERSION, tts_synth_version(),
           tts_sink_library_version(), tts_device_library_version(), tts_play_media_keys_build());
    return EXIT_OK;
}

/* "3/40" -> 3 and 40. K counts from 0, as Slurm's SLURM_ARRAY_TASK_ID (from
 * --array=0-39) and Kubernetes' JOB_COMPLETION_INDEX do, so either is K as it is. */
static bool parse_shard(const char *text, size_t *index, size_t *count)
{
    unsigned long k, n;
    int used = 0;
    if (strspn(text, "0123456789/") != strlen(text) ||
        sscanf(text, "%lu/%lu%n", &k, &n, &used) != 2 || text[used] != '\0' || n < 1 ||
        n > 1000000 || k >= n)
        return false;
    *index = k;
    *count = n;
    return true;
}

/* Sets what one option says; its value has been checked against the table. */
static int apply_option(options *opts, const tts_option *option, const tts_option_value *value)
{
    tts_render_options *render = &opts->pipeline.render;
    switch (option->id) {
    case TTS_OPTION_FROM: opts->pipeline.from = (tts_format)value->choice; break;
    case TTS_OPTION_MAX_INPUT: opts->pipeline.max_input = (size_t)value->number; break;
    case TTS_OPTION_TIMEOUT: opts->pipeline.timeout_seconds = value->number; break;
    case TTS_OPTION_DUMP: opts->dump = (tts_dump)value->choice; break;
    case TTS_OPTION_LIST_SPEAKERS: opts->list_speakers = 1; break;
    case TTS_OPTION_LIST_VOICES: opts->list_voices = 1; break;
    case TTS_OPTION_VOICE:
        if (strchr(value->text, '=') == NULL || value->text[0] == '=')
            return usage_error("--voice takes NAME=PROFILE", value->text);
        opts->voice_overrides[opts->voice_override_count++] = value->text;
        break;
    case TTS_OPTION_CAST: opts->pipeline.cast.cast_file = value->text; break;
    case TTS_OPTION_LEXICON: opts->lexicon_path = value->text; break;
    case TTS_OPTION_SAVE_CAST: opts->save_cast = value->text; break;
    case TTS_OPTION_ANNOUNCE: render->announce = (tts_announce)value->choice; break;
    case TTS_OPTION_ANNOUNCE_MAX_SPEED: render->announce_max_speed = value->number; break;
    case TTS_OPTION_SPEED: render->speed = value->number; break;
    case TTS_OPTION_LANG:
        if (strlen(value->text) > 31 ||
            strspn(value->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") !=
                strlen(value->text))
            return usage_error("--lang takes a language tag such as es, fr or pt-BR", value->text);
        opts->pipeline.lang = value->text;
        break;
    case TTS_OPTION_OUTPUT: opts->output = value->text; break;
    case TTS_OPTION_FORMAT: opts->format_name = value->text; break;
    case TTS_OPTION_CAPTIONS: opts->captions = value->text; break;
    case TTS_OPTION_CAPTIONS_WORDS: render->captions_words = 1; break;
    case TTS_OPTION_CAPTIONS_TURNS: render->captions_turns = 1; break;
    case TTS_OPTION_READALONG: render->readalong_path = value->text; break;
    case TTS_OPTION_READALONG_AUDIO: render->readalong_external = value->choice; break;
    case TTS_OPTION_CHAPTERS:
        if (value->text == NULL)
            render->chapters_in_audio = 1;
        else if (tts_chapters_format_known(value->text))
            render->chapters_path = value->text;
        else
            return usage_error("--chapters=FILE takes a .ffmetadata, .cue or .json file",
                               value->text);
        break;
    case TTS_OPTION_TRANSCRIPT: render->transcript_path = value->text; break;
    case TTS_OPTION_EPUB: render->epub_path = value->text; break;
    case TTS_OPTION_EPUB_OVERLAY: render->epub_word_overlay = value->choice; break;
    case TTS_OPTION_RATE: render->mix.output_rate = (int)value->number; break;
    case TTS_OPTION_STEREO: render->mix.channels = 2; break;
    case TTS_OPTION_LOUDNESS:
        render->mix.normalize = !value->is_choice;
        if (!value->is_choice)
            render->mix.loudness_lufs = value->number;
        break;
    case TTS_OPTION_GAP: render->mix.turn_gap_ms = (int)value->number; break;
    case TTS_OPTION_SPEAKER_GAP: render->mix.speaker_gap_ms = (int)value->number; break;
    case TTS_OPTION_TRIM: render->mix.trim = 1; break;
    case TTS_OPTION_CUES:
        opts->pipeline.speak.cues = (tts_cue_mode)value->choice;
        render->skip_cues = value->choice == TTS_CUES_SKIP;
        break;
    case TTS_OPTION_EMOJI: opts->pipeline.speak.emoji = (tts_emoji_mode)value->choice; break;
    case TTS_OPTION_START_AT:
    case TTS_OPTION_END_AT: {
        tts_play_start *at = option->id == TTS_OPTION_START_AT ? &opts->play_options.start
                                                               : &opts->play_options.end;
        if (!tts_play_parse_start(value->text, at))
            return usage_error(option->id == TTS_OPTION_START_AT
                                   ? "--start-at takes a turn number or a time (95s, 1:35)"
                                   : "--end-at takes a turn number or a time (95s, 1:35)",
                               value->text);
        break;
    }
    case TTS_OPTION_PLAY: opts->play = 1; break;
    case TTS_OPTION_RESUME: opts->play_options.resume = 1; break;
    case TTS_OPTION_DEVICE: opts->play_options.device = value->text; break;
    case TTS_OPTION_NO_MPRIS: opts->play_options.no_media_keys = 1; break;
    case TTS_OPTION_LIST_DEVICES: opts->list_devices = 1; break;
    case TTS_OPTION_OUTPUT_DIR: opts->batch.output_directory = value->text; break;
    case TTS_OPTION_EXT: opts->batch.extension = value->text; break;
    case TTS_OPTION_INPUTS_FROM: opts->inputs_from = value->text; break;
    case TTS_OPTION_SHARD:
        if (!parse_shard(value->text, &opts->batch.shard_index, &opts->batch.shard_count))
            return usage_error("--shard takes K/N, N from 1 to 1000000 and K from 0 to N-1",
                               value->text);
        break;
    case TTS_OPTION_SKIP_EXISTING: opts->batch.skip_existing = 1; break;
    case TTS_OPTION_MANIFEST: opts->batch.manifest_path = value->text; break;
    case TTS_OPTION_JOBS: render->jobs = (size_t)value->number; break;
    case TTS_OPTION_QUIET: opts->quiet = 1; break;
    case TTS_OPTION_VERBOSE: opts->verbose = 1; break;
    case TTS_OPTION_NO_CONFIG: opts->no_config = true; break; /* config.ini: read before the options */
    case TTS_OPTION_VERSION: exit(print_version());
    case TTS_OPTION_HELP: exit(print_generated(tts_options_help));
    case TTS_OPTION_COMPLETION_HELPER: exit(print_generated(tts_options_completion));
    case TTS_OPTION_COUNT: break;
    }
    return EXIT_OK;
}

/* The combinations that cannot work, refused before any input is read. */
static int check_combinations(options *opts)
{
    tts_render_options *render = &opts->pipeline.render;
    bool batch = opts->batch.output_directory != NULL;
    if (batch && opts->output != NULL)
        return usage_error("-o and -O do not go together", NULL);
    if (batch && opts->play)
        return usage_error("--play and -O do not go together", NULL);
    if (!batch && opts->batch.shard_count > 0)
        return usage_error("--shard picks the inputs of a batch: use it with -O DIR", NULL);
    if (opts->output != NULL && strcmp(opts->output, "-") == 0 && isatty(STDOUT_FILENO))
        return usage_error("-o - would write audio to the terminal; redirect it or name a file",
                           NULL);
    bool book = tts_epub_named(opts->output); /* -o FILE.epub: a book, no audio file */
    if (book && opts->format_name != NULL)
        return usage_error("--format names an audio format; -o FILE.epub writes a book",
                           opts->format_name);
    if (book && render->epub_path != NULL)
        return usage_error("-o FILE.epub is the book already; --epub goes with an audio -o",
                           render->epub_path);
    if (render->epub_path != NULL && batch)
        return usage_error("with -O, --ext epub makes a book of each input", render->epub_path);
    if (render->epub_path != NULL && !tts_epub_named(render->epub_path))
        return usage_error("--epub takes a .epub file", render->epub_path);
    if (render->epub_word_overlay && render->epub_path == NULL && !book &&
        !(batch && strcasecmp(opts->batch.extension, "epub") == 0))
        return usage_error("--epub-overlay shapes an EPUB book (-o FILE.epub, --epub FILE.epub "
                           "or -O DIR --ext epub)", NULL);
    if (batch && strcasecmp(opts->batch.extension, "epub") == 0 && opts->format_name != NULL)
        return usage_error("--format names an audio format; --ext epub writes books",
                           opts->format_name);
    if (opts->format_name != NULL && opts->output != NULL &&
        !tts_sink_format_known(opts->output, opts->format_name))
        return usage_error("this audio format cannot be written there", opts->format_name);
    if (opts->output != NULL && opts->format_name == NULL && !book &&
        !tts_sink_format_known(opts->output, NULL))
        return usage_error("cannot tell the audio format from the file name (use --format)",
                           opts->output);
    if (batch && opts->captions != NULL && tts_captions_kind_of(opts->captions) < 0)
        return usage_error("with -O, --captions names the kind: vtt, srt or json", opts->captions);
    if (!batch && opts->captions != NULL && tts_captions_kind_of(opts->captions) < 0)
        return usage_error("--captions takes a .vtt, .srt or .json file", opts->captions);
    if (render->captions_words &&
        (opts->captions == NULL || tts_captions_kind_of(opts->captions) != TTS_CAPTIONS_VTT))
        return usage_error("--captions-words times the words of WebVTT captions (--captions "
                           "FILE.vtt)", NULL);
    if (render->captions_turns && (opts->captions == NULL ||
                                   tts_captions_kind_of(opts->captions) == TTS_CAPTIONS_JSON))
        return usage_error("--captions-turns shapes WebVTT or SubRip captions (--captions FILE.vtt "
                           "or .srt)", NULL);
    if (render->transcript_path != NULL && !batch &&
        (strlen(render->transcript_path) < 5 ||
         strcasecmp(render->transcript_path + strlen(render->transcript_path) - 5, ".json") != 0))
        return usage_error("--transcript takes a .json file", render->transcript_path);
    if (render->chapters_path != NULL && batch)
        return usage_error("--chapters=FILE takes one input; bare --chapters marks WAV files", NULL);
    if (render->chapters_in_audio &&
        (opts->output != NULL ? !tts_sink_holds_cues(opts->output, opts->format_name)
                              : !batch || strcasecmp(opts->batch.extension, "wav") != 0))
        return usage_error("--chapters marks a WAV file (-o FILE.wav); use --chapters=FILE.ffmetadata "
                           "or .cue for other outputs", NULL);
    if (opts->play_options.resume && (opts->output != NULL || batch))
        return usage_error("--resume continues live playback; it does not go with -o or -O", NULL);
    /* A --rate the format does not take would be changed (Opus) or fail late (MP3). */
    const char *accepted = NULL;
    if (opts->given[TTS_OPTION_RATE] && (opts->output != NULL || batch) &&
        !tts_sink_rate_held(batch ? "" : opts->output, batch ? opts->batch.extension
                                                             : opts->format_name,
                            render->mix.output_rate, &accepted)) {
        char message[200];
        snprintf(message, sizeof message, "%s%s takes %s Hz, not --rate %d", batch ? "--ext " : "",
                 batch ? opts->batch.extension : opts->output, accepted, render->mix.output_rate);
        return usage_error(message, NULL);
    }
    if (opts->given[TTS_OPTION_READALONG_AUDIO] && render->readalong_path == NULL)
        return usage_error("--readalong-audio says where --readalong's page finds its audio; "
                           "there is no --readalong", NULL);
    if (opts->given[TTS_OPTION_ANNOUNCE_MAX_SPEED] && render->announce == TTS_ANNOUNCE_OFF)
        return usage_error("--announce-max-speed limits the narrator's announcements; "
                           "--announce is off", NULL);
    if (!batch && opts->given[TTS_OPTION_EXT])
        return usage_error("--ext names the format of -O's files; -o takes it from the file's "
                           "name or --format", NULL);
    if (!batch && opts->batch.manifest_path != NULL)
        return usage_error("--manifest records what a batch did: use it with -O DIR", NULL);
    if (opts->batch.skip_existing && opts->play)
        return usage_error("--skip-existing keeps an output file that exists; it does not go "
                           "with --play", NULL);
    if (opts->batch.skip_existing && !batch &&
        (opts->output == NULL || strcmp(opts->output, "-") == 0))
        return usage_error("--skip-existing keeps an output file that exists: use it with "
                           "-o FILE or -O DIR", NULL);
    if (opts->play && (opts->play_options.end.turn > 0 || opts->play_options.end.seconds > 0))
        return usage_error("--end-at is for files; --play stops where you press q", NULL);
    return EXIT_OK;
}

/* Options given on the command line of a run they do not act on (the
 * table's acts_on) would do nothing: refused. */
static int check_scopes(const options *opts, bool speaks)
{
    for (size_t i = 0; i < tts_option_count; i++) {
        const tts_option *option = &tts_options[i];
        bool acts = option->acts_on == TTS_ACTS_ON_SPEECH ? speaks
                    : option->acts_on == TTS_ACTS_ON_PLAY ? opts->play
                                                          : true;
        if (acts || !opts->given[option->id])
            continue;
        char message[128];
        snprintf(message, sizeof message, "--%s %s", option->name,
                 option->acts_on == TTS_ACTS_ON_PLAY ? "acts on --play; this run plays nothing"
                                                     : "shapes the speech; this run speaks nothing");
        return usage_error(message, NULL);
    }
    if (opts->format_name != NULL && opts->output == NULL)
        return usage_error(opts->batch.output_directory != NULL
                               ? "--format names -o's audio format; with -O, --ext names the outputs'"
                               : "--format names -o's audio format; this run writes no -o file",
                           NULL);
    return EXIT_OK;
}

/* getopt_long's table and short options, made from the option table. */
static struct option long_options[TTS_OPTION_COUNT + 1];
static char short_options[2 * TTS_OPTION_COUNT + 2];

static void build_getopt_tables(void)
{
    size_t used = 0;
    short_options[used++] = ':'; /* a missing value is ':', not '?' */
    for (size_t i = 0; i < tts_option_count; i++) {
        const tts_option *option = &tts_options[i];
        long_options[i] = (struct option){
            option->name,
            option->value_name == NULL ? no_argument
            : option->value_optional   ? optional_argument
                                       : required_argument,
            NULL, 256 + (int)i};
        if (option->short_name) {
            short_options[used++] = option->short_name;
            if (option->value_name != NULL)
                short_options[used++] = ':';
        }
    }
    short_options[used] = '\0';
}

static const tts_option *short_option(int letter)
{
    for (size_t i = 0; i < tts_option_count; i++)
        if (tts_options[i].short_name == letter)
            return &tts_options[i];
    return NULL;
}

/* `--announce always`: getopt takes the bare option and leaves "always" as
 * an input, which would then fail as a missing file far from its cause.
 * A bare optional option followed by one of its own choices that is not a
 * file was surely meant as --announce=always. */
static bool value_apart(const tts_option *option, const char *value, const char *next)
{
    if (!option->value_optional || value != NULL || next == NULL || option->choices == NULL ||
        access(next, F_OK) == 0)
        return false;
    for (const tts_option_choice *choice = option->choices; choice->name != NULL; choice++)
        if (strcmp(choice->name, next) == 0)
            return true;
    return false;
}

/* getopt refuses "--stereo=yes" as it refuses "--sterio": say which it was. */
static int unknown_option(const char *argument)
{
    const char *equals = strchr(argument, '=');
    if (strncmp(argument, "--", 2) == 0 && equals != NULL) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(equals - argument - 2), argument + 2);
        const tts_option *option = tts_option_find(name);
        if (option != NULL && option->kind == TTS_OPTION_SWITCH) {
            char message[96];
            snprintf(message, sizeof message, "--%s takes no value", name);
            return usage_error(message, argument);
        }
    }
    const tts_option *meant = NULL;
    if (strncmp(argument, "--", 2) == 0) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(argument + 2, "="), argument + 2);
        meant = tts_option_closest(name);
    }
    if (meant == NULL)
        return usage_error("unknown option", argument);
    char message[160];
    snprintf(message, sizeof message, "unknown option %.64s; did you mean --%s?", argument,
             meant->name);
    return usage_error(message, NULL);
}

static int parse_options(int argc, char **argv, options *opts, int *first_input)
{
    tts_pipeline_options_default(&opts->pipeline);
    opts->batch.extension = "wav";
    opts->voice_overrides = calloc((size_t)argc, sizeof *opts->voice_overrides);
    if (opts->voice_overrides == NULL)
        return usage_error("out of memory", NULL);
    build_getopt_tables();

    opterr = 0;
    int letter;
    while ((letter = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
        /* config settings are argv[1..count], one "--name=value" each */
        config_line_parsed = optind - 1 >= 1 && (size_t)(optind - 1) <= user_config.count
                                 ? user_config.lines[optind - 2]
                                 : 0;
        if (letter == ':')
            return usage_error("option needs a value", argv[optind - 1]);
        const tts_option *option = letter >= 256 && (size_t)(letter - 256) < tts_option_count
                                       ? &tts_options[letter - 256]
                                       : short_option(letter);
        if (option == NULL || letter == '?')
            return unknown_option(argv[optind - 1]);
        if (value_apart(option, optarg, optind < argc ? argv[optind] : NULL)) {
            char message[160];
            snprintf(message, sizeof message, "--%s takes its value after '=', as in --%s=%s",
                     option->name, option->name, argv[optind]);
            return usage_error(message, NULL);
        }
        tts_error err;
        tts_option_value value;
        if (tts_option_parse(option, optarg, &value, &err) != TTS_OK)
            return usage_error(err.message, NULL);
        int result = apply_option(opts, option, &value);
        if (result != EXIT_OK)
            return result;
        opts->given[option->id] |= config_line_parsed == 0;
    }
    config_line_parsed = 0;
    *first_input = optind;
    opts->play_options.quiet = opts->quiet;
    opts->play_options.verbose = opts->verbose;
    return check_combinations(opts);
}

/* Exit statuses: 2 for what the user wrote wrong (options, config.ini, a
 * cast file, a --voice), 1 for an input that failed, 128+N for signal N. */
static int exit_status_of(tts_status status)
{
    switch (status) {
    case TTS_OK: return EXIT_OK;
    case TTS_ERR_USAGE:
    case TTS_ERR_CAST: return EXIT_USAGE;
    case TTS_ERR_CLOSED: return EXIT_BROKEN_PIPE; /* what a shell reports for a reader that left */
    case TTS_ERR_INTERRUPTED: return 128 + (tts_signals_pending() ? tts_signals_pending() : SIGINT);
    default: return EXIT_FAILED;
    }
}

/* Plays one parsed input; q, or no audio device, ends the run of inputs. */
static tts_status play_input(const char *path, const tts_pipeline_result *result,
                             options *opts, const tts_palette *palette, tts_error *err)
{
    tts_play_result played;
    tts_render_options render = opts->pipeline.render;
    render.source = path; /* tags of the -o file rendered while playing */
    tts_status status = tts_synth_started(&render.mix.input_rate, err);
    if (status != TTS_OK) { /* eSpeak NG or a voice of the palette: no input can play */
        opts->stop_inputs = 1;
        return status;
    }
    status = tts_play(&result->script, palette, &result->cast, &render, &opts->play_options,
                      &played, err);
    if (played.quit || status == TTS_ERR_DEVICE)
        opts->stop_inputs = 1;
    return status;
}

/* --dump script: the parser's result alone, before speaking and casting
 * change it, so that parser tests do not depend on voices. */
static int dump_script(const char *path, const options *opts)
{
    tts_error err;
    tts_error_clear(&err);
    tts_input input;
    tts_script script;
    tts_script_init(&script);
    tts_status status = tts_input_open(path, opts->pipeline.max_input,
                                       opts->pipeline.timeout_seconds, opts->pipeline.from,
                                       &input, &err);
    if (status == TTS_OK) {
        status = tts_parse_input(&input, &script, &err);
        tts_input_free(&input);
    }
    if (status == TTS_OK)
        status = tts_dump_json(stdout, &script, NULL, NULL, &err);
    if (status != TTS_OK)
        fprintf(stderr, "ttsread: %s\n", err.message);
    tts_script_free(&script);
    return exit_status_of(status);
}

/* The output (audio, captions, read-along page, cast) that would replace the
 * input file itself, however either is spelled ("story.txt", "./story.txt"), or NULL. */
static const char *output_over_input(const char *input, const options *opts)
{
    const char *outputs[] = {opts->output, opts->captions, opts->pipeline.render.readalong_path,
                             opts->save_cast, opts->pipeline.render.chapters_path,
                             opts->pipeline.render.transcript_path,
                             opts->pipeline.render.epub_path};
    struct stat input_file, output_file;
    if (strcmp(input, "-") == 0 || stat(input, &input_file) != 0)
        return NULL;
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++)
        if (outputs[i] != NULL && strcmp(outputs[i], "-") != 0 &&
            stat(outputs[i], &output_file) == 0 && output_file.st_dev == input_file.st_dev &&
            output_file.st_ino == input_file.st_ino)
            return outputs[i];
    return NULL;
}

/* The progress line of a long render to a file, on a terminal only. */
typedef struct render_progress {
    const char *path;
    struct timespec start;
    bool shown;
} render_progress;

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

static void show_render_progress(void *user, size_t done, size_t total)
{
    render_progress *progress = user;
    double elapsed = seconds_since(&progress->start);
    if (elapsed < 1.0 && !progress->shown) /* a short render shows nothing */
        return;
    progress->shown = true;
    double remaining = done > 0 ? elapsed * (double)(total - done) / (double)done : 0;
    fprintf(stderr, "\rttsread: %s: %3.0f%% of turns, %d:%02d elapsed, about %d:%02d left\033[K",
            progress->path, 100.0 * (double)done / (double)total, (int)elapsed / 60,
            (int)elapsed % 60, (int)remaining / 60, (int)remaining % 60);
}

/* Runs one input through the pipeline and prints what was asked for; prints
 * its one-line error itself. */
static int process_input(const char *path, options *opts, const tts_palette *palette)
{
    const char *clobbered = output_over_input(path, opts);
    if (clobbered != NULL) {
        tts_device_warm_up_wait(); /* stderr is ours again */
        fprintf(stderr, "ttsread: %s: output %s would overwrite the input\n", path, clobbered);
        return EXIT_FAILED;
    }
    if (opts->dump == TTS_DUMP_SCRIPT)
        return dump_script(path, opts);
    tts_error err;
    tts_error_clear(&err);
    tts_pipeline_result result;
    tts_pipeline_options pipeline = opts->pipeline;
    if (opts->play) /* the player renders -o and --captions itself, while it plays */
        pipeline.render.output_path = pipeline.render.captions_path =
            pipeline.render.readalong_path = pipeline.render.chapters_path =
                pipeline.render.transcript_path = pipeline.render.epub_path = NULL;
    render_progress progress = {path, {0, 0}, false};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    if (!opts->play && !opts->quiet && isatty(STDERR_FILENO)) {
        pipeline.render.progress = show_render_progress;
        pipeline.render.progress_user = &progress;
    }
    tts_status status = tts_pipeline_run(path, palette, &pipeline, &result, &err);
    /* Before anything is printed; the player waits for the device only once
     * its first turn is being synthesized. */
    bool prints_now = !opts->play || status != TTS_OK || result.cast.warning_count > 0;
    if (prints_now)
        tts_device_warm_up_wait();
    if (progress.shown)
        fputs("\r\033[K", stderr);
    for (size_t i = 0; i < result.cast.warning_count; i++)
        fprintf(stderr, "ttsread: %s: warning: %s\n", path, result.cast.warnings[i]);
    if (status == TTS_OK && opts->save_cast != NULL)
        status = tts_cast_save(palette, &result.script, &result.cast, opts->save_cast, &err);
    if (status == TTS_OK && opts->dump == TTS_DUMP_JSON)
        status = tts_dump_json(stdout, &result.script, palette, &result.cast, &err);
    if (status == TTS_OK && opts->dump == TTS_DUMP_TEXT)
        for (size_t t = 0; t < result.script.turn_count; t++)
            if (result.script.turns[t].spoken && result.script.turns[t].spoken[0])
                puts(result.script.turns[t].spoken);
    if (status == TTS_OK && opts->list_speakers)
        tts_report_speakers(stdout, opts->several_inputs ? path : NULL, &result.script, palette,
                            &result.cast);
    if (status == TTS_OK && opts->play)
        status = play_input(path, &result, opts, palette, &err);
    tts_device_warm_up_wait(); /* when playing failed before the device opened */
    if (status == TTS_OK && opts->verbose) {
        /* What was left unsaid, by reason, so a reader can see at a glance
         * that nothing was lost. Every reason is listed, in the enum's
         * order, so the line reads the same for every input. */
        size_t counts[TTS_UNSPOKEN_REASON_COUNT] = {0};
        for (size_t u = 0; u < result.script.unspoken_count; u++)
            if (result.script.unspoken[u].reason < TTS_UNSPOKEN_REASON_COUNT)
                counts[result.script.unspoken[u].reason]++;
        char line[256];
        size_t used = 0;
        for (int r = 0; r < TTS_UNSPOKEN_REASON_COUNT && used < sizeof line; r++)
            used += (size_t)snprintf(line + used, sizeof line - used, "%s%zu %s", r ? ", " : "",
                                     counts[r], tts_unspoken_reason_name((tts_unspoken_reason)r));
        fprintf(stderr, "ttsread: %s: %zu unspoken spans: %s\n", path,
                result.script.unspoken_count, line);
    }
    if (status == TTS_OK && opts->verbose && result.script.lang_note[0] != '\0')
        fprintf(stderr, "ttsread: %s: language %s\n", path, result.script.lang_note);
    if (status == TTS_OK && opts->verbose && pipeline.render.output_path)
        fprintf(stderr, "ttsread: %s: %.1f s of audio, %zu speakers\n", path,
                result.render.seconds, result.script.speaker_count);
    char warnings[512];
    if (status == TTS_OK && tts_pipeline_warnings(&result, warnings, sizeof warnings)[0])
        fprintf(stderr, "ttsread: %s: %s\n", path, warnings); /* a warning: -q keeps it */
    if (tts_signals_pending()) { /* one line, whichever stage the signal stopped */
        fprintf(stderr, "ttsread: %s: interrupted\n", path);
        status = TTS_ERR_INTERRUPTED;
    } else if (status != TTS_OK && status != TTS_ERR_INTERRUPTED && status != TTS_ERR_CLOSED) {
        fprintf(stderr, "ttsread: %s\n", err.message);
    }
    tts_pipeline_result_free(&result);
    return exit_status_of(status);
}

/* How a batch's events are told on stderr: failures always, renames unless
 * -q, each file with -v, and one progress line redrawn on a terminal. */
typedef struct batch_printer {
    bool quiet, verbose, progress;
    bool line_shown;              /* the progress line is on screen */
} batch_printer;

static void print_batch_event(void *user, const tts_batch_event *event)
{
    batch_printer *printer = user;
    bool shown = true;
    const char *clear = printer->line_shown ? "\r\033[K" : "";
    switch (event->kind) {
    case TTS_BATCH_FAILED: fprintf(stderr, "%sttsread: %s\n", clear, event->message); break;
    case TTS_BATCH_RENAMED:
        if (!(shown = !printer->quiet))
            break;
        fprintf(stderr, "%sttsread: %s: name already taken by an earlier input, writing %s\n",
                clear, event->input, event->output);
        break;
    case TTS_BATCH_SKIPPED:
        if ((shown = printer->verbose))
            fprintf(stderr, "%sttsread: %s: skipped, %s exists\n", clear, event->input,
                    event->output);
        break;
    case TTS_BATCH_WARNING: /* as for a single input: -q keeps it */
        fprintf(stderr, "%sttsread: %s: %s\n", clear, event->input, event->message);
        break;
    case TTS_BATCH_RENDERED:
        if ((shown = printer->verbose))
            fprintf(stderr, "%sttsread: %s -> %s (%.1f s)\n", clear, event->input, event->output,
                    event->seconds);
        break;
    case TTS_BATCH_PROGRESS: {
        if (!printer->progress)
            return;
        double rate = event->elapsed > 0 ? (double)event->done / event->elapsed : 0;
        double remaining = rate > 0 ? (double)(event->count - event->done) / rate : 0;
        fprintf(stderr, "\rttsread: %zu/%zu files, %.2f h of audio, %.1f files/s, ETA %d:%02d\033[K",
                event->done, event->count, event->seconds / 3600, rate, (int)remaining / 60,
                (int)remaining % 60);
        printer->line_shown = true;
        return;
    }
    }
    if (shown)
        printer->line_shown = false;
}

static int run_batch(const char *const *inputs, size_t count, options *opts,
                     const tts_palette *palette)
{
    tts_error err;
    tts_error_clear(&err);
    opts->batch.jobs = opts->pipeline.render.jobs;
    batch_printer printer = {opts->quiet, opts->verbose, !opts->quiet && isatty(STDERR_FILENO),
                             false};
    opts->batch.report = print_batch_event;
    opts->batch.report_user = &printer;
    opts->batch.captions_kind = opts->captions;
    opts->batch.readalong = opts->pipeline.render.readalong_path != NULL;
    opts->batch.transcript = opts->pipeline.render.transcript_path != NULL;
    tts_batch_summary summary;
    tts_status status = tts_batch_run(inputs, count, palette, &opts->pipeline, &opts->batch,
                                      &summary, &err);
    if (printer.line_shown)
        fputc('\n', stderr);
    if (status != TTS_OK && status != TTS_ERR_INTERRUPTED)
        fprintf(stderr, "ttsread: %s\n", err.message);
    if (!opts->quiet || summary.failed > 0)
        fprintf(stderr, "ttsread: %zu rendered, %zu failed, %zu skipped%s\n", summary.rendered,
                summary.failed, summary.skipped, summary.signal ? " (interrupted)" : "");
    if (summary.signal)
        return 128 + summary.signal;
    return status == TTS_OK && summary.failed == 0 ? EXIT_OK : EXIT_FAILED;
}

/* argv with the config's settings put in: lives as long as the process. */
static char **arguments_with_config;

static void free_user_config(void)
{
    free(arguments_with_config);
    tts_config_free(&user_config);
}

/* Reads config.ini, unless --no-config, into user_config, and puts its
 * settings between the program's name and the command line's arguments.
 * --help and --version work whatever the file holds. */
static int read_user_config(int *argc, char ***argv)
{
    char path[PATH_MAX];
    if (tts_options_given(*argc, *argv, TTS_OPTION_NO_CONFIG) ||
        tts_options_given(*argc, *argv, TTS_OPTION_HELP) ||
        tts_options_given(*argc, *argv, TTS_OPTION_VERSION) ||
        tts_options_given(*argc, *argv, TTS_OPTION_COMPLETION_HELPER) ||
        !tts_config_path(path, sizeof path))
        return EXIT_OK;
    atexit(free_user_config);
    tts_error err;
    if (tts_config_load(path, &user_config, &err) != TTS_OK) {
        fprintf(stderr, "ttsread: %s\n", err.message);
        return EXIT_USAGE;
    }
    if (user_config.count == 0)
        return EXIT_OK;
    if (tts_config_splice(&user_config, argc, argv) != TTS_OK)
        return usage_error("out of memory", NULL);
    arguments_with_config = *argv;
    return EXIT_OK;
}

/* The pronunciations of the run, read once before any input: the user's
 * lexicon.txt (unless --no-config), then --lexicon, then the cast file's
 * [lexicon] sections; on equal words the later one wins. A bad line is a
 * usage error; a cast file that cannot be read is left for casting to report. */
static int load_lexicon(options *opts)
{
    tts_error err;
    tts_error_clear(&err);
    char path[PATH_MAX];
    tts_status status = tts_lexicon_new(&opts->lexicon, &err);
    if (status == TTS_OK && !opts->no_config && tts_config_lexicon_path(path, sizeof path)) {
        status = tts_lexicon_load(opts->lexicon, path, false, &err);
        if (status == TTS_ERR_NOT_FOUND)
            status = TTS_OK;
    }
    if (status == TTS_OK && opts->lexicon_path != NULL) {
        status = tts_lexicon_load(opts->lexicon, opts->lexicon_path, false, &err);
        if (status == TTS_ERR_NOT_FOUND || status == TTS_ERR_IO)
            status = err.code = TTS_ERR_USAGE;
    }
    if (status == TTS_OK && opts->pipeline.cast.cast_file != NULL) {
        status = tts_lexicon_load(opts->lexicon, opts->pipeline.cast.cast_file, true, &err);
        if (status == TTS_ERR_NOT_FOUND || status == TTS_ERR_IO)
            status = TTS_OK;
    }
    if (status != TTS_OK) {
        fprintf(stderr, "ttsread: %s\n", err.message);
        return status == TTS_ERR_NOMEM ? EXIT_FAILED : EXIT_USAGE;
    }
    opts->pipeline.speak.lexicon = opts->lexicon;
    opts->pipeline.render.lexicon = opts->lexicon;
    return EXIT_OK;
}

/* Every input of the run: the command line's, then --inputs-from's. */
typedef struct input_list {
    const char **paths;
    size_t count;
    char *listed;       /* the --inputs-from lines that listed paths point into */
} input_list;

static int gather_inputs(int argc, char **argv, int first_input, const options *opts,
                         input_list *inputs)
{
    const char **listed = NULL;
    size_t listed_count = 0;
    tts_error err;
    if (opts->inputs_from != NULL &&
        tts_input_list_read(opts->inputs_from, &inputs->listed, &listed, &listed_count, &err) !=
            TTS_OK) {
        fprintf(stderr, "ttsread: %s\n", err.message);
        return EXIT_FAILED;
    }
    size_t total = (size_t)(argc - first_input) + listed_count;
    inputs->paths = calloc(total + 1, sizeof *inputs->paths);
    if (inputs->paths == NULL) {
        free(listed);
        return usage_error("out of memory", NULL);
    }
    for (int i = first_input; i < argc; i++)
        inputs->paths[inputs->count++] = argv[i];
    for (size_t i = 0; i < listed_count; i++)
        inputs->paths[inputs->count++] = listed[i];
    free(listed);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    options opts = {0};
    int first_input = 0;
    input_list inputs = {NULL, 0, NULL};
    tts_palette palette = {0};
    bool synthesis_started = false;
    int result = read_user_config(&argc, &argv);
    if (result == EXIT_OK)
        result = parse_options(argc, argv, &opts, &first_input);
    if (result == EXIT_OK)
        result = load_lexicon(&opts);
    if (result == EXIT_OK)
        result = gather_inputs(argc, argv, first_input, &opts, &inputs);
    if (result != EXIT_OK)
        goto done;
    bool listing = opts.list_voices || opts.list_devices;
    if (inputs.count == 0 && !listing) {
        result = usage_error("no input given", NULL);
        goto done;
    }
    if (inputs.count > 1 && opts.output != NULL) {
        result = usage_error("-o takes one input; use -O DIR for several", NULL);
        goto done;
    }
    opts.several_inputs = inputs.count > 1;
    tts_render_options *render = &opts.pipeline.render;
    /* Nothing to write, list or print: read it aloud, as espeak-ng does. */
    if (opts.output == NULL && opts.batch.output_directory == NULL && opts.captions == NULL &&
        render->readalong_path == NULL && render->chapters_path == NULL &&
        render->transcript_path == NULL && render->epub_path == NULL && !listing &&
        !opts.list_speakers && opts.dump == TTS_DUMP_NONE && opts.save_cast == NULL)
        opts.play = 1;
    bool needs_synthesis = opts.output != NULL || opts.captions != NULL ||
                           render->readalong_path != NULL || render->chapters_path != NULL ||
                           render->transcript_path != NULL || render->epub_path != NULL ||
                           opts.batch.output_directory != NULL || opts.play;
    result = check_scopes(&opts, needs_synthesis);
    if (result != EXIT_OK)
        goto done;
    /* --skip-existing with -o, as in a batch: a file that is there and not
     * empty is kept (outputs appear whole, under their name, or not at all). */
    struct stat existing;
    if (opts.batch.skip_existing && opts.output != NULL && stat(opts.output, &existing) == 0 &&
        existing.st_size > 0) {
        if (!opts.quiet)
            fprintf(stderr, "ttsread: %s: skipped, %s exists\n", inputs.paths[0], opts.output);
        goto done;
    }
    render->output_path = opts.output;
    render->format_name = opts.format_name;
    render->captions_path = opts.captions;
    render->start = (tts_render_at){opts.play_options.start.turn, opts.play_options.start.seconds};
    render->end = (tts_render_at){opts.play_options.end.turn, opts.play_options.end.seconds};
    opts.pipeline.cast.overrides = opts.voice_overrides;
    opts.pipeline.cast.override_count = opts.voice_override_count;
    tts_signals_install();

    tts_error err;
    tts_error_clear(&err);
    char voices_directory[PATH_MAX];
    tts_status status = tts_voices_directory(voices_directory, sizeof voices_directory, &err);
    if (status == TTS_OK)
        status = tts_palette_load(voices_directory, &palette, &err);
    /* A --voice profile that does not exist is a usage error, told before any input is read. */
    for (size_t i = 0; status == TTS_OK && i < opts.voice_override_count; i++)
        if (tts_palette_find(&palette, strrchr(opts.voice_overrides[i], '=') + 1) < 0) {
            result = usage_error("--voice names an unknown profile (see --list-voices)",
                                 opts.voice_overrides[i]);
            goto done;
        }
    int sample_rate = TTS_DEFAULT_SAMPLE_RATE;
    if (status == TTS_OK && (needs_synthesis || opts.list_voices)) {
        status = tts_synth_start(needs_synthesis ? &palette : NULL, &err);
        synthesis_started = status == TTS_OK;
    }
    /* The audio library starts while eSpeak NG starts and the input is read,
     * parsed and cast: the first sound comes sooner. Nothing is printed until
     * it has (it silences stderr). Started second: while it loads PortAudio
     * it holds the dynamic loader's lock, which starting a thread waits for. */
    if (status == TTS_OK && opts.play) {
        /* As the player will ask for it, eSpeak NG speaking at its usual rate. */
        tts_device_options device = {opts.play_options.device,
                                     render->mix.output_rate > 0 ? render->mix.output_rate
                                                                 : TTS_DEFAULT_SAMPLE_RATE,
                                     render->mix.channels == 2 ? 2 : 1};
        tts_device_warm_up(&device);
    }
    /* Playing waits for it once the input is read and cast (play_input). */
    if (synthesis_started && !opts.play)
        status = tts_synth_started(&sample_rate, &err);
    if (status != TTS_OK) {
        tts_device_warm_up_wait();
        fprintf(stderr, "ttsread: %s\n", err.message);
        result = EXIT_FAILED;
        goto done;
    }
    render->mix.input_rate = sample_rate;

    if (opts.list_voices)
        tts_report_voices(stdout, &palette);
    if (opts.list_devices && tts_device_list(stdout, &err) != TTS_OK) {
        fprintf(stderr, "ttsread: %s\n", err.message);
        result = EXIT_FAILED;
    }
    if (opts.batch.output_directory != NULL) {
        result = run_batch(inputs.paths, inputs.count, &opts, &palette);
        goto done;
    }
    /* Each input in turn: a usage error or a signal stops the run, a failed input does not. */
    for (size_t i = 0; i < inputs.count && !opts.stop_inputs; i++) {
        int status_of_input = process_input(inputs.paths[i], &opts, &palette);
        if (status_of_input == EXIT_OK)
            continue;
        result = status_of_input == EXIT_FAILED && result == EXIT_OK ? EXIT_FAILED
                                                                     : status_of_input;
        if (status_of_input >= EXIT_USAGE)
            break;
    }
done:
    tts_device_warm_up_release();
    if (synthesis_started)
        tts_synth_stop();
    tts_palette_free(&palette);
    tts_lexicon_free(opts.lexicon);
    free(opts.voice_overrides);
    free(inputs.paths);
    free(inputs.listed);
    return result;
}
