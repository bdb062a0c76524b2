/* Metadata, exclusion rules and the little decoding they need. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sst.h"

static void rules_die(const char *path, int line, const char *what)
{
    fprintf(stderr, "bmx86-sst: %s:%d: %s\n", path, line, what);
    exit(2);
}

static char *next_word(char **p)
{
    char *s = *p;
    while (*s && isspace((unsigned char)*s)) {
        s++;
    }
    if (!*s) {
        *p = s;
        return NULL;
    }
    char *w = s;
    while (*s && !isspace((unsigned char)*s)) {
        s++;
    }
    if (*s) {
        *s++ = 0;
    }
    *p = s;
    return w;
}

void sst_rules_load(SstRules *rules, const char *path)
{
    FILE *f = fopen(path, "r");
    char buf[512];
    int line = 0;

    memset(rules, 0, sizeof(*rules));
    if (!f) {
        fprintf(stderr, "bmx86-sst: cannot open exclusion list %s\n", path);
        exit(2);
    }
    while (fgets(buf, sizeof(buf), f)) {
        char *p = buf;
        char *kind, *arg = NULL;
        SstRule r = {0};

        line++;
        kind = next_word(&p);
        if (!kind || kind[0] == '#') {
            continue;
        }
        if (!strcmp(kind, "status")) {
            r.kind = SST_RULE_STATUS;
        } else if (!strcmp(kind, "form")) {
            r.kind = SST_RULE_FORM;
        } else if (!strcmp(kind, "reg")) {
            r.kind = SST_RULE_REG;
        } else if (!strcmp(kind, "lock-illegal")) {
            r.kind = SST_RULE_LOCK_ILLEGAL;
        } else if (!strcmp(kind, "flags")) {
            r.kind = SST_RULE_FLAGS;
        } else if (!strcmp(kind, "exception-flags")) {
            r.kind = SST_RULE_EXC_FLAGS;
        } else if (!strcmp(kind, "test")) {
            r.kind = SST_RULE_TEST;
        } else {
            rules_die(path, line, "unknown rule kind");
        }
        if (r.kind != SST_RULE_LOCK_ILLEGAL) {
            arg = next_word(&p);
            if (!arg || strlen(arg) >= sizeof(r.arg)) {
                rules_die(path, line, "missing or too long argument");
            }
            snprintf(r.arg, sizeof(r.arg), "%s", arg);
        }
        if (r.kind == SST_RULE_REG) {
            char *set = next_word(&p);
            if (!set) {
                rules_die(path, line, "reg rule needs a list like 4,5");
            }
            for (char *c = set; *c; c++) {
                if (*c >= '0' && *c <= '7') {
                    r.reg_set |= 1u << (*c - '0');
                } else if (*c != ',') {
                    rules_die(path, line, "bad reg list");
                }
            }
        } else if (r.kind == SST_RULE_FLAGS || r.kind == SST_RULE_EXC_FLAGS) {
            char *m = next_word(&p);
            if (!m) {
                rules_die(path, line, "flags rule needs a hex mask");
            }
            r.mask = (uint16_t)strtoul(m, NULL, 16);
        }
        while (*p && isspace((unsigned char)*p)) {
            p++;
        }
        p[strcspn(p, "\r\n")] = 0;
        if (!*p) {
            rules_die(path, line, "every exclusion needs a reason");
        }
        snprintf(r.reason, sizeof(r.reason), "%s", p);
        if (rules->count == SST_MAX_RULES) {
            rules_die(path, line, "too many rules");
        }
        rules->rule[rules->count++] = r;
    }
    fclose(f);
}

SstFormInfo sst_form_info(const cJSON *opcodes, const char *form, int reg)
{
    SstFormInfo info = {"normal", 0xffff};
    char op[8] = {0};
    char r[2] = {0};
    const cJSON *e, *v;

    snprintf(op, sizeof(op), "%.*s", (int)strcspn(form, "."), form);
    e = cJSON_GetObjectItemCaseSensitive(opcodes, op);
    if (!e) {
        return info;
    }
    v = cJSON_GetObjectItemCaseSensitive(e, "reg");
    if (v) {
        const char *dot = strchr(form, '.');
        if (dot) {
            r[0] = dot[1];
        } else if (reg >= 0) {
            r[0] = (char)('0' + reg);
        }
        e = r[0] ? cJSON_GetObjectItemCaseSensitive(v, r) : NULL;
        if (!e) {
            return info;
        }
    }
    v = cJSON_GetObjectItemCaseSensitive(e, "status");
    if (cJSON_IsString(v)) {
        info.status = v->valuestring;
    }
    v = cJSON_GetObjectItemCaseSensitive(e, "flags-mask");
    if (cJSON_IsNumber(v)) {
        info.flags_mask = (uint16_t)v->valueint;
    }
    return info;
}

SstInsn sst_decode(const cJSON *bytes)
{
    SstInsn insn = {false, -1, -1};
    int n = cJSON_GetArraySize(bytes);
    int i = 0;

    for (; i < n; i++) {
        int b = cJSON_GetArrayItem(bytes, i)->valueint;
        if (b == 0xf0) {
            insn.lock = true;
        } else if (b != 0x26 && b != 0x2e && b != 0x36 && b != 0x3e &&
                   b != 0xf2 && b != 0xf3) {
            insn.opcode = b;
            break;
        }
    }
    if (i + 1 < n) {
        insn.modrm = cJSON_GetArrayItem(bytes, i + 1)->valueint;
    }
    return insn;
}

bool sst_lock_allowed(const SstInsn *in)
{
    int op = in->opcode;
    int reg = in->modrm >= 0 ? (in->modrm >> 3) & 7 : -1;
    bool mem = in->modrm >= 0 && (in->modrm >> 6) != 3;

    if (!mem) {
        return false;
    }
    /* ADD OR ADC SBB AND SUB XOR r/m, reg */
    if (op < 0x38 && (op & 7) <= 1) {
        return true;
    }
    switch (op) {
    case 0x80:
    case 0x81:
    case 0x82:
    case 0x83:
        return reg != 7; /* not CMP */
    case 0x86:
    case 0x87:
        return true;
    case 0xf6:
    case 0xf7:
        return reg == 2 || reg == 3; /* NOT, NEG */
    case 0xfe:
    case 0xff:
        return reg == 0 || reg == 1; /* INC, DEC */
    default:
        return false;
    }
}
