/* assign.c: gives every speaker a voice: pinned by a cast file or --voice,
 * else a preferred profile stable for the name, moved only to keep the
 * piece's voices distinct; then puts every voice in the script's language. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cast/cast_internal.h"
#include "ttsread/cast.h"

int tts_voices_distinct(const tts_voice *a, const tts_voice *b)
{
    if (a->gender != b->gender && a->gender != TTS_GENDER_UNKNOWN &&
        b->gender != TTS_GENDER_UNKNOWN)
        return 1;
    return abs(a->pitch - b->pitch) >= TTS_CAST_MIN_PITCH_GAP;
}

/* FNV-1a: a fixed hash, so a name prefers the same profile on every run and
 * in every file. */
static uint32_t name_hash(const char *text)
{
    uint32_t hash = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        hash = (hash ^ *p) * 16777619u;
    return hash;
}

static bool speaker_matches(const tts_speaker *speaker, const char *name)
{
    if (strcasecmp(speaker->name, name) == 0 || strcasecmp(speaker->id, name) == 0)
        return true;
    for (size_t i = 0; i < speaker->alias_count; i++)
        if (strcasecmp(speaker->aliases[i], name) == 0)
            return true;
    return false;
}

/* Edit distance of two short names, case folded (ASCII): how close a name
 * that matches nobody is to a speaker's, for the warning's suggestion.
 * Written here because no Debian library offers a plain Levenshtein. */
