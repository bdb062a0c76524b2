/* Multiboot v1 header (ELF: no address fields) and entry of mbtest. */
    .section .text
    .globl _start
    .align 4
mb_header:
    .long 0x1BADB002            /* magic */
    .long 0x00000003            /* flags: align modules, want memory info */
    .long -(0x1BADB002 + 3)     /* checksum */
_start:
    mov $stack_top, %esp
    push %ebx                   /* info block */
    push %eax                   /* magic */
    call mbtest_main            /* returns the exit code */
    mov %al, %ah
    mov $0xf4, %dx
    out %al, %dx                /* isa-debug-exit: status (code << 1) | 1 */
1:  hlt
    jmp 1b

    .section .bss
    .align 16
    .space 4096
stack_top:
    .section .note.GNU-stack,"",@progbits
