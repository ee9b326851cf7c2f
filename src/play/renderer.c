/* renderer.c: --play with -o or --captions: a child process renders the
 * files exactly as tts_render alone would, while the parent plays. */
#include "play_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/spawn.h"

typedef struct render_child {
    const tts_script *script;
    const tts_palette *palette;
    const tts_cast *cast;
    const tts_render_options *render;
} render_child;

/* The child: renders, and reports its error (if any) on the pipe. */
static void render_in_child(int fd, void *user)
{
    const render_child *job = user;
    tts_error child_error;
    tts_error_clear(&child_error);
    tts_render_result result;
    tts_status status = tts_render(job->script, job->palette, job->cast, job->render, &result,
                                   &child_error);
    if (status != TTS_OK && write(fd, child_error.message, strlen(child_error.message)) < 0)
        status = TTS_ERR_IO;
    _exit(status == TTS_OK ? 0 : 1);
}

tts_status tts_play_renderer_start(play_renderer *child, const tts_script *script,
                               const tts_palette *palette, const tts_cast *cast,
                               const tts_render_options *render, tts_error *err)
{
    child->pid = -1;
    child->message_fd = -1;
    if (render->output_path == NULL && render->captions_path == NULL &&
        render->readalong_path == NULL && render->chapters_path == NULL &&
        render->transcript_path == NULL)
        return TTS_OK;
    render_child job = {script, palette, cast, render};
    tts_status status = tts_spawn(render_in_child, &job, "rendering", &child->pid,
                                  &child->message_fd, err);
    if (status != TTS_OK)
        return status;
    /* Its own workers hold the pipe too: never wait on it after the child is gone. */
    fcntl(child->message_fd, F_SETFL, O_NONBLOCK);
    return TTS_OK;
}

tts_status tts_play_renderer_finish(play_renderer *child, bool stop, tts_error *err)
{
    if (child->pid <= 0) /* kill(0) or kill(-1) would reach whole process groups */
        return TTS_OK;
    if (stop)
        kill(child->pid, SIGTERM); /* TERM, not KILL: it removes its temporary files */
    int wait_status = tts_spawn_reap(child->pid, false);
    char message[sizeof err->message] = "";
    ssize_t got = read(child->message_fd, message, sizeof message - 1);
    message[got > 0 ? got : 0] = '\0';
    close(child->message_fd);
    child->pid = -1;
    if (stop || (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0))
        return TTS_OK;
    return tts_error_set(err, TTS_ERR_AUDIO, "%s",
                         message[0] ? message : "rendering the output file failed");
}
