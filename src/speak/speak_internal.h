/* speak_internal.h: what the files of the speak stage share: the per-language
 * rule tables, the builder of spoken text with its map, and the rule entry points. */
#ifndef TTSREAD_SPEAK_INTERNAL_H
#define TTSREAD_SPEAK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsread/speak.h"
#include "util/strbuf.h"

/* ---- language tables: everything a language says, as data ---- */

typedef struct speak_pair {
    const char *written;
    const char *spoken;
} speak_pair;

typedef enum speak_context {
    CONTEXT_ANYWHERE = 0,
    CONTEXT_BEFORE_NAME,   /* "Sen." only before a capitalized word */
    CONTEXT_AFTER_NAME,    /* "Jr." only after one */
    CONTEXT_LINE_START,    /* "INT." only opening a line */
} speak_context;

typedef struct speak_abbreviation {
    const char *written; /* as printed, e.g. "Sen."; an ALL-CAPS print matches too */
    const char *spoken;
    speak_context context;
} speak_abbreviation;

typedef struct speak_unit {
    const char *symbol; /* "km", "$" */
    const char *one;    /* "kilometer", "dollar" */
    const char *many;   /* "kilometers", "dollars" */
} speak_unit;

typedef struct speak_language {
    const char *code; /* primary subtag, "en"; "" for the language-neutral rules */

    /* Notes in brackets. Words are compared without case. */
    const char *const *editorial_marks;  /* whole note dropped: "ph", "sic" */
    const char *const *cue_words;        /* a note with one of these among its first two words is a cue */
    const char *const *delivery_marks;   /* how a line is delivered: "voice-over", "on camera" */
    const char *const *name_marks;       /* followed by a name: "as" in "(As Jesus)" */
    const char *const *language_names;   /* "(in Spanish)" */
    const char *const *speech_verbs;     /* "'...,' [Bruck] said": a quote's editorial
                                            insertion is read as words before one */
    const char *in_language;             /* "in" */

    /* Titles, party tags, acronyms. */
    const speak_abbreviation *abbreviations;
    const speak_pair *parties;           /* "R" -> "Republican" */
    const speak_pair *states;            /* "TX", "Calif." -> "California" */
    const char *party_of_state;          /* joins them: "Republican of Texas" */
    const speak_pair *acronyms;          /* read as words by eSpeak but spelled by people */
    const speak_pair *word_forms;        /* whole words said otherwise: "IT'S" -> "it's", "and/or" */

    /* Numbers. */
    const speak_unit *currencies;        /* symbol before the amount */
    const speak_unit *cents;             /* the hundredth of each currency, same order */
    const char *and_cents;               /* "and" in "3 dollars and 50 cents" */
    const speak_pair *scales;            /* "k" -> "thousand", "million" -> "million" */
    const speak_unit *units;             /* after a number: "km" -> "kilometers" */
    const speak_pair *fractions;         /* "1/2" -> "one half" */
    const char *const *months;           /* 12 names */
    const speak_pair *month_abbreviations; /* "Sept." -> "September" */
    const char *const *day_ordinals;     /* 31 forms of a day of the month: "1st" */
    bool month_first;                    /* 3/14/2019 is March 14 */
    const char *const *decades;          /* 10 words: "hundreds", "tens", ..., "nineties" */
    const char *thousands;               /* the 2000s: "2 thousands" */
    const char *range_to;                /* "5 to 10" */
    const char *zero_minutes;            /* "7 o'clock" */
    const char *zero_tens;               /* "7 oh 5" */
    const char *about;                   /* "~5" -> "about 5" */

    /* The web. NULL words leave the symbol for eSpeak NG. */
    const char *dot;
    const char *at;
    const char *slash;
    const char *underscore;
    const char *hashtag;
    const char *number_sign;             /* "#1" -> "number 1" */
    const char *or_word;                 /* "he/she" -> "he or she" */
} speak_language;

/* The table for a language tag; the neutral table when there is none. */
const speak_language *tts_speak_language_for(const char *lang);
extern const speak_language tts_speak_language_english;
extern const speak_language tts_speak_language_neutral;

/* Top-level domains that make "word.tld" a host name worth saying as one. */
extern const char *const tts_speak_top_level_domains[];

/* ---- the builder: spoken text plus its map ---- */

typedef enum pause_strength {
    PAUSE_NONE = 0,
    PAUSE_COMMA,
    PAUSE_HESITATION, /* a comma, or a period when a new sentence follows */
    PAUSE_STOP,
} pause_strength;

typedef struct spoken_builder {
    const char *text; /* the written text */
    tts_strbuf spoken;
    tts_spoken_piece *pieces;
    size_t piece_count, piece_capacity;
    /* Separators wait until the next word, so that runs collapse, a pause
     * next to punctuation disappears and nothing dangles at either end. */
    bool space_pending;
    size_t space_offset, space_length;
    pause_strength pause_pending;
    size_t pause_offset, pause_length;
    bool failed; /* out of memory */
} spoken_builder;

