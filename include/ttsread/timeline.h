/* timeline.h: where every turn and word lies in the audio, in samples of
 * the output rate: what mix builds and captions, chapters, pages and JSON read. */
#ifndef TTSREAD_TIMELINE_H
#define TTSREAD_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

/* One spoken word's place in the output, in samples of the output rate:
 * from where eSpeak NG started it to the end of its voiced audio (or the
 * next word's start). offset/length point at the word as written. */
typedef struct tts_timeline_word {
    uint64_t start;
    uint64_t end;
    size_t offset;     /* byte offset in the turn's text */
    size_t length;
} tts_timeline_word;

/* One turn's place in the output, in samples of the output rate. */
typedef struct tts_timeline_turn {
    size_t turn;       /* index into script->turns */
    uint64_t start;
    uint64_t end;
    tts_timeline_word *words; /* in time order, inside [start, end] (owned) */
    size_t word_count;
} tts_timeline_turn;

typedef struct tts_timeline {
    int sample_rate;
    tts_timeline_turn *turns;  /* owned */
    size_t count;
    size_t capacity;
    uint64_t total_samples;
} tts_timeline;

void tts_timeline_free(tts_timeline *timeline);

#endif