static size_t name_distance(const char *a, const char *b)
{
    size_t length_a = strlen(a), length_b = strlen(b);
    if (length_a > 63 || length_b > 63)
        return SIZE_MAX;
    size_t row[64];
    for (size_t j = 0; j <= length_b; j++)
        row[j] = j;
    for (size_t i = 1; i <= length_a; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= length_b; j++) {
            size_t above = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = diagonal + cost;
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[length_b];
}

/* The speaker name closest to `name`, when close enough to be a slip. */
static const char *closest_speaker(const tts_script *script, const char *name)
{
    const char *best = NULL;
    size_t best_distance = strlen(name) / 3 + 2;
    for (size_t s = 0; s < script->speaker_count; s++) {
        const tts_speaker *speaker = &script->speakers[s];
        size_t distance = name_distance(name, speaker->name);
        for (size_t a = 0; a < speaker->alias_count; a++) {
            size_t alias = name_distance(name, speaker->aliases[a]);
            distance = alias < distance ? alias : distance;
        }
        /* a surname or first name alone: "Kuhn" for "Anthony Kuhn" */
        if (strcasestr(speaker->name, name) != NULL && strlen(name) >= 3)
            distance = 1;
        if (distance < best_distance) {
            best_distance = distance;
            best = speaker->name;
        }
    }
    return best;
}

static tts_status warn_unmatched(tts_cast *cast, const tts_script *script, const char *what,
                                 const char *name, tts_error *err)
{
    const char *closest = closest_speaker(script, name);
    char *line = NULL;
    if (asprintf(&line, "%s matches no speaker%s%s%s", what, closest ? " (did you mean '" : "",
                 closest ? closest : "", closest ? "'?)" : "") < 0)
        line = NULL;
    char **grown = line ? realloc(cast->warnings, (cast->warning_count + 1) * sizeof *grown) : NULL;
    if (grown == NULL) {
        free(line);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    }
    cast->warnings = grown;
    cast->warnings[cast->warning_count++] = line;
    return TTS_OK;
}

static bool entry_matches(const cast_entry *entry, const tts_speaker *speaker)
{
    if (speaker_matches(speaker, entry->name))
        return true;
    for (size_t i = 0; i < entry->aliases.count; i++)
        if (speaker_matches(speaker, entry->aliases.items[i]))
            return true;
    return false;
}

typedef struct cast_state {
    const tts_palette *palette;
    const tts_script *script;
    tts_cast *cast;
    const cast_entry **entries; /* the cast file section of each speaker, narrator last, or NULL */
    bool *done;                 /* per speaker: has a voice */
} cast_state;

/* How a candidate profile fares against the voices already in the piece;
 * smaller is better, field by field. */
typedef struct candidate_rank {
    int clashes;        /* voices it cannot be told apart from */
    int closeness;      /* of the nearest of those */
    int near_narrator;  /* cannot be told apart from the narrator */
    int unclear;        /* not one of the palette's clearest profiles: taken only when
                         * the clearest would clash (bench/voices.py measures them) */
    size_t step;        /* distance from the name's preferred profile */
} candidate_rank;

/* How hard two voices that are not distinct are to tell apart: nearer
 * pitches are harder, another accent or variant helps a little. */
static int closeness(const tts_voice *a, const tts_voice *b)
{
    return (TTS_CAST_MIN_PITCH_GAP - abs(a->pitch - b->pitch)) * 4 +
           (strcmp(a->espeak, b->espeak) == 0) * 2 + (strcmp(a->variant, b->variant) == 0);
}

static candidate_rank rank_candidate(const cast_state *state, size_t speaker,
                                     const tts_voice *voice, size_t step)
{
    const tts_cast *cast = state->cast;
    const tts_palette *palette = state->palette;
    int unclear = palette->clearest != NULL && !palette->clearest[voice - palette->voices];
    candidate_rank rank = {0, 0, !tts_voices_distinct(voice, &cast->spoken[cast->count]),
                           unclear, step};
    for (size_t other = 0; other < cast->count; other++) {
        if (other == speaker || !state->done[other] ||
            tts_voices_distinct(voice, &cast->spoken[other]))
            continue;
        rank.clashes++;
        int near = closeness(voice, &cast->spoken[other]);
        if (near > rank.closeness)
            rank.closeness = near;
    }
    return rank;
}

static bool rank_better(const candidate_rank *a, const candidate_rank *b)
{
    if (a->clashes != b->clashes)
        return a->clashes < b->clashes;
    if (a->closeness != b->closeness)
        return a->closeness < b->closeness;
    if (a->near_narrator != b->near_narrator)
        return a->near_narrator < b->near_narrator;
    if (a->unclear != b->unclear)
        return a->unclear < b->unclear;
    return a->step < b->step;
}

static bool palette_offers(const tts_palette *palette, tts_gender gender)
{
    for (size_t i = 0; i < palette->order_count; i++)
        if (palette->voices[palette->order[i]].gender == gender)
            return true;
    return false;
}

/* Walks the palette order from the name's preferred profile and takes the
 * first that is best: of the speaker's gender, distinct from every voice
 * already cast, then from the narrator. */
static int choose_profile(const cast_state *state, size_t speaker, tts_gender gender)
{
    const tts_palette *palette = state->palette;
    size_t count = palette->order_count;
    if (count == 0)
        return palette->narrator;
    bool match_gender = gender != TTS_GENDER_UNKNOWN && palette_offers(palette, gender);
    size_t preferred = name_hash(state->script->speakers[speaker].id) % count;
    int best = -1;
    candidate_rank best_rank = {0};
    for (size_t step = 0; step < count; step++) {
        int candidate = palette->order[(preferred + step) % count];
        const tts_voice *voice = &palette->voices[candidate];
        if (match_gender && voice->gender != gender)
            continue;
        candidate_rank rank = rank_candidate(state, speaker, voice, step);
        if (best < 0 || rank_better(&rank, &best_rank)) {
            best = candidate;
            best_rank = rank;
        }
    }
    return best;
}

/* Sets the speaker's (or narrator's at index count) profile and voice. */
static void give_voice(cast_state *state, size_t index, int profile)
{
    tts_cast *cast = state->cast;
    const cast_entry *entry = state->entries[index];
    cast->voices[index] = profile;
    cast->spoken[index] = state->palette->voices[profile];
    if (entry != NULL)
        tts_cast_voice_apply(&cast->spoken[index], &entry->settings, entry->settings_made);
    if (index < cast->count)
        state->done[index] = true;
}

static tts_status apply_overrides(cast_state *state, const tts_cast_options *options,
                                  int *pinned, tts_error *err)
{
    const tts_script *script = state->script;
    for (size_t i = 0; i < options->override_count; i++) {
        const char *override = options->overrides[i];
        const char *equals = strrchr(override, '=');
        if (equals == NULL)
            return tts_error_set(err, TTS_ERR_USAGE, "--voice %s: expected NAME=PROFILE", override);
        int profile = tts_palette_find(state->palette, equals + 1);
        if (profile < 0)
            return tts_error_set(err, TTS_ERR_VOICE, "--voice %s: unknown voice profile '%s'",
                                 override, equals + 1);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(equals - override), override);
        /* --voice replaces the whole voice, cast file settings included. */
        if (strcasecmp(name, TTS_NARRATOR_ID) == 0) {
            pinned[script->speaker_count] = profile;
            state->entries[script->speaker_count] = NULL;
        }
        bool matched = strcasecmp(name, TTS_NARRATOR_ID) == 0;
        for (size_t s = 0; s < script->speaker_count; s++)
            if (speaker_matches(&script->speakers[s], name)) {
                pinned[s] = profile;
                state->entries[s] = NULL;
                matched = true;
            }
        char what[300];
        snprintf(what, sizeof what, "--voice '%s'", name);
        tts_status status = matched ? TTS_OK : warn_unmatched(state->cast, script, what, name, err);
        if (status != TTS_OK)
            return status;
    }
    return TTS_OK;
}

