/* epub.c: the EPUB 3 read-along book: the transcript as XHTML, its audio and
 * SMIL media overlays timed from the timeline, zipped by libzip (only here). */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zip.h>

#include "sink_internal.h"
#include "util/library.h"

#define AUDIO_NAME "audio/book.mp3"
#define ACTIVE_CLASS "-epub-media-overlay-active"

/* libzip and the libraries behind it (OpenSSL's libcrypto, whose
 * relocations are most of it) were 1.6 MB of every render's resident memory:
 * it is opened here when a book is written, not linked (the Makefile takes
 * its compiler flags only). */
#define LIBZIP_LIBRARY "libzip.so.4"

/* The functions used here, opened by name as "zip_" NAME. */
#define LIBZIP_FUNCTIONS(X)                                                                    \
    X(close) X(discard) X(error_fini) X(error_init) X(error_strerror) X(file_add)              \
    X(file_set_dostime) X(get_error) X(open_from_source) X(set_file_compression)               \
    X(source_buffer) X(source_buffer_create) X(source_close) X(source_error) X(source_file)    \
    X(source_free) X(source_keep) X(source_open) X(source_read) X(source_stat)

typedef struct libzip_functions {
#define DECLARE_FUNCTION(name) __typeof__(zip_##name) *name;
    LIBZIP_FUNCTIONS(DECLARE_FUNCTION)
#undef DECLARE_FUNCTION
} libzip_functions;

/* Filled once, by load_libzip; the handle stays open until exit. */
static libzip_functions libzip;
static bool libzip_loaded;

static tts_status load_libzip(const char *path, tts_error *err)
{
    if (libzip_loaded)
        return TTS_OK;
#define NAME_OF(name) #name,
    static const char *const names[] = {LIBZIP_FUNCTIONS(NAME_OF)};
#undef NAME_OF
    void *symbols[sizeof names / sizeof names[0]];
    char why[256];
    if (tts_library_open(LIBZIP_LIBRARY, "zip_", names, sizeof names / sizeof names[0], symbols,
                         why, sizeof why) == NULL)
        return tts_error_set(err, TTS_ERR_IO, "%s: cannot write the book: %s", path, why);
    size_t next = 0;
#define TAKE_FUNCTION(name) libzip.name = (__typeof__(libzip.name))symbols[next++];
    LIBZIP_FUNCTIONS(TAKE_FUNCTION)
#undef TAKE_FUNCTION
    libzip_loaded = true;
    return TTS_OK;
}

/* The parts of the package, each built in memory (open_memstream) and
 * kept until libzip has read them at zip_close. */
typedef struct book_part {
    const char *name;   /* path in the package */
    char *data;         /* owned */
    size_t length;
} book_part;

typedef struct book {
    const tts_script *script;
    const tts_timeline *timeline;
    const tts_epub_options *options;
    const char *lang;
    size_t *scratch;               /* word indexes, for tts_sink_sentences (owned) */
    tts_sink_sentence *sentences;  /* one turn's (owned) */
    size_t par_count;              /* <par> elements in the overlay */
} book;

static void write_escaped(FILE *stream, const char *text, size_t length)
{
    for (size_t i = 0; i < length && text[i]; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '&')
            fputs("&amp;", stream);
        else if (c == '<')
            fputs("&lt;", stream);
        else if (c == '>')
            fputs("&gt;", stream);
        else if (c == '"')
            fputs("&quot;", stream);
        else if (c >= 0x20 || c == '\n' || c == '\t')
            fputc(c, stream);
        /* other control characters are not XML 1.0 and are left out */
    }
}

static void write_text(FILE *stream, const char *text)
{
    write_escaped(stream, text, strlen(text));
}

static double seconds_of(const tts_timeline *timeline, uint64_t sample)
{
    return (double)sample / timeline->sample_rate;
}

