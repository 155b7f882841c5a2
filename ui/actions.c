/* The action registry (see actions.h): the one list of user commands.
 *
 * Invariants, checked by the unit tests: entry i has id i, every name is
 * unique, every default key parses and no key is bound twice in one
 * context. The order is the order of the help screen and the footer. */
#include "config.h"

#include "actions.h"

#include <string.h>

#define T ACTION_CTX_BIT(ACTION_CTX_TABLE)
#define L ACTION_CTX_BIT(ACTION_CTX_LOG)
#define D ACTION_CTX_BIT(ACTION_CTX_DIALOG)
#define V ACTION_CTX_BIT(ACTION_CTX_VOLUMES)
#define I ACTION_CTX_BIT(ACTION_CTX_IMAGES)
#define N ACTION_CTX_BIT(ACTION_CTX_NETWORKS)
#define P ACTION_CTX_BIT(ACTION_CTX_PROJECTS)
#define E ACTION_CTX_BIT(ACTION_CTX_EDITOR)
#define TBL ACTION_CTX_TABLE
#define LOG ACTION_CTX_LOG
#define DLG ACTION_CTX_DIALOG
#define VOL ACTION_CTX_VOLUMES
#define IMG ACTION_CTX_IMAGES
#define NET ACTION_CTX_NETWORKS
#define PRJ ACTION_CTX_PROJECTS
#define EDT ACTION_CTX_EDITOR

