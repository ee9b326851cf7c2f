/* transcript.c: story blocks -> script. Finds the title and where the
 * transcript starts, believes only the label shapes the document really
 * uses, turns production cues into cues and leaves site boilerplate unspoken. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/grow.h"
#include "util/strbuf.h"

/* One paragraph of the story (a line of text, or a block of a page),
 * possibly a slice of a longer block. */
typedef struct paragraph {
    char *text;            /* owned */
    size_t source_offset;
    tts_block_kind kind;
    bool blank_before;     /* a paragraph break (not a wrapped line) precedes it */
    label_shape shape;     /* of the label it starts with, after any cues */
    bool label_alone;      /* a name label on a line of its own, after a paragraph break,
                              with the speech on the lines under it */
} paragraph;

/* Whole lines of site furniture, compared without case. A line that starts
 * with one of the `prefix` entries is furniture too. */
static const char *const boilerplate_lines[] = {
    "Play Live Radio", "Next Up:", "Available On Air Stations", "More News", "Listen",
    "Listen Live", "Share", "Subscribe", "Donate", "Sign up", "Sign in", "Log in", "Menu",
    "Search", "Close", "Skip to main content", "Advertisement", "Read more", "Related Stories",
    "Transcript", "Download", "Embed", "Email", "Facebook", "Twitter", "Print",
};
static const char *const boilerplate_prefixes[] = {
    "Support nonprofit", "Support public service journalism", "Give now", "Sign up for",
    "Subscribe to our", "Listen on NPR", "Accessibility links", "Transcript below",
    "Return to Transcripts main page", "THIS IS A RUSH TRANSCRIPT",
};

/* Where a transcript ends: text from the marker on is not spoken. */
static const char *const end_markers[] = {
    "Transcript provided by NPR", "Copyright NPR.", "Copyright National Public Radio",
    "*** END OF THE PROJECT GUTENBERG", "*** END OF THIS PROJECT GUTENBERG",
};
static const char *const end_paragraph_prefixes[] = {
    "Copyright \xC2\xA9", "Copyright (c)", "\xC2\xA9", "NPR transcripts are created",
    "This article was written by", "Copyright 19", "Copyright 20", "All rights reserved",
};

/* A page's end matter after the last turn: share buttons, the tweet text,
 * transcript notes, the copyright line. Said once the speakers are done,
 * they would sound like the last speaker's words; before that, a
 * "Transcript:" is a heading and "Share this with ..." may be speech. */
static const char *const end_matter_prefixes[] = {
    "Tweet:", "Tweet this", "Share:", "Share this", "Share on ", "Transcript:",
    "This transcript was", "This transcript has been", "This transcript may",
    "This is a rush transcript", "All rights reserved", "\xC2\xA9",
};

static bool starts_with_ci(const char *text, const char *prefix)
{
    return strncasecmp(text, prefix, strlen(prefix)) == 0;
}

static size_t word_count(const char *text)
{
    size_t words = 0;
    bool in_word = false;
    for (const char *p = text; *p; p++) {
        bool space = isspace((unsigned char)*p);
        if (!space && !in_word)
            words++;
        in_word = !space;
    }
    return words;
}

static bool is_boilerplate(const char *text)
{
    for (size_t i = 0; i < sizeof boilerplate_lines / sizeof boilerplate_lines[0]; i++)
        if (strcasecmp(text, boilerplate_lines[i]) == 0)
            return true;
    for (size_t i = 0; i < sizeof boilerplate_prefixes / sizeof boilerplate_prefixes[0]; i++)
        if (starts_with_ci(text, boilerplate_prefixes[i]))
            return true;
    /* Audio player clocks: "0:00 0:00", "1:23 / 4:56". */
    bool clock = *text != '\0';
    for (const char *p = text; *p; p++)
        if (!(isdigit((unsigned char)*p) || *p == ':' || *p == ' ' || *p == '/'))
            clock = false;
    return clock;
}

static bool is_url(const char *word)
{
    return starts_with_ci(word, "http://") || starts_with_ci(word, "https://") ||
           starts_with_ci(word, "www.");
}

/* A rule ("----", "* * *"), or a line that is only links with a few words
 * around them ("paper https://..."): a reference, not something to say. */
static bool is_separator_or_link(const char *text)
{
    bool separator = *text != '\0';
    for (const char *p = text; *p; p++)
        if (!strchr("-=*_~# ", *p))
            separator = false;
    if (separator)
        return true;
    size_t urls = 0, words = 0;
    for (const char *p = text; *p;) {
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        urls += is_url(p) || (*p == '<' && is_url(p + 1));
        words++;
        while (*p && *p != ' ')
            p++;
    }
    return urls > 0 && words - urls <= 3;
}

/* The last character that ends a sentence, looking past closing quotes. */
static bool ends_sentence(const char *text)
{
    size_t length = strlen(text);
    while (length > 0 && strchr("\"')]\xE2\x80\x9D\x99", text[length - 1]))
        length--;
    return length > 0 && strchr(".!?:;", text[length - 1]) != NULL;
}

/* Speech that stops mid-phrase ("This is") with no punctuation at all. */
static bool ends_unfinished(const char *text, size_t length)
{
    while (length > 0 && text[length - 1] == ' ')
        length--;
    return length > 0 && isalnum((unsigned char)text[length - 1]);
}

static bool is_title_like(const char *text)
{
    size_t words = word_count(text);
    return words >= 2 && words <= 20 && strlen(text) <= 160 && !ends_sentence(text);
}

static bool is_prose(const char *text)
{
    return word_count(text) >= 8 || (word_count(text) >= 3 && ends_sentence(text));
}

/* "BEGIN VIDEO CLIP" / "END VIDEOTAPE" standing alone (older CNN pages). */
static size_t clip_marker_length(const char *text)
{
    if (!starts_with_ci(text, "BEGIN ") && !starts_with_ci(text, "END "))
        return 0;
    size_t words = 0;
    size_t i = 0;
    for (; text[i]; i++) {
        if (islower((unsigned char)text[i]) || i > 40)
            return 0;
        words += text[i] == ' ';
    }
    return words <= 3 ? i : 0;
}

