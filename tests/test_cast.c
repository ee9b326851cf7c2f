/* test_cast.c: the cast stage: palette design (measured pitch), gender and
 * full-name guessing, stable and distinct assignment, cast files, language,
 * and a six-speaker piece rendered and measured from its audio. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cast/cast_internal.h"
#include "support/audio.h"
#include "ttsread/cast.h"
#include "ttsread/input.h"
#include "ttsread/parse.h"
#include "ttsread/synth.h"

#define FIXTURES "tests/fixtures/cast/"

static tts_palette palette;
static int sample_rate;
static char voices_directory[4096];

static int setup(void **state)
{
    (void)state;
    tts_error err;
    if (tts_voices_directory(voices_directory, sizeof voices_directory, &err) != TTS_OK ||
        tts_palette_load(voices_directory, &palette, &err) != TTS_OK ||
        tts_synth_init(&sample_rate, &err) != TTS_OK) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tts_palette_free(&palette);
    tts_synth_terminate();
    return 0;
}

/* ---- building scripts ---- */

static int add_person(tts_script *script, const char *name, const char *label)
{
    tts_error err;
    int index;
    assert_int_equal(tts_script_add_speaker(script, name, NULL, &index, &err), TTS_OK);
    if (label != NULL)
        assert_int_equal(tts_script_add_alias(script, index, label, &err), TTS_OK);
    return index;
}

static void say(tts_script *script, int speaker, const char *text)
{
    tts_error err;
    assert_int_equal(tts_script_add_turn(script, speaker, TTS_TURN_SPEECH, text, strlen(text), 0,
                                         &err),
                     TTS_OK);
}

static void parse_file(const char *path, tts_script *script)
{
    tts_error err;
    tts_input input;
    tts_script_init(script);
    if (tts_input_read(path, TTS_INPUT_DEFAULT_MAX_BYTES, TTS_FORMAT_AUTO, &input, &err) != TTS_OK)
        fail_msg("%s", err.message);
    tts_status status = tts_parse_input(&input, script, &err);
    tts_input_free(&input);
    if (status != TTS_OK)
        fail_msg("%s", err.message);
}

static void assign(tts_script *script, const char *cast_path, tts_cast *cast)
{
    tts_error err;
    tts_cast_options options = {NULL, 0, cast_path};
    if (tts_cast_assign(&palette, script, &options, cast, &err) != TTS_OK)
        fail_msg("%s", err.message);
}

static const tts_voice *profile_of(const tts_cast *cast, int speaker)
{
    return &palette.voices[tts_cast_voice_of(cast, speaker)];
}

static int find_speaker(const tts_script *script, const char *id)
{
    for (size_t s = 0; s < script->speaker_count; s++)
        if (strcmp(script->speakers[s].id, id) == 0)
            return (int)s;
    fail_msg("no speaker %s", id);
    return -1;
}

/* ---- the palette ---- */

static void test_palette_loads_profiles_but_not_names(void **state)
{
    (void)state;
    tts_palette fresh;
    tts_error err;
    assert_int_equal(tts_palette_load(voices_directory, &fresh, &err), TTS_OK);
    assert_true(fresh.order_count >= 16);
    assert_string_equal(fresh.voices[fresh.narrator].name, "narrator");
    /* The first-name table waits for the first casting. */
    assert_false(fresh.data->first_names_loaded);
    tts_script script;
    tts_script_init(&script);
    add_person(&script, "David Greene", NULL);
    assert_int_equal(tts_cast_identify(&fresh, &script, &err), TTS_OK);
    assert_true(fresh.data->first_names_loaded);
    assert_true(fresh.data->first_name_count > 8000);
    assert_int_equal(script.speakers[0].gender, TTS_GENDER_MALE);
    tts_script_free(&script);
    tts_palette_free(&fresh);
}

static void test_palette_profiles_differ_in_accent_or_variant(void **state)
{
    (void)state;
    int men = 0, women = 0;
    for (size_t i = 0; i < palette.order_count; i++) {
        const tts_voice *a = &palette.voices[palette.order[i]];
        men += a->gender == TTS_GENDER_MALE;
        women += a->gender == TTS_GENDER_FEMALE;
        assert_true(a->label[0] != '\0');
        for (size_t j = i + 1; j < palette.order_count; j++) {
            const tts_voice *b = &palette.voices[palette.order[j]];
            if (strcmp(a->espeak, b->espeak) == 0 && strcmp(a->variant, b->variant) == 0)
                fail_msg("%s and %s share accent and variant", a->name, b->name);
        }
    }
    assert_true(men >= 8 && women >= 8);
}

typedef struct pcm {
    float *samples;
    size_t count, capacity;
} pcm;

static int collect_pcm(void *user, const int16_t *samples, size_t count)
{
    pcm *buffer = user;
    if (buffer->count + count > buffer->capacity) {
        buffer->capacity = (buffer->count + count) * 2;
        buffer->samples = realloc(buffer->samples, buffer->capacity * sizeof *buffer->samples);
        assert_non_null(buffer->samples);
    }
    for (size_t i = 0; i < count; i++)
        buffer->samples[buffer->count++] = samples[i] / 32768.0f;
    return 0;
}

