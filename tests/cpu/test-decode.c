/*
 * The decoder: lengths and pre-decoded fields of tricky encodings in
 * 16- and 32-bit code.
 */
#include "cpu-fixture.h"
#include "target-i386/translate.h"

static X86Op op;

static int dec16(const uint8_t *b, size_t n)
{
    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, b, n);
    return x86_decode(env, 0x1000, &op);
}

static int dec32(const uint8_t *b, size_t n)
{
    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, b, n);
    env->segs[R_CS].flags |= DESC_B_MASK;
    env->segs[R_SS].flags |= DESC_B_MASK;
    x86_update_hflags(env);
    return x86_decode(env, 0x1000, &op);
}

#define DEC16(...)                                                             \
    dec16((const uint8_t[]){__VA_ARGS__}, sizeof((uint8_t[]){__VA_ARGS__}))
#define DEC32(...)                                                             \
    dec32((const uint8_t[]){__VA_ARGS__}, sizeof((uint8_t[]){__VA_ARGS__}))

static void test_modrm16(void **state)
{
    (void)state;
    /* mov ax,[bp-2]: SS default, 8-bit displacement sign-extended */
    DEC16(0x8b, 0x46, 0xfe);
    assert_int_equal(op.len, 3);
    assert_int_equal(op.seg, R_SS);
    assert_int_equal(op.base, R_EBP);
    assert_int_equal(op.index, NOREG);
    assert_int_equal(op.disp, 0xfffffffe);
    assert_ptr_equal(op.fn, op_mov_ge);
    /* es: mov ax,[bx] */
    DEC16(0x26, 0x8b, 0x07);
    assert_int_equal(op.len, 3);
    assert_int_equal(op.seg, R_ES);
    assert_true(op.pfx & PFX_SEG);
    /* mov ax,[1234h]: mod 0 rm 6 = disp16, DS */
    DEC16(0x8b, 0x06, 0x34, 0x12);
    assert_int_equal(op.len, 4);
    assert_int_equal(op.base, NOREG);
    assert_int_equal(op.disp, 0x1234);
    assert_int_equal(op.seg, R_DS);
    /* add word [bx+si+1234h],5678h */
    DEC16(0x81, 0x80, 0x34, 0x12, 0x78, 0x56);
    assert_int_equal(op.len, 6);
    assert_int_equal(op.base, R_EBX);
    assert_int_equal(op.index, R_ESI);
    assert_int_equal(op.imm, 0x5678);
    assert_int_equal(op.ot, 1);
}

static void test_prefixes_sib(void **state)
{
    (void)state;
    /* 16-bit code: 66 67 mov eax,[eax+ecx*4+12345678h] */
    DEC16(0x66, 0x67, 0x8b, 0x84, 0x88, 0x78, 0x56, 0x34, 0x12);
    assert_int_equal(op.len, 9);
    assert_int_equal(op.dflag, 2);
    assert_int_equal(op.aflag, 2);
    assert_int_equal(op.base, R_EAX);
    assert_int_equal(op.index, R_ECX);
    assert_int_equal(op.scale, 2);
    assert_int_equal(op.disp, 0x12345678);
    /* 32-bit: mov eax,[esp] -> SIB, SS */
    DEC32(0x8b, 0x04, 0x24);
    assert_int_equal(op.len, 3);
    assert_int_equal(op.base, R_ESP);
    assert_int_equal(op.index, NOREG);
    assert_int_equal(op.seg, R_SS);
    /* 32-bit: mov eax,[11223344h] (mod 0 rm 5) */
    DEC32(0x8b, 0x05, 0x44, 0x33, 0x22, 0x11);
    assert_int_equal(op.len, 6);
    assert_int_equal(op.base, NOREG);
    assert_int_equal(op.disp, 0x11223344);
    /* 32-bit: SIB with no index and base EBP, mod 1 -> SS */
    DEC32(0x8b, 0x44, 0x25, 0x08);
    assert_int_equal(op.len, 4);
    assert_int_equal(op.base, R_EBP);
    assert_int_equal(op.index, NOREG);
    assert_int_equal(op.seg, R_SS);
    /* SIB mod 0 base 5: disp32 without base, scaled index */
    DEC32(0x8b, 0x04, 0xcd, 0x00, 0x10, 0x00, 0x00);
    assert_int_equal(op.len, 7);
    assert_int_equal(op.base, NOREG);
    assert_int_equal(op.index, R_ECX);
    assert_int_equal(op.scale, 3);
    /* rep movsw, and the last of F2/F3 wins */
    DEC16(0xf3, 0xa5);
    assert_true(op.pfx & PFX_REPZ);
    DEC16(0xf3, 0xf2, 0xa6);
    assert_true(op.pfx & PFX_REPNZ);
    assert_false(op.pfx & PFX_REPZ);
}

