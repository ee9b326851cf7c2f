/* mpris.c: media keys for the live player, the only file that includes sd-bus:
 * serves MPRIS 2.2 on the D-Bus session bus and turns its calls into play_commands. */
#include "play_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if TTS_MPRIS

#include <systemd/sd-bus.h>
#include <unistd.h>

#define OBJECT_PATH "/org/mpris/MediaPlayer2"
#define ROOT_INTERFACE "org.mpris.MediaPlayer2"
#define PLAYER_INTERFACE "org.mpris.MediaPlayer2.Player"
#define TRACK_PATH_PREFIX "/org/mpris/MediaPlayer2/ttsread/turn"
#define NOT_SUPPORTED "org.freedesktop.DBus.Error.NotSupported"
/* A bus that stops answering must not hold the audio up for sd-bus's 25 s. */
#define CALL_TIMEOUT_USEC 1000000

struct play_media_keys {
    sd_bus *bus;               /* owned; the objects' slots float, freed with it */
    char *title;               /* owned */
    char *speaker;             /* owned, or NULL before the first show */
    play_media_state shown;    /* speaker points at `speaker` */
    bool shown_once;
    double min_speed, max_speed;
    double (*position)(void *user);
    void *position_user;
    bool asked_paused;         /* as the calls left it: a second Pause is no toggle */
    play_command pending;      /* a call's command, until taken */
};

/* ---------------------------------------------------------------- methods */

static int queue_command(sd_bus_message *call, play_media_keys *keys, play_command command)
{
    if (command != PLAY_NONE)
        keys->pending = command;
    return sd_bus_reply_method_return(call, NULL);
}

static int on_play(sd_bus_message *call, void *user, sd_bus_error *error)
{
    (void)error;
    play_media_keys *keys = user;
    bool paused = keys->asked_paused;
    keys->asked_paused = false;
    return queue_command(call, keys, paused ? PLAY_PAUSE : PLAY_NONE);
}

static int on_pause(sd_bus_message *call, void *user, sd_bus_error *error)
{
    (void)error;
    play_media_keys *keys = user;
    bool paused = keys->asked_paused;
    keys->asked_paused = true;
    return queue_command(call, keys, paused ? PLAY_NONE : PLAY_PAUSE);
}

static int on_play_pause(sd_bus_message *call, void *user, sd_bus_error *error)
{
    (void)error;
    play_media_keys *keys = user;
    keys->asked_paused = !keys->asked_paused;
    return queue_command(call, keys, PLAY_PAUSE);
}

/* Stop and Quit both do what q does: the place is kept for --resume. */
static int on_quit(sd_bus_message *call, void *user, sd_bus_error *error)
{
    (void)error;
    return queue_command(call, user, PLAY_QUIT);
}

static int on_next(sd_bus_message *call, void *user, sd_bus_error *error)
{
    (void)error;
    return queue_command(call, user, PLAY_NEXT);
}

static int on_previous(sd_bus_message *call, void *user, sd_bus_error *error)
{
    (void)error;
    return queue_command(call, user, PLAY_PREVIOUS);
}

/* Raise: there is no window to raise (CanRaise is false). */
static int on_nothing(sd_bus_message *call, void *user, sd_bus_error *error)
{
    (void)user;
    (void)error;
    return sd_bus_reply_method_return(call, NULL);
}

/* Seek, SetPosition, OpenUri: the player moves by turns and sentences only. */
static int on_not_supported(sd_bus_message *call, void *user, sd_bus_error *error)
{
    (void)call;
    (void)user;
    return sd_bus_error_set(error, NOT_SUPPORTED, "ttsread moves by turns and sentences only");
}

/* ------------------------------------------------------------- properties */

#define GETTER(name)                                                                           \
    static int name(sd_bus *bus, const char *path, const char *interface, const char *property, \
                    sd_bus_message *reply, void *user, sd_bus_error *error)
#define UNUSED_GETTER_ARGUMENTS                                                                \
    (void)bus;                                                                                 \
    (void)path;                                                                                \
    (void)interface;                                                                           \
    (void)property;                                                                            \
    (void)error

