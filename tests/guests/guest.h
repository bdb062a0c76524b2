/*
 * Shared definitions of the guest test programs (GNU as, preprocessed).
 * Protocol: text goes to debugcon (port 0xE9); the guest ends by writing
 * a value to isa-debug-exit (port 0xF4), 0 for success (exit status 1),
 * otherwise the number of the check that failed.
 */
#ifndef GUEST_H
#define GUEST_H

#define DEBUGCON_PORT 0xe9
#define EXIT_PORT     0xf4

/* Real-mode code and data live in .text16 (linked at offset 0 of F000). */
#define ROM_BASE   0xf0000


/* Fixed RAM layout of the protected-mode environment (crt32.S). */
#define GDT_ADDR   0x1000 /* 32 descriptors */
#define GDT_COUNT  32
#define IDT_ADDR   0x2000 /* 256 gates */
#define STACK_TOP  0x90000

/* GDT selectors set up by crt32.S. */
#define SEL_CODE32 0x08
#define SEL_DATA32 0x10
#define SEL_CODE16 0x18 /* base 0xF0000, limit 64 KiB: back to real mode */
#define SEL_DATA16 0x20 /* base 0, limit 64 KiB */
#define SEL_UCODE  0x2b /* ring 3 flat code, RPL 3 */
#define SEL_UDATA  0x33 /* ring 3 flat data, RPL 3 */
#define SEL_FREE   0x38 /* first descriptor a test may use */

#ifdef __ASSEMBLER__

/* 16-bit: print a string (DS = F000). */
.macro PUTS16 str
    mov $\str, %si
    call puts16
.endm

/* 16-bit: exit with a value. */
.macro EXIT16 val
    mov $\val, %al
    jmp exit16
.endm

/* 32-bit: print a NUL-terminated string. */
.macro PUTS str
    push %esi
    mov $\str, %esi
    call puts32
    pop %esi
.endm

/* 32-bit: fail with check number code (1..127). */
.macro FAIL code
    push $\code
    call fail32
.endm

/* 32-bit: fail with code unless a == b (cmp operands in AT&T order). */
.macro CHECK_EQ a, b, code
    cmpl \b, \a
    je 9876f
    push \a
    push \b
    push $\code
    call fail_eq32
9876:
.endm

/* 32-bit: the next instruction(s) must raise an exception; execution goes
 * on at label with exc_vector/exc_error/exc_eip/exc_cr2 filled in. */
.macro EXPECT_EXC label
    movl $\label, exc_resume
    movl %esp, exc_resume_esp
    movl $-1, exc_vector
.endm

/* 32-bit: check the exception caught after EXPECT_EXC. */
.macro CHECK_EXC vec, err, code
    CHECK_EQ exc_vector, $\vec, \code
    CHECK_EQ exc_error, $\err, \code
.endm

/* 32-bit protected mode (in .text) to real mode: a 16-bit code segment
 * first, 64 KiB data segments, then PE off and a far jump to F000. Ends in
 * .text16 / .code16 with SS = AX = 0; the caller sets SP and goes on. */
.macro PM_TO_REAL
    ljmp $SEL_CODE16, $9875f
    .section .text16, "ax"
    .code16
9875:
    mov $SEL_DATA16, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %cr0, %eax
    and $0xfffffffe, %eax
    mov %eax, %cr0
    ljmp $0xf000, $9874f
9874:
    xor %ax, %ax
    mov %ax, %ss
.endm

#endif /* __ASSEMBLER__ */
#endif /* GUEST_H */
