/* speakers.c: label names -> speakers, merging the names one person goes by
 * (surname after the full name, a unique first name, initials, HOST). */
#include "parse_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"
#include "util/grow.h"

#define KEY_SIZE 200

/* A speaker's name as matching needs it, split once. */
struct speaker_name {
    char *key;            /* "ANTHONY KUHN" (owned) */
    const char *surname;  /* "KUHN", inside key; key itself for one word */
    size_t first_length;  /* bytes of "ANTHONY" */
    size_t last_used;     /* resolver clock when last named */
};

/* Initials a label introduced for a full name. */
struct speaker_initials {
    char key[8];
    int speaker;
};

void tts_speaker_resolver_init(speaker_resolver *resolver, tts_script *script, bool merge_aliases)
{
    memset(resolver, 0, sizeof *resolver);
    resolver->script = script;
    resolver->merge_aliases = merge_aliases;
}

void tts_speaker_resolver_free(speaker_resolver *resolver)
{
    for (size_t i = 0; i < resolver->script->speaker_count && i < resolver->capacity; i++)
        free(resolver->names[i].key);
    free(resolver->names);
    free(resolver->by_key);
    free(resolver->initials);
    memset(resolver, 0, sizeof *resolver);
}

/* Takes ownership of key. */
static void set_name(speaker_name *name, char *key)
{
    free(name->key);
    name->key = key;
    const char *space = strrchr(key, ' ');
    name->surname = space ? space + 1 : key;
    name->first_length = strcspn(key, " ");
}

/* ---- exact names in a hash table: a long transcript repeats the same
 * few labels thousands of times ---- */

static size_t hash_key(const char *key)
{
    size_t hash = 1469598103934665603u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        hash = (hash ^ *p) * 1099511628211u;
    return hash;
}

static size_t key_slot(const speaker_resolver *resolver, const char *key)
{
    size_t i = hash_key(key) & (resolver->key_slots - 1);
    while (resolver->by_key[i] != 0 &&
           strcmp(resolver->names[resolver->by_key[i] - 1].key, key) != 0)
        i = (i + 1) & (resolver->key_slots - 1);
    return i;
}

/* Rebuilds the table for every speaker's current key (after growth or a rename). */
static bool index_keys(speaker_resolver *resolver, size_t speakers)
{
    size_t slots = 64;
    while (slots < speakers * 2 + 2)
        slots *= 2;
    int *table = calloc(slots, sizeof *table);
    if (table == NULL)
        return false;
    free(resolver->by_key);
    resolver->by_key = table;
    resolver->key_slots = slots;
    for (size_t s = 0; s < speakers; s++)
        table[key_slot(resolver, resolver->names[s].key)] = (int)s + 1;
    return true;
}

/* Records speaker `index`'s key; a renamed speaker's old key has to go, so
 * then (rarely) the whole table is rebuilt. */
static bool index_key(speaker_resolver *resolver, int index, bool renamed)
{
    size_t speakers = resolver->script->speaker_count;
    if (renamed || (speakers + 1) * 2 > resolver->key_slots)
        return index_keys(resolver, speakers);
    resolver->by_key[key_slot(resolver, resolver->names[index].key)] = index + 1;
    return true;
}

static int exact_match(const speaker_resolver *resolver, const char *key)
{
    if (resolver->key_slots == 0)
        return -1;
    return resolver->by_key[key_slot(resolver, key)] - 1;
}

/* "III" in "JOHN SMITH III": the generations a name counts (II to VIII);
 * "LI", "XI", "DC" are far more often names or letters than numbers. */
static bool is_roman_numeral(const char *word, size_t length)
{
    static const char *const numerals[] = {"II", "III", "IV", "VI", "VII", "VIII"};
    for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++)
        if (strlen(numerals[i]) == length && strncmp(word, numerals[i], length) == 0)
            return true;
    return false;
}

/* "AI", "FBI", "NPR", "CEO": a piece of two or three capitals that is an
 * acronym, kept in capitals in a name written all in capitals ("AI-GENERATED
 * VOICE #1" -> "AI-Generated Voice #1", "FBI AGENT" -> "FBI Agent"). The rule,
 * since a label in capitals cannot tell "BO" from "BBC" by case: the piece has
 * no vowel (NPR, TV, DJ), or only vowels (AI, EU), or opens with two
 * consonants no English or European name opens with (FBI, NBA, NSA); a few
 * common acronyms that read like syllables are listed. "BO LI", "ANA", "ED",
 * "IAN" stay names. */
