/* Loading recorded engine responses from tests/fixtures (BERTH_FIXTURES)
 * for the unit tests. Test-only: every function is static. */
#ifndef BERTH_TESTS_UNIT_FIXTURE_H
#define BERTH_TESTS_UNIT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

/* The whole file as a heap string; aborts the test program when missing. */
__attribute__((unused)) static char *fixture_read(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", BERTH_FIXTURES, rel);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fixture missing: %s\n", path);
        abort();
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (!buf)
        abort();
    buf[len] = '\0';
    return buf;
}

/* The file parsed as JSON; the caller cJSON_Deletes it. */
__attribute__((unused)) static cJSON *fixture_json(const char *rel)
{
    char *text = fixture_read(rel);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    if (!doc) {
        fprintf(stderr, "fixture is not JSON: %s\n", rel);
        abort();
    }
    return doc;
}

#endif
