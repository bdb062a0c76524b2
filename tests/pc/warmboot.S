/*
 * A boot sector for the warm-reset test (disk-boot.sh warm-reset): the way
 * DOS extenders and 286 software leave protected mode. It sets the CMOS
 * shutdown status to 0x0A ("jump via 40:67") with 40:67 pointing at its
 * resume code, then resets the machine three ways: port 0x92 bit 0, the
 * i8042's 0xFE command and the PIIX3 reset control register at 0xCF9.
 * SeaBIOS must take the resume path each time (the BIOS's shadow copy in
 * RAM survives the reset, as on QEMU), never a second POST and boot. Then
 * a reset with status 0 must reboot for real (SeaBIOS copies its ROM back
 * and resets again) and boot this sector once more. It reports on the
 * debug port 0x402; isa-debug-exit 0 (status 1) when all of it happened,
 * 1 (status 3) when a resume was a second POST and boot instead.
 */
#define MAGIC 0x600 /* 'W','B' once started */
#define STATE 0x602 /* the next step */
    .code16
    .text
    .globl _start
_start:
    cli
    xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw $0x7c00, %sp
    ljmp $0, $1f
1:  cmpw $0x4257, MAGIC
    jne 2f
    cmpw $4, STATE
    je rebooted
    movw $msg_reposted, %si /* booted again: the reset was a cold one */
    call puts
    movb $1, %al
    outb %al, $0xf4
    jmp hang
rebooted:
    movw $msg_rebooted, %si
    call puts
    movw $msg_ok, %si
    call puts
    movb $0, %al
    outb %al, $0xf4
    jmp hang
2:  movw $0x4257, MAGIC
    movw $1, STATE
    movw $msg_start, %si
    call puts
    call arm
    inb $0x92, %al
    andb $0xfe, %al
    outb %al, $0x92
    orb $1, %al
    outb %al, $0x92 /* a rising bit 0: reset */
hang:
    cli
    hlt
    jmp hang

/* CMOS 0x0F = 0x0A and 40:67 = 0000:resume (SeaBIOS clears the status). */
arm:
    movb $0x0f, %al
    outb %al, $0x70
    movb $0x0a, %al
    outb %al, $0x71
    movw $resume, 0x467
    movw $0, 0x469
    ret

resume:
    cli
    xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw $0x7c00, %sp
    movw STATE, %ax
    cmpw $1, %ax
    je from_port92
    cmpw $2, %ax
    je from_kbd
    movw $msg_cf9, %si
    call puts
    movw $4, STATE
    movb $0x0f, %al /* status 0: an ordinary reboot */
    outb %al, $0x70
    movb $0, %al
    outb %al, $0x71
    movb $0xfe, %al
    outb %al, $0x64
    jmp hang
from_port92:
    movw $msg_port92, %si
    call puts
    movw $2, STATE
    call arm
1:  inb $0x64, %al
    testb $2, %al
    jnz 1b
    movb $0xfe, %al
    outb %al, $0x64 /* pulse the reset line */
    jmp hang
from_kbd:
    movw $msg_kbd, %si
    call puts
    movw $3, STATE
    call arm
    movw $0xcf9, %dx
    movb $0, %al
    outb %al, %dx
    movb $4, %al
    outb %al, %dx /* RCR: reset the CPU */
    jmp hang

puts:
    movw $0x402, %dx
2:  lodsb
    testb %al, %al
    jz 3f
    outb %al, %dx
    jmp 2b
3:  ret

msg_start:    .asciz "warmboot: start\n"
msg_port92:   .asciz "warmboot: port 92 resumed\n"
msg_kbd:      .asciz "warmboot: keyboard resumed\n"
msg_cf9:      .asciz "warmboot: 0xcf9 resumed\n"
msg_rebooted: .asciz "warmboot: rebooted\n"
msg_ok:       .asciz "warmboot: ok\n"
msg_reposted: .asciz "warmboot: a reset POSTed and booted again\n"
    .org 510
    .byte 0x55, 0xaa