size_t tts_transcript_cue_length(const char *text)
{
    if (text[0] != '(' && text[0] != '[')
        return clip_marker_length(text);
    char close = text[0] == '(' ? ')' : ']';
    size_t letters = 0;
    size_t i = 1;
    for (; text[i] && text[i] != close; i++) {
        if (islower((unsigned char)text[i]) || i > 400)
            return 0;
        letters += isupper((unsigned char)text[i]) != 0;
    }
    if (text[i] != close || letters < 3)
        return 0;
    return i + 1;
}

/* Where text reaches an end-of-transcript marker (the marker and all after
 * it are not spoken), or NULL; after the last label, end matter ends it too. */
static char *find_end_marker(char *text, bool after_last_label)
{
    for (size_t i = 0; after_last_label && i < sizeof end_matter_prefixes /
                                                   sizeof end_matter_prefixes[0]; i++)
        if (starts_with_ci(text, end_matter_prefixes[i]))
            return text;
    /* "Copyright Example Radio. All rights reserved." (a year is below). */
    if (after_last_label && starts_with_ci(text, "Copyright ") &&
        strcasestr(text, "All rights reserved") != NULL)
        return text;
    for (size_t i = 0; i < sizeof end_markers / sizeof end_markers[0]; i++) {
        char *found = strcasestr(text, end_markers[i]);
        if (found != NULL)
            return found;
    }
    for (size_t i = 0; i < sizeof end_paragraph_prefixes / sizeof end_paragraph_prefixes[0]; i++)
        if (starts_with_ci(text, end_paragraph_prefixes[i]))
            return text;
    return NULL;
}

/* Where a one-line page runs turns together, a new paragraph starts: at an
 * upper-case label after a sentence ("... wildfire. BOBBY ALLYN, BYLINE: The"),
 * and at a cue after a sentence or before a label ("going, (END VIDEO CLIP) ERIN"). */
static bool splits_here(const char *text, size_t i)
{
    if (text[i - 1] != ' ')
        return false;
    /* Caption chevrons: ">> host: how did ... country? >> caller: i came". */
    if (text[i] == '>' && text[i + 1] == '>' && text[i + 2] == ' ')
        return true;
    bool after_sentence = strchr(".?!\"", text[i - 2]) != NULL;
    label found;
    if (isupper((unsigned char)text[i]) && after_sentence && tts_label_parse(text + i, &found) &&
        found.shape == LABEL_UPPER && strlen(found.name) >= 3 && !found.ends_in_period)
        return true;
    size_t cue = (text[i] == '(' || text[i] == '[') ? tts_transcript_cue_length(text + i) : 0;
    if (cue == 0)
        return false;
    return after_sentence || (text[i + cue] == ' ' && tts_label_parse(text + i + cue + 1, &found) &&
                              found.shape == LABEL_UPPER);
}

typedef struct paragraph_list {
    paragraph *items;
    size_t count, capacity;
} paragraph_list;

static void paragraph_list_free(paragraph_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i].text);
    free(list->items);
}

/* "  • AMNA NAWAZ: Good evening.": caption sites and pasted web pages
 * keep a list's bullets as characters; a bullet is a list item's mark (an
 * HTML list loses it the same way), and the label starts after it. Returns
 * the bytes up to the item's text, or 0. */
static size_t list_bullet_length(const char *text, size_t length)
{
    static const char *const bullets[] = {
        "\xE2\x80\xA2", /* bullet */
        "\xE2\x97\xA6", /* white bullet */
        "\xE2\x96\xAA", /* small black square */
        "\xC2\xB7",     /* middle dot */
    };
    size_t i = strspn(text, " \t");
    for (size_t b = 0; b < sizeof bullets / sizeof bullets[0]; b++) {
        size_t n = strlen(bullets[b]);
        if (i + n < length && strncmp(text + i, bullets[b], n) == 0 &&
            (text[i + n] == ' ' || text[i + n] == '\t'))
            return i + n + strspn(text + i + n, " \t");
    }
    return 0;
}

static bool add_paragraph(paragraph_list *list, const tts_block *block, size_t start, size_t end,
                          bool blank_before)
{
    if (!TTS_GROW(list->items, list->capacity, list->count + 1, 64))
        return false;
    paragraph *p = &list->items[list->count];
    start += list_bullet_length(block->text + start, end - start);
    p->text = tts_strndup(block->text + start, end - start);
    if (p->text == NULL)
        return false;
    tts_collapse_whitespace(p->text);
    p->source_offset = block->source_offset + start;
    p->kind = block->kind;
    p->blank_before = blank_before;
    p->shape = LABEL_NONE;
    p->label_alone = false;
    list->count++;
    return true;
}

static tts_status split_paragraphs(const char *name, const tts_document *document, bool lines,
                                   paragraph_list *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    bool blank = true;
    label found;
    for (size_t b = 0; b < document->block_count; b++) {
        const tts_block *block = &document->blocks[b];
        const char *text = block->text;
        if (*text == '\0') {
            blank = true;
            continue;
        }
        size_t start = 0, length = strlen(text);
        bool splittable = block->kind == TTS_BLOCK_PARAGRAPH || block->kind == TTS_BLOCK_QUOTE;
        /* Never inside the label a paragraph starts with ("HOLDER, U.S. ATTORNEY GENERAL:"). */
        size_t i = tts_label_parse(text, &found) ? found.length : 0;
        for (i = i > 2 ? i : 2; splittable && i < length; i++) {
            if (!splits_here(text, i))
                continue;
            /* "... rose fast. II. UNIDENTIFIED FEMALE:": the number stays behind. */
            bool labelled = tts_label_parse(text + i, &found);
            size_t at = labelled ? i + found.prefix : i;
            if (!add_paragraph(out, block, start, at, blank || start > 0 || !lines))
                goto out_of_memory;
            blank = false;
            start = at;
            if (labelled)
                i += found.length - 1;
        }
        if (!add_paragraph(out, block, start, length, blank || start > 0 || !lines))
            goto out_of_memory;
        /* Headings and list items are never wrapped lines of the next paragraph. */
        blank = block->kind != TTS_BLOCK_PARAGRAPH;
    }
    return TTS_OK;
out_of_memory:
    paragraph_list_free(out);
    return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
}

