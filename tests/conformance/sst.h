/*
 * bmx86-sst: runs the SingleStepTests 80286 real-mode suite against the
 * SST harness machine (emu/machine). Private to tests/conformance.
 */
#ifndef BMX_SST_H
#define BMX_SST_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define SST_MAX_RULES   128
#define SST_REASON_SIZE 160

typedef enum SstRuleKind {
    SST_RULE_STATUS,       /* skip forms whose metadata status matches */
    SST_RULE_FORM,         /* skip a whole form */
    SST_RULE_REG,          /* skip tests of a form whose ModRM.reg is in set */
    SST_RULE_LOCK_ILLEGAL, /* skip LOCK tests a 386 refuses with #UD */
    SST_RULE_FLAGS,        /* extra FLAGS mask for a form */
    SST_RULE_EXC_FLAGS,    /* the same, only for tests that raise */
    SST_RULE_TEST,         /* skip one test by hash */
} SstRuleKind;

typedef struct SstRule {
    SstRuleKind kind;
    char arg[48];    /* status name, form name or hash */
    uint8_t reg_set; /* SST_RULE_REG: bit n = reg field n */
    uint16_t mask;   /* SST_RULE_FLAGS */
    char reason[SST_REASON_SIZE];
    unsigned hits;
} SstRule;

typedef struct SstRules {
    SstRule rule[SST_MAX_RULES];
    int count;
} SstRules;

/* Reads the exclusion list; exits with a message on a syntax error. */
void sst_rules_load(SstRules *rules, const char *path);

/* The metadata entry (status, flags-mask) of a test of one form. */
typedef struct SstFormInfo {
    const char *status;
    uint16_t flags_mask;
} SstFormInfo;

/* form is "XX" or "XX.R"; reg is the test's ModRM.reg or -1. */
SstFormInfo sst_form_info(const cJSON *opcodes, const char *form, int reg);

/* Decoded shape of a test's instruction bytes. */
typedef struct SstInsn {
    bool lock;
    int opcode; /* first byte after prefixes */
    int modrm;  /* -1 if the byte stream ends */
} SstInsn;

SstInsn sst_decode(const cJSON *bytes);

/* True if a 386 accepts LOCK on this instruction. */
bool sst_lock_allowed(const SstInsn *insn);

/* Reads a whole .json.gz file; returns NULL (and prints why) on error. */
cJSON *sst_load_json_gz(const char *path);
cJSON *sst_load_json(const char *path);

/* Runs one test on the harness machine; returns true if it passed. With
 * out set, prints a diff of what differed there. */
bool sst_run_test(const cJSON *test, uint16_t flags_mask, FILE *out);

#endif