static bool is_acronym_piece(const char *piece, size_t length)
{
    static const char *const syllable_acronyms[] = {
        "CEO", "CFO", "COO", "CTO", "CIA", "UN", "UK", "US", "USA", "IRS", "EPA", "IMF", "ICE",
        "ICU", "UFO", "ER", "IT",
    };
    static const char *const name_onsets[] = {
        "BL", "BR", "CH", "CL", "CR", "CZ", "DR", "DW", "FL", "FR", "GH", "GL", "GN", "GR", "KH",
        "KL", "KN", "KR", "PH", "PL", "PR", "PS", "RH", "SC", "SH", "SK", "SL", "SM", "SN", "SP",
        "ST", "SV", "SW", "SZ", "TH", "TR", "TS", "TW", "VL", "VR", "WH", "WR", "ZH", "ZW",
    };
    if (length < 2 || length > 3)
        return false;
    size_t vowels = 0;
    for (size_t i = 0; i < length; i++) {
        if (piece[i] < 'A' || piece[i] > 'Z')
            return false;
        vowels += strchr("AEIOUY", piece[i]) != NULL;
    }
    if (vowels == 0 || vowels == length)
        return true;
    for (size_t i = 0; i < sizeof syllable_acronyms / sizeof syllable_acronyms[0]; i++)
        if (strlen(syllable_acronyms[i]) == length && strncmp(piece, syllable_acronyms[i], length) == 0)
            return true;
    if (strchr("AEIOUY", piece[0]) != NULL || strchr("AEIOUY", piece[1]) != NULL)
        return false;
    for (size_t i = 0; i < sizeof name_onsets / sizeof name_onsets[0]; i++)
        if (strncmp(piece, name_onsets[i], 2) == 0)
            return false;
    return true;
}

/* Appends one upper-case word title-cased: "MCCAIN" -> "McCain",
 * "VELEZ-MITCHELL" -> "Velez-Mitchell", "ÁLVAREZ" -> "Álvarez"; small words
 * inside a name stay small, Roman numerals stay capitals. */
static bool title_case_word(tts_strbuf *out, const char *word, size_t length, bool first)
{
    static const char *const small_words[] = {"AND", "OF", "THE", "TO", "DE", "LA", "VAN", "VON"};
    for (size_t i = 0; i < sizeof small_words / sizeof small_words[0]; i++)
        if (!first && strlen(small_words[i]) == length && strncmp(word, small_words[i], length) == 0) {
            for (size_t k = 0; k < length; k++)
                if (!tts_strbuf_append_char(out, (char)tolower((unsigned char)word[k])))
                    return false;
            return true;
        }
    if (is_roman_numeral(word, length))
        return tts_strbuf_append(out, word, length);
    /* Piece by piece between hyphens, so that an acronym keeps its capitals. */
    for (size_t at = 0; at < length;) {
        size_t piece = at;
        while (piece < length && word[piece] != '-')
            piece++;
        bool ok = is_acronym_piece(word + at, piece - at)
                      ? tts_strbuf_append(out, word + at, piece - at)
                      : tts_parse_title_case_word(out, word + at, piece - at);
        if (!ok || (piece < length && !tts_strbuf_append_char(out, '-')))
            return false;
        at = piece + 1;
    }
    return true;
}

/* A word written in capitals: two capitals or more, nothing in lower case. */
static bool word_in_capitals(const char *word, size_t length)
{
    size_t capitals = 0;
    for (size_t at = 0; at < length;) {
        size_t bytes;
        tts_parse_letter kind = tts_parse_letter_at(word + at, length - at, &bytes);
        if (kind == TTS_PARSE_LOWER)
            return false;
        capitals += kind == TTS_PARSE_UPPER;
        at += bytes;
    }
    return capitals >= 2;
}

/* Labels in capitals are title-cased word by word; in a label that mixes
 * cases ("Young MARCIUS", "Dr. FAUCI") the words in capitals are too, and
 * a word with its own lower case ("McDONALD", "NPR's") stays as written. */
