/* Text-preserving compose edits: each result is compared byte for byte
 * with a hand-written expected file (tests/fixtures/compose/edit-*), then
 * parsed again to check the new value reads back as the string given. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compose_edit.h"
#include "fixture.h"

static struct compose_doc doc;
static struct compose_findings findings;

static void parse_fixture(const char *name)
{
    char *text = fixture_read(name);
    compose_findings_init(&findings);
    assert_int_equal(compose_doc_parse(&doc, name, text, strlen(text), NULL, &findings), 0);
    assert_int_equal(findings.count, 0);
    free(text);
}

static void release(void)
{
    compose_doc_done(&doc);
    compose_findings_done(&findings);
}

static void expect_text(const struct compose_edit_result *r, const char *expected_name)
{
    char *want = fixture_read(expected_name);
    if (r->len != strlen(want) || memcmp(r->text, want, r->len) != 0)
        fail_msg("%s differs; got:\n%s", expected_name, r->text);
    free(want);
}

/* Parse the result and return services.SERVICE.KEY (mapping lookup). */
static char *read_back(const struct compose_edit_result *r, const char *service, const char *key,
                       const char *sub)
{
    struct compose_doc d;
    struct compose_findings f;
    compose_findings_init(&f);
    assert_int_equal(compose_doc_parse(&d, "out.yml", r->text, r->len, NULL, &f), 0);
    const struct compose_node *n = compose_map_get(compose_map_get(d.root, "services"), service);
    n = compose_map_get(n, key);
    if (sub)
        n = compose_map_get(n, sub);
    assert_non_null(n);
    char *v = strdup(n->kind == COMPOSE_NODE_SCALAR ? n->value : "<collection>");
    compose_doc_done(&d);
    compose_findings_done(&f);
    return v;
}

static void check_back(const struct compose_edit_result *r, const char *service, const char *key,
                       const char *sub, const char *want)
{
    char *v = read_back(r, service, key, sub);
    assert_string_equal(v, want);
    free(v);
}

static void test_image_tag(void **state)
{
    (void)state;
    struct compose_edit_result r;
    struct berth_error err;
    parse_fixture("compose/edit-input.yml");
    assert_int_equal(compose_edit_set_image_tag(&doc, "web", "1.27", &r, &err), 0);
    expect_text(&r, "compose/edit-web-tag.expected");
    check_back(&r, "web", "image", NULL, "nginx:1.27");
    compose_edit_result_done(&r);
    /* Registry port kept, digest dropped, single quotes kept. */
    assert_int_equal(compose_edit_set_image_tag(&doc, "api", "v2", &r, &err), 0);
    expect_text(&r, "compose/edit-api-tag.expected");
    check_back(&r, "api", "image", NULL, "registry.local:5000/team/api:v2");
    compose_edit_result_done(&r);
    release();
}

/* The image only comes through "<<: *base": the anchor stays as it is and
 * the service gets its own key. */
static void test_image_over_merge(void **state)
{
    (void)state;
    struct compose_edit_result r;
    struct berth_error err;
    parse_fixture("compose/edit-input.yml");
    assert_int_equal(compose_edit_set_image(&doc, "worker", "busybox:1.37", &r, &err), 0);
    expect_text(&r, "compose/edit-worker-image.expected");
    check_back(&r, "worker", "image", NULL, "busybox:1.37");
    compose_edit_result_done(&r);
    release();
}

static void test_env_map(void **state)
{
    (void)state;
    struct compose_edit_result r;
    struct berth_error err;
    parse_fixture("compose/edit-input.yml");
    assert_int_equal(compose_edit_set_env(&doc, "web", "MODE", "staging", &r, &err), 0);
    expect_text(&r, "compose/edit-web-env-set.expected");
    check_back(&r, "web", "environment", "MODE", "staging");
    compose_edit_result_done(&r);
    /* An empty value gets one; "yes" must be quoted to stay a string. */
    assert_int_equal(compose_edit_set_env(&doc, "web", "EMPTY", "yes", &r, &err), 0);
    expect_text(&r, "compose/edit-web-env-empty.expected");
    check_back(&r, "web", "environment", "EMPTY", "yes");
    compose_edit_result_done(&r);
    assert_int_equal(compose_edit_set_env(&doc, "web", "NEW", "a: b", &r, &err), 0);
    expect_text(&r, "compose/edit-web-env-add.expected");
    check_back(&r, "web", "environment", "NEW", "a: b");
    compose_edit_result_done(&r);
    release();
}

