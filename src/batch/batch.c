/* batch.c: renders many inputs into one folder with up to `jobs` worker
 * processes, one file each; collects results in input order for the report
 * and the manifest, and stops cleanly (no partial files) on SIGINT/SIGTERM. */
#include "ttsread/batch.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <inttypes.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ttsread/report.h"
#include "ttsread/sink.h"
#include "util/signals.h"
#include "util/strbuf.h"

enum outcome { OUTCOME_PENDING = 0, OUTCOME_RENDERED, OUTCOME_FAILED, OUTCOME_SKIPPED,
               OUTCOME_INTERRUPTED };
static const char *const outcome_names[] = {"pending", "rendered", "failed", "skipped",
                                            "interrupted"};

typedef struct batch_item {
    const char *input;
    char *output;          /* owned */
    enum outcome outcome;
    double seconds;
    char *manifest_line;   /* owned */
} batch_item;

typedef struct batch_worker {
    pid_t pid;             /* 0 when idle */
    int fd;
    size_t item;
    tts_strbuf message;
} batch_worker;

/* The stem of a URL's output: the last segment of its path without the
 * extension ("https://a.org/news/story.html?id=3" -> "story"), else the host
 * ("https://a.org/" -> "a.org"). %XX escapes of printable characters are
 * decoded ("my%20story" -> "my story"); one that would make a folder or a
 * control character stays as written. */
static char *url_stem(const char *url)
{
    const char *host = strstr(url, "://") + 3;
    const char *at = host + strcspn(host, "/?#");
    const char *userinfo = memchr(host, '@', (size_t)(at - host));
    if (userinfo != NULL)
        host = userinfo + 1;
    size_t host_length = (size_t)(at - host);
    if (*host == '[') { /* an IPv6 address: "[::1]:8080" */
        const char *close = memchr(host, ']', host_length);
        host++;
        host_length = close != NULL ? (size_t)(close - host) : host_length - 1;
    } else {
        const char *port = memchr(host, ':', host_length);
        if (port != NULL)
            host_length = (size_t)(port - host);
    }
    const char *path = at;
    size_t path_length = *path == '/' ? strcspn(path, "?#") : 0;
    while (path_length > 0 && path[path_length - 1] == '/')
        path_length--;
    const char *segment = path + path_length;
    while (segment > path && segment[-1] != '/')
        segment--;
    size_t length = (size_t)(path + path_length - segment);
    tts_strbuf stem = TTS_STRBUF_INIT;
    bool ok = true;
    for (size_t i = 0; ok && i < length; i++) {
        unsigned value;
        char c = segment[i];
        if (c == '%' && i + 2 < length && isxdigit((unsigned char)segment[i + 1]) &&
            isxdigit((unsigned char)segment[i + 2]) &&
            sscanf(segment + i + 1, "%2x", &value) == 1 && value >= 0x20 && value < 0x7f &&
            value != '/' && value != '\\') {
            c = (char)value;
            i += 2;
        }
        ok = tts_strbuf_append_char(&stem, c);
    }
    if (!ok) {
        tts_strbuf_free(&stem);
        return NULL;
    }
    char *dot = stem.data != NULL ? strrchr(stem.data, '.') : NULL;
    if (dot != NULL && dot != stem.data)
        *dot = '\0';
    if (stem.data != NULL && stem.data[0] != '\0' && strcmp(stem.data, ".") != 0 &&
        strcmp(stem.data, "..") != 0)
        return tts_strbuf_detach(&stem);
    tts_strbuf_free(&stem);
    if (host_length == 0)
        return tts_strndup("url", 3);
    char *name = tts_strndup(host, host_length);
    for (char *c = name; c != NULL && *c; c++)
        if (*c == ':' || *c == '/')
            *c = '-';
    return name;
}

/* "dir/story.en.html" -> "story.en"; a URL by url_stem. */
static char *stem_of(const char *path)
{
    if (strncasecmp(path, "http://", 7) == 0 || strncasecmp(path, "https://", 8) == 0)
        return url_stem(path);
    char *copy = tts_strndup(path, strlen(path));
    if (copy == NULL)
        return NULL;
    char *base = basename(copy);
    char *dot = strrchr(base, '.');
    if (dot != NULL && dot != base)
        *dot = '\0';
    char *stem = tts_strndup(*base ? base : "stdin", strlen(*base ? base : "stdin"));
    free(copy);
    return stem;
}

/* Tells the front end, if it listens. */
static void report(const tts_batch_options *options, tts_batch_event event)
{
    if (options->report != NULL)
        options->report(options->report_user, &event);
}