static const struct action_def registry[ACTION_COUNT] = {
    [ACTION_NONE] =
        {.id = ACTION_NONE, .name = "none", .help = "Do nothing", .contexts = 0, .keys = {NULL}},

    /* general */
    [ACTION_HELP] = {.id = ACTION_HELP,
                     .name = "help",
                     .help = "Show the keys and what they do",
                     .footer = "Help",
                     .contexts = T | L | D | E,
                     .keys = {[TBL] = "F1 ?", [LOG] = "F1", [DLG] = "F1", [EDT] = "F1"}},
    [ACTION_COMMAND_PROMPT] = {.id = ACTION_COMMAND_PROMPT,
                               .name = "command_prompt",
                               .help = "Type a command (set, bind, unbind)",
                               .contexts = T | L,
                               .keys = {[TBL] = ":", [LOG] = ":"}},
    [ACTION_REFRESH] = {.id = ACTION_REFRESH,
                        .name = "refresh",
                        .help = "Refresh now and redraw the screen",
                        .contexts = T | L,
                        .keys = {[TBL] = "C-l", [LOG] = "C-l"}},
    [ACTION_NEXT_PANEL] = {.id = ACTION_NEXT_PANEL,
                           .name = "next_panel",
                           .help = "Move to the next panel",
                           .contexts = T | L,
                           .keys = {[TBL] = "Tab", [LOG] = "Tab"}},
    [ACTION_PREV_PANEL] = {.id = ACTION_PREV_PANEL,
                           .name = "prev_panel",
                           .help = "Move to the previous panel",
                           .contexts = T | L,
                           .keys = {[TBL] = "BTab", [LOG] = "BTab"}},
    [ACTION_BACK] = {.id = ACTION_BACK,
                     .name = "back",
                     .help = "Go back; close the pane or dialog",
                     .footer = "Back",
                     .contexts = T | L | D,
                     .keys = {[TBL] = "Esc", [LOG] = "q Esc", [DLG] = "Esc"}},
    [ACTION_QUIT] = {.id = ACTION_QUIT,
                     .name = "quit",
                     .help = "Quit berth",
                     .footer = "Quit",
                     .contexts = T | L,
                     .keys = {[TBL] = "F10 q", [LOG] = "F10"}},

    /* moving */
    [ACTION_SELECT_UP] = {.id = ACTION_SELECT_UP,
                          .name = "select_up",
                          .help = "Move up one row (scroll up in logs)",
                          .contexts = T | L,
                          .keys = {[TBL] = "k Up", [LOG] = "k Up"}},
    [ACTION_SELECT_DOWN] = {.id = ACTION_SELECT_DOWN,
                            .name = "select_down",
                            .help = "Move down one row (scroll down in logs)",
                            .contexts = T | L,
                            .keys = {[TBL] = "j Down", [LOG] = "j Down"}},
    [ACTION_PAGE_UP] = {.id = ACTION_PAGE_UP,
                        .name = "page_up",
                        .help = "Move up one page",
                        .contexts = T | L,
                        .keys = {[TBL] = "PgUp C-b", [LOG] = "PgUp C-b b"}},
    [ACTION_PAGE_DOWN] = {.id = ACTION_PAGE_DOWN,
                          .name = "page_down",
                          .help = "Move down one page",
                          .contexts = T | L,
                          .keys = {[TBL] = "PgDn C-f", [LOG] = "PgDn C-f Space"}},
    [ACTION_HOME] = {.id = ACTION_HOME,
                     .name = "home",
                     .help = "Jump to the first row",
                     .contexts = T | L,
                     .keys = {[TBL] = "Home g", [LOG] = "Home g"}},
    [ACTION_END] = {.id = ACTION_END,
                    .name = "end",
                    .help = "Jump to the last row (follow the end in logs)",
                    .contexts = T | L,
                    .keys = {[TBL] = "End G", [LOG] = "End G"}},

    /* the table */
    [ACTION_DETAILS] = {.id = ACTION_DETAILS,
                        .name = "details",
                        .help = "Open the selected item's details",
                        .contexts = T,
                        .keys = {[TBL] = "Enter"}},
    [ACTION_COLUMNS] = {.id = ACTION_COLUMNS,
                        .name = "columns",
                        .help = "Choose and order the visible columns",
                        .footer = "Columns",
                        .contexts = T,
                        .keys = {[TBL] = "F2 C"}},
    [ACTION_FILTER] = {.id = ACTION_FILTER,
                       .name = "filter",
                       .help = "Filter the list by a pattern",
                       .footer = "Filter",
                       .contexts = T,
                       .keys = {[TBL] = "F4 /"}},
    [ACTION_TOGGLE_GROUP] = {.id = ACTION_TOGGLE_GROUP,
                             .name = "toggle_group",
                             .help = "Group containers by compose project",
                             .footer = "Group",
                             .contexts = T,
                             .keys = {[TBL] = "F5 t"}},
    [ACTION_SORT_MENU] = {.id = ACTION_SORT_MENU,
                          .name = "sort_menu",
                          .help = "Choose the sort column",
                          .footer = "Sort",
                          .contexts = T,
                          .keys = {[TBL] = "F6"}},
    [ACTION_SORT_NEXT] = {.id = ACTION_SORT_NEXT,
                          .name = "sort_next",
                          .help = "Sort by the next column",
                          .contexts = T,
                          .keys = {[TBL] = ">"}},
    [ACTION_SORT_PREV] = {.id = ACTION_SORT_PREV,
                          .name = "sort_prev",
                          .help = "Sort by the previous column",
                          .contexts = T,
                          .keys = {[TBL] = "<"}},
    [ACTION_SORT_INVERT] = {.id = ACTION_SORT_INVERT,
                            .name = "sort_invert",
                            .help = "Reverse the sort order",
                            .contexts = T,
                            .keys = {[TBL] = "I"}},
    [ACTION_TOGGLE_STOPPED] = {.id = ACTION_TOGGLE_STOPPED,
                               .name = "toggle_stopped",
                               .help = "Show or hide stopped containers",
                               .contexts = T,
                               .keys = {[TBL] = "H"}},
    [ACTION_THEME_NEXT] = {.id = ACTION_THEME_NEXT,
                           .name = "theme_next",
                           .help = "Switch to the next colour theme",
                           .contexts = T,
                           .keys = {[TBL] = "c"}},
    [ACTION_MARK] = {.id = ACTION_MARK,
                     .name = "mark",
                     .help = "Mark or unmark the selected row",
                     .contexts = T,
                     .keys = {[TBL] = "Space"}},
    [ACTION_MARK_CLEAR] = {.id = ACTION_MARK_CLEAR,
                           .name = "mark_clear",
                           .help = "Clear all marks",
                           .contexts = T,
                           .keys = {[TBL] = "U"}},

    /* looking at a container */
    [ACTION_LOGS] = {.id = ACTION_LOGS,
                     .name = "logs",
                     .help = "Show the container's logs",
                     .footer = "Logs",
                     .contexts = T,
                     .keys = {[TBL] = "l"}},
    [ACTION_STATS] = {.id = ACTION_STATS,
                      .name = "stats",
                      .help = "Show the container's graphs and counters",
                      .contexts = T,
                      .keys = {[TBL] = "v"}},
    [ACTION_TOP] = {.id = ACTION_TOP,
                    .name = "top",
                    .help = "Show the processes in the container",
                    .contexts = T,
                    .keys = {[TBL] = "T"}},
    [ACTION_INSPECT] = {.id = ACTION_INSPECT,
                        .name = "inspect",
                        .help = "Show the container's full inspect data",
                        .contexts = T,
                        .keys = {[TBL] = "i"}},
    [ACTION_CPU_MODE] = {.id = ACTION_CPU_MODE,
                         .name = "cpu_mode",
                         .help = "Show CPU per core, as a share of the host, or of the limit",
                         .contexts = T,
                         .keys = {[TBL] = "%"}},
    [ACTION_METER_MODE] = {.id = ACTION_METER_MODE,
                           .name = "meter_mode",
                           .help = "Show the header meters as bars, text or graphs",
                           .contexts = T,
                           .keys = {[TBL] = "#"}},

    /* changing the engine */
    [ACTION_START] = {.id = ACTION_START,
                      .name = "start",
                      .help = "Start the marked or selected containers",
                      .contexts = T,
                      .mutates = true,
                      .keys = {[TBL] = "S"}},
    [ACTION_STOP] = {.id = ACTION_STOP,
                     .name = "stop",
                     .help = "Stop the marked or selected containers",
                     .contexts = T,
                     .mutates = true,
                     .keys = {[TBL] = "s"}},
    [ACTION_RESTART] = {.id = ACTION_RESTART,
                        .name = "restart",
                        .help = "Restart the marked or selected containers",
                        .contexts = T,
                        .mutates = true,
                        .keys = {[TBL] = "r"}},
    [ACTION_PAUSE_TOGGLE] = {.id = ACTION_PAUSE_TOGGLE,
                             .name = "pause_toggle",
                             .help = "Pause, or unpause, the marked or selected containers",
                             .contexts = T,
                             .mutates = true,
                             .keys = {[TBL] = "p"}},
    [ACTION_KILL] = {.id = ACTION_KILL,
                     .name = "kill",
                     .help = "Kill the marked or selected containers (SIGKILL)",
                     .contexts = T,
                     .mutates = true,
                     .keys = {[TBL] = "K"}},
    [ACTION_KILL_MENU] = {.id = ACTION_KILL_MENU,
                          .name = "kill_menu",
                          .help = "Choose a signal to send",
                          .footer = "Kill",
                          .contexts = T,
                          .mutates = true,
                          .keys = {[TBL] = "F9"}},
    [ACTION_REMOVE] = {.id = ACTION_REMOVE,
                       .name = "remove",
                       .help = "Remove the marked or selected containers",
                       .contexts = T,
                       .mutates = true,
                       .keys = {[TBL] = "D Delete"}},
    [ACTION_RENAME] = {.id = ACTION_RENAME,
                       .name = "rename",
                       .help = "Rename the selected container",
                       .contexts = T,
                       .mutates = true,
                       .keys = {[TBL] = "R"}},
    [ACTION_LIMITS] = {.id = ACTION_LIMITS,
                       .name = "limits",
                       .help = "Edit the resource limits of the marked or selected ones",
                       .contexts = T,
                       .mutates = true,
                       .keys = {[TBL] = "L"}},
    [ACTION_EXEC_SHELL] = {.id = ACTION_EXEC_SHELL,
                           .name = "exec_shell",
                           .help = "Open a shell in the selected container",
                           .contexts = T,
                           .mutates = true,
                           .keys = {[TBL] = "x E"}},
    [ACTION_ATTACH] = {.id = ACTION_ATTACH,
                       .name = "attach",
                       .help = "Attach to the container's main process",
                       .contexts = T,
                       .mutates = true,
                       .keys = {[TBL] = "a"}},

    /* copying, inspect views */
    [ACTION_COPY_ID] = {.id = ACTION_COPY_ID,
                        .name = "copy_id",
                        .help = "Copy the container's id to the clipboard (OSC 52)",
                        .contexts = T,
                        .keys = {[TBL] = "y"}},
    [ACTION_COPY_NAME] = {.id = ACTION_COPY_NAME,
                          .name = "copy_name",
                          .help = "Copy the container's name to the clipboard (OSC 52)",
                          .contexts = T,
                          .keys = {[TBL] = "Y"}},
    [ACTION_COPY_VALUE] = {.id = ACTION_COPY_VALUE,
                           .name = "copy_value",
                           .help = "Copy the selected value to the clipboard (OSC 52)",
                           .contexts = L,
                           .keys = {[LOG] = "y"}},
    [ACTION_REVEAL] = {.id = ACTION_REVEAL,
                       .name = "reveal",
                       .help = "Show or mask environment values in the details",
                       .contexts = T,
                       .keys = {[TBL] = "M"}},
    [ACTION_FOLD] = {.id = ACTION_FOLD,
                     .name = "fold",
                     .help = "Fold or unfold the selected JSON object or array",
                     .contexts = L,
                     .keys = {[LOG] = "Enter o"}},

    /* log panes */
    [ACTION_SEARCH] = {.id = ACTION_SEARCH,
                       .name = "search",
                       .help = "Search the log for a pattern",
                       .footer = "Search",
                       .contexts = L,
                       .keys = {[LOG] = "/"}},
    [ACTION_SEARCH_NEXT] = {.id = ACTION_SEARCH_NEXT,
                            .name = "search_next",
                            .help = "Jump to the next match",
                            .contexts = L,
                            .keys = {[LOG] = "n"}},
    [ACTION_SEARCH_PREV] = {.id = ACTION_SEARCH_PREV,
                            .name = "search_prev",
                            .help = "Jump to the previous match",
                            .contexts = L,
                            .keys = {[LOG] = "N"}},
    [ACTION_FOLLOW] = {.id = ACTION_FOLLOW,
                       .name = "follow",
                       .help = "Follow new lines as they arrive, or stop",
                       .footer = "Follow",
                       .contexts = L,
                       .keys = {[LOG] = "f F"}},
    [ACTION_WRAP] = {.id = ACTION_WRAP,
                     .name = "wrap",
                     .help = "Wrap long lines, or cut them",
                     .footer = "Wrap",
                     .contexts = L,
                     .keys = {[LOG] = "w"}},
    [ACTION_TIMESTAMPS] = {.id = ACTION_TIMESTAMPS,
                           .name = "timestamps",
                           .help = "Show or hide timestamps",
                           .footer = "Time",
                           .contexts = L,
                           .keys = {[LOG] = "t"}},
    [ACTION_SEARCH_BACK] = {.id = ACTION_SEARCH_BACK,
                            .name = "search_back",
                            .help = "Search the log backwards for a pattern",
                            .contexts = L,
                            .keys = {[LOG] = "?"}},
    [ACTION_LOG_FILTER] = {.id = ACTION_LOG_FILTER,
                           .name = "log_filter",
                           .help = "Show only the lines that match a pattern (empty: all)",
                           .contexts = L,
                           .keys = {[LOG] = "&"}},
    [ACTION_LOG_CASE] = {.id = ACTION_LOG_CASE,
                         .name = "log_case",
                         .help = "Make search and filter ignore case, or not",
                         .contexts = L,
                         .keys = {[LOG] = "i"}},
    [ACTION_LOG_REGEX] = {.id = ACTION_LOG_REGEX,
                          .name = "log_regex",
                          .help = "Patterns are regular expressions, or plain text",
                          .contexts = L,
                          .keys = {[LOG] = "R"}},
    [ACTION_LOG_TAIL] = {.id = ACTION_LOG_TAIL,
                         .name = "log_tail",
                         .help = "Change how many lines to start with (tail), and reload",
                         .contexts = L,
                         .keys = {[LOG] = "T"}},
    [ACTION_LOG_SINCE] = {.id = ACTION_LOG_SINCE,
                          .name = "log_since",
                          .help = "Start from a time (10m, 2h, RFC 3339), and reload",
                          .contexts = L,
                          .keys = {[LOG] = "S"}},
    [ACTION_LOG_SAVE] = {.id = ACTION_LOG_SAVE,
                         .name = "log_save",
                         .help = "Save the buffer, or the full log, to a file",
                         .contexts = L,
                         .keys = {[LOG] = "C-s"}},
    [ACTION_LOG_LAYOUT] = {.id = ACTION_LOG_LAYOUT,
                           .name = "log_layout",
                           .help = "Show the log full screen, or under the table",
                           .contexts = L,
                           .keys = {[LOG] = "z"}},

    /* panels */
    [ACTION_CONTAINERS] = {.id = ACTION_CONTAINERS,
                           .name = "containers",
                           .help = "Show the containers panel",
                           .contexts = T,
                           .keys = {[TBL] = "1"}},
    [ACTION_PROJECTS] = {.id = ACTION_PROJECTS,
                         .name = "projects",
                         .help = "Show the compose projects panel",
                         .contexts = T,
                         .keys = {[TBL] = "2"}},
    [ACTION_IMAGES] = {.id = ACTION_IMAGES,
                       .name = "images",
                       .help = "Show the images panel",
                       .contexts = T,
                       .keys = {[TBL] = "3"}},
    [ACTION_NETWORKS] = {.id = ACTION_NETWORKS,
                         .name = "networks",
                         .help = "Show the networks panel",
                         .contexts = T,
                         .keys = {[TBL] = "5"}},
    [ACTION_VOLUMES] = {.id = ACTION_VOLUMES,
                        .name = "volumes",
                        .help = "Show the volumes panel",
                        .contexts = T,
                        .keys = {[TBL] = "V 4"}},

    /* volumes */
    [ACTION_VOLUME_CREATE] = {.id = ACTION_VOLUME_CREATE,
                              .name = "volume_create",
                              .help = "Create a volume",
                              .footer = "Create",
                              .contexts = V,
                              .mutates = true,
                              .keys = {[VOL] = "n"}},
    [ACTION_VOLUME_PRUNE] = {.id = ACTION_VOLUME_PRUNE,
                             .name = "volume_prune",
                             .help = "Remove unused volumes, after listing them",
                             .footer = "Prune",
                             .contexts = V,
                             .mutates = true,
                             .keys = {[VOL] = "P"}},
    [ACTION_VOLUME_BACKUP] = {.id = ACTION_VOLUME_BACKUP,
                              .name = "volume_backup",
                              .help = "Back up the selected volume to a .tar.gz file",
                              .footer = "Backup",
                              .contexts = V,
                              .keys = {[VOL] = "B"}},
    [ACTION_VOLUME_RESTORE] = {.id = ACTION_VOLUME_RESTORE,
                               .name = "volume_restore",
                               .help = "Restore a .tar.gz file into the selected volume",
                               .footer = "Restore",
                               .contexts = V,
                               .mutates = true,
                               .keys = {[VOL] = "u"}},
    /* networks */
    [ACTION_NETWORK_CREATE] = {.id = ACTION_NETWORK_CREATE,
                               .name = "network_create",
                               .help = "Create a network (driver, subnet, gateway, labels)",
                               .footer = "Create",
                               .contexts = N,
                               .mutates = true,
                               .keys = {[NET] = "n"}},
    [ACTION_NETWORK_PRUNE] = {.id = ACTION_NETWORK_PRUNE,
                              .name = "network_prune",
                              .help = "Remove unused networks, after listing them",
                              .footer = "Prune",
                              .contexts = N,
                              .mutates = true,
                              .keys = {[NET] = "X"}},
    [ACTION_NETWORK_CONNECT] = {.id = ACTION_NETWORK_CONNECT,
                                .name = "network_connect",
                                .help = "Connect a container to the selected network",
                                .footer = "Connect",
                                .contexts = N,
                                .mutates = true,
                                .keys = {[NET] = "c"}},
    [ACTION_NETWORK_DISCONNECT] = {.id = ACTION_NETWORK_DISCONNECT,
                                   .name = "network_disconnect",
                                   .help = "Disconnect containers from the selected network",
                                   .footer = "Disconn",
                                   .contexts = N,
                                   .mutates = true,
                                   .keys = {[NET] = "x"}},
    /* compose projects */
    [ACTION_PROJECT_UP] = {.id = ACTION_PROJECT_UP,
                           .name = "project_up",
                           .help = "Bring the project up (compose up -d), options in a dialog",
                           .footer = "Up",
                           .contexts = P,
                           .mutates = true,
                           .keys = {[PRJ] = "u"}},
    [ACTION_PROJECT_DOWN] = {.id = ACTION_PROJECT_DOWN,
                             .name = "project_down",
                             .help = "Take the project down (compose down), options in a dialog",
                             .footer = "Down",
                             .contexts = P,
                             .mutates = true,
                             .keys = {[PRJ] = "d"}},
    [ACTION_PROJECT_PULL] = {.id = ACTION_PROJECT_PULL,
                             .name = "project_pull",
                             .help = "Pull the project's images (compose pull)",
                             .footer = "Pull",
                             .contexts = P,
                             .mutates = true,
                             .keys = {[PRJ] = "P"}},
    [ACTION_PROJECT_OUTPUT] = {.id = ACTION_PROJECT_OUTPUT,
                               .name = "project_output",
                               .help = "Show the output of the last compose command again",
                               .footer = "Output",
                               .contexts = P,
                               .keys = {[PRJ] = "o"}},
    [ACTION_PROJECT_EDIT] = {.id = ACTION_PROJECT_EDIT,
                             .name = "project_edit",
                             .help = "Edit the project's first compose file in berth's editor",
                             .footer = "Edit",
                             .contexts = P,
                             .keys = {[PRJ] = "E"}},
    /* the compose editor */
    [ACTION_EDIT_SAVE] = {.id = ACTION_EDIT_SAVE,
                          .name = "edit_save",
                          .help = "Save the file (again to save it with errors)",
                          .footer = "Save",
                          .contexts = E,
                          .keys = {[EDT] = "C-s"}},
    [ACTION_EDIT_QUIT] = {.id = ACTION_EDIT_QUIT,
                          .name = "edit_quit",
                          .help = "Close the editor (asks when there are unsaved changes)",
                          .footer = "Close",
                          .contexts = E,
                          .keys = {[EDT] = "C-q Esc"}},
    [ACTION_EDIT_UNDO] = {.id = ACTION_EDIT_UNDO,
                          .name = "edit_undo",
                          .help = "Undo the last change",
                          .footer = "Undo",
                          .contexts = E,
                          .keys = {[EDT] = "C-z"}},
    [ACTION_EDIT_REDO] = {.id = ACTION_EDIT_REDO,
                          .name = "edit_redo",
                          .help = "Redo what was undone",
                          .contexts = E,
                          .keys = {[EDT] = "C-y"}},
    [ACTION_EDIT_CUT] = {.id = ACTION_EDIT_CUT,
                         .name = "edit_cut",
                         .help = "Cut the selection",
                         .contexts = E,
                         .keys = {[EDT] = "C-x"}},
    [ACTION_EDIT_COPY] = {.id = ACTION_EDIT_COPY,
                          .name = "edit_copy",
                          .help = "Copy the selection",
                          .contexts = E,
                          .keys = {[EDT] = "C-c"}},
    [ACTION_EDIT_PASTE] = {.id = ACTION_EDIT_PASTE,
                           .name = "edit_paste",
                           .help = "Paste the clipboard",
                           .contexts = E,
                           .keys = {[EDT] = "C-v"}},
    [ACTION_EDIT_SELECT_ALL] = {.id = ACTION_EDIT_SELECT_ALL,
                                .name = "edit_select_all",
                                .help = "Select the whole text",
                                .contexts = E,
                                .keys = {[EDT] = "C-a"}},
    [ACTION_EDIT_FIND] = {.id = ACTION_EDIT_FIND,
                          .name = "edit_find",
                          .help = "Search for text",
                          .footer = "Find",
                          .contexts = E,
                          .keys = {[EDT] = "C-f"}},
    [ACTION_EDIT_FIND_NEXT] = {.id = ACTION_EDIT_FIND_NEXT,
                               .name = "edit_find_next",
                               .help = "Find the next match",
                               .contexts = E,
                               .keys = {[EDT] = "F3 C-g"}},
    [ACTION_EDIT_FIND_PREV] = {.id = ACTION_EDIT_FIND_PREV,
                               .name = "edit_find_prev",
                               .help = "Find the previous match",
                               .contexts = E,
                               .keys = {[EDT] = "F2"}},
    [ACTION_EDIT_NEXT_FINDING] = {.id = ACTION_EDIT_NEXT_FINDING,
                                  .name = "edit_finding",
                                  .help = "Jump to the next validation finding",
                                  .footer = "Finding",
                                  .contexts = E,
                                  .keys = {[EDT] = "F8 M-n"}},
    [ACTION_EDIT_EXTERNAL] = {.id = ACTION_EDIT_EXTERNAL,
                              .name = "edit_external",
                              .help = "Edit the file in $VISUAL or $EDITOR, then check it",
                              .contexts = E | P,
                              .keys = {[EDT] = "F4 M-e", [PRJ] = "e"}},
    /* the vulnerability scan view */
    [ACTION_SCAN_SEVERITY] = {.id = ACTION_SCAN_SEVERITY,
                              .name = "scan_severity",
                              .help = "Scan findings: cycle the lowest severity shown",
                              .contexts = L,
                              .keys = {[LOG] = "v"}},

    /* images */
    [ACTION_IMAGE_PULL] = {.id = ACTION_IMAGE_PULL,
                           .name = "image_pull",
                           .help = "Pull an image, with progress per layer (Esc cancels)",
                           .footer = "Pull",
                           .contexts = I,
                           .mutates = true,
                           .keys = {[IMG] = "P"}},
    [ACTION_IMAGE_PRUNE] = {.id = ACTION_IMAGE_PRUNE,
                            .name = "image_prune",
                            .help = "Remove unused images, after listing them and the space",
                            .footer = "Prune",
                            .contexts = I,
                            .mutates = true,
                            .keys = {[IMG] = "X"}},
    [ACTION_IMAGE_HISTORY] = {.id = ACTION_IMAGE_HISTORY,
                              .name = "image_history",
                              .help = "Show the selected image's layers (also Enter)",
                              .footer = "History",
                              .contexts = I,
                              .keys = {[IMG] = "H"}},
    [ACTION_IMAGE_SCAN] = {.id = ACTION_IMAGE_SCAN,
                           .name = "image_scan",
                           .help = "Scan the image for vulnerabilities (Trivy or Grype)",
                           .footer = "Scan",
                           .contexts = I,
                           .keys = {[IMG] = "S"}},
    /* dialogs */
    [ACTION_CONFIRM] = {.id = ACTION_CONFIRM,
                        .name = "confirm",
                        .help = "Press the focused button",
                        .footer = "OK",
                        .contexts = D,
                        .keys = {[DLG] = "Enter"}},
    [ACTION_NEXT_FIELD] = {.id = ACTION_NEXT_FIELD,
                           .name = "next_field",
                           .help = "Focus the next field or button",
                           .contexts = D,
                           .keys = {[DLG] = "Tab Right Down"}},
    [ACTION_PREV_FIELD] = {.id = ACTION_PREV_FIELD,
                           .name = "prev_field",
                           .help = "Focus the previous field or button",
                           .contexts = D,
                           .keys = {[DLG] = "BTab Left Up"}},
};

