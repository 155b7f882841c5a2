/* Atomic saves (mode, owner, backup, symbolic links), change detection,
 * failures that leave the original intact (a full disk, a read-only file
 * system) and the recovery files. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "file_save.h"
#include "recover.h"
#include "xalloc.h"

static char *tmpdir(void)
{
    char *d = xstrdup("/tmp/berth-t-save-XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

static void rm_rf(const char *dir)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void put(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static void expect_file(const char *path, const char *want)
{
    char *text;
    size_t len;
    struct file_stamp st;
    struct berth_error err;
    assert_int_equal(file_load(path, &text, &len, &st, &err), 0);
    assert_true(st.exists);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(text, want, len);
    free(text);
}

static mode_t mode_of(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return sb.st_mode & 07777;
}

/* Entries in dir (no . and ..): no temporary file may be left behind. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void test_save_new_file(void **state)
{
    (void)state;
    char *dir = tmpdir();
    char *path = xasprintf("%s/compose.yml", dir);
    struct berth_error err;
    berth_error_clear(&err);
    struct file_stamp st;
    const char *text = "services:\n  web:\n    image: x\n";
    assert_int_equal(file_save(path, text, strlen(text), true, &st, &err), 0);
    expect_file(path, text);
    assert_int_equal(mode_of(path), 0644);
    assert_true(st.exists);
    assert_int_equal(st.size, (off_t)strlen(text));
    assert_int_equal(entries(dir), 1); /* no .bak for a file that did not exist */
    free(path);
    rm_rf(dir);
    free(dir);
}

static void test_save_keeps_mode_owner_and_backup(void **state)
{
    (void)state;
    char *dir = tmpdir();
    char *path = xasprintf("%s/compose.yml", dir);
    char *bak = xasprintf("%s.bak", path);
    put(path, "old: 1\n", 0640);
    bool root = geteuid() == 0;
    if (root)
        assert_int_equal(chown(path, 1234, 2345), 0);
    struct berth_error err;
    berth_error_clear(&err);
    assert_int_equal(file_save(path, "new: 2\n", 7, true, NULL, &err), 0);
    expect_file(path, "new: 2\n");
    expect_file(bak, "old: 1\n");
    assert_int_equal(mode_of(path), 0640);
    assert_int_equal(mode_of(bak), 0640);
    if (root) {
        struct stat sb;
        assert_int_equal(stat(path, &sb), 0);
        assert_int_equal(sb.st_uid, 1234);
        assert_int_equal(sb.st_gid, 2345);
    }
    /* A second save moves the backup along. */
    assert_int_equal(file_save(path, "third: 3\n", 9, true, NULL, &err), 0);
    expect_file(bak, "new: 2\n");
    assert_int_equal(entries(dir), 2);
    free(bak);
    free(path);
    rm_rf(dir);
    free(dir);
}

