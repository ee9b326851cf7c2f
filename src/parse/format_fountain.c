/* format_fountain.c: Fountain screenplays -> script. Character cues name the
 * speaker (extensions such as (V.O.) and (CONT'D) stripped), parentheticals
 * become cues, action, scene headings and transitions go to the narrator,
 * the title page gives the title; boneyard and notes are never read. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"

/* Copies text without the boneyard (slash-star ... star-slash) and notes
 * ([[...]]), which may span lines, recording each as an unspoken note.
 * origin[i] is where byte i of the copy was in text, so that offsets of the
 * copy's lines can be given back in the input's terms. One pass, so it
 * stays linear. */
static char *remove_hidden_text(const char *text, size_t length, tts_script *out, size_t **origin,
                                bool *ok)
{
    *ok = true;
    char *clean = malloc(length + 1);
    *origin = malloc((length + 1) * sizeof **origin);
    if (clean == NULL || *origin == NULL) {
        free(clean);
        free(*origin);
        *origin = NULL;
        return NULL;
    }
    size_t write = 0;
    const char *closing = NULL;
    size_t opened = 0;
    for (size_t read = 0; read < length; read++) {
        if (closing != NULL) {
            if (strncmp(text + read, closing, 2) == 0) {
                read++;
                closing = NULL;
                /* Not read, but accounted for: the writer's notes to self. */
                *ok = *ok && tts_script_add_unspoken(out, opened, text + opened, read + 1 - opened,
                                                     TTS_UNSPOKEN_NOTE, NULL) == TTS_OK;
            } else if (text[read] == '\n') {
                (*origin)[write] = read;
                clean[write++] = '\n'; /* keep line numbers and blank lines */
            }
            continue;
        }
        if (strncmp(text + read, "/*", 2) == 0 || strncmp(text + read, "[[", 2) == 0) {
            closing = text[read] == '/' ? "*/" : "]]";
            opened = read;
            read++;
            continue;
        }
        (*origin)[write] = read;
        clean[write++] = text[read];
    }
    if (closing != NULL) /* never closed: hidden to the end */
        *ok = *ok && tts_script_add_unspoken(out, opened, text + opened, length - opened,
                                             TTS_UNSPOKEN_NOTE, NULL) == TTS_OK;
    (*origin)[write] = length;
    clean[write] = '\0';
    return clean;
}

static bool is_scene_heading(const char *line)
{
    static const char *const prefixes[] = {"INT./EXT", "INT/EXT", "I/E", "INT", "EXT", "EST"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t length = strlen(prefixes[i]);
        if (strncasecmp(line, prefixes[i], length) == 0 &&
            (line[length] == '.' || line[length] == ' '))
            return true;
    }
    return false;
}

static bool has_lower_case(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (islower((unsigned char)text[i]))
            return true;
    return false;
}

/* "BRICK ^", "EDWARD (V.O.)(CONT'D)", "@McCLANE" -> the character's name. */
static void character_name(const char *cue, char *name, size_t size)
{
    if (*cue == '@')
        cue++;
    size_t length = strcspn(cue, "(^");
    while (length > 0 && isspace((unsigned char)cue[length - 1]))
        length--;
    if (length >= size)
        length = size - 1;
    memcpy(name, cue, length);
    name[length] = '\0';
    tts_collapse_whitespace(name);
}

/* A character cue: after a blank line, before dialogue, in capitals (or
 * forced with '@'), and not a transition ending in a colon. */
static bool is_character_cue(const line_array *play, size_t i, const char *line)
{
    if (!tts_line_array_blank(play, i - 1) || tts_line_array_blank(play, i + 1))
        return false;
    if (line[0] == '@')
        return line[1] != '\0';
    if (line[0] == '>')
        return false; /* centered text or a transition */
    size_t name_length = strcspn(line, "(^");
    size_t letters = 0;
    for (size_t k = 0; k < name_length; k++)
        letters += isalpha((unsigned char)line[k]) != 0;
    size_t length = strlen(line);
    return letters > 0 && !has_lower_case(line, name_length) && line[length - 1] != ':' &&
           !is_scene_heading(line);
}

static bool is_transition(const line_array *play, size_t i, const char *line)
{
    size_t length = strlen(line);
    if (line[0] == '>')
        return line[length - 1] != '<';
    return tts_line_array_blank(play, i - 1) && tts_line_array_blank(play, i + 1) && length > 1 &&
           !has_lower_case(line, length) && line[length - 1] == ':';
}

