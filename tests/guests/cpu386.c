/* What test386.asm (a third-party 386 test ROM) found, each checked here:
 * LOCK is #UD unless it prefixes a read-modify-write of memory; ENTER
 * with a 32-bit operand on a 16-bit stack pushes and keeps the whole
 * stack pointer register as its frame (ESP's top half), sets only BP,
 * and faults when its final stack pointer cannot be written; 16-bit SHLD
 * shifts the destination's bits out of its top. Two undefined corners as
 * the 386 has them (run again with --cpu=386; later CPUs differ): POPAD
 * on a 16-bit stack keeps the popped ESP's top half, and a SIB byte with
 * no index but SS > 0 scales the base. */
#include "guest32.h"

#define SEL_S16 0x38 /* 16-bit stack (B=0), base 0x40000, limit 64 KiB */
#define SEL_S32 0x40 /* 32-bit stack (B=1), base 0x50000, limit 1 MiB */

volatile uint32_t mem_word = 5;
volatile uint32_t saved_esp, r_esp, r_ebp;
static volatile uint16_t sel_s16 = SEL_S16, sel_data32 = SEL_DATA32;

/* ---- 1. LOCK ---- */
static void lock_mov(void *a)
{
    (void)a;
    __asm__ volatile(".byte 0xf0\n movl %%eax, mem_word" ::"a"(1) : "memory");
}
static void lock_add_mem(void *a)
{
    (void)a;
    __asm__ volatile("lock addl %%eax, mem_word" ::"a"(3) : "memory");
}
static void lock_add_reg(void *a)
{
    (void)a;
    __asm__ volatile(".byte 0xf0, 0x01, 0xd8" ::
                         : "eax", "cc"); /* add eax,ebx */
}
static void lock_bt(void *a)
{
    (void)a;
    __asm__ volatile(".byte 0xf0\n btl %%eax, mem_word" ::"a"(0)
                     : "memory", "cc");
}
static void lock_bts(void *a)
{
    (void)a;
    __asm__ volatile("lock btsl %%eax, mem_word" ::"a"(4) : "memory", "cc");
}
static void lock_cmp(void *a)
{
    (void)a;
    __asm__ volatile(".byte 0xf0\n cmpl %%eax, mem_word" ::"a"(0)
                     : "memory", "cc");
}
static void lock_xchg(void *a)
{
    uint32_t v = 7;
    (void)a;
    __asm__ volatile("lock xchgl %0, mem_word" : "+r"(v)::"memory");
}
static void lock_nop(void *a)
{
    (void)a;
    __asm__ volatile(".byte 0xf0, 0x90");
}

static void test_lock(void)
{
    mem_word = 5;
    CHECK_EQ(1, catch_call(lock_mov, 0), 6);
    CHECK_EQ(2, mem_word, 5); /* nothing written */
    CHECK_EQ(3, catch_call(lock_add_mem, 0), -1);
    CHECK_EQ(4, mem_word, 8);
    CHECK_EQ(5, catch_call(lock_add_reg, 0), 6);
    CHECK_EQ(6, catch_call(lock_bt, 0), 6);
    CHECK_EQ(7, catch_call(lock_bts, 0), -1);
    CHECK_EQ(8, mem_word, 0x18);
    CHECK_EQ(9, catch_call(lock_cmp, 0), 6);
    CHECK_EQ(10, catch_call(lock_xchg, 0), -1);
    CHECK_EQ(11, mem_word, 7);
    CHECK_EQ(12, catch_call(lock_nop, 0), 6);
    puts32("cpu386: lock ok\n");
}

/* ---- 2. ENTER ---- */
/* o32 enter 8,LEVEL on SEL_S16 with ESP = 0x10000, EBP = ebp (the level
 * is an immediate: one asm block per level). */
#define ENTER16(ebp, level)                                                    \
    __asm__ volatile("mov %%esp, saved_esp\n"                                  \
                     "push %%ebp\n"                                            \
                     "mov %0, %%ebp\n"                                         \
                     "mov %1, %%ss\n"                                          \
                     "mov $0x10000, %%esp\n"                                   \
                     "enter $8, $" #level "\n"                                 \
                     "mov %%esp, r_esp\n"                                      \
                     "mov %%ebp, r_ebp\n"                                      \
                     "mov %2, %%ss\n"                                          \
                     "mov saved_esp, %%esp\n"                                  \
                     "mov -4(%%esp), %%ebp\n" ::"r"(ebp),                      \
                     "r"(SEL_S16), "r"(SEL_DATA32)                             \
                     : "memory")

static void enter16(uint32_t ebp, int level)
{
    if (level) {
        ENTER16(ebp, 1);
    } else {
        ENTER16(ebp, 0);
    }
}

/* enter 0x200,0 with ESP = 0x100 on SEL_S32: the final ESP wraps past
 * the segment's limit, #SS(0) */
static void enter_final_fault(void *a)
{
    (void)a;
    __asm__ volatile("mov %0, %%ss\n"
                     "mov $0x100, %%esp\n"
                     "enter $0x200, $0\n" ::"r"(SEL_S32)
                     : "memory");
}

