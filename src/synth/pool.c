/* pool.c: synthesizes turns in worker processes forked from the initialized
 * parent (eSpeak NG has global state, so parallelism means processes) and
 * streams each turn's PCM and word events back over a pipe, in turn order.
 * Jobs wait in slots until a worker is free, so that workers run ahead of
 * the turn being collected (within max_buffered) instead of idling. */
#include "ttsread/synth.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/signals.h"
#include "util/spawn.h"
#include "util/unshared.h"

enum frame_type { FRAME_AUDIO = 1, FRAME_WORD, FRAME_ERROR, FRAME_END };

typedef struct frame_header {
    uint32_t type;
    uint32_t length; /* payload bytes */
} frame_header;

typedef struct word_payload {
    uint64_t sample;
    uint64_t offset;
    uint64_t length;
} word_payload;

typedef enum job_state {
    JOB_FREE,      /* the slot is unused */
    JOB_QUEUED,    /* submitted, no worker yet */
    JOB_RUNNING,   /* a worker synthesizes it; fd is its pipe */
    JOB_DONE,      /* the worker finished and was reaped; its frames wait in buffer */
} job_state;

typedef struct pool_job {
    job_state state;
    size_t id;
    tts_voice voice;    /* copies: the job may start after the submitter's own are gone */
    double speed;
    char *text;
    pid_t pid;
    int fd;
    bool eof;
    bool ended;         /* the END frame arrived */
    unsigned char *buffer;
    size_t length;
    size_t capacity;
} pool_job;

struct tts_pool {
    size_t workers;     /* running at most */
    size_t running;
    size_t max_buffered;
    size_t slots;
    pool_job *jobs;     /* `slots` of them */
    struct pollfd *polled;  /* room to poll every worker at once */
    pool_job **polled_jobs;
    pid_t *exiting;     /* workers done with their turn, not yet reaped; `slots` of room */
    size_t exiting_count;
};

/* Jobs submitted ahead per worker: enough that a worker which finishes a
 * short turn finds the next one waiting while a long turn is collected. */
#define SLOTS_PER_WORKER 4

static int write_all(int fd, const struct iovec *parts, int count)
{
    struct iovec local[2];
    memcpy(local, parts, (size_t)count * sizeof *parts);
    struct iovec *cursor = local;
    while (count > 0) {
        ssize_t written = writev(fd, cursor, count);
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0)
            return -1;
        while (count > 0 && (size_t)written >= cursor->iov_len) {
            written -= (ssize_t)cursor->iov_len;
            cursor++;
            count--;
        }
        if (count > 0) {
            cursor->iov_base = (char *)cursor->iov_base + written;
            cursor->iov_len -= (size_t)written;
        }
    }
    return 0;
}

static int send_frame(int fd, uint32_t type, const void *payload, size_t length)
{
    frame_header header = {type, (uint32_t)length};
    struct iovec parts[2] = {{&header, sizeof header}, {(void *)payload, length}};
    return write_all(fd, parts, length > 0 ? 2 : 1);
}

/* A worker's frames wait in a buffer of about 32 KiB (three quarters of a
 * second of audio) and go out in few large writes: one write per eSpeak
 * callback (60 ms) or per word woke the parent so often that switching
 * between them cost a fifth of the time. Word events join the same stream
 * behind the audio before them, so the parent sees both in the order eSpeak
 * made them. The first audio of a turn goes out callback by callback until
 * QUICK_START_SAMPLES (0.37 s) have gone, for a quick start when playing:
 * a device starts once its buffer (35 ms or more) is full. */
#define CHILD_BUFFER_BYTES 32768
#define QUICK_START_SAMPLES 8192

typedef struct child_stream {
    int fd;
    unsigned char buffer[CHILD_BUFFER_BYTES];
    size_t length;
    size_t open_audio;  /* offset of the audio frame still growing, or SIZE_MAX */
    size_t quick_samples;   /* sent so far one callback at a time */
} child_stream;

static int child_flush(child_stream *stream)
{
    struct iovec part = {stream->buffer, stream->length};
    int result = stream->length ? write_all(stream->fd, &part, 1) : 0;
    stream->length = 0;
    stream->open_audio = SIZE_MAX;
    return result;
}

