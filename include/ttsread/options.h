/* options.h: the command line's one table: every option's name, value kind,
 * range or value set, default, help text and whether config.ini may set it.
 * getopt's long options, --help, config.ini's keys and the bash completion all
 * come from it (in the manner of git's parse-options), so they cannot drift. */
#ifndef TTSREAD_OPTIONS_H
#define TTSREAD_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsread/error.h"
#include "util/strbuf.h"

typedef enum tts_option_id {
    TTS_OPTION_FROM, TTS_OPTION_MAX_INPUT, TTS_OPTION_TIMEOUT, TTS_OPTION_DUMP,
    TTS_OPTION_LIST_SPEAKERS, TTS_OPTION_LIST_VOICES, TTS_OPTION_VOICE, TTS_OPTION_CAST,
    TTS_OPTION_LEXICON, TTS_OPTION_SAVE_CAST, TTS_OPTION_ANNOUNCE, TTS_OPTION_SPEED,
    TTS_OPTION_LANG, TTS_OPTION_OUTPUT, TTS_OPTION_FORMAT, TTS_OPTION_CAPTIONS,
    TTS_OPTION_CAPTIONS_WORDS, TTS_OPTION_CAPTIONS_TURNS, TTS_OPTION_READALONG,
    TTS_OPTION_READALONG_AUDIO, TTS_OPTION_CHAPTERS, TTS_OPTION_TRANSCRIPT, TTS_OPTION_EPUB,
    TTS_OPTION_EPUB_OVERLAY, TTS_OPTION_RATE,
    TTS_OPTION_STEREO, TTS_OPTION_LOUDNESS, TTS_OPTION_GAP, TTS_OPTION_SPEAKER_GAP,
    TTS_OPTION_TRIM, TTS_OPTION_CUES, TTS_OPTION_EMOJI, TTS_OPTION_START_AT, TTS_OPTION_END_AT,
    TTS_OPTION_PLAY, TTS_OPTION_RESUME, TTS_OPTION_DEVICE, TTS_OPTION_LIST_DEVICES,
    TTS_OPTION_OUTPUT_DIR, TTS_OPTION_EXT, TTS_OPTION_INPUTS_FROM, TTS_OPTION_SHARD,
    TTS_OPTION_SKIP_EXISTING, TTS_OPTION_MANIFEST, TTS_OPTION_JOBS, TTS_OPTION_QUIET,
    TTS_OPTION_VERBOSE, TTS_OPTION_NO_CONFIG, TTS_OPTION_VERSION, TTS_OPTION_HELP,
    TTS_OPTION_COMPLETION_HELPER,
    TTS_OPTION_ANNOUNCE_MAX_SPEED, TTS_OPTION_NO_MPRIS,
    TTS_OPTION_COUNT
} tts_option_id;

/* What --dump prints. */
typedef enum tts_dump {
    TTS_DUMP_NONE = 0,
    TTS_DUMP_JSON,    /* the script with speakers, voices and spoken text */
    TTS_DUMP_TEXT,    /* the spoken text alone */
    TTS_DUMP_SCRIPT,  /* the parser's result alone */
} tts_dump;

typedef enum tts_option_kind {
    TTS_OPTION_SWITCH,   /* no value; config.ini says yes or no */
    TTS_OPTION_TEXT,     /* any text, checked by the stage that uses it */
    TTS_OPTION_FILE,     /* a path; config.ini's are relative to its folder */
    TTS_OPTION_NUMBER,   /* a number from low to high */
    TTS_OPTION_WHOLE,    /* a whole number from low to high */
    TTS_OPTION_BYTES,    /* a size from low to high: 4096, 64k, 64M, 1GiB */
    TTS_OPTION_CHOICE,   /* one of choices */
    TTS_OPTION_NUMBER_OR_CHOICE, /* a number from low to high, or one of choices */
} tts_option_kind;

/* The runs an option acts on. Given on the command line of another run, it
 * would do nothing, so it is refused (config.ini's hold where they apply). */
typedef enum tts_option_scope {
    TTS_ACTS_ON_ANY,
    TTS_ACTS_ON_SPEECH,  /* runs that synthesize: files, captions, books, a batch, --play */
    TTS_ACTS_ON_PLAY,    /* --play */
} tts_option_scope;

typedef struct tts_option_choice {
    const char *name;
    int value;
} tts_option_choice;

typedef struct tts_option {
    tts_option_id id;
    const char *name;          /* the long name, without "--" */
    char short_name;           /* or 0 */
    tts_option_kind kind;
    bool value_optional;       /* --announce[=WHEN]: the value only after '=' */
    const char *value_name;    /* FILE, MS... as --help shows it */
    double low, high;          /* NUMBER, WHOLE, BYTES */
    const tts_option_choice *choices; /* CHOICE, NUMBER_OR_CHOICE: ends with {NULL, 0} */
    int bare_value;            /* the choice a bare optional option means */
    const char *default_text;  /* shown as "(default X)" in --help, or NULL */
    const char *section;       /* --help's heading */
    const char *help;          /* lines separated by '\n' */
    bool in_config;            /* config.ini may set it */
    bool hidden;               /* not in --help (the completion helper) */
    const char *completion;    /* file extensions ("vtt srt json"), "DIR", or NULL */
    tts_option_scope acts_on;
} tts_option;

/* A parsed value: `number` for numeric kinds (and a choice's value), `text`
 * always (borrowed from the argument). */
typedef struct tts_option_value {
    double number;
    int choice;                /* CHOICE, or NUMBER_OR_CHOICE when a name was given */
    bool is_choice;
    const char *text;
} tts_option_value;

extern const tts_option tts_options[];
extern const size_t tts_option_count;

/* The option with this long name, or NULL. */
const tts_option *tts_option_find(const char *name);
const tts_option *tts_option_by_id(tts_option_id id);
/* The visible option whose name is within two edits (a letter added, dropped,
 * changed or two swapped) of a mistyped one, for "did you mean", or NULL. */
const tts_option *tts_option_closest(const char *name);

/* Checks `text` against the option's kind, range or value set. A bare
 * optional option passes text NULL. Fails with TTS_ERR_USAGE and a message
 * that names the option and what it takes. */
tts_status tts_option_parse(const tts_option *option, const char *text, tts_option_value *out,
                            tts_error *err);

/* "pause, read or skip": the value set in words (the text is static storage). */
const char *tts_option_choice_list(const tts_option *option, char *buffer, size_t size);

/* True when the command line (before any "--") gives the option: its long
 * name, an abbreviation getopt_long would take for it, or its short name. */
bool tts_options_given(int argc, char **argv, tts_option_id id);

/* Appends --help's whole text, generated from the table. */
tts_status tts_options_help(tts_strbuf *out);

/* Appends one line per visible option for the bash completion:
 * "--name[,-x] KIND [VALUES...]" where KIND is none, optional, value, file
 * (then extensions), dir or choice (then the names). */
tts_status tts_options_completion(tts_strbuf *out);

#endif
