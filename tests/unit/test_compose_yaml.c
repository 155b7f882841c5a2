/* The compose YAML layer: locations (lines, columns in characters, byte
 * offsets through multibyte text, CRLF and a byte-order mark), scalar
 * types as Compose v2 reads them, anchors, aliases and merge keys, libyaml
 * errors with their marks, and the limits that keep hostile input safe. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compose_yaml.h"
#include "strbuf.h"

struct parsed {
    struct compose_doc doc;
    struct compose_findings f;
    int rc;
};

static void parse(struct parsed *p, const char *text)
{
    compose_findings_init(&p->f);
    p->rc = compose_doc_parse(&p->doc, "t.yml", text, strlen(text), NULL, &p->f);
}

static void done(struct parsed *p)
{
    compose_doc_done(&p->doc);
    compose_findings_done(&p->f);
}

static const struct compose_node *path(const struct compose_node *n, const char *a, const char *b)
{
    n = compose_map_get(n, a);
    if (n && b)
        n = compose_map_get(n, b);
    assert_non_null(n);
    return n;
}

static void test_locations(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, "# c\nservices:\n  web:\n    image: \"é€x:1\"\n    restart: always\n");
    assert_int_equal(p.rc, 0);
    const struct compose_node *img = path(path(p.doc.root, "services", "web"), "image", NULL);
    assert_int_equal(img->start.line, 4);
    assert_int_equal(img->start.col, 12);
    assert_int_equal(img->style, COMPOSE_STYLE_DOUBLE);
    /* Byte offsets cover the quotes and the multibyte characters. */
    assert_int_equal(img->end.offset - img->start.offset, strlen("\"é€x:1\""));
    assert_memory_equal(p.doc.text + img->start.offset, "\"é€x:1\"", strlen("\"é€x:1\""));
    const struct compose_node *r = path(path(p.doc.root, "services", "web"), "restart", NULL);
    /* After multibyte text the columns still count characters. */
    assert_int_equal(r->start.line, 5);
    assert_int_equal(r->start.col, 14);
    assert_memory_equal(p.doc.text + r->start.offset, "always", 6);
    done(&p);
}

static void test_crlf_and_bom(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, "\xEF\xBB\xBFservices:\r\n  a:\r\n    image: x\r\n");
    assert_int_equal(p.rc, 0);
    const struct compose_node *img = path(path(p.doc.root, "services", "a"), "image", NULL);
    assert_int_equal(img->start.line, 3);
    assert_int_equal(img->start.col, 12);
    assert_int_equal(p.doc.text[img->start.offset], 'x');
    assert_int_equal(img->end.offset, img->start.offset + 1);
    /* Columns on the first line start after the byte-order mark. */
    assert_int_equal(p.doc.root->pairs[0].key->start.col, 1);
    assert_int_equal(p.doc.root->pairs[0].key->start.offset, 3);
    done(&p);
    parse(&p, "\xEF\xBB\xBF"
              "a: \xff\n");
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.f.items[0].line, 1);
    assert_int_equal(p.f.items[0].col, 4);
    done(&p);
}

static void test_scalar_types(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, "a: no\nb: 'no'\nc: true\nd: 3.8\ne: \"3.8\"\nf: ~\ng:\nh: 0x1F\ni: !!str 3\n"
              "j: yes\nk: 1e3\nl: .inf\nm: 0o17\nn: 12abc\no: |\n  text\n");
    assert_int_equal(p.rc, 0);
    const struct {
        const char *key;
        enum compose_type type;
    } want[] = {
        {"a", COMPOSE_TYPE_STR},   {"b", COMPOSE_TYPE_STR},   {"c", COMPOSE_TYPE_BOOL},
        {"d", COMPOSE_TYPE_FLOAT}, {"e", COMPOSE_TYPE_STR},   {"f", COMPOSE_TYPE_NULL},
        {"g", COMPOSE_TYPE_NULL},  {"h", COMPOSE_TYPE_INT},   {"i", COMPOSE_TYPE_STR},
        {"j", COMPOSE_TYPE_STR},   {"k", COMPOSE_TYPE_FLOAT}, {"l", COMPOSE_TYPE_FLOAT},
        {"m", COMPOSE_TYPE_INT},   {"n", COMPOSE_TYPE_STR},   {"o", COMPOSE_TYPE_STR},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct compose_node *n = compose_map_get(p.doc.root, want[i].key);
        assert_non_null(n);
        if (n->type != want[i].type)
            fail_msg("%s: type %s, want %s", want[i].key, compose_type_name(n->type),
                     compose_type_name(want[i].type));
    }
    assert_string_equal(compose_node_str(compose_map_get(p.doc.root, "a")), "no");
    assert_string_equal(compose_node_str(compose_map_get(p.doc.root, "o")), "text\n");
    assert_true(compose_yaml11_bool_word("no"));
    assert_true(compose_yaml11_bool_word("On"));
    assert_false(compose_yaml11_bool_word("true"));
    assert_false(compose_yaml11_bool_word("none"));
    done(&p);
}

