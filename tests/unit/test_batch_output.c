/* berth --batch rendering: the table's columns line up whatever the cell
 * widths, unknown figures print "-" / null, and hostile engine text is
 * escaped in both formats. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "batch_output.h"

/* Two containers: a running compose service with stats, and an exited one
 * whose name carries a terminal title escape and a bidi override. */
static const char list_json[] =
    "[{\"Id\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
    "\"Names\":[\"/shop-web-1\"],\"Image\":\"nginx:latest\",\"State\":\"running\","
    "\"Status\":\"Up 2 minutes (healthy)\",\"Created\":1795899300,"
    "\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"}],"
    "\"Labels\":{\"com.docker.compose.project\":\"shop\",\"com.docker.compose.service\":\"web\"}},"
    "{\"Id\":\"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210\","
    "\"Names\":[\"/evil\\u001b]0;pwned\\u0007\\u202ename\"],\"Image\":\"busybox\","
    "\"State\":\"exited\",\"Status\":\"Exited (3) 5 seconds ago\",\"Created\":1795899000,"
    "\"Ports\":[],\"Labels\":{}}]";

struct fx {
    struct container_list list;
    struct batch_row rows[2];
};

static int setup(void **state)
{
    static struct fx fx;
    cJSON *doc = cJSON_Parse(list_json);
    struct berth_error err;
    if (!doc || container_list_from_json(doc, &fx.list, &err) < 0 || fx.list.count != 2)
        return -1;
    cJSON_Delete(doc);
    for (size_t i = 0; i < 2; i++)
        batch_row_init(&fx.rows[i], &fx.list.items[i]);
    struct batch_row *web = &fx.rows[0];
    web->has_stats = true;
    web->fig = (struct stats_figures){
        .cpu_valid = true,
        .cpu_percent = 12.345,
        .mem_valid = true,
        .mem_used = 1921024,
        .mem_limit = UINT64_C(25276518400),
        .mem_percent = 0.0076,
        .net_valid = true,
        .net_rx = 13900073,
        .net_tx = 29834,
        .blk_valid = false,
        .pids_valid = true,
        .pids = 7,
    };
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    for (size_t i = 0; i < 2; i++)
        batch_row_done(&fx->rows[i]);
    container_list_done(&fx->list);
    return 0;
}

/* Byte offset of the n-th column in a line (columns are separated by runs
 * of at least two spaces; cells here hold no double spaces). */
static long column_start(const char *line, const char *cell)
{
    const char *p = strstr(line, cell);
    return p ? (long)(p - line) : -1;
}

