/* Trivy and Grype JSON reports into one sorted list of findings.
 *
 * Both parsers are forgiving about what they do not use (new fields come
 * with every release) and strict about the shape they do: a document that
 * is not an object, or whose list is not a list, is a protocol error, so
 * feeding one tool's output to the other's parser fails loudly rather than
 * showing an empty, "clean" report. */
#include "config.h"

#include "vuln_report.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "strbuf.h"
#include "xalloc.h"

static const char *const severity_names[VULN_SEVERITY_COUNT] = {
    [VULN_CRITICAL] = "CRITICAL",     [VULN_HIGH] = "HIGH",
    [VULN_MEDIUM] = "MEDIUM",         [VULN_LOW] = "LOW",
    [VULN_NEGLIGIBLE] = "NEGLIGIBLE", [VULN_UNKNOWN] = "UNKNOWN",
};

/* The letter of each severity in the short counts. */
static const char severity_letters[VULN_SEVERITY_COUNT] = {'C', 'H', 'M', 'L', 'N', 'U'};

const char *vuln_severity_name(enum vuln_severity s)
{
    return (unsigned)s < VULN_SEVERITY_COUNT ? severity_names[s] : "UNKNOWN";
}

enum vuln_severity vuln_severity_parse(const char *name)
{
    if (!name)
        return VULN_UNKNOWN;
    for (int s = 0; s < VULN_SEVERITY_COUNT; s++) {
        if (strcasecmp(name, severity_names[s]) == 0)
            return (enum vuln_severity)s;
    }
    return VULN_UNKNOWN;
}

const char *vuln_tool_name(enum vuln_tool t)
{
    switch (t) {
    case VULN_TOOL_TRIVY:
        return "trivy";
    case VULN_TOOL_GRYPE:
        return "grype";
    case VULN_TOOL_NONE:
        break;
    }
    return "";
}