/* "out/story.wav" -> "out/story.vtt": captions and pages sit beside their audio. */
static char *sibling_path(const char *output, const char *extension)
{
    const char *dot = strrchr(output, '.');
    size_t stem = dot ? (size_t)(dot - output) : strlen(output);
    tts_strbuf path = TTS_STRBUF_INIT;
    if (!tts_strbuf_printf(&path, "%.*s.%s", (int)stem, output, extension)) {
        tts_strbuf_free(&path);
        return NULL;
    }
    return tts_strbuf_detach(&path);
}

/* A set of strings, each with a number. Written here rather than taken from
 * glibc's hsearch_r: its hash keeps only a key's first eight characters or
 * so (a shift by 4 into 32 bits per character), so every "out/..." name
 * collided and the batch turned quadratic again (measured: 4,000 kept
 * outputs took 9 times as long as 1,000). This one is
 * FNV-1a over the whole key with linear probing, at most half full; the
 * batch knows its size up front and never removes anything. */
typedef struct string_set {
    char **keys;        /* owned, each owned; NULL for a free slot */
    size_t *values;     /* owned */
    size_t slots;       /* a power of two */
    size_t count, capacity;
} string_set;

static bool string_set_init(string_set *set, size_t capacity)
{
    memset(set, 0, sizeof *set);
    set->capacity = capacity;
    set->slots = 16;
    while (set->slots < 2 * capacity)
        set->slots *= 2;
    set->keys = calloc(set->slots, sizeof *set->keys);
    set->values = calloc(set->slots, sizeof *set->values);
    if (set->keys == NULL || set->values == NULL) {
        free(set->keys);
        free(set->values);
        memset(set, 0, sizeof *set);
        return false;
    }
    return true;
}

static void string_set_free(string_set *set)
{
    for (size_t i = 0; i < set->slots; i++)
        free(set->keys[i]);
    free(set->keys);
    free(set->values);
    memset(set, 0, sizeof *set);
}

/* The slot holding `key`, or the free slot where it would go. */
static size_t string_set_slot(const string_set *set, const char *key)
{
    uint64_t hash = 14695981039346656037u;
    for (const unsigned char *c = (const unsigned char *)key; *c; c++)
        hash = (hash ^ *c) * 1099511628211u;
    size_t slot = (size_t)hash & (set->slots - 1);
    while (set->keys[slot] != NULL && strcmp(set->keys[slot], key) != 0)
        slot = (slot + 1) & (set->slots - 1);
    return slot;
}

/* The value of `key`, or NULL when it is not in the set. */
static size_t *string_set_find(const string_set *set, const char *key)
{
    size_t slot = string_set_slot(set, key);
    return set->keys[slot] != NULL ? &set->values[slot] : NULL;
}

/* Adds a copy of `key`, not in the set yet, with `value`; false when out of memory or room. */
static bool string_set_add(string_set *set, const char *key, size_t value)
{
    if (set->count == set->capacity)
        return false;
    size_t slot = string_set_slot(set, key);
    set->keys[slot] = tts_strndup(key, strlen(key));
    if (set->keys[slot] == NULL)
        return false;
    set->values[slot] = value;
    set->count++;
    return true;
}

/* Output names from input names; a name taken by an earlier input gets
 * "-2", "-3", ... so the result depends only on the order of the inputs.
 * Every input is named, whichever shard runs, so that a shard's files are
 * named as a run over the whole list names them. Linear: the names taken
 * are a hash set, and each stem remembers the last suffix it was given
 * (names are never freed, so the first free suffix only grows). */