/* "BRYAN MCKUNE, Manager of Pilot Development," / "Alaska Airlines: It's
 * being ...": a hard-wrapped page breaks a long label's role across lines.
 * A line that starts a name-and-role label the next (wrapped) line closes
 * is one paragraph with it, so the label is read whole. False when out of
 * memory. */
static bool join_wrapped_labels(paragraph_list *list)
{
    label found;
    for (size_t i = 0; i + 1 < list->count; i++) {
        paragraph *p = &list->items[i], *next = &list->items[i + 1];
        size_t length = strlen(p->text);
        if (next->blank_before || p->kind != TTS_BLOCK_PARAGRAPH ||
            next->kind != TTS_BLOCK_PARAGRAPH || length == 0 || p->text[length - 1] != ',' ||
            !isupper((unsigned char)p->text[0]) || tts_label_parse(p->text, &found))
            continue;
        size_t joined_length = length + 1 + strlen(next->text);
        char *joined = malloc(joined_length + 1);
        if (joined == NULL)
            return false;
        memcpy(joined, p->text, length);
        joined[length] = ' ';
        memcpy(joined + length + 1, next->text, joined_length - length);
        if (!tts_label_parse(joined, &found) || found.shape != LABEL_UPPER || !found.has_role ||
            found.length <= length + 1) {
            free(joined);
            continue;
        }
        free(p->text);
        free(next->text);
        p->text = joined;
        memmove(next, next + 1, (list->count - i - 2) * sizeof *next);
        list->count--;
    }
    return true;
}

/* "ORAL ARGUMENT OF ADA OKAFOR" / "ON BEHALF OF THE PETITIONER": a line in
 * capitals that is no label and no sentence, between sentences of a record
 * written in mixed case, is a section heading (court and hearing transcripts
 * head each argument and statement so). */
static bool is_upper_heading(const char *text)
{
    size_t uppers = 0;
    for (const char *p = text; *p; p++) {
        if (islower((unsigned char)*p))
            return false;
        uppers += isupper((unsigned char)*p) != 0;
    }
    label found;
    return uppers >= 6 && word_count(text) >= 3 && !ends_sentence(text) &&
           tts_transcript_cue_length(text) == 0 && !tts_label_parse(text, &found);
}

/* In text, whose lines are paragraphs, marks such headings as headings. */
static void mark_upper_headings(paragraph_list *list)
{
    size_t lower = 0, upper = 0;
    for (size_t i = 0; i < list->count; i++)
        for (const char *p = list->items[i].text; *p; p++) {
            lower += islower((unsigned char)*p) != 0;
            upper += isupper((unsigned char)*p) != 0;
        }
    if (lower <= upper)
        return; /* a record all in capitals has no such headings */
    for (size_t i = 1; i + 1 < list->count; i++) {
        paragraph *p = &list->items[i];
        const paragraph *before = &list->items[i - 1];
        if (p->kind != TTS_BLOCK_PARAGRAPH || !is_upper_heading(p->text))
            continue;
        /* After a finished sentence or another heading: not a wrapped line. */
        if (before->kind == TTS_BLOCK_HEADING || p->blank_before || ends_sentence(before->text))
            p->kind = TTS_BLOCK_HEADING;
    }
}

static const char *skip_cues(const char *text)
{
    for (size_t cue; (cue = tts_transcript_cue_length(text)) > 0;) {
        text += cue;
        while (*text == ' ')
            text++;
    }
    return text;
}

static bool can_hold_label(tts_block_kind kind)
{
    return kind == TTS_BLOCK_PARAGRAPH || kind == TTS_BLOCK_QUOTE;
}

/* Finds every paragraph's label and counts them, and how many name labels
 * stand alone above their speech; false when out of memory. */
static bool take_census(paragraph_list *list, label_census *census, size_t *alone_labels,
                        size_t *name_labels)
{
    *alone_labels = *name_labels = 0;
    for (size_t i = 0; i < list->count; i++) {
        paragraph *p = &list->items[i];
        label found;
        const char *text = skip_cues(p->text);
        if (!can_hold_label(p->kind) || !tts_label_parse(text, &found))
            continue;
        /* "**News:**" above a list is the list's caption, not a speaker. */
        if (text[found.length] == '\0' && i + 1 < list->count &&
            !can_hold_label(list->items[i + 1].kind))
            continue;
        /* "... Please welcome" / "Dr. Ansel Marsh.": a name ending a wrapped
         * sentence, with nothing after its period, finishes that sentence. */
        if (found.ends_in_period && text[found.length] == '\0' && !p->blank_before && i > 0 &&
            !ends_sentence(list->items[i - 1].text))
            continue;
        p->shape = found.shape;
        p->label_alone = (found.shape == LABEL_UPPER || found.shape == LABEL_TITLE) &&
                         text == p->text && text[found.length] == '\0' && p->blank_before &&
                         i + 1 < list->count && !list->items[i + 1].blank_before &&
                         can_hold_label(list->items[i + 1].kind);
        (*alone_labels) += p->label_alone;
        (*name_labels) += found.shape == LABEL_UPPER || found.shape == LABEL_TITLE;
        if (!tts_label_census_add(census, &found))
            return false;
    }
    size_t recurring_title = 0;
    for (size_t i = 0; i < list->count; i++) {
        label found;
        if (list->items[i].shape == LABEL_TITLE &&
            tts_label_parse(skip_cues(list->items[i].text), &found) &&
            tts_label_census_recurs(census, &found))
            recurring_title++;
    }
    tts_label_census_decide(census, recurring_title);
    return true;
}

