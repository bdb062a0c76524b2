/* Loading test files and running one test on the harness machine. */
#define _DEFAULT_SOURCE /* setitimer */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <signal.h>
#include <sys/time.h>
#include <zlib.h>

#include "machine/machine.h"
#include "sst.h"

/* REP string instructions may loop 64K times; one step is one budget unit
 * or a little more, so this is ample and still ends a runaway quickly. */
#define SST_BUDGET 1000000

/* Host watchdog: a CPU that fails to honour the instruction budget (it
 * happened) must not hang the whole run. */
#define SST_WATCHDOG_MS 2000

static void watchdog_fire(int sig)
{
    (void)sig;
    machine_request_stop();
}

static void watchdog_arm(bool on)
{
    static bool installed;
    struct itimerval it = {{0, 0}, {0, 0}};
    if (!installed) {
        signal(SIGALRM, watchdog_fire);
        installed = true;
    }
    if (on) {
        it.it_value.tv_sec = SST_WATCHDOG_MS / 1000;
        it.it_value.tv_usec = (SST_WATCHDOG_MS % 1000) * 1000;
    }
    setitimer(ITIMER_REAL, &it, NULL);
}

static cJSON *parse_buffer(const char *path, char *buf)
{
    cJSON *json = cJSON_Parse(buf);
    if (!json) {
        fprintf(stderr, "bmx86-sst: %s: JSON syntax error near \"%.20s\"\n",
                path, cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "?");
    }
    free(buf);
    return json;
}

cJSON *sst_load_json_gz(const char *path)
{
    gzFile gz = gzopen(path, "rb");
    size_t cap = 1 << 20, len = 0;
    char *buf;

    if (!gz) {
        fprintf(stderr, "bmx86-sst: cannot open %s\n", path);
        return NULL;
    }
    buf = malloc(cap + 1);
    for (;;) {
        int n;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
        n = gzread(gz, buf + len, (unsigned)(cap - len));
        if (n < 0) {
            int err;
            fprintf(stderr, "bmx86-sst: %s: %s\n", path, gzerror(gz, &err));
            gzclose(gz);
            free(buf);
            return NULL;
        }
        if (n == 0) {
            break;
        }
        len += (size_t)n;
    }
    gzclose(gz);
    buf[len] = 0;
    return parse_buffer(path, buf);
}

cJSON *sst_load_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    long size;
    char *buf;

    if (!f) {
        fprintf(stderr, "bmx86-sst: cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)size + 1);
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "bmx86-sst: cannot read %s\n", path);
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[size] = 0;
    return parse_buffer(path, buf);
}

static const char *const reg_names[14] = {
    "ax", "bx", "cx", "dx", "cs", "ss", "ds",
    "es", "sp", "bp", "si", "di", "ip", "flags",
};

static uint16_t *reg_slot(HarnessRegs *r, int i)
{
    uint16_t *slots[14] = {
        &r->ax, &r->bx, &r->cx, &r->dx, &r->cs, &r->ss, &r->ds,
        &r->es, &r->sp, &r->bp, &r->si, &r->di, &r->ip, &r->flags,
    };
    return slots[i];
}

static void regs_from_json(HarnessRegs *r, const cJSON *regs)
{
    for (int i = 0; i < 14; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(regs, reg_names[i]);
        if (cJSON_IsNumber(v)) {
            *reg_slot(r, i) = (uint16_t)v->valueint;
        }
    }
}

static void flags_str(uint16_t f, char *out)
{
    static const char names[] = "c.p.a.zstido";
    int n = 0;
    for (int bit = 11; bit >= 0; bit--) {
        if (names[bit] != '.') {
            out[n++] = (f >> bit) & 1 ? (char)(names[bit] - 32) : names[bit];
        }
    }
    out[n] = 0;
}

static void print_header(FILE *out, const cJSON *test)
{
    const cJSON *bytes = cJSON_GetObjectItemCaseSensitive(test, "bytes");
    const cJSON *b;
    const cJSON *exc = cJSON_GetObjectItemCaseSensitive(test, "exception");

    fprintf(out, "  FAIL idx %d \"%s\" bytes",
            cJSON_GetObjectItemCaseSensitive(test, "idx")->valueint,
            cJSON_GetObjectItemCaseSensitive(test, "name")->valuestring);
    cJSON_ArrayForEach(b, bytes)
    {
        fprintf(out, " %02x", b->valueint);
    }
    if (exc) {
        fprintf(out, " (expects exception %d)",
                cJSON_GetObjectItemCaseSensitive(exc, "number")->valueint);
    }
    fprintf(out, "\n       hash %s\n",
            cJSON_GetObjectItemCaseSensitive(test, "hash")->valuestring);
}

