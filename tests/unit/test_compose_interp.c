/* Variable interpolation as Compose v2 does it, and .env files. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compose_interp.h"

struct note {
    enum compose_severity sev;
    size_t offset;
    char message[256];
};

static struct note notes[16];
static size_t nnotes;

static void record(void *user, enum compose_severity sev, size_t offset, const char *message)
{
    (void)user;
    if (nnotes < 16) {
        notes[nnotes].sev = sev;
        notes[nnotes].offset = offset;
        snprintf(notes[nnotes].message, sizeof notes[nnotes].message, "%s", message);
        nnotes++;
    }
}

static struct compose_vars env, dotenv;

static int setup(void **state)
{
    (void)state;
    compose_vars_init(&env);
    compose_vars_init(&dotenv);
    compose_vars_set(&env, "SET", "value");
    compose_vars_set(&env, "EMPTY", "");
    compose_vars_set(&env, "BOTH", "from-env");
    compose_vars_set(&dotenv, "BOTH", "from-dotenv");
    compose_vars_set(&dotenv, "ONLY_FILE", "file");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    compose_vars_done(&env);
    compose_vars_done(&dotenv);
    return 0;
}

static char *run(const char *in)
{
    struct compose_interp ip = {.env = &env, .dotenv = &dotenv, .report = record};
    nnotes = 0;
    return compose_interpolate(&ip, in, strlen(in), NULL);
}

static void expect(const char *in, const char *want, size_t want_notes)
{
    char *out = run(in);
    if (strcmp(out, want) != 0)
        fail_msg("\"%s\" gave \"%s\", want \"%s\"", in, out, want);
    if (nnotes != want_notes)
        fail_msg("\"%s\" gave %zu notes, want %zu", in, nnotes, want_notes);
    free(out);
}

static void test_forms(void **state)
{
    (void)state;
    expect("plain text", "plain text", 0);
    expect("$SET", "value", 0);
    expect("a${SET}b", "avalueb", 0);
    expect("${SET:-d}|${EMPTY:-d}|${NOPE:-d}", "value|d|d", 0);
    expect("${SET-d}|${EMPTY-d}|${NOPE-d}", "value||d", 0);
    expect("${SET:+alt}|${EMPTY:+alt}|${NOPE:+alt}", "alt||", 0);
    expect("${SET+alt}|${EMPTY+alt}|${NOPE+alt}", "alt|alt|", 0);
    expect("${SET:?must}", "value", 0);
    expect("${EMPTY?must}", "", 0);
}

static void test_sources(void **state)
{
    (void)state;
    expect("$BOTH", "from-env", 0); /* the environment wins */
    expect("$ONLY_FILE", "file", 0);
}

static void test_escapes_and_literals(void **state)
{
    (void)state;
    expect("$$SET", "$SET", 0);
    expect("cost: 5$", "cost: 5$", 0);
    expect("$1 and $ sign", "$1 and $ sign", 0);
    expect("$$$SET", "$value", 0);
}

static void test_nested_defaults(void **state)
{
    (void)state;
    expect("${NOPE:-${SET}}", "value", 0);
    expect("${NOPE:-a-${NOPE2:-b}-c}", "a-b-c", 0);
    expect("${NOPE:-{x}}", "{x}", 0);
}

static void test_unset_warns(void **state)
{
    (void)state;
    expect("x $NOPE y", "x  y", 1);
    assert_int_equal(notes[0].sev, COMPOSE_WARNING);
    assert_int_equal(notes[0].offset, 2);
    assert_non_null(strstr(notes[0].message, "NOPE is not set"));
    expect("ab${NOPE}", "ab", 1);
    assert_int_equal(notes[0].offset, 2);
}

static void test_required(void **state)
{
    (void)state;
    expect("x${NOPE:?set it first}", "x", 1);
    assert_int_equal(notes[0].sev, COMPOSE_ERROR);
    assert_int_equal(notes[0].offset, 1);
    assert_string_equal(notes[0].message,
                        "required variable NOPE is missing a value: set it first");
    expect("${EMPTY:?}", "", 1);
    assert_string_equal(notes[0].message, "required variable EMPTY is missing a value");
    expect("${NOPE?gone}", "", 1);
}