typedef struct fountain_state {
    tts_script *out;
    speaker_resolver resolver;
    tts_strbuf text;
} fountain_state;

static tts_status add_turn(fountain_state *state, int speaker, tts_turn_kind kind,
                           char *text, size_t offset, tts_error *err)
{
    tts_markdown_strip_emphasis(text);
    if (*text == '\0')
        return TTS_OK;
    return tts_script_add_turn(state->out, speaker, kind, text, strlen(text), offset, err);
}

/* Speech lines gathered so far become one turn. */
static tts_status flush_speech(fountain_state *state, int speaker, size_t offset, tts_error *err)
{
    if (state->text.length == 0)
        return TTS_OK;
    tts_status status = add_turn(state, speaker, TTS_TURN_SPEECH, state->text.data, offset, err);
    state->text.length = 0;
    return status;
}

static tts_status append_line(fountain_state *state, const char *line, tts_error *err)
{
    if ((state->text.length > 0 && !tts_strbuf_append_char(&state->text, ' ')) ||
        !tts_strbuf_append_string(&state->text, line))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory reading a screenplay");
    return TTS_OK;
}

/* Reads the dialogue after the cue at line i; returns the first line after it. */
static size_t read_dialogue(fountain_state *state, const line_array *play, size_t i,
                            tts_status *status, tts_error *err)
{
    char *cue = tts_line_trim(play->lines[i]);
    char name[160];
    character_name(cue, name, sizeof name);
    int speaker;
    /* The cue, extensions and all, names the voice: it is not said. */
    *status = tts_script_add_unspoken(state->out, play->offsets[i] + (size_t)(cue - play->lines[i]),
                                      cue, strlen(cue), TTS_UNSPOKEN_LABEL, err);
    if (*status == TTS_OK)
        *status = tts_speaker_resolve(&state->resolver, name, cue[0] == '@' ? cue + 1 : cue, "",
                              &speaker, err);
    size_t k = i + 1;
    size_t offset = play->offsets[k];
    for (; k < play->count && !tts_line_array_blank(play, k) && *status == TTS_OK; k++) {
        char *line = tts_line_trim(play->lines[k]);
        size_t length = strlen(line);
        if (line[0] == '(' && line[length - 1] == ')') {
            /* (beat), (beer raised): how it is said, not what. */
            *status = flush_speech(state, speaker, offset, err);
            if (*status == TTS_OK)
                *status = add_turn(state, TTS_NARRATOR, TTS_TURN_CUE, line, play->offsets[k], err);
            offset = play->offsets[k];
            continue;
        }
        *status = append_line(state, line[0] == '~' ? line + 1 : line, err);
    }
    if (*status == TTS_OK)
        *status = flush_speech(state, speaker, offset, err);
    return k;
}

/* Reads an action paragraph (narrator) starting at line i. */
static size_t read_action(fountain_state *state, const line_array *play, size_t i,
                          tts_status *status, tts_error *err)
{
    size_t k = i;
    for (; k < play->count && !tts_line_array_blank(play, k) && *status == TTS_OK; k++) {
        char *line = tts_line_trim(play->lines[k]);
        if (line[0] == '!')
            line++;
        size_t length = strlen(line);
        if (line[0] == '>' && length > 1 && line[length - 1] == '<') {
            line[length - 1] = '\0'; /* centered text */
            line = tts_line_trim(line + 1);
        }
        *status = append_line(state, line, err);
    }
    if (*status == TTS_OK)
        *status = flush_speech(state, TTS_NARRATOR, play->offsets[i], err);
    return k;
}

/* "Title:" page at the top: key lines, values on them or indented below. */
static size_t read_title_page(const line_array *play, tts_strbuf *title, bool *ok)
{
    *ok = true;
    if (play->count == 0 || !strchr(play->lines[0], ':') || play->lines[0][0] == ' ' ||
        play->lines[0][0] == '\t')
        return 0;
    const char *first = play->lines[0];
    size_t key = strcspn(first, ":");
    for (size_t k = 0; k < key; k++)
        if (!isalpha((unsigned char)first[k]) && first[k] != ' ')
            return 0;
    bool in_title = false;
    size_t i = 0;
    for (; i < play->count && !tts_line_array_blank(play, i); i++) {
        char *line = play->lines[i];
        bool continued = line[0] == ' ' || line[0] == '\t';
        const char *value = line;
        if (!continued) {
            const char *colon = strchr(line, ':');
            if (colon == NULL)
                break;
            in_title = (size_t)(colon - line) == 5 && strncasecmp(line, "Title", 5) == 0;
            value = colon + 1;
        }
        if (in_title && !tts_line_is_blank(value))
            *ok = *ok && (title->length == 0 || tts_strbuf_append_char(title, ' ')) &&
                  tts_strbuf_append_string(title, value);
    }
    return i;
}

