/* test_parse.c: the parsers in src/parse/: label shapes, what is never a
 * speaker, alias merging, each format's own rules, the seed transcript, and
 * linear time on hostile 1 MB inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse/parse_internal.h"
#include "support/audio.h"
#include "ttsread/input.h"
#include "ttsread/parse.h"

#define FIXTURES "tests/fixtures/parse/"

/* Parses `text` as if read from a file called `name` (format sniffed unless forced). */
static tts_status parse_as(const char *name, const char *text, tts_format forced,
                           tts_script *script, tts_error *err)
{
    tts_input input;
    tts_error_clear(err);
    tts_script_init(script);
    tts_status status = tts_input_from_bytes(name, (const unsigned char *)text, strlen(text),
                                             forced, &input, err);
    if (status == TTS_OK) {
        status = tts_parse_input(&input, script, err);
        tts_input_free(&input);
    }
    return status;
}

static void parse_ok(const char *name, const char *text, tts_script *script)
{
    tts_error err;
    if (parse_as(name, text, TTS_FORMAT_AUTO, script, &err) != TTS_OK)
        fail_msg("%s: %s", name, err.message);
}

static int speaker_named(const tts_script *script, const char *name)
{
    for (size_t s = 0; s < script->speaker_count; s++)
        if (strcmp(script->speakers[s].name, name) == 0)
            return (int)s;
    fail_msg("no speaker named %s", name);
    return -1;
}

static size_t turns_of(const tts_script *script, const char *name)
{
    return script->speakers[speaker_named(script, name)].turn_count;
}

/* ---- labels ---- */

static void label_shapes_are_read(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        label_shape shape;
        const char *name, *role;
    } cases[] = {
        {"ANTHONY KUHN, BYLINE: Hi there.", LABEL_UPPER, "ANTHONY KUHN", "BYLINE"},
        {"KUHN: Well, David.", LABEL_UPPER, "KUHN", ""},
        {"SEN. RUTH CALDER (D-OR), CHAIR: We will not.", LABEL_UPPER, "RUTH CALDER", "CHAIR"},
        {"Mr. KYLE BOWSER (Co-producer, \"The Bible: Complete\"): Great.", LABEL_UPPER,
         "KYLE BOWSER", ""},
        {"UNIDENTIFIED PERSON #1: Hey!", LABEL_UPPER, "UNIDENTIFIED PERSON #1", ""},
        {"YELLIN (on-camera): Lou,", LABEL_UPPER, "YELLIN", ""},
        {"FARAI CHIDEYA, host: Now,", LABEL_UPPER, "FARAI CHIDEYA", "host"},
        {"Jerod Santo: Hello.", LABEL_TITLE, "Jerod Santo", ""},
        {"Neil deGrasse Tyson: Hi", LABEL_TITLE, "Neil deGrasse Tyson", ""},
        {"Erik St. Martin:", LABEL_TITLE, "Erik St. Martin", ""},
        {"Lenny (00:03):", LABEL_TIMED, "Lenny", ""},
        {"[00:01:23] Ana Ruiz: Hello", LABEL_TIMED, "Ana Ruiz", ""},
        {"Tom Becker 00:00:18", LABEL_TIMED, "Tom Becker", ""},
        {"Speaker 2: Right.", LABEL_TITLE, "Speaker 2", ""},
        {"(00:47):", LABEL_TIMESTAMP, "", ""},
        {"Q: Why?", LABEL_QUESTION, "Q", ""},
        {"A: Because.", LABEL_ANSWER, "A", ""},
        {"Q Just a quick follow on that?", LABEL_QUESTION, "Q", ""},
        {">> host: how did you come here?", LABEL_UPPER, "HOST", ""},
        {"Claire Waite Brown:Welcome back.", LABEL_TITLE, "Claire Waite Brown", ""},
        {">> JUDY WOODRUFF: Good evening.", LABEL_UPPER, "JUDY WOODRUFF", ""},
        {"Note: This episode ran before.", LABEL_NOT_SPEAKER, "Note", ""},
        {"Editor\xE2\x80\x99s Note: fixed.", LABEL_NOT_SPEAKER, "Editor\xE2\x80\x99s Note", ""},
        {"UPDATE: The vote moved.", LABEL_NOT_SPEAKER, "UPDATE", ""},
        {"Chairman INOUYE: May I speak?", LABEL_UPPER, "INOUYE", ""},
        {"CHIEF JUSTICE ROBERTS: We'll hear argument", LABEL_UPPER, "CHIEF JUSTICE ROBERTS", ""},
        {"Chief Justice ROBERTS: Thank you.", LABEL_UPPER, "ROBERTS", ""},
        {"Mrs. SMITH. Thank you, Mr. President.", LABEL_UPPER, "SMITH", ""},
        {"The PRESIDING OFFICER. Without objection.", LABEL_UPPER, "PRESIDING OFFICER", ""},
        {"SPEAKER_00: Oh perfect!", LABEL_UPPER, "SPEAKER 00", ""},
        {"[Bryan Cantrill] [00:02] You know, Ben", LABEL_TIMED, "Bryan Cantrill", ""},
        {"[Speaker 5] [01:01:59] what we have", LABEL_TIMED, "Speaker 5", ""},
        {"[SPEAKER_01] [0.03 - 22.88] Get out", LABEL_TIMED, "SPEAKER 01", ""},
        {"Lord Goring. Good evening.", LABEL_TITLE, "Lord Goring", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        label found;
        if (!tts_label_parse(cases[i].text, &found))
            fail_msg("no label in \"%s\"", cases[i].text);
        if (found.shape != cases[i].shape)
            fail_msg("\"%s\": shape %d, expected %d", cases[i].text, found.shape, cases[i].shape);
        assert_string_equal(found.name, cases[i].name);
        assert_string_equal(found.role, cases[i].role);
    }
    label found;
    /* A period label by shape alone only with a title before upper case. */
    assert_true(tts_label_parse("Lord Goring. Good evening.", &found) && found.period);
    assert_true(tts_label_parse("Mr. LIMAN. Yes.", &found) && !found.period);
    assert_true(tts_label_parse("ERIK WEMPLE, MEDIA CRITIC, \"WASHINGTON POST.\" COSTELLO: You're",
                            &found));
    assert_string_equal(found.role_tail, "COSTELLO");
}

static void lines_that_only_look_like_labels_are_not(void **state)
{
    (void)state;
    static const char *const not_labels[] = {
        "10:30 is when it starts.", "The ratio was 3:1 for the bridge.",
        "https://example.org/page", "He said: come back tomorrow.",
        "Here's the thing: nobody knew.", "Steel, in the middle of a heated call:",
        "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG: no", "B37: a juror",
        "A gorgeous day: sun.", "::::", "", "[laughs] [00:12] and then",
        "[Rosa Diaz] no time here", "Mr. SMITH of Texas", "SEN. CALDER (D-OR), CHAIR. We",
        "Dr. Who. A show", "The end. Really", "Q fever spread in the herd.", ">> and then she said: no", "Bob:Hello there",
    };
    for (size_t i = 0; i < sizeof not_labels / sizeof not_labels[0]; i++) {
        label found;
        /* A title-case period label ("Dr. Who.") waits for the census: see
         * a_period_label_needs_the_name_labelled_with_a_colon. */
        if (tts_label_parse(not_labels[i], &found) && found.shape != LABEL_NOT_SPEAKER &&
            !found.period)
            fail_msg("\"%s\" read as a label of shape %d", not_labels[i], found.shape);
    }
}

