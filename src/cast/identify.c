/* identify.c: what casting needs to know about a speaker that the labels do
 * not say: the full name behind a surname-only label, and the gender. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cast/cast_internal.h"
#include "ttsread/cast.h"
#include "ttsread/parse.h"
#include "util/strbuf.h"

/* ---- words in text ---- */

typedef struct word {
    const char *start;
    size_t length;   /* without a possessive 's */
} word;

/* Bytes of the letter at p, or 0 when p holds no letter. Any non-ASCII
 * character counts as a letter except Latin-1 symbols (U+0080-U+00BF) and
 * general punctuation (U+2000-U+206F: dashes, curly quotes). */
static size_t letter_length(const unsigned char *p)
{
    if (*p < 0x80)
        return isalpha(*p) ? 1 : 0;
    if (p[0] == 0xC2 || (p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81)))
        return 0;
    size_t length = 1;
    while ((p[length] & 0xC0) == 0x80)
        length++;
    return length;
}

/* An apostrophe (' or U+2019) or hyphen joining two letters: "O'Neil", "Ann-Marie". */
static size_t joiner_length(const unsigned char *p)
{
    size_t length = (*p == '\'' || *p == '-') ? 1 : (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) ? 3 : 0;
    return length > 0 && letter_length(p + length) > 0 ? length : 0;
}

/* Finds the next word at or after text[*position]; false at the end. */
static bool next_word(const char *text, size_t *position, word *out)
{
    const unsigned char *p = (const unsigned char *)text + *position;
    while (*p && letter_length(p) == 0)
        p++;
    if (*p == '\0')
        return false;
    const unsigned char *start = p;
    for (;;) {
        size_t step = letter_length(p);
        if (step == 0)
            step = joiner_length(p);
        if (step == 0)
            break;
        p += step;
    }
    out->start = (const char *)start;
    out->length = (size_t)(p - start);
    *position = (size_t)((const char *)p - text);
    /* "Greene's" and "Greene’s" name Greene. */
    if (out->length > 2 && strncasecmp((const char *)p - 2, "'s", 2) == 0)
        out->length -= 2;
    else if (out->length > 4 && memcmp(p - 4, "\xE2\x80\x99s", 4) == 0)
        out->length -= 4;
    return true;
}

static bool word_is(const word *w, const char *text)
{
    return strlen(text) == w->length && strncasecmp(w->start, text, w->length) == 0;
}

static bool word_capitalized(const word *w)
{
    return isupper((unsigned char)w->start[0]);
}

static bool word_in(const word *w, const char *const *list)
{
    for (; *list != NULL; list++)
        if (word_is(w, *list))
            return true;
    return false;
}

/* Interjections that the name table also lists ("Hi" is a man's name there). */
static const char *const not_names[] = {"hi", "hey", "well", "so", "yes", "no", "okay", "ok",
                                        "oh", "now", "sure", "right", "look", "listen", "thanks",
                                        "welcome", "sorry", "good", "great", "please", NULL};

static bool is_first_name(const tts_palette_data *data, const word *w, tts_gender *gender)
{
    tts_gender ignored;
    return word_capitalized(w) && !word_in(w, not_names) &&
           tts_cast_first_name_gender(data, w->start, w->length, gender ? gender : &ignored);
}

/* A name said to someone: "Hi there, David." "Well, David, ..." "David -
 * tell me." "... here, Mark Eiglarsh." The name runs from start to end. */
static bool is_vocative_span(const char *text, const char *start, const char *end)
{
    const char *before = start;
    while (before > text && before[-1] == ' ')
        before--;
    bool opens = before == text || strchr(",.?!:;", before[-1]) != NULL;
    const char *after = end;
    bool dash = after[0] == ' ' && (after[1] == '-' || strncmp(after + 1, "\xE2\x80\x93", 3) == 0 ||
                                   strncmp(after + 1, "\xE2\x80\x94", 3) == 0);
    return opens && (dash || (*after != '\0' && strchr(",.?!;", *after) != NULL));
}

static bool is_vocative(const char *text, const word *w)
{
    return is_vocative_span(text, w->start, w->start + w->length);
}