/* Room for `bytes` more in the buffer, flushing it when full. */
static int child_reserve(child_stream *stream, size_t bytes)
{
    return stream->length + bytes > CHILD_BUFFER_BYTES ? child_flush(stream) : 0;
}

static void child_put_header(child_stream *stream, uint32_t type, size_t length)
{
    frame_header header = {type, (uint32_t)length};
    memcpy(stream->buffer + stream->length, &header, sizeof header);
    stream->length += sizeof header;
}

static int child_audio(void *user, const int16_t *samples, size_t count)
{
    child_stream *stream = user;
    bool quick = stream->quick_samples < QUICK_START_SAMPLES;
    stream->quick_samples += quick ? count : 0;
    while (count > 0) {
        if (child_reserve(stream, sizeof(frame_header) + 2 * sizeof *samples) != 0)
            return 1;
        if (stream->open_audio == SIZE_MAX) {
            stream->open_audio = stream->length;
            child_put_header(stream, FRAME_AUDIO, 0);
        }
        size_t room = (CHILD_BUFFER_BYTES - stream->length) / sizeof *samples;
        size_t take = count < room ? count : room;
        memcpy(stream->buffer + stream->length, samples, take * sizeof *samples);
        stream->length += take * sizeof *samples;
        frame_header open; /* copied: the buffer holds frames at any byte offset */
        memcpy(&open, stream->buffer + stream->open_audio, sizeof open);
        open.length += (uint32_t)(take * sizeof *samples);
        memcpy(stream->buffer + stream->open_audio, &open, sizeof open);
        samples += take;
        count -= take;
    }
    return quick ? child_flush(stream) != 0 : 0;
}

static int child_word(void *user, uint64_t sample, size_t offset, size_t length)
{
    child_stream *stream = user;
    word_payload word = {sample, offset, length};
    if (child_reserve(stream, sizeof(frame_header) + sizeof word) != 0)
        return 1;
    child_put_header(stream, FRAME_WORD, sizeof word);
    memcpy(stream->buffer + stream->length, &word, sizeof word);
    stream->length += sizeof word;
    stream->open_audio = SIZE_MAX;
    return 0;
}

static void run_child(int fd, const tts_voice *voice, double speed, const char *text)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    static child_stream stream; /* static: a forked child's stack is small to keep */
    stream.fd = fd;
    stream.open_audio = SIZE_MAX;
    tts_synth_output output = {child_audio, child_word, &stream};
    tts_error err;
    tts_error_clear(&err);
    tts_status status = tts_synth_speak(voice, speed, text, &output, &err);
    if (status == TTS_OK && child_flush(&stream) != 0)
        status = tts_error_set(&err, TTS_ERR_IO, "a synthesis worker could not send its audio");
    if (status != TTS_OK)
        send_frame(fd, FRAME_ERROR, err.message, strlen(err.message));
    else
        send_frame(fd, FRAME_END, NULL, 0);
    /* Closed before exiting: the parent sees the end of the pipe now, not
     * after the kernel has taken this process's memory down, and starts the
     * next worker meanwhile. */
    close(fd);
    _exit(status == TTS_OK ? 0 : 1);
}

typedef struct pool_child {
    const tts_pool *pool;
    const pool_job *job;
} pool_child;

/* In the child: the other workers' pipes are not its to hold open. */
static void start_child(int fd, void *user)
{
    const pool_child *child = user;
    for (size_t i = 0; i < child->pool->slots; i++)
        if (child->pool->jobs[i].state == JOB_RUNNING)
            close(child->pool->jobs[i].fd);
    run_child(fd, &child->job->voice, child->job->speed, child->job->text);
}

