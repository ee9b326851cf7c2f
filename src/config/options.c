/* options.c: the one table of command-line options, and what is made from
 * it: value checking, --help's text and the bash completion's lists. */
#include "ttsread/options.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ttsread/input.h"
#include "ttsread/render.h"
#include "ttsread/speak.h"

static const tts_option_choice from_choices[] = {
    {"auto", TTS_FORMAT_AUTO}, {"html", TTS_FORMAT_HTML}, {"text", TTS_FORMAT_TEXT},
    {"markdown", TTS_FORMAT_MARKDOWN}, {"vtt", TTS_FORMAT_VTT}, {"srt", TTS_FORMAT_SRT},
    {"fountain", TTS_FORMAT_FOUNTAIN}, {"play", TTS_FORMAT_PLAY}, {NULL, 0},
};
static const tts_option_choice dump_choices[] = {
    {"json", TTS_DUMP_JSON}, {"text", TTS_DUMP_TEXT}, {"script", TTS_DUMP_SCRIPT}, {NULL, 0},
};
static const tts_option_choice announce_choices[] = {
    {"first", TTS_ANNOUNCE_FIRST}, {"change", TTS_ANNOUNCE_CHANGE},
    {"always", TTS_ANNOUNCE_ALWAYS}, {"off", TTS_ANNOUNCE_OFF},
    {NULL, 0},
};
static const tts_option_choice audio_format_choices[] = {
    {"wav", 0}, {"flac", 0}, {"ogg", 0}, {"opus", 0}, {"mp3", 0}, {"aiff", 0}, {"raw", 0},
    {NULL, 0},
};
/* --ext: the audio formats, and epub for a read-along book per input. */
static const tts_option_choice batch_extension_choices[] = {
    {"wav", 0}, {"flac", 0}, {"ogg", 0}, {"opus", 0}, {"mp3", 0}, {"aiff", 0}, {"raw", 0},
    {"epub", 0}, {NULL, 0},
};
static const tts_option_choice readalong_audio_choices[] = {
    {"embedded", 0}, {"external", 1}, {NULL, 0},
};
static const tts_option_choice epub_overlay_choices[] = {
    {"sentence", 0}, {"word", 1}, {NULL, 0},
};
static const tts_option_choice cues_choices[] = {
    {"pause", TTS_CUES_PAUSE}, {"read", TTS_CUES_READ}, {"skip", TTS_CUES_SKIP}, {NULL, 0},
};
static const tts_option_choice emoji_choices[] = {
    {"skip", TTS_EMOJI_SKIP}, {"name", TTS_EMOJI_NAME}, {NULL, 0},
};
static const tts_option_choice loudness_choices[] = {{"off", 0}, {NULL, 0}};

#define AUDIO_EXTENSIONS "wav flac ogg oga opus mp3 aiff aif raw pcm"

/* In --help's order. Ranges are what the stages can honour: --speed's is
 * eSpeak NG's rate range (80 to 450 words a minute) over the profiles' rates. */
