/* lengths.c: the player's clock needs the piece's length before it is
 * heard; a child synthesizes every job once, counts its samples and reports
 * them, which at eSpeak NG's hundreds of times real time takes seconds. */
#include "play_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "ttsread/synth.h"
#include "util/spawn.h"

typedef struct length_report {
    uint32_t job;
    uint32_t unused;
    uint64_t samples;
} length_report;

static int count_samples(void *user, const int16_t *samples, size_t count)
{
    (void)samples;
    *(uint64_t *)user += count;
    return 0;
}

typedef struct length_job {
    const tts_script *script;
    const tts_palette *palette;
    const tts_cast *cast;
    const tts_render_job *jobs;
    size_t count;
} length_job;

/* The child: every job in order at speed 1, one report each. */
static void measure_jobs(int fd, void *user)
{
    const length_job *work = user;
    /* behind the workers that feed the listener; if it cannot yield, no harm */
    int niceness = nice(10);
    (void)niceness;
    for (size_t j = 0; j < work->count; j++) {
        const tts_render_job *job = &work->jobs[j];
        length_report report = {(uint32_t)j, 0, 0};
        tts_synth_output output = {count_samples, NULL, &report.samples};
        tts_error err;
        if (job->text[0] != '\0' &&
            tts_synth_speak(tts_render_job_voice(work->script, work->palette, work->cast, job),
                            1.0, job->text, &output, &err) != TTS_OK)
            break;
        if (write(fd, &report, sizeof report) != (ssize_t)sizeof report)
            break;
    }
    _exit(0);
}

tts_status tts_play_lengths_start(play_lengths *probe, const tts_script *script,
                              const tts_palette *palette, const tts_cast *cast,
                              const tts_render_job *jobs, size_t count, tts_error *err)
{
    probe->pid = -1;
    probe->fd = -1;
    probe->held = 0;
    length_job work = {script, palette, cast, jobs, count};
    tts_status status = tts_spawn(measure_jobs, &work, "the length probe", &probe->pid,
                                  &probe->fd, err);
    if (status == TTS_OK)
        fcntl(probe->fd, F_SETFL, O_NONBLOCK);
    return status;
}

size_t tts_play_lengths_take(play_lengths *probe, size_t *job, uint64_t *samples)
{
    if (probe->fd < 0)
        return 0;
    while (probe->held < sizeof(length_report)) {
        ssize_t got = read(probe->fd, probe->buffer + probe->held,
                           sizeof(length_report) - probe->held);
        if (got <= 0) {
            if (got == 0 || (errno != EAGAIN && errno != EINTR)) { /* all told */
                close(probe->fd);
                probe->fd = -1;
            }
            return 0;
        }
        probe->held += (size_t)got;
    }
    length_report report;
    memcpy(&report, probe->buffer, sizeof report);
    probe->held = 0;
    *job = report.job;
    *samples = report.samples;
    return 1;
}

void tts_play_lengths_stop(play_lengths *probe)
{
    if (probe->fd >= 0)
        close(probe->fd);
    probe->fd = -1;
    tts_spawn_reap(probe->pid, true);
    probe->pid = -1;
}