/* "0:01:02.345", the clock value media:duration takes. */
static void write_clock(FILE *stream, double seconds)
{
    uint64_t milliseconds = (uint64_t)(seconds * 1000 + 0.5);
    fprintf(stream, "%" PRIu64 ":%02" PRIu64 ":%02" PRIu64 ".%03" PRIu64, milliseconds / 3600000,
            milliseconds / 60000 % 60, milliseconds / 1000 % 60, milliseconds % 1000);
}

static const char *speaker_id(const tts_script *script, int speaker)
{
    return speaker == TTS_NARRATOR ? TTS_NARRATOR_ID : script->speakers[speaker].id;
}

/* A sentence's clip: from its first word heard to its last. */
static bool sentence_timed(const tts_sink_sentence *sentence)
{
    return sentence->start != UINT64_MAX && sentence->end >= sentence->start;
}

/* text[from, to) of one sentence with a span around each timed word
 * (word overlays); a word that overlaps one written, or leaves the
 * sentence, stays plain text. *word_number counts the ids. */
static void write_sentence_words(FILE *stream, const char *text, const tts_timeline_turn *entry,
                                 size_t from, size_t to, size_t *word_number)
{
    size_t written = from;
    for (size_t w = 0; w < entry->word_count; w++) {
        const tts_timeline_word *word = &entry->words[w];
        if (word->offset < written || word->offset + word->length > to || word->length == 0)
            continue;
        write_escaped(stream, text + written, word->offset - written);
        fprintf(stream, "<span id=\"w%zu\">", ++*word_number);
        write_escaped(stream, text + word->offset, word->length);
        fputs("</span>", stream);
        written = word->offset + word->length;
    }
    write_escaped(stream, text + written, to - written);
}

/* The turn's text, each timed sentence a span with an id the overlay
 * points at. Returns how many sentences there are in b->sentences. */
static size_t write_turn_text(book *b, FILE *stream, const tts_timeline_turn *entry,
                              size_t *sentence_number, size_t *word_number)
{
    const char *text = b->script->turns[entry->turn].text;
    size_t count = tts_sink_sentences(text, entry, b->scratch, b->sentences), written = 0;
    for (size_t s = 0; s < count; s++) {
        const tts_sink_sentence *sentence = &b->sentences[s];
        write_escaped(stream, text + written, sentence->from - written);
        if (sentence_timed(sentence))
            fprintf(stream, "<span id=\"s%zu\">", ++*sentence_number);
        else
            fputs("<span>", stream);
        if (b->options->word_overlay)
            write_sentence_words(stream, text, entry, sentence->from, sentence->to, word_number);
        else
            write_escaped(stream, text + sentence->from, sentence->to - sentence->from);
        fputs("</span>", stream);
        written = sentence->to;
    }
    write_escaped(stream, text + written, strlen(text) - written);
    return count;
}

static void write_head(FILE *stream, const book *b, const char *title, bool styled)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
          "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\""
          " xml:lang=\"", stream);
    write_text(stream, b->lang);
    fputs("\" lang=\"", stream);
    write_text(stream, b->lang);
    fputs("\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>", stream);
    write_text(stream, title);
    fputs("</title>\n", stream);
    if (styled)
        fputs("<link rel=\"stylesheet\" type=\"text/css\" href=\"book.css\"/>\n", stream);
    fputs("</head>\n", stream);
}

static const char *book_title(const tts_script *script)
{
    return script->title && script->title[0] ? script->title : "Read-along";
}