static void test_alias_has_own_location(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, "x-log: &log\n  driver: json-file\nservices:\n  a:\n    logging: *log\n");
    assert_int_equal(p.rc, 0);
    const struct compose_node *anchor = compose_map_get(p.doc.root, "x-log");
    const struct compose_node *alias = path(path(p.doc.root, "services", "a"), "logging", NULL);
    assert_ptr_equal(alias->alias_of, anchor);
    assert_string_equal(anchor->anchor, "log");
    assert_int_equal(alias->start.line, 5);
    assert_int_equal(alias->start.col, 14);
    /* Content is the anchor's. */
    const struct compose_node *drv = compose_map_get(alias, "driver");
    assert_string_equal(compose_node_str(drv), "json-file");
    assert_int_equal(drv->start.line, 2);
    done(&p);
}

static void test_merge_keys(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, "x-a: &a\n  image: from-a\n  cpus: 1\n  user: a\n"
              "x-b: &b\n  image: from-b\n  mem_limit: 1g\n  user: b\n"
              "s:\n  user: own\n  <<: [*a, *b]\n  command: x\n");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.f.count, 0);
    const struct compose_node *s = compose_map_get(p.doc.root, "s");
    /* Own keys win, then earlier sources beat later ones. */
    assert_string_equal(compose_node_str(compose_map_get(s, "user")), "own");
    assert_string_equal(compose_node_str(compose_map_get(s, "image")), "from-a");
    assert_string_equal(compose_node_str(compose_map_get(s, "mem_limit")), "1g");
    assert_string_equal(compose_node_str(compose_map_get(s, "cpus")), "1");
    /* eff: own keys in order (no "<<"), then merged ones. */
    assert_int_equal(s->neff, 5);
    assert_string_equal(compose_pair_key(&s->eff[0]), "user");
    assert_string_equal(compose_pair_key(&s->eff[1]), "command");
    assert_false(s->eff[1].merged);
    assert_true(s->eff[2].merged);
    /* The written pairs keep the merge key. */
    assert_int_equal(s->npairs, 3);
    assert_string_equal(compose_pair_key(&s->pairs[1]), "<<");
    /* A quoted "<<" is an ordinary key. */
    done(&p);
    parse(&p, "x-a: &a {k: v}\nm:\n  \"<<\": *a\n");
    assert_null(compose_map_get(compose_map_get(p.doc.root, "m"), "k"));
    assert_non_null(compose_map_get(compose_map_get(p.doc.root, "m"), "<<"));
    done(&p);
}

static void test_merge_errors(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, "x-s: &s hello\nm:\n  <<: *s\n  k: v\n");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.f.count, 1);
    assert_int_equal(p.f.items[0].line, 3);
    assert_int_equal(p.f.items[0].col, 7);
    assert_non_null(strstr(p.f.items[0].message, "not a scalar (*s is defined at line 1)"));
    /* The rest of the mapping is still read. */
    assert_string_equal(compose_node_str(path(p.doc.root, "m", "k")), "v");
    done(&p);
    parse(&p, "x-a: &a {k: v}\nm:\n  <<: [*a, plain]\n");
    assert_int_equal(p.f.count, 1);
    assert_int_equal(p.f.items[0].line, 3);
    assert_int_equal(p.f.items[0].col, 12);
    assert_string_equal(compose_node_str(path(p.doc.root, "m", "k")), "v");
    done(&p);
}