/* The first and last words of a display name; returns how many words. */
static size_t name_ends(const char *name, word *first, word *last)
{
    size_t count = 0, position = 0;
    word w;
    while (next_word(name, &position, &w)) {
        if (count++ == 0)
            *first = w;
        *last = w;
    }
    return count;
}

static bool is_ascii(const word *w)
{
    for (size_t i = 0; i < w->length; i++)
        if ((unsigned char)w->start[i] >= 0x80)
            return false;
    return true;
}

/* Case aside, and accents aside: the page writes "Maria Lopez" for the
 * "MARÍA LÓPEZ" of the labels. */
static int compare_words(const word *a, const word *b)
{
    if (!is_ascii(a) || !is_ascii(b)) {
        char key_a[128], key_b[128];
        tts_name_key(key_a, sizeof key_a, a->start, a->length);
        tts_name_key(key_b, sizeof key_b, b->start, b->length);
        return strcmp(key_a, key_b);
    }
    size_t shorter = a->length < b->length ? a->length : b->length;
    int order = strncasecmp(a->start, b->start, shorter);
    return order != 0 ? order : (a->length > b->length) - (a->length < b->length);
}

static bool same_word(const word *a, const word *b)
{
    return compare_words(a, b) == 0;
}

/* ---- a piece's words, one turn at a time ---- */

typedef struct turn_word {
    word word;
    bool capitalized;
    bool first_name;       /* in the first-name table */
    bool sentence_before;  /* a sentence ended between the previous word and this one */
} turn_word;

typedef struct turn_words {
    turn_word *items;      /* reused from turn to turn (owned) */
    size_t count, capacity;
} turn_words;

static bool tokenize(const tts_palette_data *data, const char *text, turn_words *out)
{
    out->count = 0;
    size_t position = 0, previous_end = 0;
    word w;
    while (next_word(text, &position, &w)) {
        if (out->count == out->capacity) {
            size_t wanted = out->capacity ? out->capacity * 2 : 256;
            turn_word *grown = realloc(out->items, wanted * sizeof *grown);
            if (grown == NULL)
                return false;
            out->items = grown;
            out->capacity = wanted;
        }
        turn_word *item = &out->items[out->count++];
        item->word = w;
        item->capitalized = word_capitalized(&w);
        item->first_name = is_first_name(data, &w, NULL);
        size_t start = (size_t)(w.start - text);
        item->sentence_before = out->count > 1 && strcspn(text + previous_end, ".?!") <
                                                      start - previous_end;
        previous_end = position;
    }
    return true;
}

/* ---- the speakers' names, indexed ---- */

/* A word by which the piece may mention a speaker: the first and the last
 * word of the display name ("Wendy" and "Robinson"; "Greene" alone). */
typedef struct name_key {
    word word;
    size_t speaker;        /* or NAME_SHARED: the word names several speakers */
} name_key;

#define NAME_SHARED ((size_t)-1)

typedef struct name_index {
    name_key *keys;        /* sorted by word, case-insensitively, each word once (owned) */
    size_t count;
} name_index;

static int compare_keys(const void *a, const void *b)
{
    return compare_words(&((const name_key *)a)->word, &((const name_key *)b)->word);
}

static bool index_names(const tts_script *script, name_index *index)
{
    index->count = 0;
    index->keys = malloc((2 * script->speaker_count + 1) * sizeof *index->keys);
    if (index->keys == NULL)
        return false;
    for (size_t s = 0; s < script->speaker_count; s++) {
        word first, last;
        size_t count = name_ends(script->speakers[s].name, &first, &last);
        if (count > 0)
            index->keys[index->count++] = (name_key){first, s};
        if (count > 1)
            index->keys[index->count++] = (name_key){last, s};
    }
    qsort(index->keys, index->count, sizeof *index->keys, compare_keys);
    /* One key per word, so that a word many speakers share ("Unidentified")
     * costs one lookup, not one per speaker. */
    size_t kept = 0;
    for (size_t k = 0; k < index->count; k++) {
        if (kept > 0 && same_word(&index->keys[kept - 1].word, &index->keys[k].word)) {
            if (index->keys[kept - 1].speaker != index->keys[k].speaker)
                index->keys[kept - 1].speaker = NAME_SHARED;
            continue;
        }
        index->keys[kept++] = index->keys[k];
    }
    index->count = kept;
    return true;
}

