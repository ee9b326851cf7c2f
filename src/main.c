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
#include <unistd.h>

#include "ttsread/batch.h"
#include "ttsread/cast.h"
#include "ttsread/config.h"
#include "ttsread/parse.h"
#include "ttsread/pipeline.h"
#include "ttsread/play.h"
#include "ttsread/sink.h"
#include "ttsread/synth.h"
#include "util/signals.h"
#include "util/strbuf.h"

enum exit_status { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_BROKEN_PIPE = 128 + SIGPIPE };

enum long_only_option {
    OPTION_LIST_SPEAKERS = 256, OPTION_DUMP, OPTION_CAST, OPTION_SAVE_CAST, OPTION_LIST_VOICES,
    OPTION_VOICE, OPTION_CAPTIONS, OPTION_ANNOUNCE, OPTION_MAX_INPUT, OPTION_SPEED,
    OPTION_RATE, OPTION_STEREO, OPTION_FORMAT, OPTION_CUES, OPTION_GAP, OPTION_SPEAKER_GAP,
    OPTION_VERSION, OPTION_NO_CONFIG, OPTION_EXTENSION, OPTION_SKIP_EXISTING, OPTION_MANIFEST,
    OPTION_INPUTS_FROM, OPTION_LANG, OPTION_DEVICE, OPTION_LIST_DEVICES, OPTION_START_AT,
    OPTION_LOUDNESS, OPTION_EMOJI,
    OPTION_CAPTIONS_WORDS, OPTION_READALONG, OPTION_READALONG_AUDIO,
    OPTION_CHAPTERS, OPTION_TRIM,
};

typedef struct options {
    const char *output;
    const char *format_name;
    const char *dump;
    const char *cast_file;
    const char *save_cast;
    const char *captions;
    const char **voice_overrides;
    size_t voice_override_count;
    int list_speakers;
    int list_voices;
    int quiet;
    int verbose;
    const char *inputs_from;
    int play;
    int list_devices;
    int stop_inputs;              /* q while playing, or no audio device */
    tts_play_options play_options;
    tts_pipeline_options pipeline;
    tts_batch_options batch;
} options;

