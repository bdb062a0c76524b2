/* Protected mode -> real mode -> protected mode, called from C. */
#include "guest.h"

    .code32
    .text
    .globl to_real_and_back
to_real_and_back:
    pushal
    mov %esp, saved_esp
    PM_TO_REAL
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