const tts_option tts_options[] = {
    {TTS_OPTION_FROM, "from", 'f', TTS_OPTION_CHOICE, false, "FMT", 0, 0, from_choices, 0, "auto",
     "Input", "the input's format", false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_MAX_INPUT, "max-input", 0, TTS_OPTION_BYTES, false, "SIZE", 1, 1099511627776.0,
     NULL, 0, "64MiB", "Input", "refuse larger inputs (bytes, or 500k, 64M, 1GiB)", true, false,
     NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_TIMEOUT, "timeout", 0, TTS_OPTION_NUMBER, false, "SECONDS", 0.1, 86400, NULL, 0,
     "30", "Input", "give up on downloading a URL after this long", true, false, NULL,
     TTS_ACTS_ON_ANY},
    {TTS_OPTION_DUMP, "dump", 0, TTS_OPTION_CHOICE, false, "WHAT", 0, 0, dump_choices, 0, NULL,
     "Input", "print the script with its voices (json), its spoken text (text), or the parse alone (script)", false, false, NULL,
     TTS_ACTS_ON_ANY},
    {TTS_OPTION_LIST_SPEAKERS, "list-speakers", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0,
     NULL, "Voices", "print speakers, aliases, turns and voices; no audio", false, false, NULL,
     TTS_ACTS_ON_ANY},
    {TTS_OPTION_LIST_VOICES, "list-voices", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL,
     "Voices", "print the voice palette", false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_VOICE, "voice", 0, TTS_OPTION_TEXT, false, "NAME=PROFILE", 0, 0, NULL, 0, NULL,
     "Voices", "give one speaker a profile (repeatable)", false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_CAST, "cast", 0, TTS_OPTION_FILE, false, "FILE", 0, 0, NULL, 0, NULL, "Voices",
     "cast file: [Speaker Name] then voice = PROFILE", true, false, "ini", TTS_ACTS_ON_ANY},
    {TTS_OPTION_LEXICON, "lexicon", 0, TTS_OPTION_FILE, false, "FILE", 0, 0, NULL, 0, NULL,
     "Voices",
     "pronunciations, one a line: word = respelling, or word = [[eSpeak phonemes]]; on top of "
     "$XDG_CONFIG_HOME/ttsread/lexicon.txt",
     true, false, "txt", TTS_ACTS_ON_ANY},
    {TTS_OPTION_SAVE_CAST, "save-cast", 0, TTS_OPTION_FILE, false, "FILE", 0, 0, NULL, 0, NULL,
     "Voices", "write the cast that was used", false, false, "ini", TTS_ACTS_ON_ANY},
    {TTS_OPTION_ANNOUNCE, "announce", 0, TTS_OPTION_CHOICE, true, "WHEN", 0, 0, announce_choices,
     TTS_ANNOUNCE_FIRST, "off", "Voices",
     "the narrator names the speaker: at their first turn, at every change of speaker, "
     "before every turn, or never; bare --announce means first",
     true, false, NULL, TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_ANNOUNCE_MAX_SPEED, "announce-max-speed", 0, TTS_OPTION_NUMBER, false, "FACTOR",
     0.5, 4, NULL, 0, NULL, "Voices",
     "no announcements above this speed (--speed, or + while playing): fast listening "
     "keeps to the words",
     true, false, NULL, TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_SPEED, "speed", 0, TTS_OPTION_NUMBER, false, "FACTOR", 0.5, 4, NULL, 0, "1.0",
     "Voices", "scale every speaking rate, from 0.5 to 4", true, false, NULL, TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_LANG, "lang", 0, TTS_OPTION_TEXT, false, "TAG", 0, 0, NULL, 0, NULL, "Voices",
     "read in this language (es, fr, pt-BR), not the page's", true, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_OUTPUT, "output", 'o', TTS_OPTION_FILE, false, "FILE", 0, 0, NULL, 0, NULL,
     "Output", "audio file (.wav .flac .ogg .mp3 ...), '-' for stdout, or an EPUB 3 read-along "
     "book (.epub)", false, false, AUDIO_EXTENSIONS " epub", TTS_ACTS_ON_ANY},
    {TTS_OPTION_FORMAT, "format", 0, TTS_OPTION_CHOICE, false, "NAME", 0, 0, audio_format_choices,
     0, NULL, "Output", "the audio format, whatever -o's name says", false, false, NULL,
     TTS_ACTS_ON_ANY},
    {TTS_OPTION_CAPTIONS, "captions", 0, TTS_OPTION_TEXT, false, "FILE", 0, 0, NULL, 0, NULL,
     "Output", "timed captions: .vtt, .srt or .json (with -O: vtt, srt or json, one file per "
     "input beside its audio)",
     false, false, "vtt srt json", TTS_ACTS_ON_ANY},
    {TTS_OPTION_CAPTIONS_WORDS, "captions-words", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0,
     NULL, "Output", "WebVTT captions time every word (<00:00:01.250>word)", false, false, NULL,
     TTS_ACTS_ON_ANY},
    {TTS_OPTION_CAPTIONS_TURNS, "captions-turns", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0,
     NULL, "Output",
     "one caption cue per turn, however long (by default cues end at sentence ends, at most 2 "
     "lines of 42 characters and about 7 seconds)",
     false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_READALONG, "readalong", 0, TTS_OPTION_TEXT, false, "FILE.html", 0, 0, NULL, 0,
     NULL, "Output", "a page that plays the audio and highlights each word (with -O: any "
     "value, one page per input beside its audio)",
     false, false, "html htm", TTS_ACTS_ON_ANY},
    {TTS_OPTION_READALONG_AUDIO, "readalong-audio", 0, TTS_OPTION_CHOICE, false, "HOW", 0, 0,
     readalong_audio_choices, 0, "embedded", "Output",
     "the audio inside the read-along page, or linked", false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_CHAPTERS, "chapters", 0, TTS_OPTION_TEXT, true, "FILE", 0, 0, NULL, 0, NULL,
     "Output", "a chapter per speech turn: cue points in the -o WAV, or a list in FILE: "
     ".ffmetadata (FFmpeg), .cue (CUE sheet) or .json (Podcasting 2.0 chapters)",
     false, false, "ffmetadata cue json", TTS_ACTS_ON_ANY},
    {TTS_OPTION_TRANSCRIPT, "transcript", 0, TTS_OPTION_TEXT, false, "FILE.json", 0, 0, NULL, 0,
     NULL, "Output", "a Podcasting 2.0 JSON transcript, a segment per turn heard (with -O: any "
     "value, one STEM.transcript.json per input beside its audio)",
     false, false, "json", TTS_ACTS_ON_ANY},
    {TTS_OPTION_EPUB, "epub", 0, TTS_OPTION_TEXT, false, "FILE.epub", 0, 0, NULL, 0, NULL,
     "Output", "also an EPUB 3 read-along book: the transcript with its MP3 audio and media "
     "overlays that highlight each sentence as it is heard (or -o FILE.epub alone; with -O: "
     "--ext epub)",
     false, false, "epub", TTS_ACTS_ON_ANY},
    {TTS_OPTION_EPUB_OVERLAY, "epub-overlay", 0, TTS_OPTION_CHOICE, false, "UNIT", 0, 0,
     epub_overlay_choices, 0, "sentence", "Output",
     "what the EPUB's media overlay highlights: each sentence or each word", false, false, NULL,
     TTS_ACTS_ON_ANY},
    {TTS_OPTION_RATE, "rate", 0, TTS_OPTION_WHOLE, false, "HZ", 8000, 192000, NULL, 0, "22050",
     "Output", "output sample rate (resampled)", true, false, NULL, TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_STEREO, "stereo", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL, "Output",
     "place speakers across the stereo field", true, false, NULL, TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_LOUDNESS, "loudness", 0, TTS_OPTION_NUMBER_OR_CHOICE, false, "LUFS|off", -40, -5,
     loudness_choices, 0, "-16", "Output",
     "integrated loudness from -40 to -5 LUFS, or eSpeak's own levels", true, false, NULL,
     TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_GAP, "gap", 0, TTS_OPTION_WHOLE, false, "MS", 0, 10000, NULL, 0, "350", "Output",
     "pause between turns of one speaker", true, false, NULL, TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_SPEAKER_GAP, "speaker-gap", 0, TTS_OPTION_WHOLE, false, "MS", 0, 10000, NULL, 0,
     "700", "Output", "pause at a change of speaker", true, false, NULL, TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_TRIM, "trim", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL, "Output",
     "cut each turn's leading and trailing silence (under -60 dBFS), so the pauses are exactly "
     "--gap/--speaker-gap",
     true, false, NULL, TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_CUES, "cues", 0, TTS_OPTION_CHOICE, false, "HOW", 0, 0, cues_choices, 0, "pause",
     "Output", "cues such as (LAUGHTER): a pause, read by the narrator, or nothing", true, false,
     NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_EMOJI, "emoji", 0, TTS_OPTION_CHOICE, false, "HOW", 0, 0, emoji_choices, 0, "skip",
     "Output", "skip emoji or say their short names", true, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_START_AT, "start-at", 0, TTS_OPTION_TEXT, false, "TURN|TIME", 0, 0, NULL, 0, NULL,
     "Output", "begin at a turn, or a time: 95s, 1:35, 1:02:03 (files, captions and --play)",
     false, false, NULL, TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_END_AT, "end-at", 0, TTS_OPTION_TEXT, false, "TURN|TIME", 0, 0, NULL, 0, NULL,
     "Output", "end after this turn, or at this time", false, false, NULL, TTS_ACTS_ON_SPEECH},
    {TTS_OPTION_PLAY, "play", 'p', TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL, "Live",
     "play on the audio device (press ? for the keys); what ttsread does when no output is named",
     false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_RESUME, "resume", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL, "Live",
     "start where the last --play of the same text was quit (q keeps the place; c goes there "
     "while playing)",
     false, false, NULL, TTS_ACTS_ON_PLAY},
    {TTS_OPTION_DEVICE, "device", 0, TTS_OPTION_TEXT, false, "NAME|N", 0, 0, NULL, 0, NULL, "Live",
     "play on this device (see --list-devices)", true, false, NULL, TTS_ACTS_ON_PLAY},
    {TTS_OPTION_LIST_DEVICES, "list-devices", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0,
     NULL, "Live", "print the audio output devices", false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_NO_MPRIS, "no-mpris", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL,
     "Live", "no media keys: --play does not offer MPRIS on the D-Bus session bus", true, false,
     NULL, TTS_ACTS_ON_PLAY},
    {TTS_OPTION_OUTPUT_DIR, "output-dir", 'O', TTS_OPTION_FILE, false, "DIR", 0, 0, NULL, 0, NULL,
     "Batch", "one audio file per input in DIR, named after it", false, false, "DIR",
     TTS_ACTS_ON_ANY},
    {TTS_OPTION_EXT, "ext", 0, TTS_OPTION_CHOICE, false, "EXT", 0, 0, batch_extension_choices, 0,
     "wav", "Batch", "audio format of batch outputs, or epub for a read-along book each", true,
     false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_INPUTS_FROM, "inputs-from", 0, TTS_OPTION_FILE, false, "FILE", 0, 0, NULL, 0, NULL,
     "Batch", "read paths or URLs from FILE, one a line ('-' = stdin)", false, false, "txt list",
     TTS_ACTS_ON_ANY},
    {TTS_OPTION_SHARD, "shard", 0, TTS_OPTION_TEXT, false, "K/N", 0, 0, NULL, 0, NULL, "Batch",
     "render only the K-th of N equal runs of the inputs, K from 0 to N-1 (a job array's index)",
     false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_SKIP_EXISTING, "skip-existing", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0,
     NULL, "Batch", "keep outputs that already exist (-o FILE, or resume a batch)", false, false,
     NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_MANIFEST, "manifest", 0, TTS_OPTION_FILE, false, "FILE", 0, 0, NULL, 0, NULL,
     "Batch", "one JSON line per input: status, output, duration", false, false, "jsonl json",
     TTS_ACTS_ON_ANY},
    {TTS_OPTION_JOBS, "jobs", 'j', TTS_OPTION_WHOLE, false, "N", 1, 256, NULL, 0,
     "number of CPUs", "General", "synthesis worker processes", true, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_QUIET, "quiet", 'q', TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL,
     "General", "print only errors and warnings", false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_VERBOSE, "verbose", 'v', TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL,
     "General", "print progress", false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_NO_CONFIG, "no-config", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL,
     "General", "ignore $XDG_CONFIG_HOME/ttsread/config.ini", false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_VERSION, "version", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL,
     "General", "print the versions of ttsread and its libraries", false, false, NULL,
     TTS_ACTS_ON_ANY},
    {TTS_OPTION_HELP, "help", 'h', TTS_OPTION_SWITCH, false, NULL, 0, 0, NULL, 0, NULL, "General",
     "print this help", false, false, NULL, TTS_ACTS_ON_ANY},
    {TTS_OPTION_COMPLETION_HELPER, "completion-helper", 0, TTS_OPTION_SWITCH, false, NULL, 0, 0,
     NULL, 0, NULL, "General", "the bash completion's word lists", false, true, NULL,
     TTS_ACTS_ON_ANY},
};
const size_t tts_option_count = sizeof tts_options / sizeof tts_options[0];

