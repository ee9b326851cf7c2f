/* spawn.h: the one way ttsread starts a worker process: fork with a pipe
 * back to the parent, and the matching stop and reap. */
#ifndef TTSREAD_UTIL_SPAWN_H
#define TTSREAD_UTIL_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

#include "ttsread/error.h"

/* Forks a child that runs body(fd, user) with the pipe's write end and must
 * end with _exit. The parent gets its pid and the read end (close-on-exec).
 * stdio is flushed first, so that nothing buffered is written twice. `what`
 * names the worker in the error ("cannot start a worker: ..."). */
tts_status tts_spawn(void (*body)(int fd, void *user), void *user, const char *what, pid_t *pid,
                     int *read_fd, tts_error *err);

/* Reaps a child from tts_spawn, killing it first (SIGKILL) when `stop`;
 * returns its wait status. Does nothing for a pid <= 0: kill(0) or kill(-1)
 * would reach whole process groups. */
int tts_spawn_reap(pid_t pid, bool stop);

#endif
