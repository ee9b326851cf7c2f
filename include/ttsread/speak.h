/* speak.h: each turn's written text -> what a good reader would say
 * (editorial marks dropped, cues paused or read), filling turn->spoken. */
#ifndef TTSREAD_SPEAK_H
#define TTSREAD_SPEAK_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsread/error.h"
#include "ttsread/script.h"

/* For cue turns such as "(SOUNDBITE OF MUSIC)". A cue inside a speech turn,
 * "Yes. [laughs] Yes.", is a short pause unless cues are skipped. */
typedef enum tts_cue_mode {
    TTS_CUES_PAUSE = 0, /* a production cue becomes a short pause */
    TTS_CUES_READ,      /* the narrator reads it: "Soundbite of music." */
    TTS_CUES_SKIP,      /* nothing at all */
} tts_cue_mode;

typedef enum tts_emoji_mode {
    TTS_EMOJI_SKIP = 0, /* emoji are not spoken */
    TTS_EMOJI_NAME,     /* emoji are left for eSpeak NG, which says their short name */
} tts_emoji_mode;

/* The user's pronunciations: whole words or phrases said otherwise, as a
 * respelling ("Nguyen = win") or as eSpeak NG phonemes ("Nguyen = [[w'In]]",
 * which synthesis passes to eSpeak NG as phoneme input). */
typedef struct tts_lexicon tts_lexicon;

typedef struct tts_speak_options {
    tts_cue_mode cues;
    int announce;       /* 1: name a speaker before their first turn; 2: at every change */
    tts_emoji_mode emoji;
    const tts_lexicon *lexicon; /* or NULL */
} tts_speak_options;

tts_status tts_lexicon_new(tts_lexicon **out, tts_error *err);
void tts_lexicon_free(tts_lexicon *lexicon);
size_t tts_lexicon_count(const tts_lexicon *lexicon);

/* Adds the entries of a lexicon file: `word or phrase = respelling` or
 * `word = [[phonemes]]` lines, for every language above any section and in
 * [lexicon], for one language in [lexicon.LANG] ([lexicon.fr] is also for
 * fr-CA). With cast_file, only the [lexicon] sections of a cast file are
 * read (the others name speakers). An entry spelled with a capital matches
 * that spelling only; one in lower case matches any case. A later entry
 * wins over an earlier one of the same words; a longer phrase over a word.
 * A bad line fails with "path:line: why" and TTS_ERR_USAGE (TTS_ERR_CAST
 * for a cast file); a missing file with TTS_ERR_NOT_FOUND. */
tts_status tts_lexicon_load(tts_lexicon *lexicon, const char *path, bool cast_file,
                            tts_error *err);

/* text with the lexicon's words said its way and nothing else changed, for
 * what the speak stage does not rewrite: the speaker's name the narrator
 * announces. The caller frees *spoken. */
tts_status tts_lexicon_say(const tts_lexicon *lexicon, const char *text, const char *lang,
                           char **spoken, tts_error *err);

/* Where a stretch of spoken text came from. A verbatim piece was copied
 * byte for byte (letter case aside), so offsets inside it map one to one; any
 * other piece says the whole written stretch in other words ("(R-TX)" ->
 * "Republican of Texas"). A piece ends where the next one starts. */
typedef struct tts_spoken_piece {
    size_t spoken_offset;
    size_t text_offset;
    size_t text_length;
    int verbatim;
} tts_spoken_piece;

/* Every spoken byte lies in exactly one piece; pieces rise in both texts.
 * Written text that is not spoken (a dropped "(ph)") lies in no piece. */
typedef struct tts_spoken_map {
    size_t count;
    tts_spoken_piece pieces[]; /* count entries, by rising spoken_offset */
} tts_spoken_map;

/* Fills `spoken` and `spoken_map` for every turn of script (replacing any
 * earlier value), in the rules of script->lang. */
tts_status tts_speak_script(tts_script *script, const tts_speak_options *options, tts_error *err);

/* Rewrites one text of the given kind as a reader would say it. lang is a
 * language tag ("en", "en-GB"); languages without rules of their own get
 * only the language-neutral ones. On success the caller owns *spoken and,
 * when map is not NULL, *map (both freed with free()). */
tts_status tts_speak_text(const char *text, tts_turn_kind kind, const char *lang,
                          const tts_speak_options *options, char **spoken, tts_spoken_map **map,
                          tts_error *err);

/* The written stretch behind spoken bytes [spoken_offset, +spoken_length):
 * word events from synthesis point into `spoken`, captions into `text`.
 * A word said for a rewritten stretch gets all of it ("Texas" -> "(R-TX)").
 * Without a map, offsets pass through, clamped to text_length. */
void tts_speak_text_span(const tts_spoken_map *map, size_t text_length, size_t spoken_offset,
                         size_t spoken_length, size_t *text_offset, size_t *text_span_length);

#endif