/* content.xhtml: the title as h1, then a paragraph per turn with its speaker. */
static void write_content(book *b, FILE *stream)
{
    const tts_script *script = b->script;
    const tts_timeline *timeline = b->timeline;
    size_t sentence_number = 0, word_number = 0;
    write_head(stream, b, book_title(script), true);
    fputs("<body>\n<section id=\"story\" epub:type=\"bodymatter chapter\">\n", stream);
    bool title_heard = timeline->count > 0 &&
                       script->turns[timeline->turns[0].turn].kind == TTS_TURN_TITLE;
    if (!title_heard) {
        fputs("<h1>", stream);
        write_text(stream, book_title(script));
        fputs("</h1>\n", stream);
    }
    for (size_t i = 0; i < timeline->count; i++) {
        const tts_timeline_turn *entry = &timeline->turns[i];
        const tts_turn *turn = &script->turns[entry->turn];
        if (turn->kind == TTS_TURN_TITLE) {
            fprintf(stream, "<h1 id=\"t%zu\">", i + 1);
            write_turn_text(b, stream, entry, &sentence_number, &word_number);
            fputs("</h1>\n", stream);
            continue;
        }
        fprintf(stream, "<p class=\"%s\" id=\"t%zu\" data-speaker=\"",
                turn->kind == TTS_TURN_CUE ? "cue"
                : turn->speaker == TTS_NARRATOR ? "turn narrator" : "turn", i + 1);
        write_text(stream, speaker_id(script, turn->speaker));
        fputs("\">", stream);
        if (turn->kind == TTS_TURN_SPEECH && turn->speaker != TTS_NARRATOR) {
            fputs("<span class=\"speaker\">", stream);
            write_text(stream, tts_script_speaker_name(script, turn->speaker));
            fputs(":</span> ", stream);
        }
        write_turn_text(b, stream, entry, &sentence_number, &word_number);
        fputs("</p>\n", stream);
    }
    fputs("</section>\n</body>\n</html>\n", stream);
}

static void write_par(FILE *stream, const book *b, char kind, size_t number, uint64_t start,
                      uint64_t end)
{
    fprintf(stream,
            "<par id=\"p%zu\"><text src=\"content.xhtml#%c%zu\"/><audio src=\"" AUDIO_NAME
            "\" clipBegin=\"%.3fs\" clipEnd=\"%.3fs\"/></par>\n",
            b->par_count + 1, kind, number, seconds_of(b->timeline, start),
            seconds_of(b->timeline, end));
}

/* A par per word of the sentence, in the same walk as write_sentence_words
 * so the ids match; `write` false only counts them. */
static void overlay_words(book *b, FILE *stream, const tts_timeline_turn *entry,
                          const tts_sink_sentence *sentence, size_t *word_number, bool write)
{
    size_t written = sentence->from;
    for (size_t w = 0; w < entry->word_count; w++) {
        const tts_timeline_word *word = &entry->words[w];
        if (word->offset < written || word->offset + word->length > sentence->to ||
            word->length == 0)
            continue;
        ++*word_number;
        if (write) {
            write_par(stream, b, 'w', *word_number, word->start,
                      word->end > word->start ? word->end : word->start);
            b->par_count++;
        }
        written = word->offset + word->length;
    }
}

/* content.smil: a seq per turn heard, a par per sentence (or word) in it;
 * the ids are those write_content gave, counted the same way. */
static void write_overlay(book *b, FILE *stream)
{
    const tts_timeline *timeline = b->timeline;
    size_t sentence_number = 0, word_number = 0;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<smil xmlns=\"http://www.w3.org/ns/SMIL\" xmlns:epub=\"http://www.idpf.org/2007/ops\""
          " version=\"3.0\">\n<body>\n", stream);
    for (size_t i = 0; i < timeline->count; i++) {
        const tts_timeline_turn *entry = &timeline->turns[i];
        const char *text = b->script->turns[entry->turn].text;
        size_t count = tts_sink_sentences(text, entry, b->scratch, b->sentences);
        bool opened = false;
        for (size_t s = 0; s < count; s++) {
            const tts_sink_sentence *sentence = &b->sentences[s];
            if (!sentence_timed(sentence)) {
                /* its words still took their ids in the text */
                if (b->options->word_overlay)
                    overlay_words(b, stream, entry, sentence, &word_number, false);
                continue;
            }
            sentence_number++;
            if (!opened)
                fprintf(stream, "<seq id=\"q%zu\" epub:textref=\"content.xhtml#t%zu\">\n", i + 1,
                        i + 1);
            opened = true;
            if (b->options->word_overlay) {
                overlay_words(b, stream, entry, sentence, &word_number, true);
            } else {
                write_par(stream, b, 's', sentence_number, sentence->start, sentence->end);
                b->par_count++;
            }
        }
        if (opened)
            fputs("</seq>\n", stream);
    }
    fputs("</body>\n</smil>\n", stream);
}