/* ---- the transcript parser ---- */

static void a_plain_article_is_read_by_the_narrator(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("article.txt",
             "Library Opens Late\n\n"
             "The library will stay open until 10:30 p.m. on Fridays, the city said.\n\n"
             "Update: An earlier version gave the wrong time.\n\n"
             "Readers favored evening hours 3:1. One wrote: \"It changes everything.\"\n\n"
             "Jane Doe: a reader since 1980, said she would come every week.\n\n"
             "More at https://library.example.org/hours.\n",
             &script);
    assert_int_equal(script.speaker_count, 0);
    assert_string_equal(script.title, "Library Opens Late");
    for (size_t t = 0; t < script.turn_count; t++)
        assert_int_equal(script.turns[t].speaker, TTS_NARRATOR);
    assert_true(script.turn_count >= 5);
    tts_script_free(&script);

    parse_ok("short.txt", "Hello world\n", &script);
    assert_int_equal(script.turn_count, 1);
    assert_string_equal(script.turns[0].text, "Hello world");
    tts_script_free(&script);
}

static void the_seed_transcript_parses_exactly(void **state)
{
    (void)state;
    const char *seed = test_seed_path();
    if (seed == NULL)
        skip();
    tts_error err;
    tts_input input;
    tts_script script;
    assert_int_equal(tts_input_read(seed, TTS_INPUT_DEFAULT_MAX_BYTES, TTS_FORMAT_AUTO, &input,
                                    &err),
                     TTS_OK);
    assert_int_equal(tts_parse_input(&input, &script, &err), TTS_OK);
    tts_input_free(&input);
    assert_string_equal(script.title, "U.S Turns To China For Help With North Korea Cyberattack");
    assert_int_equal(script.speaker_count, 2);
    const tts_speaker *kuhn = &script.speakers[0], *greene = &script.speakers[1];
    assert_string_equal(kuhn->id, "anthony-kuhn");
    assert_int_equal(kuhn->alias_count, 2);
    assert_string_equal(kuhn->aliases[0], "ANTHONY KUHN, BYLINE");
    assert_string_equal(kuhn->aliases[1], "KUHN");
    assert_string_equal(kuhn->role, "byline");
    assert_int_equal(kuhn->turn_count, 6);
    assert_string_equal(greene->id, "greene");
    assert_int_equal(greene->turn_count, 5);
    assert_int_equal(script.turns[0].kind, TTS_TURN_TITLE);
    assert_int_equal(script.turns[1].speaker, TTS_NARRATOR);
    assert_non_null(strstr(script.turns[1].text, "Let's report now"));
    for (size_t t = 0; t < script.turn_count; t++) {
        const char *text = script.turns[t].text;
        assert_null(strstr(text, "Transcript provided"));
        assert_null(strstr(text, "correspondent based in Seoul"));
        assert_null(strstr(text, "Support nonprofit"));
    }
    tts_script_free(&script);
}

static void aliases_merge_and_namesakes_stay_apart(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("radio.txt",
             "MARIA LOPEZ, HOST: Good morning.\n\n"
             "JAMES OKAFOR, BYLINE: Good morning, Maria.\n\n"
             "LOPEZ: Who spoke first?\n\n"
             "Okafor: The mayor.\n\n" /* another case, same person */
             "DANA SMITH: I run the ferry.\n\n"
             "PAUL SMITH: I drive a truck.\n\n"
             "SMITH: An hour a day is a lot.\n\n" /* the Smith who spoke last */
             "HOST: And the vote?\n\n"
             "OKAFOR, NPR NEWS: Five to four.\n",
             &script);
    assert_int_equal(script.speaker_count, 4);
    assert_int_equal(turns_of(&script, "Maria Lopez"), 3);
    assert_int_equal(turns_of(&script, "James Okafor"), 3);
    assert_int_equal(turns_of(&script, "Dana Smith"), 1);
    assert_int_equal(turns_of(&script, "Paul Smith"), 1);
    tts_script_free(&script);

    /* A surname first, the full name later: one person, named in full. */
    parse_ok("late.txt", "GREENE: Hi.\n\nKUHN: Hello.\n\nDAVID GREENE: Bye.\n", &script);
    assert_int_equal(script.speaker_count, 2);
    assert_string_equal(script.speakers[0].name, "David Greene");
    assert_string_equal(script.speakers[0].id, "david-greene");
    tts_script_free(&script);

    /* A first name alone, when only one speaker has it. */
    parse_ok("first.txt",
             "Bekah Hawrot: Hi, I'm Bekah.\n\nDan Ott: And I'm Dan.\n\nBekah: Welcome.\n\n"
             "Dan: Thanks.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Bekah Hawrot"), 2);
    tts_script_free(&script);
}

static void runs_of_one_speaker_are_one_turn(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("runs.txt",
             "ROMER: Like, how many screens?\n\n(SOUNDBITE OF MUSIC)\n\nROMER: Anyway.\n\n"
             "More words from Romer, unlabeled.\n\nFLORES: Forty.\n",
             &script);
    assert_int_equal(turns_of(&script, "Romer"), 1);
    assert_int_equal(turns_of(&script, "Flores"), 1);
    tts_script_free(&script);
}

static void a_label_glued_to_unfinished_speech_is_text(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("cnn.txt",
             "LOU DOBBS, HOST: Thank you.\n\nANNOUNCER: This is\n\n"
             "LOU DOBBS TONIGHT: news and opinion.\n\nDOBBS: Good evening.\n\n"
             "ANNOUNCER: Later.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Announcer"), 2);
    tts_script_free(&script);
}

static void a_one_line_page_is_split_at_labels_and_cues(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("oneline.txt",
             "Searchers went back today. PFEIFFER, HOST: How long? ALLYN, BYLINE: Weeks. "
             "(SOUNDBITE OF DOG BARKING) ALLYN: That dog found two. PFEIFFER: Thanks.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Pfeiffer"), 2);
    assert_int_equal(turns_of(&script, "Allyn"), 1);
    bool cue = false;
    for (size_t t = 0; t < script.turn_count; t++)
        cue |= script.turns[t].kind == TTS_TURN_CUE &&
               strcmp(script.turns[t].text, "(SOUNDBITE OF DOG BARKING)") == 0;
    assert_true(cue);
    tts_script_free(&script);
}