const tts_option *tts_option_find(const char *name)
{
    for (size_t i = 0; i < tts_option_count; i++)
        if (strcmp(tts_options[i].name, name) == 0)
            return &tts_options[i];
    return NULL;
}

/* Edits between a and b (optimal string alignment: Levenshtein plus swapped
 * neighbours, as git's "did you mean" counts them), capped at 63 letters. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t a_length = strnlen(a, 63), b_length = strnlen(b, 63);
    size_t rows[3][64]; /* the two rows before the current one, and it */
    for (size_t j = 0; j <= b_length; j++)
        rows[1][j] = j;
    for (size_t i = 1; i <= a_length; i++) {
        size_t *before = rows[0], *previous = rows[1], *current = rows[2];
        current[0] = i;
        for (size_t j = 1; j <= b_length; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = previous[j - 1] + cost;
            if (previous[j] + 1 < best)
                best = previous[j] + 1;
            if (current[j - 1] + 1 < best)
                best = current[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            current[j] = best;
        }
        memcpy(rows[0], rows[1], sizeof rows[0]);
        memcpy(rows[1], rows[2], sizeof rows[1]);
    }
    return rows[1][b_length];
}

const tts_option *tts_option_closest(const char *name)
{
    const tts_option *closest = NULL;
    size_t best = 3;
    for (size_t i = 0; i < tts_option_count; i++) {
        if (tts_options[i].hidden)
            continue;
        size_t distance = edit_distance(name, tts_options[i].name);
        if (distance < best) {
            best = distance;
            closest = &tts_options[i];
        }
    }
    /* two edits in a four-letter name is another word, not a slip */
    return closest != NULL && best * 2 < strlen(name) ? closest : NULL;
}