/* nav.xhtml: the table of contents, a chapter (speech turn) an entry, or
 * one entry for the whole story when there is none. */
static tts_status write_nav(book *b, FILE *stream, tts_error *err)
{
    tts_chapter *chapters = NULL;
    size_t count = 0;
    tts_status status = tts_chapters_from_timeline(b->script, b->timeline, &chapters, &count, err);
    if (status != TTS_OK)
        return status;
    write_head(stream, b, book_title(b->script), false);
    fputs("<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>", stream);
    write_text(stream, book_title(b->script));
    fputs("</h1>\n<ol>\n", stream);
    if (count == 0) {
        fputs("<li><a href=\"content.xhtml\">", stream);
        write_text(stream, book_title(b->script));
        fputs("</a></li>\n", stream);
    }
    /* tts_chapters_from_timeline makes one chapter per speech turn, in order */
    size_t chapter = 0;
    for (size_t i = 0; i < b->timeline->count && chapter < count; i++) {
        if (b->script->turns[b->timeline->turns[i].turn].kind != TTS_TURN_SPEECH)
            continue;
        fprintf(stream, "<li><a href=\"content.xhtml#t%zu\">", i + 1);
        write_text(stream, chapters[chapter++].title);
        fputs("</a></li>\n", stream);
    }
    fputs("</ol>\n</nav>\n</body>\n</html>\n", stream);
    free(chapters);
    return TTS_OK;
}

static const char book_css[] =
    "body { font-family: serif; line-height: 1.5; }\n"
    "h1 { font-size: 1.4em; }\n"
    ".speaker { font-weight: bold; }\n"
    ".cue { font-style: italic; }\n"
    "." ACTIVE_CLASS " { background-color: #ffe680; color: #000000; }\n";

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "<rootfiles>\n"
    "<rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "</rootfiles>\n</container>\n";

/* FNV-1a, 64 bits: the identifier only has to follow the content, not
 * resist an attacker, and the project links no hash library for it. */
static uint64_t fnv1a(uint64_t hash, const void *data, size_t length)
{
    const unsigned char *bytes = data;
    for (size_t i = 0; i < length; i++)
        hash = (hash ^ bytes[i]) * 0x100000001b3ULL;
    return hash;
}

/* Folds the audio file's bytes into both halves of the identifier. */
static tts_status hash_file(const char *path, uint64_t hash[2], tts_error *err)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return tts_error_set(err, TTS_ERR_IO, "%s: %s", path, strerror(errno));
    unsigned char block[65536];
    size_t got;
    while ((got = fread(block, 1, sizeof block, file)) > 0) {
        hash[0] = fnv1a(hash[0], block, got);
        hash[1] = fnv1a(hash[1], block, got);
    }
    bool failed = ferror(file) != 0;
    fclose(file);
    return failed ? tts_error_set(err, TTS_ERR_IO, "%s: read error", path) : TTS_OK;
}

/* package.opf: metadata (the identifier a UUID of the content, so that a
 * re-render is the same book, byte for byte), manifest and spine. */