static bool is_person_label(label_shape shape)
{
    return shape == LABEL_UPPER || shape == LABEL_TITLE || shape == LABEL_TIMED ||
           shape == LABEL_QUESTION || shape == LABEL_ANSWER;
}

/* The first paragraph with a label the census believes; with title-case
 * labels, the first whose person speaks again (not a "Resources:" header). */
static size_t find_anchor(const paragraph_list *list, const label_census *census)
{
    for (size_t i = 0; i < list->count; i++) {
        const paragraph *p = &list->items[i];
        label found;
        if (!is_person_label(p->shape) || !tts_label_parse(skip_cues(p->text), &found) ||
            !tts_label_census_believes(census, &found))
            continue;
        if (p->shape == LABEL_TITLE && !tts_label_census_recurs(census, &found))
            continue;
        return i;
    }
    return list->count;
}

/* The first paragraph of prose; in a text too short for any, the first one
 * that is not furniture. */
static size_t first_prose(const paragraph_list *list)
{
    size_t first_text = list->count;
    for (size_t i = 0; i < list->count; i++) {
        const char *text = list->items[i].text;
        if (list->items[i].kind == TTS_BLOCK_HEADING || is_boilerplate(text) ||
            is_separator_or_link(text))
            continue;
        if (is_prose(text))
            return i;
        if (first_text == list->count)
            first_text = i;
    }
    return first_text;
}

/* Walks back from the transcript's start: prose belongs to the intro, a
 * title-like line after a paragraph break is the title, anything else is
 * page furniture. Returns the first paragraph of the intro. */
static size_t find_intro(const paragraph_list *list, size_t anchor, const char **title)
{
    size_t intro_start = anchor;
    for (size_t i = anchor; i-- > 0;) {
        const paragraph *p = &list->items[i];
        if (is_boilerplate(p->text) || is_separator_or_link(p->text) ||
            tts_transcript_cue_length(p->text))
            break;
        if (p->kind == TTS_BLOCK_HEADING && intro_start < anchor) {
            intro_start = i; /* a section heading inside the intro */
            continue;
        }
        if (is_prose(p->text) && !is_title_like(p->text)) {
            intro_start = i;
            continue;
        }
        /* A hard-wrapped intro breaks its sentences across lines; a long line
         * the intro's first line wraps from is the same paragraph, however it
         * ends ("... to introduce our guest speaker" / "today, Amy Goodman."). */
        if (i + 1 == intro_start && intro_start < anchor && !list->items[i + 1].blank_before &&
            word_count(p->text) >= 8) {
            intro_start = i;
            continue;
        }
        if (is_title_like(p->text) && p->blank_before)
            *title = p->text;
        break;
    }
    return intro_start;
}

/* ---- one person under two one-word labels ---- */

/* A play renames its hero ("MARCIUS:" until "CAIUS MARCIUS CORIOLANUS!",
 * "CORIOLANUS:" after) or labels a man by first name in one scene and by
 * surname in the next ("TITUS:", "LARTIUS:", "Titus Lartius" in the lines):
 * a name the text writes out that holds two one-word labels joins them. */
#define MAX_JOINED 32
#define JOINED_NAME 160

typedef struct joined_labels {
    char first[64], second[64];  /* the two labels' names, upper-case */
    char name[JOINED_NAME];      /* the full name as the text first writes it */
} joined_labels;

typedef struct joined_list {
    joined_labels items[MAX_JOINED];
    size_t count;
} joined_list;

static bool is_name_letter(const char *p)
{
    return isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80 ||
           ((*p == '\'' || *p == '-') && (isalpha((unsigned char)p[1]) || (unsigned char)p[1] >= 0x80));
}

/* A word that is, alone, the name of a label the document uses. */
static bool is_one_word_label(const label_census *census, const char *word, size_t length,
                              char *key, size_t size)
{
    static const char *const not_names[] = {"ALL", "BOTH", "FIRST", "SECOND", "THIRD", "YOUNG",
                                            "OLD", "ANOTHER", "THE", "A", "AN"};
    if (length == 0 || length >= size)
        return false;
    tts_label_upper_key(key, size, word, length);
    for (size_t i = 0; i < sizeof not_names / sizeof not_names[0]; i++)
        if (strcmp(key, not_names[i]) == 0)
            return false;
    return tts_label_census_name_count(census, key) > 0;
}

static void note_run(const label_census *census, const char *run, size_t length,
                     const char *const *words, const size_t *lengths, size_t count,
                     joined_list *joined)
{
    char run_key[JOINED_NAME];
    if (count < 2 || length >= JOINED_NAME)
        return;
    tts_label_upper_key(run_key, sizeof run_key, run, length);
    if (tts_label_census_name_count(census, run_key) > 0)
        return; /* "All Citizens" is a label of its own */
    char keys[2][64];
    size_t found = 0;
    for (size_t w = 0; w < count && found < 3; w++) {
        char key[64];
        if (!is_one_word_label(census, words[w], lengths[w], key, sizeof key))
            continue;
        if (found < 2)
            memcpy(keys[found], key, sizeof key);
        found++;
    }
    if (found != 2 || strcmp(keys[0], keys[1]) == 0)
        return;
    for (size_t j = 0; j < joined->count; j++)
        if ((strcmp(joined->items[j].first, keys[0]) == 0 &&
             strcmp(joined->items[j].second, keys[1]) == 0) ||
            (strcmp(joined->items[j].first, keys[1]) == 0 &&
             strcmp(joined->items[j].second, keys[0]) == 0))
            return;
    if (joined->count == MAX_JOINED)
        return;
    joined_labels *item = &joined->items[joined->count++];
    memcpy(item->first, keys[0], sizeof item->first);
    memcpy(item->second, keys[1], sizeof item->second);
    memcpy(item->name, run, length);
    item->name[length] = '\0';
}

