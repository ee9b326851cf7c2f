/* test_extract.c: the HTML extractor (src/extract/): only visible text, spaced as a
 * browser shows it, speaker turns split out, the story found among boilerplate, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "ttsread/extract.h"
#include "ttsread/parse.h"
#include "ttsread/script.h"

#define FIXTURES "tests/fixtures/html/"

/* ---- helpers ---- */

/* The whole file, NUL-terminated (caller frees); NULL when it cannot be read. */
static char *read_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return NULL;
    size_t capacity = 1 << 16, used = 0;
    char *data = malloc(capacity + 1);
    size_t got;
    while (data && (got = fread(data + used, 1, capacity - used, file)) > 0) {
        used += got;
        if (used == capacity) {
            char *grown = realloc(data, capacity * 2 + 1);
            if (grown == NULL) {
                free(data);
                data = NULL;
                break;
            }
            data = grown;
            capacity *= 2;
        }
    }
    fclose(file);
    if (data) {
        data[used] = '\0';
        *length = used;
    }
    return data;
}

static void extract_string(const char *html, tts_document *document)
{
    tts_error err;
    tts_error_clear(&err);
    tts_status status = tts_extract_html("test.html", html, strlen(html), document, &err);
    if (status != TTS_OK)
        fail_msg("extracting failed: %s", err.message);
}

static void extract_file(const char *path, tts_document *document)
{
    size_t length;
    char *html = read_file(path, &length);
    if (html == NULL)
        fail_msg("cannot read %s", path);
    tts_error err;
    tts_error_clear(&err);
    tts_status status = tts_extract_html(path, html, length, document, &err);
    free(html);
    if (status != TTS_OK)
        fail_msg("extracting %s failed: %s", path, err.message);
}

static void assert_blocks(const tts_document *document, const char *const *expected, size_t count)
{
    for (size_t i = 0; i < count && i < document->block_count; i++)
        assert_string_equal(document->blocks[i].text, expected[i]);
    assert_int_equal(document->block_count, count);
}

static void assert_no_block_contains(const tts_document *document, const char *needle)
{
    for (size_t i = 0; i < document->block_count; i++)
        if (strcasestr(document->blocks[i].text, needle) != NULL)
            fail_msg("block %zu holds \"%s\": %s", i, needle, document->blocks[i].text);
}

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* ---- fixtures written for these tests ---- */

static void entities_are_decoded(void **state)
{
    (void)state;
    tts_document document;
    extract_file(FIXTURES "entities.html", &document);
    static const char *const expected[] = {
        "Fish & chips <cheap> at the caf\xC3\xA9 \xE2\x80\x94 \xE2\x80\x9Creally\xE2\x80\x9D good\xE2\x80\xA6",
        "It\xE2\x80\x99s 5 \xE2\x82\xAC for two people, \xC2\xA9 nobody.",
        "Bare ampersands & unknown &bogus; entities stay as written.",
    };
    assert_blocks(&document, expected, COUNT(expected));
    assert_string_equal(document.title, "Caf\xC3\xA9 notes");
    assert_string_equal(document.lang, "fr");
    tts_document_free(&document);
}

static void unspoken_content_never_reaches_the_text(void **state)
{
    (void)state;
    tts_document document;
    extract_file(FIXTURES "unspoken.html", &document);
    static const char *const expected[] = {
        "First visible paragraph, long enough to be a story paragraph with a comma, and a second clause.",
        "Second visible paragraph goes on after a button, with commas, and more words.",
        "Third visible paragraph with text around a hidden span, and commas.",
    };
    assert_blocks(&document, expected, COUNT(expected));
    /* Every element that must stay silent carries a MARKER word. */
    assert_no_block_contains(&document, "MARKER");
    assert_no_block_contains(&document, "do not read");
    assert_string_equal(document.title, "Visible headline for the unspoken test");
    tts_document_free(&document);
}

