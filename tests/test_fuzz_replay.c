/* test_fuzz_replay.c: replays every input the fuzzers once crashed on
 * (tests/fixtures/crashers/TARGET/NAME) through the same target, so each
 * fixed bug stays fixed; under make check it runs with ASan+UBSan too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"

#define CRASHERS "tests/fixtures/crashers"

/* Runs every file of one target's folder; returns how many. */
static size_t replay_folder(const char *target_name)
{
    fuzz_target target = fuzz_target_named(target_name);
    if (target == NULL)
        fail_msg("%s/%s: no fuzz target of that name", CRASHERS, target_name);
    char folder[512];
    snprintf(folder, sizeof folder, "%s/%s", CRASHERS, target_name);
    DIR *directory = opendir(folder);
    assert_non_null(directory);
    size_t count = 0;
    for (struct dirent *entry; (entry = readdir(directory)) != NULL;) {
        if (entry->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        size_t size;
        char *data = fuzz_read_file(path, &size);
        assert_non_null(data);
        fprintf(stderr, "replaying %s (%zu bytes)\n", path, size);
        assert_int_equal(target((const uint8_t *)data, size), 0);
        free(data);
        count++;
    }
    closedir(directory);
    return count;
}

static void every_crasher_is_fixed(void **state)
{
    (void)state;
    DIR *directory = opendir(CRASHERS);
    assert_non_null(directory);
    size_t replayed = 0;
    for (struct dirent *entry; (entry = readdir(directory)) != NULL;)
        if (entry->d_name[0] != '.')
            replayed += replay_folder(entry->d_name);
    closedir(directory);
    fprintf(stderr, "%zu crashers replayed\n", replayed);
    assert_true(replayed > 0);
}

/* The targets themselves must take the empty input and tiny ones. */
static void targets_take_degenerate_inputs(void **state)
{
    (void)state;
    static const char *const names[] = {"input", "html", "parse", "cast", "captions", "speak"};
    static const uint8_t bytes[] = {0, 1, 2, 3, 4, 5, 6, 0xFF};
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++) {
        fuzz_target target = fuzz_target_named(names[n]);
        assert_non_null(target);
        for (size_t length = 0; length <= sizeof bytes; length++)
            assert_int_equal(target(bytes, length), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_crasher_is_fixed),
        cmocka_unit_test(targets_take_degenerate_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