GETTER(get_true)
{
    UNUSED_GETTER_ARGUMENTS;
    (void)user;
    return sd_bus_message_append(reply, "b", 1);
}

GETTER(get_false)
{
    UNUSED_GETTER_ARGUMENTS;
    (void)user;
    return sd_bus_message_append(reply, "b", 0);
}

GETTER(get_identity)
{
    UNUSED_GETTER_ARGUMENTS;
    (void)user;
    return sd_bus_message_append(reply, "s", "ttsread");
}

GETTER(get_uri_schemes)
{
    UNUSED_GETTER_ARGUMENTS;
    (void)user;
    return sd_bus_message_append(reply, "as", 3, "file", "http", "https");
}

/* What ttsread reads (input.c's formats). */
GETTER(get_mime_types)
{
    UNUSED_GETTER_ARGUMENTS;
    (void)user;
    return sd_bus_message_append(reply, "as", 7, "text/plain", "text/html",
                                  "application/xhtml+xml", "text/markdown", "text/vtt",
                                  "application/x-subrip", "text/x-fountain");
}

GETTER(get_status)
{
    UNUSED_GETTER_ARGUMENTS;
    const play_media_keys *keys = user;
    return sd_bus_message_append(reply, "s", keys->shown.paused ? "Paused" : "Playing");
}

GETTER(get_metadata)
{
    UNUSED_GETTER_ARGUMENTS;
    const play_media_keys *keys = user;
    char track[sizeof TRACK_PATH_PREFIX + 24];
    snprintf(track, sizeof track, TRACK_PATH_PREFIX "%zu", keys->shown.turn + 1);
    const char *speaker = keys->speaker != NULL ? keys->speaker : "";
    int r = sd_bus_message_open_container(reply, 'a', "{sv}");
    if (r >= 0)
        r = sd_bus_message_append(reply, "{sv}", "mpris:trackid", "o", track);
    if (r >= 0)
        r = sd_bus_message_append(reply, "{sv}", "xesam:title", "s", keys->title);
    if (r >= 0)
        r = sd_bus_message_append(reply, "{sv}", "xesam:artist", "as", 1, speaker);
    if (r >= 0 && keys->shown.length_seconds > 0)
        r = sd_bus_message_append(reply, "{sv}", "mpris:length", "x",
                                   (int64_t)(keys->shown.length_seconds * 1e6));
    return r >= 0 ? sd_bus_message_close_container(reply) : r;
}

GETTER(get_volume)
{
    UNUSED_GETTER_ARGUMENTS;
    (void)user;
    return sd_bus_message_append(reply, "d", 1.0);
}

/* Into the turn being heard, in microseconds (asked, never signalled, as the spec says). */
GETTER(get_position)
{
    UNUSED_GETTER_ARGUMENTS;
    const play_media_keys *keys = user;
    double seconds = keys->position != NULL ? keys->position(keys->position_user) : 0;
    return sd_bus_message_append(reply, "x", (int64_t)(seconds > 0 ? seconds * 1e6 : 0));
}

/* A property with no getter is read by sd-bus at its offset in the keys. */
#define CONSTANT SD_BUS_VTABLE_PROPERTY_CONST
#define CHANGES SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE

static const sd_bus_vtable root_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Raise", "", "", on_nothing, 0),
    SD_BUS_METHOD("Quit", "", "", on_quit, 0),
    SD_BUS_PROPERTY("CanQuit", "b", get_true, 0, CONSTANT),
    SD_BUS_PROPERTY("CanRaise", "b", get_false, 0, CONSTANT),
    SD_BUS_PROPERTY("HasTrackList", "b", get_false, 0, CONSTANT),
    SD_BUS_PROPERTY("Identity", "s", get_identity, 0, CONSTANT),
    SD_BUS_PROPERTY("SupportedUriSchemes", "as", get_uri_schemes, 0, CONSTANT),
    SD_BUS_PROPERTY("SupportedMimeTypes", "as", get_mime_types, 0, CONSTANT),
    SD_BUS_VTABLE_END,
};

