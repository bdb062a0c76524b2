/* The x87 in the CPU (issue 13), run on the default CPU (586) and with
 * --cpu 686: power-on and FNINIT state, CPUID/CR0.ET, 480 arithmetic,
 * compare, load and store cases with the host x87's bits
 * (fpu-expected.inc), the constants in every rounding mode, stack
 * overflow and underflow, FXAM of an empty register, FSTSW AX, the
 * instruction/operand pointers, FNSTENV/FNSAVE/FRSTOR in the 32- and
 * 16-bit protected-mode layouts, #NM (TS, EM, MP), #MF with CR0.NE, the
 * P6's FCOMI/FUCOMIP/FCMOVcc and FXSAVE/FXRSTOR (#UD on the 586), and
 * unmasked overflow and underflow (bias-adjusted results, no store). */
#include "guest32.h"
#include "fpu-ops.h"
#include "fpu-values.h"

typedef struct FpuCase {
    uint8_t op, cw, a, b, m;
    uint64_t lo;
    uint16_t hi, sw;
} FpuCase;

static const FpuCase cases[] = {
#include "fpu-expected.inc"
};

/* F2XM1 FYL2X FYL2XP1 FPTAN FPATAN FSIN FCOS FSINCOS: within one ulp of
 * the host's x87 (C1, "rounded up", may differ with the last bit) */
static const FpuCase trans_cases[] = {
#include "fpu-expected-trans.inc"
};

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *d)
{
    uint32_t b, c;
    __asm__ volatile("cpuid"
                     : "=a"(*a), "=b"(b), "=c"(c), "=d"(*d)
                     : "a"(leaf));
}

static uint16_t fnstsw(void)
{
    uint16_t sw;
    __asm__ volatile("fnstsw %0" : "=m"(sw));
    return sw;
}

static uint16_t fnstcw(void)
{
    uint16_t cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    return cw;
}

static void fldcw(uint16_t cw)
{
    __asm__ volatile("fldcw %0" ::"m"(cw));
}

static X80 fstpt(void)
{
    X80 v;
    __asm__ volatile("fstpt %0" : "=m"(v));
    return v;
}

static void check_x80(int code, X80 v, uint16_t hi, uint64_t lo)
{
    CHECK_EQ(code, v.hi, hi);
    CHECK_EQ(code, (uint32_t)(v.lo >> 32), (uint32_t)(lo >> 32));
    CHECK_EQ(code, (uint32_t)v.lo, (uint32_t)lo);
}

static void test_state(void)
{
    uint32_t env[7], a, d;

    /* power-on (SDM vol. 3 table 9-1): CW 0040, TW 5555 */
    __asm__ volatile("fnstenv %0" : "=m"(env));
    CHECK_EQ(1, env[0] & 0xffff, 0x0040);
    CHECK_EQ(2, env[1] & 0xffff, 0);
    CHECK_EQ(3, env[2] & 0xffff, 0x5555);
    __asm__ volatile("fninit");
    CHECK_EQ(4, fnstcw(), 0x037f);
    CHECK_EQ(5, fnstsw(), 0);
    __asm__ volatile("fnstenv %0" : "=m"(env));
    CHECK_EQ(6, env[2] & 0xffff, 0xffff);
    CHECK_EQ(7, read_cr0() & 0x10, 0x10); /* ET: a 387-class x87 */
    cpuid(1, &a, &d);
    CHECK_EQ(8, d & 1, 1);                            /* CPUID.1:EDX.FPU */
    CHECK_EQ(9, (d >> 24) & 1, ((a >> 8) & 15) >= 6); /* FXSR on the P6 */
}

/* a and b are the same or neighbours (one ulp of a 64-bit significand) */
static int within_ulp(X80 a, uint16_t hi, uint64_t lo)
{
    if (a.hi == hi) {
        return a.lo == lo || a.lo - lo == 1 || lo - a.lo == 1;
    }
    /* across a power of two: 1.111..1 x 2^e next to 1.000..0 x 2^(e+1) */
    return (a.hi == hi + 1 && a.lo == 0x8000000000000000ull && lo == ~0ull) ||
           (hi == a.hi + 1 && lo == 0x8000000000000000ull && a.lo == ~0ull);
}