static void questions_and_answers_take_the_named_speaker(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("talk.md",
             "---\ntitle: Vaults\nspeakers:\n  - Emin Gun Sirer\n---\n"
             "We published this last year at a workshop, and here is what we found.\n\n"
             "# Q&A\n\nQ: Why?\n\nA: Because.\n\nQ: When?\n\nA: Soon.\n",
             &script);
    assert_string_equal(script.title, "Vaults");
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Emin Gun Sirer"), 3);
    assert_int_equal(turns_of(&script, "Audience"), 2);
    tts_script_free(&script);
    /* A third person answers by initials: introduced in the talk, or not. */
    parse_ok("panel.md",
             "---\ntitle: Vaults\nspeakers:\n  - Emin Gun Sirer\n---\n"
             "We published this last year; my co-author Ann Bell (AB) helps with questions.\n\n"
             "# Q&A\n\nQ: Why?\n\nAB: Because the keys leak.\n\nA: And they do.\n\n"
             "Q: When?\n\nCD: Next year, from the floor.\n\nA: Soon.\n",
             &script);
    assert_int_equal(script.speaker_count, 4);
    assert_int_equal(turns_of(&script, "Emin Gun Sirer"), 3);
    assert_int_equal(turns_of(&script, "Audience"), 2);
    assert_int_equal(turns_of(&script, "Ann Bell"), 1);
    assert_int_equal(turns_of(&script, "CD"), 1);
    tts_script_free(&script);
    /* A press briefing: bare Qs from the room, named answers. */
    parse_ok("briefing.txt",
             "MS. LIND:  Good morning.  One update before questions.\n\n"
             "Q    Is the bridge open?\n\nMS. LIND:  Tomorrow.\n\n"
             "Q    And the tolls?\n\nMS. LIND:  Unchanged.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Lind"), 3);
    assert_int_equal(turns_of(&script, "Interviewer"), 2);
    tts_script_free(&script);
}

/* ---- Markdown ---- */

static void markdown_inline_markup_is_reduced(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"**Jerod Santo:** Hi", "Jerod Santo: Hi"},
        {"**Natalie**: Maybe", "Natalie: Maybe"},
        {"a [link](https://x.org/a_(b)) here", "a link here"},
        {"\\[laughs\\] ok", "[laughs] ok"},
        {"_Build It_ and *real* and ~~gone~~", "Build It and real and gone"},
        {"snake_case stays, 2 * 3 stays", "snake_case stays, 2 * 3 stays"},
        {"code `a + b` here", "code a + b here"},
        {"![a picture](p.png)Text", "Text"},
        {"see <https://x.org> &amp; more", "see https://x.org & more"},
        {"<br>tag <b>bold</b>", "tag bold"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buffer[256];
        strcpy(buffer, cases[i].in);
        tts_markdown_reduce_inline(buffer);
        assert_string_equal(buffer, cases[i].out);
    }
}

static void a_title_naming_an_absent_guest_is_dropped(void **state)
{
    (void)state;
    tts_script script;
    const char *body = "**Lenny:** Welcome.\n\n**Paul Adams:** Thanks.\n\n**Lenny:** Bye.\n";
    char text[512];
    snprintf(text, sizeof text, "---\ntitle: Growth loops | Andrew Wilkinson\n---\n%s", body);
    parse_ok("other.md", text, &script);
    assert_null(script.title);
    assert_int_equal(script.turns[0].kind, TTS_TURN_SPEECH);
    tts_script_free(&script);
    snprintf(text, sizeof text, "---\ntitle: Growth loops | Paul Adams\n---\n%s", body);
    parse_ok("same.md", text, &script);
    assert_string_equal(script.title, "Growth loops | Paul Adams");
    tts_script_free(&script);
}

/* ---- subtitles ---- */

static void subtitle_cues_merge_into_timed_turns(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("talk.vtt",
             "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Roger Bingham>We are in\n\n"
             "00:02.000 --> 00:03.000\n<v Roger Bingham>New York City\n\n"
             "00:03.000 --> 00:04.000\n<v Neil Tyson>Hi.</v>\n<i>Laughter</i>\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_string_equal(script.turns[0].text, "We are in New York City");
    assert_true(script.turns[0].cue_start == 1.0 && script.turns[0].cue_end == 3.0);
    assert_int_equal(script.turns[2].kind, TTS_TURN_CUE);
    assert_int_equal(script.turns[2].speaker, TTS_NARRATOR);
    tts_script_free(&script);

    parse_ok("talk.srt",
             "1\n00:00:01,000 --> 00:00:02,000\nBekah Hawrot Weigel: Hey, I'm\nBekah.\n\n"
             "2\n00:00:02,000 --> 00:00:03,000\nDan Ott: And I'm Dan.\n\n"
             "3\n00:00:03,000 --> 00:00:04,000\nBekah: There's a couple\nChoose Your Own "
             "Adventure: books.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Bekah Hawrot Weigel"), 2);
    tts_script_free(&script);
}

/* ---- Fountain and plays ---- */

static void fountain_cues_lose_their_extensions(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("a.fountain",
             "Title: Test\n\nINT. ROOM - DAY\n\nEDWARD (V.O.)\nOnce.\n\nHe sits. EDWARD laughs.\n\n"
             "EDWARD (V.O.)(CONT'D)\n(quietly)\nTwice.\n\nYOUNG EDWARD\nMe too.\n\n"
             "/* EDWARD\nCut. */\n\n@McCLANE\nHi.\n",
             &script);
    assert_string_equal(script.title, "Test");
    assert_int_equal(script.speaker_count, 3);
    assert_int_equal(turns_of(&script, "Edward"), 1);
    assert_int_equal(turns_of(&script, "Young Edward"), 1);
    assert_int_equal(turns_of(&script, "McCLANE"), 1);
    tts_script_free(&script);
}

static void play_abbreviations_resolve_to_full_names(void **state)
{
    (void)state;
    tts_script script;
    tts_error err;
    tts_status status = parse_as("play.txt",
             "Dramatis Personae\n\nROMEO, a young man.\nLADY CAPULET, a mother.\n\nACT I\n\n"
             "ROMEO.\nHello.\n\nLADY CAPULET.\nGood day. [_Exit._]\n\nROMEO.\nFarewell.\n\n"
             "La. Cap. I return.\n\nRom. And I go.\n",
             TTS_FORMAT_PLAY, &script, &err);
    assert_int_equal(status, TTS_OK);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Romeo"), 3);
    assert_int_equal(turns_of(&script, "Lady Capulet"), 2);
    tts_script_free(&script);
}

