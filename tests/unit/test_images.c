/* Image list, history, prune preview, remove conflicts, references and
 * registry credentials, on answers recorded from this engine
 * (tests/fixtures/images/). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base64.h"
#include "engine_images.h"
#include "fixture.h"

/* The row for ref; the test stops when there is none. */
static const struct image_info *find_ref(const struct image_list *l, const char *ref)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].ref, ref) == 0)
            return &l->v[i];
    fprintf(stderr, "no row %s\n", ref);
    abort();
}

static void test_list_rows_per_tag(void **state)
{
    (void)state;
    cJSON *imgs = fixture_json("images/images.json");
    struct image_list l;
    engine_images_parse(imgs, NULL, &l);
    /* 3 images; the busybox one has two tags, so 4 rows. */
    assert_int_equal(l.n, 4);
    const struct image_info *bb = find_ref(&l, "berth-test/busybox:latest");
    assert_non_null(bb);
    assert_string_equal(bb->repo, "berth-test/busybox");
    assert_string_equal(bb->tag, "latest");
    assert_int_equal(bb->ntags, 2);
    assert_int_equal(bb->size, 1982312);
    assert_false(bb->dangling);
    assert_int_equal(bb->containers, 0);
    const struct image_info *two = find_ref(&l, "127.0.0.1:42677/berth-t-img-rec:two");
    assert_non_null(two);
    assert_string_equal(two->repo, "127.0.0.1:42677/berth-t-img-rec");
    assert_string_equal(two->tag, "two");
    assert_string_equal(two->labels, "berth-t-img=rec");
    /* Sorted by reference. */
    for (size_t i = 1; i < l.n; i++)
        assert_true(strcmp(l.v[i - 1].ref, l.v[i].ref) <= 0);
    image_list_done(&l);
    cJSON_Delete(imgs);
}

static void test_list_dangling_and_users(void **state)
{
    (void)state;
    cJSON *imgs = fixture_json("images/images-labelled.json");
    cJSON *ctrs = fixture_json("images/containers-one.json");
    struct image_list l;
    engine_images_parse(imgs, ctrs, &l);
    assert_int_equal(l.n, 3);
    const char *did = "sha256:97aab89fb26414fe240add822fbcfe696774970606aaf8aa5632564aff8e8199";
    const struct image_info *d = find_ref(&l, did);
    assert_non_null(d);
    assert_true(d->dangling);
    assert_string_equal(d->repo, "<none>");
    assert_string_equal(d->tag, "<none>");
    /* The recorded container was made from berth-test/busybox, which is not
     * in this list: nobody uses these. */
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(l.v[i].containers, 0);
    image_list_done(&l);
    /* With the busybox list, the container counts. */
    cJSON *all = fixture_json("images/images.json");
    engine_images_parse(all, ctrs, &l);
    const struct image_info *bb = find_ref(&l, "berth-test/busybox:latest");
    assert_int_equal(bb->containers, 1);
    assert_string_equal(bb->users, "berth-t-img-rec-c");
    image_list_done(&l);
    cJSON_Delete(all);
    cJSON_Delete(imgs);
    cJSON_Delete(ctrs);
}

static void test_prune_preview(void **state)
{
    (void)state;
    cJSON *imgs = fixture_json("images/images-labelled.json");
    struct image_list l;
    engine_images_parse(imgs, NULL, &l);
    int64_t now = 1795909477 + 60;
    struct image_prune_filter f = {.label = "berth-t-img=rec"};
    size_t n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += engine_images_prune_would_remove(&l.v[i], &f, now);
    assert_int_equal(n, 1); /* dangling only: the <none> one */
    f.all = true;
    n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += engine_images_prune_would_remove(&l.v[i], &f, now);
    assert_int_equal(n, 3);
    f.until = "30s"; /* only what is older than 30 s: created at now-60 and now-73 */
    n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += engine_images_prune_would_remove(&l.v[i], &f, now);
    assert_int_equal(n, 3);
    f.until = "1m5s";
    n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += engine_images_prune_would_remove(&l.v[i], &f, now);
    assert_int_equal(n, 1);
    f.until = NULL;
    f.label = "berth-t-img=other";
    n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += engine_images_prune_would_remove(&l.v[i], &f, now);
    assert_int_equal(n, 0);
    f.label = "berth-t-img!=other";
    n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += engine_images_prune_would_remove(&l.v[i], &f, now);
    assert_int_equal(n, 3);
    image_list_done(&l);
    cJSON_Delete(imgs);

    struct image_prune_filter g = {.all = false, .until = "24h", .label = "a=b"};
    char *j = engine_images_prune_filters(&g);
    assert_string_equal(j, "{\"dangling\":[\"true\"],\"until\":[\"24h\"],\"label\":[\"a=b\"]}");
    free(j);
    struct image_prune_filter h = {.all = true, .label = "a!=b"};
    j = engine_images_prune_filters(&h);
    assert_string_equal(j, "{\"dangling\":[\"false\"],\"label!\":[\"a=b\"]}");
    free(j);
    assert_int_equal(engine_images_parse_duration("1h30m"), 5400);
    assert_int_equal(engine_images_parse_duration("10x"), -1);
    assert_int_equal(engine_images_parse_duration(""), -1);
}

