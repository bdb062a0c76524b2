/*
 * bmx86-sst [options] [DIR]: runs every XX(.R).json.gz of a SingleStepTests
 * 80286 real-mode directory on the SST harness machine and prints per-form
 * and overall pass counts. The last line is exactly
 * "sst: N passed, M failed".
 */
#define _GNU_SOURCE /* open_memstream */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/machine.h"
#include "memory/memory.h"
#include "sst.h"

#ifndef SST_DEFAULT_DIR
#define SST_DEFAULT_DIR "../shared/conformance/sst-80286/v1_real_mode"
#endif
#ifndef SST_DEFAULT_EXCLUSIONS
#define SST_DEFAULT_EXCLUSIONS "tests/conformance/exclusions.txt"
#endif

typedef struct Totals {
    long passed, failed, skipped;
} Totals;

static void usage(void)
{
    printf("usage: bmx86-sst [--verbose] [--filter FORM] [--show N]\n"
           "                 [--min-pass PERCENT] [--exclusions FILE] [DIR]\n"
           "  DIR          SingleStepTests 80286 directory (default %s)\n"
           "  --verbose    show every failing test with a diff\n"
           "  --filter F   run only forms whose name starts with F (80, 80.4)\n"
           "               and show their failing tests with a diff\n"
           "  --show N     with --verbose/--filter, diffs per form (default "
           "all)\n"
           "  --idx N      run only the test with idx N of each form\n"
           "  --min-pass P exit 0 if at least P%% of the tests run passed\n"
           "               (default: exit 0 only if none failed)\n"
           "  --summary F  write a Markdown summary of the failures to F\n"
           "  --exclusions F  exclusion list (default %s)\n",
           SST_DEFAULT_DIR, SST_DEFAULT_EXCLUSIONS);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hashes of the revocation list, one per line, '#' comments. */
static cJSON *load_revoked(const char *dir)
{
    cJSON *set = cJSON_CreateObject();
    char path[4096], line[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/revocation_list.txt", dir);
    f = fopen(path, "r");
    if (!f) {
        snprintf(path, sizeof(path), "%s/../revocation_list.txt", dir);
        f = fopen(path, "r");
    }
    if (!f) {
        return set;
    }
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, " \t\r\n#")] = 0;
        if (line[0]) {
            cJSON_AddTrueToObject(set, line);
        }
    }
    fclose(f);
    return set;
}

/* The first rule that excludes this test, or NULL. */
static SstRule *excluded_by(SstRules *rules, const char *form,
                            const SstFormInfo *info, const SstInsn *insn,
                            const char *hash)
{
    int reg = insn->modrm >= 0 ? (insn->modrm >> 3) & 7 : -1;
    for (int i = 0; i < rules->count; i++) {
        SstRule *r = &rules->rule[i];
        bool hit = false;
        switch (r->kind) {
        case SST_RULE_STATUS:
            hit = !strcmp(r->arg, info->status);
            break;
        case SST_RULE_FORM:
            hit = !strcmp(r->arg, form);
            break;
        case SST_RULE_REG:
            hit = !strcmp(r->arg, form) && reg >= 0 && (r->reg_set >> reg) & 1;
            break;
        case SST_RULE_LOCK_ILLEGAL:
            hit = insn->lock && !sst_lock_allowed(insn);
            break;
        case SST_RULE_TEST:
            hit = !strcmp(r->arg, hash);
            break;
        case SST_RULE_FLAGS:
        case SST_RULE_EXC_FLAGS:
            break;
        }
        if (hit) {
            return r;
        }
    }
    return NULL;
}

/* Extra FLAGS mask of the rules of kind for form; counts the tests. */
static uint16_t extra_mask(SstRules *rules, SstRuleKind kind, const char *form)
{
    uint16_t m = 0xffff;
    for (int i = 0; i < rules->count; i++) {
        SstRule *r = &rules->rule[i];
        if (r->kind == kind && !strcmp(r->arg, form)) {
            m &= r->mask;
            r->hits++;
        }
    }
    return m;
}

