/* The tar scanner that decides whether a volume is empty before a
 * restore: entries counted across arbitrary chunk boundaries, file data
 * skipped by its size, pax headers not counted, the end block seen. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "volume_backup.h"

/* Append a header (name, type, size) and size bytes of data, padded. */
static size_t put_entry(unsigned char *buf, size_t at, const char *name, char type, size_t size)
{
    memset(buf + at, 0, 512);
    snprintf((char *)buf + at, 100, "%s", name);
    snprintf((char *)buf + at + 124, 12, "%011zo", size);
    buf[at + 156] = (unsigned char)type;
    at += 512;
    memset(buf + at, 'd', size);
    return at + (size + 511) / 512 * 512;
}

static size_t make_tar(unsigned char *buf, bool content)
{
    size_t at = put_entry(buf, 0, "./", '5', 0);
    if (content) {
        at = put_entry(buf, at, "././@PaxHeader", 'x', 30);
        at = put_entry(buf, at, "./big", '0', 1500);
        at = put_entry(buf, at, "./link", '2', 0);
    }
    memset(buf + at, 0, 1024);
    return at + 1024;
}

static void test_counts_in_any_chunks(void **state)
{
    (void)state;
    static unsigned char buf[16384];
    size_t len = make_tar(buf, true);
    static const size_t chunks[] = {1, 7, 511, 512, 513, 4096, 100000};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        struct volume_tar_scan s;
        volume_tar_scan_init(&s);
        for (size_t at = 0; at < len; at += chunks[c])
            volume_tar_scan_feed(&s, buf + at, len - at < chunks[c] ? len - at : chunks[c]);
        assert_int_equal(s.entries, 3); /* ./, big, link; not the pax header */
        assert_true(s.end);
    }
}

static void test_empty_volume(void **state)
{
    (void)state;
    static unsigned char buf[4096];
    size_t len = make_tar(buf, false);
    struct volume_tar_scan s;
    volume_tar_scan_init(&s);
    volume_tar_scan_feed(&s, buf, len);
    assert_int_equal(s.entries, 1);
    assert_true(s.end);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_in_any_chunks),
        cmocka_unit_test(test_empty_volume),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
