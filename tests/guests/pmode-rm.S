/* Protected mode -> real mode -> protected mode, called from C. */
#include "guest.h"

    .code32
    .text
    .globl to_real_and_back
to_real_and_back:
    pushal
    mov %esp, saved_esp
    /* 16-bit code segment first, 64 KiB data segments, then PE off */
    ljmp $SEL_CODE16, $1f
    .section .text16, "ax"
    .code16
1:  mov $SEL_DATA16, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %cr0, %eax
    and $0xfffffffe, %eax
    mov %eax, %cr0
    ljmp $0xf000, $2f
2:  xor %ax, %ax
    mov %ax, %ss
    mov $0x7000, %sp
    mov %ax, %ds
    mov %cs, %ax
    mov %ax, (0x600)
    /* segment arithmetic: 0x0060:0x0002 is linear 0x602 */
    mov $0x0060, %ax
    mov %ax, %es
    movw $0xbeef, %es:(0x0002)
    /* far call and return through a real-mode stack */
    lcall $0xf000, $rm_func
    mov %ax, (0x604)
    /* back to protected mode */
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $SEL_CODE32, $3f
rm_func:
    mov $0x1234, %ax
    lret

    .text
    .code32
3:  mov $SEL_DATA32, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    mov saved_esp, %esp
    popal
    ret

    .bss
saved_esp: .long 0