static int run_cases(const FpuCase *cs, unsigned n, int ulp)
{
    int bad = 0;

    for (unsigned i = 0; i < n; i++) {
        const FpuCase *c = &cs[i];
        X80 r = FPU_R_INIT, m = fpu_mvals[c->m];
        uint16_t sw, swmask = ulp ? (uint16_t)~0x0200 : 0xffff;
        int ok;
        x87_run(c->op, fpu_cws[c->cw], &fpu_vals[c->a], &fpu_vals[c->b], &m, &r,
                &sw);
        ok = ulp ? within_ulp(r, c->hi, c->lo) && !((sw ^ c->sw) & swmask)
                 : r.lo == c->lo && r.hi == c->hi && sw == c->sw;
        if (!ok) {
            puts32("fpu: case ");
            putdec32(i);
            puts32(" ");
            puts32(x87_names[c->op]);
            puts32(" got ");
            puthex32(r.hi);
            puthex32((uint32_t)(r.lo >> 32));
            puthex32((uint32_t)r.lo);
            puts32(" sw ");
            puthex32(sw);
            puts32(" want ");
            puthex32(c->hi);
            puthex32((uint32_t)(c->lo >> 32));
            puthex32((uint32_t)c->lo);
            puts32(" sw ");
            puthex32(c->sw);
            puts32("\n");
            bad++;
        }
    }
    return bad;
}

static void test_cases(void)
{
    CHECK_EQ(20, run_cases(cases, sizeof(cases) / sizeof(cases[0]), 0), 0);
    CHECK_EQ(
        21,
        run_cases(trans_cases, sizeof(trans_cases) / sizeof(trans_cases[0]), 1),
        0);
}

/* FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 under RC = nearest, down, up, chop */
static void test_constants(void)
{
    static const uint32_t low[5][4] = {
        {0xcd1b8afe, 0xcd1b8afe, 0xcd1b8aff, 0xcd1b8afe},
        {0x5c17f0bc, 0x5c17f0bb, 0x5c17f0bc, 0x5c17f0bb},
        {0x2168c235, 0x2168c234, 0x2168c235, 0x2168c234},
        {0xfbcff799, 0xfbcff798, 0xfbcff799, 0xfbcff798},
        {0xd1cf79ac, 0xd1cf79ab, 0xd1cf79ac, 0xd1cf79ab},
    };
    for (int rc = 0; rc < 4; rc++) {
        X80 v[5];
        __asm__ volatile("fninit");
        fldcw(0x037f | rc << 10);
        __asm__ volatile("fldl2t\n fstpt %0\n fldl2e\n fstpt %1\n fldpi\n"
                         " fstpt %2\n fldlg2\n fstpt %3\n fldln2\n fstpt %4"
                         : "=m"(v[0]), "=m"(v[1]), "=m"(v[2]), "=m"(v[3]),
                           "=m"(v[4]));
        for (int k = 0; k < 5; k++) {
            CHECK_EQ(30 + k, (uint32_t)v[k].lo, low[k][rc]);
        }
        CHECK_EQ(35, fnstsw() & 0x3f, 0); /* exact by definition */
    }
    __asm__ volatile("fninit\n fld1\n fldz");
    CHECK_EQ(36, fstpt().hi, 0);
    check_x80(37, fstpt(), 0x3fff, 0x8000000000000000ull);
}