static void inline_spacing_follows_the_source(void **state)
{
    (void)state;
    tts_document document;
    extract_file(FIXTURES "spacing.html", &document);
    static const char *const expected[] = {
        "Helloworld, then spaced words.",          /* no whitespace in the source, none added */
        "Big Story starts with a drop cap.",        /* <span>S</span>tory stays one word */
        "Read the report, then this one.",          /* no space before punctuation after a tag */
        "An international story, with a line break inside one paragraph.", /* &shy; and U+200B vanish */
        "Some emphasis nestedand text.",            /* "</em>and" is glued in the source */
        "First item",
        "Second item",                              /* block boundaries always separate */
        "Cell one",
        "Cell two",
        "Loose text in a div",
        "Inner div text",
        "more loose text",
        "line one line two",
    };
    assert_blocks(&document, expected, COUNT(expected));
    assert_int_equal(document.blocks[5].kind, TTS_BLOCK_LIST_ITEM);
    assert_int_equal(document.blocks[7].kind, TTS_BLOCK_CELL);
    tts_document_free(&document);
}

static void double_break_splits_single_break_wraps(void **state)
{
    (void)state;
    tts_document document;
    extract_file(FIXTURES "breaks.html", &document);
    static const char *const expected[] = {
        "First part of a paragraph that a double break splits.",
        "Second part after the double break.",
        "Another paragraph with a break",
        "and whitespace between the two breaks.",
        "Lines of an address that a single break only wraps.",
    };
    assert_blocks(&document, expected, COUNT(expected));
    tts_document_free(&document);
}

static void break_separated_turns_become_blocks(void **state)
{
    (void)state;
    tts_document document;
    extract_file(FIXTURES "turns.html", &document);
    static const char *const expected[] = {
        "The Evening Program",
        "Aired March 1, 2024 - 20:00 ET",
        "THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED.",
        ("JANE ROE, ANCHOR: Good evening, and welcome to the program. We begin tonight with the "
         "weather. It has been a long, cold week across the region."),
        ("JOHN DOE, METEOROLOGIST, WEATHER CENTER: Thanks, Jane. The snow should stop by morning, "
         "and the roads will clear."),
        "(BEGIN VIDEO CLIP)",
        "UNIDENTIFIED MALE: I have never seen drifts like this.",
        "(END VIDEO CLIP)",
        "ROE: Remarkable pictures. John, thank you.",
    };
    assert_blocks(&document, expected, COUNT(expected));
    /* Each turn points at its own line of the page. */
    for (size_t i = 4; i < document.block_count; i++)
        assert_true(document.blocks[i].source_offset > document.blocks[i - 1].source_offset);
    tts_document_free(&document);
}

static void label_alone_in_a_paragraph_stays_a_block(void **state)
{
    (void)state;
    tts_document document;
    extract_file(FIXTURES "label-alone.html", &document);
    static const char *const expected[] = {
        "A web version of the story comes first, as member stations print it.",
        "SACHA PFEIFFER, HOST:",
        "Rescue crews are still searching the town this weekend.",
        "BOBBY ALLYN, BYLINE: The dogs are trained to sit when they find something.",
    };
    assert_blocks(&document, expected, COUNT(expected));
    tts_document_free(&document);
}

static void article_is_kept_and_boilerplate_dropped(void **state)
{
    (void)state;
    tts_document document;
    extract_file(FIXTURES "article.html", &document);
    static const char *const expected[] = {
        ("The harbour bridge reopened to traffic on Monday morning, two years after engineers "
         "closed it when inspectors found cracks in three of its steel supports."),
        ("Hundreds of cyclists, commuters and curious neighbours crossed in the first hour, and the "
         "mayor, who cut a ribbon at dawn, called the repairs \"a small miracle of patience\"."),
        ("The works cost more than twice the first estimate, largely because the original drawings, "
         "made in 1931, did not match what the engineers found inside the deck."),
        "What changes for drivers",
        ("Heavy lorries are still barred, and a new speed limit of 30 miles an hour applies across "
         "the span, enforced by cameras at both ends."),
        ("Buses will return to the old route from next week, the transport authority said, once "
         "drivers have been trained on the narrower lanes."),
        ("Residents on the north shore, who faced a detour of almost an hour, said they were "
         "relieved, although some complained that the new lanes are too narrow for delivery vans."),
    };
    assert_blocks(&document, expected, COUNT(expected));
    assert_int_equal(document.blocks[3].kind, TTS_BLOCK_HEADING);
    static const char *const dropped[] = {
        "cookies", "Accept", "Home", "Culture", "Share", "Tweet", "Advertisement", "Read more",
        "Sign up", "Subscribe", "Alex Writer", "Comments", "Finally!", "Related", "Ferry",
        "Most read", "Council tax", "All rights reserved", "Privacy", "analytics",
    };
    for (size_t i = 0; i < COUNT(dropped); i++)
        assert_no_block_contains(&document, dropped[i]);
    /* og:title wins, and the identical <h1> is not read twice. */
    assert_string_equal(document.title, "Harbour bridge reopens after two years of repairs");
    assert_string_equal(document.lang, "en-GB");
    tts_document_free(&document);
}