char *vuln_counts_format(const struct vuln_counts *c, char *buf, size_t size)
{
    if (!size)
        return buf;
    buf[0] = '\0';
    size_t used = 0;
    for (int s = 0; s < VULN_SEVERITY_COUNT && used < size; s++) {
        if (!c->n[s])
            continue;
        int n = snprintf(buf + used, size - used, "%s%c%zu", used ? " " : "", severity_letters[s],
                         c->n[s]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    if (!buf[0])
        snprintf(buf, size, "clean");
    return buf;
}

/* --- sorting ------------------------------------------------------------- */

/* Compare with runs of digits taken as numbers, so CVE-2024-9999 comes
 * before CVE-2024-10000. */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t la = 0, lb = 0;
            while (isdigit((unsigned char)a[la]))
                la++;
            while (isdigit((unsigned char)b[lb]))
                lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
            continue;
        }
        int ca = toupper((unsigned char)*a), cb = toupper((unsigned char)*b);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static int finding_cmp(const void *pa, const void *pb)
{
    const struct vuln_finding *a = pa, *b = pb;
    if (a->severity != b->severity)
        return a->severity < b->severity ? -1 : 1;
    int c = natural_cmp(a->id, b->id);
    if (c)
        return c;
    c = strcmp(a->package, b->package);
    return c ? c : strcmp(a->installed, b->installed);
}

void vuln_report_sort(struct vuln_report *r)
{
    if (r->nfindings > 1)
        qsort(r->findings, r->nfindings, sizeof r->findings[0], finding_cmp);
    memset(&r->counts, 0, sizeof r->counts);
    for (size_t i = 0; i < r->nfindings; i++) {
        unsigned s = (unsigned)r->findings[i].severity;
        r->counts.n[s < VULN_SEVERITY_COUNT ? s : VULN_UNKNOWN]++;
    }
    r->counts.total = r->nfindings;
}

/* --- building ------------------------------------------------------------ */

static struct vuln_finding *report_add(struct vuln_report *r, size_t *cap)
{
    if (r->nfindings == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        r->findings = xrealloc(r->findings, *cap * sizeof r->findings[0]);
    }
    struct vuln_finding *f = &r->findings[r->nfindings++];
    memset(f, 0, sizeof *f);
    return f;
}

/* A string member, or "" when missing or not a string. */
static const char *member_str(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

/* Trivy: {"SchemaVersion": 2, "Results": [{"Vulnerabilities": [...]}]}. */
static int parse_trivy(struct vuln_report *r, const cJSON *doc, struct berth_error *err)
{
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "SchemaVersion");
    if (!cJSON_IsNumber(schema))
        return berth_error_set(err, BERTH_ERR_PROTOCOL, 0,
                               "trivy: the report has no SchemaVersion (not a trivy JSON report)");
    if (schema->valueint != 2)
        return berth_error_set(err, BERTH_ERR_PROTOCOL, 0,
                               "trivy: report schema version %d is not supported (2 is)",
                               schema->valueint);
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(doc, "Results");
    if (!results || cJSON_IsNull(results))
        return 0; /* nothing found: Trivy leaves the list out or null */
    if (!cJSON_IsArray(results))
        return berth_error_set(err, BERTH_ERR_PROTOCOL, 0, "trivy: Results is not a list");
    size_t cap = 0;
    const cJSON *res;
    cJSON_ArrayForEach(res, results)
    {
        const cJSON *vulns = cJSON_GetObjectItemCaseSensitive(res, "Vulnerabilities");
        if (!vulns || cJSON_IsNull(vulns))
            continue;
        if (!cJSON_IsArray(vulns))
            return berth_error_set(err, BERTH_ERR_PROTOCOL, 0,
                                   "trivy: Vulnerabilities is not a list");
        const cJSON *v;
        cJSON_ArrayForEach(v, vulns)
        {
            if (!cJSON_IsObject(v))
                continue;
            struct vuln_finding *f = report_add(r, &cap);
            f->id = xstrdup(member_str(v, "VulnerabilityID"));
            f->package = xstrdup(member_str(v, "PkgName"));
            f->installed = xstrdup(member_str(v, "InstalledVersion"));
            f->fixed = xstrdup(member_str(v, "FixedVersion"));
            f->title = xstrdup(member_str(v, "Title"));
            f->severity = vuln_severity_parse(member_str(v, "Severity"));
        }
    }
    return 0;
}

/* The first sentence of a description: up to the first ". " (or the end),
 * on one line. */
static char *first_sentence(const char *text)
{
    size_t n = 0;
    while (text[n] &&
           !(text[n] == '.' && (text[n + 1] == ' ' || text[n + 1] == '\n' || text[n + 1] == '\0')))
        n++;
    char *s = xstrndup(text, n);
    for (char *p = s; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    }
    return s;
}

/* Grype's fix versions, joined by ", ". */
static char *grype_fixed(const cJSON *vuln)
{
    const cJSON *fix = cJSON_GetObjectItemCaseSensitive(vuln, "fix");
    const cJSON *versions = cJSON_GetObjectItemCaseSensitive(fix, "versions");
    struct strbuf sb;
    strbuf_init(&sb);
    const cJSON *v;
    cJSON_ArrayForEach(v, versions)
    {
        if (!cJSON_IsString(v) || !v->valuestring || !v->valuestring[0])
            continue;
        if (sb.len)
            strbuf_puts(&sb, ", ");
        strbuf_puts(&sb, v->valuestring);
    }
    return strbuf_detach(&sb);
}

/* Grype: {"matches": [{"vulnerability": {...}, "artifact": {...}}]}. */
static int parse_grype(struct vuln_report *r, const cJSON *doc, struct berth_error *err)
{
    const cJSON *matches = cJSON_GetObjectItemCaseSensitive(doc, "matches");
    if (!matches)
        return berth_error_set(err, BERTH_ERR_PROTOCOL, 0,
                               "grype: the report has no matches (not a grype JSON report)");
    if (cJSON_IsNull(matches))
        return 0;
    if (!cJSON_IsArray(matches))
        return berth_error_set(err, BERTH_ERR_PROTOCOL, 0, "grype: matches is not a list");
    size_t cap = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, matches)
    {
        const cJSON *vuln = cJSON_GetObjectItemCaseSensitive(m, "vulnerability");
        const cJSON *art = cJSON_GetObjectItemCaseSensitive(m, "artifact");
        if (!cJSON_IsObject(vuln))
            continue;
        struct vuln_finding *f = report_add(r, &cap);
        f->id = xstrdup(member_str(vuln, "id"));
        f->package = xstrdup(member_str(art, "name"));
        f->installed = xstrdup(member_str(art, "version"));
        f->fixed = grype_fixed(vuln);
        const char *desc = member_str(vuln, "description");
        f->title = desc[0] ? first_sentence(desc) : xstrdup(member_str(vuln, "dataSource"));
        f->severity = vuln_severity_parse(member_str(vuln, "severity"));
    }
    return 0;
}

int vuln_report_parse(struct vuln_report *r, enum vuln_tool tool, const char *json, size_t len,
                      struct berth_error *err)
{
    memset(r, 0, sizeof *r);
    r->tool = tool;
    const char *name = vuln_tool_name(tool);
    cJSON *doc = cJSON_ParseWithLength(json, len);
    if (!doc)
        return berth_error_set(err, BERTH_ERR_PROTOCOL, 0, "%s: the output is not valid JSON",
                               name[0] ? name : "scanner");
    int rc;
    if (!cJSON_IsObject(doc))
        rc = berth_error_set(err, BERTH_ERR_PROTOCOL, 0, "%s: the output is not a JSON object",
                             name[0] ? name : "scanner");
    else if (tool == VULN_TOOL_TRIVY)
        rc = parse_trivy(r, doc, err);
    else if (tool == VULN_TOOL_GRYPE)
        rc = parse_grype(r, doc, err);
    else
        rc = berth_error_set(err, BERTH_ERR_USAGE, 0, "no scanner to parse the report of");
    cJSON_Delete(doc);
    vuln_report_sort(r);
    return rc;
}

void vuln_report_done(struct vuln_report *r)
{
    for (size_t i = 0; i < r->nfindings; i++) {
        struct vuln_finding *f = &r->findings[i];
        free(f->id);
        free(f->package);
        free(f->installed);
        free(f->fixed);
        free(f->title);
    }
    free(r->findings);
    memset(r, 0, sizeof *r);
}