/* Finds each speaker's cast file section; pinned[] gets their profiles.
 * A section that is nobody's is warned about. */
static tts_status match_cast_file(cast_state *state, const cast_file *file, const char *path,
                                  int *pinned, tts_error *err)
{
    const tts_script *script = state->script;
    /* A section named exactly as a speaker's id or name is that speaker's
     * before any looser match: "[hartmann]", which --save-cast writes for
     * "#hartmann" by its id, is not "Hartmann"'s. */
    for (int loose = 0; loose < 2; loose++) {
        for (size_t e = 0; e < file->count; e++) {
            const cast_entry *entry = &file->entries[e];
            size_t narrator = script->speaker_count;
            if (strcasecmp(entry->name, TTS_NARRATOR_ID) == 0 && state->entries[narrator] == NULL) {
                state->entries[narrator] = entry;
                pinned[narrator] = entry->profile;
            }
            for (size_t s = 0; s < script->speaker_count; s++) {
                const tts_speaker *speaker = &script->speakers[s];
                bool matches = loose ? entry_matches(entry, speaker)
                                     : strcmp(entry->name, speaker->id) == 0 ||
                                           strcmp(entry->name, speaker->name) == 0;
                if (state->entries[s] == NULL && matches) {
                    state->entries[s] = entry;
                    pinned[s] = entry->profile;
                }
            }
        }
    }
    for (size_t e = 0; e < file->count; e++) {
        const cast_entry *entry = &file->entries[e];
        bool used = strcasecmp(entry->name, TTS_NARRATOR_ID) == 0;
        for (size_t s = 0; s < script->speaker_count && !used; s++)
            used = entry_matches(entry, &script->speakers[s]);
        char what[600];
        snprintf(what, sizeof what, "%s: [%s]", path, entry->name);
        tts_status status = used ? TTS_OK : warn_unmatched(state->cast, script, what, entry->name,
                                                           err);
        if (status != TTS_OK)
            return status;
    }
    return TTS_OK;
}

static tts_gender wanted_gender(const cast_state *state, size_t speaker)
{
    const cast_entry *entry = state->entries[speaker];
    if (entry != NULL && (entry->settings_made & CAST_SET_GENDER))
        return entry->settings.gender;
    return state->script->speakers[speaker].gender;
}

typedef struct speaker_turns {
    size_t turns, speaker;
} speaker_turns;

/* More turns first: the speakers heard most get the first pick of the
 * clearest profiles; then in order of first appearance. */
static int by_turns(const void *a, const void *b)
{
    const speaker_turns *x = a, *y = b;
    if (x->turns != y->turns)
        return x->turns > y->turns ? -1 : 1;
    return (x->speaker > y->speaker) - (x->speaker < y->speaker);
}

/* Speakers of known gender first, since a speaker of unknown gender can
 * take either; within each group, by number of turns. */
static tts_status cast_speakers(cast_state *state, tts_error *err)
{
    size_t count = state->cast->count;
    speaker_turns *order = malloc((count + 1) * sizeof *order);
    if (order == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory casting voices");
    for (size_t s = 0; s < count; s++)
        order[s] = (speaker_turns){state->script->speakers[s].turn_count, s};
    qsort(order, count, sizeof *order, by_turns);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < count; i++) {
            size_t s = order[i].speaker;
            tts_gender gender = wanted_gender(state, s);
            if (state->done[s] || (gender != TTS_GENDER_UNKNOWN) != (pass == 0))
                continue;
            give_voice(state, s, choose_profile(state, s, gender));
        }
    free(order);
    return TTS_OK;
}

/* The van der Corput sequence halves the gaps left by earlier speakers:
 * 0, 1/2, 1/4, 3/4, ... so each new pair stands between those placed. */
static double between(size_t n)
{
    double value = 0, part = 0.5;
    for (; n > 0; n >>= 1, part /= 2)
        value += (n & 1) * part;
    return value;
}

