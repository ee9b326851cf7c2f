/* synth.c: the only place that calls eSpeak NG: initialization, voice
 * checks, and synthesis of one turn in synchronous mode with a callback. */
#include "ttsread/synth.h"

#include <espeak-ng/speak_lib.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* espeakPHONEMES: text in [[ ]] is phoneme input, which is how the user's
 * lexicon says a word in phonemes ("Nguyen = [[w'In]]"). The speak stage
 * leaves no other bracket in the text it hands over. */
#define SYNTH_FLAGS (espeakCHARS_UTF8 | espeakPHONEMES)

static char data_path[PATH_MAX];
static int synth_sample_rate = 22050;

tts_status tts_synth_init(int *sample_rate, tts_error *err)
{
    /* DONT_EXIT: eSpeak NG must report a missing data folder, not end the process. */
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0)
        return tts_error_set(err, TTS_ERR_SYNTH,
                             "eSpeak NG could not start (is espeak-ng-data installed?)");
    const char *path = NULL;
    espeak_Info(&path);
    snprintf(data_path, sizeof data_path, "%s", path ? path : "");
    synth_sample_rate = rate;
    /* Load the English dictionary once here, so that forked workers share it
     * instead of each reading it again. */
    espeak_SetVoiceByName("en");
    *sample_rate = rate;
    return TTS_OK;
}

void tts_synth_terminate(void)
{
    espeak_Terminate();
}

const char *tts_synth_version(void)
{
    return espeak_Info(NULL);
}

/* True when eSpeak NG can load the language voice. Loading it is the only
 * check that accepts every name eSpeak does ("en-gb" is a language of the
 * voice file "en"), and it is cheap; the English voice is loaded again after,
 * so every worker forks from the same state. */
static int language_exists(const char *language)
{
    /* A palette names a few languages many times over, and each load reads
     * the language's dictionary: the answers are kept, so that the checks
     * cost a few loads, not two per profile, before the first sound. */
    static struct {
        char name[64];
        int found;
    } known[16];
    static size_t known_count;
    for (size_t i = 0; i < known_count; i++)
        if (strcmp(known[i].name, language) == 0)
            return known[i].found;
    int found = espeak_SetVoiceByName(language) == EE_OK;
    espeak_SetVoiceByName("en");
    if (known_count < sizeof known / sizeof known[0] && strlen(language) < sizeof known[0].name) {
        snprintf(known[known_count].name, sizeof known[0].name, "%s", language);
        known[known_count++].found = found;
    }
    return found;
}

tts_status tts_synth_check_voice(const tts_voice *voice, tts_error *err)
{
    if (!language_exists(voice->espeak))
        return tts_error_set(err, TTS_ERR_VOICE, "voice profile '%s': eSpeak NG has no voice '%s'",
                             voice->name, voice->espeak);
    if (voice->variant[0] != '\0') {
        /* Variant names are file names: refuse anything that could leave the folder. */
        char path[PATH_MAX + 64];
        struct stat info;
        snprintf(path, sizeof path, "%s/voices/!v/%s", data_path, voice->variant);
        if (strchr(voice->variant, '/') != NULL || voice->variant[0] == '.' ||
            stat(path, &info) != 0 || !S_ISREG(info.st_mode))
            return tts_error_set(err, TTS_ERR_VOICE,
                                 "voice profile '%s': eSpeak NG has no variant '%s'", voice->name,
                                 voice->variant);
    }
    return TTS_OK;
}

/* The start in the background (tts_synth_start): eSpeak NG's own start,
 * its scan of the voices and the palette's checks take about as long as
 * reading, parsing and casting the input, which need no eSpeak. */
static struct {
    bool running;            /* the thread is started and not joined */
    pthread_t thread_id;
    const tts_palette *palette; /* borrowed, for the checks */
    int sample_rate;
    bool initialized;        /* tts_synth_init succeeded: terminate at the end */
    tts_status status;
    tts_error error;
} background = {.status = TTS_OK};

static void *start_thread(void *unused)
{
    (void)unused;
    background.status = tts_synth_init(&background.sample_rate, &background.error);
    background.initialized = background.status == TTS_OK;
    const tts_palette *palette = background.palette;
    for (size_t i = 0; background.status == TTS_OK && palette && i < palette->count; i++)
        background.status = tts_synth_check_voice(&palette->voices[i], &background.error);
    return NULL;
}

tts_status tts_synth_start(const tts_palette *palette, tts_error *err)
{
    /* eSpeak NG sets LC_CTYPE to C.UTF-8 as it starts; set here first, the
     * call on the other thread changes nothing the caller's thread reads. */
    setlocale(LC_CTYPE, "C.UTF-8");
    background.palette = palette;
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &before); /* signals stay the main thread's */
    int failed = pthread_create(&background.thread_id, NULL, start_thread, NULL);
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    if (failed)
        return tts_error_set(err, TTS_ERR_SYNTH, "cannot start eSpeak NG: out of threads");
    background.running = true;
    return TTS_OK;
}

tts_status tts_synth_started(int *sample_rate, tts_error *err)
{
    if (background.running) {
        pthread_join(background.thread_id, NULL);
        background.running = false;
    }
    if (background.status != TTS_OK) {
        *err = background.error;
        return background.status;
    }
    *sample_rate = background.sample_rate;
    return TTS_OK;
}

void tts_synth_stop(void)
{
    int ignored;
    tts_error unused;
    tts_synth_started(&ignored, &unused);
    if (background.initialized)
        tts_synth_terminate();
    background.initialized = false;
}

typedef struct synth_call {
    const tts_synth_output *output;
    const char *text;
    size_t text_bytes;
    int stopped;
} synth_call;

/* eSpeak reports character positions (1-based, in code points); captions
 * need byte offsets into the UTF-8 text. */