static void test_immediates_branches(void **state)
{
    (void)state;
    /* enter 10h,2 */
    DEC16(0xc8, 0x10, 0x00, 0x02);
    assert_int_equal(op.len, 4);
    assert_int_equal(op.imm, 0x10);
    assert_int_equal(op.imm2, 2);
    /* call far 1234h:5678h */
    assert_int_equal(DEC16(0x9a, 0x78, 0x56, 0x34, 0x12), 1);
    assert_int_equal(op.len, 5);
    assert_int_equal(op.imm, 0x5678);
    assert_int_equal(op.imm2, 0x1234);
    /* jz rel16 -2: absolute target, ends the TB */
    assert_int_equal(DEC16(0x0f, 0x84, 0xfe, 0xff), 1);
    assert_int_equal(op.len, 4);
    assert_int_equal(op.imm, 0x1002);
    /* jmp short back over the top of IP wraps at 64K */
    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x10, (const uint8_t[]){0xeb, 0x80}, 2);
    x86_decode(env, 0x10, &op);
    assert_int_equal(op.imm, (0x12 - 0x80) & 0xffff);
    /* test al,12h has an immediate, not al has none (group 3) */
    DEC16(0xf6, 0xc0, 0x12);
    assert_int_equal(op.len, 3);
    DEC16(0xf6, 0xd0);
    assert_int_equal(op.len, 2);
    /* mov ax,[moffs16] and 32-bit moffs with 67 */
    DEC16(0xa1, 0x34, 0x12);
    assert_int_equal(op.len, 3);
    assert_int_equal(op.disp, 0x1234);
    DEC16(0x67, 0xa1, 0x78, 0x56, 0x34, 0x12);
    assert_int_equal(op.len, 6);
    assert_int_equal(op.disp, 0x12345678);
    /* imul r,r/m,imm8 and 66-prefixed push imm32 */
    DEC16(0x6b, 0xc3, 0xff);
    assert_int_equal(op.len, 3);
    DEC16(0x66, 0x68, 1, 2, 3, 4);
    assert_int_equal(op.len, 6);
    assert_int_equal(op.imm, 0x04030201);
}

static void test_invalid(void **state)
{
    (void)state;
    /* undefined two-byte opcode */
    assert_int_equal(DEC16(0x0f, 0xff), 1);
    assert_ptr_equal(op.fn, op_ud);
    /* 486 opcodes on a 386, CPUID without CPUID */
    cpu_fixture_reset(X86_CPU_386);
    put_bytes(0x1000, (const uint8_t[]){0x0f, 0xc8}, 2);
    x86_decode(env, 0x1000, &op);
    assert_ptr_equal(op.fn, op_ud);
    put_bytes(0x1000, (const uint8_t[]){0x0f, 0xa2}, 2);
    x86_decode(env, 0x1000, &op);
    assert_ptr_equal(op.fn, op_ud);
    /* ...exist on a 486 */
    DEC16(0x0f, 0xc8);
    assert_ptr_equal(op.fn, op_bswap);
    /* 16 prefix bytes: longer than 15 -> #GP */
    {
        uint8_t b[17];
        memset(b, 0x26, 16);
        b[16] = 0x90;
        dec16(b, sizeof(b));
        assert_ptr_equal(op.fn, op_ud);
        assert_int_equal(op.imm2, EXCP0D_GPF);
    }
}

/* Translates the code at eip (after dropping the memo when cold) into
 * ops; returns how many. */
static int translate_at(uint32_t eip, X86Op *ops, int max, bool cold)
{
    uint32_t size;

    if (cold) {
        x86_decode_memo_flush();
    }
    return x86_translate_block(env, eip, ops, max, &size);
}

/* The decode memo (D52) gives exactly what decoding gives: random code
 * (and the tricky bytes of this file) translated at one address fills it,
 * then the same bytes at other addresses, 16- and 32-bit, come from it
 * with their own eip, next_eip and branch targets, identical to a cold
 * translation there. */
static void test_decode_memo(void **state)
{
    static const uint32_t at[] = {0x1000, 0x2ff0, 0x5004, 0xfff0};
    static X86Op warm[64], cold[64];
    uint32_t rng = 0x5eed;
    uint32_t hits = x86_decode_memo_hits;

    (void)state;
    for (int round = 0; round < 400; round++) {
        uint8_t code[48];
        bool pm = round & 1;

        for (size_t i = 0; i < sizeof(code); i++) {
            rng ^= rng << 13, rng ^= rng >> 17, rng ^= rng << 5;
            /* branches, prefixes and opcodes with immediates, often */
            code[i] =
                (rng >> 8) & 1
                    ? (uint8_t)rng
                    : (uint8_t[]){
                          0x66, 0x67, 0xe8, 0xe9, 0xeb, 0x74,
                          0x0f, 0x85, 0xe2, 0xe3, 0x26, 0xc7}[(rng >> 9) % 12];
        }
        dec16(code, 0);
        if (pm) {
            env->segs[R_CS].flags |= DESC_B_MASK;
            x86_update_hflags(env);
        }
        put_bytes(at[0], code, sizeof(code));
        translate_at(at[0], warm, 64, true);
        for (size_t a = 1; a < sizeof(at) / sizeof(at[0]); a++) {
            int n, m;
            put_bytes(at[a], code, sizeof(code));
            n = translate_at(at[a], warm, 64, false);
            m = translate_at(at[a], cold, 64, true);
            assert_int_equal(n, m);
            for (int i = 0; i < n; i++) {
                assert_memory_equal(&warm[i], &cold[i], sizeof(X86Op));
            }
            translate_at(at[0], warm, 64, false); /* warm again */
        }
    }
    assert_true(x86_decode_memo_hits - hits > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modrm16),
        cmocka_unit_test(test_prefixes_sib),
        cmocka_unit_test(test_immediates_branches),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_decode_memo),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
