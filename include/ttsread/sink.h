/* sink.h: where mixed audio goes (audio files through libsndfile, a WAV
 * stream on stdout), each output kind one handler in a small table; plus the
 * timed captions and JSON written from the finished timeline. */
#ifndef TTSREAD_SINK_H
#define TTSREAD_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "ttsread/cast.h"
#include "ttsread/error.h"
#include "util/atomic.h" /* captions, chapters and pages are written atomically too */
#include "ttsread/script.h"
#include "ttsread/timeline.h"

/* What an audio file says about itself, in the tags of formats that carry
 * them (WAV LIST/INFO, AIFF, FLAC and Vorbis comments, Opus tags, MP3 ID3v2;
 * raw PCM and the stdout stream carry none). Each may be NULL: then no tag.
 * The strings are borrowed: the sink writes them when it opens. */
typedef struct tts_audio_tags {
    const char *title;
    const char *artist;    /* the speakers' names, comma-separated */
    const char *language;  /* a tag such as "en", written as the comment "language: en" */
    const char *source;    /* the input path or URL, in the comment after the language */
} tts_audio_tags;

typedef struct tts_audio_format {
    int sample_rate;
    int channels;
    tts_audio_tags tags;
} tts_audio_format;

typedef struct tts_sink tts_sink;

/* Opens an audio sink for `path` ("-" = WAV on stdout). `format_name`
 * ("wav", "flac", "ogg", "opus", "mp3", "aiff", "raw") forces a format,
 * NULL picks it from the extension. Files are written to a temporary name
 * in the same folder and renamed by tts_sink_commit. */
tts_status tts_sink_open(const char *path, const char *format_name, const tts_audio_format *format,
                         tts_sink **out, tts_error *err);
/* Writes interleaved float frames in -1..1. */
tts_status tts_sink_write(tts_sink *sink, const float *frames, size_t frame_count, tts_error *err);
/* Finishes the file, renames it into place and frees the sink. */
tts_status tts_sink_commit(tts_sink *sink, tts_error *err);
/* Removes the temporary file and frees the sink; safe with NULL. */
void tts_sink_abort(tts_sink *sink);
/* The sample rate to write `path` at when `rate` is wanted: `rate` itself,
 * or the nearest rate the format accepts (Opus: 8, 12, 16, 24 or 48 kHz). */
int tts_sink_rate_for(const char *path, const char *format_name, int rate);
/* True when the file `path` (or of format_name, when given) holds `rate` as
 * it is: Opus only 8, 12, 16, 24 or 48 kHz, MP3 the MPEG rates, the other
 * formats any rate. When not, *accepted (if not NULL) lists the rates. */
int tts_sink_rate_held(const char *path, const char *format_name, int rate,
                       const char **accepted);
/* True when the format named by path's extension (or format_name) is known. */
int tts_sink_format_known(const char *path, const char *format_name);
/* The length of an audio file that exists, in seconds (libsndfile reads it). */
tts_status tts_sink_file_seconds(const char *path, double *seconds, tts_error *err);

/* The libsndfile in use ("libsndfile-1.2.0"), for --version. */
const char *tts_sink_library_version(void);


typedef enum tts_captions_kind {
    TTS_CAPTIONS_VTT,
    TTS_CAPTIONS_SRT,
    TTS_CAPTIONS_JSON,
} tts_captions_kind;

/* The captions kind a path's extension (or a bare kind, "vtt") names, or -1. */
int tts_captions_kind_of(const char *path);

/* Writes captions for the timeline: .vtt (with <v Speaker> on every cue),
 * .srt or .json, chosen by path's extension; atomically, like audio. WebVTT
 * and SubRip cues end at sentence ends, and at clause ends (then between
 * words) where a sentence is longer than a cue may be: at most
 * TTS_CAPTION_LINES lines of TTS_CAPTION_LINE_CHARS characters and about
 * TTS_CAPTION_SECONDS, timed from the words; `flags` TTS_CAPTIONS_WHOLE_TURNS
 * keeps one cue per turn instead. JSON always lists each turn and its
 * words; TTS_CAPTIONS_WORD_TAGS adds WebVTT timestamp tags before each word
 * (<00:00:01.250>word), for players that highlight as they go. */
#define TTS_CAPTIONS_WORD_TAGS 1
#define TTS_CAPTIONS_WHOLE_TURNS 2
#define TTS_CAPTION_LINES 2
#define TTS_CAPTION_LINE_CHARS 42
#define TTS_CAPTION_SECONDS 7.0
tts_status tts_captions_write(const char *path, const tts_script *script,
                              const tts_timeline *timeline, int flags, tts_error *err);

/* A chapter: one speech turn, from its start to the next chapter's, in
 * samples of the output rate, titled "Speaker: first words". */
typedef struct tts_chapter {
    uint64_t start;
    uint64_t end;
    char speaker[96];
    char title[160];
} tts_chapter;

/* The timeline's chapters (*out is the caller's: free). */
tts_status tts_chapters_from_timeline(const tts_script *script, const tts_timeline *timeline,
                                      tts_chapter **out, size_t *count, tts_error *err);
/* True when path ends in .ffmetadata, .cue or .json. */
int tts_chapters_format_known(const char *path);
/* Writes a chapter list, atomically: FFmpeg metadata (.ffmetadata, chapters
 * in milliseconds), a CUE sheet (.cue) whose FILE line names audio_path, or
 * Podcasting 2.0 chapters (.json: tts_podcast_chapters_json). */
tts_status tts_chapters_write(const char *path, const tts_script *script,
                              const tts_timeline *timeline, const char *audio_path, tts_error *err);
/* Writes the Podcasting 2.0 JSON transcript of the timeline
 * (tts_podcast_transcript_json), atomically. */
tts_status tts_transcript_write(const char *path, const tts_script *script,
                                const tts_timeline *timeline, tts_error *err);
/* True when the audio format holds cue points: WAV files (not stdout). */
int tts_sink_holds_cues(const char *path, const char *format_name);
/* Cue points (a copy of chapters) the sink writes when committed; a sink
 * whose format holds none ignores them. */
tts_status tts_sink_set_cues(tts_sink *sink, const tts_chapter *chapters, size_t count,
                             tts_error *err);

/* Writes the read-along page: one self-contained HTML file (the template
 * assets/readalong.html, compiled in) showing the title and every turn
 * with its speaker, whose script highlights the word and turn being heard.
 * audio_path is the rendered audio file: embedded as a data: URI, or when
 * `external`, referenced by its path relative to the page. Atomic. */
tts_status tts_readalong_write(const char *path, const tts_script *script,
                               const tts_timeline *timeline, const char *audio_path,
                               int external, tts_error *err);


/* How tts_epub_write makes the book. */
typedef struct tts_epub_options {
    int word_overlay;  /* the media overlay highlights each word, not each sentence */
    time_t modified;   /* dcterms:modified and the archive's dates (the input's, so a
                        * re-render is byte-identical) */
} tts_epub_options;

/* True when path ends in .epub: -o writes an EPUB book there, not audio. */
int tts_epub_named(const char *path);
/* Writes an EPUB 3 read-along book, atomically: the transcript as XHTML
 * (title as h1, a paragraph per turn with its speaker, each sentence a span
 * with an id), a nav document (a chapter per speech turn), a stylesheet,
 * the MP3 at audio_path, and SMIL media overlays timing each sentence (or
 * word) from the same word timings as the captions. audio_path is read,
 * not removed. */
tts_status tts_epub_write(const char *path, const tts_script *script, const tts_timeline *timeline,
                          const char *audio_path, const tts_epub_options *options,
                          tts_error *err);

#endif
