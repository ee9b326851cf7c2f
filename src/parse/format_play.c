/* format_play.c: stage plays (Project Gutenberg style) -> script. "ROMEO."
 * labels name the speaker, abbreviations ("Rom.", "La. Cap.") resolve to a
 * full name from the dramatis personae or the other labels, stage
 * directions and act/scene headings go to the narrator. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"

#define MAX_KNOWN_NAMES 512
#define NAME_SIZE 96

/* Names the play uses: its labels and its dramatis personae (upper case). */
typedef struct known_names {
    char names[MAX_KNOWN_NAMES][NAME_SIZE];
    bool from_label[MAX_KNOWN_NAMES];
    size_t uses[MAX_KNOWN_NAMES];  /* lines that start with it (counting pass only) */
    size_t count;
    size_t label_indent;  /* the spaces before a label: 0, or 2 in editions that
                             indent "  MACBETH. So foul ..." and more its verse */
} known_names;

static bool is_known_label(const known_names *known, const char *key)
{
    for (size_t i = 0; i < known->count; i++)
        if (known->from_label[i] && strcmp(known->names[i], key) == 0)
            return true;
    return false;
}

static void add_known(known_names *known, const char *key, bool from_label)
{
    for (size_t i = 0; i < known->count; i++)
        if (strcmp(known->names[i], key) == 0) {
            known->from_label[i] |= from_label;
            known->uses[i]++;
            return;
        }
    if (known->count == MAX_KNOWN_NAMES || strlen(key) >= NAME_SIZE)
        return;
    strcpy(known->names[known->count], key);
    known->uses[known->count] = 1;
    known->from_label[known->count++] = from_label;
}

static bool is_known_name(const known_names *known, const char *key)
{
    for (size_t i = 0; i < known->count; i++)
        if (strcmp(known->names[i], key) == 0)
            return true;
    return false;
}

static size_t indentation(const char *line)
{
    size_t spaces = 0;
    while (line[spaces] == ' ')
        spaces++;
    return line[spaces] == '\t' ? (size_t)-1 : spaces;
}

/* "LA. CAP." abbreviates "LADY CAPULET": each word a prefix of the same word. */
static bool abbreviates(const char *short_form, const char *full)
{
    for (;;) {
        size_t short_word = strcspn(short_form, " ."), full_word = strcspn(full, " ");
        if (short_word == 0 || short_word > full_word || strncmp(short_form, full, short_word) != 0)
            return false;
        short_form += short_word;
        full += full_word;
        short_form += strspn(short_form, ". ");
        full += strspn(full, " ");
        if (*short_form == '\0' || *full == '\0')
            return *short_form == '\0' && *full == '\0';
    }
}

/* The full name behind a label: itself when the play uses it as a label,
 * else the one known name it abbreviates (copied to `out`). */
static void resolve_name(const known_names *known, const char *key, char *out, size_t size)
{
    snprintf(out, size, "%s", key);
    size_t length = strlen(out);
    while (length > 0 && out[length - 1] == '.')
        out[--length] = '\0';
    if (is_known_label(known, out))
        return;
    const char *match = NULL;
    size_t matches = 0;
    for (size_t i = 0; i < known->count; i++)
        if (strcmp(known->names[i], out) != 0 && abbreviates(key, known->names[i])) {
            match = known->names[i];
            matches++;
        }
    if (matches == 1)
        snprintf(out, size, "%s", match);
}

/* ---- what a line is ---- */

static bool starts_with_word(const char *line, const char *word)
{
    size_t length = strlen(word);
    return strncmp(line, word, length) == 0 &&
           (line[length] == '\0' || line[length] == ' ' || line[length] == '.' ||
            line[length] == ',');
}

/* "ACT I", "FIRST ACT", "THE PROLOGUE", "ACT DROP": where an act starts or ends. */
static bool is_act_heading(const char *line)
{
    static const char *const whole[] = {"PROLOGUE", "THE PROLOGUE", "EPILOGUE", "INDUCTION",
                                        "THE END", "FINIS"};
    char copy[64];
    snprintf(copy, sizeof copy, "%s", line);
    size_t length = strlen(copy);
    while (length > 0 && copy[length - 1] == '.')
        copy[--length] = '\0';
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        if (strcmp(copy, whole[i]) == 0)
            return true;
    return starts_with_word(line, "ACT") ||
           (length > 4 && strcmp(copy + length - 4, " ACT") == 0 && isupper((unsigned char)*line));
}

