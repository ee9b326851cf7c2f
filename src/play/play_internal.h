/* play_internal.h: the pieces of the live player shared by its files and
 * its unit tests: key decoding, navigation, the status line, the terminal. */
#ifndef TTSREAD_PLAY_INTERNAL_H
#define TTSREAD_PLAY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <termios.h>

#include "ttsread/cast.h"
#include "ttsread/play.h"
#include "ttsread/render.h"
#include "ttsread/script.h"

typedef enum play_command {
    PLAY_NONE = 0,
    PLAY_PAUSE,            /* space */
    PLAY_NEXT,             /* n, right arrow */
    PLAY_PREVIOUS,         /* p, left arrow */
    PLAY_NEXT_SPEAKER,     /* N, down arrow */
    PLAY_PREVIOUS_SPEAKER, /* P, up arrow */
    PLAY_REPEAT,           /* r */
    PLAY_NEXT_SENTENCE,    /* . or Ctrl+Right */
    PLAY_PREVIOUS_SENTENCE,/* , or Ctrl+Left */
    PLAY_REPEAT_SENTENCE,  /* R */
    PLAY_FASTER,           /* + */
    PLAY_SLOWER,           /* - */
    PLAY_SAY_SPEAKER,      /* s */
    PLAY_HELP,             /* ? */
    PLAY_QUIT,             /* q, Esc */
    PLAY_CONTINUE,         /* c: where the last run stopped */
} play_command;

/* The keys, as ? prints them. */
extern const char tts_play_help_text[];

/* Decodes the key press at the start of bytes and sets *used to the bytes
 * it took. An escape sequence cut short sets *used to 0 while more bytes
 * may follow; once none will, a lone Esc means quit. */
play_command tts_play_decode_key(const unsigned char *bytes, size_t length, bool more_may_follow,
                             size_t *used);

/* The turn that `command` (a move) leads to from `turn`; script->turn_count
 * when it leads past the end. Turns with nothing to say are stepped over;
 * a cue does not end a speaker's run. */
size_t tts_play_target_turn(const tts_script *script, size_t turn, play_command command);

/* Where sentences start in a turn's spoken text: the sentence holding byte
 * `offset`, moved by `step` sentences (-1 the one before, +1 the next).
 * Returns a byte offset, or SIZE_MAX when the move leaves the text. */
size_t tts_play_sentence_start(const char *text, size_t offset, int step);

/* Rough length of text spoken by voice at speed 1, in seconds, for the
 * status line until the real length is known. */
double tts_play_estimate_seconds(const char *text, const tts_voice *voice);

/* "1:05", "1:02:03". */
void tts_play_format_time(char *buffer, size_t size, double seconds);

/* One status line, cut to fit `width` columns; "~" marks a total that is
 * still an estimate. */
void tts_play_format_status(char *buffer, size_t size, size_t width, const char *speaker,
                        size_t turn, size_t turn_count, double elapsed, double total,
                        bool total_estimated, double speed, bool paused);

/* The child that writes -o and --captions while the parent plays. */
typedef struct play_renderer {
    pid_t pid;               /* -1 when there is nothing to render */
    int message_fd;          /* its error message, if it fails */
} play_renderer;

/* Starts the child when render asks for a file; else sets pid to -1. */
tts_status tts_play_renderer_start(play_renderer *child, const tts_script *script,
                               const tts_palette *palette, const tts_cast *cast,
                               const tts_render_options *render, tts_error *err);
/* Waits for the child, or stops it first (its temporary files go with it). */
tts_status tts_play_renderer_finish(play_renderer *child, bool stop, tts_error *err);

/* The child that measures every job's length for the status line's total. */
typedef struct play_lengths {
    pid_t pid;               /* -1 when not running */
    int fd;                  /* its reports, or -1 once all are read */
    unsigned char buffer[16];
    size_t held;
} play_lengths;

tts_status tts_play_lengths_start(play_lengths *probe, const tts_script *script,
                              const tts_palette *palette, const tts_cast *cast,
                              const tts_render_job *jobs, size_t count, tts_error *err);
