/* Output, checks and descriptor helpers for the protected-mode guests. */
#include "guest32.h"

const char *test_name = "guest";

void putc32(char c)
{
    outb(DEBUGCON_PORT, (uint8_t)c);
}

void puts32(const char *s)
{
    while (*s) {
        putc32(*s++);
    }
}

void puthex32(uint32_t v)
{
    puts32("0x");
    for (int i = 28; i >= 0; i -= 4) {
        putc32("0123456789abcdef"[(v >> i) & 15]);
    }
}

void putdec32(uint32_t v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        putc32(buf[--n]);
    }
}

void fail(int code, const char *what)
{
    puts32(test_name);
    puts32(": FAIL check ");
    putdec32((uint32_t)code);
    puts32(": ");
    puts32(what);
    puts32("\n");
    exit32((uint8_t)code);
}

void check_eq(int code, const char *what, uint32_t got, uint32_t want)
{
    if (got != want) {
        puts32(test_name);
        puts32(": FAIL check ");
        putdec32((uint32_t)code);
        puts32(": ");
        puts32(what);
        puts32(" = ");
        puthex32(got);
        puts32(", expected ");
        puthex32(want);
        puts32("\n");
        exit32((uint8_t)code);
    }
}

void report_unexpected(void);
void report_unexpected(void)
{
    puts32(test_name);
    puts32(": unexpected exception ");
    putdec32(exc_vector);
    puts32(" error ");
    puthex32(exc_error);
    puts32(" at ");
    puthex32(exc_cs);
    puts32(":");
    puthex32(exc_eip);
    puts32(" cr2 ");
    puthex32(exc_cr2);
    puts32("\n");
}

void gdt_set(int index, uint32_t base, uint32_t limit, uint32_t access,
             uint32_t flags)
{
    volatile uint32_t *d = (volatile uint32_t *)(GDT_ADDR + index * 8);
    d[0] = (limit & 0xffff) | (base << 16);
    d[1] = ((base >> 16) & 0xff) | (access << 8) | (limit & 0xf0000) |
           ((flags & 0xf) << 20) | (base & 0xff000000);
}

uint64_t gdt_get(int index)
{
    volatile uint32_t *d = (volatile uint32_t *)(GDT_ADDR + index * 8);
    return d[0] | ((uint64_t)d[1] << 32);
}

void gdt_set_gate(int index, uint16_t sel, uint32_t offset, uint8_t type,
                  int dpl, int param_count)
{
    volatile uint32_t *d = (volatile uint32_t *)(GDT_ADDR + index * 8);
    d[0] = (offset & 0xffff) | ((uint32_t)sel << 16);
    d[1] = (offset & 0xffff0000) | 0x8000 | ((uint32_t)dpl << 13) |
           ((uint32_t)type << 8) | (param_count & 31);
}

void idt_set_gate(int vec, uint16_t sel, uint32_t offset, uint8_t type, int dpl)
{
    volatile uint32_t *d = (volatile uint32_t *)(IDT_ADDR + vec * 8);
    d[0] = (offset & 0xffff) | ((uint32_t)sel << 16);
    d[1] = (offset & 0xffff0000) | 0x8000 | ((uint32_t)dpl << 13) |
           ((uint32_t)type << 8);
}

void idt_restore(int vec)
{
    uint32_t h =
        vec < 64 ? (uint32_t)exc_stubs + 16 * vec : (uint32_t)exc_stub_other;
    idt_set_gate(vec, SEL_CODE32, h, GATE_INT32, 0);
}

void idt_setup(void);
void idt_setup(void)
{
    for (int v = 0; v < 256; v++) {
        idt_restore(v);
    }
}