static bool is_heading(const char *line)
{
    return is_act_heading(line) || starts_with_word(line, "SCENE");
}

static bool is_entrance(const char *line)
{
    static const char *const words[] = {"Enter", "Exit", "Exeunt", "Re-enter", "Manet"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (starts_with_word(line, words[i]))
            return true;
    return false;
}

typedef struct play_label {
    char name[NAME_SIZE];     /* upper case, as written without the period */
    char raw[2 * NAME_SIZE];  /* the label as written */
    size_t length;            /* bytes up to the speech after it */
    bool alone;               /* nothing follows on the line */
    bool numbered;            /* "1. Witch." or "First Senator.": a numbered role */
    bool padded;              /* "KATE.     I think": the speech set off in a column */
} play_label;

/* Older editions number their roles: "1. Witch.", "2. Sen.", "First Senator.",
 * "Both Tribunes." Returns the label's length with its period and writes
 * the role as a name ("FIRST WITCH"), or 0. */
static size_t numbered_role_length(const char *line, char *name, size_t size)
{
    static const char *const ordinals[] = {"FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH",
                                           "SIXTH", "SEVENTH", "EIGHTH", "NINTH"};
    static const char *const written[] = {"First", "Second", "Third", "Fourth", "Fifth",
                                          "Sixth", "Seventh", "Eighth", "Ninth", "Both", "All"};
    const char *ordinal = NULL;
    size_t i = 0;
    if (line[0] >= '1' && line[0] <= '9' && line[1] == '.' && line[2] == ' ') {
        ordinal = ordinals[line[0] - '1'];
        i = 3;
    } else {
        for (size_t w = 0; w < sizeof written / sizeof written[0] && ordinal == NULL; w++) {
            size_t length = strlen(written[w]);
            if (strncmp(line, written[w], length) == 0 && line[length] == ' ') {
                ordinal = written[w];
                i = length + 1;
            }
        }
    }
    if (ordinal == NULL || !isupper((unsigned char)line[i]))
        return 0;
    size_t word = i;
    i++;
    while (islower((unsigned char)line[i]) || line[i] == '\'')
        i++;
    if (line[i] != '.' || i - word < 2)
        return 0;
    if (i - word >= 48 || size < 64)
        return 0;
    char role[48], upper[12];
    tts_label_upper_key(role, sizeof role, line + word, i - word);
    tts_label_upper_key(upper, sizeof upper, ordinal, strlen(ordinal));
    size_t upper_length = strlen(upper), role_length = strlen(role);
    memcpy(name, upper, upper_length);
    name[upper_length] = ' ';
    memcpy(name + upper_length + 1, role, role_length + 1);
    return i + 1;
}

/* Reads upper-case name words ("LADY CAPULET", "CAPULET’S COUSIN") at
 * text; returns their length (0 when there are none). */
static size_t upper_name_length(const char *text)
{
    size_t i = 0, letters = 0, words = 0;
    while (words < 5) {
        size_t start = i;
        while (isupper((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80 ||
               text[i] == '\'' || text[i] == '-' || text[i] == '&')
            letters += isupper((unsigned char)text[i++]) != 0;
        if (i == start)
            return 0;
        words++;
        if (text[i] == ' ' && isupper((unsigned char)text[i + 1]))
            i++;
        else
            break;
    }
    return letters >= 2 ? i : 0;
}

/* A mixed-case abbreviation of up to `max_words` words: "Rom.", "La. Cap.";
 * returns its length with the last period, or 0. */
static size_t abbreviation_length(const char *text, size_t max_words)
{
    size_t end = 0;
    for (size_t words = 0; words < max_words; words++) {
        size_t i = end + (words > 0); /* the space between words */
        if (!isupper((unsigned char)text[i]))
            break;
        i++;
        while (islower((unsigned char)text[i]))
            i++;
        if (text[i] != '.')
            break;
        end = i + 1;
        if (text[end] != ' ')
            break;
    }
    return end;
}

/* "ROMEO." alone, "ROMEO. Nurse, commend me", "Rom. What, shall ...",
 * "GWENDOLEN and CECILY [Speaking together.] Your ...". */
static bool parse_play_label(const char *line, size_t abbreviation_words, play_label *out)
{
    memset(out, 0, sizeof *out);
    size_t name = upper_name_length(line), end;
    size_t numbered = numbered_role_length(line, out->name, sizeof out->name);
    if (numbered > 0 && (line[numbered] == '\0' || line[numbered] == ' ')) {
        if (numbered - 1 >= sizeof out->raw)
            return false;
        memcpy(out->raw, line, numbered - 1);
        out->raw[numbered - 1] = '\0';
        out->length = numbered + (line[numbered] == ' ');
        out->alone = line[numbered] == '\0';
        out->numbered = true;
        return true;
    }
    if (name > 0 && strncmp(line + name, " and ", 5) == 0 &&
        upper_name_length(line + name + 5) > 0) {
        end = name + 5 + upper_name_length(line + name + 5); /* the first named leads */
    } else if (name > 0 && line[name] == '.') {
        end = name + 1;
    } else if (name == 0 && (end = abbreviation_length(line, abbreviation_words)) > 0) {
        name = end - 1;
    } else {
        return false;
    }
    if ((line[end] != '\0' && line[end] != ' ') || name >= NAME_SIZE || end >= sizeof out->raw)
        return false;
    tts_label_upper_key(out->name, sizeof out->name, line, name);
    /* The label as written, without the period that ends "ROMEO." (an
     * abbreviation keeps its own: "Rom."). */
    size_t raw_length = upper_name_length(line) > 0 && line[end - 1] == '.' ? end - 1 : end;
    memcpy(out->raw, line, raw_length);
    out->raw[raw_length] = '\0';
    /* "BRYON.    Dude, what if": pasted pages pad the label into a column. */
    out->length = end + strspn(line + end, " ");
    out->padded = out->length > end + 1 && line[out->length] != '\0';
    out->alone = line[end] == '\0';
    return !is_heading(out->name);
}

/* A label in this play: "NAME." alone between a blank line and speech, or
 * at the start of a line with a name the play knows. */
static bool label_at(const line_array *lines, size_t i, const known_names *known,
                     play_label *found)
{
    const char *line = lines->lines[i];
    if (indentation(line) != known->label_indent)
        return false;
    line += known->label_indent;
    for (size_t words = 2; words > 0; words--) {
        if (!parse_play_label(line, words, found))
            continue;
        bool upper = upper_name_length(line) > 0 || found->numbered;
        /* A cast list's name, a numbered role ("First Senator. We ..."), or
         * any name where the edition sets verse deeper than labels, starts a
         * speech on its line. */
        if (upper && !found->alone &&
            (found->numbered || known->label_indent > 0 || is_known_name(known, found->name)))
            return true;
        if (found->alone && upper)
            return tts_line_array_blank(lines, i - 1) && !tts_line_array_blank(lines, i + 1);
        char resolved[NAME_SIZE];
        resolve_name(known, found->name, resolved, sizeof resolved);
        /* "Rom. What, shall ..." abbreviates a name; "Nurse." alone is Romeo calling her. */
        if (!upper && (found->alone || strcmp(resolved, found->name) == 0))
            continue;
        if (is_known_label(known, resolved))
            return true;
        /* "Macb." once the cast list has named MACBETH. */
        if (!upper && !found->alone && strcmp(resolved, found->name) != 0 &&
            is_known_name(known, resolved))
            return true;
        /* "THIRD WATCH." where FIRST and SECOND WATCH speak elsewhere. */
        const char *surname = strrchr(found->name, ' ');
        for (size_t k = 0; surname && tts_line_array_blank(lines, i - 1) && k < known->count; k++) {
            const char *other = strrchr(known->names[k], ' ');
            if (known->from_label[k] && other && strcmp(other, surname) == 0)
                return true;
        }
    }
    return false;
}

/* ---- Gutenberg wrapping and the dramatis personae ---- */

typedef struct play_bounds {
    size_t start, end;       /* lines of the play itself */
    char title[256];
} play_bounds;

static void find_bounds(const line_array *lines, play_bounds *bounds)
{
    bounds->start = 0;
    bounds->end = lines->count;
    bounds->title[0] = '\0';
    for (size_t i = 0; i < lines->count; i++) {
        const char *line = lines->lines[i];
        if (strncmp(line, "Title: ", 7) == 0 && bounds->title[0] == '\0' && bounds->start == 0)
            snprintf(bounds->title, sizeof bounds->title, "%s", line + 7);
        else if (strncmp(line, "*** START OF", 12) == 0)
            bounds->start = i + 1;
        else if (strncmp(line, "*** END OF", 10) == 0) {
            bounds->end = i;
            break;
        }
    }
}

static void read_personae(const line_array *lines, const play_bounds *bounds, known_names *known)
{
    static const char *const headings[] = {"DRAMATIS PERSON", "PERSONS IN THE PLAY",
                                           "PERSONS OF THE PLAY", "PERSONS REPRESENTED",
                                           "CHARACTERS IN THE PLAY"};
    size_t i = bounds->start;
    for (bool found = false; i < bounds->end && !found; i++)
        for (size_t h = 0; h < sizeof headings / sizeof headings[0] && !found; h++)
            found = strcasestr(lines->lines[i], headings[h]) != NULL;
    for (size_t listed = 0; i < bounds->end && listed < 80; i++, listed++) {
        char *line = lines->lines[i];
        while (*line == ' ' || *line == '\t')
            line++;
        if (is_heading(line))
            break;
        size_t length = strcspn(line, ",:");
        /* "SENATORS of the harbour": the name is the part in capitals. */
        size_t capitals = upper_name_length(line);
        if (capitals > 0 && capitals < length)
            length = capitals;
        while (length > 0 && (line[length - 1] == '.' || line[length - 1] == ' '))
            length--;
        if (length == 0 || length >= NAME_SIZE || !isupper((unsigned char)line[0]))
            continue;
        char key[NAME_SIZE];
        tts_label_upper_key(key, sizeof key, line, length);
        add_known(known, key, false);
    }
}

/* ---- the turns ---- */

typedef struct play_state {
    tts_script *out;
    speaker_resolver resolver;
    const known_names *known;
    tts_strbuf speech;
    size_t speech_offset;
    int speaker;
    bool in_direction;   /* inside a [stage direction] spanning lines */
    bool in_entrance;    /* "Enter ..." goes on until a blank line */
    tts_strbuf direction;
} play_state;

static tts_status add_text_turn(play_state *state, int speaker, tts_strbuf *text, size_t offset,
                                tts_error *err)
{
    if (text->length == 0)
        return TTS_OK;
    tts_markdown_strip_emphasis(text->data);
    tts_status status = TTS_OK;
    if (text->data[0] != '\0')
        status = tts_script_add_turn(state->out, speaker, TTS_TURN_SPEECH, text->data,
                                     strlen(text->data), offset, err);
    text->length = 0;
    return status;
}

static tts_status flush_speech(play_state *state, tts_error *err)
{
    return add_text_turn(state, state->speaker, &state->speech, state->speech_offset, err);
}

static bool append(tts_strbuf *buffer, const char *text, size_t length)
{
    return (buffer->length == 0 || tts_strbuf_append_char(buffer, ' ')) &&
           tts_strbuf_append(buffer, text, length);
}

/* Splits a line into speech and [stage directions] (which may span lines). */
static tts_status read_text(play_state *state, const char *line, size_t offset, tts_error *err)
{
    tts_status status = TTS_OK;
    while (*line && status == TTS_OK) {
        if (state->in_direction) {
            const char *close = strchr(line, ']');
            size_t length = close ? (size_t)(close - line) : strlen(line);
            if (!append(&state->direction, line, length))
                return tts_error_set(err, TTS_ERR_NOMEM, "out of memory reading a play");
            if (close == NULL)
                break;
            state->in_direction = false;
            status = add_text_turn(state, TTS_NARRATOR, &state->direction, offset, err);
            line = close + 1;
            while (*line == ' ')
                line++;
            continue;
        }
        const char *open = strchr(line, '[');
        size_t length = open ? (size_t)(open - line) : strlen(line);
        while (length > 0 && line[length - 1] == ' ')
            length--;
        if (length > 0) {
            if (state->speech.length == 0)
                state->speech_offset = offset;
            if (!append(&state->speech, line, length))
                return tts_error_set(err, TTS_ERR_NOMEM, "out of memory reading a play");
        }
        if (open == NULL)
            break;
        status = flush_speech(state, err);
        state->in_direction = true;
        line = open + 1;
    }
    return status;
}

static tts_status narrate(play_state *state, const char *line, size_t offset, tts_error *err)
{
    tts_status status = flush_speech(state, err);
    tts_strbuf text = TTS_STRBUF_INIT;
    if (status == TTS_OK && !tts_strbuf_append_string(&text, line))
        status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory reading a play");
    if (status == TTS_OK)
        status = add_text_turn(state, TTS_NARRATOR, &text, offset, err);
    tts_strbuf_free(&text);
    return status;
}

/* Where reading starts: the act or prologue heading just before the first
 * label (so the title page, contents and cast list are not read). */
static size_t reading_start(const line_array *lines, const play_bounds *bounds, size_t first_label)
{
    for (size_t i = first_label; i-- > bounds->start && first_label - i < 60;) {
        char copy[128];
        snprintf(copy, sizeof copy, "%s", lines->lines[i]);
        if (is_act_heading(tts_line_trim(copy)))
            return i;
    }
    return first_label;
}

static tts_status read_play(play_state *state, const line_array *lines, size_t from, size_t to,
                            tts_error *err)
{
    tts_status status = TTS_OK;
    for (size_t i = from; i < to && status == TTS_OK; i++) {
        char *raw = lines->lines[i];
        bool indented = indentation(raw) != state->known->label_indent;
        char *line = tts_line_trim(raw);
        size_t offset = lines->offsets[i];
        play_label found;
        if (*line == '\0') {
            state->in_entrance = false;
            if (!state->in_direction)
                status = flush_speech(state, err);
        } else if (state->in_entrance) {
            status = narrate(state, line, offset, err);
        } else if (state->in_direction) {
            status = read_text(state, line, offset, err);
        } else if (is_heading(line) && tts_line_array_blank(lines, i - 1)) {
            status = narrate(state, line, offset, err);
        } else if (is_entrance(line) && (indented || tts_line_array_blank(lines, i - 1))) {
            status = narrate(state, line, offset, err);
            /* "Enter Ross, Angus, and Lennox," may wrap; "Exeunt." ends its scene. */
            state->in_entrance = starts_with_word(line, "Enter") || starts_with_word(line, "Re-enter");
        } else if (!indented && label_at(lines, i, state->known, &found)) {
            status = flush_speech(state, err);
            char name[NAME_SIZE];
            resolve_name(state->known, found.name, name, sizeof name);
            if (status == TTS_OK)
                status = tts_speaker_resolve(&state->resolver, name, found.raw, "", &state->speaker,
                                         err);
            /* The label names the voice; it is not said. */
            if (status == TTS_OK)
                status = tts_script_add_unspoken(state->out, offset + (size_t)(line - raw), line,
                                                 found.length, TTS_UNSPOKEN_LABEL, err);
            if (status == TTS_OK)
                status = read_text(state, line + found.length, offset, err);
        } else {
            status = read_text(state, line, offset, err);
        }
    }
    if (status == TTS_OK)
        status = flush_speech(state, err);
    if (status == TTS_OK && state->in_direction)
        status = add_text_turn(state, TTS_NARRATOR, &state->direction, 0, err);
    return status;
}

/* The indentation most lines of the shape "NAME. speech" have (0 to 8 spaces). */
static size_t label_indentation(const line_array *lines, const play_bounds *bounds)
{
    size_t counts[9] = {0};
    for (size_t i = bounds->start; i < bounds->end; i++) {
        size_t spaces = indentation(lines->lines[i]);
        play_label found;
        if (spaces <= 8 && parse_play_label(lines->lines[i] + spaces, 1, &found) &&
            (found.numbered || upper_name_length(lines->lines[i] + spaces) > 0))
            counts[spaces]++;
    }
    size_t best = 0;
    for (size_t spaces = 1; spaces <= 8; spaces++)
        if (counts[spaces] > counts[best] && counts[spaces] >= 4)
            best = spaces;
    return best;
}

tts_status tts_parse_play(const tts_input *input, tts_script *out, tts_error *err)
{
    line_array lines;
    known_names *known = calloc(1, sizeof *known);
    if (known == NULL || !tts_line_array_split(&lines, input->text, input->length)) {
        free(known);
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", input->name);
    }
    play_bounds bounds;
    find_bounds(&lines, &bounds);
    known->label_indent = label_indentation(&lines, &bounds);
    /* First the names the play itself uses as labels, then its cast list. */
    size_t first_label = bounds.end;
    for (size_t i = bounds.start; i < bounds.end; i++) {
        play_label found;
        if (label_at(&lines, i, known, &found) && found.alone) {
            add_known(known, found.name, true);
            if (first_label == bounds.end)
                first_label = i;
        }
    }
    /* Editions that run the speech on after the label ("  MACBETH. So foul"):
     * a name that starts two such lines is a label. */
    known_names *inline_names = calloc(1, sizeof *inline_names);
    known_names *padded_names = calloc(1, sizeof *padded_names);
    size_t padded = 0;
    for (size_t i = bounds.start; inline_names != NULL && padded_names != NULL && i < bounds.end;
         i++) {
        const char *line = lines.lines[i];
        play_label found;
        if (indentation(line) == known->label_indent &&
            parse_play_label(line + known->label_indent, 1, &found) && !found.alone &&
            (found.numbered || upper_name_length(line + known->label_indent) > 0)) {
            add_known(inline_names, found.name, false);
            if (found.padded) {
                add_known(padded_names, found.name, false);
                padded++;
            }
        }
    }
    for (size_t n = 0; inline_names != NULL && n < inline_names->count; n++)
        if (inline_names->uses[n] >= 2)
            add_known(known, inline_names->names[n], true);
    /* "KATE.     I think you guys": where labels are padded into a column
     * line after line, the one-off speakers are set the same way. */
    for (size_t n = 0; padded_names != NULL && padded >= 6 && n < padded_names->count; n++)
        add_known(known, padded_names->names[n], true);
    free(inline_names);
    free(padded_names);
    read_personae(&lines, &bounds, known);
    for (size_t i = bounds.start; i < first_label; i++) {
        play_label found;
        if (label_at(&lines, i, known, &found)) {
            first_label = i;
            break;
        }
    }

    play_state state = {.out = out, .known = known, .speaker = TTS_NARRATOR};
    tts_speaker_resolver_init(&state.resolver, out, false);
    tts_status status = TTS_OK;
    if (bounds.title[0] != '\0') {
        out->title = tts_strndup(bounds.title, strlen(bounds.title));
        status = out->title ? tts_script_add_turn(out, TTS_NARRATOR, TTS_TURN_TITLE, out->title,
                                                  strlen(out->title), 0, err)
                            : tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", input->name);
    }
    size_t from = reading_start(&lines, &bounds, first_label);
    /* Nothing left unread goes unaccounted: the Gutenberg wrapper (license,
     * "Produced by") is boilerplate, the title page, contents and cast list
     * before the first act are the file's header. */
    size_t wrapper = bounds.start < from ? bounds.start : from;
    if (status == TTS_OK)
        status = tts_line_array_unspoken(out, &lines, input->text, input->length, 0, wrapper,
                                          TTS_UNSPOKEN_BOILERPLATE, err);
    if (status == TTS_OK)
        status = tts_line_array_unspoken(out, &lines, input->text, input->length, wrapper, from,
                                          TTS_UNSPOKEN_MARKUP, err);
    if (status == TTS_OK)
        status = tts_line_array_unspoken(out, &lines, input->text, input->length, bounds.end,
                                          lines.count, TTS_UNSPOKEN_BOILERPLATE, err);
    if (status == TTS_OK)
        status = read_play(&state, &lines, from, bounds.end, err);
    tts_strbuf_free(&state.speech);
    tts_strbuf_free(&state.direction);
    tts_speaker_resolver_free(&state.resolver);
    tts_line_array_free(&lines);
    free(known);
    return status;
}