static const sd_bus_vtable player_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Next", "", "", on_next, 0),
    SD_BUS_METHOD("Previous", "", "", on_previous, 0),
    SD_BUS_METHOD("Pause", "", "", on_pause, 0),
    SD_BUS_METHOD("PlayPause", "", "", on_play_pause, 0),
    SD_BUS_METHOD("Stop", "", "", on_quit, 0),
    SD_BUS_METHOD("Play", "", "", on_play, 0),
    SD_BUS_METHOD("Seek", "x", "", on_not_supported, 0),
    SD_BUS_METHOD("SetPosition", "ox", "", on_not_supported, 0),
    SD_BUS_METHOD("OpenUri", "s", "", on_not_supported, 0),
    SD_BUS_SIGNAL("Seeked", "x", 0),
    SD_BUS_PROPERTY("PlaybackStatus", "s", get_status, 0, CHANGES),
    SD_BUS_PROPERTY("Rate", "d", NULL, offsetof(play_media_keys, shown.speed), CHANGES),
    SD_BUS_PROPERTY("Metadata", "a{sv}", get_metadata, 0, CHANGES),
    SD_BUS_PROPERTY("Volume", "d", get_volume, 0, CONSTANT),
    SD_BUS_PROPERTY("Position", "x", get_position, 0, 0),
    SD_BUS_PROPERTY("MinimumRate", "d", NULL, offsetof(play_media_keys, min_speed), CONSTANT),
    SD_BUS_PROPERTY("MaximumRate", "d", NULL, offsetof(play_media_keys, max_speed), CONSTANT),
    SD_BUS_PROPERTY("CanGoNext", "b", get_true, 0, CONSTANT),
    SD_BUS_PROPERTY("CanGoPrevious", "b", get_true, 0, CONSTANT),
    SD_BUS_PROPERTY("CanPlay", "b", get_true, 0, CONSTANT),
    SD_BUS_PROPERTY("CanPause", "b", get_true, 0, CONSTANT),
    SD_BUS_PROPERTY("CanSeek", "b", get_false, 0, CONSTANT),
    SD_BUS_PROPERTY("CanControl", "b", get_true, 0, CONSTANT),
    SD_BUS_VTABLE_END,
};

/* ---------------------------------------------------------------- the bus */

/* Where sd-bus looks for the session bus, for messages. */
static const char *bus_address(char *buffer, size_t size)
{
    const char *address = getenv("DBUS_SESSION_BUS_ADDRESS");
    const char *runtime = getenv("XDG_RUNTIME_DIR");
    if (address != NULL) /* sd-bus takes it even empty */
        return address[0] != '\0' ? address : "DBUS_SESSION_BUS_ADDRESS (empty)";
    if (runtime != NULL && runtime[0] != '\0') {
        snprintf(buffer, size, "%s/bus", runtime);
        return buffer;
    }
    return "DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR unset";
}

tts_status tts_play_media_keys_open(const play_media_keys_options *options,
                                    play_media_keys **out, tts_error *err)
{
    *out = NULL;
    play_media_keys *keys = calloc(1, sizeof *keys);
    const char *title = options->title != NULL ? options->title : "";
    if (keys == NULL || (keys->title = strdup(title)) == NULL) {
        free(keys);
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    }
    keys->min_speed = options->min_speed;
    keys->max_speed = options->max_speed;
    keys->position = options->position;
    keys->position_user = options->position_user;
    keys->shown.speed = 1.0;
    char name[64];
    snprintf(name, sizeof name, "org.mpris.MediaPlayer2.ttsread.instance%ld", (long)getpid());
    char failed[128] = "no D-Bus session bus"; /* what the step that fails was doing */
    int r = sd_bus_open_user(&keys->bus);
    if (r >= 0) {
        sd_bus_set_method_call_timeout(keys->bus, CALL_TIMEOUT_USEC);
        snprintf(failed, sizeof failed, "cannot serve " OBJECT_PATH);
        r = sd_bus_add_object_vtable(keys->bus, NULL, OBJECT_PATH, ROOT_INTERFACE, root_vtable,
                                     keys);
    }
    if (r >= 0)
        r = sd_bus_add_object_vtable(keys->bus, NULL, OBJECT_PATH, PLAYER_INTERFACE,
                                     player_vtable, keys);
    /* The name last, so that a controller that sees it finds the object
     * served; sd-bus connects lazily, so a bus that is not there fails here. */
    if (r >= 0) {
        snprintf(failed, sizeof failed, "cannot own %s", name);
        r = sd_bus_request_name(keys->bus, name, 0);
    }
    if (r < 0) {
        char where[4096];
        tts_status status = tts_error_set(err, TTS_ERR_IO, "%s: %s: %s",
                                          bus_address(where, sizeof where), failed, strerror(-r));
        tts_play_media_keys_close(keys);
        return status;
    }
    *out = keys;
    return TTS_OK;
}