static void older_play_editions_run_the_speech_on_after_the_label(void **state)
{
    (void)state;
    tts_script script;
    tts_error err;
    /* Numbered roles, abbreviations of the cast list's names, a plural group
     * said once; sniffed as a play from its label lines alone. */
    assert_int_equal(parse_as("folio.txt",
                              "Dramatis Personae\n\nMACBETH, a general.\nBANQUO, a general.\n"
                              "SENATORS of Scotland.\n\nACT I.\n\n1. Witch. When shall we meet?\n\n"
                              "2. Witch. When the battle's done.\n\n3. Witch. Ere the sun.\n\n"
                              "1. Witch. Hail!\n\n"
                              "MACBETH. So foul a day.\n\nBan. How far to Forres?\n\n"
                              "Macb. Speak.\n\nFirst Senator. The senate waits.\n\n"
                              "SENATORS. Hail!\n\nMacb. I go.\n",
                              TTS_FORMAT_AUTO, &script, &err),
                     TTS_OK);
    assert_string_equal(script.format, "play");
    assert_int_equal(script.speaker_count, 7);
    assert_int_equal(turns_of(&script, "First Witch"), 2);
    assert_int_equal(turns_of(&script, "Second Witch"), 1);
    assert_int_equal(turns_of(&script, "Macbeth"), 3);
    assert_int_equal(turns_of(&script, "Banquo"), 1);
    assert_int_equal(turns_of(&script, "First Senator"), 1);
    assert_int_equal(turns_of(&script, "Senators"), 1);
    tts_script_free(&script);
    /* Labels indented two spaces, verse four: every label at that depth is one. */
    assert_int_equal(parse_as("indented.txt",
                              "    ACT I. SCENE I.\n\n    Enter Ross.\n\n"
                              "      ROSS. God save the King!\n        And all his house.\n"
                              "      DUNCAN. Whence camest thou?\n      ROSS. From Fife.\n"
                              "      DUNCAN. Great happiness!\n      ALL. Hail!\n"
                              "                            Exeunt.\n      ROSS. Farewell.\n",
                              TTS_FORMAT_AUTO, &script, &err),
                     TTS_OK);
    assert_string_equal(script.format, "play");
    assert_int_equal(script.speaker_count, 3);
    assert_int_equal(turns_of(&script, "Ross"), 3);
    assert_int_equal(turns_of(&script, "All"), 1);
    assert_non_null(strstr(script.turns[2].text, "And all his house."));
    tts_script_free(&script);
}

static void formats_can_be_forced_and_are_sniffed(void **state)
{
    (void)state;
    tts_script script;
    tts_error err;
    const char *subtitles = "1\n00:00:01,000 --> 00:00:02,000\nNora: Hi.\n";
    assert_int_equal(parse_as("x.txt", subtitles, TTS_FORMAT_AUTO, &script, &err), TTS_OK);
    assert_string_equal(script.format, "srt");
    tts_script_free(&script);
    assert_int_equal(parse_as("x.txt", subtitles, TTS_FORMAT_TEXT, &script, &err), TTS_OK);
    assert_string_equal(script.format, "text");
    tts_script_free(&script);
    const char *play = "\nROMEO.\nHi.\n\nJULIET.\nHo.\n\nROMEO.\nHa.\n\nJULIET.\nHe.\n";
    assert_int_equal(parse_as("p.txt", play, TTS_FORMAT_AUTO, &script, &err), TTS_OK);
    assert_string_equal(script.format, "play");
    assert_int_equal(script.speaker_count, 2);
    tts_script_free(&script);
    assert_int_equal(tts_format_from_name("play"), TTS_FORMAT_PLAY);
}

/* ---- conventions of hearings, diarizers and rehearsal scripts ---- */

static void a_period_label_needs_the_name_labelled_with_a_colon(void **state)
{
    (void)state;
    tts_script script;
    /* LineThru's mixed styles: "Name:" and "Name." are one person. */
    parse_ok("husband.txt",
             "Lord Goring: Good evening.\n"
             "Mabel Chiltern: Good evening, Lord Goring.\n"
             "Lord Goring. You look charming.\n"
             "Mabel Chiltern. I know.\n"
             "Lord Goring: Then we agree.\n"
             "Mabel Chiltern: We do.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Lord Goring"), 3);
    assert_int_equal(turns_of(&script, "Mabel Chiltern"), 3);
    tts_script_free(&script);
    /* Prose with sentences that start "Name." is no play. */
    parse_ok("article.txt",
             "Dr. Who. A show that ran for decades.\n\n"
             "Dr. Who. It came back in 2005.\n",
             &script);
    assert_int_equal(script.speaker_count, 0);
    tts_script_free(&script);
    /* A hearing record labels members "Mr. Linder." with no colon anywhere:
     * titled period labels for two people or more are its convention. */
    parse_ok("hearing.txt",
             "The subcommittee met at 10:00 a.m.\n\n"
             "Mr. Pell. The hearing will come to order.\n\n"
             "Ms. Okoro. Thank you, Mr. Chairman.\n\n"
             "Mr. Pell. Ms. Okoro, you have five minutes.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Pell"), 2);
    assert_int_equal(turns_of(&script, "Okoro"), 1);
    tts_script_free(&script);
    /* A radio play sets a dash where others set the colon; a news
     * dateline does the same once. */
    parse_ok("radio-play.txt",
             "HARBOUR LIGHTS, episode 2.\n\n"
             "MAEVE \xE2\x80\x93 You're late again.\n\n"
             "CONOR \xE2\x80\x93 The tide was against me.\n\n"
             "MAEVE \xE2\x80\x93 The tide is always against you.\n\n"
             "CONOR \xE2\x80\x93 Then it's consistent.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Maeve"), 2);
    tts_script_free(&script);
    parse_ok("dateline.txt",
             "WASHINGTON \xE2\x80\x94 The Senate voted on Tuesday to extend the program.\n\n"
             "The measure now goes to the House.\n",
             &script);
    assert_int_equal(script.speaker_count, 0);
    tts_script_free(&script);
    /* One person so titled, twice, is prose about him. */
    parse_ok("profile.txt",
             "Mr. Pell. The name still opens doors in the valley.\n\n"
             "Mr. Pell. Nobody says it without a pause.\n",
             &script);
    assert_int_equal(script.speaker_count, 0);
    tts_script_free(&script);
}

static void hearing_records_name_titled_speakers(void **state)
{
    (void)state;
    tts_script script;
    tts_error err;
    tts_input input;
    assert_int_equal(tts_input_read(FIXTURES "hearing-record.txt", TTS_INPUT_DEFAULT_MAX_BYTES, TTS_FORMAT_AUTO, &input,
                                    &err),
                     TTS_OK);
    assert_int_equal(tts_parse_input(&input, &script, &err), TTS_OK);
    tts_input_free(&input);
    assert_int_equal(script.speaker_count, 4);
    assert_int_equal(turns_of(&script, "Okafor"), 3);
    assert_int_equal(turns_of(&script, "Brandt"), 3);
    assert_int_equal(turns_of(&script, "Hale"), 3);
    assert_int_equal(turns_of(&script, "Presiding Officer"), 2);

    /* The label is not spoken: "Ms. HALE. How much ..." reads "How much ...". */
    bool found = false;
    for (size_t t = 0; t < script.turn_count; t++)
        if (strcmp(script.turns[t].text, "How much will the repair cost?") == 0)
            found = true;
    assert_true(found);
    tts_script_free(&script);
    /* A period label that names nobody twice is a sentence: "The NBA." */
    parse_ok("league.txt",
             "SMITH: Which league won?\n\nJONES: Guess.\n\nThe NBA. By far.\n\nSMITH: Yes.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Jones"), 1);
    tts_script_free(&script);
}

