/* Real-mode basics: flags, stack, near/far calls, INT through the IVT,
 * #DE through the IVT, string instructions, 32-bit operands, LOOP, and
 * addresses above 1 MiB through FFFF:xxxx with A20 on. */
#include "guest.h"

.macro CHECK_JCC jcc, code
    \jcc 1f
    EXIT16 \code
1:
.endm

    .code16
    .section .text16, "ax"
    .globl main16
main16:
    /* ES = 0 (crt16): IVT entries */
    movw $int60, %es:(0x60 * 4)
    movw $0xf000, %es:(0x60 * 4 + 2)
    movw $de_handler, %es:(0)
    movw $0xf000, %es:(2)

    /* flags */
    mov $0xffff, %ax
    add $1, %ax
    CHECK_JCC jc, 1
    CHECK_JCC jz, 2
    mov $0x7fff, %ax
    inc %ax
    CHECK_JCC jo, 3
    CHECK_JCC js, 4

    /* stack and calls */
    mov $0x1111, %bx
    push %bx
    call near_fn
    pop %cx
    cmp $0x1111, %cx
    CHECK_JCC je, 5
    cmp $0x2222, %ax
    CHECK_JCC je, 6
    lcall $0xf000, $far_fn
    cmp $0x3333, %ax
    CHECK_JCC je, 7

    /* software interrupt through the IVT */
    xor %ax, %ax
    int $0x60
    cmp $0x6060, %ax
    CHECK_JCC je, 8

    /* #DE: the handler skips the 2-byte DIV */
    movw $0, %es:(0x500)
    mov $1, %ax
    xor %cl, %cl
    div %cl
    cmpw $1, %es:(0x500)
    CHECK_JCC je, 9

    /* string ops: copy the message to 0000:0800 and compare */
    mov $msg, %si
    mov $0x800, %di
    mov $msg_len, %cx
    rep movsb
    mov $msg, %si
    mov $0x800, %di
    mov $msg_len, %cx
    repe cmpsb
    CHECK_JCC je, 10

    /* 32-bit operands in real mode */
    mov $0x12345678, %eax
    shr $16, %eax
    cmp $0x1234, %ax
    CHECK_JCC je, 11

    /* LOOP */
    xor %ax, %ax
    mov $10, %cx
2:  add $3, %ax
    loop 2b
    cmp $30, %ax
    CHECK_JCC je, 12

    /* FFFF:0010 is 0x100000 with A20 on, not 0x0 */
    push %ds
    movw $0xaaaa, %es:(0)
    mov $0xffff, %ax
    mov %ax, %ds
    movw $0x5555, (0x10)
    pop %ds
    cmpw $0xaaaa, %es:(0)
    CHECK_JCC je, 13

    PUTS16 ok_msg
    EXIT16 0

near_fn:
    mov $0x2222, %ax
    ret
far_fn:
    mov $0x3333, %ax
    lret
int60:
    mov $0x6060, %ax
    iret
de_handler:
    push %bp
    mov %sp, %bp
    addw $2, 2(%bp)
    pop %bp
    movw $1, %es:(0x500)
    iret

msg:
    .ascii "real mode string"
    msg_len = . - msg
ok_msg:
    .asciz "realmode: all ok\n"