static const char *const context_names[ACTION_CTX_COUNT] = {
    [ACTION_CTX_TABLE] = "table",       [ACTION_CTX_LOG] = "log",
    [ACTION_CTX_DIALOG] = "dialog",     [ACTION_CTX_VOLUMES] = "volumes",
    [ACTION_CTX_IMAGES] = "images",     [ACTION_CTX_NETWORKS] = "networks",
    [ACTION_CTX_PROJECTS] = "projects", [ACTION_CTX_EDITOR] = "editor",
};

enum action_context actions_context_parent(enum action_context ctx)
{
    switch (ctx) {
    case ACTION_CTX_VOLUMES:
    case ACTION_CTX_IMAGES:
    case ACTION_CTX_NETWORKS:
    case ACTION_CTX_PROJECTS:
        return ACTION_CTX_TABLE;
    default:
        return ACTION_CTX_COUNT;
    }
}

const struct action_def *actions_get(enum action_id id)
{
    if ((unsigned)id == ACTION_NONE || (unsigned)id >= ACTION_COUNT)
        return NULL;
    return &registry[id];
}

enum action_id actions_find(const char *name)
{
    for (int i = 1; i < ACTION_COUNT; i++) {
        if (strcmp(registry[i].name, name) == 0)
            return (enum action_id)i;
    }
    return ACTION_NONE;
}