static const char usage_text[] =
    "Usage: ttsread [OPTIONS] INPUT...\n"
    "Reads a transcript or news page aloud, one distinct voice per speaker.\n"
    "INPUT is a file or '-' for stdin. Options override config.ini settings.\n"
    "\n"
    "Input:\n"
    "  -f, --from FMT          auto, html, text, markdown, vtt, srt, fountain, play\n"
    "      --max-input BYTES   refuse larger inputs (default 64 MiB)\n"
    "      --dump json|text|script  print the script, its spoken text, or the parse\n"
    "Voices:\n"
    "      --list-speakers     print speakers, aliases, turns and voices; no audio\n"
    "      --list-voices       print the voice palette\n"
    "      --voice NAME=PROFILE  give one speaker a profile (repeatable)\n"
    "      --cast FILE         cast file: [Speaker Name] then voice = PROFILE\n"
    "      --save-cast FILE    write the cast that was used\n"
    "      --announce[=WHEN]   narrator names speakers: first (turn), always, off\n"
    "      --speed FACTOR      scale every speaking rate (default 1.0)\n"
    "      --lang TAG          read in this language (es, fr, pt-BR), not the page's\n"
    "Output:\n"
    "  -o, --output FILE       audio file (.wav .flac .ogg .mp3 ...), '-' for stdout\n"
    "      --format NAME       force the format: wav flac ogg opus mp3 aiff raw\n"
    "      --captions FILE     timed captions: .vtt, .srt or .json\n"
    "      --captions-words    WebVTT captions time every word (<00:00:01.250>word)\n"
    "      --readalong FILE.html  a page that plays the audio and highlights each word\n"
    "      --readalong-audio embedded|external  audio inside the page (default), or linked\n"
    "      --chapters[=FILE]   a chapter per speech turn: cue points in the -o WAV, or\n"
    "                          a list in FILE: .ffmetadata (FFmpeg) or .cue (CUE sheet)\n"
    "      --rate HZ           output sample rate (resampled; default 22050)\n"
    "      --stereo            place speakers across the stereo field\n"
    "      --loudness LUFS|off target loudness (default -16), or eSpeak's own levels\n"
    "      --gap MS            pause between turns (default 350)\n"
    "      --speaker-gap MS    pause at a change of speaker (default 700)\n"
    "      --trim              cut each turn's leading and trailing silence (under\n"
    "                          -60 dBFS), so the pauses are exactly --gap/--speaker-gap\n"
    "      --cues pause|read|skip  cues such as (LAUGHTER) (default pause)\n"
    "      --emoji skip|name   skip emoji (default) or say their short names\n"
    "Live:\n"
    "  -p, --play              play on the audio device (press ? for the keys)\n"
    "      --device NAME|N     play on this device (see --list-devices)\n"
    "      --list-devices      print the audio output devices\n"
    "      --start-at TURN|TIME  start at a turn, or a time: 95s, 1:35, 1:02:03\n"
    "Batch:\n"
    "  -O, --output-dir DIR    one audio file per input in DIR, named after it\n"
    "      --ext EXT           audio format of batch outputs (default wav)\n"
    "      --inputs-from FILE  read input paths from FILE, one a line ('-' = stdin)\n"
    "      --skip-existing     keep outputs that already exist (resume a batch)\n"
    "      --manifest FILE     one JSON line per input: status, output, duration\n"
    "General:\n"
    "  -j, --jobs N            synthesis worker processes (default: number of CPUs)\n"
    "  -q, --quiet             print only errors\n"
    "  -v, --verbose           print progress\n"
    "      --no-config         ignore $XDG_CONFIG_HOME/ttsread/config.ini\n"
    "      --version           print the versions of ttsread and its libraries\n"
    "  -h, --help              print this help\n"
    "\n"
    "Exit status: 0 success, 1 an input failed, 2 usage error, 130/143 interrupted.\n"
    "See ttsread(1) for input formats, cast files, config.ini and examples.\n";

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
        fprintf(stderr, "ttsread: %s%s%s\nTry 'ttsread --help'.\n", message, value ? ": " : "",
                value ? value : "");
    return EXIT_USAGE;
}

static int parse_number(const char *text, double low, double high, double *out)
{
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || end == text || *end != '\0' || !(value >= low && value <= high)) /* NaN too */
        return 0;
    *out = value;
    return 1;
}

