/* Starting other programs: found in PATH, argv passed as it is (no shell),
 * the standard descriptors as asked, no other descriptor of ours leaked,
 * signal handling back to the defaults, exec failures as an errno. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "spawn.h"
#include "strbuf.h"

/* A writable copy of a literal: argv wants char *. */
#define W(s) ((char[]){s})

/* Run argv with stdout and stderr into one pipe; its output into out,
 * its wait status returned. */
static int run_capture(char *const *argv, struct strbuf *out)
{
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    const struct spawn_opts o = {.in = SPAWN_NULL, .out = p[1], .err = p[1]};
    pid_t pid;
    assert_int_equal(spawn_start(&pid, argv, &o), 0);
    close(p[1]);
    char buf[4096];
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0)
        strbuf_append(out, buf, (size_t)n);
    close(p[0]);
    int status = 0;
    assert_int_equal(spawn_wait(pid, &status), 0);
    return status;
}

static void test_which(void **state)
{
    (void)state;
    char *sh = spawn_which("/nonexistent:/bin:/usr/bin", "sh");
    assert_non_null(sh);
    assert_string_equal(sh, "/bin/sh");
    free(sh);
    assert_null(spawn_which("/bin:/usr/bin", "berth-no-such-program"));
    assert_null(spawn_which(NULL, "sh"));
    /* A folder is not a program, nor is a file without the x bit. */
    assert_null(spawn_which("/", "tmp"));
    assert_null(spawn_which("/etc", "passwd"));
    char *abs = spawn_which(NULL, "/bin/sh");
    assert_non_null(abs);
    free(abs);
}

/* Arguments reach the program as they are: no shell expands them. */
static void test_argv_verbatim(void **state)
{
    (void)state;
    char *argv[] = {W("printf"), W("[%s]"), W("$(id)"), W("a b"), W("*"), NULL};
    struct strbuf out;
    strbuf_init(&out);
    int status = run_capture(argv, &out);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_string_equal(out.data, "[$(id)][a b][*]");
    strbuf_done(&out);
}

static void test_missing_and_unrunnable(void **state)
{
    (void)state;
    const struct spawn_opts o = {.in = SPAWN_NULL, .out = SPAWN_NULL, .err = SPAWN_NULL};
    pid_t pid = -1;
    char *missing[] = {W("berth-no-such-program"), NULL};
    assert_int_equal(spawn_start(&pid, missing, &o), ENOENT);
    /* Executable but not a program the kernel can run: the exec's errno. */
    char path[] = "/tmp/berth-t-spawn-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd,
                           "\x7f"
                           "ELF garbage",
                           12),
                     12);
    close(fd);
    chmod(path, 0755);
    char *bad[] = {path, NULL};
    assert_int_equal(spawn_start(&pid, bad, &o), ENOEXEC);
    unlink(path);
}

/* Only 0, 1 and 2 reach the program, even a descriptor of ours without
 * close-on-exec. */
static void test_descriptors_closed(void **state)
{
    (void)state;
    int leak = open("/dev/null", O_RDONLY);
    assert_true(leak >= 3);
    char script[128];
    snprintf(script, sizeof script, "[ -e /proc/self/fd/%d ] && echo leaked; echo done", leak);
    char *argv[] = {W("sh"), W("-c"), script, NULL};
    struct strbuf out;
    strbuf_init(&out);
    run_capture(argv, &out);
    assert_string_equal(out.data, "done\n");
    strbuf_done(&out);
    close(leak);
}

/* A signal the dashboard ignores is the program's to act on again: a
 * shell that starts with SIGINT ignored could not even trap it. */
static void test_signals_reset(void **state)
{
    (void)state;
    struct sigaction ign, old;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, &old);
    char *argv[] = {W("sh"), W("-c"), W("kill -INT $$; echo survived"), NULL};
    struct strbuf out;
    strbuf_init(&out);
    int status = run_capture(argv, &out);
    sigaction(SIGINT, &old, NULL);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGINT);
    assert_string_equal(out.data, "");
    strbuf_done(&out);
}

static void test_env_and_stdin(void **state)
{
    (void)state;
    char *env[] = {W("BERTH_T_SPAWN=yes"), W("PATH=/bin:/usr/bin"), NULL};
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    const struct spawn_opts o = {.in = SPAWN_NULL, .out = p[1], .err = SPAWN_NULL, .env = env};
    char *argv[] = {W("sh"), W("-c"), W("echo \"$BERTH_T_SPAWN\"; cat; echo \"${HOME:-nohome}\""),
                    NULL};
    pid_t pid;
    assert_int_equal(spawn_start(&pid, argv, &o), 0);
    close(p[1]);
    char buf[256] = {0};
    size_t len = 0;
    ssize_t n;
    while ((n = read(p[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    close(p[0]);
    int status;
    spawn_wait(pid, &status);
    /* stdin was /dev/null (cat ends at once); only the given variables. */
    assert_string_equal(buf, "yes\nnohome\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_which),
        cmocka_unit_test(test_argv_verbatim),
        cmocka_unit_test(test_missing_and_unrunnable),
        cmocka_unit_test(test_descriptors_closed),
        cmocka_unit_test(test_signals_reset),
        cmocka_unit_test(test_env_and_stdin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
