/* config.c: reads the user's config.ini (settings named like the long
 * options, and a [voices] section) into long options for main.c to parse. */
#include "ttsread/config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ttsread/ini.h"
#include "ttsread/options.h"

#define VOICES_SECTION "voices"

bool tts_config_path(char *path, size_t size)
{
    /* The XDG spec says to ignore a relative $XDG_CONFIG_HOME. */
    const char *config_home = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (config_home != NULL && config_home[0] == '/')
        snprintf(path, size, "%s/ttsread/config.ini", config_home);
    else if (home != NULL && home[0] != '\0')
        snprintf(path, size, "%s/.config/ttsread/config.ini", home);
    else
        return false;
    return true;
}

bool tts_config_lexicon_path(char *path, size_t size)
{
    if (!tts_config_path(path, size))
        return false;
    char *slash = strrchr(path, '/');
    return snprintf(slash + 1, size - (size_t)(slash + 1 - path), "lexicon.txt") <
           (int)(size - (size_t)(slash + 1 - path));
}

static char *format_text(const char *format, ...) __attribute__((format(printf, 1, 2)));
static char *format_text(const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    char *text = NULL;
    if (vasprintf(&text, format, arguments) < 0)
        text = NULL;
    va_end(arguments);
    return text;
}

/* Takes ownership of argument (NULL: formatting it ran out of memory). */
static bool add_argument(tts_config *config, char *argument, int line, tts_error *err)
{
    bool room = false;
    if (argument != NULL) {
        char **arguments = realloc(config->arguments, (config->count + 1) * sizeof *arguments);
        if (arguments != NULL)
            config->arguments = arguments;
        int *lines = arguments ? realloc(config->lines, (config->count + 1) * sizeof *lines) : NULL;
        if (lines != NULL)
            config->lines = lines;
        room = lines != NULL;
    }
    if (!room) {
        free(argument);
        tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
        return false;
    }
    config->arguments[config->count] = argument;
    config->lines[config->count++] = line;
    return true;
}

/* A file named in config.ini: "~/" is the home folder, and a relative path
 * starts at config.ini's folder, so it means the same from any directory. */
static char *resolve_path(const char *config_path, const char *value)
{
    const char *home = getenv("HOME");
    if (strncmp(value, "~/", 2) == 0 && home != NULL)
        return format_text("%s/%s", home, value + 2);
    const char *slash = strrchr(config_path, '/');
    if (value[0] == '/' || value[0] == '\0' || slash == NULL)
        return strdup(value);
    return format_text("%.*s/%s", (int)(slash - config_path), config_path, value);
}

static bool parse_switch(const char *value, bool *on)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcasecmp(value, yes[i]) == 0 || strcasecmp(value, no[i]) == 0) {
            *on = strcasecmp(value, yes[i]) == 0;
            return true;
        }
    return false;
}

static bool add_voice(tts_config *config, const tts_ini_entry *entry, tts_error *err)
{
    if (entry->value[0] == '\0') {
        tts_error_set(err, TTS_ERR_USAGE, "no voice profile for '%s'", entry->key);
        return false;
    }
    return add_argument(config, format_text("--voice=%s=%s", entry->key, entry->value),
                        entry->line, err);
}

static bool add_setting(void *user, const tts_ini_entry *entry, tts_error *err)
{
    tts_config *config = user;
    if (strcmp(entry->section, VOICES_SECTION) == 0)
        return add_voice(config, entry, err);
    if (entry->section[0] != '\0') {
        tts_error_set(err, TTS_ERR_USAGE,
                      "unknown section [%s] (settings go above any section, "
                      "speakers' voices under [" VOICES_SECTION "])",
                      entry->section);
        return false;
    }
    /* What a user sets once is marked in_config in the option table; per-run
     * choices (inputs, outputs, --from) stay on the command line. */
    const tts_option *option = tts_option_find(entry->key);
    if (option == NULL || !option->in_config) {
        const tts_option *meant = option == NULL ? tts_option_closest(entry->key) : NULL;
        if (meant != NULL && meant->in_config)
            tts_error_set(err, TTS_ERR_USAGE, "unknown setting '%s'; did you mean '%s'?",
                          entry->key, meant->name);
        else if (option != NULL)
            tts_error_set(err, TTS_ERR_USAGE, "'%s' is for the command line, not config.ini",
                          entry->key);
        else
            tts_error_set(err, TTS_ERR_USAGE, "unknown setting '%s'", entry->key);
        return false;
    }
    bool on;
    switch (option->kind) {
    case TTS_OPTION_FILE: {
        char *path = resolve_path(config->path, entry->value);
        bool added = add_argument(config, path ? format_text("--%s=%s", entry->key, path) : NULL,
                                  entry->line, err);
        free(path);
        return added;
    }
    case TTS_OPTION_SWITCH:
        if (!parse_switch(entry->value, &on)) {
            tts_error_set(err, TTS_ERR_USAGE, "%s takes yes or no, not '%s'", entry->key,
                          entry->value);
            return false;
        }
        return !on || add_argument(config, format_text("--%s", entry->key), entry->line, err);
    default:
        return add_argument(config, format_text("--%s=%s", entry->key, entry->value), entry->line,
                            err);
    }
}

tts_status tts_config_load(const char *path, tts_config *out, tts_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = strdup(path);
    if (out->path == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    tts_status status = tts_ini_read(path, add_setting, out, err);
    if (status == TTS_ERR_NOT_FOUND) {
        tts_error_clear(err); /* no config file: nothing set */
        return TTS_OK;
    }
    return status;
}

void tts_config_free(tts_config *config)
{
    for (size_t i = 0; i < config->count; i++)
        free(config->arguments[i]);
    free(config->arguments);
    free(config->lines);
    free(config->path);
    memset(config, 0, sizeof *config);
}

tts_status tts_config_splice(const tts_config *config, int *argc, char ***argv)
{
    char **arguments = calloc((size_t)*argc + config->count + 1, sizeof *arguments);
    if (arguments == NULL)
        return TTS_ERR_NOMEM;
    arguments[0] = (*argv)[0];
    memcpy(arguments + 1, config->arguments, config->count * sizeof *arguments);
    memcpy(arguments + 1 + config->count, *argv + 1, (size_t)(*argc - 1) * sizeof *arguments);
    *argc += (int)config->count;
    *argv = arguments;
    return TTS_OK;
}
