/* A small dialog in the middle of the screen: a title, lines of text (the
 * targets of an action), optional text fields and check boxes, and two
 * buttons. Used for every lifecycle confirmation (stop, kill, remove and
 * bulk actions), the rename prompt and the resource limits editor.
 *
 * The answer defaults to the second button (No) unless the dialog has text
 * fields: then focus starts on the first field and Enter applies. y / n
 * answer directly when no text field has focus; a check box toggles with
 * Space or its letter. */
#ifndef BERTH_UI_DIALOG_FORM_H
#define BERTH_UI_DIALOG_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/ui.h"

#define FORM_TEXT_MAX 128
#define FORM_MAX_FIELDS 8

struct form_field {
    const char *label; /* static text */
    bool checkbox;     /* a check box, else a text field */
    char key;          /* check box: the letter that toggles it */
    bool checked;
    char text[FORM_TEXT_MAX]; /* text field: its value */
    const char *hint;         /* static text shown after an empty field, or NULL */
};

/* Called when the first button is pressed. Return true to close the
 * dialog; false keeps it open with err (filled by the callback) shown. */
typedef bool (*form_yes_fn)(struct ui *ui, void *ctx, const struct form_field *fields, size_t n,
                            char *err, size_t err_size);

struct form_spec {
    const char *title;
    const char *const *lines; /* engine text allowed (sanitised when drawn) */
    size_t nlines;
    const struct form_field *fields;
    size_t nfields;
    const char *yes; /* "Yes" when NULL */
    const char *no;  /* "No" when NULL */
    form_yes_fn on_yes;
    void *ctx;                /* owned by the dialog from now on */
    void (*ctx_free)(void *); /* NULL: free() */
};

/* Open it on top (everything in spec is copied). */
void dialog_form_open(struct ui *ui, const struct form_spec *spec);

#endif