/* Zeroes what the test touched so the next test starts from clean RAM. */
static void clear_ram(const cJSON *ram)
{
    const cJSON *e;
    uint8_t zero = 0;
    cJSON_ArrayForEach(e, ram)
    {
        harness_write_ram((uint32_t)cJSON_GetArrayItem(e, 0)->valuedouble,
                          &zero, 1);
    }
}

bool sst_run_test(const cJSON *test, uint16_t flags_mask, FILE *out)
{
    const cJSON *init = cJSON_GetObjectItemCaseSensitive(test, "initial");
    const cJSON *fin = cJSON_GetObjectItemCaseSensitive(test, "final");
    const cJSON *iram = cJSON_GetObjectItemCaseSensitive(init, "ram");
    const cJSON *fram = cJSON_GetObjectItemCaseSensitive(fin, "ram");
    const cJSON *exc = cJSON_GetObjectItemCaseSensitive(test, "exception");
    uint32_t flag_addr = UINT32_MAX;
    HarnessRegs start = {0}, want, got;
    MachineRunResult res;
    const cJSON *e;
    bool ok = true, header = false;

    regs_from_json(&start, cJSON_GetObjectItemCaseSensitive(init, "regs"));
    cJSON_ArrayForEach(e, iram)
    {
        uint8_t v = (uint8_t)cJSON_GetArrayItem(e, 1)->valueint;
        harness_write_ram((uint32_t)cJSON_GetArrayItem(e, 0)->valuedouble, &v,
                          1);
    }
    harness_load_regs(&start);
    watchdog_arm(true);
    res = harness_run(SST_BUDGET);
    watchdog_arm(false);
    harness_read_regs(&got);

    /* Registers not listed in final must be unchanged; the 286 always
     * shows FLAGS bits 12-15 clear in real mode. */
    want = start;
    want.flags &= 0x0fff;
    regs_from_json(&want, cJSON_GetObjectItemCaseSensitive(fin, "regs"));

    /* The handler is a HLT, so the pushed FLAGS sit at final SS:SP+4 (the
     * IRET frame: IP, CS, FLAGS). exception.flag_address says the same
     * except when SP is odd (165 tests): there it is rounded down to an
     * even address, one byte below the real FLAGS image. */
    if (exc) {
        flag_addr = want.ss * 16u + ((want.sp + 4u) & 0xffffu);
    }

#define SHOW_HEADER()                                                          \
    do {                                                                       \
        if (out && !header) {                                                  \
            print_header(out, test);                                           \
            header = true;                                                     \
        }                                                                      \
    } while (0)

    if (res.reason != MACHINE_EXIT_HLT) {
        char why[128];
        ok = false;
        SHOW_HEADER();
        machine_describe_result(&res, why, sizeof(why));
        if (out) {
            fprintf(out, "       did not stop at HLT: %s\n", why);
        }
    }
    for (int i = 0; i < 14; i++) {
        uint16_t w = *reg_slot(&want, i), g = *reg_slot(&got, i);
        uint16_t m = i == 13 ? flags_mask : 0xffff;
        if ((w & m) != (g & m)) {
            ok = false;
            SHOW_HEADER();
            if (out && i == 13) {
                char ws[16], gs[16];
                flags_str(w & m, ws);
                flags_str(g & m, gs);
                fprintf(out,
                        "       flags: expected %04x (%s) got %04x (%s), mask "
                        "%04x, differ %04x\n",
                        w, ws, g, gs, m, (w ^ g) & m);
            } else if (out) {
                fprintf(out, "       %s: expected %04x got %04x\n",
                        reg_names[i], w, g);
            }
        }
    }
    cJSON_ArrayForEach(e, fram)
    {
        uint32_t a = (uint32_t)cJSON_GetArrayItem(e, 0)->valuedouble;
        uint8_t w = (uint8_t)cJSON_GetArrayItem(e, 1)->valueint, g, m = 0xff;
        harness_read_ram(a, &g, 1);
        if (a == flag_addr) {
            m = (uint8_t)flags_mask;
        } else if (a == flag_addr + 1) {
            m = (uint8_t)(flags_mask >> 8);
        }
        if ((w & m) != (g & m)) {
            ok = false;
            SHOW_HEADER();
            if (out) {
                fprintf(out, "       ram[%06x]: expected %02x got %02x%s\n", a,
                        w, g, m != 0xff ? " (pushed FLAGS, masked)" : "");
            }
        }
    }
#undef SHOW_HEADER
    clear_ram(iram);
    clear_ram(fram);
    return ok;
}