static tts_status name_outputs(batch_item *items, size_t count, const tts_batch_options *options,
                               size_t first, size_t end, tts_error *err)
{
    /* "audio/" names "audio/story.wav", not "audio//story.wav" */
    int directory = (int)strlen(options->output_directory);
    while (directory > 1 && options->output_directory[directory - 1] == '/')
        directory--;
    const char *separator = directory == 1 && options->output_directory[0] == '/' ? "" : "/";
    string_set taken, stems;
    bool ok = string_set_init(&taken, count);
    if (ok && !string_set_init(&stems, count)) {
        string_set_free(&taken);
        ok = false;
    }
    if (!ok)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    tts_status status = TTS_OK;
    for (size_t i = 0; i < count && status == TTS_OK; i++) {
        char *stem = stem_of(items[i].input);
        if (stem == NULL) {
            status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
            break;
        }
        size_t *last = string_set_find(&stems, stem);
        if (last == NULL && !string_set_add(&stems, stem, 1))
            status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        if (last == NULL)
            last = string_set_find(&stems, stem);
        for (size_t suffix = last ? *last : 1; status == TTS_OK; suffix++) {
            tts_strbuf name = TTS_STRBUF_INIT;
            bool written = suffix == 1
                               ? tts_strbuf_printf(&name, "%.*s%s%s.%s", directory,
                                                   options->output_directory, separator, stem,
                                                   options->extension)
                               : tts_strbuf_printf(&name, "%.*s%s%s-%zu.%s", directory,
                                                   options->output_directory, separator, stem,
                                                   suffix, options->extension);
            if (!written) {
                tts_strbuf_free(&name);
                status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
                break;
            }
            if (string_set_find(&taken, name.data) == NULL) {
                if (!string_set_add(&taken, name.data, 0)) {
                    tts_strbuf_free(&name);
                    status = tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
                    break;
                }
                *last = suffix;
                items[i].output = tts_strbuf_detach(&name);
                if (suffix > 1 && i >= first && i < end)
                    report(options, (tts_batch_event){.kind = TTS_BATCH_RENAMED,
                                                      .input = items[i].input,
                                                      .output = items[i].output});
                break;
            }
            tts_strbuf_free(&name);
        }
        free(stem);
    }
    string_set_free(&taken);
    string_set_free(&stems);
    return status;
}

/* "dev:inode", the key of a file in the set of inputs. */
static void file_key(const struct stat *info, char *key, size_t size)
{
    snprintf(key, size, "%" PRIuMAX ":%" PRIuMAX, (uintmax_t)info->st_dev,
             (uintmax_t)info->st_ino);
}

/* The inputs' files, so that an output can be checked against all of them
 * with one stat of its own. Inputs that cannot be read are left out: they
 * fail on their own. */
static tts_status index_inputs(const batch_item *items, size_t count, string_set *files,
                               tts_error *err)
{
    if (!string_set_init(files, count))
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count; i++) {
        struct stat source;
        char key[64];
        if (stat(items[i].input, &source) != 0)
            continue;
        file_key(&source, key, sizeof key);
        if (string_set_find(files, key) == NULL && !string_set_add(files, key, 0))
            return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    }
    return TTS_OK;
}

/* True when the existing output `target` is the same file as one of the inputs. */
static bool overwrites_an_input(const struct stat *target, string_set *inputs)
{
    char key[64];
    file_key(target, key, sizeof key);
    return string_set_find(inputs, key) != NULL;
}

static void finish_item(batch_item *item, enum outcome outcome, const char *error, double seconds,
                        char *line)
{
    item->outcome = outcome;
    item->seconds = seconds;
    free(item->manifest_line);
    item->manifest_line = line ? line
                               : tts_manifest_line(item->input, item->output,
                                                   outcome_names[outcome], error, seconds, 0, NULL,
                                                   NULL, NULL);
}

/* The worker: renders one file and reports "outcome seconds\nmessage\nmanifest-line",
 * the message being the error, or the warnings about a rendered file. */
static void run_worker(int fd, const batch_item *item, const tts_palette *palette,
                       const tts_pipeline_options *pipeline, const tts_batch_options *batch)
{
    tts_pipeline_options options = *pipeline;
    options.render.output_path = item->output;
    /* captions and the read-along page of each input sit beside its audio */
    char *captions = batch->captions_kind ? sibling_path(item->output, batch->captions_kind) : NULL;
    char *page = batch->readalong ? sibling_path(item->output, "html") : NULL;
    char *transcript = batch->transcript ? sibling_path(item->output, "transcript.json") : NULL;
    options.render.captions_path = captions;
    options.render.readalong_path = page;
    options.render.transcript_path = transcript;
    options.render.jobs = 1;
    tts_pipeline_result result;
    tts_error err;
    tts_error_clear(&err);
    tts_status status = tts_pipeline_run(item->input, palette, &options, &result, &err);
    enum outcome outcome = status == TTS_OK                ? OUTCOME_RENDERED
                           : status == TTS_ERR_INTERRUPTED ? OUTCOME_INTERRUPTED
                                                           : OUTCOME_FAILED;
    struct stat info;
    long long bytes = outcome == OUTCOME_RENDERED && stat(item->output, &info) == 0
                          ? (long long)info.st_size : 0;
    char *line = tts_manifest_line(item->input, outcome == OUTCOME_RENDERED ? item->output : NULL,
                                   outcome_names[outcome], status == TTS_OK ? NULL : err.message,
                                   result.render.seconds, bytes,
                                   status == TTS_OK ? &result.script : NULL, palette, &result.cast);
    free(captions);
    free(page);
    free(transcript);
    char warnings[512];
    FILE *stream = fdopen(fd, "w");
    if (stream != NULL) {
        fprintf(stream, "%d %.6f\n%s\n%s\n", (int)outcome, result.render.seconds,
                status == TTS_OK ? tts_pipeline_warnings(&result, warnings, sizeof warnings)
                                 : err.message,
                line ? line : "{}");
        fclose(stream);
    }
    _exit(outcome == OUTCOME_RENDERED ? 0 : 1);
}