void tts_builder_init(spoken_builder *builder, const char *text);
void tts_builder_free(spoken_builder *builder);
/* Whitespace at text[offset, +length), or a word boundary left by dropped text. */
void tts_builder_space(spoken_builder *builder, size_t offset, size_t length);
/* A pause where text[offset, +length) was: a comma (or period) for eSpeak. */
void tts_builder_pause(spoken_builder *builder, pause_strength strength, size_t offset, size_t length);
/* Copies text[offset, +length) unchanged. */
void tts_builder_copy(spoken_builder *builder, size_t offset, size_t length);
/* Says `words` for text[offset, +length). */
void tts_builder_say(spoken_builder *builder, size_t offset, size_t length, const char *words);
/* The last byte written, or 0. */
char tts_builder_last(const spoken_builder *builder);
/* Hands over the spoken text and map (map may be NULL); false when out of memory. */
bool tts_builder_finish(spoken_builder *builder, char **spoken, tts_spoken_map **map);

/* ---- the rewriter and its rules ---- */

typedef struct bracket_pair {
    size_t open, close; /* offsets of "(" and its ")" (or of the "\\" before an escaped "]") */
} bracket_pair;

typedef struct rewriter {
    const char *text;
    size_t length;
    const speak_language *language;
    const char *lang;  /* the language tag, for the lexicon's [lexicon.LANG] entries, or NULL */
    const tts_speak_options *options;
    bool reading_cue; /* a cue turn read aloud: its notes are said, not paused */
    spoken_builder out;
    bracket_pair *brackets; /* every matched bracket, by rising open offset */
    size_t bracket_count;
    size_t token_start, token_end; /* the last URL token scanned, so none is scanned twice */
} rewriter;

/* Prepares r for text (brackets matched in one pass); false when out of memory. */
bool tts_rewriter_init(rewriter *r, const char *text, const speak_language *language,
                   const tts_speak_options *options);
void tts_rewriter_free(rewriter *r);
/* Rewrites text[begin, end) into r->out. */
void tts_rewrite_range(rewriter *r, size_t begin, size_t end);
/* The offset of the bracket closing the one at `open`, if it closes before end. */
bool tts_rewriter_bracket_close(const rewriter *r, size_t open, size_t end, size_t *close);

/* Each rule looks at text[at, end); when it applies it writes to r->out and
 * returns the bytes it consumed, otherwise it returns 0 and writes nothing.
 * A rule looks at most a bounded distance ahead, so rewriting stays linear. */
size_t tts_rule_bracket(rewriter *r, size_t at, size_t end);
size_t tts_rule_tag(rewriter *r, size_t at, size_t end);
size_t tts_rule_web(rewriter *r, size_t at, size_t end);
size_t tts_rule_handle(rewriter *r, size_t at, size_t end);
size_t tts_rule_emoji(rewriter *r, size_t at, size_t end);
size_t tts_rule_number(rewriter *r, size_t at, size_t end);
size_t tts_rule_currency(rewriter *r, size_t at, size_t end);
size_t tts_rule_decade(rewriter *r, size_t at, size_t end);
size_t tts_rule_word(rewriter *r, size_t at, size_t end);
/* The user's lexicon: tried first at every word, so the user has the last word. */
size_t tts_rule_lexicon(rewriter *r, size_t at, size_t end);
/* Bytes of a closing quote mark at text[at] ("\"", "'", U+201D, U+2019) that
 * an editor's insertion follows ("'...that,' [Bruck] said"): the mark is not
 * said there; 0 otherwise. */
size_t tts_speak_quote_before_insertion(const rewriter *r, size_t at, size_t end);
/* Bytes of the opening quote mark at text[at] whose quote closes before such
 * an insertion (neither mark is said), or 0. */
size_t tts_speak_quote_opens_insertion(const rewriter *r, size_t at, size_t end);

/* ---- small text helpers shared by the rules ---- */

bool tts_speak_is_alnum(unsigned char c);   /* ASCII letter or digit, or any non-ASCII byte */
bool tts_speak_is_upper(unsigned char c);
bool tts_speak_is_digit(unsigned char c);
bool tts_speak_is_space(unsigned char c);
bool tts_speak_word_start(const rewriter *r, size_t at);
/* Index of `word` (compared without case, length bytes) in a NULL-ended list, or -1. */
int tts_speak_find_word(const char *const *list, const char *word, size_t length);
/* The pair whose written form is exactly text[0, length), or NULL. */
const speak_pair *tts_speak_find_pair(const speak_pair *pairs, const char *text, size_t length,
                                  bool ignore_case);
/* "R-TX" -> "Republican of Texas" into spoken[size]; false when tag is no party tag. */
bool tts_speak_party_tag(const speak_language *language, const char *tag, size_t length,
                     char *spoken, size_t size);
/* Length of the UTF-8 sequence at text[at] (1 for a stray or broken one). */
size_t tts_speak_utf8_length(const char *text, size_t at, size_t end);

#endif