static void test_enter(void)
{
    volatile uint32_t *s16 = (volatile uint32_t *)0x40000;

    gdt_set(SEL_S16 >> 3, 0x40000, 0xffff, 0x93, 0x0);
    gdt_set(SEL_S32 >> 3, 0x50000, 0xfffff, 0x93, 0x4);
    /* SP 0 - 4 wraps to 0xFFFC; ESP keeps 0x0001 on top */
    enter16(0xabcd1234, 0);
    CHECK_EQ(20, r_esp, 0x1fff4);
    CHECK_EQ(21, r_ebp, 0xabcdfffc); /* only BP */
    CHECK_EQ(22, s16[0xfffc / 4], 0xabcd1234);
    enter16(0x5555aaaa, 1);
    CHECK_EQ(23, r_esp, 0x1fff0);
    CHECK_EQ(24, r_ebp, 0x5555fffc);
    CHECK_EQ(25, s16[0xfff8 / 4], 0x1fffc); /* the frame: ESP, top kept */
    CHECK_EQ(26, catch_call(enter_final_fault, 0), 12);
    CHECK_EQ(27, exc_error, 0);
    puts32("cpu386: enter ok\n");
}

/* ---- 3. 16-bit SHLD/SHRD ---- */
static uint32_t shxd16(int left, uint32_t a, uint32_t b, uint8_t c,
                       uint32_t *cf)
{
    uint32_t fl;
    if (left) {
        __asm__ volatile("shldw %%cl, %%dx, %%ax\npushf\npop %1"
                         : "+a"(a), "=r"(fl)
                         : "d"(b), "c"(c)
                         : "cc");
    } else {
        __asm__ volatile("shrdw %%cl, %%dx, %%ax\npushf\npop %1"
                         : "+a"(a), "=r"(fl)
                         : "d"(b), "c"(c)
                         : "cc");
    }
    *cf = fl & 1;
    return a & 0xffff;
}

static void test_shxd(void)
{
    static const struct {
        uint8_t left, count;
        uint16_t r, cf;
    } cases[] = {{1, 4, 0x234a, 1},  {1, 8, 0x34ab, 0}, {1, 12, 0x4abc, 1},
                 {1, 16, 0xabcd, 0}, {0, 4, 0xd123, 0}, {0, 8, 0xcd12, 0},
                 {0, 12, 0xbcd1, 0}, {0, 16, 0xabcd, 0}};
    uint32_t cf;

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        CHECK_EQ(30 + 2 * (int)i,
                 shxd16(cases[i].left, 0x1234, 0xabcd, cases[i].count, &cf),
                 cases[i].r);
        CHECK_EQ(31 + 2 * (int)i, cf, cases[i].cf);
    }
    CHECK_EQ(50, shxd16(1, 0, 0x8000, 8, &cf), 0x80);
    puts32("cpu386: shld/shrd ok\n");
}

/* ---- 4. the 386's undefined corners ---- */
static int is_386(void)
{
    uint32_t a, b;
    /* EFLAGS.AC (bit 18) cannot be set on a 386 */
    __asm__ volatile("pushf\npop %0\nmov %0, %1\nxor $0x40000, %0\n"
                     "push %0\npopf\npushf\npop %0\npush %1\npopf"
                     : "=&r"(a), "=&r"(b)::"cc");
    return !((a ^ b) & 0x40000);
}

static void test_undef(void)
{
    volatile uint32_t *s16 = (volatile uint32_t *)0x40000;
    uint32_t ea, base = 0x10;
    int on_386 = is_386();

    /* o32 popa on SEL_S16 at SP 0xFFE0: ESP's slot holds 0xDEADBEEF */
    for (int i = 0; i < 8; i++) {
        s16[0xffe0 / 4 + i] = 0x11111111u * (uint32_t)(8 - i);
    }
    s16[0xffe0 / 4 + 3] = 0xdeadbeef;
    __asm__ volatile("mov %%esp, saved_esp\n"
                     "push %%ebp\n"
                     "mov %0, %%ss\n"
                     "mov $0x0001ffe0, %%esp\n"
                     "popal\n"
                     "mov %%esp, r_esp\n"
                     "mov %1, %%ss\n"
                     "mov saved_esp, %%esp\n"
                     "mov -4(%%esp), %%ebp\n" ::"m"(sel_s16),
                     "m"(sel_data32)
                     : "eax", "ebx", "ecx", "edx", "esi", "edi", "memory");
    CHECK_EQ(60, r_esp, on_386 ? 0xdead0000 : 0x00010000);
    /* lea eax, [ebx + eiz*4] with SIB 0xA3 (SS 2, index 4, base EBX) */
    __asm__ volatile(".byte 0x8d, 0x04, 0xa3" : "=a"(ea) : "b"(base));
    CHECK_EQ(61, ea, on_386 ? base << 2 : base);
    puts32(on_386 ? "cpu386: the 386's undefined corners ok\n"
                  : "cpu386: undefined corners as after the 386 ok\n");
}

int main32(void);
int main32(void)
{
    test_name = "cpu386";
    test_lock();
    test_enter();
    test_shxd();
    test_undef();
    puts32("cpu386: all ok\n");
    return 0;
}
