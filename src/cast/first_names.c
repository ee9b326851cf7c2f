/* first_names.c: the first-name table (voices/first-names.tsv), read on
 * the first casting and looked up by binary search. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cast/cast_internal.h"
#include "ttsread/parse.h"
#include "util/strbuf.h"

static int compare_first_names(const void *a, const void *b)
{
    return strcasecmp(((const cast_first_name *)a)->name, ((const cast_first_name *)b)->name);
}

/* P(female) as the table writes it ("0.9871", "1"): the digits as a whole
 * number over a power of ten, both exact in a double, so the one rounding
 * of the division gives strtod's own result, at a fraction of its cost
 * (13,000 names are read before the first sound). Any other form goes to
 * strtod; *end is set as strtod sets it. */
static double parse_share(const char *text, char **end)
{
    unsigned long long digits = 0;
    int count = 0, decimals = 0;
    const char *c = text;
    for (; *c >= '0' && *c <= '9' && count < 15; c++, count++)
        digits = digits * 10 + (unsigned long long)(*c - '0');
    if (*c == '.')
        for (c++; *c >= '0' && *c <= '9' && count < 15; c++, count++, decimals++)
            digits = digits * 10 + (unsigned long long)(*c - '0');
    static const double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    if (count == 0 || *c != '\t')
        return strtod(text, end);
    *end = (char *)c;
    return (double)digits / powers[decimals];
}

/* Splits the file's lines in place: "Name<TAB>P(female)<TAB>births". */
static tts_status parse_first_names(tts_palette_data *data, const char *path, tts_error *err)
{
    size_t lines = 1;
    for (const char *c = data->first_names_text; *c; c++)
        lines += *c == '\n';
    data->first_names = malloc(lines * sizeof *data->first_names);
    if (data->first_names == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory reading %s", path);
    size_t line_number = 0;
    for (char *line = data->first_names_text, *next; line != NULL && *line; line = next) {
        line_number++;
        next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        if (*line == '#' || *line == '\0')
            continue;
        char *tab = strchr(line, '\t'), *end = NULL;
        double female = tab != NULL ? parse_share(tab + 1, &end) : -1;
        if (tab == NULL || end == tab + 1 || !(female >= 0 && female <= 1) || *end != '\t' ||
            strspn(end + 1, "0123456789") == 0 || end[1 + strspn(end + 1, "0123456789")] > '\r')
            return tts_error_set(err, TTS_ERR_VOICE,
                                 "%s:%zu: expected NAME<TAB>P(female) from 0 to 1<TAB>births",
                                 path, line_number);
        *tab = '\0';
        data->first_names[data->first_name_count++] = (cast_first_name){line, female};
    }
    /* first-names.py writes the table sorted; sort only a hand-edited one,
     * which keeps the usual load to one pass. */
    for (size_t i = 1; i < data->first_name_count; i++)
        if (compare_first_names(&data->first_names[i - 1], &data->first_names[i]) > 0) {
            qsort(data->first_names, data->first_name_count, sizeof *data->first_names,
                  compare_first_names);
            break;
        }
    return TTS_OK;
}

tts_status tts_cast_first_names_load(tts_palette_data *data, tts_error *err)
{
    if (data->first_names_loaded)
        return TTS_OK;
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/%s", data->directory, CAST_FIRST_NAMES_FILE);
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return tts_error_set(err, TTS_ERR_VOICE, "%s: %s", path, strerror(errno));
    tts_strbuf text = TTS_STRBUF_INIT;
    char chunk[16384];
    size_t got;
    bool ok = true;
    while (ok && (got = fread(chunk, 1, sizeof chunk, file)) > 0)
        ok = tts_strbuf_append(&text, chunk, got);
    bool failed = ferror(file);
    fclose(file);
    if (!ok || failed) {
        tts_strbuf_free(&text);
        return tts_error_set(err, ok ? TTS_ERR_IO : TTS_ERR_NOMEM, "%s: cannot read", path);
    }
    data->first_names_text = tts_strbuf_detach(&text);
    tts_status status = parse_first_names(data, path, err);
    if (status != TTS_OK) {
        tts_cast_first_names_free(data);
        return status;
    }
    data->first_names_loaded = true;
    return TTS_OK;
}

void tts_cast_first_names_free(tts_palette_data *data)
{
    free(data->first_names_text);
    free(data->first_names);
    data->first_names_text = NULL;
    data->first_names = NULL;
    data->first_name_count = 0;
    data->first_names_loaded = false;
}

bool tts_cast_first_name_gender(const tts_palette_data *data, const char *name, size_t length,
                            tts_gender *gender)
{
    double female;
    if (!tts_cast_first_name_female(data, name, length, &female))
        return false;
    *gender = female >= CAST_NAME_CONFIDENCE       ? TTS_GENDER_FEMALE
              : 1.0 - female >= CAST_NAME_CONFIDENCE ? TTS_GENDER_MALE
                                                     : TTS_GENDER_UNKNOWN;
    return true;
}

bool tts_cast_first_name_female(const tts_palette_data *data, const char *name, size_t length,
                            double *female)
{
    if (data == NULL || length == 0 || length >= 64)
        return false;
    char key[64];
    memcpy(key, name, length);
    key[length] = '\0';
    /* The table spells names without accents: "María" is looked up as "MARIA". */
    for (size_t i = 0; i < length; i++)
        if ((unsigned char)name[i] >= 0x80) {
            tts_name_key(key, sizeof key, name, length);
            break;
        }
    cast_first_name wanted = {key, TTS_GENDER_UNKNOWN};
    const cast_first_name *found = bsearch(&wanted, data->first_names, data->first_name_count,
                                           sizeof *data->first_names, compare_first_names);
    if (found == NULL)
        return false;
    *female = found->female;
    return true;
}