const tts_option *tts_option_by_id(tts_option_id id)
{
    for (size_t i = 0; i < tts_option_count; i++)
        if (tts_options[i].id == id)
            return &tts_options[i];
    return NULL;
}

const char *tts_option_choice_list(const tts_option *option, char *buffer, size_t size)
{
    size_t count = 0, used = 0;
    buffer[0] = '\0';
    while (option->choices != NULL && option->choices[count].name != NULL)
        count++;
    for (size_t i = 0; i < count && used < size; i++)
        used += (size_t)snprintf(buffer + used, size - used, "%s%s",
                                 i == 0 ? "" : i + 1 == count ? " or " : ", ",
                                 option->choices[i].name);
    return buffer;
}

static bool find_choice(const tts_option *option, const char *text, int *value)
{
    for (const tts_option_choice *choice = option->choices; choice && choice->name; choice++)
        if (strcmp(choice->name, text) == 0) {
            *value = choice->value;
            return true;
        }
    return false;
}

static bool parse_double(const char *text, double *out)
{
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || end == text || *end != '\0' || !isfinite(value))
        return false;
    *out = value;
    return true;
}

/* "4096", "500k", "64M", "64MiB", "1 G": powers of 1024, as --help shows sizes. */
static bool parse_bytes(const char *text, double *out)
{
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || end == text || !isfinite(value) || value < 0)
        return false;
    while (*end == ' ')
        end++;
    static const char units[] = "bkmgt";
    double scale = 1;
    if (*end != '\0') {
        const char *unit = strchr(units, tolower((unsigned char)*end));
        if (unit == NULL)
            return false;
        scale = pow(1024, (double)(unit - units));
        end++;
        if (unit != units && (strcasecmp(end, "ib") == 0 || strcasecmp(end, "b") == 0))
            end += strlen(end);
    }
    if (*end != '\0')
        return false;
    *out = floor(value * scale);
    return true;
}