static size_t byte_offset_of_character(const char *text, size_t text_bytes, size_t character)
{
    size_t seen = 0;
    for (size_t i = 0; i < text_bytes; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80)
            continue;
        if (seen == character)
            return i;
        seen++;
    }
    return text_bytes;
}

static int synth_callback(short *samples, int count, espeak_EVENT *events)
{
    synth_call *call = events ? events->user_data : NULL;
    if (call == NULL || call->stopped)
        return 1;
    for (espeak_EVENT *event = events; event->type != espeakEVENT_LIST_TERMINATED; event++) {
        if (event->type != espeakEVENT_WORD || call->output->word == NULL)
            continue;
        size_t start = byte_offset_of_character(call->text, call->text_bytes,
                                                event->text_position > 0 ? (size_t)event->text_position - 1 : 0);
        size_t end = byte_offset_of_character(call->text, call->text_bytes,
                                              (size_t)(event->text_position - 1 + event->length));
        uint64_t sample = (uint64_t)event->audio_position * (uint64_t)synth_sample_rate / 1000;
        if (call->output->word(call->output->user, sample, start, end > start ? end - start : 0)) {
            call->stopped = 1;
            return 1;
        }
    }
    if (samples != NULL && count > 0 &&
        call->output->audio(call->output->user, samples, (size_t)count)) {
        call->stopped = 1;
        return 1;
    }
    return 0;
}

static int discard_callback(short *samples, int count, espeak_EVENT *events)
{
    (void)samples;
    (void)count;
    (void)events;
    return 0;
}

/* Every voice change (the checks at start-up make dozens) queues an event
 * for the next synthesis, and eSpeak NG's event list is short: the first
 * word's event would not fit. Synthesizing nothing hands the queue out. */
static void drop_queued_events(void)
{
    espeak_SetSynthCallback(discard_callback);
    espeak_Synth("", 1, 0, POS_CHARACTER, 0, SYNTH_FLAGS, NULL, NULL);
}

static tts_status set_voice(const tts_voice *voice, tts_error *err)
{
    char name[128];
    if (voice->variant[0] != '\0')
        snprintf(name, sizeof name, "%s+%s", voice->espeak, voice->variant);
    else
        snprintf(name, sizeof name, "%s", voice->espeak);
    if (espeak_SetVoiceByName(name) != EE_OK)
        return tts_error_set(err, TTS_ERR_VOICE, "eSpeak NG could not load voice '%s'", name);
    return TTS_OK;
}

tts_status tts_synth_phonemes(const tts_voice *voice, const char *text, char **phonemes,
                              tts_error *err)
{
    *phonemes = NULL;
    /* espeak_TextToPhonemes takes no synthesis flags: it reads [[ ]] as
     * phonemes when the last espeak_Synth call did, which this one does. */
    drop_queued_events();
    tts_status status = set_voice(voice, err);
    if (status != TTS_OK)
        return status;
    size_t length = 0;
    char *result = calloc(1, 1);
    const void *at = text;
    /* one clause per call, until the text is used up */
    while (result != NULL && at != NULL && *(const char *)at != '\0') {
        const char *clause = espeak_TextToPhonemes(&at, espeakCHARS_UTF8, 0);
        size_t add = clause ? strlen(clause) : 0;
        char *grown = add ? realloc(result, length + add + 2) : result;
        if (grown == NULL) {
            free(result);
            result = NULL;
            break;
        }
        result = grown;
        if (add) {
            if (length > 0)
                result[length++] = ' ';
            memcpy(result + length, clause, add + 1);
            length += add;
        }
        if (clause == NULL)
            break;
    }
    if (result == NULL)
        return tts_error_set(err, TTS_ERR_NOMEM, "out of memory");
    *phonemes = result;
    return TTS_OK;
}

tts_status tts_synth_speak(const tts_voice *voice, double speed, const char *text,
                           const tts_synth_output *output, tts_error *err)
{
    drop_queued_events();
    tts_status status = set_voice(voice, err);
    if (status != TTS_OK)
        return status;
    int rate = (int)(voice->rate * speed + 0.5);
    if (rate < TTS_SYNTH_RATE_MINIMUM)
        rate = TTS_SYNTH_RATE_MINIMUM;
    if (rate > TTS_SYNTH_RATE_MAXIMUM)
        rate = TTS_SYNTH_RATE_MAXIMUM;
    espeak_SetParameter(espeakRATE, rate, 0);
    espeak_SetParameter(espeakPITCH, voice->pitch, 0);
    espeak_SetParameter(espeakRANGE, voice->range, 0);
    espeak_SetParameter(espeakVOLUME, voice->volume, 0);
    espeak_SetParameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
    espeak_SetParameter(espeakCAPITALS, 0, 0);
    espeak_SetParameter(espeakWORDGAP, 0, 0);

    /* Breathy variants (f2, f3, f5: `breath` in their files) mix in noise
     * from the C library's rand(), whose state at this point depends on
     * what ran before: the same turn must sound the same in every run and
     * with any -j, so every turn starts the noise from one seed. */
    srand(1);
    synth_call call = {output, text, strlen(text), 0};
    espeak_SetSynthCallback(synth_callback);
    espeak_ERROR result = espeak_Synth(text, call.text_bytes + 1, 0, POS_CHARACTER, 0,
                                       SYNTH_FLAGS, NULL, &call);
    if (result != EE_OK && !call.stopped)
        return tts_error_set(err, TTS_ERR_SYNTH, "eSpeak NG failed to synthesize a turn (error %d)",
                             (int)result);
    if (call.stopped)
        return tts_error_set(err, TTS_ERR_INTERRUPTED, "synthesis stopped");
    return TTS_OK;
}