int tts_cast_stage(const tts_script *script, double *pans)
{
    size_t count = script->speaker_count;
    size_t *first = malloc((count + 1) * sizeof *first);
    if (first == NULL)
        return 0;
    for (size_t s = 0; s < count; s++)
        first[s] = SIZE_MAX;
    size_t placed = 0;
    for (size_t t = 0; t < script->turn_count; t++) {
        int speaker = script->turns[t].speaker;
        if (speaker >= 0 && (size_t)speaker < count && first[speaker] == SIZE_MAX &&
            script->turns[t].kind == TTS_TURN_SPEECH)
            first[speaker] = placed++;
    }
    /* Speakers who never speak (a cast file's, a parse's leftovers) come last. */
    for (size_t s = 0; s < count; s++)
        if (first[s] == SIZE_MAX)
            first[s] = placed++;
    for (size_t s = 0; s < count; s++) {
        size_t k = first[s];
        double width = TTS_CAST_STAGE_WIDTH * (1.0 - between(k / 2));
        pans[s] = k % 2 == 0 ? -width : width;
    }
    pans[count] = 0.0;
    free(first);
    return 1;
}

/* Every voice whose pan no cast file set stands where tts_cast_stage puts it. */
static tts_status apply_stage(const cast_state *state, tts_error *err)
{
    tts_cast *cast = state->cast;
    double *pans = malloc((cast->count + 1) * sizeof *pans);
    if (pans == NULL || !tts_cast_stage(state->script, pans)) {
        free(pans);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory placing voices");
    }
    for (size_t i = 0; i <= cast->count; i++) {
        const cast_entry *entry = state->entries[i];
        if (entry == NULL || !(entry->settings_made & CAST_SET_PAN))
            cast->spoken[i].pan = pans[i];
    }
    free(pans);
    return TTS_OK;
}

static void apply_language(const tts_palette *palette, const cast_state *state, const char *lang)
{
    const char *language_voice = tts_palette_language_voice(palette, lang);
    if (language_voice == NULL)
        return;
    tts_cast *cast = state->cast;
    for (size_t i = 0; i <= cast->count; i++) {
        const cast_entry *entry = state->entries[i];
        if (entry == NULL || !(entry->settings_made & CAST_SET_ESPEAK))
            snprintf(cast->spoken[i].espeak, sizeof cast->spoken[i].espeak, "%s", language_voice);
    }
}

tts_status tts_cast_assign(const tts_palette *palette, tts_script *script,
                           const tts_cast_options *options, tts_cast *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    tts_status status = tts_cast_identify(palette, script, err);
    if (status != TTS_OK)
        return status;
    size_t count = script->speaker_count;
    out->count = count;
    out->voices = malloc((count + 1) * sizeof *out->voices);
    out->spoken = calloc(count + 1, sizeof *out->spoken);
    int *pinned = malloc((count + 1) * sizeof *pinned);
    cast_state state = {palette, script, out, calloc(count + 1, sizeof(cast_entry *)),
                       calloc(count + 1, sizeof(bool))};
    cast_file file = {0};
    if (out->voices == NULL || out->spoken == NULL || pinned == NULL ||
        state.entries == NULL || state.done == NULL)
        status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory casting voices");
    for (size_t i = 0; status == TTS_OK && i <= count; i++)
        pinned[i] = -1;
    if (status == TTS_OK && options != NULL && options->cast_file != NULL) {
        status = tts_cast_file_read(palette, options->cast_file, &file, err);
        if (status == TTS_OK)
            status = match_cast_file(&state, &file, options->cast_file, pinned, err);
    }
    if (status == TTS_OK && options != NULL)
        status = apply_overrides(&state, options, pinned, err);
    if (status == TTS_OK) {
        give_voice(&state, count, pinned[count] >= 0 ? pinned[count] : palette->narrator);
        for (size_t s = 0; s < count; s++)
            if (pinned[s] >= 0)
                give_voice(&state, s, pinned[s]);
        status = cast_speakers(&state, err);
    }
    if (status == TTS_OK) {
        out->narrator = out->voices[count];
        apply_language(palette, &state, script->lang);
        status = apply_stage(&state, err);
    }
    tts_cast_file_free(&file);
    free(pinned);
    free(state.entries);
    free(state.done);
    if (status != TTS_OK)
        tts_cast_free(out);
    return status;
}

void tts_cast_free(tts_cast *cast)
{
    for (size_t i = 0; i < cast->warning_count; i++)
        free(cast->warnings[i]);
    free(cast->warnings);
    free(cast->voices);
    free(cast->spoken);
    memset(cast, 0, sizeof *cast);
}

int tts_cast_voice_of(const tts_cast *cast, int speaker)
{
    return speaker == TTS_NARRATOR ? cast->narrator : cast->voices[speaker];
}

const tts_voice *tts_cast_voice(const tts_palette *palette, const tts_cast *cast, int speaker)
{
    size_t index = speaker == TTS_NARRATOR ? cast->count : (size_t)speaker;
    if (cast->spoken != NULL)
        return &cast->spoken[index];
    return &palette->voices[tts_cast_voice_of(cast, speaker)];
}
