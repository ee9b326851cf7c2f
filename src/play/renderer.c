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

tts_status play_renderer_start(play_renderer *child, const tts_script *script,
                               const tts_palette *palette, const tts_cast *cast,
                               const tts_render_options *render, tts_error *err)
{
    child->pid = -1;
    child->message_fd = -1;
    if (render->output_path == NULL && render->captions_path == NULL &&
        render->readalong_path == NULL)
        return TTS_OK;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return tts_error_set(err, TTS_ERR_IO, "cannot start rendering: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return tts_error_set(err, TTS_ERR_IO, "cannot start rendering: %s", strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        tts_error child_error;
        tts_error_clear(&child_error);
        tts_render_result result;
        tts_status status = tts_render(script, palette, cast, render, &result, &child_error);
        if (status != TTS_OK && write(fds[1], child_error.message, strlen(child_error.message)) < 0)
            status = TTS_ERR_IO;
        _exit(status == TTS_OK ? 0 : 1);
    }
    close(fds[1]);
    /* Its own workers hold the pipe too: never wait on it after the child is gone. */
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    child->pid = pid;
    child->message_fd = fds[0];
    return TTS_OK;
}

tts_status play_renderer_finish(play_renderer *child, bool stop, tts_error *err)
{
    if (child->pid <= 0) /* kill(0) or kill(-1) would reach whole process groups */
        return TTS_OK;
    if (stop)
        kill(child->pid, SIGTERM);
    int wait_status = 0;
    while (waitpid(child->pid, &wait_status, 0) < 0 && errno == EINTR)
        ;
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