static void test_save_through_symlink(void **state)
{
    (void)state;
    char *dir = tmpdir();
    char *real = xasprintf("%s/real.yml", dir);
    char *link = xasprintf("%s/link.yml", dir);
    put(real, "a: 1\n", 0600);
    assert_int_equal(symlink("real.yml", link), 0);
    struct berth_error err;
    assert_int_equal(file_save(link, "a: 2\n", 5, false, NULL, &err), 0);
    struct stat sb;
    assert_int_equal(lstat(link, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    expect_file(real, "a: 2\n");
    assert_int_equal(mode_of(real), 0600);
    free(real);
    free(link);
    rm_rf(dir);
    free(dir);
}

static void test_change_detection(void **state)
{
    (void)state;
    char *dir = tmpdir();
    char *path = xasprintf("%s/c.yml", dir);
    put(path, "x: 1\n", 0644);
    char *text;
    size_t len;
    struct file_stamp st;
    struct berth_error err;
    assert_int_equal(file_load(path, &text, &len, &st, &err), 0);
    free(text);
    assert_false(file_changed(path, &st));
    /* A new mtime with the same content is no change. */
    struct timespec times[2] = {{0, UTIME_OMIT}, {12345, 678}};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
    assert_false(file_changed(path, &st));
    /* Other content of the same size, then of another size. */
    put(path, "x: 2\n", 0644);
    assert_true(file_changed(path, &st));
    put(path, "x: 1\nmore\n", 0644);
    assert_true(file_changed(path, &st));
    unlink(path);
    assert_true(file_changed(path, &st));
    /* A missing file: created since is a change. */
    assert_int_equal(file_load(path, &text, &len, &st, &err), 0);
    assert_false(st.exists);
    assert_string_equal(text, "");
    free(text);
    assert_false(file_changed(path, &st));
    put(path, "", 0644);
    assert_true(file_changed(path, &st));
    free(path);
    rm_rf(dir);
    free(dir);
}

static void test_full_and_read_only_disk(void **state)
{
    (void)state;
    char *dir = tmpdir();
    if (geteuid() != 0 || mount("tmpfs", dir, "tmpfs", 0, "size=16k,mode=0755") < 0) {
        rm_rf(dir);
        free(dir);
        skip(); /* needs root to make a small file system */
    }
    char *path = xasprintf("%s/compose.yml", dir);
    put(path, "keep: me\n", 0640);
    size_t big = 256 * 1024;
    char *data = xmalloc(big);
    memset(data, 'a', big);
    struct berth_error err;
    berth_error_clear(&err);
    assert_int_equal(file_save(path, data, big, true, NULL, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_IO);
    assert_non_null(strstr(err.message, "full"));
    assert_non_null(strstr(err.message, "not changed"));
    expect_file(path, "keep: me\n");
    assert_int_equal(mode_of(path), 0640);
    /* Only the file and its backup: the temporary file is gone. */
    assert_true(entries(dir) <= 2);

    assert_int_equal(mount("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=16k"), 0);
    berth_error_clear(&err);
    assert_int_equal(file_save(path, "x: 1\n", 5, false, NULL, &err), -1);
    assert_non_null(strstr(err.message, "read-only"));
    expect_file(path, "keep: me\n");
    free(data);
    free(path);
    assert_int_equal(umount(dir), 0);
    rm_rf(dir);
    free(dir);
}

static void test_write_error_on_missing_folder(void **state)
{
    (void)state;
    struct berth_error err;
    berth_error_clear(&err);
    assert_int_equal(file_save("/nonexistent-berth-dir/c.yml", "a", 1, true, NULL, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_IO);
    assert_non_null(strstr(err.message, "/nonexistent-berth-dir/c.yml"));
}

static void test_recovery_files(void **state)
{
    (void)state;
    char *dir = tmpdir();
    setenv("XDG_STATE_HOME", dir, 1);
    char *path = xasprintf("%s/compose.yml", dir);
    char *other = xasprintf("%s/other.yml", dir);
    char *text;
    size_t len;
    assert_int_equal(recover_read(path, &text, &len), 0);
    struct berth_error err;
    assert_int_equal(recover_write(path, "typed: text\n", 12, &err), 0);
    char *file = recover_file(path);
    assert_non_null(strstr(file, "/berth/recover/"));
    assert_int_equal(mode_of(file), 0600);
    assert_int_equal(recover_read(path, &text, &len), 1);
    assert_int_equal(len, 12);
    assert_string_equal(text, "typed: text\n");
    free(text);
    assert_int_equal(recover_read(other, &text, &len), 0);
    /* A relative spelling of the same file finds the same copy. */
    assert_int_equal(chdir(dir), 0);
    assert_int_equal(recover_read("compose.yml", &text, &len), 1);
    free(text);
    assert_int_equal(chdir("/"), 0);
    recover_remove(path);
    assert_int_equal(recover_read(path, &text, &len), 0);
    assert_int_equal(access(file, F_OK), -1);
    free(file);
    free(path);
    free(other);
    unsetenv("XDG_STATE_HOME");
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_save_new_file),
        cmocka_unit_test(test_save_keeps_mode_owner_and_backup),
        cmocka_unit_test(test_save_through_symlink),
        cmocka_unit_test(test_change_detection),
        cmocka_unit_test(test_full_and_read_only_disk),
        cmocka_unit_test(test_write_error_on_missing_folder),
        cmocka_unit_test(test_recovery_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
