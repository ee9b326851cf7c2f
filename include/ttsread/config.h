/* config.h: the user's defaults ($XDG_CONFIG_HOME/ttsread/config.ini), turned
 * into long options that go before the command line's, so that those win. */
#ifndef TTSREAD_CONFIG_H
#define TTSREAD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsread/error.h"

typedef struct tts_config {
    char *path;          /* the file that was read (owned) */
    char **arguments;    /* "--speed=1.25", "--voice=Anthony Kuhn=colin"..., in file order (owned) */
    int *lines;          /* the line of config.ini each argument came from (owned) */
    size_t count;
} tts_config;

/* Where the config file is: $XDG_CONFIG_HOME/ttsread/config.ini, else
 * $HOME/.config/ttsread/config.ini. False when neither variable says. */
bool tts_config_path(char *path, size_t size);

/* The user's lexicon, beside config.ini: $XDG_CONFIG_HOME/ttsread/lexicon.txt,
 * else $HOME/.config/ttsread/lexicon.txt. False when neither variable says. */
bool tts_config_lexicon_path(char *path, size_t size);

/* Reads the config file at path; a file that does not exist is an empty
 * config. An unknown section or setting, a malformed line or a bad yes/no
 * fails with "path:line: why"; other values are checked by whoever parses
 * the arguments, as if typed. Free with tts_config_free (also after a failure). */
tts_status tts_config_load(const char *path, tts_config *out, tts_error *err);
void tts_config_free(tts_config *config);

/* Puts config's arguments between the program's name and the command
 * line's, so that the command line wins: *argv becomes a new array (the
 * caller frees the array, not the strings, which config and the old argv own). */
tts_status tts_config_splice(const tts_config *config, int *argc, char ***argv);

#endif