static void test_table(void **state)
{
    struct fx *fx = *state;
    batch_rows_sort(fx->rows, 2);
    struct strbuf sb;
    strbuf_init(&sb);
    batch_render_table(&sb, fx->rows, 2);

    char *lines[4] = {0};
    int n = 0;
    for (char *l = strtok(sb.data, "\n"); l && n < 4; l = strtok(NULL, "\n"))
        lines[n++] = l;
    assert_int_equal(n, 3);
    assert_int_equal(strncmp(lines[0], "NAME ", 5), 0);
    /* Sorted by name: "evil..." before "shop-web-1". */
    assert_int_equal(strncmp(lines[1], "evil\\e]0;pwned\\x07\\u202ename", 28), 0);
    assert_int_equal(strncmp(lines[2], "shop-web-1 ", 11), 0);

    /* Columns line up: each cell starts where its title starts. */
    long id_col = column_start(lines[0], "ID");
    assert_int_equal(column_start(lines[1], "fedcba987654 "), id_col);
    assert_int_equal(column_start(lines[2], "0123456789ab "), id_col);
    long cpu_col = column_start(lines[0], "CPU %");
    assert_int_equal(column_start(lines[2], "12.35%"), cpu_col);
    long mem_col = column_start(lines[0], "MEM USAGE / LIMIT");
    assert_int_equal(column_start(lines[2], "1.832MiB / 23.54GiB"), mem_col);
    assert_int_equal(column_start(lines[0], "NET I/O"), column_start(lines[2], "13.9MB / 29.8kB"));
    assert_int_equal(column_start(lines[0], "PROJECT"), column_start(lines[2], "shop "));
    assert_int_equal(column_start(lines[0], "PORTS"),
                     column_start(lines[2], "0.0.0.0:8080->80/tcp"));
    assert_int_equal(column_start(lines[0], "STATUS"),
                     column_start(lines[2], "Up 2 minutes (healthy)"));
    assert_int_equal(column_start(lines[0], "STATUS"),
                     column_start(lines[1], "Exited (3) 5 seconds ago"));

    /* The exited container: "-" in each stats column, no trailing blanks. */
    assert_int_equal(lines[1][cpu_col], '-');
    assert_int_equal(lines[1][mem_col], '-');
    assert_int_not_equal(lines[1][strlen(lines[1]) - 1], ' ');
    /* Block I/O unknown on the running one too. */
    assert_int_equal(lines[2][column_start(lines[0], "BLOCK I/O")], '-');

    /* Nothing raw from the engine reached the output. */
    for (int i = 0; i < n; i++)
        for (const char *p = lines[i]; *p; p++)
            assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
    assert_null(strstr(sb.data, "\xe2\x80\xae"));
    strbuf_done(&sb);
}

static void test_table_empty(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    batch_render_table(&sb, NULL, 0);
    assert_int_equal(strncmp(sb.data, "NAME   ID   IMAGE   STATE   STATUS   CPU %", 42), 0);
    assert_non_null(strstr(sb.data, "PORTS\n"));
    assert_ptr_equal(strchr(sb.data, '\n'), sb.data + sb.len - 1); /* the header alone */
    strbuf_done(&sb);
}

static void test_json(void **state)
{
    struct fx *fx = *state;
    batch_rows_sort(fx->rows, 2);
    struct strbuf sb;
    strbuf_init(&sb);
    batch_render_json(&sb, fx->rows, 2);
    /* One array on one line. */
    assert_ptr_equal(strchr(sb.data, '\n'), sb.data + sb.len - 1);
    cJSON *doc = cJSON_Parse(sb.data);
    assert_non_null(doc);
    assert_int_equal(cJSON_GetArraySize(doc), 2);

    cJSON *evil = cJSON_GetArrayItem(doc, 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(evil, "name")),
                        "evil\\e]0;pwned\\x07\\u202ename");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(evil, "state")), "exited");
    assert_int_equal(cJSON_GetObjectItem(evil, "exit_code")->valueint, 3);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(evil, "cpu_percent")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(evil, "mem_usage")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(evil, "project")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(evil, "health")));
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(evil, "ports")), "");

    cJSON *web = cJSON_GetArrayItem(doc, 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(web, "short_id")), "0123456789ab");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(web, "health")), "healthy");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(web, "project")), "shop");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(web, "service")), "web");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(web, "exit_code")));
    double cpu = cJSON_GetObjectItem(web, "cpu_percent")->valuedouble;
    assert_true(cpu > 12.3449 && cpu < 12.3451);
    assert_true((uint64_t)cJSON_GetObjectItem(web, "mem_limit")->valuedouble ==
                UINT64_C(25276518400));
    assert_true((uint64_t)cJSON_GetObjectItem(web, "net_rx")->valuedouble == 13900073);
    assert_int_equal(cJSON_GetObjectItem(web, "pids")->valueint, 7);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(web, "blk_read")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(web, "net_rx_rate")));
    /* Byte counters are printed as exact integers. */
    assert_non_null(strstr(sb.data, "\"mem_limit\":25276518400,"));
    cJSON_Delete(doc);

    strbuf_reset(&sb);
    batch_render_json(&sb, NULL, 0);
    assert_string_equal(sb.data, "[]\n");
    strbuf_done(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_table_empty),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
