/* parse_internal.h: what the format parsers share: speaker labels and their
 * census, speaker resolution, Markdown inline markup, and the transcript core. */
#ifndef TTSREAD_PARSE_INTERNAL_H
#define TTSREAD_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsread/parse.h"
#include "util/strbuf.h"

/* ---- lines.c: one line at a time ---- */

typedef struct line_reader {
    const char *text;
    size_t length, position;
    tts_strbuf line;     /* the current line, without "\r\n"; the parser may edit it */
    size_t offset;       /* of the current line in text */
    bool failed;         /* out of memory */
} line_reader;

void tts_line_reader_init(line_reader *reader, const char *text, size_t length);
/* Moves to the next line; false at the end (or when out of memory: see failed). */
bool tts_line_reader_next(line_reader *reader);
void tts_line_reader_free(line_reader *reader);
bool tts_line_is_blank(const char *line);

/* A text split into lines all at once, for parsers that look back and ahead. */
typedef struct line_array {
    char *text;          /* a copy the lines point into (owned) */
    char **lines;        /* without "\r\n"; editable */
    size_t *offsets;     /* of each line in text */
    size_t count;
} line_array;

bool tts_line_array_split(line_array *array, const char *text, size_t length);
void tts_line_array_free(line_array *array);
/* True for a line of spaces, and past either end (i == count or (size_t)-1). */
bool tts_line_array_blank(const line_array *array, size_t i);
/* Leading and trailing whitespace removed, in place. */
char *tts_line_trim(char *line);
/* Lines [from, to) of text (which array was split from) recorded as
 * unspoken with one reason, one span per paragraph, so that a parser that
 * skips a file's header or wrapper still accounts for every word of it. */
tts_status tts_line_array_unspoken(tts_script *script, const line_array *array, const char *text,
                                   size_t length, size_t from, size_t to,
                                   tts_unspoken_reason reason, tts_error *err);

/* ---- unicode.c: letter case in any script ---- */

typedef enum tts_parse_letter {
    TTS_PARSE_OTHER = 0, /* not a letter */
    TTS_PARSE_UPPER,     /* "J", "É", "И" (and title-case letters) */
    TTS_PARSE_LOWER,     /* "o", "é", "и" */
    TTS_PARSE_UNCASED,   /* a letter of a script without case: "王" */
} tts_parse_letter;

/* The kind of the character at text (reading at most length bytes); its
 * size in *bytes (an invalid byte counts as one character). */
tts_parse_letter tts_parse_letter_at(const char *text, size_t length, size_t *bytes);
/* Whether text has a lower-case letter in any script. */
bool tts_parse_has_lower(const char *text);
/* Upper-cases text (any script) into out (`size` bytes, cut at a whole
 * character), with the typographic apostrophe as "'" and Latin, Greek and
 * Cyrillic letters without their accents; returns the length. */
size_t tts_parse_upper_key(char *out, size_t size, const char *text, size_t length);
/* text in lower case, any script ("José Álvarez" -> "josé álvarez"); caller frees. */
char *tts_parse_lower(const char *text);
/* Appends one upper-case word title-cased: "ÁLVAREZ" -> "Álvarez",
 * "O'NEIL" -> "O'Neil", "MCCAIN" -> "McCain"; false when out of memory. */
bool tts_parse_title_case_word(tts_strbuf *out, const char *word, size_t length);

/* ---- labels.c: one speaker label at the start of a line ---- */

typedef enum label_shape {
    LABEL_NONE = 0,
    LABEL_UPPER,       /* ANTHONY KUHN, BYLINE:   Mr. KYLE BOWSER (Actor): */
    LABEL_TITLE,       /* Jerod Santo:            Neil deGrasse Tyson: */
    LABEL_TIMED,       /* Lenny (00:03):   [00:01:23] Name:   Name  00:01:23 */
    LABEL_TIMESTAMP,   /* (00:47): alone: the same speaker goes on */
    LABEL_QUESTION,    /* Q: */
    LABEL_ANSWER,      /* A: */
    LABEL_NOT_SPEAKER, /* Note:, Update:, Break: ... an editor's voice, not a person */
    LABEL_SHAPE_COUNT,
} label_shape;