/* What the option takes, for its error message. */
static void describe_values(const tts_option *option, char *buffer, size_t size)
{
    char choices[128];
    tts_option_choice_list(option, choices, sizeof choices);
    switch (option->kind) {
    case TTS_OPTION_NUMBER:
        snprintf(buffer, size, "a number from %g to %g", option->low, option->high);
        break;
    case TTS_OPTION_WHOLE:
        snprintf(buffer, size, "a whole number from %g to %g", option->low, option->high);
        break;
    case TTS_OPTION_BYTES:
        snprintf(buffer, size, "a size in bytes (4096, 500k, 64M, 1GiB)");
        break;
    case TTS_OPTION_CHOICE: snprintf(buffer, size, "%s", choices); break;
    case TTS_OPTION_NUMBER_OR_CHOICE:
        snprintf(buffer, size, "a number from %g to %g, or %s", option->low, option->high,
                 choices);
        break;
    default: snprintf(buffer, size, "a value"); break;
    }
}

tts_status tts_option_parse(const tts_option *option, const char *text, tts_option_value *out,
                            tts_error *err)
{
    memset(out, 0, sizeof *out);
    out->text = text;
    if (text == NULL) { /* a bare optional option, or a switch */
        out->choice = option->bare_value;
        out->is_choice = option->choices != NULL;
        return TTS_OK;
    }
    bool ok = true;
    switch (option->kind) {
    case TTS_OPTION_SWITCH:
    case TTS_OPTION_TEXT:
    case TTS_OPTION_FILE: ok = text[0] != '\0'; break;
    case TTS_OPTION_CHOICE: ok = out->is_choice = find_choice(option, text, &out->choice); break;
    case TTS_OPTION_NUMBER_OR_CHOICE:
        if (find_choice(option, text, &out->choice)) {
            out->is_choice = true;
            break;
        }
        __attribute__((fallthrough)); /* a number, then */
    case TTS_OPTION_NUMBER:
    case TTS_OPTION_WHOLE:
        ok = parse_double(text, &out->number) && out->number >= option->low &&
             out->number <= option->high &&
             (option->kind != TTS_OPTION_WHOLE || out->number == floor(out->number));
        break;
    case TTS_OPTION_BYTES:
        ok = parse_bytes(text, &out->number) && out->number >= option->low &&
             out->number <= option->high;
        break;
    }
    if (ok)
        return TTS_OK;
    char values[192];
    describe_values(option, values, sizeof values);
    if (text[0] == '\0')
        return tts_error_set(err, TTS_ERR_USAGE, "--%s needs a value", option->name);
    return tts_error_set(err, TTS_ERR_USAGE, "--%s takes %s, not '%s'", option->name, values,
                         text);
}

