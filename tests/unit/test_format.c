/* Size and percentage strings must be the ones docker prints: the expected
 * strings below were read from `docker stats --no-stream` and `docker ps`
 * (CLI 28.2.2), or follow go-units' rules at the unit boundaries. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "format.h"

static void expect_binary(double bytes, const char *want)
{
    char buf[FORMAT_NUMBER_MAX];
    assert_string_equal(format_bytes_binary(buf, sizeof buf, bytes), want);
}

static void expect_decimal(double bytes, const char *want)
{
    char buf[FORMAT_NUMBER_MAX];
    assert_string_equal(format_bytes_decimal(buf, sizeof buf, bytes, 3), want);
}

static void expect_percent(double pct, const char *want)
{
    char buf[FORMAT_NUMBER_MAX];
    assert_string_equal(format_percent(buf, sizeof buf, pct), want);
}

static void test_binary_units_as_docker_stats(void **state)
{
    (void)state;
    /* Observed in docker stats' MEM USAGE / LIMIT column. */
    expect_binary(1921024, "1.832MiB");
    expect_binary(331776, "324KiB");
    expect_binary(20619264, "19.66MiB");
    expect_binary(67108864, "64MiB");
    expect_binary(25276518400.0, "23.54GiB");
    expect_binary(663552, "648KiB");
    expect_binary(134217728, "128MiB");
    expect_binary(50593792, "48.25MiB");
}

static void test_binary_boundaries(void **state)
{
    (void)state;
    expect_binary(0, "0B");
    expect_binary(1, "1B");
    expect_binary(1023, "1023B");
    expect_binary(1024, "1KiB");
    expect_binary(1536, "1.5KiB");
    /* %.4g rounds 1023.99 KiB up to "1024" in the lower unit, as Go does. */
    expect_binary(1048575, "1024KiB");
    expect_binary(1048576, "1MiB");
    expect_binary(1099511627776.0, "1TiB");
    expect_binary(1152921504606846976.0, "1EiB");
}

static void test_decimal_units_as_docker_stats(void **state)
{
    (void)state;
    /* Observed in docker stats' NET I/O and BLOCK I/O columns. */
    expect_decimal(0, "0B");
    expect_decimal(838, "838B");
    expect_decimal(1058, "1.06kB");
    expect_decimal(13900073, "13.9MB");
    expect_decimal(29834, "29.8kB");
    expect_decimal(30490, "30.5kB");
    expect_decimal(13899417, "13.9MB");
    expect_decimal(1516, "1.52kB");
}

static void test_decimal_boundaries(void **state)
{
    (void)state;
    expect_decimal(999, "999B");
    expect_decimal(1000, "1kB");
    expect_decimal(1500000, "1.5MB");
    /* 999.999 kB has no 3-digit form below 1000: go-units prints the
     * exponent form, and so must we. */
    expect_decimal(999999, "1e+03kB");
    expect_decimal(1e9, "1GB");
    expect_decimal(123456789012.0, "123GB");
    char buf[FORMAT_NUMBER_MAX];
    /* docker ps --size uses the same function with precision 3; HumanSize
     * (precision 4) exists for other columns. */
    assert_string_equal(format_bytes_decimal(buf, sizeof buf, 1982333, 4), "1.982MB");
}

static void test_percent(void **state)
{
    (void)state;
    expect_percent(0, "0.00%");
    expect_percent(0.132, "0.13%");
    expect_percent(100.478, "100.48%");
    expect_percent(30.73, "30.73%");
    expect_percent(0.00385, "0.00%");
    expect_percent(199.999, "200.00%");
}

/* Ages as the list panels show them, at each unit's edges. */
static void test_age(void **state)
{
    (void)state;
    char b[FORMAT_NUMBER_MAX];
    const int64_t now = 1800000000;
    assert_string_equal(format_age(b, sizeof b, now, 0), "-");
    assert_string_equal(format_age(b, sizeof b, now, now + 5), "0s ago"); /* clock skew */
    assert_string_equal(format_age(b, sizeof b, now, now - 59), "59s ago");
    assert_string_equal(format_age(b, sizeof b, now, now - 60), "1m ago");
    assert_string_equal(format_age(b, sizeof b, now, now - 3599), "59m ago");
    assert_string_equal(format_age(b, sizeof b, now, now - 3600), "1h ago");
    assert_string_equal(format_age(b, sizeof b, now, now - 2 * 86400 + 1), "47h ago");
    assert_string_equal(format_age(b, sizeof b, now, now - 2 * 86400), "2d ago");
    assert_string_equal(format_age(b, sizeof b, now, now - 60 * 86400), "2mo ago");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_binary_units_as_docker_stats),
        cmocka_unit_test(test_binary_boundaries),
        cmocka_unit_test(test_decimal_units_as_docker_stats),
        cmocka_unit_test(test_decimal_boundaries),
        cmocka_unit_test(test_percent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