static void diarizer_segments_are_timed_labels(void **state)
{
    (void)state;
    tts_script script;
    /* A phrase cut between speakers is still a new speaker (a time is no
     * part of a sentence), and times past an hour read as well. */
    parse_ok("segments.txt",
             "[Rosa Diaz] [00:00] Good morning.\n"
             "[Rosa Diaz] [00:04] We have a lot to cover.\n"
             "[Speaker 2] [00:09] Then I will start with the\n"
             "[Speaker 3] [00:12] schedule, sorry.\n"
             "[Speaker 2] [59:58] Thanks.\n"
             "[Rosa Diaz] [01:00:03] We finish at five.\n",
             &script);
    assert_int_equal(script.speaker_count, 3);
    assert_int_equal(turns_of(&script, "Rosa Diaz"), 2);
    assert_int_equal(turns_of(&script, "Speaker 2"), 2);
    assert_int_equal(turns_of(&script, "Speaker 3"), 1);
    for (size_t t = 0; t < script.turn_count; t++)
        assert_null(strchr(script.turns[t].text, '['));
    tts_script_free(&script);
    /* WebVTT from a diarizer: seconds-only times, SPEAKER_1 = "Speaker 1:". */
    parse_ok("diarizer.vtt",
             "WEBVTT\n\n0.000 --> 3.480\n<v SPEAKER_1>Welcome back.\n\n"
             "3.480 --> 6.020\n<v SPEAKER_2>Thanks.\n\n"
             "00:06.020 --> 00:09.500\nSpeaker 1: Where do we start?\n\n"
             "00:09.500 --> 00:12.000\nSpeaker 2: With the soil.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Speaker 1"), 2);
    assert_int_equal(turns_of(&script, "Speaker 2"), 2);
    assert_string_equal(script.turns[0].text, "Welcome back.");
    assert_true(script.turns[0].cue_end > 3.47 && script.turns[0].cue_end < 3.49);
    tts_script_free(&script);
}

static void initials_introduced_with_a_full_name_are_its_alias(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("initials.txt",
             "Adam Jonas (AJ): Welcome to the show.\n\n"
             "Beth Karlin (BK): Thanks for having me.\n\n"
             "AJ: Let us begin.\n\nBK: It started as a blog.\n\nAJ: And then?\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Adam Jonas"), 3);
    assert_int_equal(turns_of(&script, "Beth Karlin"), 2);
    /* The introducing line is the person's first turn, not the narrator's. */
    assert_int_equal(script.turns[0].speaker, speaker_named(&script, "Adam Jonas"));
    assert_string_equal(script.turns[0].text, "Welcome to the show.");
    tts_script_free(&script);
    /* A note that does not spell the initials is no alias. */
    label found;
    assert_true(tts_label_parse("Adam Jonas (CEO): Hi", &found));
    assert_string_equal(found.initials, "");
    assert_true(tts_label_parse("Adam Jonas (AJ): Hi", &found));
    assert_string_equal(found.initials, "AJ");
}

/* No turn of `script` may hold a clock time like "0:30" or "1:02:41". */
static void assert_no_time_spoken(const tts_script *script, const char *const *times,
                                  size_t count)
{
    for (size_t t = 0; t < script->turn_count; t++)
        for (size_t i = 0; i < count; i++)
            if (strstr(script->turns[t].text, times[i]) != NULL)
                fail_msg("turn %zu speaks the time %s: %s", t, times[i], script->turns[t].text);
}

static void timestamps_are_never_spoken(void **state)
{
    (void)state;
    tts_script script;
    tts_error err;
    tts_input input;
    /* Podcast namespace HTML: <cite>Name:</cite> <time>0:30</time> <p>words</p>. */
    assert_int_equal(tts_input_read(FIXTURES "podcast-namespace.html",
                                    TTS_INPUT_DEFAULT_MAX_BYTES, TTS_FORMAT_AUTO, &input, &err),
                     TTS_OK);
    assert_int_equal(tts_parse_input(&input, &script, &err), TTS_OK);
    tts_input_free(&input);
    static const char *const html_times[] = {"0:00", "0:05", "00:00:07", "00:01:02", "1:02:41"};
    assert_no_time_spoken(&script, html_times, sizeof html_times / sizeof html_times[0]);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Alban Brooke"), 2);
    assert_int_equal(turns_of(&script, "Kevin Finn"), 2);
    bool prose_time = false; /* "the meeting at 10:30" is words, not a mark */
    for (size_t t = 0; t < script.turn_count; t++)
        prose_time |= strstr(script.turns[t].text, "at 10:30") != NULL;
    assert_true(prose_time);
    tts_script_free(&script);
    /* Meeting exports: "**[12:03] SPEAKER_01:**", a time inside a turn. */
    parse_ok("sync.md",
             "**[12:03] SPEAKER_01:** Let us start.\n\n"
             "**[12:04] SPEAKER_02:** I have the numbers. (12:05) Sales are up.\n\n"
             "**[12:06] SPEAKER_01:** Good.\n\nSPEAKER_02: And costs are down.\n",
             &script);
    static const char *const md_times[] = {"12:0"};
    assert_no_time_spoken(&script, md_times, 1);
    assert_int_equal(turns_of(&script, "Speaker 01"), 2);
    assert_int_equal(turns_of(&script, "Speaker 02"), 2);
    tts_script_free(&script);
    /* A line that is only a time, between lines of one speaker. */
    parse_ok("clock.txt", "Ana Ruiz: Hello there.\n\n[00:14]\n\nBo Li: Hi.\n\n"
                          "Ana Ruiz: Bye.\n\nBo Li: Bye.\n", &script);
    static const char *const line_times[] = {"00:14"};
    assert_no_time_spoken(&script, line_times, 1);
    tts_script_free(&script);
}

static void a_label_glued_to_a_sentence_takes_over_there(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("glued.txt",
             "JONES: We are glad you could join us on the radio today. SMITH: Thank you.\n"
             "JONES: Tell us about the flood.\n"
             "SMITH: The water rose fast. II. UNIDENTIFIED FEMALE: Help us, please!\n"
             "JONES: That was the scene.\n",
             &script);
    assert_int_equal(script.speaker_count, 3);
    assert_int_equal(turns_of(&script, "Smith"), 2);
    assert_int_equal(turns_of(&script, "Unidentified Female"), 1);
    /* The run-in number stays with the turn it ended; the label is not spoken. */
    assert_string_equal(script.turns[0].text, "We are glad you could join us on the radio today.");
    assert_string_equal(script.turns[3].text, "The water rose fast. II.");
    assert_string_equal(script.turns[4].text, "Help us, please!");
    tts_script_free(&script);
    label found;
    assert_true(tts_label_parse("II. UNIDENTIFIED FEMALE: Help", &found));
    assert_string_equal(found.name, "UNIDENTIFIED FEMALE");
    assert_int_equal(found.prefix, 4);
    assert_true(tts_label_parse("H. CLINTON: Thank you", &found));
    assert_string_equal(found.name, "H. CLINTON");
    assert_int_equal(found.prefix, 0);
}