static void test_yaml_errors(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, "a: 1\nb: [1, 2\n");
    assert_int_equal(p.rc, -1);
    assert_true(p.doc.yaml_error);
    assert_null(p.doc.root);
    assert_int_equal(p.f.count, 1);
    assert_int_equal(p.f.items[0].severity, COMPOSE_ERROR);
    assert_int_equal(strncmp(p.f.items[0].message, "YAML: ", 6), 0);
    assert_int_equal(p.f.items[0].line, 3);
    done(&p);
    /* Invalid UTF-8 is a reader error, located by byte offset. */
    parse(&p, "a: 1\nb: \xff\n");
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.f.items[0].line, 2);
    assert_int_equal(p.f.items[0].col, 4);
    done(&p);
    /* An alias to an anchor not yet complete (itself) is undefined. */
    parse(&p, "a: &x [*x]\n");
    assert_int_equal(p.rc, -1);
    assert_non_null(strstr(p.f.items[0].message, "undefined alias \"x\""));
    done(&p);
}

static void test_duplicates_kept(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, "a: 1\nb: 2\na: 3\n");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.doc.root->npairs, 3);
    assert_int_equal(p.doc.root->neff, 2);
    assert_string_equal(compose_node_str(compose_map_get(p.doc.root, "a")), "1");
    done(&p);
}

static void test_depth_limit(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_puts(&sb, "a: ");
    for (int i = 0; i < 10000; i++)
        strbuf_putc(&sb, '[');
    struct parsed p;
    parse(&p, sb.data);
    assert_int_equal(p.rc, -1);
    assert_non_null(strstr(p.f.items[0].message, "nested deeper than"));
    done(&p);
    strbuf_done(&sb);
}

/* Aliases share content: many of them cost no copies. */
static void test_alias_bomb(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_puts(&sb, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 30; i++)
        strbuf_appendf(&sb, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i,
                       i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    struct parsed p;
    parse(&p, sb.data);
    assert_int_equal(p.rc, 0);
    assert_true(p.doc.nnodes < 1000);
    done(&p);
    strbuf_done(&sb);
}

static void test_documents(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, "");
    assert_int_equal(p.rc, 0);
    assert_null(p.doc.root);
    done(&p);
    parse(&p, "a: 1\n---\nb: 2\n");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.f.count, 1);
    assert_int_equal(p.f.items[0].severity, COMPOSE_WARNING);
    assert_int_equal(p.f.items[0].line, 2);
    assert_null(compose_map_get(p.doc.root, "b"));
    done(&p);
}

static void test_interpolation_values_only(void **state)
{
    (void)state;
    struct compose_vars env;
    compose_vars_init(&env);
    compose_vars_set(&env, "TAG", "1.37");
    compose_vars_set(&env, "K", "key");
    struct compose_interp ip = {.env = &env};
    struct parsed p;
    compose_findings_init(&p.f);
    const char *text = "$K: image:$TAG\nb: 'x ${MISSING} y'\n";
    p.rc = compose_doc_parse(&p.doc, "t.yml", text, strlen(text), &ip, &p.f);
    assert_int_equal(p.rc, 0);
    const struct compose_node *v = compose_map_get(p.doc.root, "$K");
    assert_non_null(v);
    assert_string_equal(v->value, "image:1.37");
    assert_string_equal(v->raw, "image:$TAG");
    /* The warning points at the '$' inside the quotes. */
    assert_int_equal(p.f.count, 1);
    assert_int_equal(p.f.items[0].severity, COMPOSE_WARNING);
    assert_int_equal(p.f.items[0].line, 2);
    assert_int_equal(p.f.items[0].col, 7);
    assert_non_null(strstr(p.f.items[0].message, "MISSING"));
    done(&p);
    compose_vars_done(&env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locations),    cmocka_unit_test(test_crlf_and_bom),
        cmocka_unit_test(test_scalar_types), cmocka_unit_test(test_alias_has_own_location),
        cmocka_unit_test(test_merge_keys),   cmocka_unit_test(test_merge_errors),
        cmocka_unit_test(test_yaml_errors),  cmocka_unit_test(test_duplicates_kept),
        cmocka_unit_test(test_depth_limit),  cmocka_unit_test(test_alias_bomb),
        cmocka_unit_test(test_documents),    cmocka_unit_test(test_interpolation_values_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