bool tts_options_given(int argc, char **argv, tts_option_id id)
{
    const tts_option *option = tts_option_by_id(id);
    for (int i = 1; option != NULL && i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *word = argv[i];
        if (option->short_name && word[0] == '-' && word[1] == option->short_name && !word[2])
            return true;
        size_t length = strcspn(word, "=");
        if (length < 3 || strncmp(word, "--", 2) != 0 ||
            strncmp(word + 2, option->name, length - 2) != 0)
            continue;
        size_t matches = 0; /* getopt_long takes an abbreviation that names one option */
        for (size_t o = 0; o < tts_option_count; o++)
            matches += strncmp(tts_options[o].name, word + 2, length - 2) == 0;
        if (matches == 1 || strlen(option->name) == length - 2)
            return true;
    }
    return false;
}

/* True when the value set is short enough to stand in the left column. */
static bool shows_choices(const tts_option *option)
{
    size_t length = 0;
    if (option->kind != TTS_OPTION_CHOICE)
        return false;
    for (const tts_option_choice *c = option->choices; c->name; c++)
        length += strlen(c->name) + 1;
    return length <= 20;
}

/* "  -o, --output FILE" or "      --announce[=WHEN]" */
static void left_column(const tts_option *option, char *buffer, size_t size)
{
    int used = option->short_name ? snprintf(buffer, size, "  -%c, --%s", option->short_name,
                                             option->name)
                                  : snprintf(buffer, size, "      --%s", option->name);
    if (option->value_name == NULL || used < 0 || (size_t)used >= size)
        return;
    char choices[128];
    const char *value = option->value_name;
    if (shows_choices(option)) {
        /* short value sets are shown whole: --cues pause|read|skip */
        size_t at = 0;
        for (const tts_option_choice *c = option->choices; c->name && at < sizeof choices; c++)
            at += (size_t)snprintf(choices + at, sizeof choices - at, "%s%s",
                                   c == option->choices ? "" : "|", c->name);
        value = choices;
    }
    snprintf(buffer + used, size - (size_t)used, option->value_optional ? "[=%s]" : " %s", value);
}