char *tts_speaker_display_name(const char *name)
{
    bool mixed = tts_parse_has_lower(name);
    tts_strbuf display = TTS_STRBUF_INIT;
    bool ok = true;
    for (const char *word = name; *word && ok;) {
        size_t length = strcspn(word, " ");
        ok = mixed && !word_in_capitals(word, length)
                 ? tts_strbuf_append(&display, word, length)
                 : title_case_word(&display, word, length, word == name);
        word += length;
        for (; *word == ' ' && ok; word++)
            ok = tts_strbuf_append_char(&display, ' ');
    }
    if (!ok || (display.data == NULL && !tts_strbuf_append(&display, "", 0))) {
        tts_strbuf_free(&display);
        return NULL;
    }
    return tts_strbuf_detach(&display);
}

static void key_of(char key[KEY_SIZE], const char *name)
{
    tts_label_upper_key(key, KEY_SIZE, name, strlen(name));
}

static bool is_single_word(const char *key)
{
    return strchr(key, ' ') == NULL;
}

static const char *last_word(const char *key)
{
    const char *space = strrchr(key, ' ');
    return space ? space + 1 : key;
}

static bool first_word_is(const char *key, const char *word, size_t length)
{
    return strncmp(key, word, length) == 0 && (key[length] == ' ' || key[length] == '\0');
}

/* "H." and "HILLARY" can be one person's first name; "LAUREN" and "ROBERT" cannot. */
static bool first_names_compatible(const char *a, size_t a_length, const char *b, size_t b_length)
{
    if (a_length == b_length && strncmp(a, b, a_length) == 0)
        return true;
    bool a_initial = a_length == 1 || (a_length == 2 && a[1] == '.');
    bool b_initial = b_length == 1 || (b_length == 2 && b[1] == '.');
    return (a_initial || b_initial) && a[0] == b[0];
}

/* "SECOND MESSENGER", "YOUNG MARCIUS", "ALL CITIZENS", "SENATORS, &C": a numbered or
 * grouped role of a play, not a first name and a surname; such names match
 * only exactly ("MESSENGER" and "SECOND MESSENGER" are two people). */
static bool is_qualified_role(const char *key)
{
    static const char *const qualifiers[] = {
        "FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH",
        "TENTH", "ALL", "BOTH", "YOUNG", "OLD", "ANOTHER", "OTHER", "SEVERAL",
    };
    for (size_t i = 0; i < sizeof qualifiers / sizeof qualifiers[0]; i++)
        if (first_word_is(key, qualifiers[i], strlen(qualifiers[i])) && strchr(key, ' '))
            return true;
    /* "SENATORS, &C": the group with its followers, not the "SENATORS" alone. */
    const char *last = strrchr(key, ' ');
    return last != NULL && (strncmp(last + 1, "&C", 2) == 0 || strncmp(last + 1, "ETC", 3) == 0);
}

/* The label being resolved, split like a speaker's name. */
typedef struct wanted_name {
    const char *key;
    const char *surname;
    size_t first_length;
    bool single;
} wanted_name;

typedef bool (*speaker_test)(const speaker_name *speaker, const wanted_name *wanted);

/* The most recently heard of the speakers that pass `test`, and how many pass. */
static int most_recent(const speaker_resolver *resolver, speaker_test test,
                       const wanted_name *wanted, size_t *matches)
{
    int best = -1;
    *matches = 0;
    for (size_t s = 0; s < resolver->script->speaker_count; s++) {
        const speaker_name *name = &resolver->names[s];
        if (is_qualified_role(name->key) || !test(name, wanted))
            continue;
        (*matches)++;
        if (best < 0 || name->last_used > resolver->names[best].last_used)
            best = (int)s;
    }
    return best;
}

static bool is_one_word(const speaker_name *speaker)
{
    return speaker->surname == speaker->key;
}

/* "KUHN" names "ANTHONY KUHN". */
static bool has_surname(const speaker_name *speaker, const wanted_name *wanted)
{
    return !is_one_word(speaker) && strcmp(speaker->surname, wanted->key) == 0;
}

