/*
 * Real-mode benchmark start-up: the C workload is built with gcc -m16
 * (32-bit operations behind operand/address-size prefixes) and runs in
 * real mode with CS = DS = ES = SS = 0x1000. The reset code copies the
 * whole 64 KiB image there (code, read-only data and initialised data are
 * linked at offsets of that one segment, bench16.ld), clears .bss and
 * calls bench_main with the stack just below the parameter block.
 */
#include "bench.h"

#define RAM_SEG 0x1000

    .code16
    .section .reset, "ax"
    .globl reset_vector
reset_vector:
    ljmp $0xf000, $start16

    .section .params, "a"
    .long BENCH_MAGIC
    .long 1 /* iterations: patched by the harness */

    .section .text.start, "ax"
start16:
    cli
    cld
    mov $0xf000, %ax
    mov %ax, %ds
    mov $RAM_SEG, %ax
    mov %ax, %es
    xor %si, %si
    xor %di, %di
    mov $0x8000, %cx
    rep movsw
    ljmp $RAM_SEG, $in_ram
in_ram:
    mov %cs, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $0xff00, %esp
    mov $__bss_start, %di
    mov $__bss_end, %cx
    sub %di, %cx
    xor %al, %al
    rep stosb
    calll bench_main
1:  cli
    hlt
    jmp 1b