#define HELP_COLUMN 26
#define HELP_WIDTH 80

tts_status tts_options_help(tts_strbuf *out)
{
    bool ok = tts_strbuf_append_string(
        out, "Usage: ttsread [OPTIONS] INPUT...\n"
             "Reads a transcript or news page aloud, one distinct voice per speaker.\n"
             "INPUT is a file, '-' for stdin, or an http:// or https:// URL. With no -o,\n"
             "-O or listing option, ttsread plays it. Options override config.ini\n"
             "settings.\n");
    const char *section = NULL;
    for (size_t i = 0; i < tts_option_count && ok; i++) {
        const tts_option *option = &tts_options[i];
        if (option->hidden)
            continue;
        if (section == NULL || strcmp(section, option->section) != 0) {
            section = option->section;
            ok = tts_strbuf_printf(out, "%s%s:\n", i == 0 ? "\n" : "", section);
        }
        char left[96];
        left_column(option, left, sizeof left);
        char choices[128] = "";
        if (option->kind == TTS_OPTION_CHOICE && !shows_choices(option))
            tts_option_choice_list(option, choices, sizeof choices);
        /* the help text, then its value set and default, wrapped to 80 columns */
        tts_strbuf text = TTS_STRBUF_INIT;
        ok = tts_strbuf_append_string(&text, option->help) &&
             (!choices[0] || tts_strbuf_printf(&text, ": %s", choices)) &&
             (!option->default_text ||
              tts_strbuf_printf(&text, " (default %s)", option->default_text));
        if (strlen(left) + 2 > HELP_COLUMN)
            ok = ok && tts_strbuf_printf(out, "%s\n%*s", left, HELP_COLUMN, "");
        else
            ok = ok && tts_strbuf_printf(out, "%-*s", HELP_COLUMN, left);
        const char *line = ok ? text.data : "";
        for (bool first = true; ok && *line; first = false) {
            size_t length = strlen(line);
            if (length > HELP_WIDTH - HELP_COLUMN) {
                length = HELP_WIDTH - HELP_COLUMN;
                while (length > 0 && line[length] != ' ')
                    length--;
            }
            ok = tts_strbuf_printf(out, "%*s%.*s\n", first ? 0 : HELP_COLUMN, "", (int)length,
                                   line);
            line += length;
            while (*line == ' ')
                line++;
        }
        tts_strbuf_free(&text);
    }
    ok = ok && tts_strbuf_append_string(
                   out, "\nExit status: 0 success, 1 an input failed, 2 usage error (options, "
                        "config.ini,\ncast files), 130/143 interrupted, 141 the reader of -o - "
                        "went away.\nSee ttsread(1) for input formats, cast files, config.ini and "
                        "examples.\n");
    return ok ? TTS_OK : TTS_ERR_NOMEM;
}

tts_status tts_options_completion(tts_strbuf *out)
{
    bool ok = true;
    for (size_t i = 0; i < tts_option_count && ok; i++) {
        const tts_option *option = &tts_options[i];
        if (option->hidden)
            continue;
        ok = tts_strbuf_printf(out, "--%s", option->name);
        if (ok && option->short_name)
            ok = tts_strbuf_printf(out, ",-%c", option->short_name);
        const char *kind = option->value_name == NULL ? "none"
                           : option->choices != NULL
                               ? "choice"
                           : option->completion && strcmp(option->completion, "DIR") == 0 ? "dir"
                           : option->completion                                            ? "file"
                                                                                           : "value";
        ok = ok && tts_strbuf_printf(out, " %s%s", option->value_optional ? "optional-" : "", kind);
        if (ok && strcmp(kind, "file") == 0)
            ok = tts_strbuf_printf(out, " %s", option->completion);
        for (const tts_option_choice *c = option->choices; ok && c && c->name; c++)
            ok = tts_strbuf_printf(out, " %s", c->name);
        ok = ok && tts_strbuf_append_char(out, '\n');
    }
    return ok ? TTS_OK : TTS_ERR_NOMEM;
}