static tts_status start_worker(batch_worker *worker, size_t index, batch_item *item,
                               const tts_palette *palette, const tts_pipeline_options *pipeline,
                               const tts_batch_options *batch, tts_error *err)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return tts_error_set(err, TTS_ERR_IO, "cannot start a worker: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return tts_error_set(err, TTS_ERR_IO, "cannot start a worker: %s", strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        run_worker(fds[1], item, palette, pipeline, batch);
    }
    close(fds[1]);
    worker->pid = pid;
    worker->fd = fds[0];
    worker->item = index;
    return TTS_OK;
}

/* Reads a finished worker's report into its item. */
static void collect_worker(batch_worker *worker, batch_item *items,
                           const tts_batch_options *options)
{
    close(worker->fd);
    int wait_status = 0;
    while (waitpid(worker->pid, &wait_status, 0) < 0 && errno == EINTR)
        ;
    batch_item *item = &items[worker->item];
    const char *message = worker->message.data ? worker->message.data : "";
    int outcome = 0;
    double seconds = 0;
    const char *error_line = strchr(message, '\n');
    const char *manifest = error_line ? strchr(error_line + 1, '\n') : NULL;
    if (sscanf(message, "%d %lf", &outcome, &seconds) != 2 || manifest == NULL ||
        outcome < OUTCOME_RENDERED || outcome > OUTCOME_INTERRUPTED) {
        char error[256];
        snprintf(error, sizeof error, "%s: worker ended without a report (status %d)", item->input,
                 wait_status);
        report(options, (tts_batch_event){.kind = TTS_BATCH_FAILED, .input = item->input,
                                          .message = error});
        finish_item(item, OUTCOME_FAILED, error, 0, NULL);
    } else {
        char error[1024];
        snprintf(error, sizeof error, "%.*s", (int)(manifest - error_line - 1), error_line + 1);
        if (outcome == OUTCOME_FAILED)
            report(options, (tts_batch_event){.kind = TTS_BATCH_FAILED, .input = item->input,
                                              .message = error});
        if (outcome == OUTCOME_RENDERED && error[0] != '\0')
            report(options, (tts_batch_event){.kind = TTS_BATCH_WARNING, .input = item->input,
                                              .message = error});
        char *line = tts_strndup(manifest + 1, strcspn(manifest + 1, "\n"));
        finish_item(item, (enum outcome)outcome, error, seconds, line);
    }
    tts_strbuf_free(&worker->message);
    worker->pid = 0;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

static tts_status write_manifest(const char *path, const batch_item *items, size_t count,
                                 tts_error *err)
{
    tts_atomic_file file;
    tts_status status = tts_atomic_open(path, &file, err);
    if (status != TTS_OK)
        return status;
    for (size_t i = 0; i < count; i++)
        fprintf(file.stream, "%s\n", items[i].manifest_line ? items[i].manifest_line : "{}");
    return tts_atomic_commit(&file, err);
}

tts_status tts_batch_run(const char *const *inputs, size_t count, const tts_palette *palette,
                         const tts_pipeline_options *pipeline, const tts_batch_options *options,
                         tts_batch_summary *summary, tts_error *err)
{
    memset(summary, 0, sizeof *summary);
    struct stat info;
    if (stat(options->output_directory, &info) != 0 && mkdir(options->output_directory, 0777) != 0)
        return tts_error_set(err, TTS_ERR_IO, "%s: cannot create the output folder: %s",
                             options->output_directory, strerror(errno));
    if (stat(options->output_directory, &info) != 0 || !S_ISDIR(info.st_mode))
        return tts_error_set(err, TTS_ERR_IO, "%s: not a folder", options->output_directory);

    batch_item *items = calloc(count ? count : 1, sizeof *items);
    size_t jobs = options->jobs ? options->jobs : 1;
    batch_worker *workers = calloc(jobs, sizeof *workers);
    if (items == NULL || workers == NULL) {
        free(items);
        free(workers);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < count; i++)
        items[i].input = inputs[i];
    /* The shard: inputs first..end-1, K*count/N to (K+1)*count/N - 1, so
     * the N shards split any list into runs that differ by one at most. */
    size_t shards = options->shard_count ? options->shard_count : 1;
    size_t first = count * options->shard_index / shards;
    size_t end = count * (options->shard_index + 1) / shards;
    string_set input_files = {0};
    tts_status status = name_outputs(items, count, options, first, end, err);
    if (status == TTS_OK)
        status = index_inputs(items, count, &input_files, err);

    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    size_t next = first, done = 0, running = 0;
    double audio = 0; /* seconds rendered so far, for the progress report */
    while (status == TTS_OK && (next < end || running > 0)) {
        /* Hand out work while there is room and no stop was asked for. */
        while (next < end && running < jobs && !tts_signals_pending() && status == TTS_OK) {
            batch_item *item = &items[next];
            bool exists = stat(item->output, &info) == 0;
            if (exists && overwrites_an_input(&info, &input_files)) {
                char error[4200];
                snprintf(error, sizeof error, "%s: output %s would overwrite an input", item->input,
                         item->output);
                report(options, (tts_batch_event){.kind = TTS_BATCH_FAILED, .input = item->input,
                                                  .message = error});
                finish_item(item, OUTCOME_FAILED, error, 0, NULL);
                next++, done++;
                continue;
            }
            if (options->skip_existing && exists && info.st_size > 0) {
                /* the manifest still says how long the kept file is */
                double seconds = 0;
                tts_error unreadable;
                if (tts_sink_file_seconds(item->output, &seconds, &unreadable) != TTS_OK)
                    seconds = 0;
                finish_item(item, OUTCOME_SKIPPED, NULL, seconds, NULL);
                report(options, (tts_batch_event){.kind = TTS_BATCH_SKIPPED, .input = item->input,
                                                  .output = item->output, .seconds = seconds});
                next++, done++;
                continue;
            }
            batch_worker *worker = NULL;
            for (size_t w = 0; w < jobs && worker == NULL; w++)
                if (workers[w].pid == 0)
                    worker = &workers[w];
            status = start_worker(worker, next, item, palette, pipeline, options, err);
            next++, running++;
        }
        if (running == 0)
            break;
        struct pollfd fds[256];
        batch_worker *owners[256];
        nfds_t polled = 0;
        for (size_t w = 0; w < jobs && polled < 256; w++)
            if (workers[w].pid != 0) {
                fds[polled] = (struct pollfd){workers[w].fd, POLLIN, 0};
                owners[polled++] = &workers[w];
            }
        if (poll(fds, polled, -1) < 0)
            continue; /* EINTR: the loop stops handing out work once a signal is pending */
        for (nfds_t k = 0; k < polled; k++) {
            if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buffer[4096];
            ssize_t got = read(owners[k]->fd, buffer, sizeof buffer);
            if (got > 0) {
                tts_strbuf_append(&owners[k]->message, buffer, (size_t)got);
                continue;
            }
            if (got < 0 && errno == EINTR)
                continue;
            batch_item *item = &items[owners[k]->item];
            collect_worker(owners[k], items, options);
            running--, done++;
            if (item->outcome == OUTCOME_RENDERED)
                report(options, (tts_batch_event){.kind = TTS_BATCH_RENDERED, .input = item->input,
                                                  .output = item->output,
                                                  .seconds = item->seconds});
            audio += item->seconds;
            report(options, (tts_batch_event){.kind = TTS_BATCH_PROGRESS, .seconds = audio,
                                              .done = done, .count = end - first,
                                              .elapsed = seconds_since(&start)});
        }
    }
    for (size_t w = 0; w < jobs; w++)
        if (workers[w].pid != 0)
            collect_worker(&workers[w], items, options);
    summary->signal = tts_signals_pending();
    for (size_t i = first; i < end; i++) {
        if (items[i].outcome == OUTCOME_PENDING)
            finish_item(&items[i], OUTCOME_INTERRUPTED, "not started", 0, NULL);
        summary->rendered += items[i].outcome == OUTCOME_RENDERED;
        summary->failed += items[i].outcome == OUTCOME_FAILED;
        summary->skipped += items[i].outcome == OUTCOME_SKIPPED;
    }
    if (status == TTS_OK && options->manifest_path != NULL)
        status = write_manifest(options->manifest_path, items + first, end - first, err);
    string_set_free(&input_files);
    for (size_t i = 0; i < count; i++) {
        free(items[i].output);
        free(items[i].manifest_line);
    }
    free(items);
    free(workers);
    if (status == TTS_OK && summary->signal)
        status = tts_error_set(err, TTS_ERR_INTERRUPTED, "interrupted");
    return status;
}