static void test_history(void **state)
{
    (void)state;
    cJSON *doc = fixture_json("images/history-two.json");
    struct image_history h;
    engine_image_history_parse(doc, &h);
    assert_int_equal(h.n, 3);
    assert_string_equal(h.v[0].created_by, "/bin/sh -c #(nop)  LABEL berth-t-img=rec");
    assert_string_equal(h.v[1].id, "<missing>");
    assert_int_equal(h.v[1].size, 8388611);
    assert_string_equal(h.v[2].comment, "Imported from -");
    assert_string_equal(h.v[0].tags, "127.0.0.1:42677/berth-t-img-rec:two");
    assert_string_equal(h.v[1].tags, "");
    image_history_done(&h);
    cJSON_Delete(doc);
}

static void test_conflict_explained(void **state)
{
    (void)state;
    cJSON *doc = fixture_json("images/remove-409.json");
    const char *why =
        engine_image_conflict_explain(cJSON_GetObjectItem(doc, "message")->valuestring);
    assert_non_null(strstr(why, "remove that container first"));
    assert_string_equal(engine_image_conflict_explain("No such image: x"), "");
    cJSON_Delete(doc);
}

static void test_references(void **state)
{
    (void)state;
    char *img, *tag;
    struct berth_error err;
    assert_int_equal(engine_image_split_ref("busybox", &img, &tag, &err), 0);
    assert_string_equal(img, "busybox");
    assert_string_equal(tag, "latest");
    free(img);
    free(tag);
    assert_int_equal(engine_image_split_ref("127.0.0.1:5000/a/b:v1", &img, &tag, &err), 0);
    assert_string_equal(img, "127.0.0.1:5000/a/b");
    assert_string_equal(tag, "v1");
    free(img);
    free(tag);
    assert_int_equal(engine_image_split_ref("127.0.0.1:5000/a", &img, &tag, &err), 0);
    assert_string_equal(img, "127.0.0.1:5000/a");
    assert_string_equal(tag, "latest");
    free(img);
    free(tag);
    assert_int_equal(engine_image_split_ref("a@sha256:abc", &img, &tag, &err), 0);
    assert_string_equal(img, "a");
    assert_string_equal(tag, "sha256:abc");
    free(img);
    free(tag);
    assert_int_equal(engine_image_split_ref("", &img, &tag, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_USAGE);
    char *r = engine_image_registry("busybox");
    assert_string_equal(r, "docker.io");
    free(r);
    r = engine_image_registry("library/busybox:1");
    assert_string_equal(r, "docker.io");
    free(r);
    r = engine_image_registry("127.0.0.1:5000/x");
    assert_string_equal(r, "127.0.0.1:5000");
    free(r);
    r = engine_image_registry("localhost/x");
    assert_string_equal(r, "localhost");
    free(r);
}

static char *write_config(const char *text)
{
    char *path = strdup("/tmp/berth-t-img-cfg-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_registry_auth(void **state)
{
    (void)state;
    /* "alice:s3cret" and "bob:pw" in base64, as `docker login` writes them. */
    char *path = write_config("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"YWxpY2U6czNjcmV0\"},"
                              "\"https://index.docker.io/v1/\":{\"auth\":\"Ym9iOnB3\"}}}");
    char *v = NULL, notice[512];
    engine_image_registry_auth("127.0.0.1:5000/x:1", path, &v, notice, sizeof notice);
    assert_non_null(v);
    assert_null(strchr(v, '+'));
    assert_null(strchr(v, '/'));
    size_t len;
    char *json = base64_decode(v, &len);
    assert_non_null(json);
    cJSON *doc = cJSON_Parse(json);
    assert_string_equal(cJSON_GetObjectItem(doc, "username")->valuestring, "alice");
    assert_string_equal(cJSON_GetObjectItem(doc, "password")->valuestring, "s3cret");
    assert_string_equal(cJSON_GetObjectItem(doc, "serveraddress")->valuestring, "127.0.0.1:5000");
    cJSON_Delete(doc);
    free(json);
    free(v);
    engine_image_registry_auth("busybox", path, &v, notice, sizeof notice);
    assert_non_null(v);
    json = base64_decode(v, &len);
    assert_non_null(strstr(json, "\"bob\""));
    free(json);
    free(v);
    engine_image_registry_auth("example.com/x", path, &v, notice, sizeof notice);
    assert_null(v);
    assert_string_equal(notice, "");
    unlink(path);
    free(path);

    path = write_config("{\"auths\":{\"example.com\":{}},\"credsStore\":\"pass\"}");
    engine_image_registry_auth("example.com/x", path, &v, notice, sizeof notice);
    assert_null(v);
    assert_non_null(strstr(notice, "docker-credential-pass"));
    assert_non_null(strstr(notice, "not supported"));
    unlink(path);
    free(path);

    engine_image_registry_auth("x", "/nonexistent/config.json", &v, notice, sizeof notice);
    assert_null(v);
    assert_string_equal(notice, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_rows_per_tag),  cmocka_unit_test(test_list_dangling_and_users),
        cmocka_unit_test(test_prune_preview),      cmocka_unit_test(test_history),
        cmocka_unit_test(test_conflict_explained), cmocka_unit_test(test_references),
        cmocka_unit_test(test_registry_auth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
