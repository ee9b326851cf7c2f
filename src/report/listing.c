/* listing.c: the --list-speakers and --list-voices tables, in columns that
 * line up on a terminal whatever the script of the names. */
#include "ttsread/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ttsread/parse.h"

static const char *const gender_names[] = {"unknown", "male", "female"};

/* Prints text and pads it to `columns` terminal columns and a gutter of
 * two, measured by tts_text_columns, not bytes. */
static void cell(FILE *stream, const char *text, size_t columns)
{
    size_t width = tts_text_columns(text);
    fputs(text, stream);
    for (size_t i = width; i < columns + 2; i++)
        fputc(' ', stream);
}

static size_t widest(size_t at_least, const char *text)
{
    size_t width = tts_text_columns(text);
    return width > at_least ? width : at_least;
}

/* "left 0.40", "centre", "right 0.40": where --stereo puts a voice. */
static void describe_place(char *buffer, size_t size, double pan)
{
    if (fabs(pan) < 0.005)
        snprintf(buffer, size, "centre");
    else
        snprintf(buffer, size, "%s %.2f", pan < 0 ? "left" : "right", fabs(pan));
}

/* "male (name 97%)", "female (label)", "unknown". */
static void describe_gender(char *buffer, size_t size, const tts_speaker *speaker)
{
    const char *gender = gender_names[speaker->gender];
    if (speaker->gender_basis == NULL || speaker->gender == TTS_GENDER_UNKNOWN)
        snprintf(buffer, size, "%s", gender);
    else if (speaker->female_share >= 0 && strcmp(speaker->gender_basis, "name table") == 0)
        snprintf(buffer, size, "%s (name, %.0f%% women)", gender, 100 * speaker->female_share);
    else
        snprintf(buffer, size, "%s (%s)", gender, speaker->gender_basis);
}

void tts_report_speakers(FILE *stream, const char *heading, const tts_script *script,
                         const tts_palette *palette, const tts_cast *cast)
{
    size_t name_width = widest(strlen("Narrator"), "SPEAKER");
    size_t gender_width = strlen("GENDER");
    char text[160];
    for (size_t s = 0; s < script->speaker_count; s++) {
        name_width = widest(name_width, script->speakers[s].name);
        describe_gender(text, sizeof text, &script->speakers[s]);
        gender_width = widest(gender_width, text);
    }
    if (heading != NULL)
        fprintf(stream, "==> %s <==\n", heading);
    cell(stream, "SPEAKER", name_width);
    size_t voice_width = strlen("VOICE");
    for (size_t i = 0; i < palette->count; i++)
        voice_width = widest(voice_width, palette->voices[i].name);
    cell(stream, "TURNS", 5);
    cell(stream, "VOICE", voice_width);
    cell(stream, "GENDER", gender_width);
    cell(stream, "STEREO", 10);
    fputs("ALIASES\n", stream);
    const tts_voice *narrator = tts_cast_voice(palette, cast, TTS_NARRATOR);
    cell(stream, "Narrator", name_width);
    cell(stream, "-", 5);
    cell(stream, palette->voices[cast->narrator].name, voice_width);
    cell(stream, gender_names[narrator->gender], gender_width);
    describe_place(text, sizeof text, narrator->pan);
    fprintf(stream, "%s\n", text);
    for (size_t s = 0; s < script->speaker_count; s++) {
        const tts_speaker *speaker = &script->speakers[s];
        char turns[32];
        snprintf(turns, sizeof turns, "%zu", speaker->turn_count);
        cell(stream, speaker->name, name_width);
        cell(stream, turns, 5);
        cell(stream, palette->voices[cast->voices[s]].name, voice_width);
        describe_gender(text, sizeof text, speaker);
        cell(stream, text, gender_width);
        describe_place(text, sizeof text, tts_cast_voice(palette, cast, (int)s)->pan);
        cell(stream, text, 10);
        for (size_t a = 0; a < speaker->alias_count; a++)
            fprintf(stream, "%s%s", a ? " | " : "", speaker->aliases[a]);
        fputc('\n', stream);
    }
}

void tts_report_voices(FILE *stream, const tts_palette *palette)
{
    size_t name_width = strlen("PROFILE"), espeak_width = strlen("ESPEAK");
    for (size_t i = 0; i < palette->count; i++) {
        name_width = widest(name_width, palette->voices[i].name);
        espeak_width = widest(espeak_width, palette->voices[i].espeak);
    }
    cell(stream, "PROFILE", name_width);
    cell(stream, "ESPEAK", espeak_width);
    cell(stream, "VARIANT", 7);
    cell(stream, "GENDER", 7);
    cell(stream, "PITCH", 5);
    cell(stream, "RATE", 4);
    fputs("DESCRIPTION\n", stream);
    for (size_t i = 0; i < palette->count; i++) {
        const tts_voice *voice = &palette->voices[i];
        char pitch[16], rate[16];
        snprintf(pitch, sizeof pitch, "%d", voice->pitch);
        snprintf(rate, sizeof rate, "%d", voice->rate);
        cell(stream, voice->name, name_width);
        cell(stream, voice->espeak, espeak_width);
        cell(stream, voice->variant[0] ? voice->variant : "-", 7);
        cell(stream, gender_names[voice->gender], 7);
        cell(stream, pitch, 5);
        cell(stream, rate, 4);
        fprintf(stream, "%s\n", voice->label);
    }
}