static void show_parts_and_silent_labels_are_no_speakers(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("show.txt",
             "Jingle: The Garden Hour!\n\nTom Hale: Welcome.\n\nMia Park: Thanks.\n\n"
             "Ad: Brought to you by Acme.\n\nIntro:\n\nTom Hale: So, tomatoes.\n\n"
             "Mia Park: Soil first.\n\nBen Cole:\n\nSFX: a door slams\n",
             &script);
    /* Ben Cole has a label but says nothing: not listed, not cast. */
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Tom Hale"), 2);
    assert_int_equal(turns_of(&script, "Mia Park"), 2);
    for (size_t t = 0; t < script.turn_count; t++)
        if (strstr(script.turns[t].text, "Acme") || strstr(script.turns[t].text, "door"))
            assert_int_equal(script.turns[t].speaker, TTS_NARRATOR);
    /* A sound part's words say what is heard: a cue, not speech. */
    const tts_turn *last = &script.turns[script.turn_count - 1];
    assert_string_equal(last->text, "SFX: a door slams");
    assert_int_equal(last->kind, TTS_TURN_CUE);
    tts_script_free(&script);
    /* Before the first speaker too. */
    parse_ok("open.txt",
             "MUSIC: Theme up.\n\nROSA DIAZ: Welcome.\n\nKEN ITO: Hi.\n\nROSA DIAZ: Bye.\n",
             &script);
    assert_int_equal(script.turns[0].kind, TTS_TURN_CUE);
    assert_int_equal(script.speaker_count, 2);
    tts_script_free(&script);
    static const char *const parts[] = {"Jingle: x", "Music: x", "Ad: x", "Intro: x",
                                        "OUTRO: x", "SFX: x", "Theme Music: x"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        label found;
        assert_true(tts_label_parse(parts[i], &found));
        if (found.shape != LABEL_NOT_SPEAKER)
            fail_msg("\"%s\" read as a person", parts[i]);
    }
}

static void names_in_any_script_are_title_cased(void **state)
{
    (void)state;
    tts_script script;
    parse_ok("rivers.txt",
             "JOS\xC3\x89 \xC3\x81LVAREZ, HOST: Buenos d\xC3\xAD" "as.\n\n"
             "\xD0\x98\xD0\x92\xD0\x90\xD0\x9D \xD0\x9F\xD0\x95\xD0\xA2\xD0\xA0\xD0\x9E\xD0\x92: "
             "Hello.\n\n"
             "\xC3\x81LVAREZ: And then?\n\n"
             "\xD0\x9F\xD0\x95\xD0\xA2\xD0\xA0\xD0\x9E\xD0\x92: The Volga.\n",
             &script);
    /* JOSÉ ÁLVAREZ -> José Álvarez (not "JosÉ ÁLVAREZ"), and ÁLVAREZ is him;
     * ИВАН ПЕТРОВ is an upper-case label like any other. */
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Jos\xC3\xA9 \xC3\x81" "lvarez"), 2);
    assert_int_equal(turns_of(&script, "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD "
                                       "\xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2"),
                     2);
    assert_string_equal(script.speakers[0].id, "jos\xC3\xA9-\xC3\xA1" "lvarez");
    tts_script_free(&script);
    char *display = tts_speaker_display_name("MCCAIN-O'NEIL \xC3\x9C" "BER III");
    assert_string_equal(display, "McCain-O'Neil \xC3\x9C" "ber III");
    free(display);
    /* Acronyms keep their capitals; short names do not become acronyms. */
    static const char *const names[][2] = {
        {"AI-GENERATED VOICE #1", "AI-Generated Voice #1"}, {"FBI AGENT", "FBI Agent"},
        {"NPR HOST", "NPR Host"}, {"CEO ANA LI", "CEO Ana Li"}, {"BO LI", "Bo Li"},
        {"ED IAN", "Ed Ian"}, {"STU SHAW", "Stu Shaw"}, {"LL COOL J", "LL Cool J"},
        /* mixed: the words in capitals are title-cased, the others kept */
        {"Young MARCIUS", "Young Marcius"}, {"Dr. ANTHONY FAUCI", "Dr. Anthony Fauci"},
        {"Ronald McDONALD", "Ronald McDONALD"}, {"NPR's Mary LOUISE KELLY", "NPR's Mary Louise Kelly"},
        {"Second Senator", "Second Senator"}, {"Agent J", "Agent J"},
    };
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++) {
        display = tts_speaker_display_name(names[n][0]);
        assert_string_equal(display, names[n][1]);
        free(display);
    }
    /* The same name with and without accents is one person. */
    parse_ok("accents.txt",
             "MAR\xC3\x8D" "A L\xC3\x93PEZ: Hello.\n\nBO LI: Hi.\n\nLOPEZ: Again.\n\n"
             "BO LI: Bye.\n\nMARIA LOPEZ: Done.\n",
             &script);
    assert_int_equal(script.speaker_count, 2);
    assert_int_equal(turns_of(&script, "Mar\xC3\xAD" "a L\xC3\xB3pez"), 3);
    tts_script_free(&script);
}

static void a_paged_court_record_loses_its_furniture(void **state)
{
    (void)state;
    tts_script script;
    tts_error err;
    tts_input input;
    assert_int_equal(tts_input_read(FIXTURES "court-record.txt", TTS_INPUT_DEFAULT_MAX_BYTES,
                                    TTS_FORMAT_AUTO, &input, &err),
                     TTS_OK);
    assert_int_equal(tts_parse_input(&input, &script, &err), TTS_OK);
    tts_input_free(&input);
    assert_int_equal(script.speaker_count, 4);
    assert_int_equal(turns_of(&script, "Justice Kagan"), 4);
    for (size_t t = 0; t < script.turn_count; t++) {
        const char *text = script.turns[t].text;
        /* No header, footer, page or line number, no index entry. */
        assert_null(strstr(text, "Heritage"));
        assert_null(strstr(text, "Official"));
        assert_null(strstr(text, "[2]"));
        assert_false(text[0] >= '0' && text[0] <= '9');
    }
    /* The argument's headings are the narrator's, not the Chief Justice's. */
    bool heading = false;
    for (size_t t = 0; t < script.turn_count; t++)
        if (strcmp(script.turns[t].text, "ORAL ARGUMENT OF ADA OKAFOR") == 0)
            heading = script.turns[t].speaker == TTS_NARRATOR;
    assert_true(heading);
    /* A sentence runs on across the page break. */
    bool joined = false;
    for (size_t t = 0; t < script.turn_count; t++)
        joined |= strstr(script.turns[t].text, "The case is submitted.") != NULL;
    assert_true(joined);
    tts_script_free(&script);
    /* Numbers at the start of lines of an ordinary transcript stay. */
    parse_ok("list.txt", "Ana Ruiz: We need three things.\n1 cup of flour.\n"
                         "2 eggs.\nBo Li: That is all?\nAna Ruiz: Yes.\n", &script);
    assert_non_null(strstr(script.turns[0].text, "1 cup of flour"));
    tts_script_free(&script);
}