/* Markdown summary of failures (--summary FILE), e.g. FAILURES.md. */
static FILE *summary;
static int only_idx = -1; /* --idx N */
#define SUMMARY_EXAMPLES 2

static void run_form(const char *dir, const char *file, const cJSON *opcodes,
                     const cJSON *revoked, SstRules *rules, bool show,
                     int max_shown, Totals *tot)
{
    char *examples = NULL;
    size_t examples_len = 0;
    FILE *ex = summary ? open_memstream(&examples, &examples_len) : NULL;
    int n_examples = 0;
    char path[4096], form[16];
    cJSON *tests, *t;
    long pass = 0, fail = 0, skip = 0, revoked_n = 0;
    int shown = 0;
    uint16_t xmask;

    snprintf(form, sizeof(form), "%.*s", (int)(strlen(file) - 8), file);
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    tests = sst_load_json_gz(path);
    if (!tests) {
        tot->failed++;
        printf("%-6s cannot load\n", form);
        return;
    }
    cJSON_ArrayForEach(t, tests)
    {
        xmask = extra_mask(rules, SST_RULE_FLAGS, form);
        if (cJSON_GetObjectItemCaseSensitive(t, "exception")) {
            xmask &= extra_mask(rules, SST_RULE_EXC_FLAGS, form);
        }
        const char *hash =
            cJSON_GetObjectItemCaseSensitive(t, "hash")->valuestring;
        SstInsn insn = sst_decode(cJSON_GetObjectItemCaseSensitive(t, "bytes"));
        int reg = insn.modrm >= 0 ? (insn.modrm >> 3) & 7 : -1;
        SstFormInfo info = sst_form_info(opcodes, form, reg);
        SstRule *r;

        if (only_idx >= 0 &&
            cJSON_GetObjectItemCaseSensitive(t, "idx")->valueint != only_idx) {
            continue;
        }
        if (cJSON_GetObjectItemCaseSensitive(revoked, hash)) {
            revoked_n++;
            continue;
        }
        r = excluded_by(rules, form, &info, &insn, hash);
        if (r) {
            r->hits++;
            skip++;
            continue;
        }
        bool show_this = show && (max_shown < 0 || shown < max_shown);
        FILE *out = show_this ? stdout : NULL;
        if (sst_run_test(t, info.flags_mask & xmask, out)) {
            pass++;
            continue;
        }
        fail++;
        shown += show_this;
        if (ex && n_examples < SUMMARY_EXAMPLES) {
            /* run it again to capture its diff for the summary */
            sst_run_test(t, info.flags_mask & xmask, ex);
            n_examples++;
        }
    }
    if (ex) {
        fclose(ex);
        if (fail) {
            fprintf(summary, "## %s: %ld of %ld failed\n\n```\n%s```\n\n", form,
                    fail, pass + fail, examples);
        }
        free(examples);
    }
    cJSON_Delete(tests);
    printf("%-6s %4ld/%-4ld passed", form, pass, pass + fail);
    if (skip) {
        printf(", %ld excluded", skip);
    }
    if (revoked_n) {
        printf(", %ld revoked", revoked_n);
    }
    printf("%s\n", fail ? "  <-- FAIL" : "");
    fflush(stdout);
    tot->passed += pass;
    tot->failed += fail;
    tot->skipped += skip + revoked_n;
}

