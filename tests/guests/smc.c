/* Self-modifying code: code copied to RAM runs, is overwritten while it
 * may be cached as translated code, and must run in its new form; also a
 * store into the very page that is executing. */
#include "guest32.h"

#define CODE_PAGE 0x40000

/* mov $imm32, %eax; ret */
static void emit_mov_ret(volatile uint8_t *p, uint32_t imm)
{
    p[0] = 0xb8;
    p[1] = (uint8_t)imm;
    p[2] = (uint8_t)(imm >> 8);
    p[3] = (uint8_t)(imm >> 16);
    p[4] = (uint8_t)(imm >> 24);
    p[5] = 0xc3;
}

typedef uint32_t (*fn_t)(void);

int main32(void);
int main32(void)
{
    volatile uint8_t *code = (volatile uint8_t *)CODE_PAGE;
    fn_t f = (fn_t)CODE_PAGE;

    test_name = "smc";
    emit_mov_ret(code, 0x11111111);
    CHECK_EQ(1, f(), 0x11111111);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(2, f(), 0x11111111); /* run it hot */
    }
    emit_mov_ret(code, 0x22222222);
    CHECK_EQ(3, f(), 0x22222222);

    /* Same page: the code stores the new immediate into its own next
     * instruction and runs it.
     *   0: movl $0x44444444, 0x0c+1+CODE_PAGE+0x100  (c7 05 addr imm)
     *  10: nop; nop
     *  0c: mov $0x33333333, %eax ; ret  */
    volatile uint8_t *p = code + 0x100;
    uint32_t target = CODE_PAGE + 0x100 + 0x0c + 1;
    p[0] = 0xc7;
    p[1] = 0x05;
    p[2] = (uint8_t)target;
    p[3] = (uint8_t)(target >> 8);
    p[4] = (uint8_t)(target >> 16);
    p[5] = (uint8_t)(target >> 24);
    p[6] = 0x44;
    p[7] = 0x44;
    p[8] = 0x44;
    p[9] = 0x44;
    p[10] = 0x90;
    p[11] = 0x90;
    emit_mov_ret(p + 0x0c, 0x33333333);
    CHECK_EQ(4, ((fn_t)(CODE_PAGE + 0x100))(), 0x44444444);
    /* and again, now that the modified version may be cached */
    emit_mov_ret(p + 0x0c, 0x33333333);
    CHECK_EQ(5, ((fn_t)(CODE_PAGE + 0x100))(), 0x44444444);
    CHECK_EQ(6, ((fn_t)(CODE_PAGE + 0x10c))(), 0x44444444);
    puts32("smc: ok\n");
    return 0;
}
