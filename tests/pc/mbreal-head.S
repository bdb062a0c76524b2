/*
 * mbreal: a multiboot kernel linked at 0x8000 that sets up nothing of the
 * machine itself. It checks its argv (mbreal.c), goes back to real mode
 * and waits with interrupts on for the BIOS's timer tick (IRQ0 through
 * the PIC and the BIOS's INT 08h handler, as SeaBIOS left them), then
 * exits through isa-debug-exit: 0 (status 1) when the tick came.
 */
    .section .text.head, "ax"
    .code32
    .globl _start
    .align 4
mb_header:
    .long 0x1BADB002            /* magic */
    .long 0x00000000            /* flags: none (ELF addresses) */
    .long -(0x1BADB002)         /* checksum */
_start:
    mov $stack_top, %esp
    push %ebx                   /* info block */
    push %eax                   /* magic */
    call mbreal_check           /* 0, or the number of the failed check */
    add $8, %esp
    test %eax, %eax
    jnz exit32
    /* Back to real mode: 16-bit segments of our own, then PE off. */
    lgdt gdt_desc
    ljmp $0x08, $pm16
exit32:
    mov $0xf4, %dx
    out %al, %dx
1:  hlt
    jmp 1b

    .code16
pm16:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %cr0, %eax
    and $0xfffffffe, %eax
    mov %eax, %cr0
    ljmp $0x0000, $real
real:
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $0x7000, %sp
    lidt rm_idt                 /* the BIOS's vector table at 0 */
    mov 0x46c, %ebx             /* BIOS tick count (BDA) */
    mov $200, %cx               /* interrupts to wait through */
    sti
wait:
    hlt
    cmp 0x46c, %ebx
    jne ticked
    loop wait
    cli
    mov $msg_none, %si
    call puts16
    mov $20, %al
    jmp exit16
ticked:
    cli
    mov $msg_tick, %si
    call puts16
    xor %al, %al
exit16:
    mov $0xf4, %dx
    out %al, %dx
2:  hlt
    jmp 2b

puts16:
    lodsb
    test %al, %al
    jz 3f
    out %al, $0xe9
    jmp puts16
3:  ret

    .section .rodata
msg_tick:
    .asciz "mbreal: timer interrupt taken in real mode\n"
msg_none:
    .asciz "mbreal: FAIL no timer tick in real mode\n"
    .align 8
gdt:
    .quad 0
    .quad 0x00009a000000ffff    /* 0x08: 16-bit code, base 0, 64 KiB */
    .quad 0x000092000000ffff    /* 0x10: 16-bit data, base 0, 64 KiB */
gdt_desc:
    .word gdt_desc - gdt - 1
    .long gdt
rm_idt:
    .word 0x3ff
    .long 0

    .section .bss
    .align 16
    /* mbreal.elf: 8 KiB, with the code 0x8000 to past 0xA000; the 0xA000
     * variant has 1 KiB. */
    .space MBREAL_BSS
stack_top:
    .section .note.GNU-stack,"",@progbits