static double measured_pitch(const tts_voice *voice, const char *text)
{
    pcm buffer = {0};
    tts_synth_output output = {collect_pcm, NULL, &buffer};
    tts_error err;
    if (tts_synth_speak(voice, 1.0, text, &output, &err) != TTS_OK)
        fail_msg("%s: %s", voice->name, err.message);
    test_audio audio = {buffer.samples, buffer.count, sample_rate, 1};
    double pitch = test_audio_median_pitch(&audio, 0, audio.count);
    free(buffer.samples);
    return pitch;
}

/* The rule the cast keeps (another gender or >= 25 pitch units) must mean
 * a difference the ear, and a pitch tracker, can find: >= 20 Hz. */
static void test_palette_distinct_profiles_measure_apart(void **state)
{
    (void)state;
    static const char text[] =
        "The committee met on Tuesday morning to discuss the new budget, and after a long "
        "debate they agreed to postpone the vote until next week.";
    size_t count = palette.count;
    double *pitch = calloc(count, sizeof *pitch);
    assert_non_null(pitch);
    for (size_t i = 0; i < count; i++) {
        pitch[i] = measured_pitch(&palette.voices[i], text);
        printf("  %-9s %-15s %-6s pitch %2d  %6.1f Hz\n", palette.voices[i].name,
               palette.voices[i].espeak, palette.voices[i].variant, palette.voices[i].pitch,
               pitch[i]);
        assert_true(pitch[i] > 50);
    }
    int pairs = 0;
    for (size_t i = 0; i < count; i++)
        for (size_t j = i + 1; j < count; j++) {
            const tts_voice *a = &palette.voices[i], *b = &palette.voices[j];
            if (a->gender != b->gender || !tts_voices_distinct(a, b))
                continue;
            pairs++;
            if (fabs(pitch[i] - pitch[j]) < 20)
                fail_msg("%s (%.1f Hz) and %s (%.1f Hz) count as distinct but are %.1f Hz apart",
                         a->name, pitch[i], b->name, pitch[j], fabs(pitch[i] - pitch[j]));
        }
    assert_true(pairs > 40);
    free(pitch);
}

/* ---- distinct and gender-matching assignment ---- */

static uint32_t next_random(uint32_t *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return *seed >> 8;
}

/* Every mix of up to 4 men, up to 4 women and speakers of unknown gender
 * (names that no table knows), 6 in all, in many orders: the six voices are
 * pairwise distinct, differ in accent or variant, and match known genders. */
static void test_six_speakers_always_distinct(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    int pieces = 0;
    for (int men = 0; men <= 4; men++)
        for (int women = 0; women <= 4 && men + women <= 6; women++)
            for (int round = 0; round < 40; round++) {
                tts_script script;
                tts_script_init(&script);
                for (int s = 0; s < 6; s++) {
                    char name[64];
                    snprintf(name, sizeof name, "Zq%u Vrk%u", next_random(&seed) % 100000,
                             next_random(&seed) % 1000);
                    int index = add_person(&script, name, NULL);
                    script.speakers[index].gender = s < men             ? TTS_GENDER_MALE
                                                    : s < men + women ? TTS_GENDER_FEMALE
                                                                      : TTS_GENDER_UNKNOWN;
                }
                tts_cast cast;
                assign(&script, NULL, &cast);
                for (int a = 0; a < 6; a++) {
                    const tts_voice *va = profile_of(&cast, a);
                    if (script.speakers[a].gender != TTS_GENDER_UNKNOWN)
                        assert_int_equal(va->gender, script.speakers[a].gender);
                    for (int b = a + 1; b < 6; b++) {
                        const tts_voice *vb = profile_of(&cast, b);
                        if (!tts_voices_distinct(va, vb))
                            fail_msg("%d men, %d women: %s and %s not distinct", men, women,
                                     va->name, vb->name);
                        assert_false(strcmp(va->espeak, vb->espeak) == 0 &&
                                     strcmp(va->variant, vb->variant) == 0);
                    }
                }
                tts_cast_free(&cast);
                tts_script_free(&script);
                pieces++;
            }
    assert_true(pieces > 500);
}

/* The clearest profiles go first, to the speakers heard most: up to four
 * men and four women all get one of palette.ini's clearest; with a fifth
 * man, the one with fewest turns takes the other kind, whatever the order in
 * which the five first speak. */
static void test_clearest_profiles_to_speakers_heard_most(void **state)
{
    (void)state;
    uint32_t seed = 777;
    for (int round = 0; round < 60; round++) {
        tts_script script;
        tts_script_init(&script);
        int men = round % 2 ? 4 : 5, women = 4;
        int turns[9], fewest = -1;
        for (int s = 0; s < men + women; s++) {
            char name[64];
            snprintf(name, sizeof name, "Zq%u Vrk%u", next_random(&seed) % 100000,
                     next_random(&seed) % 1000);
            int index = add_person(&script, name, NULL);
            script.speakers[index].gender = s < men ? TTS_GENDER_MALE : TTS_GENDER_FEMALE;
            /* Distinct turn counts, in an order unrelated to appearance. */
            turns[s] = 1 + (int)((s * 7 + round) % (men + women));
            script.speakers[index].turn_count = (size_t)turns[s];
            if (s < men && (fewest < 0 || turns[s] < turns[fewest]))
                fewest = s;
        }
        tts_cast cast;
        assign(&script, NULL, &cast);
        for (int s = 0; s < men + women; s++) {
            int profile = tts_cast_voice_of(&cast, s);
            bool clear = palette.clearest[profile] != 0;
            if (men == 5 && s == fewest)
                assert_false(clear);
            else if (!clear)
                fail_msg("round %d: speaker %d (%d turns) got %s, not one of the clearest", round,
                         s, turns[s], palette.voices[profile].name);
        }
        tts_cast_free(&cast);
        tts_script_free(&script);
    }
}