static void test_stack(void)
{
    uint16_t sw;

    /* overflow: the ninth push sets IE, SF and C1 and loads the QNaN
     * indefinite (masked) */
    __asm__ volatile("fninit\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n"
                     " fld1\n fld1");
    CHECK_EQ(40, fnstsw(), 0x0000); /* TOP wrapped back to 0 */
    __asm__ volatile("fldpi");
    sw = fnstsw();
    CHECK_EQ(41, sw & 0x3fff, 0x3a41); /* TOP 7, C1, SF, IE */
    check_x80(42, fstpt(), 0xffff, 0xc000000000000000ull);
    /* underflow: an empty operand gives IE, SF, C1 = 0 and the indefinite */
    __asm__ volatile("fninit\n fld1\n .byte 0xd8, 0xc1"); /* fadd st,st1 */
    sw = fnstsw();
    CHECK_EQ(43, sw & 0x3fff, 0x3841);
    check_x80(44, fstpt(), 0xffff, 0xc000000000000000ull);
    /* FXAM of an empty register: C3 and C0 */
    __asm__ volatile("fninit\n fxam");
    CHECK_EQ(45, fnstsw() & 0x4500, 0x4100);
    /* FSTP to memory of an empty ST0: the masked store of the indefinite */
    {
        uint32_t f = 0;
        __asm__ volatile("fninit\n fstps %0" : "=m"(f));
        CHECK_EQ(46, f, 0xffc00000);
        CHECK_EQ(47, fnstsw() & 0x3fff, 0x0841); /* popped: TOP 1 */
    }
    /* unmasked stack fault: nothing written, nothing pushed, ES and B */
    __asm__ volatile("fninit");
    fldcw(0x037e);
    __asm__ volatile("fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n"
                     " fldz");
    sw = fnstsw();
    CHECK_EQ(48, sw, 0x8000 | 0x0200 | 0x00c1);
    __asm__ volatile("fnclex");
    check_x80(49, fstpt(), 0x3fff, 0x8000000000000000ull); /* the 8th */
    __asm__ volatile("fninit");
}

static volatile float fvar = 1.5f;
static volatile uint16_t ax_sw;

static void test_pointers(void)
{
    uint32_t env[7], env2[7], ip;

    __asm__ volatile("fninit\n 1: flds %1\n movl $1b, %0"
                     : "=r"(ip)
                     : "m"(fvar));
    __asm__ volatile("fnstenv %0" : "=m"(env));
    CHECK_EQ(50, env[3], ip);
    CHECK_EQ(51, env[4] & 0xffff, 0x08);
    CHECK_EQ(52, env[4] >> 16, 0x105); /* D9 05: flds [disp32] */
    CHECK_EQ(53, env[5], (uint32_t)&fvar);
    CHECK_EQ(54, env[6] & 0xffff, 0x10);
    CHECK_EQ(55, env[0] & 0xffff, 0x037f);
    /* FNSTENV masked every exception; control instructions keep the
     * pointers */
    CHECK_EQ(56, fnstcw(), 0x037f);
    __asm__ volatile("fnstcw %0\n fnstenv %1" : "=m"(ax_sw), "=m"(env2));
    CHECK_EQ(57, env2[3], ip);
    CHECK_EQ(58, env2[5], (uint32_t)&fvar);
    /* a register instruction: FIP and FOP, the operand pointer stays */
    __asm__ volatile("1: fadd %%st(0), %%st(0)\n movl $1b, %0" : "=r"(ip));
    __asm__ volatile("fnstenv %0" : "=m"(env));
    CHECK_EQ(59, env[3], ip);
    CHECK_EQ(60, env[4] >> 16, 0x0c0); /* D8 C0 */
    CHECK_EQ(61, env[5], (uint32_t)&fvar);
    /* FSTSW AX and FNSTSW m16 agree */
    {
        uint16_t ax;
        __asm__ volatile("fninit\n fld1\n fldz\n fcom %%st(1)\n fstsw %%ax"
                         : "=a"(ax));
        CHECK_EQ(62, ax, fnstsw());
        CHECK_EQ(63, ax, 0x3100); /* TOP 6, C0: 0 < 1 */
    }
}

