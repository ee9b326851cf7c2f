/* report.h: what ttsread tells about a script rather than says: the
 * --dump json document, JSON captions, Podcasting 2.0 chapters and
 * transcripts, batch manifest lines (cJSON, in this stage alone) and the --list-speakers and --list-voices tables. */
#ifndef TTSREAD_REPORT_H
#define TTSREAD_REPORT_H

#include <stdio.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"
#include "ttsread/script.h"
#include "ttsread/timeline.h"

/* Prints the script as the --dump json document (schema in
 * docs/ARCHITECTURE.md). palette and cast may be NULL (then no "voice"). */
tts_status tts_dump_json(FILE *stream, const tts_script *script, const tts_palette *palette,
                         const tts_cast *cast, tts_error *err);

/* Writes the JSON captions document of a rendered timeline. */
tts_status tts_captions_json(FILE *stream, const tts_script *script, const tts_timeline *timeline,
                             tts_error *err);

/* One chapter of a Podcasting 2.0 chapters document, in seconds. */
typedef struct tts_podcast_chapter {
    double start;
    double end;
    const char *title;
} tts_podcast_chapter;

/* Writes a Podcasting 2.0 chapters document (JSON chapters 1.2.0):
 * {"version": "1.2.0", "title": ..., "chapters": [{"startTime": s,
 * "endTime": s, "title": "Speaker: first words"}, ...]}, times rounded to
 * the millisecond. title may be NULL (then none). */
tts_status tts_podcast_chapters_json(FILE *stream, const char *title,
                                     const tts_podcast_chapter *chapters, size_t count,
                                     tts_error *err);

/* Writes a Podcasting 2.0 JSON transcript (version 1.0.0): one segment per
 * turn heard (speech, the title, cues read aloud; not the pauses of cues),
 * {"speaker": name, "startTime": s, "endTime": s, "body": text as written},
 * times rounded to the millisecond, each segment longer than zero. */
tts_status tts_podcast_transcript_json(FILE *stream, const tts_script *script,
                                       const tts_timeline *timeline, tts_error *err);

/* One line of a batch manifest (JSON, no newline): input, output, status
 * ("rendered", "failed", "skipped", "interrupted"), error, duration, bytes,
 * and the speakers with their voices when script is not NULL. The caller
 * frees the string. */
char *tts_manifest_line(const char *input, const char *output, const char *status,
                        const char *error, double seconds, long long bytes,
                        const tts_script *script, const tts_palette *palette, const tts_cast *cast);

/* The --list-speakers table: the narrator, then each speaker with turns,
 * voice, gender and why, stereo place and aliases, in columns that line up
 * whatever the script of the names. A heading ("==> story.html <==") comes
 * first when not NULL, for several inputs. */
void tts_report_speakers(FILE *stream, const char *heading, const tts_script *script,
                         const tts_palette *palette, const tts_cast *cast);

/* The --list-voices table: a header, then each profile with its eSpeak NG
 * voice and variant, gender, pitch, rate and description. */
void tts_report_voices(FILE *stream, const tts_palette *palette);

#endif