/* Runs of two to four capitalized words, one space apart, in the text. */
static void find_joined_labels(const paragraph_list *list, const label_census *census,
                               joined_list *joined)
{
    joined->count = 0;
    for (size_t i = 0; i < list->count; i++) {
        const char *text = list->items[i].text;
        const char *words[5];
        size_t lengths[5], count = 0;
        const char *p = text;
        while (*p) {
            if (!is_name_letter(p)) {
                p++;
                continue;
            }
            const char *start = p;
            while (*p && is_name_letter(p))
                p++;
            size_t bytes;
            bool capital = tts_parse_letter_at(start, (size_t)(p - start), &bytes) ==
                           TTS_PARSE_UPPER;
            bool joins = count > 0 && words[count - 1] + lengths[count - 1] + 1 == start &&
                         start[-1] == ' ';
            if (!capital || !joins || count == 5) {
                if (count <= 4)
                    note_run(census, words[0], count ? (size_t)(words[count - 1] +
                             lengths[count - 1] - words[0]) : 0, words, lengths, count, joined);
                count = 0;
            }
            if (capital) {
                words[count] = start;
                lengths[count++] = (size_t)(p - start);
            }
        }
        if (count >= 2 && count <= 4)
            note_run(census, words[0], (size_t)(words[count - 1] + lengths[count - 1] - words[0]),
                     words, lengths, count, joined);
    }
}

/* Whether speakers a and b ever answer each other: two people do; one
 * person under two names never speaks right after himself. */
static bool answer_each_other(const tts_script *script, int a, int b)
{
    int previous = TTS_NARRATOR;
    for (size_t t = 0; t < script->turn_count; t++) {
        const tts_turn *turn = &script->turns[t];
        if (turn->kind != TTS_TURN_SPEECH || turn->speaker == TTS_NARRATOR)
            continue;
        if ((previous == a && turn->speaker == b) || (previous == b && turn->speaker == a))
            return true;
        previous = turn->speaker;
    }
    return false;
}

static tts_status join_labels(speaker_resolver *resolver, const joined_list *joined,
                              tts_error *err)
{
    tts_status status = TTS_OK;
    for (size_t j = 0; j < joined->count && status == TTS_OK; j++) {
        int a = tts_parse_speaker_find(resolver, joined->items[j].first);
        int b = tts_parse_speaker_find(resolver, joined->items[j].second);
        if (a < 0 || b < 0 || a == b || answer_each_other(resolver->script, a, b))
            continue;
        status = tts_parse_speaker_merge(resolver, a < b ? a : b, a < b ? b : a,
                                         joined->items[j].name, err);
    }
    return status;
}

/* ---- initials the text introduces ---- */

/* "my colleague Bob Brown (BB) will join me": the initials a later "BB:"
 * label goes by. The capitalized words right before the parenthesis whose
 * first letters spell the initials are the name. */
#define MAX_INTRODUCED 16

typedef struct introduced_initials {
    char initials[4];
    char name[96];
} introduced_initials;

typedef struct introduced_list {
    introduced_initials items[MAX_INTRODUCED];
    size_t count;
} introduced_list;

static void note_introduction(const char *text, size_t open, introduced_list *out)
{
    size_t letters = 0;
    while (letters < 4 && isupper((unsigned char)text[open + 1 + letters]))
        letters++;
    if (letters < 2 || letters > 3 || text[open + 1 + letters] != ')' || open == 0 ||
        text[open - 1] != ' ' || out->count == MAX_INTRODUCED)
        return;
    /* Walk back one capitalized word per initial. */
    size_t start = open - 1;
    for (size_t k = letters; k-- > 0;) {
        size_t end = start;
        while (start > 0 && text[start - 1] != ' ')
            start--;
        if (start == end || text[start] != text[open + 1 + k])
            return;
        for (size_t i = start; i < end; i++)
            if (!isalpha((unsigned char)text[i]) && text[i] != '\'' && text[i] != '-' &&
                (unsigned char)text[i] < 0x80)
                return;
        if (k > 0) {
            if (start == 0)
                return;
            start--; /* the space before the word */
        }
    }
    size_t length = open - 1 - start;
    introduced_initials *item = &out->items[out->count];
    if (length >= sizeof item->name)
        return;
    for (size_t i = 0; i < out->count; i++)
        if (strncmp(out->items[i].initials, text + open + 1, letters) == 0 &&
            out->items[i].initials[letters] == '\0')
            return; /* the first introduction holds */
    memcpy(item->initials, text + open + 1, letters);
    item->initials[letters] = '\0';
    memcpy(item->name, text + start, length);
    item->name[length] = '\0';
    out->count++;
}

static void find_introduced_initials(const paragraph_list *list, introduced_list *out)
{
    out->count = 0;
    for (size_t i = 0; i < list->count; i++)
        for (const char *p = strchr(list->items[i].text, '('); p != NULL; p = strchr(p + 1, '('))
            note_introduction(list->items[i].text, (size_t)(p - list->items[i].text), out);
}

static const char *introduced_name(const introduced_list *list, const char *initials)
{
    for (size_t i = 0; list != NULL && i < list->count; i++)
        if (strcmp(list->items[i].initials, initials) == 0)
            return list->items[i].name;
    return NULL;
}

/* Builds the turns, joining wrapped lines of one speaker into one turn. */
typedef struct emitter {
    tts_script *script;
    speaker_resolver resolver;
    tts_strbuf open;         /* text of the turn being built */
    int open_speaker;
    size_t open_offset;
    bool is_open;
    bool last_unfinished;    /* the last speech stopped mid-phrase */
    int last_speaker;
} emitter;

static tts_status close_turn(emitter *out, tts_error *err)
{
    if (!out->is_open)
        return TTS_OK;
    out->is_open = false;
    tts_status status = tts_script_add_turn(out->script, out->open_speaker, TTS_TURN_SPEECH,
                                            out->open.data, out->open.length, out->open_offset,
                                            err);
    out->open.length = 0;
    return status;
}