/* ---- stable across pieces ---- */

static int solo_profile(const char *name)
{
    tts_script script;
    tts_script_init(&script);
    add_person(&script, name, NULL);
    tts_cast cast;
    assign(&script, NULL, &cast);
    int profile = cast.voices[0];
    tts_cast_free(&cast);
    tts_script_free(&script);
    return profile;
}

/* Casts [first, second] and returns their profiles. */
static void pair_profiles(const char *first, const char *second, const char *cast_path,
                          int profiles[2])
{
    tts_script script;
    tts_script_init(&script);
    add_person(&script, first, NULL);
    add_person(&script, second, NULL);
    tts_cast cast;
    assign(&script, cast_path, &cast);
    profiles[0] = cast.voices[0];
    profiles[1] = cast.voices[1];
    assert_true(tts_voices_distinct(&palette.voices[profiles[0]], &palette.voices[profiles[1]]));
    tts_cast_free(&cast);
    tts_script_free(&script);
}

static void test_same_name_same_profile_unless_collision(void **state)
{
    (void)state;
    const char *keeper = "Xoq Brandywine";
    int own = solo_profile(keeper);
    assert_int_equal(solo_profile(keeper), own);
    char clashing[64] = "", distinct[64] = "";
    for (int i = 0; i < 500 && (!clashing[0] || !distinct[0]); i++) {
        char name[64];
        snprintf(name, sizeof name, "Xoq Candidate%d", i);
        int other = solo_profile(name);
        bool apart = tts_voices_distinct(&palette.voices[own], &palette.voices[other]);
        if (!apart && !clashing[0])
            snprintf(clashing, sizeof clashing, "%s", name);
        if (apart && !distinct[0])
            snprintf(distinct, sizeof distinct, "%s", name);
    }
    assert_true(clashing[0] && distinct[0]);
    int profiles[2];
    /* No collision: both keep their own profiles, in either order. */
    pair_profiles(distinct, keeper, NULL, profiles);
    assert_int_equal(profiles[0], solo_profile(distinct));
    assert_int_equal(profiles[1], own);
    /* Collision: the one who appears later moves. */
    pair_profiles(clashing, keeper, NULL, profiles);
    assert_int_equal(profiles[0], solo_profile(clashing));
    assert_int_not_equal(profiles[1], own);
    pair_profiles(keeper, clashing, NULL, profiles);
    assert_int_equal(profiles[0], own);
    assert_int_not_equal(profiles[1], solo_profile(clashing));
    /* With a cast file, never: the pinned speaker keeps the profile and the
     * other one moves, whatever the order. */
    char path[] = "/tmp/test-cast-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *file = fdopen(fd, "w");
    fprintf(file, "[%s]\nvoice = %s\n", keeper, palette.voices[own].name);
    fclose(file);
    pair_profiles(clashing, keeper, path, profiles);
    assert_int_equal(profiles[1], own);
    pair_profiles(keeper, clashing, path, profiles);
    assert_int_equal(profiles[0], own);
    unlink(path);
}

/* ---- names and gender ---- */

static void test_surname_label_gets_first_name_from_dialogue(void **state)
{
    (void)state;
    tts_script script;
    parse_file(FIXTURES "surname-dialogue.txt", &script);
    tts_cast cast;
    assign(&script, NULL, &cast);
    assert_int_equal(script.speaker_count, 2);
    int host = find_speaker(&script, "peter-hartmann");
    assert_string_equal(script.speakers[host].name, "Peter Hartmann");
    bool alias = false;
    for (size_t a = 0; a < script.speakers[host].alias_count; a++)
        alias = alias || strcmp(script.speakers[host].aliases[a], "HARTMANN") == 0;
    assert_true(alias);
    int reporter = find_speaker(&script, "maria-lopez");
    assert_int_equal(script.speakers[host].gender, TTS_GENDER_MALE);
    assert_int_equal(script.speakers[reporter].gender, TTS_GENDER_FEMALE);
    assert_int_equal(profile_of(&cast, host)->gender, TTS_GENDER_MALE);
    assert_int_equal(profile_of(&cast, reporter)->gender, TTS_GENDER_FEMALE);
    tts_cast_free(&cast);
    tts_script_free(&script);
}

