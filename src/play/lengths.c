/* lengths.c: the player's clock needs the piece's length before it is
 * heard; a child synthesizes every job once, counts its samples and reports
 * them, which at eSpeak NG's hundreds of times real time takes seconds. */
#include "play_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ttsread/synth.h"

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

/* The child: every job in order at speed 1, one report each. */
static void measure_jobs(int fd, const tts_script *script, const tts_palette *palette,
                         const tts_cast *cast, const tts_render_job *jobs, size_t count)
{
    for (size_t j = 0; j < count; j++) {
        length_report report = {(uint32_t)j, 0, 0};
        tts_synth_output output = {count_samples, NULL, &report.samples};
        tts_error err;
        if (jobs[j].text[0] != '\0' &&
            tts_synth_speak(tts_render_job_voice(script, palette, cast, &jobs[j]), 1.0,
                            jobs[j].text, &output, &err) != TTS_OK)
            break;
        if (write(fd, &report, sizeof report) != (ssize_t)sizeof report)
            break;
    }
    _exit(0);
}

tts_status play_lengths_start(play_lengths *probe, const tts_script *script,
                              const tts_palette *palette, const tts_cast *cast,
                              const tts_render_job *jobs, size_t count, tts_error *err)
{
    probe->pid = -1;
    probe->fd = -1;
    probe->held = 0;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return tts_error_set(err, TTS_ERR_IO, "cannot measure the piece: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return tts_error_set(err, TTS_ERR_IO, "cannot measure the piece: %s", strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        /* behind the workers that feed the listener; if it cannot yield, no harm */
        int niceness = nice(10);
        (void)niceness;
        measure_jobs(fds[1], script, palette, cast, jobs, count);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    probe->pid = pid;
    probe->fd = fds[0];
    return TTS_OK;
}

size_t play_lengths_take(play_lengths *probe, size_t *job, uint64_t *samples)
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

void play_lengths_stop(play_lengths *probe)
{
    if (probe->fd >= 0)
        close(probe->fd);
    probe->fd = -1;
    if (probe->pid > 0) { /* never kill(0) or kill(-1): those reach process groups */
        kill(probe->pid, SIGKILL);
        while (waitpid(probe->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    probe->pid = -1;
}