static tts_status emit_speech(emitter *out, int speaker, const char *text, size_t offset,
                              bool continues_line, tts_error *err)
{
    bool join = out->is_open && out->open_speaker == speaker && continues_line;
    if (!join) {
        tts_status status = close_turn(out, err);
        if (status != TTS_OK)
            return status;
    }
    if ((join && !tts_strbuf_append_char(&out->open, ' ')) ||
        !tts_strbuf_append_string(&out->open, text))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory adding a turn");
    if (!join) {
        out->is_open = true;
        out->open_speaker = speaker;
        out->open_offset = offset;
    }
    out->last_speaker = speaker;
    out->last_unfinished = ends_unfinished(text, strlen(text));
    return TTS_OK;
}

/* "... She's following this story -- Elaine" + "ELAINE QUIJANO, CNN
 * CORRESPONDENT: Good afternoon": an anchor hands over by the next speaker's
 * first name, with no stop after it; the speech is finished, and the label
 * that first name opens is a new turn. */
static bool hands_over_to(const emitter *out, const label *found)
{
    const char *text = out->open.data;
    size_t end = out->open.length;
    while (end > 0 && text[end - 1] == ' ')
        end--;
    size_t start = end;
    while (start > 0 && isalpha((unsigned char)text[start - 1]))
        start--;
    size_t first = strcspn(found->name, " ");
    return end > start && end - start == first && first >= 2 &&
           strncasecmp(text + start, found->name, first) == 0 && found->name[first] == ' ';
}

static tts_status emit_cue(emitter *out, int speaker, const char *text, size_t length,
                           size_t offset, tts_error *err)
{
    tts_status status = close_turn(out, err);
    if (status == TTS_OK)
        status = tts_script_add_turn(out->script, speaker, TTS_TURN_CUE, text, length, offset, err);
    return status;
}

typedef struct transcript_state {
    const transcript_hints *hints;
    const label_census *census;
    emitter out;
    int current;         /* who an unlabeled paragraph continues */
    int lecturer;        /* the one speaker the page names, or -1 */
    const introduced_list *introduced; /* initials the text gives a name, or NULL */
    bool label_lines;    /* most labels stand alone above their speech (plays cut as
                            "Name:" lines): such a line is a label even said once */
    bool after_label;    /* the next text starts a new turn */
} transcript_state;

/* The person a believed label names: Q/A become the interviewer and the
 * guest (named when the page names them); a role with a known name glued
 * on ("... POST." COSTELLO) is that name's. */
static tts_status resolve_label(transcript_state *state, const label *found, int *speaker,
                                tts_error *err)
{
    const transcript_hints *hints = state->hints;
    const char *name = found->name, *role = found->role;
    if (found->shape == LABEL_QUESTION)
        name = hints->host ? hints->host : state->lecturer >= 0 ? "Audience" : "Interviewer";
    else if (found->shape == LABEL_ANSWER)
        name = hints->speaker_count == 1 ? hints->speakers[0] : "Guest";
    else if (tts_label_is_initials(found) && introduced_name(state->introduced, found->name))
        name = introduced_name(state->introduced, found->name);
    else if (found->role_tail[0] &&
             tts_label_census_name_count(state->census, found->role_tail) > 0) {
        name = found->role_tail;
        role = ""; /* the role belongs to the lost label before it */
    }
    tts_status status = tts_speaker_resolve(&state->out.resolver, name, found->raw, role, speaker,
                                        err);
    if (status == TTS_OK && found->initials[0])
        status = tts_parse_speaker_add_initials(&state->out.resolver, *speaker,
                                                found->initials, err);
    return status;
}

/* Length of "[07:50]" or "(07:50)" at text, or 0. */
static size_t bracketed_timestamp_length(const char *text)
{
    if (text[0] != '[' && text[0] != '(')
        return 0;
    size_t stamp = tts_label_timestamp_length(text + 1);
    char close = text[0] == '[' ? ']' : ')';
    return stamp > 0 && text[1 + stamp] == close ? stamp + 2 : 0;
}

/* Records text[0, length) of paragraph p as not spoken. */
static tts_status unspoken(transcript_state *state, const paragraph *p, const char *text,
                           size_t length, tts_unspoken_reason reason, tts_error *err)
{
    return tts_script_add_unspoken(state->out.script, p->source_offset + (size_t)(text - p->text),
                                   text, length, reason, err);
}

/* Removes the times a transcript marks its speech with ("[00:00:05] My
 * name is", "... start (00:46): podcasting") from `text`, which lies inside
 * p->text, in place: a time in brackets is never part of what was said.
 * Times in running prose ("at 10:30") stay. */
static tts_status drop_timestamps(transcript_state *state, const paragraph *p, char *text,
                                  tts_error *err)
{
    if (*text == '\0')
        return TTS_OK; /* read_labels may leave a literal "" */
    char *write = text;
    bool removed = false;
    tts_status status = TTS_OK;
    /* Reading runs ahead of writing, so `read` still points at the original text. */
    for (const char *read = text; *read && status == TTS_OK;) {
        size_t stamp = (read == text || read[-1] == ' ') ? bracketed_timestamp_length(read) : 0;
        if (stamp > 0 && (read[stamp] == ' ' || read[stamp] == ':' || read[stamp] == '\0')) {
            stamp += read[stamp] == ':';
            status = unspoken(state, p, read, stamp, TTS_UNSPOKEN_TIMESTAMP, err);
            read += stamp;
            removed = true;
            continue;
        }
        *write++ = *read++;
    }
    *write = '\0';
    if (removed)
        tts_collapse_whitespace(text);
    return status;
}

/* A paragraph that is only a time: "0:30" under a <cite> name, "[00:12]". */
static bool is_only_timestamp(const char *text)
{
    size_t stamp = tts_label_timestamp_length(text);
    if (stamp == 0)
        stamp = bracketed_timestamp_length(text);
    return stamp > 0 && text[stamp] == '\0';
}

/* Reads the labels and cues at the start of a transcript paragraph, then
 * its text; returns the rest to be spoken in *rest. */
