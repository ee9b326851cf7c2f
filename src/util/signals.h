/* signals.h: SIGINT/SIGTERM handling shared by every stage: a flag that long
 * loops check, and the temporary files to remove if the process is stopped. */
#ifndef TTSREAD_SIGNALS_H
#define TTSREAD_SIGNALS_H

#include <signal.h>

/* Installs handlers for SIGINT and SIGTERM (and ignores SIGPIPE so a closed
 * pipe is a write error). */
void tts_signals_install(void);
/* The signal that asked us to stop, or 0. */
int tts_signals_pending(void);

/* Registers a temporary file that the signal handler removes; at most a
 * fixed number at once. Returns a slot number, or -1 when full. */
int tts_signals_track_temporary(const char *path);
void tts_signals_untrack_temporary(int slot);

#endif
