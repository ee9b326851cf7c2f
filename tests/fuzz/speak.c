/* speak.c: fuzzes the speak stage on parsed scripts: every turn gets spoken
 * text, and its map keeps the promises of speak.h. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ttsread/speak.h"

/* speak.h: every spoken byte lies in exactly one piece; pieces rise in both
 * texts and stay inside them. */
static void check_map(const tts_turn *turn)
{
    const tts_spoken_map *map = turn->spoken_map;
    size_t spoken_length = strlen(turn->spoken), text_length = strlen(turn->text);
    if (map == NULL)
        return;
    fuzz_require(spoken_length == 0 || (map->count > 0 && map->pieces[0].spoken_offset == 0),
                 "the first piece starts the spoken text");
    for (size_t i = 0; i < map->count; i++) {
        const tts_spoken_piece *piece = &map->pieces[i];
        fuzz_require(piece->spoken_offset <= spoken_length, "a piece starts inside the spoken text");
        fuzz_require(piece->text_offset + piece->text_length <= text_length,
                     "a piece lies inside the written text");
        size_t piece_end = i + 1 < map->count ? map->pieces[i + 1].spoken_offset : spoken_length;
        fuzz_require(!piece->verbatim || piece_end - piece->spoken_offset == piece->text_length,
                     "a verbatim piece is as long as what it copies");
        if (i > 0) {
            const tts_spoken_piece *before = &map->pieces[i - 1];
            fuzz_require(piece->spoken_offset > before->spoken_offset,
                         "pieces rise in the spoken text");
            fuzz_require(piece->text_offset >= before->text_offset + before->text_length,
                         "pieces rise in the written text");
        }
    }
    for (size_t offset = 0; offset < spoken_length; offset += 1 + offset / 4) {
        size_t text_offset, span;
        tts_speak_text_span(map, text_length, offset, 1, &text_offset, &span);
        fuzz_require(text_offset + span <= text_length, "a spoken span maps inside the text");
    }
}

int fuzz_speak(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    /* Byte 0 picks the format, byte 1 the options and the language. */
    static const char *const languages[] = {"en", "en-GB", "es", "de", "fr", "pt-BR", "zh", "x"};
    tts_script script;
    if (!fuzz_parse_script(data + 2, size - 2, fuzz_format_of(data[0]), &script))
        return 0;
    tts_speak_options options = {
        .cues = (tts_cue_mode)(data[1] % 3),
        .announce = (data[1] >> 2) % 3,
        .emoji = (tts_emoji_mode)((data[1] >> 4) & 1),
    };
    if (data[1] >> 5) {
        free(script.lang);
        script.lang = strdup(languages[data[1] >> 5]);
    }
    tts_error err;
    if (tts_speak_script(&script, &options, &err) == TTS_OK) {
        for (size_t t = 0; t < script.turn_count; t++) {
            const tts_turn *turn = &script.turns[t];
            fuzz_require(turn->spoken != NULL, "every turn has spoken text");
            fuzz_require(fuzz_valid_utf8(turn->spoken, strlen(turn->spoken)),
                         "spoken text is UTF-8");
            check_map(turn);
        }
    }
    tts_script_free(&script);
    return 0;
}