static tts_status read_labels(transcript_state *state, const paragraph *p, const char **rest,
                              tts_error *err)
{
    const char *text = p->text;
    int cue_speaker = TTS_NARRATOR;
    bool labelled = false;
    tts_status status = TTS_OK;
    for (;;) {
        size_t cue = tts_transcript_cue_length(text);
        if (cue > 0) {
            status = emit_cue(&state->out, cue_speaker, text, cue, p->source_offset, err);
            if (status != TTS_OK)
                return status;
            text += cue;
            while (*text == ' ')
                text++;
            continue;
        }
        label found;
        if (labelled || p->shape == LABEL_NONE || !tts_label_parse(text, &found))
            break;
        /* Where the labels stand alone on their lines, "Gentlewoman:" so,
         * heard once, is a speaker all the same: a verse line ending in a
         * colon ("Hear me speak:") never follows a paragraph break. */
        bool alone = state->label_lines && p->label_alone && text == p->text;
        if (!alone && !tts_label_census_believes(state->census, &found))
            break;
        labelled = true;
        if (found.shape == LABEL_NOT_SPEAKER) {
            /* "Break:" between turns, "Editor's note: ..." in the narrator's voice. */
            const char *after = text + found.length;
            if (*after == '\0' || bracketed_timestamp_length(after) == strlen(after)) {
                status = emit_cue(&state->out, TTS_NARRATOR, found.raw, strlen(found.raw),
                                  p->source_offset, err);
                /* The time the break starts ("Break: [15:45]") is not said. */
                if (status == TTS_OK && *after != '\0')
                    status = unspoken(state, p, after, strlen(after), TTS_UNSPOKEN_TIMESTAMP,
                                      err);
            }
            else if (tts_label_is_sound_part(&found))
                /* "SFX: Door slams." is heard, not said. */
                status = emit_cue(&state->out, TTS_NARRATOR, text, strlen(text),
                                  p->source_offset, err);
            else
                status = emit_speech(&state->out, TTS_NARRATOR, text, p->source_offset, false,
                                     err);
            text = "";
            break;
        }
        if (found.shape == LABEL_TIMESTAMP) {
            status = unspoken(state, p, text, found.length, TTS_UNSPOKEN_TIMESTAMP, err);
            if (status != TTS_OK)
                return status;
            text += found.length;
            state->after_label = true;
            continue;
        }
        /* "ANNOUNCER: This is" + "LOU DOBBS TONIGHT: news, ...": a label that
         * appears once, right after speech that stopped mid-phrase, is text.
         * Not a timed label: diarizers cut phrases between speakers, and a
         * time is no part of a sentence. */
        bool named = found.shape != LABEL_QUESTION && found.shape != LABEL_ANSWER &&
                     found.shape != LABEL_TIMED;
        if (named && !alone && !tts_label_census_recurs(state->census, &found) &&
            state->out.last_unfinished &&
            state->out.last_speaker != TTS_NARRATOR && state->out.is_open &&
            !hands_over_to(&state->out, &found))
            break;
        int speaker;
        status = resolve_label(state, &found, &speaker, err);
        if (status != TTS_OK)
            return status;
        state->current = cue_speaker = speaker;
        state->after_label = true;
        status = unspoken(state, p, text, found.length, TTS_UNSPOKEN_LABEL, err);
        if (status != TTS_OK)
            return status;
        text += found.length;
        /* A timestamp after the label: "**Jerod Santo:** [07:50] A whopping",
         * or the whole rest: "<cite>Name:</cite> <time>0:30</time>" (podcast
         * namespace transcripts: the words follow in their own paragraph). */
        size_t stamp = bracketed_timestamp_length(text);
        if (stamp == 0 && is_only_timestamp(text))
            stamp = strlen(text);
        if (stamp > 0) {
            status = unspoken(state, p, text, stamp, TTS_UNSPOKEN_TIMESTAMP, err);
            if (status != TTS_OK)
                return status;
            text += stamp;
            while (*text == ' ')
                text++;
        }
    }
    *rest = text;
    return status;
}

/* Why a paragraph is left out whole, or -1 when it is read. */
static int skipped_paragraph(const char *text, const char *title)
{
    if (*text == '\0')
        return -1;
    if (title != NULL && strcmp(text, title) == 0)
        return TTS_UNSPOKEN_DUPLICATE; /* the title turn says it */
    if (is_only_timestamp(text))
        return TTS_UNSPOKEN_TIMESTAMP;
    if (is_boilerplate(text) || is_separator_or_link(text))
        return TTS_UNSPOKEN_BOILERPLATE;
    return -1;
}

/* The last paragraph that starts with a speaker label read as one, or
 * list->count when none does. */
static size_t last_labelled(const transcript_state *state, const paragraph_list *list)
{
    for (size_t i = list->count; i-- > 0;) {
        const paragraph *p = &list->items[i];
        label found;
        if (!is_person_label(p->shape) || !tts_label_parse(skip_cues(p->text), &found))
            continue;
        if (tts_label_census_believes(state->census, &found) ||
            (state->label_lines && p->label_alone))
            return i;
    }
    return list->count;
}

