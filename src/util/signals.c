/* signals.c: the stop flag and the temporary files a stopped process must
 * not leave behind; the handler only does async-signal-safe work. */
#include "util/signals.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

#define MAX_TEMPORARIES 64

static volatile sig_atomic_t pending_signal;
static char temporaries[MAX_TEMPORARIES][PATH_MAX];
static volatile sig_atomic_t temporary_used[MAX_TEMPORARIES];

static void on_stop_signal(int number)
{
    pending_signal = number;
    for (int i = 0; i < MAX_TEMPORARIES; i++)
        if (temporary_used[i])
            unlink(temporaries[i]);
}

void tts_signals_install(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int tts_signals_pending(void)
{
    return pending_signal;
}

int tts_signals_track_temporary(const char *path)
{
    for (int i = 0; i < MAX_TEMPORARIES; i++) {
        if (temporary_used[i])
            continue;
        size_t length = strlen(path);
        if (length >= PATH_MAX)
            return -1;
        memcpy(temporaries[i], path, length + 1);
        temporary_used[i] = 1;
        return i;
    }
    return -1;
}

void tts_signals_untrack_temporary(int slot)
{
    if (slot >= 0 && slot < MAX_TEMPORARIES)
        temporary_used[slot] = 0;
}
