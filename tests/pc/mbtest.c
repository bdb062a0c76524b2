/*
 * mbtest: a multiboot kernel that checks what the loader handed over
 * (bmx86's multiboot.c, run with 16 MiB of RAM and the command line
 * "NAME mbtest hello") and reports through the debug port 0xE9, ending with
 * isa-debug-exit 0 on success or the number of the first failed check.
 */
#include <stdint.h>

#define EXPECT_MEM_UPPER (15u * 1024) /* KiB above 1 MiB with 16 MiB */

static volatile uint32_t bss_probe[64];  /* must arrive zeroed */
static uint32_t data_probe = 0x12345678; /* must arrive loaded */

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

static void puthex(uint32_t v)
{
    for (int i = 28; i >= 0; i -= 4) {
        putc_e9("0123456789abcdef"[(v >> i) & 15]);
    }
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* s is "NAME" + suffix with a non-empty NAME. */
static int ends_with_args(const char *s, const char *suffix)
{
    unsigned n = 0, k = 0;
    while (s[n]) {
        n++;
    }
    while (suffix[k]) {
        k++;
    }
    return n > k && s[0] != ' ' && streq(s + n - k, suffix);
}

static int fail(int n, const char *what, uint32_t got)
{
    puts_e9("mbtest: FAIL ");
    puts_e9(what);
    puts_e9(" got 0x");
    puthex(got);
    putc_e9('\n');
    return n;
}

int mbtest_main(uint32_t magic, const uint32_t *mbi);

int mbtest_main(uint32_t magic, const uint32_t *mbi)
{
    uint32_t flags, cr0, cs, ds, ram_low = 0, ram_high = 0;
    const uint8_t *mm, *end;

    puts_e9("mbtest: started\n");
    if (magic != 0x2BADB002u) {
        return fail(1, "EAX magic", magic);
    }
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    __asm__ volatile("mov %%ds, %0" : "=r"(ds));
    if (!(cr0 & 1) || (cr0 & 0x80000000u)) {
        return fail(2, "CR0 (PE on, PG off)", cr0);
    }
    if ((cs & 3) != 0) {
        return fail(3, "CPL", cs);
    }
    for (int i = 0; i < 64; i++) {
        if (bss_probe[i]) {
            return fail(4, "bss not zeroed", bss_probe[i]);
        }
    }
    if (data_probe != 0x12345678) {
        return fail(5, "data segment", data_probe);
    }
    flags = mbi[0];
    if ((flags & 0x245) != 0x245) { /* MEM, CMDLINE, MMAP, LOADER_NAME */
        return fail(6, "info flags", flags);
    }
    if (mbi[1] != 640) {
        return fail(7, "mem_lower", mbi[1]);
    }
    if (mbi[2] != EXPECT_MEM_UPPER) {
        return fail(8, "mem_upper", mbi[2]);
    }
    /* QEMU's command line: the kernel's file name, then --append. */
    if (!ends_with_args((const char *)mbi[4], " mbtest hello")) {
        return fail(9, "cmdline", mbi[4]);
    }
    if (!streq((const char *)mbi[16], "bmx86")) {
        return fail(10, "boot_loader_name", mbi[16]);
    }
    mm = (const uint8_t *)mbi[12];
    end = mm + mbi[11];
    if (mbi[11] == 0 || mbi[11] % 24) {
        return fail(11, "mmap_length", mbi[11]);
    }
    while (mm < end) {
        uint32_t size = *(const uint32_t *)mm;
        uint32_t base = *(const uint32_t *)(mm + 4);
        uint32_t len = *(const uint32_t *)(mm + 12);
        uint32_t type = *(const uint32_t *)(mm + 20);
        if (type == 1 && base == 0) {
            ram_low = len;
        }
        if (type == 1 && base == 0x100000) {
            ram_high = len;
        }
        mm += size + 4;
    }
    if (ram_low != 0x9fc00) {
        return fail(12, "mmap low RAM", ram_low);
    }
    if (ram_high != EXPECT_MEM_UPPER * 1024) {
        return fail(13, "mmap high RAM", ram_high);
    }
    /* the stack and RAM above 1 MiB work */
    bss_probe[3] = 0xcafe;
    if (bss_probe[3] != 0xcafe) {
        return fail(14, "RAM write", bss_probe[3]);
    }
    puts_e9("mbtest: all checks passed\n");
    return 0;
}