static void title_comes_from_og_title_then_h1_then_title(void **state)
{
    (void)state;
    static const struct {
        const char *html;
        const char *title;
    } cases[] = {
        {"<title>From the title | Site</title><meta property=\"og:title\" content=\"From og:title\">"
         "<h1>From the heading</h1>", "From og:title"},
        {"<title>From the title | Site</title><h1>From the heading</h1>", "From the heading"},
        {"<title>From the title | Site</title><p>No heading here.</p>", "From the title"},
        {"<title>U.S Turns To China For Help With North Korea Cyberattack : NPR</title>",
         "U.S Turns To China For Help With North Korea Cyberattack"},
        {"<title>Trump lashes out at political enemies | CNN Politics</title>",
         "Trump lashes out at political enemies"},
        {"<title>Apple's Vision Pro is the Retina display moment - The Verge</title>",
         "Apple's Vision Pro is the Retina display moment"},
        {"<title>Why neon glows \xE2\x80\x94 Example Site</title>", "Why neon glows"},
        {"<title>Harbour bridge reopens - Local news | The Daily Example</title>",
         "Harbour bridge reopens"},
        /* Not suffixes: a one-word remainder, a long tail, a colon inside the title. */
        {"<title>CNN.com - Transcripts</title>", "CNN.com - Transcripts"},
        {"<title>Obama - the interview that changed how he spoke to the nation</title>",
         "Obama - the interview that changed how he spoke to the nation"},
        {"<title>Analysis: what the vote means</title>", "Analysis: what the vote means"},
        {"<p>No title at all, only a paragraph.</p>", NULL},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        tts_document document;
        extract_string(cases[i].html, &document);
        if (cases[i].title == NULL)
            assert_null(document.title);
        else
            assert_string_equal(document.title, cases[i].title);
        tts_document_free(&document);
    }
}

static void headline_is_not_repeated_as_the_first_block(void **state)
{
    (void)state;
    tts_document document;
    extract_string("<html><body><article><p class=\"kicker\">World</p><h1>Harbour Bridge Reopens!</h1>"
                   "<p>Monday, 8:00</p>"
                   "<p>The harbour bridge reopened on Monday, two years after it closed for repairs, "
                   "and hundreds of people crossed it in the first hour.</p>"
                   "<h2>Harbour bridge reopens</h2></article></body></html>",
                   &document);
    assert_string_equal(document.title, "Harbour Bridge Reopens!");
    static const char *const expected[] = {
        "World",
        "Monday, 8:00",
        ("The harbour bridge reopened on Monday, two years after it closed for repairs, and "
         "hundreds of people crossed it in the first hour."),
        "Harbour bridge reopens", /* later in the story: a heading like any other */
    };
    assert_blocks(&document, expected, COUNT(expected));
    tts_document_free(&document);
}

static void lang_comes_from_the_html_element(void **state)
{
    (void)state;
    static const struct {
        const char *html;
        const char *lang;
    } cases[] = {
        {"<html lang=\"en-US\"><p>Text.</p></html>", "en-US"},
        {"<html lang=\"en\"><p>Text.</p></html>", "en"},
        {"<html lang=\"pt_BR\"><p>Text.</p></html>", "pt-BR"},
        {"<html><p>Text.</p></html>", NULL},
        {"<html lang=\"\"><p>Text.</p></html>", NULL},
        {"<html lang=\"en; drop table\"><p>Text.</p></html>", NULL},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        tts_document document;
        extract_string(cases[i].html, &document);
        if (cases[i].lang == NULL)
            assert_null(document.lang);
        else
            assert_string_equal(document.lang, cases[i].lang);
        tts_document_free(&document);
    }
}

static void fragments_and_empty_pages_work(void **state)
{
    (void)state;
    tts_document document;
    extract_string("just words, no markup at all", &document);
    assert_int_equal(document.block_count, 1);
    assert_string_equal(document.blocks[0].text, "just words, no markup at all");
    tts_document_free(&document);

    extract_string("", &document);
    assert_int_equal(document.block_count, 0);
    assert_null(document.title);
    tts_document_free(&document);

    extract_string("<script>only();</script><style>p{}</style>", &document);
    assert_int_equal(document.block_count, 0);
    tts_document_free(&document);
}