static void test_surname_left_alone_when_uncertain(void **state)
{
    (void)state;
    tts_script script;
    tts_error err;
    /* Said only once. */
    tts_script_init(&script);
    int reporter = add_person(&script, "Maria Lopez", "MARIA LOPEZ, BYLINE");
    int host = add_person(&script, "Hartmann", "HARTMANN");
    say(&script, reporter, "Hi there, Peter.");
    say(&script, host, "What happened on the island this week?");
    say(&script, reporter, "The ferries stopped running for the winter.");
    assert_int_equal(tts_cast_identify(&palette, &script, &err), TTS_OK);
    assert_string_equal(script.speakers[host].name, "Hartmann");
    /* Three people: the name may be anyone's. */
    say(&script, reporter, "Thank you, Peter.");
    int third = add_person(&script, "Susan Wu", NULL);
    say(&script, third, "And the harbour closes too.");
    assert_int_equal(tts_cast_identify(&palette, &script, &err), TTS_OK);
    assert_string_equal(script.speakers[host].name, "Hartmann");
    assert_string_equal(script.speakers[host].id, "hartmann");
    /* The full name written in the piece settles it, whoever is there. */
    say(&script, third, "Back to you, and to our listeners: this was Peter Hartmann's show.");
    assert_int_equal(tts_cast_identify(&palette, &script, &err), TTS_OK);
    assert_string_equal(script.speakers[host].name, "Peter Hartmann");
    tts_script_free(&script);
    /* Two different first names before the surname: left alone. */
    tts_script_init(&script);
    host = add_person(&script, "Smith", "SMITH");
    int guest = add_person(&script, "Ann Lee", NULL);
    say(&script, guest, "John Smith said one thing and Robert Smith another.");
    say(&script, host, "Indeed they did.");
    assert_int_equal(tts_cast_identify(&palette, &script, &err), TTS_OK);
    assert_string_equal(script.speakers[host].name, "Smith");
    tts_script_free(&script);
    /* A sentence's capital says nothing: "Noble Aufidius," opening a line
     * where "noble" is also a plain word is an epithet, not a first name. */
    tts_script_init(&script);
    host = add_person(&script, "Aufidius", "AUFIDIUS");
    guest = add_person(&script, "Cominius", "COMINIUS");
    say(&script, guest, "Noble Aufidius, take your commission.");
    say(&script, host, "A noble charge, and I take it.");
    assert_int_equal(tts_cast_identify(&palette, &script, &err), TTS_OK);
    assert_string_equal(script.speakers[host].name, "Aufidius");
    tts_script_free(&script);
    /* Mid-sentence, the same capital is a name, even a word's: "Will". */
    tts_script_init(&script);
    host = add_person(&script, "Kowalski", "KOWALSKI");
    guest = add_person(&script, "Ann Lee", NULL);
    say(&script, guest, "Will Kowalski is at the hospital. NPR's Will Kowalski reports.");
    say(&script, host, "The hospital will open again.");
    assert_int_equal(tts_cast_identify(&palette, &script, &err), TTS_OK);
    assert_string_equal(script.speakers[host].name, "Will Kowalski");
    tts_script_free(&script);
}

static void test_names_match_with_or_without_accents(void **state)
{
    (void)state;
    tts_script script;
    tts_error err;
    /* The labels write the accents, the page does not (or the other way). */
    tts_script_init(&script);
    int host = add_person(&script, "L\xC3\xB3pez", "L\xC3\x93PEZ");
    int guest = add_person(&script, "Jos\xC3\xA9 \xC3\x81lvarez", "JOS\xC3\x89 \xC3\x81LVAREZ");
    say(&script, guest, "Welcome. Maria Lopez runs the planning office now.");
    say(&script, host, "Thank you. The bridge comes first.");
    say(&script, guest, "And after that?");
    say(&script, host, "The harbour.");
    assert_int_equal(tts_cast_identify(&palette, &script, &err), TTS_OK);
    assert_string_equal(script.speakers[host].name, "Maria L\xC3\xB3pez");
    /* "José" is in the first-name table as "Jose". */
    assert_int_equal(script.speakers[guest].gender, TTS_GENDER_MALE);
    assert_int_equal(script.speakers[host].gender, TTS_GENDER_FEMALE);
    tts_script_free(&script);
}

static tts_gender identified_gender(tts_script *script, int speaker)
{
    tts_error err;
    assert_int_equal(tts_cast_identify(&palette, script, &err), TTS_OK);
    return script->speakers[speaker].gender;
}

static void test_gender_from_titles_roles_names_and_pronouns(void **state)
{
    (void)state;
    tts_script script;
    tts_script_init(&script);
    int rachel = add_person(&script, "Rachel Martin", "RACHEL MARTIN, HOST");
    int david = add_person(&script, "David Greene", NULL);
    int casey = add_person(&script, "Casey Smith", "CASEY SMITH");            /* P(female) 0.41 */
    int priya = add_person(&script, "Priya Nair", "MS. PRIYA NAIR");          /* title */
    int kim = add_person(&script, "Kim Porter", "MR. KIM PORTER");            /* a woman's name */
    int female = add_person(&script, "Unidentified Female", "UNIDENTIFIED FEMALE");
    int mother = add_person(&script, "Desiree Young", "DESIREE YOUNG, KYRON'S MOTHER");
    int genesis = add_person(&script, "Genesis Larin", "GENESIS LARIN");      /* P(female) 0.78 */
    int jordan = add_person(&script, "Jordan Martinez", "JORDAN MARTINEZ");   /* P(female) 0.27 */
    int torn = add_person(&script, "Xoq Quill", "MR. XOQ QUILL, KYRON'S MOTHER");
    say(&script, rachel, "I want to ask you, Casey - you heard Genesis say that she identifies "
                         "as a Republican. She voted for Marco Rubio in the primary.");
    say(&script, rachel, "Jordan, what do you think? She seems unsure.");
    assert_int_equal(identified_gender(&script, rachel), TTS_GENDER_FEMALE);
    assert_string_equal(script.speakers[rachel].gender_basis, "name table");
    assert_true(script.speakers[rachel].female_share > 0.99);
    assert_int_equal(identified_gender(&script, david), TTS_GENDER_MALE);
    assert_int_equal(identified_gender(&script, priya), TTS_GENDER_FEMALE);
    assert_string_equal(script.speakers[priya].gender_basis, "label");
    assert_int_equal(identified_gender(&script, kim), TTS_GENDER_MALE);
    assert_int_equal(identified_gender(&script, female), TTS_GENDER_FEMALE);
    assert_int_equal(identified_gender(&script, mother), TTS_GENDER_FEMALE);
    assert_int_equal(identified_gender(&script, genesis), TTS_GENDER_FEMALE);
    assert_string_equal(script.speakers[genesis].gender_basis, "page");
    /* A vocative is followed by "you", not by the person's pronouns; and
     * names shared by men and women decide nothing. */
    assert_int_equal(identified_gender(&script, casey), TTS_GENDER_UNKNOWN);
    assert_int_equal(identified_gender(&script, jordan), TTS_GENDER_UNKNOWN);
    assert_string_equal(script.speakers[jordan].gender_basis, "none");
    /* Contradicting evidence leaves it unknown. */
    assert_int_equal(identified_gender(&script, torn), TTS_GENDER_UNKNOWN);
    tts_script_free(&script);
}