static void test_save(void)
{
    uint8_t buf[108];
    uint16_t *w = (uint16_t *)buf;
    uint32_t *d = (uint32_t *)buf;
    X80 st;

    __asm__ volatile("fninit\n fld1\n fldpi\n fldz");
    fldcw(0x0a7f);
    __asm__ volatile("fnsave %0" : "=m"(buf));
    CHECK_EQ(70, d[0], 0xffff0a7f);
    CHECK_EQ(71, d[1] & 0xffff, 0x2800); /* TOP 5 */
    CHECK_EQ(72, d[2] & 0xffff, 0x07ff); /* ST0 zero, ST1/ST2 valid */
    CHECK_EQ(73, w[14], 0);              /* ST0 = +0 */
    CHECK_EQ(74, w[18], 0);              /* its exponent */
    CHECK_EQ(75, *(uint32_t *)(buf + 38), 0x2168c235); /* ST1 = pi */
    CHECK_EQ(76, w[(28 + 20 + 8) / 2], 0x3fff);        /* ST2 = 1 */
    CHECK_EQ(77, fnstcw(), 0x037f); /* FNSAVE reinitialised */
    CHECK_EQ(78, fnstsw(), 0);
    __asm__ volatile("frstor %0" ::"m"(buf));
    CHECK_EQ(79, fnstcw(), 0x0a7f);
    CHECK_EQ(80, fnstsw() & 0x3800, 0x2800);
    (void)fstpt();
    st = fstpt();
    check_x80(81, st, 0x4000, 0xc90fdaa22168c235ull);
    /* the 16-bit protected-mode layout: 14 + 80 bytes */
    __asm__ volatile("fninit\n fld1");
    __asm__ volatile(".byte 0x66\n fnsave %0" : "=m"(buf));
    CHECK_EQ(82, w[0], 0x037f);
    CHECK_EQ(83, w[1], 0x3800);
    CHECK_EQ(84, w[2], 0x3fff);
    CHECK_EQ(85, w[4], 0x08);       /* FCS */
    CHECK_EQ(86, w[7 + 4], 0x3fff); /* ST0 = 1 at byte 14 */
    __asm__ volatile(".byte 0x66\n frstor %0" ::"m"(buf));
    check_x80(87, fstpt(), 0x3fff, 0x8000000000000000ull);
    __asm__ volatile("fninit");
}

static void do_fld1(void *arg)
{
    (void)arg;
    __asm__ volatile("fld1\n fstp %st(0)");
}
static void do_fwait(void *arg)
{
    (void)arg;
    __asm__ volatile("fwait");
}
static uint32_t mf_ip;
static void do_mf(void *arg)
{
    (void)arg;
    __asm__ volatile("fld1\n fldz\n .byte 0xde, 0xf9\n movl $1f, %0\n 1: fld1"
                     : "=m"(mf_ip));
}

static void test_exceptions(void)
{
    uint32_t cr0 = read_cr0();

    write_cr0(cr0 | 0x8); /* TS */
    CHECK_EQ(90, catch_call(do_fld1, 0), 7);
    CHECK_EQ(91, catch_call(do_fwait, 0), -1); /* WAIT: only with MP */
    write_cr0(cr0 | 0xa);                      /* TS, MP */
    CHECK_EQ(92, catch_call(do_fwait, 0), 7);
    write_cr0(cr0 | 0x4); /* EM */
    CHECK_EQ(93, catch_call(do_fld1, 0), 7);
    CHECK_EQ(94, catch_call(do_fwait, 0), -1);
    write_cr0(cr0);
    __asm__ volatile("clts");
    /* #MF: an unmasked zero divide is reported at the next waiting
     * instruction, with CR0.NE */
    write_cr0(cr0 | 0x20);
    __asm__ volatile("fninit");
    fldcw(0x037b);
    CHECK_EQ(95, catch_call(do_mf, 0), 16);
    CHECK_EQ(96, exc_eip, mf_ip);
    CHECK_EQ(97, fnstsw() & 0x80ff, 0x8084); /* B, ES, ZE */
    __asm__ volatile("fnclex");
    CHECK_EQ(98, fnstsw() & 0x80ff, 0);
    /* CR0.NE = 0 and nothing on FERR#: no #MF, the instruction runs */
    write_cr0(cr0 & ~0x20u);
    __asm__ volatile("fninit");
    fldcw(0x037b);
    CHECK_EQ(99, catch_call(do_mf, 0), -1);
    __asm__ volatile("fninit");
    write_cr0(cr0);
}

/* FS: data, base 0x30000, limit 0xFFF: an 8-byte operand at 0xFFC
 * crosses the limit (#GP(0) before anything changes) */
#define SEL_SMALL 0x38
static volatile uint32_t *const small_mem = (volatile uint32_t *)0x30ffc;
static void do_fld_limit(void *arg)
{
    (void)arg;
    __asm__ volatile("mov %0, %%fs\n fldl %%fs:0xffc" ::"r"(SEL_SMALL));
}
static void do_fstp_limit(void *arg)
{
    (void)arg;
    __asm__ volatile("mov %0, %%fs\n fstpl %%fs:0xffc" ::"r"(SEL_SMALL));
}
static void do_fnsave_limit(void *arg)
{
    (void)arg;
    __asm__ volatile("mov %0, %%fs\n fnsave %%fs:0xfa0" ::"r"(SEL_SMALL));
}