/* The speaker a capitalized word names, NAME_SHARED, or NAME_NONE. */
#define NAME_NONE ((size_t)-2)

static size_t named_speaker(const name_index *index, const turn_word *w)
{
    if (!w->capitalized)
        return NAME_NONE;
    name_key wanted = {w->word, 0};
    const name_key *found = bsearch(&wanted, index->keys, index->count, sizeof *index->keys,
                                    compare_keys);
    return found != NULL ? found->speaker : NAME_NONE;
}

/* ---- full names for surname-only labels ---- */

/* What the piece writes before a surname-only speaker's name. */
typedef struct written_first_name {
    bool wanted;     /* the speaker is known by a surname alone */
    int found;       /* 0: no first name seen, 1: one, 2: several different */
    word first;
    bool mid_sentence; /* seen once where a capital means a name, not a sentence start */
} written_first_name;

/* "NPR's David Greene": a first name just before the surname, anywhere. */
static void find_written_first_names(const turn_words *words, const name_index *index,
                                     written_first_name *names)
{
    for (size_t i = 1; i < words->count; i++) {
        const turn_word *previous = &words->items[i - 1], *w = &words->items[i];
        if (!previous->first_name || !w->capitalized ||
            w->word.start != previous->word.start + previous->word.length + 1 ||
            previous->word.start[previous->word.length] != ' ')
            continue;
        size_t speaker = named_speaker(index, w);
        if (speaker == NAME_NONE || speaker == NAME_SHARED || !names[speaker].wanted)
            continue;
        written_first_name *name = &names[speaker];
        if (name->found == 0)
            name->first = previous->word;
        else if (!same_word(&name->first, &previous->word))
            name->found = 2;
        name->found += name->found == 0;
        name->mid_sentence = name->mid_sentence || (i > 1 && !previous->sentence_before);
    }
}

/* True when some turn uses `first` as an ordinary lower-case word. */
static bool used_in_lower_case(const tts_script *script, const word *first)
{
    for (size_t t = 0; t < script->turn_count; t++) {
        size_t position = 0;
        word w;
        while (next_word(script->turns[t].text, &position, &w))
            if (!word_capitalized(&w) && same_word(&w, first))
                return true;
    }
    return false;
}

/* A sentence's first word is capitalized whatever it is: "Noble Aufidius,"
 * opening a line of verse is an epithet when the piece also says "noble"
 * as a plain word. Such a first name counts only if seen mid-sentence too. */
static bool first_name_believed(const tts_script *script, const written_first_name *name)
{
    return name->mid_sentence || !used_in_lower_case(script, &name->first);
}

/* The first name a speaker calls people by, when one name has two thirds
 * of the speaker's vocatives and occurs at least twice; `except` is never
 * counted. Only run on two-person pieces, so a scan per call is cheap. */
static bool addressed_name(const tts_palette_data *data, const tts_script *script, int speaker,
                           const word *except, word *found)
{
    word names[32];
    int counts[32] = {0};
    size_t distinct = 0;
    int total = 0;
    for (size_t t = 0; t < script->turn_count; t++) {
        const tts_turn *turn = &script->turns[t];
        if (turn->speaker != speaker || turn->kind != TTS_TURN_SPEECH)
            continue;
        size_t position = 0;
        word w;
        while (next_word(turn->text, &position, &w)) {
            if (!is_vocative(turn->text, &w) || !is_first_name(data, &w, NULL) ||
                (except != NULL && same_word(except, &w)))
                continue;
            size_t i = 0;
            while (i < distinct && !same_word(&names[i], &w))
                i++;
            if (i == distinct && distinct < 32)
                names[distinct++] = w;
            if (i < distinct)
                counts[i]++;
            total++;
        }
    }
    size_t best = 0;
    for (size_t i = 1; i < distinct; i++)
        if (counts[i] > counts[best])
            best = i;
    if (distinct == 0 || counts[best] < 2 || counts[best] * 3 < total * 2)
        return false;
    *found = names[best];
    return true;
}