const char *actions_name(enum action_id id)
{
    if ((unsigned)id >= ACTION_COUNT)
        return "none";
    return registry[id].name;
}

bool actions_in_context(enum action_id id, enum action_context ctx)
{
    const struct action_def *a = actions_get(id);
    return a && (unsigned)ctx < ACTION_CTX_COUNT && (a->contexts & ACTION_CTX_BIT(ctx));
}

bool actions_allowed(enum action_id id, bool read_only)
{
    const struct action_def *a = actions_get(id);
    return a && !(read_only && a->mutates);
}

const char *actions_context_name(enum action_context ctx)
{
    return (unsigned)ctx < ACTION_CTX_COUNT ? context_names[ctx] : "none";
}

int actions_context_find(const char *name)
{
    for (int i = 0; i < ACTION_CTX_COUNT; i++) {
        if (strcmp(context_names[i], name) == 0)
            return i;
    }
    return -1;
}

enum action_context actions_home_context(enum action_id id)
{
    const struct action_def *a = actions_get(id);
    for (int i = 0; a && i < ACTION_CTX_COUNT; i++) {
        if (a->contexts & ACTION_CTX_BIT(i))
            return (enum action_context)i;
    }
    return ACTION_CTX_TABLE;
}

bool actions_is_list_view(enum action_id id)
{
    switch (id) {
    case ACTION_FILTER:
    case ACTION_COLUMNS:
    case ACTION_TOGGLE_GROUP:
    case ACTION_SORT_MENU:
    case ACTION_SORT_NEXT:
    case ACTION_SORT_PREV:
    case ACTION_SORT_INVERT:
    case ACTION_TOGGLE_STOPPED:
    case ACTION_MARK:
    case ACTION_MARK_CLEAR:
        return true;
    default:
        return false;
    }
}