tts_status tts_pool_open(size_t workers, size_t max_buffered_bytes, tts_pool **out,
                         tts_error *err)
{
    tts_pool *pool = calloc(1, sizeof *pool);
    size_t slots = (workers ? workers : 1) * SLOTS_PER_WORKER;
    if (pool != NULL) {
        pool->jobs = calloc(slots, sizeof *pool->jobs);
        pool->polled = calloc(slots, sizeof *pool->polled);
        pool->polled_jobs = calloc(slots, sizeof *pool->polled_jobs);
        pool->exiting = calloc(slots, sizeof *pool->exiting);
    }
    if (pool == NULL || pool->jobs == NULL || pool->polled == NULL || pool->polled_jobs == NULL ||
        pool->exiting == NULL) {
        if (pool != NULL) {
            free(pool->jobs);
            free(pool->polled);
            free(pool->polled_jobs);
            free(pool->exiting);
        }
        free(pool);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory starting workers");
    }
    pool->workers = workers ? workers : 1;
    pool->slots = slots;
    pool->max_buffered = max_buffered_bytes;
    *out = pool;
    return TTS_OK;
}

int tts_pool_has_room(const tts_pool *pool)
{
    for (size_t i = 0; i < pool->slots; i++)
        if (pool->jobs[i].state == JOB_FREE)
            return 1;
    return 0;
}

static size_t buffered_bytes(const tts_pool *pool)
{
    size_t total = 0;
    for (size_t i = 0; i < pool->slots; i++)
        total += pool->jobs[i].state != JOB_FREE ? pool->jobs[i].length : 0;
    return total;
}

/* With workers in parallel, each pipe holds this much (the kernel's default
 * is 64 KiB): a worker ahead writes on into it while the parent's buffer is
 * full, instead of waiting for the turns before its own to be mixed (a long
 * page's turns are ~600 KB each, the parent holds 1 MB). Seed x20, -j 2:
 * 5.8 s CPU instead of 6.6, wall 3.3 s instead of 3.6. Not with one
 * worker: the parent then reads what was written long before, out of
 * cache (-j 1 CPU 7.7 s instead of 6.8). Pipe pages are the kernel's,
 * taken as they fill; a smaller size, or none, is fine. */
#define WORKER_PIPE_BYTES (1024 * 1024)

/* Reaps the workers that have exited since they closed their pipes. */
static void reap_exited(tts_pool *pool)
{
    size_t kept = 0;
    for (size_t i = 0; i < pool->exiting_count; i++) {
        pid_t pid;
        while ((pid = waitpid(pool->exiting[i], NULL, WNOHANG)) < 0 && errno == EINTR)
            ;
        if (pid == 0)
            pool->exiting[kept++] = pool->exiting[i];
    }
    pool->exiting_count = kept;
}

static tts_status start_job(tts_pool *pool, pool_job *job, tts_error *err)
{
    pool_child child = {pool, job};
    pid_t pid;
    int read_fd;
    tts_status status = tts_spawn(start_child, &child, "a synthesis worker", &pid, &read_fd, err);
    if (status != TTS_OK)
        return status;
    if (pool->workers > 1)
        (void)fcntl(read_fd, F_SETPIPE_SZ, WORKER_PIPE_BYTES);
    job->state = JOB_RUNNING;
    job->pid = pid;
    job->fd = read_fd;
    pool->running++;
    return TTS_OK;
}

/* Gives free workers the queued jobs, earliest first, while the audio held
 * ahead leaves room; job `first` (the one being collected) starts whatever
 * is held, since nothing else can make room. Jobs start in id order, so
 * when `first` waits no later job runs. */
static tts_status start_queued(tts_pool *pool, size_t first, tts_error *err)
{
    reap_exited(pool);
    tts_status status = TTS_OK;
    while (status == TTS_OK && pool->running < pool->workers) {
        pool_job *next = NULL;
        for (size_t i = 0; i < pool->slots; i++)
            if (pool->jobs[i].state == JOB_QUEUED && (next == NULL || pool->jobs[i].id < next->id))
                next = &pool->jobs[i];
        if (next == NULL || (next->id != first && buffered_bytes(pool) >= pool->max_buffered))
            break;
        status = start_job(pool, next, err);
    }
    return status;
}