static tts_status emit_paragraphs(transcript_state *state, paragraph_list *list, size_t from,
                                  size_t anchor, const char *title, tts_error *err)
{
    tts_status status = TTS_OK;
    /* Page furniture before the intro (the title is spoken as the title). */
    for (size_t i = 0; i < from && status == TTS_OK; i++) {
        const paragraph *p = &list->items[i];
        if (title == NULL || strcmp(p->text, title) != 0)
            status = unspoken(state, p, p->text, strlen(p->text), TTS_UNSPOKEN_BOILERPLATE, err);
    }
    size_t last_label = last_labelled(state, list);
    size_t i = from;
    for (; i < list->count && status == TTS_OK; i++) {
        paragraph *p = &list->items[i];
        /* A footer ("Transcript provided by NPR, Copyright NPR.") ends the transcript. */
        char *end = find_end_marker(p->text, last_label < list->count && i > last_label);
        bool ends = end != NULL;
        if (ends) {
            status = unspoken(state, p, end, strlen(end), TTS_UNSPOKEN_BOILERPLATE, err);
            *end = '\0';
            tts_collapse_whitespace(p->text);
        }
        const char *text = p->text;
        int skipped = skipped_paragraph(text, title);
        if (status != TTS_OK || *text == '\0' || skipped >= 0) {
            if (status == TTS_OK && skipped >= 0)
                status = unspoken(state, p, text, strlen(text), (tts_unspoken_reason)skipped, err);
            if (ends)
                break;
            continue;
        }
        if (p->kind == TTS_BLOCK_HEADING) {
            /* Section announcements: the narrator, without changing who speaks next. */
            status = emit_speech(&state->out, TTS_NARRATOR, text, p->source_offset, false, err);
            state->after_label = true;
        } else if (i < anchor && p->shape != LABEL_NOT_SPEAKER) {
            /* (A show part before the first speaker, "SFX: ...", is read below as anywhere.) */
            status = drop_timestamps(state, p, p->text, err);
            int speaker = state->lecturer >= 0 ? state->lecturer : TTS_NARRATOR;
            if (status == TTS_OK)
                status = emit_speech(&state->out, speaker, text, p->source_offset,
                                     !p->blank_before, err);
            state->current = speaker;
        } else {
            status = read_labels(state, p, &text, err);
            if (status == TTS_OK) /* text lies inside p->text, which is ours */
                status = drop_timestamps(state, p, (char *)text, err);
            if (status == TTS_OK && *text != '\0') {
                bool continues = !p->blank_before && !state->after_label;
                status = emit_speech(&state->out, state->current, text, p->source_offset,
                                     continues, err);
                state->after_label = false;
            }
        }
        if (ends)
            break;
    }
    /* After the footer: more footer. */
    for (i++; i < list->count && status == TTS_OK; i++) {
        const paragraph *p = &list->items[i];
        status = unspoken(state, p, p->text, strlen(p->text), TTS_UNSPOKEN_BOILERPLATE, err);
    }
    if (status == TTS_OK)
        status = close_turn(&state->out, err);
    return status;
}

static tts_status copy_string(char **target, const char *text, const char *name, tts_error *err)
{
    *target = tts_strndup(text, strlen(text));
    return *target ? TTS_OK : tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
}

tts_status tts_transcript_parse(const char *name, const tts_document *document,
                            const transcript_hints *hints, tts_script *out, tts_error *err)
{
    paragraph_list list;
    tts_status status = split_paragraphs(name, document, hints->lines, &list, err);
    if (status != TTS_OK)
        return status;
    if (hints->lines)
        mark_upper_headings(&list);
    if (hints->lines && !join_wrapped_labels(&list)) {
        paragraph_list_free(&list);
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
    }
    label_census *census = tts_label_census_new();
    size_t alone_labels = 0, name_labels = 0;
    if (census == NULL || !take_census(&list, census, &alone_labels, &name_labels)) {
        tts_label_census_free(census);
        paragraph_list_free(&list);
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
    }

    transcript_state state = {.hints = hints, .census = census, .current = TTS_NARRATOR,
                              .lecturer = -1,
                              .label_lines = alone_labels >= 4 && alone_labels * 4 >= name_labels * 3};
    state.out.script = out;
    state.out.last_speaker = TTS_NARRATOR;
    tts_speaker_resolver_init(&state.out.resolver, out, true);

    introduced_list *introduced = malloc(sizeof *introduced);
    if (introduced != NULL)
        find_introduced_initials(&list, introduced);
    state.introduced = introduced; /* without it, "BB:" keeps its initials */
    size_t anchor = find_anchor(&list, census);
    const char *title = NULL;
    size_t from;
    if (hints->speaker_count == 1 && tts_label_census_primary(census) == LABEL_NONE) {
        /* A talk: the one speaker the page names says what no label claims. */
        from = first_prose(&list);
        status = tts_speaker_resolve(&state.out.resolver, hints->speakers[0], NULL, "",
                                 &state.lecturer, err);
    } else {
        from = find_intro(&list, anchor < list.count ? anchor : first_prose(&list), &title);
        /* "Katina: Thank you all for coming ..." opening the intro: whoever
         * introduces the guest speaks once, labelled like the speakers after. */
        label opener, first_believed;
        if (anchor < list.count && from < anchor &&
            tts_label_parse(list.items[from].text, &opener) &&
            tts_label_parse(skip_cues(list.items[anchor].text), &first_believed) &&
            opener.shape == first_believed.shape && is_person_label(opener.shape) &&
            !opener.ends_in_period && !opener.dashed)
            anchor = from;
        if (anchor == list.count)
            anchor = 0; /* no labels: everything is the narrator's */
    }
    if (document->title != NULL)
        title = document->title;
    else if (hints->title != NULL)
        title = hints->title;
    if (status == TTS_OK && title != NULL) {
        status = copy_string(&out->title, title, name, err);
        if (status == TTS_OK)
            status = tts_script_add_turn(out, TTS_NARRATOR, TTS_TURN_TITLE, title, strlen(title),
                                         0, err);
    }
    if (status == TTS_OK && document->lang != NULL)
        status = copy_string(&out->lang, document->lang, name, err);
    if (status == TTS_OK)
        status = emit_paragraphs(&state, &list, from, anchor, title, err);
    if (status == TTS_OK) {
        joined_list *joined = malloc(sizeof *joined);
        if (joined == NULL)
            status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
        else {
            find_joined_labels(&list, census, joined);
            status = join_labels(&state.out.resolver, joined, err);
            free(joined);
        }
    }

    free(introduced);
    tts_strbuf_free(&state.out.open);
    tts_speaker_resolver_free(&state.out.resolver);
    tts_label_census_free(census);
    paragraph_list_free(&list);
    return status;
}

tts_status tts_parse_transcript(const char *name, const tts_document *document, tts_script *out,
                                tts_error *err)
{
    transcript_hints hints = {0};
    return tts_transcript_parse(name, document, &hints, out, err);
}