/* The name table's shares decide above the confidence threshold: nicknames
 * the old male/female lists had on both (Ted, Tony, Chris, Bobby, Shannon)
 * are decided by how many men and women bear them. */
static void test_gender_from_name_shares(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        tts_gender gender;
    } expected[] = {{"Ted Koppel", TTS_GENDER_MALE},        {"Tony Cox", TTS_GENDER_MALE},
                    {"Chris Arnold", TTS_GENDER_MALE},      {"Bobby Allyn", TTS_GENDER_MALE},
                    {"Shannon Bond", TTS_GENDER_FEMALE},    {"Taylor Hale", TTS_GENDER_UNKNOWN},
                    {"Margaret Okafor", TTS_GENDER_FEMALE}, {"Xoq Quill", TTS_GENDER_UNKNOWN}};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        tts_script script;
        tts_script_init(&script);
        int speaker = add_person(&script, expected[i].name, NULL);
        tts_gender gender = identified_gender(&script, speaker);
        printf("  %-16s -> %d (P(female) %.3f)\n", expected[i].name, gender,
               script.speakers[speaker].female_share);
        assert_int_equal(script.speakers[speaker].gender, expected[i].gender);
        tts_script_free(&script);
    }
}

/* What the page says of a person beats the name table: a title before the
 * surname, or pronouns after the name in others' turns. */
static void test_gender_page_beats_name_table(void **state)
{
    (void)state;
    tts_script script;
    tts_script_init(&script);
    int host = add_person(&script, "Rachel Martin", "RACHEL MARTIN, HOST");
    int shannon = add_person(&script, "Shannon Lee", "SHANNON LEE");
    int chris = add_person(&script, "Chris Porter", "CHRIS PORTER");
    int tony = add_person(&script, "Tony Dale", "TONY DALE");
    say(&script, host, "Thank you, Mr. Lee, for joining us.");
    say(&script, host, "Chris Porter has covered the story for years. She says the harbor plan "
                       "is late, and her sources agree.");
    say(&script, host, "Tony Dale said he would vote for the plan.");
    assert_int_equal(identified_gender(&script, shannon), TTS_GENDER_MALE);
    assert_string_equal(script.speakers[shannon].gender_basis, "page");
    assert_true(script.speakers[shannon].female_share > 0.8);
    assert_int_equal(script.speakers[chris].gender, TTS_GENDER_FEMALE);
    assert_string_equal(script.speakers[chris].gender_basis, "page");
    /* One pronoun is not enough to overrule the table. */
    assert_int_equal(script.speakers[tony].gender, TTS_GENDER_MALE);
    assert_string_equal(script.speakers[tony].gender_basis, "name table");
    tts_script_free(&script);
}

static void test_seed_two_men_get_two_male_profiles(void **state)
{
    (void)state;
    const char *seed = test_seed_path();
    if (seed == NULL) {
        printf("skipped: ../shared/seeds is absent\n");
        skip();
    }
    tts_script script;
    parse_file(seed, &script);
    tts_cast cast;
    assign(&script, NULL, &cast);
    assert_int_equal(script.speaker_count, 2);
    int kuhn = find_speaker(&script, "anthony-kuhn");
    int greene = find_speaker(&script, "david-greene");
    assert_string_equal(script.speakers[greene].name, "David Greene");
    assert_string_equal(script.speakers[greene].aliases[0], "GREENE");
    assert_int_equal(script.speakers[kuhn].gender, TTS_GENDER_MALE);
    assert_int_equal(script.speakers[greene].gender, TTS_GENDER_MALE);
    assert_int_equal(profile_of(&cast, kuhn)->gender, TTS_GENDER_MALE);
    assert_int_equal(profile_of(&cast, greene)->gender, TTS_GENDER_MALE);
    assert_true(tts_voices_distinct(profile_of(&cast, kuhn), profile_of(&cast, greene)));
    tts_cast_free(&cast);
    tts_script_free(&script);
}

/* Every speaker whose first name the table gives one gender gets a profile
 * of that gender. */