tts_status tts_pool_submit(tts_pool *pool, size_t id, const tts_voice *voice, double speed,
                           const char *text, tts_error *err)
{
    pool_job *job = NULL;
    for (size_t i = 0; i < pool->slots && job == NULL; i++)
        if (pool->jobs[i].state == JOB_FREE)
            job = &pool->jobs[i];
    if (job == NULL)
        return tts_error_set(err, TTS_ERR_SYNTH, "no free worker for turn %zu", id + 1);
    char *copy = strdup(text);
    if (copy == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory starting turn %zu", id + 1);
    unsigned char *buffer = job->buffer;
    size_t capacity = job->capacity;
    memset(job, 0, sizeof *job);
    job->buffer = buffer;
    job->capacity = capacity;
    job->state = JOB_QUEUED;
    job->id = id;
    job->voice = *voice;
    job->speed = speed;
    job->text = copy;
    job->fd = -1;
    return start_queued(pool, SIZE_MAX, err);
}

/* Reads what the job's pipe holds into its buffer. */
static tts_status job_read(pool_job *job, tts_error *err)
{
    if (job->capacity - job->length < 65536) {
        size_t capacity = job->capacity ? job->capacity * 2 : 131072;
        while (capacity - job->length < 65536)
            capacity *= 2;
        unsigned char *grown = tts_unshared_resize(job->buffer, job->capacity, capacity);
        if (grown == NULL)
            return tts_error_set(err, TTS_ERR_NOMEM, "out of memory buffering audio");
        job->buffer = grown;
        job->capacity = capacity;
    }
    ssize_t got = read(job->fd, job->buffer + job->length, job->capacity - job->length);
    if (got < 0 && errno != EINTR && errno != EAGAIN)
        return tts_error_set(err, TTS_ERR_SYNTH, "worker pipe: %s", strerror(errno));
    if (got == 0)
        job->eof = true;
    if (got > 0)
        job->length += (size_t)got;
    return TTS_OK;
}

/* Hands every complete frame of the job's buffer to output. */
static tts_status job_dispatch(pool_job *job, const tts_synth_output *output, tts_error *err)
{
    size_t used = 0;
    tts_status status = TTS_OK;
    while (status == TTS_OK && job->length - used >= sizeof(frame_header)) {
        frame_header header;
        memcpy(&header, job->buffer + used, sizeof header);
        if (job->length - used - sizeof header < header.length)
            break;
        const unsigned char *payload = job->buffer + used + sizeof header;
        used += sizeof header + header.length;
        switch (header.type) {
        case FRAME_AUDIO: {
            /* Copy out: the payload is not aligned for int16_t in general. */
            int16_t samples[4096];
            for (size_t done = 0; done < header.length && status == TTS_OK;) {
                size_t bytes = header.length - done;
                if (bytes > sizeof samples)
                    bytes = sizeof samples;
                memcpy(samples, payload + done, bytes);
                if (output->audio(output->user, samples, bytes / sizeof *samples))
                    status = tts_error_set(err, TTS_ERR_INTERRUPTED, "stopped");
                done += bytes;
            }
            break;
        }
        case FRAME_WORD: {
            word_payload word;
            memcpy(&word, payload, sizeof word);
            if (output->word != NULL &&
                output->word(output->user, word.sample, (size_t)word.offset, (size_t)word.length))
                status = tts_error_set(err, TTS_ERR_INTERRUPTED, "stopped");
            break;
        }
        case FRAME_ERROR:
            status = tts_error_set(err, TTS_ERR_SYNTH, "%.*s", (int)header.length,
                                   (const char *)payload);
            break;
        case FRAME_END:
            job->ended = true;
            break;
        default:
            status = tts_error_set(err, TTS_ERR_SYNTH, "worker sent a bad frame");
        }
    }
    if (used > 0) {
        memmove(job->buffer, job->buffer + used, job->length - used);
        job->length -= used;
    }
    return status;
}

/* The worker has closed its pipe (or is to be stopped): its slot keeps the
 * frames it sent, and its process no longer counts as running. One that is
 * still exiting (taking its memory down) is reaped later, so that the next
 * worker starts now rather than after it. */
static void job_reap(tts_pool *pool, pool_job *job, bool kill_child)
{
    if (job->state != JOB_RUNNING)
        return;
    close(job->fd);
    job->fd = -1;
    if (kill_child) {
        tts_spawn_reap(job->pid, true);
    } else {
        if (pool->exiting_count == pool->slots) { /* full: wait for the oldest */
            tts_spawn_reap(pool->exiting[0], false);
            pool->exiting_count--;
            memmove(pool->exiting, pool->exiting + 1, pool->exiting_count * sizeof *pool->exiting);
        }
        pool->exiting[pool->exiting_count++] = job->pid;
    }
    job->state = JOB_DONE;
    pool->running--;
}

/* A slot's buffer stays for the next job unless a whole turn grew it: with
 * several slots per worker, kept large buffers would add up. */
#define KEPT_BUFFER_BYTES 131072

static void job_finish(tts_pool *pool, pool_job *job, bool kill_child)
{
    job_reap(pool, job, kill_child);
    free(job->text);
    job->text = NULL;
    job->state = JOB_FREE;
    job->length = 0;
    if (job->capacity > KEPT_BUFFER_BYTES) {
        tts_unshared_free(job->buffer, job->capacity);
        job->buffer = NULL;
        job->capacity = 0;
    }
}

tts_status tts_pool_collect(tts_pool *pool, size_t id, const tts_synth_output *output,
                            tts_error *err)
{
    pool_job *current = NULL;
    for (size_t i = 0; i < pool->slots; i++)
        if (pool->jobs[i].state != JOB_FREE && pool->jobs[i].id == id)
            current = &pool->jobs[i];
    if (current == NULL)
        return tts_error_set(err, TTS_ERR_SYNTH, "turn %zu was never started", id + 1);

    tts_status status = start_queued(pool, id, err);
    if (status == TTS_OK)
        status = job_dispatch(current, output, err);
    while (status == TTS_OK && !current->eof) {
        struct pollfd *fds = pool->polled;
        pool_job **owners = pool->polled_jobs;
        nfds_t count = 0;
        bool room = buffered_bytes(pool) < pool->max_buffered;
        for (size_t i = 0; i < pool->slots; i++) {
            pool_job *job = &pool->jobs[i];
            if (job->state != JOB_RUNNING || job->eof || (job != current && !room))
                continue;
            fds[count].fd = job->fd;
            fds[count].events = POLLIN;
            owners[count++] = job;
        }
        if (count == 1) {
            /* Only the turn being collected: read it, no poll. */
            status = job_read(current, err);
            if (status == TTS_OK && tts_signals_pending())
                status = tts_error_set(err, TTS_ERR_INTERRUPTED, "interrupted");
            if (status == TTS_OK)
                status = job_dispatch(current, output, err);
            continue;
        }
        if (poll(fds, count, -1) < 0) {
            if (errno != EINTR)
                status = tts_error_set(err, TTS_ERR_SYNTH, "poll: %s", strerror(errno));
            else if (tts_signals_pending())
                status = tts_error_set(err, TTS_ERR_INTERRUPTED, "interrupted");
            continue;
        }
        for (nfds_t k = 0; k < count && status == TTS_OK; k++) {
            pool_job *job = owners[k];
            if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            status = job_read(job, err);
            if (status == TTS_OK && job == current)
                status = job_dispatch(current, output, err);
            if (status == TTS_OK && job != current && job->eof) {
                /* a worker ahead is done: it frees its process for the next job */
                job_reap(pool, job, false);
                status = start_queued(pool, id, err);
            }
        }
    }
    bool ended = current->ended;
    job_finish(pool, current, status != TTS_OK);
    if (status == TTS_OK && !ended)
        status = tts_error_set(err, TTS_ERR_SYNTH, "a synthesis worker died on turn %zu", id + 1);
    if (status == TTS_OK)
        status = start_queued(pool, SIZE_MAX, err);
    return status;
}

void tts_pool_close(tts_pool *pool)
{
    if (pool == NULL)
        return;
    for (size_t i = 0; i < pool->slots; i++) {
        job_finish(pool, &pool->jobs[i], true);
        tts_unshared_free(pool->jobs[i].buffer, pool->jobs[i].capacity);
    }
    for (size_t i = 0; i < pool->exiting_count; i++)
        tts_spawn_reap(pool->exiting[i], false);
    free(pool->exiting);
    free(pool->jobs);
    free(pool->polled);
    free(pool->polled_jobs);
    free(pool);
}