static void write_package(const book *b, FILE *stream, const uint64_t hash[2],
                          const char *modified, double seconds)
{
    const tts_script *script = b->script;
    /* RFC 9562 version 8 (custom): the bits are ours, the layout a UUID's */
    uint64_t high = (hash[0] & ~0xF000ULL) | 0x8000ULL;
    uint64_t low = (hash[1] & ~(3ULL << 62)) | (2ULL << 62);
    fprintf(stream,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
            "unique-identifier=\"book-id\" xml:lang=\"");
    write_text(stream, b->lang);
    fprintf(stream,
            "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
            "<dc:identifier id=\"book-id\">urn:uuid:%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64
            "-%04" PRIx64 "-%012" PRIx64 "</dc:identifier>\n<dc:title>",
            high >> 32, high >> 16 & 0xFFFF, high & 0xFFFF, low >> 48, low & (uint64_t)0xFFFFFFFFFFFF);
    write_text(stream, book_title(script));
    fputs("</dc:title>\n<dc:language>", stream);
    write_text(stream, b->lang);
    fputs("</dc:language>\n", stream);
    for (size_t s = 0; s < script->speaker_count; s++) {
        if (script->speakers[s].turn_count == 0)
            continue;
        fprintf(stream, "<dc:contributor id=\"speaker-%zu\">", s + 1);
        write_text(stream, script->speakers[s].name);
        /* MARC relator "spk": the speaker of a recorded talk */
        fprintf(stream, "</dc:contributor>\n<meta refines=\"#speaker-%zu\" property=\"role\" "
                        "scheme=\"marc:relators\">spk</meta>\n", s + 1);
    }
    fprintf(stream, "<meta property=\"dcterms:modified\">%s</meta>\n", modified);
    if (b->par_count > 0) {
        fputs("<meta property=\"media:duration\" refines=\"#overlay\">", stream);
        write_clock(stream, seconds);
        fputs("</meta>\n<meta property=\"media:duration\">", stream);
        write_clock(stream, seconds);
        fputs("</meta>\n<meta property=\"media:active-class\">" ACTIVE_CLASS "</meta>\n", stream);
    }
    fprintf(stream,
            "</metadata>\n<manifest>\n"
            "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
            "properties=\"nav\"/>\n"
            "<item id=\"content\" href=\"content.xhtml\" media-type=\"application/xhtml+xml\"%s/>\n"
            "%s"
            "<item id=\"css\" href=\"book.css\" media-type=\"text/css\"/>\n"
            "<item id=\"audio\" href=\"" AUDIO_NAME "\" media-type=\"audio/mpeg\"/>\n"
            "</manifest>\n<spine>\n<itemref idref=\"content\"/>\n</spine>\n</package>\n",
            b->par_count > 0 ? " media-overlay=\"overlay\"" : "",
            b->par_count > 0 ? "<item id=\"overlay\" href=\"content.smil\" "
                               "media-type=\"application/smil+xml\"/>\n" : "");
}

typedef void (*part_writer)(book *b, FILE *stream);

