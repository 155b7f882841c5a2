/* A line-based UTF-8 text buffer for the compose editor (no curses).
 *
 * Lines are byte arrays without their newline; the cursor is a line and a
 * byte offset that never points inside a UTF-8 sequence. A selection runs
 * from the anchor to the cursor. Undo keeps whole-text snapshots taken at
 * the start of each group of edits (typing a word is one group): compose
 * files are small, and snapshots cannot drift out of step with the text
 * the way replayed edit records can. */
#ifndef BERTH_SRC_TEXTBUF_H
#define BERTH_SRC_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct textbuf_pos {
    size_t line;
    size_t col; /* byte offset in the line */
};

struct textbuf_line {
    char *s;
    size_t len, cap;
};

struct textbuf_snap {
    char *text;
    size_t len;
    struct textbuf_pos cur;
    uint64_t id;
};

struct textbuf_stack {
    struct textbuf_snap *items;
    size_t count, cap;
};

enum textbuf_move {
    TEXTBUF_LEFT,
    TEXTBUF_RIGHT,
    TEXTBUF_UP,
    TEXTBUF_DOWN,
    TEXTBUF_WORD_LEFT,
    TEXTBUF_WORD_RIGHT,
    TEXTBUF_HOME,
    TEXTBUF_END,
    TEXTBUF_PAGE_UP,
    TEXTBUF_PAGE_DOWN,
    TEXTBUF_TOP,
    TEXTBUF_BOTTOM,
};

/* The kind of the last edit, for grouping undo steps. */
enum textbuf_edit {
    TEXTBUF_EDIT_NONE,
    TEXTBUF_EDIT_INSERT,
    TEXTBUF_EDIT_DELETE,
    TEXTBUF_EDIT_OTHER,
};

#define TEXTBUF_UNDO_MAX 500

struct textbuf {
    struct textbuf_line *lines;
    size_t nlines, cap; /* nlines >= 1 */
    struct textbuf_pos cur, anchor;
    bool selecting; /* a selection exists (anchor..cur) */
    size_t goal;    /* column in characters Up/Down aim for */
    char *clip;     /* the internal clipboard */
    size_t clip_len;
    struct textbuf_stack undo, redo;
    enum textbuf_edit last_edit;
    struct textbuf_pos last_end; /* where the last edit left the cursor */
    bool last_word;              /* the last insert was a word character */
    uint64_t id, next_id, saved_id;
};

void textbuf_init(struct textbuf *tb);
void textbuf_done(struct textbuf *tb);

/* Replace the whole text (a file just read); clears undo and marks the
 * buffer unmodified. */
void textbuf_set_text(struct textbuf *tb, const char *text, size_t len);
/* Replace the whole text as one undoable edit (recovered text). */
void textbuf_replace_all(struct textbuf *tb, const char *text, size_t len);
/* The text as one NUL-terminated string (lines joined by '\n'); free it. */
char *textbuf_text(const struct textbuf *tb, size_t *len);

/* True when the text differs from the last textbuf_mark_saved. */
bool textbuf_modified(const struct textbuf *tb);
void textbuf_mark_saved(struct textbuf *tb);

/* Move the cursor; select extends the selection (anchored where the
 * cursor was), otherwise the selection ends. page: lines per page. */
void textbuf_move(struct textbuf *tb, enum textbuf_move how, bool select, size_t page);
/* Put the cursor at line, byte col (clamped and snapped to a character). */
void textbuf_goto(struct textbuf *tb, size_t line, size_t col);
void textbuf_select_none(struct textbuf *tb);
void textbuf_select_all(struct textbuf *tb);
/* The selection in order; false when there is none (or it is empty). */
bool textbuf_selection(const struct textbuf *tb, struct textbuf_pos *from, struct textbuf_pos *to);

/* Insert text (may hold newlines) at the cursor, replacing the selection. */
void textbuf_insert(struct textbuf *tb, const char *s, size_t n);
/* Delete the selection, or the character before / after the cursor. */
void textbuf_backspace(struct textbuf *tb);
void textbuf_delete(struct textbuf *tb);

/* Clipboard: copy returns false when nothing is selected. */
bool textbuf_copy(struct textbuf *tb);
bool textbuf_cut(struct textbuf *tb);
bool textbuf_paste(struct textbuf *tb);
/* The selected text (malloc'd), or NULL. */
char *textbuf_selected_text(const struct textbuf *tb, size_t *len);

/* Undo / redo one group; false when there is nothing to undo / redo. */
bool textbuf_undo(struct textbuf *tb);
bool textbuf_redo(struct textbuf *tb);
/* End the current undo group (the next edit starts a new one). */
void textbuf_break_group(struct textbuf *tb);

/* Find needle (one line of text, case-sensitive) after the cursor
 * (forward) or before the selection start (backward), wrapping around.
 * A match is selected with the cursor at its end (forward) or start
 * (backward). *wrapped tells whether it went round. False: not found. */
bool textbuf_search(struct textbuf *tb, const char *needle, bool forward, bool *wrapped);

/* Characters (code points) in the first col bytes of line. */
size_t textbuf_col_chars(const struct textbuf *tb, size_t line, size_t col);

#endif