typedef struct label {
    label_shape shape;
    char name[160];      /* the person: honorifics and notes removed ("ANTHONY KUHN") */
    char raw[320];       /* the label as written, without colon or timestamp */
    char role[200];      /* "BYLINE", or "" */
    char role_tail[96];  /* a known name glued after a sentence end in the role, or "" */
    char initials[8];    /* "AJ" from "Adam Jonas (AJ):", or "" */
    size_t length;       /* bytes from the start of the line to the text after the label */
    size_t prefix;       /* bytes of a section number run into it ("II. "), part of length */
    bool has_role;
    bool period;         /* "Lord Goring." with a period, not a colon: believed only for a
                            name the document labels with a colon at least twice */
    bool ends_in_period; /* any label ended by a period ("Mrs. SMITH."): believed only for a
                            person labelled twice, and never a place to split a line */
    bool titled_period;  /* "Mr. Linder." with an honorific: believed where such labels
                            recur for several people (hearing records), colons or not */
    bool dashed;         /* "ANASTASIA – So.": a dash for the colon, believed where
                            several people are labelled so */
} label;

/* Reads a label at the start of `text` (whitespace collapsed, as paragraphs
 * are); false when there is none. Looks at most a few hundred bytes, so
 * calling it at many positions stays linear. */
bool tts_label_parse(const char *text, label *out);

/* "SFX:", "MUSIC:", "SOUND EFFECT:": a part of the show that is a sound, so
 * the words after it describe what is heard (a cue), not what is said. */
bool tts_label_is_sound_part(const label *found);
/* "BB:", "KT:": an upper-case label of two or three letters, a person's initials. */
bool tts_label_is_initials(const label *found);

/* Upper-cases (in any script) and turns the typographic apostrophe into "'",
 * so that "Editor’s Note" and "EDITOR'S NOTE" compare equal; `out` holds `size` bytes. */
void tts_label_upper_key(char *out, size_t size, const char *text, size_t length);

/* Length of a timestamp "1:23", "01:02:03", "00:00:01,000" at text, or 0. */
size_t tts_label_timestamp_length(const char *text);

/* Counts of every label in a document, to believe only shapes and names
 * that recur ("never invent a speaker from a line that only looks like one"). */
typedef struct label_census label_census;

label_census *tts_label_census_new(void);
void tts_label_census_free(label_census *census);
/* First pass: every label found. False when out of memory. */
bool tts_label_census_add(label_census *census, const label *found);
/* True when the label's person (by full name, surname or first name) is
 * labelled at least twice in the document. */
bool tts_label_census_recurs(const label_census *census, const label *found);
/* How often `name` (upper-cased) is the full name of a label. */
size_t tts_label_census_name_count(const label_census *census, const char *name);
/* Second pass, after every add: picks the accepted shapes. */
void tts_label_census_decide(label_census *census, size_t recurring_title_labels);
/* Whether `found` is a speaker label in this document: its shape is the one
 * the document uses (or Q:/A:, or Note:-like), or it names a person the
 * document labels again in that shape. */
bool tts_label_census_believes(const label_census *census, const label *found);
/* The shape most labels have (LABEL_NONE when no shape is accepted). */
label_shape tts_label_census_primary(const label_census *census);

/* ---- speakers.c: labels -> speakers, with aliases merged ---- */

typedef struct speaker_name speaker_name;

typedef struct speaker_resolver {
    tts_script *script;
    bool merge_aliases;   /* surname / first name / initials / role-only merging */
    speaker_name *names;  /* the upper-case name of each speaker, split (owned) */
    size_t capacity;
    size_t clock;         /* counts resolutions: who spoke last among namesakes */
    int *by_key;          /* hash of names -> speaker index + 1 (0 = empty) */
    size_t key_slots;
    struct speaker_initials *initials;  /* "AJ" -> Adam Jonas (owned) */
    size_t initials_count;
} speaker_resolver;

void tts_speaker_resolver_init(speaker_resolver *resolver, tts_script *script, bool merge_aliases);
void tts_speaker_resolver_free(speaker_resolver *resolver);
/* Finds or creates the speaker called `name`; records `alias` (the label as
 * written) and `role` ("" for none). */
tts_status tts_speaker_resolve(speaker_resolver *resolver, const char *name, const char *alias,
                           const char *role, int *index, tts_error *err);
/* Makes `initials` ("AJ", as introduced by "Adam Jonas (AJ):") name speaker `index`. */
tts_status tts_parse_speaker_add_initials(speaker_resolver *resolver, int index,
                                          const char *initials, tts_error *err);