/* A faulting memory operand leaves the x87 as it was: the instruction
 * restarts cleanly */
static void test_faults(void)
{
    uint32_t env[7], env2[7];

    gdt_set(SEL_SMALL >> 3, 0x30000, 0xfff, 0x93, 0x4);
    *small_mem = 0x12345678;
    __asm__ volatile("fninit\n fld1\n fldpi");
    __asm__ volatile("fnstenv %0\n fldcw %1" : "=m"(env) : "m"(env[0]));
    CHECK_EQ(130, catch_call(do_fld_limit, 0), 13);
    CHECK_EQ(131, catch_call(do_fstp_limit, 0), 13);
    CHECK_EQ(132, catch_call(do_fnsave_limit, 0), 13);
    __asm__ volatile("fnstenv %0\n fldcw %1" : "=m"(env2) : "m"(env2[0]));
    for (int i = 0; i < 7; i++) {
        CHECK_EQ(133 + i, env2[i], env[i]); /* TOP, tags, pointers */
    }
    CHECK_EQ(140, *small_mem, 0x12345678); /* nothing stored */
    check_x80(141, fstpt(), 0x4000, 0xc90fdaa22168c235ull);
    __asm__ volatile("fninit");
}

static void do_fcomi(void *arg)
{
    (void)arg;
    __asm__ volatile("fninit\n fld1\n fldz\n .byte 0xdb, 0xf1"); /* fcomi */
}
static void do_fcmov(void *arg)
{
    (void)arg;
    __asm__ volatile("fninit\n fld1\n fldz\n .byte 0xda, 0xc1"); /* fcmovb */
}
static uint8_t fxbuf[512 + 16] __attribute__((aligned(16)));
static void do_fxsave(void *arg)
{
    __asm__ volatile("fxsave %0" : "=m"(*(uint8_t *)arg));
}

static void test_p6(void)
{
    uint32_t fl, cr0 = read_cr0();
    uint16_t *w = (uint16_t *)fxbuf;

    /* FCOMI 0 < 1: CF; FUCOMIP pops; equal: ZF; NaN: ZF PF CF */
    __asm__ volatile("fninit\n fld1\n fldz\n .byte 0xdb, 0xf1\n pushfl\n"
                     " popl %0"
                     : "=r"(fl));
    CHECK_EQ(100, fl & 0x8d5, 0x01);
    __asm__ volatile("fld1\n .byte 0xdf, 0xea\n pushfl\n popl %0" /* fucomip */
                     : "=r"(fl));
    CHECK_EQ(101, fl & 0x8d5, 0x40);
    CHECK_EQ(102, fnstsw() & 0x3800, 0x3000);
    __asm__ volatile("fninit\n fld1\n fldz\n fdiv %%st(0), %%st(0)\n"
                     " .byte 0xdb, 0xe9\n pushfl\n popl %0" /* fucomi */
                     : "=r"(fl));
    CHECK_EQ(103, fl & 0x8d5, 0x45);
    /* FCMOVB after CF=1 moves, FCMOVNB does not */
    __asm__ volatile("fninit\n fld1\n fldz\n stc\n .byte 0xda, 0xc1");
    check_x80(104, fstpt(), 0x3fff, 0x8000000000000000ull);
    __asm__ volatile("fninit\n fld1\n fldz\n stc\n .byte 0xdb, 0xc1");
    CHECK_EQ(105, fstpt().hi, 0);
    /* FXSAVE: the x87 image */
    __asm__ volatile("fninit\n fld1\n fldpi");
    fldcw(0x027f);
    __asm__ volatile("1: fldz\n fxsave %0" : "=m"(fxbuf));
    CHECK_EQ(106, w[0], 0x027f);
    CHECK_EQ(107, w[1], 0x2800);
    CHECK_EQ(108, fxbuf[4], 0xe0);        /* abridged: physical 5, 6, 7 valid */
    CHECK_EQ(109, w[3], 0x1ee);           /* FOP of fldz: D9 EE */
    CHECK_EQ(110, w[6], 0x08);            /* FCS */
    CHECK_EQ(111, w[16], 0);              /* ST0 = +0 */
    CHECK_EQ(112, w[16 + 8 + 4], 0x4000); /* ST1 = pi, exponent */
    CHECK_EQ(113, w[16 + 16 + 4], 0x3fff); /* ST2 = 1 */
    __asm__ volatile("fninit\n fxrstor %0" ::"m"(fxbuf));
    CHECK_EQ(114, fnstcw(), 0x027f);
    CHECK_EQ(115, fstpt().hi, 0);
    check_x80(116, fstpt(), 0x4000, 0xc90fdaa22168c235ull);
    CHECK_EQ(117, catch_call(do_fxsave, fxbuf + 8), 13); /* misaligned */
    write_cr0(cr0 | 0x8);
    CHECK_EQ(118, catch_call(do_fxsave, fxbuf), 7);
    write_cr0(cr0 | 0x4);
    CHECK_EQ(119, catch_call(do_fxsave, fxbuf), 6);
    write_cr0(cr0);
    __asm__ volatile("fninit");
}