int main(int argc, char **argv)
{
    const char *dir = SST_DEFAULT_DIR;
    const char *excl = SST_DEFAULT_EXCLUSIONS;
    const char *filter = NULL;
    bool verbose = false;
    double min_pass = -1;
    int max_shown = -1;
    char path[4096];
    SstRules *rules = calloc(1, sizeof(*rules));
    Totals tot = {0, 0, 0};
    cJSON *meta, *opcodes, *revoked;
    char **names = NULL;
    size_t n = 0;
    DIR *d;
    struct dirent *de;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
            verbose = true;
        } else if (!strcmp(argv[i], "--filter") && i + 1 < argc) {
            filter = argv[++i];
        } else if (!strcmp(argv[i], "--idx") && i + 1 < argc) {
            only_idx = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--show") && i + 1 < argc) {
            max_shown = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--min-pass") && i + 1 < argc) {
            min_pass = atof(argv[++i]);
        } else if (!strcmp(argv[i], "--summary") && i + 1 < argc) {
            summary = fopen(argv[++i], "w");
            if (!summary) {
                fprintf(stderr, "bmx86-sst: cannot write %s\n", argv[i]);
                return 2;
            }
            fprintf(summary,
                    "# SingleStepTests 80286 failures (generated by "
                    "bmx86-sst --summary)\n\n"
                    "Up to %d failing tests per form, with what differed.\n\n",
                    SUMMARY_EXAMPLES);
        } else if (!strcmp(argv[i], "--exclusions") && i + 1 < argc) {
            excl = argv[++i];
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage();
            return 0;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "bmx86-sst: unknown option %s\n", argv[i]);
            usage();
            return 2;
        } else {
            dir = argv[i];
        }
    }

    sst_rules_load(rules, excl);
    snprintf(path, sizeof(path), "%s/metadata.json", dir);
    meta = sst_load_json(path);
    if (!meta) {
        snprintf(path, sizeof(path), "%s/../metadata.json", dir);
        meta = sst_load_json(path);
    }
    if (!meta) {
        fprintf(stderr, "bmx86-sst: no metadata.json in %s\n", dir);
        return 2;
    }
    opcodes = cJSON_GetObjectItemCaseSensitive(meta, "opcodes");
    revoked = load_revoked(dir);

    d = opendir(dir);
    if (!d) {
        fprintf(stderr, "bmx86-sst: cannot open directory %s\n", dir);
        return 2;
    }
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 8 && !strcmp(de->d_name + len - 8, ".json.gz") &&
            (!filter || !strncmp(de->d_name, filter, strlen(filter)))) {
            names = realloc(names, (n + 1) * sizeof(*names));
            names[n++] = strdup(de->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_str);
    if (!n) {
        fprintf(stderr, "bmx86-sst: no test files in %s\n", dir);
        return 2;
    }

    size_t pool = HARNESS_RAM_SIZE + (1u << 20);
    qemu_ram_pool_init(aligned_alloc(4096, pool), pool, "sst-pool");
    harness_machine_init();
    for (size_t i = 0; i < n; i++) {
        run_form(dir, names[i], opcodes, revoked, rules, verbose || filter,
                 max_shown, &tot);
        free(names[i]);
    }
    free(names);

    for (int i = 0; i < rules->count; i++) {
        SstRule *r = &rules->rule[i];
        if (r->hits &&
            (r->kind == SST_RULE_FLAGS || r->kind == SST_RULE_EXC_FLAGS)) {
            printf("flags masked with %04x in %u tests: %s: %s\n", r->mask,
                   r->hits, r->arg, r->reason);
        } else if (r->hits) {
            printf("excluded %u: %s%s%s\n", r->hits, r->arg,
                   r->arg[0] ? ": " : "", r->reason);
        }
    }
    long run = tot.passed + tot.failed;
    printf("sst: %ld tests run, %ld excluded or revoked, %.3f%% passed\n", run,
           tot.skipped, run ? 100.0 * tot.passed / run : 0.0);
    if (summary) {
        fprintf(summary,
                "Total: %ld passed, %ld failed, %ld excluded or "
                "revoked.\n",
                tot.passed, tot.failed, tot.skipped);
        fclose(summary);
    }
    printf("sst: %ld passed, %ld failed\n", tot.passed, tot.failed);
    cJSON_Delete(meta);
    cJSON_Delete(revoked);
    free(rules);
    if (min_pass >= 0) {
        return run && 100.0 * tot.passed / run >= min_pass ? 0 : 1;
    }
    return tot.failed ? 1 : 0;
}
