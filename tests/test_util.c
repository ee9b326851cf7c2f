/* test_util.c: the shared services of src/util/: array growth with its
 * overflow checks, the spawn helper's stop and reap, libraries opened late. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/grow.h"
#include "util/library.h"
#include "util/spawn.h"

static void arrays_double_and_refuse_overflow(void **state)
{
    (void)state;
    int *items = NULL;
    size_t capacity = 0;
    assert_true(TTS_GROW(items, capacity, 1, 16));
    assert_int_equal(capacity, 16);
    assert_true(TTS_GROW(items, capacity, 16, 16)); /* fits: unchanged */
    assert_int_equal(capacity, 16);
    assert_true(TTS_GROW(items, capacity, 17, 16));
    assert_int_equal(capacity, 32);
    assert_true(TTS_GROW(items, capacity, 100, 16));
    assert_int_equal(capacity, 128);
    items[127] = 7;
    int *before = items;
    /* a size that would overflow is refused, the array left as it was */
    assert_false(TTS_GROW(items, capacity, SIZE_MAX / 2, 16));
    assert_ptr_equal(items, before);
    assert_int_equal(capacity, 128);
    assert_int_equal(items[127], 7);
    free(items);
}

static void say_hello(int fd, void *user)
{
    const char *text = user;
    ssize_t written = write(fd, text, strlen(text));
    _exit(written == (ssize_t)strlen(text) ? 3 : 4);
}

static void sleep_long(int fd, void *user)
{
    (void)fd;
    (void)user;
    sleep(60);
    _exit(0);
}

static void children_report_and_are_reaped(void **state)
{
    (void)state;
    pid_t pid;
    int fd;
    tts_error err;
    assert_int_equal(tts_spawn(say_hello, "hello", "a test child", &pid, &fd, &err), TTS_OK);
    char buffer[16] = "";
    assert_int_equal(read(fd, buffer, sizeof buffer - 1), 5);
    assert_string_equal(buffer, "hello");
    close(fd);
    int status = tts_spawn_reap(pid, false);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 3);
    /* stopped on the spot when asked */
    assert_int_equal(tts_spawn_reap(-1, true), 0);
    assert_int_equal(tts_spawn_reap(0, true), 0); /* never kill(0): the test is still here */
    assert_int_equal(tts_spawn(sleep_long, NULL, "a test child", &pid, &fd, &err), TTS_OK);
    status = tts_spawn_reap(pid, true);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    close(fd);
}

/* The functions found are the library's; a missing library or name is a
 * reason that names it, and no handle. */
static void libraries_open_with_their_functions_or_say_why(void **state)
{
    (void)state;
    static const char *const names[] = {"len", "cmp"};
    void *symbols[2];
    char why[256] = "";
    void *libc = tts_library_open("libc.so.6", "str", names, 2, symbols, why, sizeof why);
    assert_non_null(libc);
    size_t (*length_of)(const char *) = (size_t(*)(const char *))symbols[0];
    assert_int_equal(length_of("four"), 4);
    static const char *const missing[] = {"len", "no_such_function"};
    assert_null(tts_library_open("libc.so.6", "str", missing, 2, symbols, why, sizeof why));
    assert_string_equal(why, "libc.so.6 lacks strno_such_function");
    assert_null(tts_library_open("libttsread-none.so.9", "x", names, 2, symbols, why, sizeof why));
    assert_non_null(strstr(why, "libttsread-none.so.9"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arrays_double_and_refuse_overflow),
        cmocka_unit_test(children_report_and_are_reaped),
        cmocka_unit_test(libraries_open_with_their_functions_or_say_why),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
