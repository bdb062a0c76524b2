/* emu/fpu against vectors captured from a real x87 (vectors.inc, written
 * by test-fpu-diff --dump): hosted and in the board test image
 * (board-tests.txt), so the Cortex-M3 build is shown to give the same
 * bits as the host's x87. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "x87-ops.h"

typedef struct Vector {
    uint8_t op;
    uint16_t cw, ah;
    uint64_t al;
    uint16_t bh;
    uint64_t bl;
    uint16_t rh;
    uint64_t rl;
    uint16_t r2h;
    uint64_t r2l;
    uint16_t sw;
} Vector;

#define V(op, cw, ah, al, bh, bl, rh, rl, r2h, r2l, sw)                        \
    {op, cw, ah, al, bh, bl, rh, rl, r2h, r2l, sw},
static const Vector vectors[] = {
#include "vectors.inc"
};

static void test_fpu_vectors(void **state)
{
    unsigned bad = 0, n = sizeof(vectors) / sizeof(vectors[0]);
    (void)state;
    for (unsigned i = 0; i < n; i++) {
        const Vector *v = &vectors[i];
        X87Result r = soft_x87_op(v->op, v->cw, make_floatx80(v->ah, v->al),
                                  make_floatx80(v->bh, v->bl));
        if (r.r.high != v->rh || r.r.low != v->rl || r.r2.high != v->r2h ||
            r.r2.low != v->r2l || r.sw != v->sw) {
            if (bad++ < 8) {
                printf("vector %u (%s cw=%04x) differs: sw %04x, want %04x\n",
                       i, x87_op_names[v->op], v->cw, r.sw, v->sw);
            }
        }
    }
    printf("fpu vectors: %u checked, %u differ\n", n, bad);
    assert_int_equal(bad, 0);
    assert_true(n >= 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fpu_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
