/*
 * Benchmark guest start-up: reset vector, GDT, protected mode, flat 32-bit
 * ring 0 with .data copied and .bss cleared, then bench_main(). No IDT:
 * a benchmark that faults triple-faults, which every system reports.
 */
#include "bench.h"

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
    mov $0xf000, %ax
    mov %ax, %ds
    lgdtl gdt_desc
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $BENCH_SEL_CODE, $pm_entry

    .p2align 3
gdt:
    .quad 0
    .quad 0x00cf9b000000ffff /* 0x08 code32 flat */
    .quad 0x00cf93000000ffff /* 0x10 data32 flat */
gdt_end:
gdt_desc:
    .word gdt_end - gdt - 1
    .long gdt + 0xf0000

    .section .params, "a"
    .long BENCH_MAGIC
    .long 1 /* iterations: patched by the harness */

    .code32
    .section .text.start, "ax"
pm_entry:
    mov $BENCH_SEL_DATA, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    mov $BENCH_STACK_TOP, %esp
    cld
    mov $__bss_start, %edi
    mov $__bss_end, %ecx
    sub %edi, %ecx
    xor %eax, %eax
    rep stosb
    mov $__data_load, %esi
    mov $__data_start, %edi
    mov $__data_end, %ecx
    sub %edi, %ecx
    rep movsb
    call bench_main
1:  cli
    hlt
    jmp 1b