/* OM and UM clear (SDM vol. 1, 8.5.4 and 8.5.5): a result out of range
 * goes to the register with its exponent moved by 24576 and only OE or
 * UE (an exact one raises no PE); a store that over/underflows stores
 * nothing and does not pop. The values are exact powers of two. */
static volatile uint32_t f32_dest;

static void test_bias_adjust(void)
{
    static const X80 big = {0x8000000000000000ull, 0x7e7f};   /* 2^16000 */
    static const X80 small = {0x8000000000000000ull, 0x017f}; /* 2^-16000 */
    static const X80 e200 = {0x8000000000000000ull, 0x40c7};  /* 2^200 */
    uint16_t sw;

    __asm__ volatile("fninit");
    fldcw(0x0367);
    __asm__ volatile("fldt %0\n fmul %%st(0), %%st" ::"m"(big));
    sw = fnstsw();
    CHECK_EQ(130, sw & 0xff, 0x88); /* OE and ES */
    __asm__ volatile("fnclex");
    check_x80(131, fstpt(), 0x5cff,
              0x8000000000000000ull); /* 2^(32000-24576) */
    __asm__ volatile("fldt %0\n fmul %%st(0), %%st" ::"m"(small));
    sw = fnstsw();
    CHECK_EQ(132, sw & 0xff, 0x90); /* UE and ES: exact, so no PE */
    __asm__ volatile("fnclex");
    check_x80(133, fstpt(), 0x22ff,
              0x8000000000000000ull); /* 2^(24576-32000) */
    f32_dest = 0x12345678;
    __asm__ volatile("fldt %1\n fstps %0" : "=m"(f32_dest) : "m"(e200));
    sw = fnstsw();
    CHECK_EQ(134, sw & 0x3fff, 0x3888); /* OE, ES, TOP 7: not popped */
    CHECK_EQ(135, f32_dest, 0x12345678);
    __asm__ volatile("fninit");
    /* the same masked: infinity, stored and popped */
    __asm__ volatile("fldt %1\n fstps %0" : "=m"(f32_dest) : "m"(e200));
    sw = fnstsw();
    CHECK_EQ(136, sw & 0x3fff, 0x0228); /* OE, PE, C1, TOP 0 */
    CHECK_EQ(137, f32_dest, 0x7f800000);
    __asm__ volatile("fninit");
}

static void test_586(void)
{
    CHECK_EQ(120, catch_call(do_fcomi, 0), 6);
    CHECK_EQ(121, catch_call(do_fcmov, 0), 6);
    CHECK_EQ(122, catch_call(do_fxsave, fxbuf), 6);
}

int main32(void);
int main32(void)
{
    uint32_t a = 0, d = 0;

    test_name = "fpu";
    test_state();
    test_cases();
    test_constants();
    test_stack();
    test_pointers();
    test_save();
    test_exceptions();
    test_faults();
    test_bias_adjust();
    cpuid(1, &a, &d);
    if (((a >> 8) & 15) >= 6) {
        test_p6();
    } else {
        test_586();
    }
    puts32("fpu: all ok\n");
    return 0;
}