/* ---- limits ---- */

static void append(char **end, const char *text)
{
    size_t length = strlen(text);
    memcpy(*end, text, length + 1);
    *end += length;
}

static char *nested_divs(size_t depth, const char *inner)
{
    char *html = malloc(depth * 11 + strlen(inner) + 64);
    if (html == NULL) {
        fail_msg("out of memory");
        return NULL;
    }
    char *end = html;
    append(&end, "<html><body>");
    for (size_t i = 0; i < depth; i++)
        append(&end, "<div>");
    append(&end, inner);
    for (size_t i = 0; i < depth; i++)
        append(&end, "</div>");
    append(&end, "</body></html>");
    return html;
}

static void deep_nesting_is_refused_without_a_crash(void **state)
{
    (void)state;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char *html = nested_divs(100000, "<p>Deep inside.</p>");
    tts_document document;
    tts_error err;
    tts_status status = tts_extract_html("deep.html", html, strlen(html), &document, &err);
    free(html);
    assert_int_equal(status, TTS_ERR_TOO_LARGE);
    assert_non_null(strstr(err.message, "deep.html"));
    assert_non_null(strstr(err.message, "deep"));
    assert_int_equal(document.block_count, 0);
    assert_null(document.blocks);
    tts_document_free(&document);
    assert_true(seconds_since(&start) < 5);

    /* Nesting a real page could have is read normally. */
    html = nested_divs(1500, "<p>Deep but fine, and long enough to count as a paragraph.</p>");
    status = tts_extract_html("nested.html", html, strlen(html), &document, &err);
    free(html);
    assert_int_equal(status, TTS_OK);
    assert_int_equal(document.block_count, 1);
    assert_string_equal(document.blocks[0].text,
                        "Deep but fine, and long enough to count as a paragraph.");
    tts_document_free(&document);
}

static void ten_megabyte_page_is_read_in_linear_time(void **state)
{
    (void)state;
    size_t target = 10u << 20;
    char *html = malloc(target + 4096);
    if (html == NULL) {
        fail_msg("out of memory");
        return;
    }
    size_t length = (size_t)sprintf(html, "<!DOCTYPE html><html lang=\"en\"><head><title>Big page | Site"
                                          "</title></head><body><nav><a href=\"/\">Home</a></nav>"
                                          "<article>");
    size_t paragraphs = 0;
    while (length < target) {
        length += (size_t)sprintf(html + length,
                                  "<p>Paragraph %zu of a very long story, with a <a href=\"/x\">link"
                                  "</a>, some <b>bold</b> words &amp; entities, and a sentence that "
                                  "goes on for a while so that the page reads like a real one, which "
                                  "it is not, because a test wrote it.</p>\n"
                                  "<div class=\"ad\"><span>Advertisement</span></div>\n",
                                  paragraphs++);
    }
    length += (size_t)sprintf(html + length, "</article><footer>Footer</footer></body></html>");
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    tts_document document;
    tts_error err;
    tts_status status = tts_extract_html("big.html", html, length, &document, &err);
    double elapsed = seconds_since(&start);
    free(html);
    assert_int_equal(status, TTS_OK);
    assert_int_equal(document.block_count, paragraphs);
    assert_string_equal(document.blocks[0].text,
                        "Paragraph 0 of a very long story, with a link, some bold words & entities, "
                        "and a sentence that goes on for a while so that the page reads like a real "
                        "one, which it is not, because a test wrote it.");
    assert_string_equal(document.title, "Big page");
    tts_document_free(&document);
    /* Well under a second per megabyte optimized; sanitizers make it a few times slower. */
    printf("10 MB page: %zu paragraphs in %.2f s\n", paragraphs, elapsed);
    assert_true(elapsed < 60);
}

/* ---- the real corpus (../shared/corpus), skipped when absent ---- */

static const char *corpus_directory(void)
{
    const char *path = getenv("TTS_CORPUS");
    if (path == NULL || *path == '\0')
        path = "../shared/corpus";
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode) ? path : NULL;
}

/* Calls check(path) for each file in corpus/directory ending in suffix (a
 * subdirectory/source.html for readability); returns how many were checked. */