/* Whether a speaker is already called exactly `name` (case aside). */
bool tts_parse_speaker_known(const speaker_resolver *resolver, const char *name);
/* The speaker called exactly `name` (case aside), or -1. */
int tts_parse_speaker_find(const speaker_resolver *resolver, const char *name);
/* Makes speaker `from` part of speaker `into`, now called `name`: its turns
 * and aliases move over, and `from` is left silent (tts_parse_input drops it). */
tts_status tts_parse_speaker_merge(speaker_resolver *resolver, int into, int from,
                                   const char *name, tts_error *err);
/* "ANTHONY KUHN" -> "Anthony Kuhn"; a name with lower case stays as written. Caller frees. */
char *tts_speaker_display_name(const char *name);

/* ---- paged.c: a paged record's furniture ---- */

/* Empties the lines of `document` (one block per line) that a paged record
 * adds and nobody said: line numbers, page numbers, running headers and
 * footers, the word index at the end; records them in script's unspoken. */
tts_status tts_parse_drop_page_furniture(const char *name, tts_document *document,
                                         tts_script *script, tts_error *err);

/* ---- transcript.c: blocks -> script ---- */

/* What a format knew before the transcript proper (front matter, title page). */
typedef struct transcript_hints {
    const char *title;            /* or NULL */
    const char *const *speakers;  /* names the page lists as its speakers */
    size_t speaker_count;
    const char *host;             /* the interviewer the page names, or NULL */
    bool lines;                   /* blocks are source lines (text, Markdown), not paragraphs */
} transcript_hints;

tts_status tts_transcript_parse(const char *name, const tts_document *document,
                            const transcript_hints *hints, tts_script *out, tts_error *err);

/* A production cue "(SOUNDBITE OF MUSIC)", "[LAUGHTER]", "BEGIN VIDEO CLIP"
 * at text; returns its length or 0. */
size_t tts_transcript_cue_length(const char *text);

/* ---- format_markdown.c ---- */

/* Reduces Markdown inline markup (emphasis, links, code spans, escapes, tags,
 * entities) to the text a reader says, in place. */
void tts_markdown_reduce_inline(char *text);
/* Only emphasis (*, _, **) and backslash escapes, in place (Fountain uses it). */
void tts_markdown_strip_emphasis(char *text);

/* ---- the format parsers the handler table in parse.c points to ---- */

tts_status tts_parse_markdown(const tts_input *input, tts_script *out, tts_error *err);
tts_status tts_parse_srt(const tts_input *input, tts_script *out, tts_error *err);
tts_status tts_parse_vtt(const tts_input *input, tts_script *out, tts_error *err);
tts_status tts_parse_fountain(const tts_input *input, tts_script *out, tts_error *err);
tts_status tts_parse_play(const tts_input *input, tts_script *out, tts_error *err);

/* ---- subtitles.c: cues (SRT, WebVTT) -> turns ---- */

typedef struct subtitle_line {
    char *text;        /* markup removed (owned) */
    char *voice;       /* <v Name> of the span, or NULL (owned) */
    bool non_speech;   /* the whole line is a sound note: <i>Laughter</i>, [laughs] */
    bool dash;         /* started with a "- " dialogue dash */
} subtitle_line;

typedef struct subtitle_cue {
    double start, end;
    size_t source_offset;
    subtitle_line *lines;
    size_t line_count;
} subtitle_cue;

typedef struct subtitle_track {
    subtitle_cue *cues;
    size_t count, capacity;
} subtitle_track;

/* Appends a line to the last cue; `text`/`voice` are copied. */
bool tts_subtitle_add_line(subtitle_track *track, const char *text, size_t length,
                       const char *voice, bool non_speech);
bool tts_subtitle_add_cue(subtitle_track *track, double start, double end, size_t source_offset);
void tts_subtitle_track_free(subtitle_track *track);
/* "00:01:02,345" / "01:02.345" -> seconds; returns the bytes read, 0 if none. */
size_t tts_subtitle_read_time(const char *text, double *seconds);
/* "START --> END [settings]"; false when the line is not a timing line. */
bool tts_subtitle_read_timing(const char *line, double *start, double *end);
/* Merges the cues into turns of the script: voices and labels give the
 * speaker, unlabeled cues continue it, one speaker's cues become one turn. */
tts_status tts_subtitle_track_to_script(const char *name, const subtitle_track *track,
                                    tts_script *out, tts_error *err);

#endif