static void test_bad_syntax(void **state)
{
    (void)state;
    expect("a ${SET", "a ", 1);
    assert_int_equal(notes[0].sev, COMPOSE_ERROR);
    assert_non_null(strstr(notes[0].message, "never closed"));
    expect("${}", "", 1);
    expect("${1X}", "", 1);
    expect("${SET:x}", "", 1);
    assert_non_null(strstr(notes[0].message, "invalid interpolation format"));
}

static void test_dotenv(void **state)
{
    (void)state;
    const char *text = "# comment\n"
                       "\n"
                       "A=plain value   # trailing comment\n"
                       "export B = 'single $A #not comment'\n"
                       "C=\"double\\n$A\"\n"
                       "D=\"multi\n"
                       "line\"\n"
                       "E=$SET-$A\n"
                       "F=#notcomment\n"
                       "SET=ignored-for-lookup-order\n"
                       "G=${SET}\n"
                       "1BAD=x\n"
                       "H=\n";
    struct compose_vars out;
    compose_vars_init(&out);
    struct compose_findings f;
    compose_findings_init(&f);
    compose_dotenv_parse(&out, ".env", text, strlen(text), &env, &f);
    assert_string_equal(compose_vars_get(&out, "A"), "plain value");
    assert_string_equal(compose_vars_get(&out, "B"), "single $A #not comment");
    assert_string_equal(compose_vars_get(&out, "C"), "double\nplain value");
    assert_string_equal(compose_vars_get(&out, "D"), "multi\nline");
    assert_string_equal(compose_vars_get(&out, "E"), "value-plain value");
    assert_string_equal(compose_vars_get(&out, "F"), "#notcomment");
    /* The environment comes first when a .env value is interpolated. */
    assert_string_equal(compose_vars_get(&out, "G"), "value");
    assert_string_equal(compose_vars_get(&out, "H"), "");
    assert_null(compose_vars_get(&out, "1BAD"));
    assert_int_equal(f.count, 1);
    assert_int_equal(f.items[0].severity, COMPOSE_ERROR);
    assert_int_equal(f.items[0].line, 12);
    assert_string_equal(f.items[0].file, ".env");
    compose_findings_done(&f);
    compose_vars_done(&out);
}

static void test_dotenv_unclosed(void **state)
{
    (void)state;
    const char *text = "A=1\nB=\"never\nclosed\n";
    struct compose_vars out;
    compose_vars_init(&out);
    struct compose_findings f;
    compose_findings_init(&f);
    compose_dotenv_parse(&out, "x/.env", text, strlen(text), NULL, &f);
    assert_string_equal(compose_vars_get(&out, "A"), "1");
    assert_null(compose_vars_get(&out, "B"));
    assert_int_equal(f.count, 1);
    assert_int_equal(f.items[0].line, 2);
    assert_non_null(strstr(f.items[0].message, "never closed"));
    compose_findings_done(&f);
    compose_vars_done(&out);
}

static void test_vars_from_environ(void **state)
{
    (void)state;
    char a1[] = "A=1", b[] = "B==2", bad[] = "=bad", noeq[] = "NOEQ", a3[] = "A=3";
    char *envp[] = {a1, b, bad, noeq, a3, NULL};
    struct compose_vars v;
    compose_vars_init(&v);
    compose_vars_from_environ(&v, envp);
    assert_int_equal(v.count, 2);
    assert_string_equal(compose_vars_get(&v, "A"), "3");
    assert_string_equal(compose_vars_get(&v, "B"), "=2");
    compose_vars_done(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_sources),
        cmocka_unit_test(test_escapes_and_literals),
        cmocka_unit_test(test_nested_defaults),
        cmocka_unit_test(test_unset_warns),
        cmocka_unit_test(test_required),
        cmocka_unit_test(test_bad_syntax),
        cmocka_unit_test(test_dotenv),
        cmocka_unit_test(test_dotenv_unclosed),
        cmocka_unit_test(test_vars_from_environ),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
