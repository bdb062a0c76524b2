/* Real-mode start-up and helpers: reset vector, then main16 with
 * CS = DS = F000, ES = 0, SS:SP = 0000:7000, interrupts off. */
#include "guest.h"

    .code16
    .section .reset, "ax"
    .globl reset_vector
reset_vector:
    ljmp $0xf000, $start16

    .section .text16, "ax"
start16:
    cli
    cld
    xor %ax, %ax
    mov %ax, %ss
    mov $0x7000, %sp
    mov %ax, %es
    mov $0xf000, %ax
    mov %ax, %ds
    jmp main16

/* Prints the NUL-terminated string at DS:SI. */
    .globl puts16
puts16:
    push %ax
    push %dx
    mov $DEBUGCON_PORT, %dx
1:  lodsb
    test %al, %al
    jz 2f
    outb %al, %dx
    jmp 1b
2:  pop %dx
    pop %ax
    ret

/* Prints AX in hex. */
    .globl puthex16
puthex16:
    push %cx
    push %dx
    push %ax
    mov $4, %cx
1:  rol $4, %ax
    push %ax
    and $0xf, %al
    add $'0', %al
    cmp $'9', %al
    jbe 2f
    add $7, %al
2:  mov $DEBUGCON_PORT, %dx
    outb %al, %dx
    pop %ax
    loop 1b
    pop %ax
    pop %dx
    pop %cx
    ret

/* Exits with the value in AL; never returns. */
    .globl exit16
exit16:
    outb %al, $EXIT_PORT
1:  cli
    hlt
    jmp 1b
