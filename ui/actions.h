/* The action registry: every user command declared once.
 *
 * One array (actions.c) gives each action its name, a one-line help text,
 * a short footer label, the contexts it exists in, whether it changes the
 * engine (refused in read-only mode) and its default keys per context. The
 * key table, the help screen, the footer hints and the config `bind`
 * command are all generated from it; nothing else lists actions.
 *
 * No curses here: key names are text, turned into key codes by keymap.c. */
#ifndef BERTH_UI_ACTIONS_H
#define BERTH_UI_ACTIONS_H

#include <stdbool.h>

/* Where input goes; each has its own key table. */
enum action_context {
    ACTION_CTX_TABLE,  /* lists: containers, images, projects... */
    ACTION_CTX_LOG,    /* log and text panes */
    ACTION_CTX_DIALOG, /* confirmations, menus, prompts */
    /* Panels with keys of their own. A key they do not bind falls back to
     * the table's (actions_context_parent), so moving, sorting, filtering
     * and Tab work the same everywhere while P can pull in one panel and
     * prune in another. */
    ACTION_CTX_VOLUMES,
    ACTION_CTX_IMAGES,
    ACTION_CTX_NETWORKS,
    ACTION_CTX_PROJECTS,
    ACTION_CTX_EDITOR, /* the compose editor: no fallback, typing wins */
    ACTION_CTX_COUNT
};

#define ACTION_CTX_BIT(ctx) (1u << (ctx))

enum action_id {
    ACTION_NONE = 0, /* no binding; never in the registry */
    /* general */
    ACTION_HELP,
    ACTION_COMMAND_PROMPT,
    ACTION_REFRESH,
    ACTION_NEXT_PANEL,
    ACTION_PREV_PANEL,
    ACTION_BACK,
    ACTION_QUIT,
    /* moving */
    ACTION_SELECT_UP,
    ACTION_SELECT_DOWN,
    ACTION_PAGE_UP,
    ACTION_PAGE_DOWN,
    ACTION_HOME,
    ACTION_END,
    /* the table */
    ACTION_DETAILS,
    ACTION_COLUMNS,
    ACTION_FILTER,
    ACTION_TOGGLE_GROUP,
    ACTION_SORT_MENU,
    ACTION_SORT_NEXT,
    ACTION_SORT_PREV,
    ACTION_SORT_INVERT,
    ACTION_TOGGLE_STOPPED,
    ACTION_THEME_NEXT,
    ACTION_MARK,
    ACTION_MARK_CLEAR,
    /* looking at a container */
    ACTION_LOGS,
    ACTION_STATS,
    ACTION_TOP,
    ACTION_INSPECT,
    ACTION_CPU_MODE,
    ACTION_METER_MODE,
    /* changing the engine */
    ACTION_START,
    ACTION_STOP,
    ACTION_RESTART,
    ACTION_PAUSE_TOGGLE,
    ACTION_KILL,
    ACTION_KILL_MENU,
    ACTION_REMOVE,
    ACTION_RENAME,
    ACTION_LIMITS,
    ACTION_EXEC_SHELL,
    ACTION_ATTACH,
    /* copying, inspect views */
    ACTION_COPY_ID,
    ACTION_COPY_NAME,
    ACTION_COPY_VALUE,
    ACTION_REVEAL,
    ACTION_FOLD,
    /* log panes */
    ACTION_SEARCH,
    ACTION_SEARCH_NEXT,
    ACTION_SEARCH_PREV,
    ACTION_FOLLOW,
    ACTION_WRAP,
    ACTION_TIMESTAMPS,
    ACTION_SEARCH_BACK,
    ACTION_LOG_FILTER,
    ACTION_LOG_CASE,
    ACTION_LOG_REGEX,
    ACTION_LOG_TAIL,
    ACTION_LOG_SINCE,
    ACTION_LOG_SAVE,
    ACTION_LOG_LAYOUT,
    /* panels: jump to one */
    ACTION_CONTAINERS,
    ACTION_PROJECTS,
    ACTION_IMAGES,
    ACTION_NETWORKS,
    ACTION_VOLUMES,
    /* volumes */
    ACTION_VOLUME_CREATE,
    ACTION_VOLUME_PRUNE,
    ACTION_VOLUME_BACKUP,
    ACTION_VOLUME_RESTORE,
    /* networks */
    ACTION_NETWORK_CREATE,
    ACTION_NETWORK_PRUNE,
    ACTION_NETWORK_CONNECT,
    ACTION_NETWORK_DISCONNECT,
    /* compose projects */
    ACTION_PROJECT_UP,
    ACTION_PROJECT_DOWN,
    ACTION_PROJECT_PULL,
    ACTION_PROJECT_OUTPUT,
    ACTION_PROJECT_EDIT,
    /* the compose editor */
    ACTION_EDIT_SAVE,
    ACTION_EDIT_QUIT,
    ACTION_EDIT_UNDO,
    ACTION_EDIT_REDO,
    ACTION_EDIT_CUT,
    ACTION_EDIT_COPY,
    ACTION_EDIT_PASTE,
    ACTION_EDIT_SELECT_ALL,
    ACTION_EDIT_FIND,
    ACTION_EDIT_FIND_NEXT,
    ACTION_EDIT_FIND_PREV,
    ACTION_EDIT_NEXT_FINDING,
    ACTION_EDIT_EXTERNAL,
    /* the vulnerability scan view */
    ACTION_SCAN_SEVERITY,
    /* images */
    ACTION_IMAGE_PULL,
    ACTION_IMAGE_PRUNE,
    ACTION_IMAGE_HISTORY,
    ACTION_IMAGE_SCAN,
    /* dialogs */
    ACTION_CONFIRM,
    ACTION_NEXT_FIELD,
    ACTION_PREV_FIELD,
    ACTION_COUNT
};

struct action_def {
    enum action_id id;
    const char *name;   /* config and prompt name, e.g. "sort_next" */
    const char *help;   /* one line for the help screen */
    const char *footer; /* short footer label, or NULL: not in the footer */
    unsigned contexts;  /* ACTION_CTX_BIT()s where it can be bound */
    bool mutates;       /* changes the engine: refused when read-only */
    /* Default keys per context, space separated key names ("F10 q"); the
     * first one is the one the footer shows. NULL: none. */
    const char *keys[ACTION_CTX_COUNT];
};

/* The definition of id, or NULL for ACTION_NONE and out-of-range values. */
const struct action_def *actions_get(enum action_id id);

/* The action called name, or ACTION_NONE. */
enum action_id actions_find(const char *name);

/* The action's name, "none" for ACTION_NONE. */
const char *actions_name(enum action_id id);

/* The context whose keys ctx falls back to, or ACTION_CTX_COUNT for none. */
enum action_context actions_context_parent(enum action_context ctx);

/* True when the action exists in ctx. */
bool actions_in_context(enum action_id id, enum action_context ctx);

/* False when read_only forbids the action (it mutates). */
bool actions_allowed(enum action_id id, bool read_only);

/* True for the actions that change how the container list is viewed
 * (filter, columns, grouping, sorting, stopped toggle, marks): views laid
 * over the list swallow them. */
bool actions_is_list_view(enum action_id id);

/* "table", "log", "dialog". */
const char *actions_context_name(enum action_context ctx);

/* The context called name; -1 when unknown. */
int actions_context_find(const char *name);

/* The first context the action exists in: where the help screen lists it. */
enum action_context actions_home_context(enum action_id id);

#endif
