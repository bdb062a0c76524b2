/*
 * Protected-mode start-up: reset vector, real mode, GDT, PE, then a flat
 * 32-bit ring-0 environment (GDT and IDT in RAM, every vector caught) and
 * main32(). main32 returning 0 exits with success, else with its value.
 */
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
    mov $0xf000, %ax
    mov %ax, %ds
    lgdtl gdt_boot_desc
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $SEL_CODE32, $pm_entry

    .p2align 3
    .globl gdt_rom
gdt_rom:
    .quad 0
    .quad 0x00cf9b000000ffff /* 0x08 code32 flat, ring 0 */
    .quad 0x00cf93000000ffff /* 0x10 data32 flat, ring 0 */
    .quad 0x00009b0f0000ffff /* 0x18 code16 base F0000, 64 KiB */
    .quad 0x000093000000ffff /* 0x20 data16 base 0, 64 KiB */
    .quad 0x00cffb000000ffff /* 0x28 code32 flat, ring 3 */
    .quad 0x00cff3000000ffff /* 0x30 data32 flat, ring 3 */
gdt_rom_end:
gdt_boot_desc:
    .word gdt_rom_end - gdt_rom - 1
    .long gdt_rom + ROM_BASE

    .code32
    .section .text.start, "ax"
pm_entry:
    mov $SEL_DATA32, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    mov $STACK_TOP, %esp
    cld
    /* .bss cleared, .data copied */
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
    /* GDT in RAM so tests can add descriptors */
    mov $GDT_ADDR, %edi
    mov $(GDT_COUNT * 2), %ecx
    rep stosl
    mov $(gdt_rom + ROM_BASE), %esi
    mov $GDT_ADDR, %edi
    mov $(gdt_rom_end - gdt_rom), %ecx
    rep movsb
    lgdt gdt_ram_desc
    ljmp $SEL_CODE32, $1f
1:  call idt_setup
    lidt idt_desc
    call main32
    push %eax
    call exit32

/* void exit32(uint8_t value): never returns. */
    .globl exit32
exit32:
    mov 4(%esp), %eax
    outb %al, $EXIT_PORT
2:  cli
    hlt
    jmp 2b

    .section .rodata
gdt_ram_desc:
    .word GDT_COUNT * 8 - 1
    .long GDT_ADDR
idt_desc:
    .word 256 * 8 - 1
    .long IDT_ADDR

/*
 * Exception stubs, 16 bytes each: push the vector, go to the common
 * handler. Vectors 0-63 have their own stub; the rest share vector 255.
 */
    .text
    .p2align 4
    .globl exc_stubs
exc_stubs:
    vec = 0
    .rept 64
    .p2align 4
    pushl $vec
    jmp exc_common
    vec = vec + 1
    .endr
    .p2align 4
    .globl exc_stub_other
exc_stub_other:
    pushl $255
    jmp exc_common

/*
 * Records the exception, then resumes in catch_call()'s frame if one is
 * armed, or reports an unexpected exception and exits with 0x7e.
 */
exc_common:
    mov %eax, %ss:exc_saved_eax
    mov $SEL_DATA32, %ax
    mov %ax, %ds
    mov %ax, %es
    mov (%esp), %eax
    mov %eax, exc_vector
    movl $0, exc_error
    cmp $8, %eax
    je 1f
    cmp $17, %eax
    je 1f
    cmp $10, %eax
    jb 2f
    cmp $14, %eax
    ja 2f
1:  mov 4(%esp), %eax      /* error code pushed by the CPU */
    mov %eax, exc_error
    add $4, %esp
2:  mov 4(%esp), %eax
    mov %eax, exc_eip
    mov 8(%esp), %eax
    mov %eax, exc_cs
    mov 12(%esp), %eax
    mov %eax, exc_eflags
    mov %esp, exc_frame
    mov %cr2, %eax
    mov %eax, exc_cr2
    incl exc_count
    mov exc_handler, %eax
    test %eax, %eax
    jz 3f
    /* a C handler may fix things up and ask to return (iret); it may
     * clobber ECX, EDX and the flags (the C ABI), and expects DF clear */
    push %edx
    push %ecx
    cld
    call *%eax
    pop %ecx
    pop %edx
    test %eax, %eax
    jz 3f
    mov exc_saved_eax, %eax
    add $4, %esp
    iret
3:  mov catch_esp, %eax
    test %eax, %eax
    jz unexpected
    movl $0, catch_esp
    mov %eax, %esp
    mov $SEL_DATA32, %ax
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    pop %ebp
    pop %edi
    pop %esi
    pop %ebx
    mov exc_vector, %eax
    ret
unexpected:
    call report_unexpected
    push $0x7e
    call exit32

/*
 * int catch_call(void (*fn)(void *), void *arg): runs fn(arg); returns -1
 * if it returned normally, or the vector of the exception it raised (the
 * details are in exc_*). Not nestable.
 */
    .globl catch_call
catch_call:
    push %ebx
    push %esi
    push %edi
    push %ebp
    mov %esp, catch_esp
    mov 24(%esp), %eax
    push %eax
    call *24(%esp)
    add $4, %esp
    movl $0, catch_esp
    pop %ebp
    pop %edi
    pop %esi
    pop %ebx
    mov $-1, %eax
    ret

    .bss
    .globl exc_vector, exc_error, exc_eip, exc_cs, exc_eflags, exc_cr2
    .globl exc_count, exc_handler, exc_frame
exc_vector: .long 0
exc_error:  .long 0
exc_eip:    .long 0
exc_cs:     .long 0
exc_eflags: .long 0
exc_cr2:    .long 0
exc_count:  .long 0
exc_frame:  .long 0
exc_handler: .long 0
exc_saved_eax: .long 0
catch_esp:  .long 0
