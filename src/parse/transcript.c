/* transcript.c: story blocks -> script. Finds the title and the transcript,
 * reads `NAME, ROLE:` labels, merges aliases, turns (SOUNDBITE ...) into cues
 * and leaves site boilerplate (players, donation pleas, bios) unspoken. */
#include "ttsread/parse.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"

/* One paragraph of the story, possibly a slice of a longer block. */
typedef struct paragraph {
    char *text;           /* owned */
    size_t source_offset;
    bool blank_before;    /* an empty line (or the start) precedes it */
} paragraph;

typedef struct label {
    char name[256];  /* canonical, upper case, honorifics removed: "ANTHONY KUHN" */
    char raw[512];   /* the label as written, without the colon */
    char role[256];  /* "BYLINE", or "" */
    size_t length;   /* bytes up to and including ": " */
} label;

/* Words before a colon that never name a speaker. */
static const char *const not_speaker_names[] = {
    "NOTE", "UPDATE", "CORRECTION", "EDITOR'S NOTE", "EDITORS NOTE", "WARNING", "SOURCE",
    "SOURCES", "TRANSCRIPT", "BREAK", "MUSIC", "PHOTO", "CAPTION", "CREDIT", "CREDITS", "HTTP",
    "HTTPS", "AIRED", "RUSH TRANSCRIPT", "FIND US", "LINKS", "RELATED", "ADVERTISEMENT",
    "DISCLAIMER", "TAGS", "SUBSCRIBE", "COPYRIGHT", "PS", "P.S.", "FYI", "TL;DR", "TLDR", "Q", "A",
};

/* Titles dropped from the canonical name (the raw label keeps them). */
static const char *const honorifics[] = {
    "MR.", "MS.", "MRS.", "MISS", "DR.", "SEN.", "REP.", "GOV.", "GEN.", "REV.", "REVEREND",
    "SENATOR", "MAYOR", "PRESIDENT", "JUDGE", "PROF.", "PROFESSOR", "LT.", "COL.", "SGT.",
    "CAPT.", "ADM.", "AMB.", "SECRETARY", "GOVERNOR",
};

/* Whole lines of site furniture, compared without case. A line that starts
 * with one of the `prefix` entries is furniture too. */
static const char *const boilerplate_lines[] = {
    "Play Live Radio", "Next Up:", "Available On Air Stations", "More News", "Listen",
    "Listen Live", "Share", "Subscribe", "Donate", "Sign up", "Sign in", "Log in", "Menu",
    "Search", "Close", "Skip to main content", "Advertisement", "Read more", "Related Stories",
    "Transcript", "Download", "Embed", "Email", "Facebook", "Twitter", "Print",
};
static const char *const boilerplate_prefixes[] = {
    "Support nonprofit", "Support public service journalism", "Give now",
    "Sign up for", "Subscribe to our", "Listen on NPR", "Accessibility links",
};

