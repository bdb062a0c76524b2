/* C side of the protected-mode guests (crt32.S + lib32.c). Freestanding:
 * no libc. Initialised variables are copied to RAM at start-up. */
#ifndef GUEST32_H
#define GUEST32_H

#include <stdint.h>

#include "guest.h"

/* Exception details recorded by crt32's handler. */
extern volatile uint32_t exc_vector, exc_error, exc_eip, exc_cs, exc_eflags,
    exc_cr2, exc_count, exc_frame;
/* Optional hook called on every exception: return non-zero to IRET back
 * (the frame at exc_frame, error code already removed). */
extern int (*volatile exc_handler)(void);

/* Runs fn(arg): -1 if it returned, else the vector it raised. */
int catch_call(void (*fn)(void *), void *arg);
extern char exc_stubs[], exc_stub_other[];

void putc32(char c);
void puts32(const char *s);
void puthex32(uint32_t v);
void putdec32(uint32_t v);
__attribute__((noreturn)) void exit32(uint8_t v);
__attribute__((noreturn)) void fail(int code, const char *what);
void check_eq(int code, const char *what, uint32_t got, uint32_t want);
/* A failing check reports "<name>: check N ..." */
extern const char *test_name;

/* Descriptors. */
void gdt_set(int index, uint32_t base, uint32_t limit, uint32_t access,
             uint32_t flags);
void gdt_set_gate(int index, uint16_t sel, uint32_t offset, uint8_t type,
                  int dpl, int param_count);
void idt_set_gate(int vec, uint16_t sel, uint32_t offset, uint8_t type,
                  int dpl);
void idt_restore(int vec); /* back to crt32's stub, DPL 0 */
uint64_t gdt_get(int index);

#define GATE_CALL32 0xc
#define GATE_INT32  0xe
#define GATE_TRAP32 0xf
#define GATE_TASK   0x5

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint32_t read_cr0(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}
static inline void write_cr0(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory");
}
static inline uint32_t read_cr2(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}
static inline uint32_t read_cr3(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}
static inline void write_cr3(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}
static inline void invlpg(uint32_t a)
{
    __asm__ volatile("invlpg (%0)" ::"r"(a) : "memory");
}
static inline uint32_t read_eflags(void)
{
    uint32_t v;
    __asm__ volatile("pushfl; popl %0" : "=r"(v));
    return v;
}

#define CHECK(code, cond)                                                      \
    do {                                                                       \
        if (!(cond))                                                           \
            fail(code, #cond);                                                 \
    } while (0)

#define CHECK_EQ(code, got, want)                                              \
    check_eq(code, #got, (uint32_t)(got), (uint32_t)(want))

#endif