/* "Bekah" names "Bekah Hawrot Weigel". */
static bool has_first_name(const speaker_name *speaker, const wanted_name *wanted)
{
    return !is_one_word(speaker) && speaker->first_length == strlen(wanted->key) &&
           strncmp(speaker->key, wanted->key, speaker->first_length) == 0;
}

/* "DAVID GREENE" is the "GREENE" heard before. */
static bool is_this_surname(const speaker_name *speaker, const wanted_name *wanted)
{
    return is_one_word(speaker) && strcmp(speaker->key, wanted->surname) == 0;
}

/* "Dan Ott" is the "Dan" heard before. */
static bool is_this_first_name(const speaker_name *speaker, const wanted_name *wanted)
{
    return is_one_word(speaker) && first_word_is(wanted->key, speaker->key, strlen(speaker->key));
}

/* "H. CLINTON" is "HILLARY RODHAM CLINTON". */
static bool same_person_other_form(const speaker_name *speaker, const wanted_name *wanted)
{
    return !is_one_word(speaker) && strcmp(speaker->surname, wanted->surname) == 0 &&
           first_names_compatible(speaker->key, speaker->first_length, wanted->key,
                                  wanted->first_length);
}

/* Which known speaker `key` names, or -1. Sets *upgrade when the label is a
 * fuller form of that speaker's name ("DAVID GREENE" after "GREENE"). */
static int find_speaker(const speaker_resolver *resolver, const char *key, bool *upgrade)
{
    const tts_script *script = resolver->script;
    *upgrade = false;
    int found = exact_match(resolver, key);
    if (found >= 0 || !resolver->merge_aliases || is_qualified_role(key))
        return found;
    wanted_name wanted = {key, last_word(key), strcspn(key, " "), is_single_word(key)};
    size_t matches;
    for (size_t i = 0; i < resolver->initials_count; i++)
        if (strcmp(resolver->initials[i].key, key) == 0)
            return resolver->initials[i].speaker;
    if (wanted.single) {
        /* A surname: the most recent of the people who have it. */
        found = most_recent(resolver, has_surname, &wanted, &matches);
        if (found >= 0)
            return found;
        found = most_recent(resolver, has_first_name, &wanted, &matches);
        if (matches == 1)
            return found;
        /* "HOST:" when exactly one speaker was introduced as the host. */
        int by_role = -1;
        size_t roles = 0;
        for (size_t s = 0; s < script->speaker_count; s++)
            if (script->speakers[s].role && strcasecmp(script->speakers[s].role, key) == 0) {
                by_role = (int)s;
                roles++;
            }
        return roles == 1 ? by_role : -1;
    }
    found = most_recent(resolver, same_person_other_form, &wanted, &matches);
    if (found >= 0)
        return found;
    *upgrade = true;
    found = most_recent(resolver, is_this_surname, &wanted, &matches);
    if (found >= 0)
        return found;
    found = most_recent(resolver, is_this_first_name, &wanted, &matches);
    return matches == 1 ? found : -1;
}