static void test_env_list_and_missing(void **state)
{
    (void)state;
    struct compose_edit_result r;
    struct berth_error err;
    parse_fixture("compose/edit-input.yml");
    assert_int_equal(compose_edit_set_env(&doc, "worker", "QUEUE", "mail", &r, &err), 0);
    expect_text(&r, "compose/edit-worker-env-set.expected");
    compose_edit_result_done(&r);
    assert_int_equal(compose_edit_set_env(&doc, "worker", "NEW", "1", &r, &err), 0);
    expect_text(&r, "compose/edit-worker-env-add.expected");
    compose_edit_result_done(&r);
    assert_int_equal(compose_edit_set_env(&doc, "api", "DEBUG", "true", &r, &err), 0);
    expect_text(&r, "compose/edit-api-env-add.expected");
    check_back(&r, "api", "environment", "DEBUG", "true");
    compose_edit_result_done(&r);
    assert_int_equal(compose_edit_set_env(&doc, "bare", "A", "1", &r, &err), 0);
    expect_text(&r, "compose/edit-bare-env-add.expected");
    check_back(&r, "bare", "environment", "A", "1");
    compose_edit_result_done(&r);
    release();
}

static void test_ports(void **state)
{
    (void)state;
    struct compose_edit_result r;
    struct berth_error err;
    parse_fixture("compose/edit-input.yml");
    assert_int_equal(compose_edit_set_port(&doc, "web", 0, "8081:80", &r, &err), 0);
    expect_text(&r, "compose/edit-web-port-set.expected");
    compose_edit_result_done(&r);
    assert_int_equal(compose_edit_set_port(&doc, "web", 1, "127.0.0.1:8444:443", &r, &err), 0);
    expect_text(&r, "compose/edit-web-port-quote.expected");
    compose_edit_result_done(&r);
    assert_int_equal(compose_edit_set_port(&doc, "web", 3, "7000:7000", &r, &err), 0);
    expect_text(&r, "compose/edit-web-port-add.expected");
    compose_edit_result_done(&r);
    assert_int_equal(compose_edit_set_port(&doc, "api", 1, "9001:9001", &r, &err), 0);
    expect_text(&r, "compose/edit-api-port-add.expected");
    compose_edit_result_done(&r);
    /* After a folded block scalar, before the blank line that follows. */
    assert_int_equal(compose_edit_set_port(&doc, "job", 0, "22:22", &r, &err), 0);
    expect_text(&r, "compose/edit-job-port-add.expected");
    compose_edit_result_done(&r);
    release();
}

static void test_refusals(void **state)
{
    (void)state;
    struct compose_edit_result r;
    struct berth_error err;
    parse_fixture("compose/edit-input.yml");
    assert_int_equal(compose_edit_set_port(&doc, "web", 2, "1:1", &r, &err), -1);
    assert_non_null(strstr(err.message, "long syntax"));
    assert_null(r.text);
    assert_int_equal(compose_edit_set_port(&doc, "web", 9, "1:1", &r, &err), -1);
    assert_int_equal(compose_edit_set_image(&doc, "nope", "x", &r, &err), -1);
    assert_non_null(strstr(err.message, "no service \"nope\""));
    const struct compose_node *job = compose_map_get(compose_map_get(doc.root, "services"), "job");
    assert_int_equal(compose_edit_scalar(&doc, compose_map_get(job, "hostname"), "h", &r, &err),
                     -1);
    assert_non_null(strstr(err.message, "alias of line 7"));
    assert_int_equal(compose_edit_scalar(&doc, compose_map_get(job, "command"), "h", &r, &err), -1);
    assert_non_null(strstr(err.message, "block scalar"));
    release();
}

static void test_line_endings(void **state)
{
    (void)state;
    struct compose_edit_result r;
    struct berth_error err;
    parse_fixture("compose/edit-crlf.yml");
    assert_int_equal(compose_edit_set_env(&doc, "a", "B", "two words", &r, &err), 0);
    expect_text(&r, "compose/edit-crlf-env-add.expected");
    compose_edit_result_done(&r);
    release();
    parse_fixture("compose/edit-nonl.yml");
    assert_int_equal(compose_edit_set_env(&doc, "a", "K", "v", &r, &err), 0);
    expect_text(&r, "compose/edit-nonl-env-add.expected");
    compose_edit_result_done(&r);
    release();
}