static void check_corpus_genders(const char *path, int *men, int *women)
{
    tts_script script;
    parse_file(path, &script);
    tts_cast cast;
    assign(&script, NULL, &cast);
    for (size_t s = 0; s < script.speaker_count; s++) {
        const char *name = script.speakers[s].name;
        tts_gender table = TTS_GENDER_UNKNOWN;
        if (!tts_cast_first_name_gender(palette.data, name, strcspn(name, " "), &table) ||
            table == TTS_GENDER_UNKNOWN)
            continue;
        printf("  %-28s %-6s -> %s\n", name, table == TTS_GENDER_MALE ? "male" : "female",
               profile_of(&cast, (int)s)->name);
        assert_int_equal(profile_of(&cast, (int)s)->gender, table);
        *men += table == TTS_GENDER_MALE;
        *women += table == TTS_GENDER_FEMALE;
    }
    tts_cast_free(&cast);
    tts_script_free(&script);
}

static void test_corpus_voices_match_gender(void **state)
{
    (void)state;
    const char *corpus = test_corpus_directory();
    if (corpus == NULL) {
        printf("skipped: ../shared/corpus is absent\n");
        skip();
    }
    static const char *const files[] = {"mediasum/npr-1.txt", "mediasum/npr-2.txt",
                                        "mediasum/cnn-152985.txt", "mediasum/cnn-125878.txt"};
    int men = 0, women = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", corpus, files[i]);
        if (access(path, R_OK) != 0)
            continue;
        printf("%s\n", files[i]);
        check_corpus_genders(path, &men, &women);
    }
    assert_true(men >= 3 && women >= 3);
}

/* ---- cast files ---- */

static void assert_same_voice(const tts_voice *a, const tts_voice *b)
{
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->espeak, b->espeak);
    assert_string_equal(a->variant, b->variant);
    assert_string_equal(a->label, b->label);
    assert_int_equal(a->gender, b->gender);
    assert_int_equal(a->pitch, b->pitch);
    assert_int_equal(a->range, b->range);
    assert_int_equal(a->rate, b->rate);
    assert_int_equal(a->volume, b->volume);
    assert_true(a->pan == b->pan);
    assert_true(a->gain_db == b->gain_db);
}

static void test_cast_file_pins_voices_and_settings(void **state)
{
    (void)state;
    tts_script script;
    parse_file(FIXTURES "surname-dialogue.txt", &script);
    tts_cast cast;
    assign(&script, FIXTURES "pins.ini", &cast);
    int reporter = find_speaker(&script, "maria-lopez");
    int host = find_speaker(&script, "peter-hartmann");
    assert_string_equal(profile_of(&cast, reporter)->name, "jill");
    assert_string_equal(profile_of(&cast, host)->name, "karl");
    assert_string_equal(profile_of(&cast, TTS_NARRATOR)->name, "alex");
    const tts_voice *spoken = tts_cast_voice(&palette, &cast, host);
    assert_int_equal(spoken->rate, 150);
    assert_true(spoken->pan == -0.5);
    assert_int_equal(spoken->pitch, palette.voices[tts_palette_find(&palette, "karl")].pitch);
    tts_cast_free(&cast);
    tts_script_free(&script);

    /* The alias finds the speaker where the piece never names him in full. */
    tts_script_init(&script);
    int alone = add_person(&script, "Hartmann", "HARTMANN");
    add_person(&script, "Someone Else", NULL);
    say(&script, alone, "Good morning.");
    assign(&script, FIXTURES "pins.ini", &cast);
    assert_string_equal(profile_of(&cast, alone)->name, "karl");
    tts_cast_free(&cast);
    tts_script_free(&script);
}

/* Casts path (in language lang), saves the cast, casts again from the
 * saved file: every voice is the same. */
static void check_round_trip(const char *path, const char *lang, const char *cast_path)
{
    tts_script script;
    parse_file(path, &script);
    if (lang != NULL) {
        free(script.lang);
        script.lang = strdup(lang);
    }
    tts_cast first, second;
    tts_error err;
    assign(&script, cast_path, &first);
    char saved[] = "/tmp/test-cast-save-XXXXXX";
    int fd = mkstemp(saved);
    assert_true(fd >= 0);
    close(fd);
    if (tts_cast_save(&palette, &script, &first, saved, &err) != TTS_OK)
        fail_msg("%s", err.message);
    tts_script again;
    parse_file(path, &again);
    if (lang != NULL) {
        free(again.lang);
        again.lang = strdup(lang);
    }
    assign(&again, saved, &second);
    assert_int_equal(first.count, second.count);
    for (int s = -1; s < (int)first.count; s++) {
        assert_int_equal(tts_cast_voice_of(&first, s), tts_cast_voice_of(&second, s));
        assert_same_voice(tts_cast_voice(&palette, &first, s), tts_cast_voice(&palette, &second, s));
    }
    unlink(saved);
    tts_cast_free(&first);
    tts_cast_free(&second);
    tts_script_free(&script);
    tts_script_free(&again);
}

static void test_saved_cast_reproduces_cast(void **state)
{
    (void)state;
    check_round_trip(FIXTURES "panel-six.txt", NULL, NULL);
    check_round_trip(FIXTURES "panel-six.txt", "es", NULL);
    check_round_trip(FIXTURES "surname-dialogue.txt", NULL, FIXTURES "pins.ini");
    check_round_trip(FIXTURES "surname-dialogue.txt", "de", FIXTURES "pins.ini");
    check_round_trip(FIXTURES "spanish.html", NULL, NULL);
}

