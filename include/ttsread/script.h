/* script.h: the parsed transcript every later stage works on: a title,
 * the speakers with their aliases, and the turns in reading order. */
#ifndef TTSREAD_SCRIPT_H
#define TTSREAD_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsread/error.h"

#define TTS_NARRATOR (-1)        /* speaker index of the narrator */
#define TTS_NARRATOR_ID "narrator"

typedef enum tts_turn_kind {
    TTS_TURN_TITLE = 0,
    TTS_TURN_SPEECH,
    TTS_TURN_CUE, /* production note such as (SOUNDBITE OF MUSIC) */
} tts_turn_kind;

typedef enum tts_gender {
    TTS_GENDER_UNKNOWN = 0,
    TTS_GENDER_MALE,
    TTS_GENDER_FEMALE,
} tts_gender;

typedef struct tts_speaker {
    char *id;            /* slug of the canonical name: "anthony-kuhn" (owned) */
    char *name;          /* "Anthony Kuhn" (owned) */
    char **aliases;      /* every label that resolved to this person (owned) */
    size_t alias_count;
    char *role;          /* "byline", "host", ... or NULL (owned) */
    size_t turn_count;   /* runs of this speaker's turns; the narrator's between not counted */
    tts_gender gender;
    /* Why casting took that gender (static text: "input", "label", "page",
     * "name table"), or NULL before casting; and the first name's P(female)
     * from the name table, or -1 when the table does not have it. */
    const char *gender_basis;
    double female_share;
} tts_speaker;

typedef struct tts_turn {
    int speaker;          /* index into speakers, or TTS_NARRATOR */
    tts_turn_kind kind;
    char *text;           /* as written (owned) */
    char *spoken;         /* as it will be said, or NULL until the speak stage (owned) */
    struct tts_spoken_map *spoken_map; /* spoken -> text offsets, or NULL (owned; speak.h) */
    size_t source_offset; /* byte offset of the turn in the decoded input */
    double cue_start;     /* source timestamp in seconds (subtitles), or -1 */
    double cue_end;
} tts_turn;

/* Why a stretch of the input is not read aloud: the parser and the speak
 * stage account for every word they leave out (--dump json lists them as
 * "unspoken"). */
typedef enum tts_unspoken_reason {
    TTS_UNSPOKEN_LABEL = 0,    /* "KUHN:", "<v Name>", "[Name] [00:02]" */
    TTS_UNSPOKEN_TIMESTAMP,    /* "[00:12]", "00:00:01,000 --> 00:00:02,000" */
    TTS_UNSPOKEN_CUE,          /* a subtitle cue's number or identifier */
    TTS_UNSPOKEN_BOILERPLATE,  /* site furniture, footers, page and line numbers, an index */
    TTS_UNSPOKEN_MARKUP,       /* tags, STYLE blocks, a file's header */
    TTS_UNSPOKEN_NOTE,         /* NOTE blocks, comments, editor's marks: "(ph)", "[Laughter]" */
    TTS_UNSPOKEN_DUPLICATE,    /* the title again, a label repeated as speech */
    TTS_UNSPOKEN_REASON_COUNT,
} tts_unspoken_reason;

typedef struct tts_unspoken {
    size_t offset;       /* where it starts in the decoded input (for text inside a
                            collapsed paragraph: the paragraph's start plus its place) */
    char *text;          /* what was left out, at most TTS_UNSPOKEN_TEXT_MAX bytes (owned) */
    size_t length;       /* its whole length in the input in bytes (text may be cut; for
                            a page, text is the span's words without its markup) */
    tts_unspoken_reason reason;
} tts_unspoken;

#define TTS_UNSPOKEN_TEXT_MAX 160

/* Where the script's language came from, strongest first: --lang, the input's
 * own tag (<html lang>, front matter), a guess from the text, or none. */
