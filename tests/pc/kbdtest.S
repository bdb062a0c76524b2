/*
 * A boot sector for the VGA console and keyboard test (kbd-boot.sh
 * assembles it at test time: as --32, ld --oformat binary). SeaBIOS
 * boots it from an IDE disk; it writes straight to the text screen at
 * 0xB8000 (no BIOS call) and reads keys two ways:
 *   1. INT 16h AH=00: 'a', 'A', Up, F1, Enter (typed on the console as
 *      a, A, ESC [ A, ESC O P, CR by the test), then a line pasted in
 *      the same write, longer than the keyboard's queue (the console
 *      paces it), each character's ASCII in order up to its Enter;
 *   2. port 0x60 with IRQ1 masked: the make and break codes of 'z' as
 *      the controller translates them to set 1 (0x2C, 0xAC).
 * Row 20 says "KBDTEST READY" before step 1, row 21 "PORT60 READY"
 * before step 2 (the test waits for them on the screen), row 22 "KBD OK"
 * at the end; then isa-debug-exit 0 (status 1). A wrong key writes
 * "KBD FAIL" and exits with the step's number (status 2n+1).
 */
    .code16
    .text
    .globl _start
_start:
    cli
    xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %ss
    movw $0x7c00, %sp
    ljmp $0, $1f
1:  movw $0xb800, %ax
    movw %ax, %es
    cld
    sti

    movw $msg_ready, %si
    movw $20 * 160, %di
    call show

    /* 1. INT 16h */
    movw $expect16, %bx
    movb $1, step
2:  movb $0x00, %ah
    int $0x16
    movw (%bx), %cx
    cmpb %ch, %ah          /* scan code */
    jne fail
    testb %cl, %cl         /* 0: any ASCII byte (00 or E0) */
    jz 3f
    cmpb %cl, %al
    jne fail
3:  addw $2, %bx
    incb step
    cmpw $expect16_end, %bx
    jb 2b
    movw $pasted, %si
6:  movb $0x00, %ah
    int $0x16
    cmpb (%si), %al
    jne fail
    incw %si
    cmpb $0x0d, %al
    jne 6b
    incb step

    /* 2. port 0x60, IRQ1 masked so the BIOS does not take the bytes */
    inb $0x21, %al
    orb $0x02, %al
    outb %al, $0x21
    movw $msg_port, %si
    movw $21 * 160, %di
    call show
    call read60
    cmpb $0x2c, %al
    jne fail
    incb step
    call read60
    cmpb $0xac, %al
    jne fail

    movw $msg_ok, %si
    movw $22 * 160, %di
    call show
    movb $0, %al
    outb %al, $0xf4
halt:
    cli
    hlt
    jmp halt

fail:
    movw $msg_fail, %si
    movw $22 * 160, %di
    call show
    movb step, %al
    outb %al, $0xf4
    jmp halt

/* Waits for the output buffer, returns the byte from port 0x60 in AL. */
read60:
    inb $0x64, %al
    testb $0x01, %al
    jz read60
    inb $0x60, %al
    ret

/* Writes the NUL-terminated string at DS:SI to ES:DI, white on blue. */
show:
    movb $0x1f, %ah
4:  lodsb
    testb %al, %al
    jz 5f
    stosw
    jmp 4b
5:  ret

step: .byte 0
/* scan code << 8 | ASCII (0: either 00 or E0) */
expect16:
    .word 0x1e61, 0x1e41, 0x4800, 0x3b00, 0x1c0d
expect16_end:
pasted:    .ascii "The Quick (brown) fox: 42 + 7 = ~49?\r"
msg_ready: .asciz "KBDTEST READY"
msg_port:  .asciz "PORT60 READY"
msg_ok:    .asciz "KBD OK"
msg_fail:  .asciz "KBD FAIL"
    .org 510
    .byte 0x55, 0xaa