static void check_rejected(const char *name, const char *reason)
{
    tts_script script;
    parse_file(FIXTURES "surname-dialogue.txt", &script);
    tts_cast cast;
    tts_error err;
    tts_cast_options options = {NULL, 0, NULL};
    char path[256], expected[512];
    snprintf(path, sizeof path, FIXTURES "%s", name);
    options.cast_file = path;
    assert_int_equal(tts_cast_assign(&palette, &script, &options, &cast, &err), TTS_ERR_CAST);
    snprintf(expected, sizeof expected, "%s:%s", path, reason);
    assert_string_equal(err.message, expected);
    assert_null(cast.voices);
    tts_script_free(&script);
}

static void test_cast_file_errors_name_file_line_and_reason(void **state)
{
    (void)state;
    check_rejected("bad-profile.ini", "5: unknown voice profile 'zelda'");
    check_rejected("bad-variant.ini", "4: unknown eSpeak NG variant 'm99'");
    check_rejected("malformed.ini", "3: malformed line (expected [section] or key = value)");
    check_rejected("bad-key.ini",
                   "3: unknown key 'colour' (expected voice, alias or a voice setting)");
    check_rejected("bad-value.ini", "2: bad value 'high' for pitch (expected 0 to 99)");
    check_rejected("outside-section.ini", "1: 'voice' outside a [Speaker Name] section");
    check_rejected("bad-espeak.ini", "2: unknown eSpeak NG voice 'klingon'");
}

/* ---- language ---- */

static void check_language(const char *lang, const char *expected_voice)
{
    tts_script script;
    parse_file(FIXTURES "panel-six.txt", &script);
    free(script.lang);
    script.lang = strdup(lang);
    tts_cast cast;
    assign(&script, NULL, &cast);
    for (int s = -1; s < (int)cast.count; s++) {
        const tts_voice *spoken = tts_cast_voice(&palette, &cast, s);
        const tts_voice *profile = profile_of(&cast, s);
        assert_string_equal(spoken->espeak, expected_voice ? expected_voice : profile->espeak);
        assert_string_equal(spoken->variant, profile->variant);
        assert_int_equal(spoken->pitch, profile->pitch);
    }
    for (size_t a = 0; a < cast.count; a++)
        for (size_t b = a + 1; b < cast.count; b++)
            assert_true(tts_voices_distinct(tts_cast_voice(&palette, &cast, (int)a),
                                            tts_cast_voice(&palette, &cast, (int)b)));
    tts_cast_free(&cast);
    tts_script_free(&script);
}

static void test_language_replaces_espeak_voice(void **state)
{
    (void)state;
    check_language("es", "es");
    check_language("es-MX", "es-419");
    check_language("pt-BR", "pt-br");
    check_language("fr-CA", "fr");
    check_language("de_AT", "de");
    check_language("en-GB", NULL);
    check_language("tlh", NULL); /* not in eSpeak NG: English voices read it */
    /* A cast file's own eSpeak voice wins over the page's language. */
    char path[] = "/tmp/test-cast-lang-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *file = fdopen(fd, "w");
    fprintf(file, "[Daniel Reyes]\nespeak = fr\n");
    fclose(file);
    tts_script script;
    parse_file(FIXTURES "panel-six.txt", &script);
    free(script.lang);
    script.lang = strdup("es");
    tts_cast cast;
    assign(&script, path, &cast);
    assert_string_equal(tts_cast_voice(&palette, &cast, find_speaker(&script, "daniel-reyes"))->espeak,
                        "fr");
    assert_string_equal(tts_cast_voice(&palette, &cast, find_speaker(&script, "susan-wu"))->espeak,
                        "es");
    tts_cast_free(&cast);
    tts_script_free(&script);
    unlink(path);
}

/* ---- the six-speaker piece, rendered by the program and measured ---- */

static cJSON *read_json(const char *path)
{
    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    static char text[1 << 20];
    size_t length = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    text[length] = '\0';
    cJSON *json = cJSON_Parse(text);
    assert_non_null(json);
    return json;
}

static void run_program(const char *arguments)
{
    const char *program = getenv("TTSREAD");
    char command[8192];
    snprintf(command, sizeof command, "\"%s\" %s", program, arguments);
    if (system(command) != 0)
        fail_msg("failed: %s", command);
}

/* Renders the six-speaker panel (with `options`, such as a language) and
 * checks that every two speakers are >= 20 Hz apart in median pitch, or of
 * another gender, measured over the caption spans of their turns. */
