/* terminal.c: the listener's terminal during playback: single keys in raw
 * mode (always restored), and one status line redrawn in place on stderr. */
#include "play_internal.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* How long the rest of an escape sequence may take to arrive before a lone
 * Esc counts as a key of its own. */
#define ESCAPE_WAIT_MS 50

/* The modes to restore, for the Ctrl-Z handler (a signal handler sees only globals). */
static struct termios saved_modes, raw_modes;
static volatile sig_atomic_t keyboard_fd = -1;
static struct sigaction previous_stop_action;

/* Ctrl-Z: give the shell its terminal back while stopped, raw mode again after. */
static void on_terminal_stop(int number)
{
    (void)number;
    int saved_errno = errno;
    if (keyboard_fd >= 0)
        tcsetattr(keyboard_fd, TCSANOW, &saved_modes);
    raise(SIGSTOP);
    if (keyboard_fd >= 0)
        tcsetattr(keyboard_fd, TCSANOW, &raw_modes);
    errno = saved_errno;
}

void tts_play_terminal_open(play_terminal *terminal, bool status_line)
{
    memset(terminal, 0, sizeof *terminal);
    terminal->keyboard = -1;
    terminal->wake_fd = -1;
    terminal->status_line = status_line && isatty(STDERR_FILENO);
    /* Only the foreground job may change the terminal (else SIGTTOU stops us). */
    if (!isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) != getpgrp() ||
        tcgetattr(STDIN_FILENO, &terminal->saved) != 0)
        return;
    struct termios raw = terminal->saved;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    saved_modes = terminal->saved;
    raw_modes = raw;
    /* TCSANOW, not TCSAFLUSH: keys typed before playback started still count. */
    if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
        return;
    terminal->keyboard = STDIN_FILENO;
    terminal->raw = true;
    keyboard_fd = STDIN_FILENO;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_terminal_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTSTP, &action, &previous_stop_action);
}

static void release_keyboard(play_terminal *terminal)
{
    if (terminal->raw) {
        sigaction(SIGTSTP, &previous_stop_action, NULL);
        keyboard_fd = -1;
        tcsetattr(terminal->keyboard, TCSANOW, &terminal->saved);
        terminal->raw = false;
    }
    terminal->keyboard = -1;
}

void tts_play_terminal_close(play_terminal *terminal)
{
    if (terminal->line_shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        terminal->line_shown = false;
    }
    release_keyboard(terminal);
}

/* Waits up to timeout_ms for bytes on the keyboard; false on timeout or a signal. */
static bool wait_for_input(int fd, int timeout_ms)
{
    struct pollfd wanted = {fd, POLLIN, 0};
    return poll(&wanted, 1, timeout_ms) > 0 && (wanted.revents & POLLIN);
}

static play_command take_pending(play_terminal *terminal, bool more_may_follow)
{
    while (terminal->pending_length > 0) {
        size_t used;
        /* A full buffer holds no key worth waiting for. */
        bool may_grow = more_may_follow && terminal->pending_length < sizeof terminal->pending;
        play_command command = tts_play_decode_key(terminal->pending, terminal->pending_length,
                                               may_grow, &used);
        if (used == 0)
            return PLAY_NONE;
        memmove(terminal->pending, terminal->pending + used, terminal->pending_length - used);
        terminal->pending_length -= used;
        if (command != PLAY_NONE)
            return command;
    }
    return PLAY_NONE;
}

/* Waits up to timeout_ms for a key, or less when wake_fd has input first;
 * true when the keyboard has bytes. poll leaves out a descriptor of -1:
 * with neither, this sleeps. */
static bool wait_for_key(play_terminal *terminal, int timeout_ms)
{
    struct pollfd wanted[2] = {{terminal->keyboard, POLLIN, 0}, {terminal->wake_fd, POLLIN, 0}};
    return poll(wanted, 2, timeout_ms) > 0 && (wanted[0].revents & POLLIN);
}

play_command tts_play_terminal_read(play_terminal *terminal, int timeout_ms)
{
    if (terminal->keyboard < 0) {
        wait_for_key(terminal, timeout_ms);
        return PLAY_NONE;
    }
    play_command command = take_pending(terminal, true);
    if (command != PLAY_NONE)
        return command;
    if (!wait_for_key(terminal, timeout_ms)) {
        /* An Esc with nothing after it is the Esc key. */
        return take_pending(terminal, false);
    }
    ssize_t got = read(terminal->keyboard, terminal->pending + terminal->pending_length,
                       sizeof terminal->pending - terminal->pending_length);
    if (got <= 0) {
        if (got == 0 || (errno != EINTR && errno != EAGAIN))
            release_keyboard(terminal); /* the terminal went away: play on without keys */
        return PLAY_NONE;
    }
    terminal->pending_length += (size_t)got;
    command = take_pending(terminal, true);
    if (command == PLAY_NONE && terminal->pending_length > 0 &&
        !wait_for_input(terminal->keyboard, ESCAPE_WAIT_MS))
        command = take_pending(terminal, false);
    return command;
}

size_t tts_play_terminal_width(void)
{
    struct winsize size;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1)
        return size.ws_col - 1;
    return 79;
}

void tts_play_terminal_status(play_terminal *terminal, const char *line)
{
    if (!terminal->status_line)
        return;
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
    terminal->line_shown = true;
}

void tts_play_terminal_print(play_terminal *terminal, const char *text)
{
    if (terminal->line_shown)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "%s\n", text);
    fflush(stderr);
    terminal->line_shown = false;
}