/* In a two-person dialogue, the name that the other speaker keeps saying
 * belongs to this speaker, provided this speaker, when using names, calls
 * the other by their own first name. */
static bool first_name_from_dialogue(const tts_palette_data *data, const tts_script *script,
                                     size_t speaker, word *found)
{
    if (script->speaker_count != 2)
        return false;
    int other = speaker == 0 ? 1 : 0;
    word other_first, other_last;
    if (name_ends(script->speakers[other].name, &other_first, &other_last) < 2)
        return false;
    if (!addressed_name(data, script, other, &other_first, found))
        return false;
    word back;
    return !addressed_name(data, script, (int)speaker, NULL, &back) ||
           same_word(&back, &other_first);
}

static bool speaker_name_taken(const tts_script *script, const char *name, const char *id)
{
    for (size_t s = 0; s < script->speaker_count; s++)
        if (strcasecmp(script->speakers[s].name, name) == 0 ||
            strcmp(script->speakers[s].id, id) == 0)
            return true;
    return false;
}

/* GREENE -> "David Greene" (id david-greene); the label stays an alias. */
static tts_status rename_speaker(tts_script *script, size_t speaker, const word *first,
                                 tts_error *err)
{
    tts_speaker *person = &script->speakers[speaker];
    tts_strbuf full = TTS_STRBUF_INIT;
    if (!tts_strbuf_printf(&full, "%.*s %s", (int)first->length, first->start, person->name))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory naming speakers");
    char *name = tts_title_case(full.data);
    tts_strbuf_free(&full);
    char *id = name ? tts_slug(name) : NULL;
    if (name == NULL || id == NULL || speaker_name_taken(script, name, id)) {
        free(name);
        free(id);
        return name == NULL || id == NULL
                   ? tts_error_set(err, TTS_ERR_NOMEM, "out of memory naming speakers")
                   : TTS_OK;
    }
    bool labelled = false;
    for (size_t a = 0; a < person->alias_count; a++)
        labelled = labelled || strcasecmp(person->aliases[a], person->name) == 0;
    tts_status status = labelled ? TTS_OK
                                 : tts_script_add_alias(script, (int)speaker, person->name, err);
    free(person->name);
    free(person->id);
    person->name = name;
    person->id = id;
    return status;
}