/* Takes one report when one is ready: the job and its samples at speed 1. */
size_t tts_play_lengths_take(play_lengths *probe, size_t *job, uint64_t *samples);
/* Stops the child (when still running) and closes its pipe. */
void tts_play_lengths_stop(play_lengths *probe);

/* Listening positions kept between runs ($XDG_STATE_HOME/ttsread/positions),
 * one per piece, keyed by a hash of its text. */
uint64_t tts_play_resume_key(const tts_script *script);
tts_status tts_play_resume_save(uint64_t key, size_t job, size_t offset, size_t job_count,
                            tts_error *err);
/* 1 and the position when one is kept for the piece, 0 when none, -1 when
 * the file is corrupt or stale (note says so; it is not fatal). */
int tts_play_resume_load(uint64_t key, size_t job_count, size_t *job, size_t *offset, char *note,
                     size_t note_size);
/* The piece was heard to its end: nothing to resume. */
void tts_play_resume_forget(uint64_t key);

/* The listener's terminal: keys from stdin, status line on stderr. */
typedef struct play_terminal {
    int keyboard;            /* stdin's descriptor when keys are read, else -1 */
    bool status_line;        /* stderr is a terminal and the status line is wanted */
    bool raw;
    bool line_shown;         /* a status line is on screen */
    struct termios saved;
    int wake_fd;             /* input here ends a wait too (the media keys' bus), or -1 */
    unsigned char pending[16];
    size_t pending_length;
} play_terminal;

/* Takes the keyboard when stdin is the foreground terminal (raw mode with
 * signals kept, so Ctrl-C still interrupts). */
void tts_play_terminal_open(play_terminal *terminal, bool status_line);
/* Clears the status line and restores the terminal exactly as it was. */
void tts_play_terminal_close(play_terminal *terminal);
/* Waits up to timeout_ms for a key (sleeps when there is no keyboard);
 * input on wake_fd ends the wait early, with no key. */
play_command tts_play_terminal_read(play_terminal *terminal, int timeout_ms);
/* Columns a status line may take without wrapping. */
size_t tts_play_terminal_width(void);
/* Redraws the status line in place. */
void tts_play_terminal_status(play_terminal *terminal, const char *line);
/* Prints a message on its own line, above the status line. */
void tts_play_terminal_print(play_terminal *terminal, const char *text);

/* Media keys: MPRIS 2.2 on the D-Bus session bus (mpris.c), built with
 * MPRIS=1. A call becomes the play_command its key would. */
typedef struct play_media_keys play_media_keys;

typedef struct play_media_keys_options {
    const char *title;               /* the piece's, for xesam:title (copied) */
    double min_speed, max_speed;     /* MinimumRate, MaximumRate */
    double (*position)(void *user);  /* seconds into the turn heard, when asked */
    void *position_user;
} play_media_keys_options;

/* What the media keys show; tts_play_media_keys_show signals what changed. */
typedef struct play_media_state {
    bool paused;
    size_t turn;                     /* 0-based: the track is the turn */
    const char *speaker;             /* the name heard (copied) */
    double length_seconds;           /* the turn's length at this speed, or 0 when unknown */
    double speed;
} play_media_state;

/* Owns org.mpris.MediaPlayer2.ttsread.instance<PID> on the session bus and
 * serves /org/mpris/MediaPlayer2. *out is freed by tts_play_media_keys_close.
 * Fails (naming the bus) when there is no bus, the name is taken, or the
 * build has no MPRIS: the player plays on without media keys. */
tts_status tts_play_media_keys_open(const play_media_keys_options *options,
                                    play_media_keys **out, tts_error *err);
/* The descriptor to poll for input, or -1 (keys NULL). */
int tts_play_media_keys_fd(const play_media_keys *keys);
/* Answers the calls waiting, up to the first that asks for a command, and
 * returns that command (PLAY_NONE when none; keys may be NULL). */
play_command tts_play_media_keys_take(play_media_keys *keys);
void tts_play_media_keys_show(play_media_keys *keys, const play_media_state *state);
void tts_play_media_keys_close(play_media_keys *keys);

#endif