static int parse_options(int argc, char **argv, options *opts, int *first_input)
{
    static const struct option long_options[] = {
        {"output", required_argument, NULL, 'o'},
        {"from", required_argument, NULL, 'f'},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"list-speakers", no_argument, NULL, OPTION_LIST_SPEAKERS},
        {"dump", required_argument, NULL, OPTION_DUMP},
        {"cast", required_argument, NULL, OPTION_CAST},
        {"save-cast", required_argument, NULL, OPTION_SAVE_CAST},
        {"list-voices", no_argument, NULL, OPTION_LIST_VOICES},
        {"voice", required_argument, NULL, OPTION_VOICE},
        {"captions", required_argument, NULL, OPTION_CAPTIONS},
        {"captions-words", no_argument, NULL, OPTION_CAPTIONS_WORDS},
        {"readalong", required_argument, NULL, OPTION_READALONG},
        {"readalong-audio", required_argument, NULL, OPTION_READALONG_AUDIO},
        {"chapters", optional_argument, NULL, OPTION_CHAPTERS},
        {"announce", optional_argument, NULL, OPTION_ANNOUNCE},
        {"max-input", required_argument, NULL, OPTION_MAX_INPUT},
        {"speed", required_argument, NULL, OPTION_SPEED},
        {"rate", required_argument, NULL, OPTION_RATE},
        {"stereo", no_argument, NULL, OPTION_STEREO},
        {"format", required_argument, NULL, OPTION_FORMAT},
        {"cues", required_argument, NULL, OPTION_CUES},
        {"emoji", required_argument, NULL, OPTION_EMOJI},
        {"gap", required_argument, NULL, OPTION_GAP},
        {"speaker-gap", required_argument, NULL, OPTION_SPEAKER_GAP},
        {"trim", no_argument, NULL, OPTION_TRIM},
        {"version", no_argument, NULL, OPTION_VERSION},
        {"no-config", no_argument, NULL, OPTION_NO_CONFIG},
        {"output-dir", required_argument, NULL, 'O'},
        {"ext", required_argument, NULL, OPTION_EXTENSION},
        {"skip-existing", no_argument, NULL, OPTION_SKIP_EXISTING},
        {"manifest", required_argument, NULL, OPTION_MANIFEST},
        {"inputs-from", required_argument, NULL, OPTION_INPUTS_FROM},
        {"loudness", required_argument, NULL, OPTION_LOUDNESS},
        {"lang", required_argument, NULL, OPTION_LANG},
        {"play", no_argument, NULL, 'p'},
        {"device", required_argument, NULL, OPTION_DEVICE},
        {"list-devices", no_argument, NULL, OPTION_LIST_DEVICES},
        {"start-at", required_argument, NULL, OPTION_START_AT},
        {NULL, 0, NULL, 0},
    };
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    tts_render_options *render = &opts->pipeline.render;
    render->jobs = cpus > 0 ? (size_t)cpus : 1;
    render->speed = 1.0;
    render->mix.channels = 1;
    render->mix.turn_gap_ms = 350;
    render->mix.speaker_gap_ms = 700;
    render->mix.cue_gap_ms = 600;
    render->mix.normalize = 1;
    render->mix.loudness_lufs = TTS_LOUDNESS_DEFAULT_LUFS;
    opts->pipeline.max_input = TTS_INPUT_DEFAULT_MAX_BYTES;
    opts->batch.extension = "wav";
    opts->voice_overrides = calloc((size_t)argc, sizeof *opts->voice_overrides);
    if (opts->voice_overrides == NULL)
        return usage_error("out of memory", NULL);

    opterr = 0;
    int option;
    double number;
    while ((option = getopt_long(argc, argv, ":o:O:f:j:pqvh", long_options, NULL)) != -1) {
        /* config settings are argv[1..count], one "--name=value" each */
        config_line_parsed = optind - 1 >= 1 && (size_t)(optind - 1) <= user_config.count
                                 ? user_config.lines[optind - 2]
                                 : 0;
        switch (option) {
        case 'o': opts->output = optarg; break;
        case 'f': {
            int format = tts_format_from_name(optarg);
            if (format < 0)
                return usage_error("unknown input format", optarg);
            opts->pipeline.from = (tts_format)format;
            break;
        }
        case 'j':
            if (!parse_number(optarg, 1, 256, &number) || number != (int)number)
                return usage_error("--jobs takes a whole number from 1 to 256", optarg);
            render->jobs = (size_t)number;
            break;
        case 'p': opts->play = 1; break;
        case OPTION_DEVICE: opts->play_options.device = optarg; break;
        case OPTION_LIST_DEVICES: opts->list_devices = 1; break;
        case OPTION_START_AT:
            if (!tts_play_parse_start(optarg, &opts->play_options.start))
                return usage_error("--start-at takes a turn number or a time (95s, 1:35)", optarg);
            break;
        case 'q': opts->quiet = 1; break;
        case 'v': opts->verbose = 1; break;
        case 'h': fputs(usage_text, stdout); exit(EXIT_OK);
        case OPTION_LIST_SPEAKERS: opts->list_speakers = 1; break;
        case OPTION_DUMP:
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0 &&
                strcmp(optarg, "script") != 0)
                return usage_error("--dump takes json, text or script", optarg);
            opts->dump = optarg;
            break;
        case OPTION_CAST: opts->cast_file = optarg; break;
        case OPTION_SAVE_CAST: opts->save_cast = optarg; break;
        case OPTION_LIST_VOICES: opts->list_voices = 1; break;
        case OPTION_VOICE:
            if (strchr(optarg, '=') == NULL)
                return usage_error("--voice takes NAME=PROFILE", optarg);
            opts->voice_overrides[opts->voice_override_count++] = optarg;
            break;
        case OPTION_CAPTIONS: opts->captions = optarg; break;
        case OPTION_CAPTIONS_WORDS: render->captions_words = 1; break;
        case OPTION_READALONG: render->readalong_path = optarg; break;
        case OPTION_CHAPTERS:
            if (optarg == NULL)
                render->chapters_in_audio = 1;
            else if (tts_chapters_format_known(optarg))
                render->chapters_path = optarg;
            else
                return usage_error("--chapters=FILE takes a .ffmetadata or .cue file", optarg);
            break;
        case OPTION_READALONG_AUDIO:
            if (strcmp(optarg, "embedded") != 0 && strcmp(optarg, "external") != 0)
                return usage_error("--readalong-audio takes embedded or external", optarg);
            render->readalong_external = strcmp(optarg, "external") == 0;
            break;
        case OPTION_ANNOUNCE:
            if (optarg == NULL || strcmp(optarg, "first") == 0)
                render->announce = 1;
            else if (strcmp(optarg, "always") == 0)
                render->announce = 2;
            else if (strcmp(optarg, "off") == 0) /* undoes announce = ... in config.ini */
                render->announce = 0;
            else
                return usage_error("--announce takes first, always or off", optarg);
            break;
        case OPTION_MAX_INPUT:
            if (!parse_number(optarg, 1, 1e12, &number))
                return usage_error("--max-input takes a number of bytes", optarg);
            opts->pipeline.max_input = (size_t)number;
            break;
        case OPTION_SPEED:
            if (!parse_number(optarg, 0.25, 4.0, &number))
                return usage_error("--speed takes a factor from 0.25 to 4", optarg);
            render->speed = number;
            break;
        case OPTION_RATE:
            if (!parse_number(optarg, 8000, 192000, &number) || number != (int)number)
                return usage_error("--rate takes a sample rate from 8000 to 192000 Hz", optarg);
            render->mix.output_rate = (int)number;
            break;
        case OPTION_STEREO: render->mix.channels = 2; break;
        case OPTION_FORMAT: opts->format_name = optarg; break;
        case OPTION_CUES:
            if (strcmp(optarg, "pause") == 0)
                opts->pipeline.speak.cues = TTS_CUES_PAUSE;
            else if (strcmp(optarg, "read") == 0)
                opts->pipeline.speak.cues = TTS_CUES_READ;
            else if (strcmp(optarg, "skip") == 0)
                opts->pipeline.speak.cues = TTS_CUES_SKIP;
            else
                return usage_error("--cues takes pause, read or skip", optarg);
            break;
        case OPTION_EMOJI:
            if (strcmp(optarg, "skip") == 0)
                opts->pipeline.speak.emoji = TTS_EMOJI_SKIP;
            else if (strcmp(optarg, "name") == 0)
                opts->pipeline.speak.emoji = TTS_EMOJI_NAME;
            else
                return usage_error("--emoji takes skip or name", optarg);
            break;
        case OPTION_GAP:
        case OPTION_TRIM: render->mix.trim = 1; break;
        case OPTION_SPEAKER_GAP:
            if (!parse_number(optarg, 0, 10000, &number))
                return usage_error("gaps take milliseconds from 0 to 10000", optarg);
            *(option == OPTION_GAP ? &render->mix.turn_gap_ms
                                   : &render->mix.speaker_gap_ms) = (int)number;
            break;
        case OPTION_VERSION:
            printf("ttsread %s\neSpeak NG %s\n%s\n%s\n", TTS_VERSION, tts_synth_version(),
                   tts_sink_library_version(), tts_device_library_version());
            exit(EXIT_OK);
        case OPTION_NO_CONFIG: break;
        case 'O': opts->batch.output_directory = optarg; break;
        case OPTION_EXTENSION:
            if (!tts_sink_format_known(optarg, optarg))
                return usage_error("unknown audio format", optarg);
            opts->batch.extension = optarg;
            break;
        case OPTION_SKIP_EXISTING: opts->batch.skip_existing = 1; break;
        case OPTION_MANIFEST: opts->batch.manifest_path = optarg; break;
        case OPTION_INPUTS_FROM: opts->inputs_from = optarg; break;
        case OPTION_LOUDNESS:
            if (strcmp(optarg, "off") == 0)
                render->mix.normalize = 0;
            else if (parse_number(optarg, -40, -5, &number))
                render->mix.loudness_lufs = number;
            else
                return usage_error("--loudness takes LUFS from -40 to -5, or off", optarg);
            break;
        case OPTION_LANG:
            if (optarg[0] == '\0' || strlen(optarg) > 31 ||
                strspn(optarg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") !=
                    strlen(optarg))
                return usage_error("--lang takes a language tag such as es, fr or pt-BR", optarg);
            opts->pipeline.lang = optarg;
            break;
        case ':': return usage_error("option needs a value", argv[optind - 1]);
        default: return usage_error("unknown option", argv[optind - 1]);
        }
    }
    config_line_parsed = 0;
    *first_input = optind;
    if (opts->batch.output_directory != NULL && opts->output != NULL)
        return usage_error("-o and -O do not go together", NULL);
    if (opts->batch.output_directory != NULL && opts->play)
        return usage_error("--play and -O do not go together", NULL);
    opts->play_options.quiet = opts->quiet;
    opts->play_options.verbose = opts->verbose;
    if (opts->format_name != NULL && opts->output != NULL &&
        !tts_sink_format_known(opts->output, opts->format_name))
        return usage_error("unknown audio format", opts->format_name);
    if (opts->output != NULL && opts->format_name == NULL &&
        !tts_sink_format_known(opts->output, NULL))
        return usage_error("cannot tell the audio format from the file name (use --format)",
                           opts->output);
    if (render->chapters_path != NULL && opts->batch.output_directory != NULL)
        return usage_error("--chapters=FILE takes one input; bare --chapters marks WAV files", NULL);
    if (render->chapters_in_audio &&
        (opts->output != NULL ? !tts_sink_holds_cues(opts->output, opts->format_name)
                              : opts->batch.output_directory == NULL ||
                                    strcasecmp(opts->batch.extension, "wav") != 0))
        return usage_error("--chapters marks a WAV file (-o FILE.wav); use --chapters=FILE.ffmetadata "
                           "or .cue for other outputs", NULL);
    return EXIT_OK;
}

