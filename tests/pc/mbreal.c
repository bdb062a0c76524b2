/*
 * mbreal's checks in protected mode: the magic, and the command line
 * split into argv as a kernel that parses it would: QEMU puts the kernel's
 * file name first, so with --append "alpha beta" argv is
 * {".../mbreal.elf", "alpha", "beta"}. The info block must not lie inside
 * the image (the loader put it where the image is not).
 */
#include <stdint.h>

extern char _start[], _image_end[];

static void putc_e9(char c)
{
    __asm__ volatile("outb %0, $0xe9" : : "a"(c));
}

static void puts_e9(const char *s)
{
    while (*s) {
        putc_e9(*s++);
    }
}

static int fail(int n, const char *what)
{
    puts_e9("mbreal: FAIL ");
    puts_e9(what);
    putc_e9('\n');
    return n;
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++, b++;
    }
    return *a == *b;
}

static int ends_with(const char *s, unsigned n, const char *suffix)
{
    unsigned k = 0;
    while (suffix[k]) {
        k++;
    }
    if (n < k) {
        return 0;
    }
    for (unsigned i = 0; i < k; i++) {
        if (s[n - k + i] != suffix[i]) {
            return 0;
        }
    }
    return 1;
}

int mbreal_check(uint32_t magic, const uint32_t *mbi)
{
    static char buf[256];
    char *argv[8];
    unsigned argc = 0, n = 0;
    const char *cmd;

    puts_e9("mbreal: started\n");
    if (magic != 0x2BADB002u) {
        return fail(2, "EAX magic");
    }
    if ((const char *)mbi >= _start && (const char *)mbi < _image_end) {
        return fail(3, "info block inside the image");
    }
    if (!(mbi[0] & 4)) {
        return fail(4, "no command line flag");
    }
    cmd = (const char *)mbi[4];
    while (cmd[n] && n + 1 < sizeof(buf)) {
        buf[n] = cmd[n];
        n++;
    }
    buf[n] = 0;
    puts_e9("mbreal: command line '");
    puts_e9(buf);
    puts_e9("'\n");
    for (char *p = buf; *p && argc < 8;) {
        while (*p == ' ') {
            *p++ = 0;
        }
        if (!*p) {
            break;
        }
        argv[argc++] = p;
        while (*p && *p != ' ') {
            p++;
        }
    }
    if (argc != 3) {
        return fail(5, "argc is not 3");
    }
    n = 0;
    while (argv[0][n]) {
        n++;
    }
    if (!ends_with(argv[0], n, ".elf")) {
        return fail(6, "argv[0] is not the kernel's file name");
    }
    if (!streq(argv[1], "alpha") || !streq(argv[2], "beta")) {
        return fail(7, "argv[1..2] are not alpha beta");
    }
    puts_e9("mbreal: argv ok\n");
    return 0;
}