typedef enum tts_lang_source {
    TTS_LANG_DEFAULT = 0,  /* nothing said or guessed it: "en" */
    TTS_LANG_OPTION,
    TTS_LANG_DECLARED,
    TTS_LANG_GUESSED,
} tts_lang_source;

#define TTS_LANG_NOTE_MAX 160

typedef struct tts_script {
    char *title;         /* or NULL (owned) */
    char *lang;          /* "en" unless the input says otherwise (owned) */
    tts_lang_source lang_source;
    /* How a guess went, for -v and --dump json: "guessed as es (Spanish)", or
     * why none was taken; empty when no guess was tried. */
    char lang_note[TTS_LANG_NOTE_MAX];
    const char *format;  /* name of the input format (static) */
    const char *charset; /* what the input's bytes were decoded from (static), or NULL */
    bool charset_guessed; /* neither named nor UTF-8: a guess, which -v and the dumps report */
    tts_speaker *speakers;
    size_t speaker_count;
    tts_turn *turns;
    size_t turn_count;
    size_t speaker_capacity;
    size_t turn_capacity;
    tts_unspoken *unspoken;  /* in input order as the parser met them (owned) */
    size_t unspoken_count;
    size_t unspoken_capacity;
} tts_script;

/* Hard limits, so that a malicious input fails cleanly instead of exhausting memory. */
#define TTS_SCRIPT_MAX_SPEAKERS 4096
#define TTS_SCRIPT_MAX_TURNS 1000000
#define TTS_SCRIPT_MAX_ALIASES 64   /* labels kept per speaker; further ones still resolve */

void tts_script_init(tts_script *script);
void tts_script_free(tts_script *script);

/* Adds a speaker whose display name is `name`; returns its index in *index. */
tts_status tts_script_add_speaker(tts_script *script, const char *name, const char *role,
                                  int *index, tts_error *err);
tts_status tts_script_add_alias(tts_script *script, int speaker, const char *alias,
                                tts_error *err);
/* Appends a turn; `text` is copied. */
tts_status tts_script_add_turn(tts_script *script, int speaker, tts_turn_kind kind,
                               const char *text, size_t length, size_t source_offset,
                               tts_error *err);
/* Records that `length` bytes of input at `offset` (text: `text`) are not
 * read aloud, and why. Beyond TTS_SCRIPT_MAX_TURNS records they are only
 * not kept: the accounting must never fail a parse that would succeed. */
tts_status tts_script_add_unspoken(tts_script *script, size_t offset, const char *text,
                                   size_t length, tts_unspoken_reason reason, tts_error *err);
/* "label", "timestamp", "cue", "boilerplate", "markup", "note", "duplicate". */
/* The same for a span of the input whose text is not its bytes as written
 * (a page's element without its tags): source_length bytes at offset. */
tts_status tts_script_add_unspoken_span(tts_script *script, size_t offset, size_t source_length,
                                        const char *text, size_t length,
                                        tts_unspoken_reason reason, tts_error *err);
const char *tts_unspoken_reason_name(tts_unspoken_reason reason);
/* "default", "option", "declared", "guessed" (--dump json's lang_source). */
const char *tts_lang_source_name(tts_lang_source source);
/* Recounts speaker turn_count from the turns: runs of one speaker, where the
 * narrator's turns (action, stage directions, unattributed cues) do not break a run. */
void tts_script_count_turns(tts_script *script);

/* An id for `name`, its slug, that no speaker but `except` (or -1) has and
 * that is not the narrator's: two people whose names slug alike ("O'Neil",
 * "ONeil") get "oneil" and "oneil-2". Caller frees; NULL when out of memory. */
char *tts_script_unique_id(const tts_script *script, const char *name, int except);

/* The id of a turn's speaker: the speaker's id or "narrator". */
const char *tts_script_speaker_id(const tts_script *script, int speaker);
const char *tts_script_speaker_name(const tts_script *script, int speaker);

#endif