tts_status tts_parse_speaker_add_initials(speaker_resolver *resolver, int index,
                                          const char *initials, tts_error *err)
{
    char key[KEY_SIZE];
    key_of(key, initials);
    for (size_t i = 0; i < resolver->initials_count; i++)
        if (strcmp(resolver->initials[i].key, key) == 0)
            return TTS_OK; /* the first introduction keeps them */
    if (strlen(key) >= sizeof resolver->initials[0].key)
        return TTS_OK;
    struct speaker_initials *grown =
        realloc(resolver->initials, (resolver->initials_count + 1) * sizeof *grown);
    if (grown == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a speaker");
    resolver->initials = grown;
    strcpy(grown[resolver->initials_count].key, key);
    grown[resolver->initials_count++].speaker = index;
    return TTS_OK;
}

bool tts_parse_speaker_known(const speaker_resolver *resolver, const char *name)
{
    char key[KEY_SIZE];
    key_of(key, name);
    return exact_match(resolver, key) >= 0;
}

static bool grow_names(speaker_resolver *resolver)
{
    size_t needed = resolver->script->speaker_count + 1, before = resolver->capacity;
    if (!TTS_GROW(resolver->names, resolver->capacity, needed, 16))
        return false;
    memset(resolver->names + before, 0, (resolver->capacity - before) * sizeof *resolver->names);
    return true;
}

/* Gives speaker `index` the fuller name `display`; its id follows, kept unique. */
static tts_status rename_speaker(speaker_resolver *resolver, int index, const char *display,
                                 const char *key, tts_error *err)
{
    tts_script *script = resolver->script;
    char *name = tts_strndup(display, strlen(display));
    char *new_key = tts_strndup(key, strlen(key));
    char *id = tts_script_unique_id(script, display, index);
    if (name == NULL || new_key == NULL || id == NULL) {
        free(name);
        free(new_key);
        free(id);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory renaming a speaker");
    }
    tts_speaker *speaker = &script->speakers[index];
    free(speaker->name);
    free(speaker->id);
    speaker->name = name;
    speaker->id = id;
    set_name(&resolver->names[index], new_key);
    return TTS_OK;
}

static tts_status add_speaker(speaker_resolver *resolver, const char *display, const char *key,
                              int *index, tts_error *err)
{
    tts_script *script = resolver->script;
    char *copy = tts_strndup(key, strlen(key));
    tts_status status = copy ? tts_script_add_speaker(script, display, NULL, index, err)
                             : tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a speaker");
    if (status != TTS_OK) {
        free(copy);
        return status;
    }
    resolver->names[*index] = (speaker_name){0};
    set_name(&resolver->names[*index], copy);
    return TTS_OK;
}

static tts_status set_role(tts_speaker *speaker, const char *role, tts_error *err)
{
    if (role == NULL || role[0] == '\0' || speaker->role != NULL)
        return TTS_OK;
    speaker->role = tts_strndup(role, strlen(role));
    if (speaker->role == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    for (char *p = speaker->role; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return TTS_OK;
}

tts_status tts_speaker_resolve(speaker_resolver *resolver, const char *name, const char *alias,
                           const char *role, int *index, tts_error *err)
{
    tts_script *script = resolver->script;
    char key[KEY_SIZE];
    key_of(key, name);
    if (!grow_names(resolver))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a speaker");
    bool upgrade;
    int found = find_speaker(resolver, key, &upgrade);
    char *display = tts_speaker_display_name(name);
    if (display == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    tts_status status = TTS_OK;
    bool added = found < 0;
    if (added)
        status = add_speaker(resolver, display, key, &found, err);
    else if (upgrade)
        status = rename_speaker(resolver, found, display, key, err);
    free(display);
    if (status == TTS_OK && (added || upgrade) && !index_key(resolver, found, upgrade))
        status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a speaker");
    if (status != TTS_OK)
        return status;
    resolver->names[found].last_used = ++resolver->clock;
    *index = found;
    status = set_role(&script->speakers[found], role, err);
    if (status == TTS_OK && alias != NULL && alias[0] != '\0')
        status = tts_script_add_alias(script, found, alias, err);
    return status;
}

int tts_parse_speaker_find(const speaker_resolver *resolver, const char *name)
{
    char key[KEY_SIZE];
    key_of(key, name);
    return exact_match(resolver, key);
}

tts_status tts_parse_speaker_merge(speaker_resolver *resolver, int into, int from,
                                   const char *name, tts_error *err)
{
    tts_script *script = resolver->script;
    for (size_t t = 0; t < script->turn_count; t++)
        if (script->turns[t].speaker == from)
            script->turns[t].speaker = into;
    tts_status status = TTS_OK;
    const tts_speaker *gone = &script->speakers[from];
    for (size_t a = 0; a < gone->alias_count && status == TTS_OK; a++)
        status = tts_script_add_alias(script, into, gone->aliases[a], err);
    char key[KEY_SIZE];
    key_of(key, name);
    char *display = status == TTS_OK ? tts_speaker_display_name(name) : NULL;
    if (status == TTS_OK && display == NULL)
        status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory renaming a speaker");
    if (status == TTS_OK)
        status = rename_speaker(resolver, into, display, key, err);
    free(display);
    /* `from` now says nothing: the parser's caller drops silent speakers. */
    if (status == TTS_OK && !index_keys(resolver, script->speaker_count))
        status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory renaming a speaker");
    return status;
}
