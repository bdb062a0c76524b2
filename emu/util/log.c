/*
 * QEMU's -d logging, reduced to what bmx86 traces: a global mask set by
 * the host from --trace=LIST, and qemu_log() printing through
 * qemu_printf. The call sites test the mask inline (util.h), so a build
 * with tracing compiled in but off pays one predictable branch.
 */
#include "util/util.h"

int qemu_loglevel;
QemuPrintfCapture *qemu_printf_capture;
void *qemu_printf_capture_opaque;
const bool qemu_log_compiled_in = BMX_TRACE;

typedef struct QEMULogItem {
    int mask;
    const char *name;
    const char *help;
} QEMULogItem;

static const QEMULogItem qemu_log_items[] = {
    {CPU_LOG_TB_IN_ASM, "in_asm", "show guest code of each translated block"},
    {CPU_LOG_INT, "int", "show interrupts and exceptions when delivered"},
    {CPU_LOG_EXEC, "exec", "show each translated block entered"},
    {CPU_LOG_TB_CPU, "cpu", "show the CPU registers before each block"},
    {CPU_LOG_PCALL, "pcall", "show protected-mode far calls/returns/iret"},
    {LOG_GUEST_ERROR, "guest_errors", "show what the guest did wrong"},
    {LOG_UNIMP, "unimp", "show unimplemented functionality the guest used"},
    {LOG_POST, "post", "show each change of the POST code (port 0x80)"},
};

void qemu_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qemu_vprintf(fmt, ap);
    va_end(ap);
}

static bool item_is(const char *s, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(s, name, n) == 0;
}

int qemu_str_to_log_mask(const char *str, const char **err)
{
    static char msg[200];
    int mask = 0;
    const char *p = str;

    *err = NULL;
    for (;;) {
        const char *e = p;
        size_t n, k, len;
        bool found = false;

        while (*e && *e != ',') {
            e++;
        }
        n = (size_t)(e - p);
        if (item_is(p, n, "all")) {
            for (k = 0; k < ARRAY_SIZE(qemu_log_items); k++) {
                mask |= qemu_log_items[k].mask;
            }
            found = true;
        } else if (item_is(p, n, "none")) {
            found = true;
        }
        for (k = 0; !found && k < ARRAY_SIZE(qemu_log_items); k++) {
            if (item_is(p, n, qemu_log_items[k].name)) {
                mask |= qemu_log_items[k].mask;
                found = true;
            }
        }
        if (!found) {
            /* "unknown trace item 'x' (valid: in_asm, int, ...)" */
            static const char head[] = "unknown trace item '";
            len = 0;
            memcpy(msg, head, sizeof(head) - 1);
            len = sizeof(head) - 1;
            n = MIN(n, (size_t)40);
            memcpy(msg + len, p, n);
            len += n;
            memcpy(msg + len, "' (valid:", 9);
            len += 9;
            for (k = 0; k < ARRAY_SIZE(qemu_log_items); k++) {
                size_t l = strlen(qemu_log_items[k].name);
                msg[len++] = ' ';
                memcpy(msg + len, qemu_log_items[k].name, l);
                len += l;
                msg[len++] = ',';
            }
            memcpy(msg + len, " all, none)", 12);
            *err = msg;
            return 0;
        }
        if (!*e) {
            break;
        }
        p = e + 1;
    }
    return mask;
}

void qemu_print_log_usage(void)
{
    for (size_t k = 0; k < ARRAY_SIZE(qemu_log_items); k++) {
        qemu_printf("  %-14s %s\n", qemu_log_items[k].name,
                    qemu_log_items[k].help);
    }
    qemu_printf("  %-14s %s\n", "all", "every item above");
}