/* Edits keep variables as written, even on an interpolated document. */
static void test_written_text_kept(void **state)
{
    (void)state;
    const char *text = "services:\n"
                       "  a:\n"
                       "    image: ${REPO:-busybox}:1.0\n"
                       "    environment: [TOKEN, \"B=${B}\"]\n";
    struct compose_vars env;
    compose_vars_init(&env);
    compose_vars_set(&env, "REPO", "mirror/busybox");
    struct compose_interp ip = {.env = &env};
    compose_findings_init(&findings);
    assert_int_equal(compose_doc_parse(&doc, "v.yml", text, strlen(text), &ip, &findings), 0);
    struct compose_edit_result r;
    struct berth_error err;
    assert_int_equal(compose_edit_set_image_tag(&doc, "a", "2.0", &r, &err), 0);
    assert_string_equal(r.text, "services:\n"
                                "  a:\n"
                                "    image: \"${REPO:-busybox}:2.0\"\n"
                                "    environment: [TOKEN, \"B=${B}\"]\n");
    compose_edit_result_done(&r);
    assert_int_equal(compose_edit_set_env(&doc, "a", "TOKEN", "s3cret", &r, &err), 0);
    assert_string_equal(r.text, "services:\n"
                                "  a:\n"
                                "    image: ${REPO:-busybox}:1.0\n"
                                "    environment: [TOKEN=s3cret, \"B=${B}\"]\n");
    compose_edit_result_done(&r);
    assert_int_equal(compose_edit_set_env(&doc, "a", "B", "2", &r, &err), 0);
    assert_string_equal(r.text, "services:\n"
                                "  a:\n"
                                "    image: ${REPO:-busybox}:1.0\n"
                                "    environment: [TOKEN, \"B=2\"]\n");
    compose_edit_result_done(&r);
    release();
    compose_vars_done(&env);
}

static void test_render(void **state)
{
    (void)state;
    const struct {
        const char *in;
        enum compose_style prefer;
        const char *out;
    } cases[] = {
        {"busybox:1.36", COMPOSE_STYLE_PLAIN, "busybox:1.36"},
        {"no", COMPOSE_STYLE_PLAIN, "\"no\""},
        {"On", COMPOSE_STYLE_PLAIN, "\"On\""},
        {"null", COMPOSE_STYLE_PLAIN, "\"null\""},
        {"", COMPOSE_STYLE_PLAIN, "\"\""},
        {"3.8", COMPOSE_STYLE_PLAIN, "\"3.8\""},
        {"22:22", COMPOSE_STYLE_PLAIN, "\"22:22\""},
        {"a #b", COMPOSE_STYLE_PLAIN, "\"a #b\""},
        {"- x", COMPOSE_STYLE_PLAIN, "\"- x\""},
        {"[x]", COMPOSE_STYLE_PLAIN, "\"[x]\""},
        {"a,b", COMPOSE_STYLE_PLAIN, "\"a,b\""},
        {"line\nbreak\t\"q\"\\", COMPOSE_STYLE_PLAIN, "\"line\\nbreak\\t\\\"q\\\"\\\\\""},
        {"\x1b[31m", COMPOSE_STYLE_PLAIN, "\"\\x1b[31m\""},
        {"it's", COMPOSE_STYLE_SINGLE, "'it''s'"},
        {"x\ny", COMPOSE_STYLE_SINGLE, "\"x\\ny\""},
        {"plain", COMPOSE_STYLE_DOUBLE, "\"plain\""},
        {"${TAG}", COMPOSE_STYLE_PLAIN, "\"${TAG}\""}, /* braces: flow indicators */
        {"a=b/c@d", COMPOSE_STYLE_PLAIN, "a=b/c@d"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = compose_edit_render(cases[i].in, cases[i].prefer);
        assert_string_equal(out, cases[i].out);
        /* And YAML reads it back as the same string. */
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        fprintf(mem, "k: %s\n", out);
        fclose(mem);
        struct compose_doc d;
        struct compose_findings f;
        compose_findings_init(&f);
        assert_int_equal(compose_doc_parse(&d, "r.yml", text, len, NULL, &f), 0);
        const struct compose_node *n = compose_map_get(d.root, "k");
        assert_int_equal(n->type, COMPOSE_TYPE_STR);
        assert_string_equal(n->value, cases[i].in);
        compose_doc_done(&d);
        compose_findings_done(&f);
        free(text);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_tag),    cmocka_unit_test(test_image_over_merge),
        cmocka_unit_test(test_env_map),      cmocka_unit_test(test_env_list_and_missing),
        cmocka_unit_test(test_ports),        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_line_endings), cmocka_unit_test(test_written_text_kept),
        cmocka_unit_test(test_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
