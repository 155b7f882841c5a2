/* The movement keys shared by the text panes, and the clamp their draw applies. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ui/actions.h"
#include "ui/scroll.h"
#include "ui/ui.h"

static void test_moves_and_clamps(void **state)
{
    (void)state;
    struct scroll s = {0, 0};
    scroll_clamp(&s, 100, 10);
    assert_int_equal(scroll_action(&s, ACTION_SELECT_DOWN), UI_REDRAW);
    assert_int_equal(s.top, 1);
    assert_int_equal(scroll_action(&s, ACTION_PAGE_DOWN), UI_REDRAW);
    assert_int_equal(s.top, 10); /* a page keeps one line of context */
    scroll_action(&s, ACTION_END);
    scroll_clamp(&s, 100, 10);
    assert_int_equal(s.top, 90);
    scroll_action(&s, ACTION_HOME);
    assert_int_equal(s.top, 0);
    scroll_action(&s, ACTION_SELECT_UP);
    scroll_clamp(&s, 100, 10);
    assert_int_equal(s.top, 0);
    /* Fewer lines than fit: stays at the top. */
    scroll_action(&s, ACTION_PAGE_DOWN);
    scroll_clamp(&s, 4, 10);
    assert_int_equal(s.top, 0);
    assert_int_equal(scroll_action(&s, ACTION_STOP), UI_IGNORED);
}

static void test_list_view_actions(void **state)
{
    (void)state;
    assert_true(actions_is_list_view(ACTION_FILTER));
    assert_true(actions_is_list_view(ACTION_SORT_INVERT));
    assert_true(actions_is_list_view(ACTION_MARK));
    assert_false(actions_is_list_view(ACTION_STOP));
    assert_false(actions_is_list_view(ACTION_HELP));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moves_and_clamps),
        cmocka_unit_test(test_list_view_actions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