static void print_speakers(const tts_script *script, const tts_palette *palette,
                           const tts_cast *cast)
{
    printf("%-24s %-6s %-12s %s\n", "SPEAKER", "TURNS", "VOICE", "ALIASES");
    printf("%-24s %-6s %-12s\n", "Narrator", "-", palette->voices[cast->narrator].name);
    for (size_t s = 0; s < script->speaker_count; s++) {
        const tts_speaker *speaker = &script->speakers[s];
        printf("%-24s %-6zu %-12s", speaker->name, speaker->turn_count,
               palette->voices[cast->voices[s]].name);
        for (size_t a = 0; a < speaker->alias_count; a++)
            printf("%s%s", a ? " | " : "", speaker->aliases[a]);
        putchar('\n');
    }
}

static void print_voices(const tts_palette *palette)
{
    for (size_t i = 0; i < palette->count; i++) {
        const tts_voice *voice = &palette->voices[i];
        printf("%-10s %-16s %-4s pitch %2d  rate %3d  %s\n", voice->name, voice->espeak,
               voice->variant, voice->pitch, voice->rate, voice->label);
    }
}

/* Plays one parsed input; q, or no audio device, ends the run of inputs. */
static tts_status play_input(const tts_pipeline_result *result, options *opts,
                             const tts_palette *palette, tts_error *err)
{
    tts_play_result played;
    tts_status status = tts_play(&result->script, palette, &result->cast, &opts->pipeline.render,
                                 &opts->play_options, &played, err);
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
    tts_status status = tts_input_read(path, opts->pipeline.max_input, opts->pipeline.from,
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
    return status == TTS_OK ? EXIT_OK : EXIT_FAILED;
}

/* Runs one input through the pipeline and prints what was asked for; prints
 * its one-line error itself. */
/* The output (audio, captions, read-along page, cast) that would replace the
 * input file itself, however either is spelled ("story.txt", "./story.txt"), or NULL. */
static const char *output_over_input(const char *input, const options *opts)
{
    const char *outputs[] = {opts->output, opts->captions, opts->pipeline.render.readalong_path,
                             opts->save_cast, opts->pipeline.render.chapters_path};
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

static int process_input(const char *path, options *opts, const tts_palette *palette)
{
    const char *clobbered = output_over_input(path, opts);
    if (clobbered != NULL) {
        fprintf(stderr, "ttsread: %s: output %s would overwrite the input\n", path, clobbered);
        return EXIT_FAILED;
    }
    if (opts->dump != NULL && strcmp(opts->dump, "script") == 0)
        return dump_script(path, opts);
    tts_error err;
    tts_error_clear(&err);
    tts_pipeline_result result;
    tts_pipeline_options pipeline = opts->pipeline;
    if (opts->play) /* the player renders -o and --captions itself, while it plays */
        pipeline.render.output_path = pipeline.render.captions_path =
            pipeline.render.readalong_path = NULL;
    tts_status status = tts_pipeline_run(path, palette, &pipeline, &result, &err);
    if (status == TTS_OK && opts->save_cast != NULL)
        status = tts_cast_save(palette, &result.script, &result.cast, opts->save_cast, &err);
    if (status == TTS_OK && opts->dump != NULL && strcmp(opts->dump, "json") == 0)
        status = tts_dump_json(stdout, &result.script, palette, &result.cast, &err);
    if (status == TTS_OK && opts->dump != NULL && strcmp(opts->dump, "text") == 0)
        for (size_t t = 0; t < result.script.turn_count; t++)
            if (result.script.turns[t].spoken && result.script.turns[t].spoken[0])
                puts(result.script.turns[t].spoken);
    if (status == TTS_OK && opts->list_speakers)
        print_speakers(&result.script, palette, &result.cast);
    if (status == TTS_OK && opts->play)
        status = play_input(&result, opts, palette, &err);
    if (status == TTS_OK && opts->verbose && pipeline.render.output_path)
        fprintf(stderr, "ttsread: %s: %.1f s of audio, %zu speakers\n", path,
                result.render.seconds, result.script.speaker_count);
    if (tts_signals_pending()) /* one line, whichever stage the signal stopped */
        fprintf(stderr, "ttsread: %s: interrupted\n", path);
    else if (status != TTS_OK && status != TTS_ERR_INTERRUPTED && status != TTS_ERR_CLOSED)
        fprintf(stderr, "ttsread: %s\n", err.message);
    tts_pipeline_result_free(&result);
    if (status == TTS_ERR_CLOSED)
        return EXIT_BROKEN_PIPE; /* what a shell reports for a reader that stopped early */
    if (status == TTS_ERR_INTERRUPTED || tts_signals_pending())
        return 128 + (tts_signals_pending() ? tts_signals_pending() : SIGINT);
    return status == TTS_OK ? EXIT_OK : EXIT_FAILED;
}

/* Reads --inputs-from: one path per line, blank lines ignored. The lines
 * are kept in `storage` (owned by the caller). */
static int read_input_list(const char *path, tts_strbuf *storage, const char ***paths, size_t *count)
{
    FILE *file = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (file == NULL) {
        fprintf(stderr, "ttsread: %s: %s\n", path, strerror(errno));
        return EXIT_FAILED;
    }
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    while ((length = getline(&line, &capacity, file)) >= 0) {
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
            line[--length] = '\0';
        if (length > 0)
            tts_strbuf_append(storage, line, (size_t)length + 1);
    }
    free(line);
    if (file != stdin)
        fclose(file);
    size_t total = 0;
    for (size_t at = 0; at < storage->length; at += strlen(storage->data + at) + 1)
        total++;
    *paths = calloc(total + 1, sizeof **paths);
    if (*paths == NULL)
        return EXIT_FAILED;
    for (size_t at = 0, i = 0; at < storage->length; at += strlen(storage->data + at) + 1)
        (*paths)[i++] = storage->data + at;
    *count = total;
    return EXIT_OK;
}

static int run_batch(const char *const *inputs, size_t count, options *opts,
                     const tts_palette *palette)
{
    tts_error err;
    tts_error_clear(&err);
    opts->batch.jobs = opts->pipeline.render.jobs;
    opts->batch.verbose = opts->verbose;
    opts->batch.quiet = opts->quiet;
    tts_batch_summary summary;
    tts_status status = tts_batch_run(inputs, count, palette, &opts->pipeline, &opts->batch,
                                      &summary, &err);
    if (status != TTS_OK && status != TTS_ERR_INTERRUPTED)
        fprintf(stderr, "ttsread: %s\n", err.message);
    if (!opts->quiet || summary.failed > 0)
        fprintf(stderr, "ttsread: %zu rendered, %zu failed, %zu skipped%s\n", summary.rendered,
                summary.failed, summary.skipped, summary.signal ? " (interrupted)" : "");
    if (summary.signal)
        return 128 + summary.signal;
    return status == TTS_OK && summary.failed == 0 ? EXIT_OK : EXIT_FAILED;
}

/* True when the command line says --no-config (or an abbreviation of it,
 * which getopt_long takes too). */
static bool config_refused(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strlen(argv[i]) >= 3 && strncmp(argv[i], "--no-config", strlen(argv[i])) == 0)
            return true;
    return false;
}

/* argv with the config's settings put in: lives as long as the process. */
static char **arguments_with_config;

static void free_user_config(void)
{
    free(arguments_with_config);
    tts_config_free(&user_config);
}

/* Reads config.ini, unless --no-config, into user_config, and puts its
 * settings between the program's name and the command line's arguments. */
static int read_user_config(int *argc, char ***argv)
{
    char path[PATH_MAX];
    if (config_refused(*argc, *argv) || !tts_config_path(path, sizeof path))
        return EXIT_OK;
    atexit(free_user_config);
    tts_error err;
    if (tts_config_load(path, &user_config, &err) != TTS_OK) {
        fprintf(stderr, "ttsread: %s\n", err.message);
        return EXIT_USAGE;
    }
    if (user_config.count == 0)
        return EXIT_OK;
    char **arguments = calloc((size_t)*argc + user_config.count + 1, sizeof *arguments);
    if (arguments == NULL)
        return usage_error("out of memory", NULL);
    arguments[0] = (*argv)[0];
    memcpy(arguments + 1, user_config.arguments, user_config.count * sizeof *arguments);
    memcpy(arguments + 1 + user_config.count, *argv + 1, (size_t)(*argc - 1) * sizeof *arguments);
    *argc += (int)user_config.count;
    *argv = arguments_with_config = arguments;
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    options opts = {0};
    int first_input = 0;
    if (read_user_config(&argc, &argv) != EXIT_OK)
        return EXIT_USAGE;
    int result = parse_options(argc, argv, &opts, &first_input);
    if (result != EXIT_OK) {
        free(opts.voice_overrides);
        return result;
    }
    int input_count = argc - first_input;
    tts_strbuf listed_storage = TTS_STRBUF_INIT;
    const char **listed = NULL;
    size_t listed_count = 0;
    if (opts.inputs_from != NULL) {
        if (read_input_list(opts.inputs_from, &listed_storage, &listed, &listed_count) != EXIT_OK) {
            free(opts.voice_overrides);
            tts_strbuf_free(&listed_storage);
            return EXIT_FAILED;
        }
        input_count += (int)listed_count;
    }
    if (input_count == 0 && !opts.list_voices && !opts.list_devices) {
        free(listed);
        tts_strbuf_free(&listed_storage);
        free(opts.voice_overrides);
        return usage_error("no input given", NULL);
    }
    if (input_count > 1 && opts.output != NULL) {
        free(opts.voice_overrides);
        free(listed);
        tts_strbuf_free(&listed_storage);
        return usage_error("-o takes one input; use -O DIR for several", NULL);
    }
    opts.pipeline.render.output_path = opts.output;
    opts.pipeline.render.format_name = opts.format_name;
    opts.pipeline.render.captions_path = opts.captions;
    opts.pipeline.cast = (tts_cast_options){opts.voice_overrides, opts.voice_override_count,
                                            opts.cast_file};
    tts_signals_install();

    tts_error err;
    tts_error_clear(&err);
    char voices_directory[PATH_MAX];
    tts_palette palette = {0};
    tts_status status = tts_voices_directory(voices_directory, sizeof voices_directory, &err);
    if (status == TTS_OK)
        status = tts_palette_load(voices_directory, &palette, &err);
    /* A --voice profile that does not exist is a usage error, told before any input is read. */
    for (size_t i = 0; status == TTS_OK && i < opts.voice_override_count; i++) {
        if (tts_palette_find(&palette, strrchr(opts.voice_overrides[i], '=') + 1) >= 0)
            continue;
        result = usage_error("--voice names an unknown profile (see --list-voices)",
                             opts.voice_overrides[i]);
        free(opts.voice_overrides);
        free(listed);
        tts_strbuf_free(&listed_storage);
        tts_palette_free(&palette);
        return result;
    }
    int sample_rate = 22050;
    bool needs_synthesis = opts.output != NULL || opts.captions != NULL ||
                           opts.pipeline.render.readalong_path != NULL ||
                           opts.pipeline.render.chapters_path != NULL ||
                           opts.batch.output_directory != NULL || opts.play;
    if (status == TTS_OK && (needs_synthesis || opts.list_voices))
        status = tts_synth_init(&sample_rate, &err);
    for (size_t i = 0; i < palette.count && status == TTS_OK && needs_synthesis; i++)
        status = tts_synth_check_voice(&palette.voices[i], &err);
    if (status != TTS_OK) {
        fprintf(stderr, "ttsread: %s\n", err.message);
        free(opts.voice_overrides);
        tts_palette_free(&palette);
        return EXIT_FAILED;
    }
    opts.pipeline.render.mix.input_rate = sample_rate;

    if (opts.list_voices)
        print_voices(&palette);
    result = EXIT_OK;
    if (opts.list_devices && tts_device_list(stdout, &err) != TTS_OK) {
        fprintf(stderr, "ttsread: %s\n", err.message);
        result = EXIT_FAILED;
    }
    if (opts.batch.output_directory != NULL) {
        const char **inputs = calloc((size_t)input_count + 1, sizeof *inputs);
        if (inputs == NULL) {
            result = EXIT_FAILED;
        } else {
            size_t count = 0;
            for (int i = first_input; i < argc; i++)
                inputs[count++] = argv[i];
            for (size_t i = 0; i < listed_count; i++)
                inputs[count++] = listed[i];
            result = run_batch(inputs, count, &opts, &palette);
            free(inputs);
        }
        first_input = argc; /* done */
    } else if (listed_count > 0) {
        for (size_t i = 0; i < listed_count && result <= EXIT_FAILED && !opts.stop_inputs; i++)
            if (process_input(listed[i], &opts, &palette) != EXIT_OK)
                result = EXIT_FAILED;
    }
    for (int i = first_input; i < argc && !opts.stop_inputs; i++) {
        int status_of_input = process_input(argv[i], &opts, &palette);
        if (status_of_input > EXIT_USAGE) {
            result = status_of_input;
            break;
        }
        if (status_of_input != EXIT_OK)
            result = EXIT_FAILED;
    }
    if (needs_synthesis || opts.list_voices)
        tts_synth_terminate();
    tts_palette_free(&palette);
    free(opts.voice_overrides);
    free(listed);
    tts_strbuf_free(&listed_storage);
    return result;
}