/* Runs a writer into memory; *part owns the bytes after. */
static tts_status build_part(book *b, part_writer writer, book_part *part, const char *path,
                             tts_error *err)
{
    FILE *stream = open_memstream(&part->data, &part->length);
    if (stream == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", path);
    writer(b, stream);
    bool failed = ferror(stream) != 0;
    if (fclose(stream) != 0 || failed)
        return tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", path);
    return TTS_OK;
}

/* The ZIP's DOS date and time of every entry (UTC, from 1980: its epoch). */
static void dos_time(time_t when, zip_uint16_t *time_part, zip_uint16_t *date_part)
{
    struct tm utc;
    gmtime_r(&when, &utc);
    if (utc.tm_year < 80)
        utc = (struct tm){.tm_year = 80, .tm_mday = 1};
    *time_part = (zip_uint16_t)(utc.tm_hour << 11 | utc.tm_min << 5 | utc.tm_sec / 2);
    *date_part = (zip_uint16_t)((utc.tm_year - 80) << 9 | (utc.tm_mon + 1) << 5 | utc.tm_mday);
}

static tts_status zip_failed(const char *path, const char *what, zip_error_t *error,
                             tts_error *err)
{
    tts_status status = tts_error_set(err, TTS_ERR_IO, "%s: %s: %s", path, what,
                                      libzip.error_strerror(error));
    libzip.error_fini(error);
    return status;
}

/* Adds one entry: `data` (kept by the caller until zip_close) or, when
 * `file` is set, that file's bytes; `store` leaves it uncompressed. */
static tts_status add_entry(zip_t *archive, const char *path, const char *name, const void *data,
                            size_t length, const char *file, bool store, time_t modified,
                            tts_error *err)
{
    zip_source_t *source = file ? libzip.source_file(archive, file, 0, -1)
                                : libzip.source_buffer(archive, data, length, 0);
    zip_int64_t index = source ? libzip.file_add(archive, name, source, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
        libzip.source_free(source);
        return zip_failed(path, name, libzip.get_error(archive), err);
    }
    zip_uint16_t time_part, date_part;
    dos_time(modified, &time_part, &date_part);
    if (libzip.set_file_compression(archive, (zip_uint64_t)index,
                                 store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 9) != 0 ||
        libzip.file_set_dostime(archive, (zip_uint64_t)index, time_part, date_part, 0) != 0)
        return zip_failed(path, name, libzip.get_error(archive), err);
    return TTS_OK;
}

/* Zips the parts in memory, then writes the archive atomically. */
static tts_status write_archive(const char *path, const book_part *parts, size_t part_count,
                                const char *audio_path, time_t modified, tts_error *err)
{
    zip_error_t error;
    libzip.error_init(&error);
    zip_source_t *buffer = libzip.source_buffer_create(NULL, 0, 0, &error);
    zip_t *archive = buffer ? libzip.open_from_source(buffer, ZIP_TRUNCATE, &error) : NULL;
    if (archive == NULL) {
        libzip.source_free(buffer);
        return zip_failed(path, "cannot start the archive", &error, err);
    }
    libzip.source_keep(buffer); /* zip_close frees the archive; the bytes stay to be read */
    /* The mimetype first and stored, as readers sniff it at a fixed offset. */
    tts_status status = TTS_OK;
    for (size_t i = 0; i < part_count && status == TTS_OK; i++)
        status = add_entry(archive, path, parts[i].name, parts[i].data, parts[i].length, NULL,
                           strcmp(parts[i].name, "mimetype") == 0, modified, err);
    if (status == TTS_OK) /* MP3 is compressed already: deflate would only cost time */
        status = add_entry(archive, path, "EPUB/" AUDIO_NAME, NULL, 0, audio_path, true, modified,
                           err);
    if (status != TTS_OK) {
        libzip.discard(archive);
        libzip.source_free(buffer);
        return status;
    }
    if (libzip.close(archive) != 0) {
        status = zip_failed(path, "cannot write the archive", libzip.get_error(archive), err);
        libzip.discard(archive);
        libzip.source_free(buffer);
        return status;
    }
    zip_stat_t info;
    if (libzip.source_stat(buffer, &info) != 0 || libzip.source_open(buffer) != 0) {
        status = zip_failed(path, "cannot read the archive", libzip.source_error(buffer), err);
        libzip.source_free(buffer);
        return status;
    }
    tts_atomic_file file;
    status = tts_atomic_open(path, &file, err);
    char block[65536];
    zip_int64_t got = 0;
    while (status == TTS_OK && (got = libzip.source_read(buffer, block, sizeof block)) > 0)
        if (fwrite(block, 1, (size_t)got, file.stream) != (size_t)got)
            status = tts_error_set(err, TTS_ERR_IO, "%s: write error: %s", path, strerror(errno));
    if (status == TTS_OK && got < 0)
        status = tts_error_set(err, TTS_ERR_IO, "%s: cannot read the archive", path);
    libzip.source_close(buffer);
    libzip.source_free(buffer);
    if (status == TTS_OK)
        return tts_atomic_commit(&file, err);
    if (file.stream != NULL)
        tts_atomic_abort(&file);
    return status;
}

int tts_epub_named(const char *path)
{
    size_t length = path ? strlen(path) : 0;
    return length > 5 && strcasecmp(path + length - 5, ".epub") == 0;
}

tts_status tts_epub_write(const char *path, const tts_script *script, const tts_timeline *timeline,
                          const char *audio_path, const tts_epub_options *options, tts_error *err)
{
    tts_status loaded = load_libzip(path, err);
    if (loaded != TTS_OK)
        return loaded;
    size_t most_words = 1;
    for (size_t i = 0; i < timeline->count; i++)
        if (timeline->turns[i].word_count > most_words)
            most_words = timeline->turns[i].word_count;
    book b = {script, timeline, options, script->lang && script->lang[0] ? script->lang : "en",
              malloc(most_words * sizeof(size_t)), malloc(most_words * sizeof(tts_sink_sentence)),
              0};
    book_part parts[] = {
        {"mimetype", NULL, 0}, {"META-INF/container.xml", NULL, 0},
        {"EPUB/package.opf", NULL, 0}, {"EPUB/nav.xhtml", NULL, 0},
        {"EPUB/content.xhtml", NULL, 0}, {"EPUB/content.smil", NULL, 0},
        {"EPUB/book.css", NULL, 0},
    };
    enum { MIMETYPE, CONTAINER, PACKAGE, NAV, CONTENT, OVERLAY, CSS, PART_COUNT };
    tts_status status = TTS_OK;
    if (b.scratch == NULL || b.sentences == NULL)
        status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", path);
    if (status == TTS_OK)
        status = build_part(&b, write_content, &parts[CONTENT], path, err);
    if (status == TTS_OK)
        status = build_part(&b, write_overlay, &parts[OVERLAY], path, err);
    FILE *nav = status == TTS_OK ? open_memstream(&parts[NAV].data, &parts[NAV].length) : NULL;
    if (status == TTS_OK && nav == NULL)
        status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", path);
    if (nav != NULL) {
        if (status == TTS_OK)
            status = write_nav(&b, nav, err);
        if ((ferror(nav) | fclose(nav)) != 0 && status == TTS_OK)
            status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", path);
    }

    char modified[32];
    struct tm utc;
    gmtime_r(&options->modified, &utc);
    strftime(modified, sizeof modified, "%Y-%m-%dT%H:%M:%SZ", &utc);
    uint64_t hash[2] = {0xcbf29ce484222325ULL, 0x6c62272e07bb0142ULL};
    if (status == TTS_OK) {
        for (int k = 0; k < 2; k++) {
            hash[k] = fnv1a(hash[k], parts[CONTENT].data, parts[CONTENT].length);
            hash[k] = fnv1a(hash[k], parts[OVERLAY].data, parts[OVERLAY].length);
            hash[k] = fnv1a(hash[k], b.lang, strlen(b.lang) + 1);
            hash[k] = fnv1a(hash[k], modified, strlen(modified));
        }
        status = hash_file(audio_path, hash, err);
    }
    FILE *package = status == TTS_OK ? open_memstream(&parts[PACKAGE].data, &parts[PACKAGE].length)
                                     : NULL;
    if (status == TTS_OK && package == NULL)
        status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", path);
    if (package != NULL) {
        write_package(&b, package, hash, modified, seconds_of(timeline, timeline->total_samples));
        if ((ferror(package) | fclose(package)) != 0 && status == TTS_OK)
            status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", path);
    }
    /* the static parts are borrowed: libzip reads them at zip_close */
    parts[MIMETYPE].data = (char *)"application/epub+zip";
    parts[MIMETYPE].length = strlen(parts[MIMETYPE].data);
    parts[CONTAINER].data = (char *)container_xml;
    parts[CONTAINER].length = sizeof container_xml - 1;
    parts[CSS].data = (char *)book_css;
    parts[CSS].length = sizeof book_css - 1;
    char *overlay = parts[OVERLAY].data; /* owned */
    size_t part_count = b.par_count > 0 ? PART_COUNT : PART_COUNT - 1;
    if (b.par_count == 0) /* no overlay: the stylesheet takes its place */
        parts[OVERLAY] = parts[CSS];
    if (status == TTS_OK)
        status = write_archive(path, parts, part_count, audio_path, options->modified, err);
    free(parts[PACKAGE].data);
    free(parts[NAV].data);
    free(parts[CONTENT].data);
    free(overlay);
    free(b.scratch);
    free(b.sentences);
    return status;
}