static tts_status read_body(fountain_state *state, const line_array *play, size_t i,
                            tts_error *err)
{
    tts_status status = TTS_OK;
    while (i < play->count && status == TTS_OK) {
        if (tts_line_array_blank(play, i)) {
            i++;
            continue;
        }
        char *line = tts_line_trim(play->lines[i]);
        size_t length = strlen(line);
        if (strspn(line, "=") == length && length >= 3) {
            i++; /* page break */
        } else if (line[0] == '#' || (line[0] == '=' && line[1] != '=')) {
            /* sections and synopses are the writer's outline, not the film */
            status = tts_script_add_unspoken(state->out, play->offsets[i] +
                                             (size_t)(line - play->lines[i]),
                                             line, length, TTS_UNSPOKEN_NOTE, err);
            i++;
        } else if ((line[0] == '.' && isalnum((unsigned char)line[1])) ||
                   (tts_line_array_blank(play, i - 1) && is_scene_heading(line))) {
            char *heading = line + (line[0] == '.');
            char *number = strchr(heading, '#'); /* "INT. HOUSE - DAY #1#" */
            if (number != NULL && number > heading)
                *number = '\0';
            status = add_turn(state, TTS_NARRATOR, TTS_TURN_SPEECH, tts_line_trim(heading),
                              play->offsets[i], err);
            i++;
        } else if (is_transition(play, i, line)) {
            status = add_turn(state, TTS_NARRATOR, TTS_TURN_CUE, tts_line_trim(line + (line[0] == '>')),
                              play->offsets[i], err);
            i++;
        } else if (line[0] != '!' && is_character_cue(play, i, line)) {
            i = read_dialogue(state, play, i, &status, err);
        } else {
            i = read_action(state, play, i, &status, err);
        }
    }
    return status;
}

tts_status tts_parse_fountain(const tts_input *input, tts_script *out, tts_error *err)
{
    line_array play;
    bool noted;
    size_t *origin = NULL;
    char *visible = remove_hidden_text(input->text, input->length, out, &origin, &noted);
    bool split = visible != NULL && noted && tts_line_array_split(&play, visible, strlen(visible));
    size_t visible_length = visible ? strlen(visible) : 0;
    if (!split) {
        free(visible);
        free(origin);
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", input->name);
    }
    fountain_state state = {.out = out, .text = TTS_STRBUF_INIT};
    tts_speaker_resolver_init(&state.resolver, out, false);
    tts_strbuf title = TTS_STRBUF_INIT;
    bool ok;
    size_t body = read_title_page(&play, &title, &ok);
    tts_status status = ok ? TTS_OK
                           : tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", input->name);
    if (status == TTS_OK && title.length > 0) {
        tts_markdown_strip_emphasis(title.data);
        out->title = tts_strndup(title.data, strlen(title.data));
        status = out->title ? tts_script_add_turn(out, TTS_NARRATOR, TTS_TURN_TITLE, out->title,
                                                  strlen(out->title), 0, err)
                            : tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", input->name);
    }
    /* The title page (credit, author, draft date, contact) is the file's
     * header: only its title is said. Its offsets are the visible text's. */
    if (status == TTS_OK)
        status = tts_line_array_unspoken(out, &play, visible, visible_length, 0, body,
                                          TTS_UNSPOKEN_MARKUP, err);
    /* From here on offsets (of turns, labels, outline notes) are the input's. */
    for (size_t k = 0; k < play.count; k++)
        play.offsets[k] = origin[play.offsets[k]];
    if (status == TTS_OK)
        status = read_body(&state, &play, body, err);
    free(visible);
    free(origin);
    tts_strbuf_free(&title);
    tts_strbuf_free(&state.text);
    tts_speaker_resolver_free(&state.resolver);
    tts_line_array_free(&play);
    return status;
}