int tts_play_media_keys_fd(const play_media_keys *keys)
{
    return keys != NULL ? sd_bus_get_fd(keys->bus) : -1;
}

play_command tts_play_media_keys_take(play_media_keys *keys)
{
    if (keys == NULL)
        return PLAY_NONE;
    /* One message at a time: what follows a command waits until the player
     * has acted on it, so that a Get after Pause sees "Paused". */
    while (keys->pending == PLAY_NONE && sd_bus_process(keys->bus, NULL) > 0)
        ;
    play_command command = keys->pending;
    keys->pending = PLAY_NONE;
    return command;
}

void tts_play_media_keys_show(play_media_keys *keys, const play_media_state *state)
{
    if (keys == NULL)
        return;
    bool status_changed = !keys->shown_once || state->paused != keys->shown.paused;
    bool speaker_changed = keys->speaker == NULL || strcmp(keys->speaker, state->speaker) != 0;
    bool metadata_changed = !keys->shown_once || speaker_changed ||
                            state->turn != keys->shown.turn ||
                            state->length_seconds != keys->shown.length_seconds;
    bool rate_changed = !keys->shown_once || state->speed != keys->shown.speed;
    if (speaker_changed) {
        char *copy = strdup(state->speaker);
        if (copy == NULL)
            return; /* out of memory: the media keys show what they showed */
        free(keys->speaker);
        keys->speaker = copy;
    }
    keys->shown = *state;
    keys->shown.speaker = keys->speaker;
    keys->asked_paused = state->paused;
    keys->shown_once = true;
    char *changed[4];
    size_t count = 0;
    if (status_changed)
        changed[count++] = "PlaybackStatus";
    if (metadata_changed)
        changed[count++] = "Metadata";
    if (rate_changed)
        changed[count++] = "Rate";
    if (count == 0)
        return;
    changed[count] = NULL;
    sd_bus_emit_properties_changed_strv(keys->bus, OBJECT_PATH, PLAYER_INTERFACE, changed);
    sd_bus_flush(keys->bus);
}

void tts_play_media_keys_close(play_media_keys *keys)
{
    if (keys == NULL)
        return;
    if (keys->bus != NULL)
        sd_bus_flush_close_unref(keys->bus);
    free(keys->title);
    free(keys->speaker);
    free(keys);
}

const char *tts_play_media_keys_build(void)
{
    return "MPRIS media keys: built in (sd-bus)";
}

#else /* built with MPRIS=0: no sd-bus; media keys are off and say why */

struct play_media_keys {
    int unused;
};

tts_status tts_play_media_keys_open(const play_media_keys_options *options,
                                    play_media_keys **out, tts_error *err)
{
    (void)options;
    *out = NULL;
    return tts_error_set(err, TTS_ERR_USAGE, "built without MPRIS");
}

int tts_play_media_keys_fd(const play_media_keys *keys)
{
    (void)keys;
    return -1;
}

play_command tts_play_media_keys_take(play_media_keys *keys)
{
    (void)keys;
    return PLAY_NONE;
}

void tts_play_media_keys_show(play_media_keys *keys, const play_media_state *state)
{
    (void)keys;
    (void)state;
}

void tts_play_media_keys_close(play_media_keys *keys)
{
    (void)keys;
}

const char *tts_play_media_keys_build(void)
{
    return "MPRIS media keys: not built in (make MPRIS=0)";
}

#endif