/* Where a transcript ends: text from the marker on is not spoken. */
static const char *const end_markers[] = {
    "Transcript provided by NPR", "Copyright NPR.", "Copyright National Public Radio",
};
static const char *const end_paragraph_prefixes[] = {
    "Copyright \xC2\xA9", "Copyright (c)", "\xC2\xA9", "NPR transcripts are created",
    "This article was written by", "Copyright 19", "Copyright 20", "All rights reserved",
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

static bool is_separator_or_link(const char *text)
{
    if (starts_with_ci(text, "http://") || starts_with_ci(text, "https://") ||
        starts_with_ci(text, "www."))
        return strchr(text, ' ') == NULL;
    bool separator = *text != '\0';
    for (const char *p = text; *p; p++)
        if (!strchr("-=*_~#", *p))
            separator = false;
    return separator;
}

static bool ends_sentence(const char *text)
{
    size_t length = strlen(text);
    while (length > 0 && strchr("\"')]\xE2\x80\x9D\x99", text[length - 1]))
        length--;
    return length > 0 && strchr(".!?:", text[length - 1]) != NULL;
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

/* True for a byte that may stand in an upper-case label name. */
static bool is_name_byte(unsigned char c)
{
    return isupper(c) || isdigit(c) || c == '.' || c == '\'' || c == '`' || c == '-' ||
           c == '#' || c == '&' || c >= 0x80;
}

static bool is_honorific(const char *word, size_t length)
{
    for (size_t i = 0; i < sizeof honorifics / sizeof honorifics[0]; i++)
        if (strlen(honorifics[i]) == length && strncasecmp(word, honorifics[i], length) == 0)
            return true;
    return false;
}

/* Skips a balanced parenthesis starting at text[i] == '('; returns the index
 * after the ')' or 0 when it does not close within `limit` bytes. */
static size_t skip_parenthesis(const char *text, size_t i, size_t limit)
{
    int depth = 0;
    bool quoted = false;
    for (size_t k = i; text[k] && k < i + limit; k++) {
        if (text[k] == '"')
            quoted = !quoted;
        else if (!quoted && text[k] == '(')
            depth++;
        else if (!quoted && text[k] == ')' && --depth == 0)
            return k + 1;
    }
    return 0;
}

/* Reads a speaker label at the start of text: `NAME:`, `NAME, ROLE:`,
 * `Mr. NAME (Role):`, `SEN. NAME (D-NY), ROLE:`. The name is upper case. */
static bool parse_label(const char *text, label *out)
{
    memset(out, 0, sizeof *out);
    size_t i = 0;
    /* Older NPR style puts a mixed-case honorific before an upper-case name. */
    static const char *const mixed_case_honorifics[] = {"Mr. ", "Ms. ", "Mrs. ", "Dr. ", "Miss "};
    for (size_t h = 0; h < sizeof mixed_case_honorifics / sizeof mixed_case_honorifics[0]; h++)
        if (strncmp(text, mixed_case_honorifics[h], strlen(mixed_case_honorifics[h])) == 0)
            i = strlen(mixed_case_honorifics[h]);

    size_t name_start = i, words = 0, letters = 0;
    size_t canonical_length = 0;
    for (;;) {
        size_t word_start = i;
        while (is_name_byte((unsigned char)text[i]))
            i++;
        size_t word_length = i - word_start;
        if (word_length == 0)
            return false;
        for (size_t k = word_start; k < i; k++)
            letters += isupper((unsigned char)text[k]) != 0;
        words++;
        if (!is_honorific(text + word_start, word_length) || words == 1 + (name_start > 0)) {
            if (!(is_honorific(text + word_start, word_length) && text[i] == ' ')) {
                if (canonical_length + word_length + 2 >= sizeof out->name)
                    return false;
                if (canonical_length > 0)
                    out->name[canonical_length++] = ' ';
                memcpy(out->name + canonical_length, text + word_start, word_length);
                canonical_length += word_length;
            }
        }
        if (words > 7)
            return false;
        if (text[i] == ' ' && is_name_byte((unsigned char)text[i + 1]) && text[i + 1] != '-')
            i++;
        else
            break;
    }
    out->name[canonical_length] = '\0';
    if (letters < 1 || canonical_length == 0)
        return false;
    /* A name ends in a letter, a digit or an initial's period. */
    while (canonical_length > 0 && strchr("-'`&", out->name[canonical_length - 1]))
        return false;
    size_t name_end = i;
    if (text[i] == ' ' && text[i + 1] == '(') {
        size_t after = skip_parenthesis(text, i + 1, 200);
        if (after == 0)
            return false;
        i = after;
    }
    if (text[i] == ',') {
        size_t role_start = i + 1;
        while (text[role_start] == ' ')
            role_start++;
        size_t k = role_start;
        while (text[k] && text[k] != ':' && k - role_start < 200) {
            if (text[k] == '(') {
                size_t after = skip_parenthesis(text, k, 200);
                if (after == 0)
                    return false;
                k = after;
                continue;
            }
            if (text[k] == '"') {
                const char *close = strchr(text + k + 1, '"');
                if (close == NULL || close - (text + k) > 200)
                    return false;
                k = (size_t)(close - text) + 1;
                continue;
            }
            k++;
        }
        if (text[k] != ':')
            return false;
        size_t role_length = k - role_start;
        /* Strip a trailing "(voice-over)" from the role. */
        const char *paren = memchr(text + role_start, '(', role_length);
        size_t kept = paren ? (size_t)(paren - (text + role_start)) : role_length;
        while (kept > 0 && text[role_start + kept - 1] == ' ')
            kept--;
        if (kept >= sizeof out->role)
            return false;
        memcpy(out->role, text + role_start, kept);
        out->role[kept] = '\0';
        i = k;
    } else if (text[i] == ' ' && text[i + 1] == '(') {
        /* "NAME (voice-over) (on-camera):" */
        size_t after = skip_parenthesis(text, i + 1, 200);
        if (after == 0)
            return false;
        i = after;
    }
    if (text[i] != ':' || (text[i + 1] != ' ' && text[i + 1] != '\0'))
        return false;
    (void)name_end;
    for (size_t n = 0; n < sizeof not_speaker_names / sizeof not_speaker_names[0]; n++)
        if (strcmp(out->name, not_speaker_names[n]) == 0)
            return false;
    size_t raw_length = i;
    if (raw_length >= sizeof out->raw)
        return false;
    memcpy(out->raw, text, raw_length);
    out->raw[raw_length] = '\0';
    out->length = i + 1;
    while (text[out->length] == ' ')
        out->length++;
    return true;
}

/* A production cue in parentheses or brackets with no lower-case letters:
 * "(SOUNDBITE OF MUSIC)". Returns its length, or 0. */
static size_t parse_cue(const char *text)
{
    if (text[0] != '(' && text[0] != '[')
        return 0;
    char close = text[0] == '(' ? ')' : ']';
    size_t letters = 0;
    size_t i = 1;
    for (; text[i] && text[i] != close; i++) {
        if (islower((unsigned char)text[i]))
            return 0;
        letters += isupper((unsigned char)text[i]) != 0;
        if (i > 400)
            return 0;
    }
    if (text[i] != close || letters < 3)
        return 0;
    return i + 1;
}

/* Cuts text at an end-of-transcript marker; true when one was found. */
static bool cut_at_end_marker(char *text)
{
    for (size_t i = 0; i < sizeof end_markers / sizeof end_markers[0]; i++) {
        char *found = strcasestr(text, end_markers[i]);
        if (found != NULL) {
            *found = '\0';
            tts_collapse_whitespace(text);
            return true;
        }
    }
    for (size_t i = 0; i < sizeof end_paragraph_prefixes / sizeof end_paragraph_prefixes[0]; i++)
        if (starts_with_ci(text, end_paragraph_prefixes[i])) {
            *text = '\0';
            return true;
        }
    return false;
}

/* Splits blocks into paragraphs, also where a one-line page runs several
 * labelled turns together ("... wildfire. BOBBY ALLYN, BYLINE: The ..."). */
static tts_status split_paragraphs(const char *name, const tts_document *document,
                                   paragraph **out, size_t *count, tts_error *err)
{
    size_t capacity = document->block_count + 16;
    paragraph *paragraphs = calloc(capacity, sizeof *paragraphs);
    if (paragraphs == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
    size_t n = 0;
    bool blank = true;
    for (size_t b = 0; b < document->block_count; b++) {
        const char *text = document->blocks[b].text;
        if (*text == '\0') {
            blank = true;
            continue;
        }
        size_t start = 0, length = strlen(text);
        for (size_t i = 2; i <= length; i++) {
            bool split = i == length;
            label found;
            if (!split && text[i - 1] == ' ' && strchr(".?!\"", text[i - 2]) &&
                isupper((unsigned char)text[i]) && parse_label(text + i, &found) &&
                strlen(found.name) >= 3)
                split = true;
            if (!split)
                continue;
            if (n == capacity) {
                capacity *= 2;
                paragraph *grown = realloc(paragraphs, capacity * sizeof *grown);
                if (grown == NULL)
                    goto out_of_memory;
                paragraphs = grown;
            }
            paragraphs[n].text = tts_strndup(text + start, i - start);
            if (paragraphs[n].text == NULL)
                goto out_of_memory;
            tts_collapse_whitespace(paragraphs[n].text);
            paragraphs[n].source_offset = document->blocks[b].source_offset + start;
            paragraphs[n].blank_before = blank || start > 0;
            n++;
            blank = false;
            start = i;
        }
        if (document->blocks[b].kind == TTS_BLOCK_PARAGRAPH && document->block_count > 0 &&
            document->blocks[b].kind != TTS_BLOCK_PARAGRAPH)
            blank = true;
    }
    *out = paragraphs;
    *count = n;
    return TTS_OK;
out_of_memory:
    for (size_t i = 0; i < n; i++)
        free(paragraphs[i].text);
    free(paragraphs);
    return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
}

static size_t word_start_of_last(const char *name)
{
    const char *space = strrchr(name, ' ');
    return space ? (size_t)(space - name) + 1 : 0;
}

/* Finds the speaker a label names, creating or upgrading one as needed. */
static tts_status resolve_speaker(tts_script *script, const label *found, int last_speaker,
                                  int *index, tts_error *err)
{
    char *display = tts_title_case(found->name);
    if (display == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    const char *surname = found->name + word_start_of_last(found->name);
    bool single_word = strchr(found->name, ' ') == NULL;
    int match = -1, matches = 0;
    for (size_t s = 0; s < script->speaker_count; s++) {
        const char *known = script->speakers[s].name;
        if (strcasecmp(known, display) == 0) {
            match = (int)s;
            matches = 1;
            break;
        }
        const char *known_surname = known + word_start_of_last(known);
        bool known_single = strchr(known, ' ') == NULL;
        /* "KUHN" after "ANTHONY KUHN", or "DAVID GREENE" after "GREENE". */
        if ((single_word || known_single) && strcasecmp(known_surname, surname) == 0) {
            if (matches == 0 || (int)s == last_speaker)
                match = (int)s;
            matches++;
        }
    }
    tts_status status = TTS_OK;
    if (match >= 0) {
        tts_speaker *speaker = &script->speakers[match];
        /* A fuller name arrives later: the speaker takes it, the id follows. */
        if (!single_word && strchr(speaker->name, ' ') == NULL) {
            char *id = tts_slug(display);
            if (id == NULL) {
                free(display);
                return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
            }
            free(speaker->name);
            free(speaker->id);
            speaker->name = display;
            speaker->id = id;
            display = NULL;
        }
        *index = match;
    } else {
        status = tts_script_add_speaker(script, display, NULL, index, err);
    }
    free(display);
    if (status != TTS_OK)
        return status;
    tts_speaker *speaker = &script->speakers[*index];
    if (found->role[0] != '\0' && speaker->role == NULL) {
        speaker->role = tts_strndup(found->role, strlen(found->role));
        if (speaker->role == NULL)
            return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        for (char *p = speaker->role; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
    return tts_script_add_alias(script, *index, found->raw, err);
}

/* Index of the first labelled paragraph, or of the first prose one when
 * there are no labels; count when neither exists. */
static size_t find_anchor(paragraph *paragraphs, size_t count, bool *has_labels)
{
    label found;
    for (size_t i = 0; i < count; i++)
        if (parse_label(paragraphs[i].text, &found)) {
            *has_labels = true;
            return i;
        }
    *has_labels = false;
    for (size_t i = 0; i < count; i++)
        if (is_prose(paragraphs[i].text) && !is_boilerplate(paragraphs[i].text))
            return i;
    return count;
}

static tts_status add_narration(tts_script *script, const paragraph *p, tts_error *err)
{
    return tts_script_add_turn(script, TTS_NARRATOR, TTS_TURN_SPEECH, p->text, strlen(p->text),
                               p->source_offset, err);
}

tts_status tts_parse_transcript(const char *name, const tts_document *document, tts_script *out,
                                tts_error *err)
{
    paragraph *paragraphs = NULL;
    size_t count = 0;
    tts_status status = split_paragraphs(name, document, &paragraphs, &count, err);
    if (status != TTS_OK)
        return status;

    bool has_labels;
    size_t anchor = find_anchor(paragraphs, count, &has_labels);

    /* Walk back from the anchor: prose belongs to the intro, a title-like line
     * after a paragraph break is the title, anything else is page furniture. */
    size_t intro_start = anchor;
    const char *title = NULL;
    for (size_t i = anchor; i-- > 0;) {
        const char *text = paragraphs[i].text;
        if (is_boilerplate(text) || is_separator_or_link(text) || parse_cue(text))
            break;
        if (is_prose(text) && !is_title_like(text)) {
            intro_start = i;
            continue;
        }
        if (is_title_like(text) && paragraphs[i].blank_before &&
            (i == 0 || paragraphs[i - 1].blank_before || is_boilerplate(paragraphs[i - 1].text) ||
             true))
            title = text;
        break;
    }
    if (document->title != NULL)
        title = document->title;
    if (title != NULL) {
        out->title = tts_strndup(title, strlen(title));
        if (out->title == NULL)
            status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
        else
            status = tts_script_add_turn(out, TTS_NARRATOR, TTS_TURN_TITLE, title, strlen(title),
                                         0, err);
    }
    if (status == TTS_OK && document->lang != NULL) {
        out->lang = tts_strndup(document->lang, strlen(document->lang));
        if (out->lang == NULL)
            status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
    }

    int current = TTS_NARRATOR;   /* who an unlabelled paragraph continues */
    int pending = TTS_NARRATOR;   /* a label that stood alone on its line */
    bool have_pending = false;
    for (size_t i = intro_start; i < count && status == TTS_OK; i++) {
        char *text = paragraphs[i].text;
        bool ends = cut_at_end_marker(text);
        if (is_boilerplate(text) || is_separator_or_link(text)) {
            if (ends)
                break;
            continue;
        }
        if (i < anchor) {
            if (*text)
                status = add_narration(out, &paragraphs[i], err);
            if (ends)
                break;
            continue;
        }
        label found;
        if (parse_label(text, &found)) {
            int speaker;
            status = resolve_speaker(out, &found, current, &speaker, err);
            if (status != TTS_OK)
                break;
            current = speaker;
            text += found.length;
            have_pending = *text == '\0';
            pending = speaker;
        }
        /* A leading cue, alone or followed by the words after it. */
        size_t cue_length = parse_cue(text);
        if (cue_length > 0) {
            status = tts_script_add_turn(out, TTS_NARRATOR, TTS_TURN_CUE, text, cue_length,
                                         paragraphs[i].source_offset, err);
            text += cue_length;
            while (*text == ' ')
                text++;
        }
        if (status == TTS_OK && *text != '\0') {
            int speaker = have_pending ? pending : current;
            have_pending = false;
            status = tts_script_add_turn(out, speaker, TTS_TURN_SPEECH, text, strlen(text),
                                         paragraphs[i].source_offset, err);
        }
        if (ends)
            break;
    }
    (void)has_labels;
    for (size_t i = 0; i < count; i++)
        free(paragraphs[i].text);
    free(paragraphs);
    return status;
}