static size_t for_each_page(const char *corpus, const char *directory, const char *suffix,
                            void (*check)(const char *path))
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", corpus, directory);
    DIR *dir = opendir(path);
    if (dir == NULL)
        return 0;
    size_t checked = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        size_t name_length = strlen(entry->d_name), suffix_length = strlen(suffix);
        if (suffix[0] == '/')
            snprintf(path, sizeof path, "%s/%s/%s%s", corpus, directory, entry->d_name, suffix);
        else if (name_length > suffix_length &&
                 strcmp(entry->d_name + name_length - suffix_length, suffix) == 0)
            snprintf(path, sizeof path, "%s/%s/%s", corpus, directory, entry->d_name);
        else
            continue;
        struct stat info;
        if (stat(path, &info) != 0)
            continue;
        check(path);
        checked++;
    }
    closedir(dir);
    return checked;
}

static const char *const ui_strings[] = {
    "Share", "Subscribe", "Sign up", "Sign in", "Log in", "Advertisement", "Read more",
    "Related", "Menu", "Home", "Search", "Skip to main content", "Close", "Print", "Email",
    "Facebook", "Twitter", "hide caption", "toggle caption", "Enlarge this image",
};
/* Script and markup that leaks as text when a page is stripped by hand. */
static const char *const code_fragments[] = {
    "function(", "function (", "window.", "document.", "var _", "{\"@context", "<script",
    "</div", "<p>", "&amp;", "&nbsp;", "&quot;", "googletag", "dataLayer",
};

static void check_clean_page(const char *path)
{
    tts_document document;
    extract_file(path, &document);
    if (document.block_count == 0)
        fail_msg("%s: no story text found", path);
    for (size_t i = 0; i < document.block_count; i++) {
        const char *text = document.blocks[i].text;
        for (size_t k = 0; k < COUNT(ui_strings); k++)
            if (strcasecmp(text, ui_strings[k]) == 0)
                fail_msg("%s: UI string block \"%s\"", path, text);
        for (size_t k = 0; k < COUNT(code_fragments); k++)
            if (strstr(text, code_fragments[k]) != NULL)
                fail_msg("%s: code in block %zu (\"%s\"): %.200s", path, i, code_fragments[k], text);
    }
    tts_document_free(&document);
}

static void corpus_pages_speak_no_code_or_ui(void **state)
{
    (void)state;
    const char *corpus = corpus_directory();
    if (corpus == NULL) {
        printf("skipped: no corpus at $TTS_CORPUS or ../shared/corpus\n");
        skip();
    }
    size_t pages = for_each_page(corpus, "npr-html", ".html", check_clean_page) +
                   for_each_page(corpus, "cnn-html", ".html", check_clean_page) +
                   for_each_page(corpus, "fox-html", ".html", check_clean_page) +
                   for_each_page(corpus, "readability", "/source.html", check_clean_page) +
                   for_each_page(corpus, "trafilatura", ".html", check_clean_page) +
                   for_each_page(corpus, "aeb", ".html", check_clean_page);
    printf("checked %zu corpus pages\n", pages);
    assert_true(pages > 0);
}

/* A block that starts with prefix, or NULL. */
static const tts_block *block_starting(const tts_document *document, const char *prefix)
{
    for (size_t i = 0; i < document->block_count; i++)
        if (strncmp(document->blocks[i].text, prefix, strlen(prefix)) == 0)
            return &document->blocks[i];
    return NULL;
}