static void numbered_roles_are_not_first_and_last_names(void **state)
{
    (void)state;
    tts_script script;
    /* tinyshakespeare's layout: "Name:" alone, the speech below. */
    parse_ok("roles.txt",
             "Messenger:\nThe Volsces are in arms.\n\nSecond Messenger:\nAnd march on Rome.\n\n"
             "MENENIUS:\nWhat news?\n\nMessenger:\nAll bad.\n\nFirst Citizen:\nAlas.\n\n"
             "Citizen:\nWe are undone.\n\nMENENIUS:\nPeace.\n\nFirst Citizen:\nYes.\n",
             &script);
    assert_int_equal(script.speaker_count, 5);
    assert_int_equal(turns_of(&script, "Messenger"), 2);
    assert_int_equal(turns_of(&script, "Second Messenger"), 1);
    assert_int_equal(turns_of(&script, "First Citizen"), 2);
    assert_int_equal(turns_of(&script, "Citizen"), 1);
    tts_script_free(&script);
}

static void play_label_lines_name_one_offs_groups_and_renamed_heroes(void **state)
{
    (void)state;
    tts_script script;
    /* A one-off "Nurse:" is a speaker where labels stand alone above the
     * speech; a verse line ending in a colon after no break is not. */
    parse_ok("renamed.txt",
             "MARCUS:\nHold the wall:\nwait for me.\n\nGAIUS:\nHail him, then:\n"
             "Marcus Tullius Veranus!\n\nVERANUS:\nI take the name.\n\nNurse:\nThe boy is here.\n\n"
             "Young MARCUS:\nFather!\n\nVERANUS:\nCome.\n\nSenators, &c.:\nHail!\n\n"
             "Senators:\nRome thanks you.\n\nGAIUS:\nGaius Brand rides tonight.\n\n"
             "BRAND:\nI ride.\n\nGAIUS:\nGo.\n",
             &script);
    int hero = speaker_named(&script, "Marcus Tullius Veranus");
    assert_true(hero >= 0);
    assert_int_equal(script.speakers[hero].alias_count, 2);
    assert_int_equal(turns_of(&script, "Marcus Tullius Veranus"), 3);
    assert_int_equal(turns_of(&script, "Nurse"), 1);
    assert_int_equal(turns_of(&script, "Young Marcus"), 1);
    assert_int_equal(turns_of(&script, "Senators, &c."), 1);
    assert_int_equal(turns_of(&script, "Senators"), 1);
    /* "Gaius Brand" joins two labels, but they answer each other: two people. */
    assert_int_equal(turns_of(&script, "Brand"), 1);
    assert_int_equal(turns_of(&script, "Gaius"), 3);
    assert_int_equal(script.speaker_count, 7);
    for (size_t s = 0; s < script.speaker_count; s++)
        assert_string_not_equal(script.speakers[s].name, "Hold the wall");
    tts_script_free(&script);
}

/* ---- word accounting ---- */

/* The unspoken span with this text, checked against the source: its
 * offset and length point at exactly that text. */
static const tts_unspoken *unspoken_text(const tts_script *script, const char *source,
                                         const char *text)
{
    for (size_t u = 0; u < script->unspoken_count; u++) {
        const tts_unspoken *span = &script->unspoken[u];
        if (strcmp(span->text, text) != 0)
            continue;
        assert_int_equal(span->length, strlen(text));
        assert_memory_equal(source + span->offset, text, span->length);
        return span;
    }
    fail_msg("\"%s\" is not accounted for", text);
    return NULL;
}

static void what_is_not_spoken_is_accounted_for(void **state)
{
    (void)state;
    tts_script script;
    const char *text = "Listen Live\n\nThe Bridge Vote\n\n"
                       "The council voted on the bridge last night, and it was close.\n\n"
                       "LOPEZ: Good morning. [00:01:02] The vote was close.\n\n"
                       "OKAFOR: It was.\n\n[00:02:00]\n\nLOPEZ: Thanks.\n\n"
                       "OKAFOR: Thank you. Transcript provided by NPR, Copyright NPR.\n";
    parse_ok("bridge.txt", text, &script);
    assert_int_equal(unspoken_text(&script, text, "Listen Live")->reason,
                     TTS_UNSPOKEN_BOILERPLATE);
    assert_int_equal(unspoken_text(&script, text, "LOPEZ:")->reason, TTS_UNSPOKEN_LABEL);
    assert_int_equal(unspoken_text(&script, text, "[00:01:02]")->reason,
                     TTS_UNSPOKEN_TIMESTAMP);
    assert_int_equal(unspoken_text(&script, text, "[00:02:00]")->reason,
                     TTS_UNSPOKEN_TIMESTAMP);
    assert_int_equal(unspoken_text(&script, text, "Transcript provided by NPR, Copyright NPR.")
                         ->reason,
                     TTS_UNSPOKEN_BOILERPLATE);
    /* In input order, and the spoken text holds none of it. */
    for (size_t u = 1; u < script.unspoken_count; u++)
        assert_true(script.unspoken[u - 1].offset <= script.unspoken[u].offset);
    for (size_t t = 0; t < script.turn_count; t++)
        assert_null(strstr(script.turns[t].text, "00:0"));
    assert_string_equal(tts_unspoken_reason_name(TTS_UNSPOKEN_DUPLICATE), "duplicate");
    tts_script_free(&script);

    const char *vtt = "WEBVTT - Walk\n\nNOTE made on the pier\n\nintro\n"
                      "00:01.000 --> 00:02.000\n<v Ana Ruiz:>Ana Ruiz: Hello <i>there</i>.\n";
    parse_ok("walk.vtt", vtt, &script);
    assert_int_equal(unspoken_text(&script, vtt, "WEBVTT - Walk")->reason, TTS_UNSPOKEN_MARKUP);
    assert_int_equal(unspoken_text(&script, vtt, "NOTE made on the pier")->reason,
                     TTS_UNSPOKEN_NOTE);
    assert_int_equal(unspoken_text(&script, vtt, "intro")->reason, TTS_UNSPOKEN_CUE);
    assert_int_equal(unspoken_text(&script, vtt, "00:01.000 --> 00:02.000")->reason,
                     TTS_UNSPOKEN_TIMESTAMP);
    assert_int_equal(unspoken_text(&script, vtt, "<v Ana Ruiz:>")->reason, TTS_UNSPOKEN_LABEL);
    assert_int_equal(unspoken_text(&script, vtt, "<i>")->reason, TTS_UNSPOKEN_MARKUP);
    /* The voice's own label again is a duplicate (its offset is the cue's). */
    bool duplicate = false;
    for (size_t u = 0; u < script.unspoken_count; u++)
        duplicate |= script.unspoken[u].reason == TTS_UNSPOKEN_DUPLICATE &&
                     strcmp(script.unspoken[u].text, "Ana Ruiz:") == 0;
    assert_true(duplicate);
    assert_string_equal(script.speakers[0].name, "Ana Ruiz");
    tts_script_free(&script);

    /* A page: what the extractor left behind is boilerplate, the headline a
     * duplicate of the title turn (elements it never reads, such as <nav>,
     * are not listed). */
    const char *html =
        "<html><body><div class='promo'><p>Sign up for our newsletter</p>"
        "<p>Most read: Ferry fares rise again</p></div>"
        "<article><h1>Harbor Bridge Vote</h1>"
        "<p>MARIA LOPEZ, HOST: Good morning. The council voted on the bridge last night, "
        "and the vote was far closer than anyone in the city expected it to be.</p>"
        "<p>SAM ORTIZ, BYLINE: It was. Seven to six, after four hours of public comment "
        "from residents on both sides of the harbor.</p>"
        "<p>LOPEZ: Thank you, Sam.</p><p>ORTIZ: Thank you.</p></article></body></html>";
    parse_ok("bridge.html", html, &script);
    bool headline = false, furniture = false;
    for (size_t u = 0; u < script.unspoken_count; u++) {
        const tts_unspoken *span = &script.unspoken[u];
        headline |= span->reason == TTS_UNSPOKEN_DUPLICATE &&
                     strcmp(span->text, "Harbor Bridge Vote") == 0;
        furniture |= span->reason == TTS_UNSPOKEN_BOILERPLATE &&
                     strcmp(span->text, "Most read: Ferry fares rise again") == 0;
    }
    assert_true(headline);
    assert_true(furniture);
    tts_script_free(&script);

    const char *srt = "1\n00:00:01,000 --> 00:00:02,000\nNora: Hi.\n\n"
                      "2\n00:00:02,000 --> 00:00:03,000\nNora: Bye.\n";
    parse_ok("x.srt", srt, &script);
    assert_int_equal(unspoken_text(&script, srt, "2")->reason, TTS_UNSPOKEN_CUE);
    assert_int_equal(unspoken_text(&script, srt, "00:00:02,000 --> 00:00:03,000")->reason,
                     TTS_UNSPOKEN_TIMESTAMP);
    tts_script_free(&script);
}