static void check_six_speaker_audio(const char *options)
{
    char directory[] = "/tmp/test-cast-audio-XXXXXX";
    assert_non_null(mkdtemp(directory));
    char arguments[4096];
    printf("panel-six.txt %s\n", options);
    snprintf(arguments, sizeof arguments,
             FIXTURES "panel-six.txt %s -o %s/panel.wav --captions %s/panel.json -q", options,
             directory, directory);
    run_program(arguments);
    snprintf(arguments, sizeof arguments,
             FIXTURES "panel-six.txt %s --dump json > %s/dump.json", options, directory);
    run_program(arguments);
    char path[4200];
    snprintf(path, sizeof path, "%s/panel.wav", directory);
    test_audio audio;
    assert_int_equal(test_audio_read(path, &audio), 0);
    snprintf(path, sizeof path, "%s/panel.json", directory);
    cJSON *captions = read_json(path);
    snprintf(path, sizeof path, "%s/dump.json", directory);
    cJSON *dump = read_json(path);

    cJSON *speakers = cJSON_GetObjectItem(dump, "speakers");
    int count = cJSON_GetArraySize(speakers);
    assert_int_equal(count, 6);
    double pitch[6];
    const char *genders[6], *names[6];
    for (int s = 0; s < count; s++) {
        cJSON *speaker = cJSON_GetArrayItem(speakers, s);
        const char *id = cJSON_GetObjectItem(speaker, "id")->valuestring;
        names[s] = cJSON_GetObjectItem(speaker, "name")->valuestring;
        genders[s] = cJSON_GetObjectItem(cJSON_GetObjectItem(speaker, "voice"), "gender")->valuestring;
        /* Every span of this speaker, one after another, measured as one. */
        test_audio spans = {malloc(audio.count * sizeof(float)), 0, audio.sample_rate, 1};
        assert_non_null(spans.samples);
        cJSON *turn;
        cJSON_ArrayForEach(turn, cJSON_GetObjectItem(captions, "turns"))
        {
            if (strcmp(cJSON_GetObjectItem(turn, "speaker")->valuestring, id) != 0)
                continue;
            size_t start = (size_t)cJSON_GetObjectItem(turn, "start_sample")->valuedouble;
            size_t end = (size_t)cJSON_GetObjectItem(turn, "end_sample")->valuedouble;
            assert_true(start < end && end <= audio.count);
            memcpy(spans.samples + spans.count, audio.samples + start, (end - start) * sizeof(float));
            spans.count += end - start;
        }
        assert_true(spans.count > (size_t)audio.sample_rate * 10);
        pitch[s] = test_audio_median_pitch(&spans, 0, spans.count);
        printf("  %-16s %-6s %-7s %6.1f Hz over %.1f s\n", names[s],
               cJSON_GetObjectItem(cJSON_GetObjectItem(speaker, "voice"), "name")->valuestring,
               genders[s], pitch[s], (double)spans.count / audio.sample_rate);
        free(spans.samples);
    }
    double smallest_same_gender_gap = 1e9;
    for (int a = 0; a < count; a++)
        for (int b = a + 1; b < count; b++) {
            double gap = fabs(pitch[a] - pitch[b]);
            if (strcmp(genders[a], genders[b]) == 0 && gap < smallest_same_gender_gap)
                smallest_same_gender_gap = gap;
            if (strcmp(genders[a], genders[b]) == 0 && gap < 20)
                fail_msg("%s and %s: same gender, %.1f Hz apart", names[a], names[b], gap);
        }
    printf("  smallest gap between same-gender voices: %.1f Hz\n", smallest_same_gender_gap);
    /* Known first names got voices of their gender. */
    static const char *const expected[][2] = {{"Margaret Okafor", "female"}, {"Daniel Reyes", "male"},
                                              {"Susan Wu", "female"}, {"Thomas Beckett", "male"},
                                              {"Omar Haddad", "male"}};
    for (size_t e = 0; e < sizeof expected / sizeof expected[0]; e++)
        for (int s = 0; s < count; s++)
            if (strcmp(names[s], expected[e][0]) == 0)
                assert_string_equal(genders[s], expected[e][1]);
    cJSON_Delete(captions);
    cJSON_Delete(dump);
    test_audio_free(&audio);
    snprintf(arguments, sizeof arguments, "rm -rf '%s'", directory);
    assert_int_equal(system(arguments), 0);
}

static void test_six_speaker_audio_is_told_apart(void **state)
{
    (void)state;
    if (getenv("TTSREAD") == NULL) {
        printf("skipped: $TTSREAD (the program) is not set\n");
        skip();
    }
    check_six_speaker_audio("");
    check_six_speaker_audio("--lang es");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_palette_loads_profiles_but_not_names),
        cmocka_unit_test(test_palette_profiles_differ_in_accent_or_variant),
        cmocka_unit_test(test_palette_distinct_profiles_measure_apart),
        cmocka_unit_test(test_six_speakers_always_distinct),
        cmocka_unit_test(test_clearest_profiles_to_speakers_heard_most),
        cmocka_unit_test(test_same_name_same_profile_unless_collision),
        cmocka_unit_test(test_surname_label_gets_first_name_from_dialogue),
        cmocka_unit_test(test_surname_left_alone_when_uncertain),
        cmocka_unit_test(test_names_match_with_or_without_accents),
        cmocka_unit_test(test_gender_from_titles_roles_names_and_pronouns),
        cmocka_unit_test(test_gender_from_name_shares),
        cmocka_unit_test(test_gender_page_beats_name_table),
        cmocka_unit_test(test_seed_two_men_get_two_male_profiles),
        cmocka_unit_test(test_corpus_voices_match_gender),
        cmocka_unit_test(test_cast_file_pins_voices_and_settings),
        cmocka_unit_test(test_saved_cast_reproduces_cast),
        cmocka_unit_test(test_cast_file_errors_name_file_line_and_reason),
        cmocka_unit_test(test_language_replaces_espeak_voice),
        cmocka_unit_test(test_six_speaker_audio_is_told_apart),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
