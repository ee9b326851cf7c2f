/* spawn.c: fork with a pipe back, and the stop and reap that go with it,
 * for the synthesis pool, batch workers, the file renderer behind --play and
 * the player's length probe. */
#include "util/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

tts_status tts_spawn(void (*body)(int fd, void *user), void *user, const char *what, pid_t *pid,
                     int *read_fd, tts_error *err)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return tts_error_set(err, TTS_ERR_IO, "cannot start %s: %s", what, strerror(errno));
    fflush(NULL);
    pid_t child = fork();
    if (child < 0) {
        close(fds[0]);
        close(fds[1]);
        return tts_error_set(err, TTS_ERR_IO, "cannot start %s: %s", what, strerror(errno));
    }
    if (child == 0) {
        close(fds[0]);
        body(fds[1], user);
        _exit(0); /* body should not return; if it does, leave quietly */
    }
    close(fds[1]);
    *pid = child;
    *read_fd = fds[0];
    return TTS_OK;
}

int tts_spawn_reap(pid_t pid, bool stop)
{
    int wait_status = 0;
    if (pid <= 0)
        return 0;
    if (stop)
        kill(pid, SIGKILL);
    while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR)
        ;
    return wait_status;
}