/* ---- hostile input ---- */

static double seconds_to_parse(const char *name, const char *text)
{
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    tts_script script;
    tts_error err;
    parse_as(name, text, TTS_FORMAT_AUTO, &script, &err); /* errors are fine, hangs are not */
    tts_script_free(&script);
    clock_gettime(CLOCK_MONOTONIC, &end);
    return (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
}

static char *repeated(const char *unit, size_t total)
{
    size_t length = strlen(unit);
    char *text = malloc(total + 1);
    for (size_t i = 0; i < total; i++)
        text[i] = unit[i % length];
    text[total] = '\0';
    return text;
}

static void end_matter_after_the_last_turn_is_not_spoken(void **state)
{
    (void)state;
    tts_script script;
    const char *source =
        "ANA RUIZ, HOST: Share this with a friend: the ferry runs again.\n\n"
        "BO LI, BYLINE: From six a.m.\n\nANA RUIZ, HOST: Thanks, Bo.\n\n"
        "Tweet: Ferry runs again\n\nShare this:\n\n"
        "This transcript was produced on a rush deadline.\n\n"
        "Copyright Harbor Radio. All rights reserved.\n";
    parse_ok("end.txt", source, &script);
    assert_int_equal(script.speaker_count, 2);
    const tts_turn *last = &script.turns[script.turn_count - 1];
    assert_string_equal(last->text, "Thanks, Bo.");
    /* Before the last label, it is speech. */
    assert_non_null(strstr(script.turns[0].text, "Share this with a friend"));
    const char *footers[] = {"Tweet: Ferry runs again", "Share this:",
                             "This transcript was produced on a rush deadline.",
                             "Copyright Harbor Radio. All rights reserved."};
    for (size_t f = 0; f < sizeof footers / sizeof footers[0]; f++)
        assert_int_equal(unspoken_text(&script, source, footers[f])->reason,
                         TTS_UNSPOKEN_BOILERPLATE);
    tts_script_free(&script);
}

static void megabyte_inputs_parse_in_linear_time(void **state)
{
    (void)state;
    static const struct {
        const char *name, *unit;
    } cases[] = {
        {"colons.txt", ":"},
        {"line.txt", "WORD. KUHN, \"A (B: "},
        {"labels.txt", "SAGAL: Hi. (LAUGHTER) "},
        {"quotes.txt", "KUHN, \""},
        {"parens.txt", "KUHN ("},
        {"links.md", "[a](b [c"},
        {"ticks.md", "`x``"},
        {"stars.md", "**a_"},
        {"cues.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A<<<\n\n"},
        {"cues.srt", "1\n00:00:01,000 --> 00:00:02,000\n<i>{\\an8 Bob: hi\n\n"},
        {"hidden.fountain", "\nBOB\n(beat)\nhi /* [[ \n"},
        {"abbreviations.txt", "\nROMEO.\nHi.\n\nRo. Ro. La. [x\n"},
        {"paged.txt", "1 A: x\n2 Q: y\nHeader\n7\nword [2] 3:4 5:6\n"},
    };
    /* Quadratic work on a megabyte takes minutes; linear work well under a second. */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = repeated(cases[i].unit, 1 << 20);
        double seconds = seconds_to_parse(cases[i].name, text);
        free(text);
        if (seconds > 10.0)
            fail_msg("%s: %.1f s for 1 MB", cases[i].name, seconds);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(label_shapes_are_read),
        cmocka_unit_test(lines_that_only_look_like_labels_are_not),
        cmocka_unit_test(a_plain_article_is_read_by_the_narrator),
        cmocka_unit_test(the_seed_transcript_parses_exactly),
        cmocka_unit_test(aliases_merge_and_namesakes_stay_apart),
        cmocka_unit_test(runs_of_one_speaker_are_one_turn),
        cmocka_unit_test(a_label_glued_to_unfinished_speech_is_text),
        cmocka_unit_test(a_one_line_page_is_split_at_labels_and_cues),
        cmocka_unit_test(questions_and_answers_take_the_named_speaker),
        cmocka_unit_test(markdown_inline_markup_is_reduced),
        cmocka_unit_test(a_title_naming_an_absent_guest_is_dropped),
        cmocka_unit_test(subtitle_cues_merge_into_timed_turns),
        cmocka_unit_test(fountain_cues_lose_their_extensions),
        cmocka_unit_test(play_abbreviations_resolve_to_full_names),
        cmocka_unit_test(older_play_editions_run_the_speech_on_after_the_label),
        cmocka_unit_test(formats_can_be_forced_and_are_sniffed),
        cmocka_unit_test(a_period_label_needs_the_name_labelled_with_a_colon),
        cmocka_unit_test(hearing_records_name_titled_speakers),
        cmocka_unit_test(diarizer_segments_are_timed_labels),
        cmocka_unit_test(initials_introduced_with_a_full_name_are_its_alias),
        cmocka_unit_test(timestamps_are_never_spoken),
        cmocka_unit_test(a_label_glued_to_a_sentence_takes_over_there),
        cmocka_unit_test(show_parts_and_silent_labels_are_no_speakers),
        cmocka_unit_test(names_in_any_script_are_title_cased),
        cmocka_unit_test(a_paged_court_record_loses_its_furniture),
        cmocka_unit_test(numbered_roles_are_not_first_and_last_names),
        cmocka_unit_test(play_label_lines_name_one_offs_groups_and_renamed_heroes),
        cmocka_unit_test(what_is_not_spoken_is_accounted_for),
        cmocka_unit_test(end_matter_after_the_last_turn_is_not_spoken),
        cmocka_unit_test(megabyte_inputs_parse_in_linear_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