static tts_status complete_names(const tts_palette_data *data, tts_script *script,
                                 const name_index *index, turn_words *words, tts_error *err)
{
    written_first_name *names = calloc(script->speaker_count, sizeof *names);
    if (names == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory naming speakers");
    bool any = false;
    for (size_t s = 0; s < script->speaker_count; s++) {
        word first, last;
        names[s].wanted = name_ends(script->speakers[s].name, &first, &last) == 1 &&
                          first.length == strlen(script->speakers[s].name) &&
                          !is_first_name(data, &first, NULL);
        any = any || names[s].wanted;
    }
    tts_status status = TTS_OK;
    for (size_t t = 0; any && t < script->turn_count && status == TTS_OK; t++) {
        if (!tokenize(data, script->turns[t].text, words))
            status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory naming speakers");
        else
            find_written_first_names(words, index, names);
    }
    for (size_t s = 0; s < script->speaker_count && status == TTS_OK; s++) {
        word first;
        if (names[s].wanted && names[s].found == 1 && first_name_believed(script, &names[s]))
            status = rename_speaker(script, s, &names[s].first, err);
        else if (names[s].wanted && first_name_from_dialogue(data, script, s, &first))
            status = rename_speaker(script, s, &first, err);
    }
    free(names);
    return status;
}

/* ---- gender ---- */

typedef struct gendered_word {
    const char *word;
    tts_gender gender;
} gendered_word;

/* Titles, as the first word of a label. */
static const gendered_word titles[] = {
    {"mr", TTS_GENDER_MALE},       {"mister", TTS_GENDER_MALE},   {"sir", TTS_GENDER_MALE},
    {"lord", TTS_GENDER_MALE},     {"king", TTS_GENDER_MALE},     {"prince", TTS_GENDER_MALE},
    {"father", TTS_GENDER_MALE},   {"fr", TTS_GENDER_MALE},       {"brother", TTS_GENDER_MALE},
    {"uncle", TTS_GENDER_MALE},    {"duke", TTS_GENDER_MALE},     {"mrs", TTS_GENDER_FEMALE},
    {"ms", TTS_GENDER_FEMALE},     {"miss", TTS_GENDER_FEMALE},   {"madam", TTS_GENDER_FEMALE},
    {"madame", TTS_GENDER_FEMALE}, {"mme", TTS_GENDER_FEMALE},    {"lady", TTS_GENDER_FEMALE},
    {"dame", TTS_GENDER_FEMALE},   {"queen", TTS_GENDER_FEMALE},  {"princess", TTS_GENDER_FEMALE},
    {"sister", TTS_GENDER_FEMALE}, {"aunt", TTS_GENDER_FEMALE},   {"duchess", TTS_GENDER_FEMALE},
    {NULL, TTS_GENDER_UNKNOWN},
};

/* Words anywhere in a label or role that say who the speaker is:
 * "UNIDENTIFIED MALE", "KYRON'S MOTHER", "RNC CHAIRWOMAN", "(Actress)". */
static const gendered_word role_words[] = {
    {"male", TTS_GENDER_MALE},          {"man", TTS_GENDER_MALE},
    {"boy", TTS_GENDER_MALE},           {"gentleman", TTS_GENDER_MALE},
    {"father", TTS_GENDER_MALE},        {"dad", TTS_GENDER_MALE},
    {"husband", TTS_GENDER_MALE},       {"son", TTS_GENDER_MALE},
    {"brother", TTS_GENDER_MALE},       {"uncle", TTS_GENDER_MALE},
    {"grandfather", TTS_GENDER_MALE},   {"nephew", TTS_GENDER_MALE},
    {"boyfriend", TTS_GENDER_MALE},     {"congressman", TTS_GENDER_MALE},
    {"spokesman", TTS_GENDER_MALE},     {"businessman", TTS_GENDER_MALE},
    {"anchorman", TTS_GENDER_MALE},     {"king", TTS_GENDER_MALE},
    {"female", TTS_GENDER_FEMALE},      {"woman", TTS_GENDER_FEMALE},
    {"girl", TTS_GENDER_FEMALE},        {"lady", TTS_GENDER_FEMALE},
    {"mother", TTS_GENDER_FEMALE},      {"mom", TTS_GENDER_FEMALE},
    {"wife", TTS_GENDER_FEMALE},        {"daughter", TTS_GENDER_FEMALE},
    {"sister", TTS_GENDER_FEMALE},      {"aunt", TTS_GENDER_FEMALE},
    {"grandmother", TTS_GENDER_FEMALE}, {"niece", TTS_GENDER_FEMALE},
    {"girlfriend", TTS_GENDER_FEMALE},  {"actress", TTS_GENDER_FEMALE},
    {"congresswoman", TTS_GENDER_FEMALE}, {"spokeswoman", TTS_GENDER_FEMALE},
    {"businesswoman", TTS_GENDER_FEMALE}, {"chairwoman", TTS_GENDER_FEMALE},
    {"anchorwoman", TTS_GENDER_FEMALE}, {"queen", TTS_GENDER_FEMALE},
    {NULL, TTS_GENDER_UNKNOWN},
};

static tts_gender gender_of_word(const word *w, const gendered_word *list)
{
    for (; list->word != NULL; list++)
        if (word_is(w, list->word))
            return list->gender;
    return TTS_GENDER_UNKNOWN;
}

typedef struct gender_votes {
    int male, female;
} gender_votes;

static void vote(gender_votes *votes, tts_gender gender)
{
    votes->male += gender == TTS_GENDER_MALE;
    votes->female += gender == TTS_GENDER_FEMALE;
}

/* Agreeing evidence stands; contradicting evidence cancels out. */
static tts_gender unanimous(const gender_votes *votes)
{
    if (votes->male > 0 && votes->female == 0)
        return TTS_GENDER_MALE;
    if (votes->female > 0 && votes->male == 0)
        return TTS_GENDER_FEMALE;
    return TTS_GENDER_UNKNOWN;
}

static void vote_label(gender_votes *votes, const char *label)
{
    size_t position = 0;
    word w;
    for (bool first = true; next_word(label, &position, &w); first = false) {
        if (first)
            vote(votes, gender_of_word(&w, titles));
        vote(votes, gender_of_word(&w, role_words));
    }
}

/* Titles and role words in the speaker's labels and role. */
static tts_gender gender_from_labels(const tts_speaker *speaker)
{
    gender_votes votes = {0, 0};
    vote_label(&votes, speaker->name);
    for (size_t a = 0; a < speaker->alias_count; a++)
        vote_label(&votes, speaker->aliases[a]);
    if (speaker->role != NULL)
        vote_label(&votes, speaker->role);
    return unanimous(&votes);
}

/* The first word of the name that is not a title, looked up in the table:
 * its P(female), or -1 when the table lacks it. */
static double female_share_of_first_name(const tts_palette_data *data, const tts_speaker *speaker)
{
    size_t position = 0;
    word w;
    while (next_word(speaker->name, &position, &w)) {
        if (gender_of_word(&w, titles) != TTS_GENDER_UNKNOWN)
            continue;
        double female;
        return word_capitalized(&w) && !word_in(&w, not_names) &&
                       tts_cast_first_name_female(data, w.start, w.length, &female)
                   ? female
                   : -1;
    }
    return -1;
}

static tts_gender gender_of_share(double female)
{
    if (female >= CAST_NAME_CONFIDENCE)
        return TTS_GENDER_FEMALE;
    if (female >= 0 && 1.0 - female >= CAST_NAME_CONFIDENCE)
        return TTS_GENDER_MALE;
    return TTS_GENDER_UNKNOWN;
}

static const char *const male_pronouns[] = {"he", "him", "his", "himself", NULL};
static const char *const female_pronouns[] = {"she", "her", "hers", "herself", NULL};
/* "Mr. Greene", "Ms. Walsh": a title says more than a pronoun, which may be
 * someone else's; one counts as two pronouns. */
static const char *const male_titles[] = {"mr", "mister", NULL};
static const char *const female_titles[] = {"mrs", "ms", "miss", NULL};
#define TITLE_VOTES 2

/* Pronoun window after a mention: this many words, at most into the next
 * sentence, and it ends at someone else's name, where the pronouns may be
 * theirs. */
#define PRONOUN_WINDOW_WORDS 15

/* Counts he/she pronouns after the names of speakers still of unknown
 * gender, in a turn spoken by `turn_speaker` (who is not counted). A word
 * that names several speakers says nothing about any of them. */
static void vote_pronouns(const name_index *index, const turn_words *words, const char *text,
                          int turn_speaker, const bool *unknown, gender_votes *votes)
{
    for (size_t i = 0; i < words->count; i++) {
        size_t speaker = named_speaker(index, &words->items[i]);
        if (speaker == NAME_NONE || speaker == NAME_SHARED || !unknown[speaker])
            continue;
        /* "Mr. Greene", even in a vocative and in one's own turn. */
        const word *previous = i > 0 ? &words->items[i - 1].word : NULL;
        const char *gap = previous ? previous->start + previous->length : NULL;
        if (previous && (strncmp(gap, ". ", 2) == 0 ? gap + 2 : gap + 1) ==
                            words->items[i].word.start) {
            votes[speaker].male += TITLE_VOTES * word_in(previous, male_titles);
            votes[speaker].female += TITLE_VOTES * word_in(previous, female_titles);
        }
        /* A full name is one mention, and "here, Mark Eiglarsh." is said to him. */
        const word *name = &words->items[i].word;
        const char *end = name->start + name->length;
        if (i + 1 < words->count && named_speaker(index, &words->items[i + 1]) == speaker &&
            end + 1 == words->items[i + 1].word.start) {
            end = words->items[i + 1].word.start + words->items[i + 1].word.length;
            i++;
        }
        if ((int)speaker == turn_speaker || is_vocative_span(text, name->start, end))
            continue;
        int sentences = 0;
        for (size_t j = i + 1; j < words->count && j <= i + PRONOUN_WINDOW_WORDS; j++) {
            const turn_word *next = &words->items[j];
            size_t named = named_speaker(index, next);
            sentences += next->sentence_before;
            if (sentences >= 2 ||
                (named != speaker && (next->first_name || named != NAME_NONE)))
                break;
            votes[speaker].male += word_in(&next->word, male_pronouns);
            votes[speaker].female += word_in(&next->word, female_pronouns);
        }
    }
}

/* One stray pronoun proves little; a clear majority of several does. */
static tts_gender gender_from_pronoun_votes(const gender_votes *votes)
{
    if (votes->male >= 2 && votes->female * 3 <= votes->male)
        return TTS_GENDER_MALE;
    if (votes->female >= 2 && votes->male * 3 <= votes->female)
        return TTS_GENDER_FEMALE;
    return TTS_GENDER_UNKNOWN;
}

static tts_status guess_genders(const tts_palette_data *data, tts_script *script,
                                const name_index *index, turn_words *words, tts_error *err)
{
    size_t count = script->speaker_count;
    bool *unknown = calloc(count, sizeof *unknown);
    gender_votes *votes = calloc(count, sizeof *votes);
    tts_status status = TTS_OK;
    if (unknown == NULL || votes == NULL)
        status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory guessing genders");
    bool any = false;
    /* Evidence in order of trust: what the input or a label says ("MS.",
     * "UNIDENTIFIED FEMALE"), then what the page says of the person
     * (titles, pronouns), then how people of that first name usually are. */
    for (size_t s = 0; s < count && status == TTS_OK; s++) {
        tts_speaker *speaker = &script->speakers[s];
        speaker->female_share = female_share_of_first_name(data, speaker);
        if (speaker->gender != TTS_GENDER_UNKNOWN) {
            speaker->gender_basis = speaker->gender_basis ? speaker->gender_basis : "input";
        } else if ((speaker->gender = gender_from_labels(speaker)) != TTS_GENDER_UNKNOWN) {
            speaker->gender_basis = "label";
        }
        unknown[s] = speaker->gender == TTS_GENDER_UNKNOWN;
        any = any || unknown[s];
    }
    for (size_t t = 0; any && t < script->turn_count && status == TTS_OK; t++) {
        const tts_turn *turn = &script->turns[t];
        if (!tokenize(data, turn->text, words))
            status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory guessing genders");
        else
            vote_pronouns(index, words, turn->text, turn->speaker, unknown, votes);
    }
    for (size_t s = 0; s < count && status == TTS_OK; s++) {
        tts_speaker *speaker = &script->speakers[s];
        if (!unknown[s])
            continue;
        if ((speaker->gender = gender_from_pronoun_votes(&votes[s])) != TTS_GENDER_UNKNOWN)
            speaker->gender_basis = "page";
        else if ((speaker->gender = gender_of_share(speaker->female_share)) != TTS_GENDER_UNKNOWN)
            speaker->gender_basis = "name table";
        else
            speaker->gender_basis = "none";
    }
    free(unknown);
    free(votes);
    return status;
}

tts_status tts_cast_identify(const tts_palette *palette, tts_script *script, tts_error *err)
{
    tts_palette_data *data = palette->data;
    if (script->speaker_count == 0)
        return TTS_OK;
    if (data != NULL) {
        tts_status status = tts_cast_first_names_load(data, err);
        if (status != TTS_OK)
            return status;
    }
    name_index index = {NULL, 0};
    turn_words words = {NULL, 0, 0};
    tts_status status = TTS_OK;
    if (!index_names(script, &index))
        status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory naming speakers");
    if (status == TTS_OK)
        status = complete_names(data, script, &index, &words, err);
    /* Renaming freed the old names the index pointed into. */
    free(index.keys);
    if (status == TTS_OK && !index_names(script, &index))
        status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory guessing genders");
    if (status == TTS_OK)
        status = guess_genders(data, script, &index, &words, err);
    free(index.keys);
    free(words.items);
    return status;
}