static void corpus_transcript_pages_split_turns(void **state)
{
    (void)state;
    const char *corpus = corpus_directory();
    if (corpus == NULL) {
        printf("skipped: no corpus at $TTS_CORPUS or ../shared/corpus\n");
        skip();
    }
    char path[4096];
    tts_document document;

    snprintf(path, sizeof path, "%s/cnn-html/cnn-2025-03-14-acd-excerpt.html", corpus);
    extract_file(path, &document);
    assert_non_null(block_starting(&document, "EV WILLIAMS, TWITTER, CO-FOUNDER AND CEO: Like"));
    assert_non_null(block_starting(&document, "EVAN HENSHAW-PLATH, FOUNDER OF PLANETARY.SOCIAL"));
    assert_non_null(block_starting(&document, "(END VIDEO CLIP)"));
    assert_non_null(block_starting(&document, "ERIN BURNETT, CNN HOST: Certainly"));
    assert_no_block_contains(&document, "cnnSiteWideCurrDate");
    tts_document_free(&document);

    snprintf(path, sizeof path, "%s/npr-html/kbbi-camp-fire-search.html", corpus);
    extract_file(path, &document);
    const tts_block *label = block_starting(&document, "SACHA PFEIFFER, HOST:");
    assert_non_null(label);
    assert_string_equal(label->text, "SACHA PFEIFFER, HOST:");
    tts_document_free(&document);

    snprintf(path, sizeof path, "%s/npr-html/npr-transcript-plugin-sample.html", corpus);
    extract_file(path, &document);
    assert_string_equal(document.blocks[0].text,
                        "KASELL: Kate, you had three correct answers, so I'll be doing the message "
                        "on your voicemail or answering machine.");
    assert_no_block_contains(&document, "Listen on NPR.ORG");
    tts_document_free(&document);

    snprintf(path, sizeof path, "%s/npr-html/npr-org-article-dylann-roof.html", corpus);
    extract_file(path, &document);
    assert_string_equal(document.title, "Jury Finds Dylann Roof Guilty In S.C. Church Shooting");
    assert_non_null(block_starting(&document, "A jury in Charleston, S.C., has found Dylann Roof"));
    assert_no_block_contains(&document, "Chuck Burton/AP");
    assert_no_block_contains(&document, "hide caption");
    tts_document_free(&document);
}

/* Speakers and turns after the transcript parser, against LABELS.tsv. */
static void corpus_transcript_pages_match_labels(void **state)
{
    (void)state;
    const char *corpus = corpus_directory();
    if (corpus == NULL) {
        printf("skipped: no corpus at $TTS_CORPUS or ../shared/corpus\n");
        skip();
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/LABELS.tsv", corpus);
    size_t length;
    char *labels = read_file(path, &length);
    assert_non_null(labels);
    size_t checked = 0;
    for (char *line = strtok(labels, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "npr-html/", 9) != 0 && strncmp(line, "cnn-html/", 9) != 0 &&
            strncmp(line, "fox-html/", 9) != 0)
            continue;
        /* file, n_speakers, speakers, n_labels, n_turns, notes */
        char *fields[6] = {0};
        size_t count = 0;
        for (char *p = line; p && count < 6; count++) {
            fields[count] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        assert_true(count >= 5);
        snprintf(path, sizeof path, "%s/%s", corpus, fields[0]);
        tts_document document;
        extract_file(path, &document);
        tts_script script;
        tts_script_init(&script);
        tts_error err;
        tts_error_clear(&err);
        if (tts_parse_transcript(fields[0], &document, &script, &err) != TTS_OK)
            fail_msg("%s: %s", fields[0], err.message);
        tts_script_count_turns(&script);
        size_t turns = 0;
        for (size_t i = 0; i < script.speaker_count; i++)
            turns += script.speakers[i].turn_count;
        printf("%s: %zu speakers (want %s), %zu turns (want %s)\n", fields[0],
               script.speaker_count, fields[1], turns, fields[4]);
        assert_int_equal(script.speaker_count, strtoul(fields[1], NULL, 10));
        assert_int_equal(turns, strtoul(fields[4], NULL, 10));
        tts_script_free(&script);
        tts_document_free(&document);
        checked++;
    }
    free(labels);
    assert_true(checked >= 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entities_are_decoded),
        cmocka_unit_test(unspoken_content_never_reaches_the_text),
        cmocka_unit_test(inline_spacing_follows_the_source),
        cmocka_unit_test(double_break_splits_single_break_wraps),
        cmocka_unit_test(break_separated_turns_become_blocks),
        cmocka_unit_test(label_alone_in_a_paragraph_stays_a_block),
        cmocka_unit_test(article_is_kept_and_boilerplate_dropped),
        cmocka_unit_test(title_comes_from_og_title_then_h1_then_title),
        cmocka_unit_test(headline_is_not_repeated_as_the_first_block),
        cmocka_unit_test(lang_comes_from_the_html_element),
        cmocka_unit_test(fragments_and_empty_pages_work),
        cmocka_unit_test(deep_nesting_is_refused_without_a_crash),
        cmocka_unit_test(ten_megabyte_page_is_read_in_linear_time),
        cmocka_unit_test(corpus_pages_speak_no_code_or_ui),
        cmocka_unit_test(corpus_transcript_pages_split_turns),
        cmocka_unit_test(corpus_transcript_pages_match_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
