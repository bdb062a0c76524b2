/*
 * A boot sector of our own for the disk and CD boot tests (assembled at
 * test time by disk-boot.sh: as --32, ld --oformat binary). SeaBIOS loads
 * it at 0x7C00 from the IDE disk (MBR) or, built with -DCDROM, from an El
 * Torito no-emulation CD. It reports on the debug port 0x402 and exits
 * through isa-debug-exit (0xF4): 0 (status 1) when every check passed.
 *
 * Disk: INT 13h extensions present; LBA 1 holds the marker the test
 * script wrote; a write of LBA 2 through INT 13h reads back the same
 * (the IDE write path and the copy-on-write overlay).
 * CD:   the boot drive is a CD (DL >= 0xE0); LBA 16 read through INT 13h
 * is the ISO 9660 primary volume descriptor ("CD001").
 */
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
1:  sti
    movb %dl, boot_drive

    movw $msg_hello, %si
    call puts
    movb boot_drive, %al
    call puthex
    movw $msg_nl, %si
    call puts

#ifdef CDROM
    cmpb $0xe0, boot_drive
    jb fail_drive
    movl $16, dap_lba
    movw $1, dap_count
    movw $0x8000, dap_buf
    movb $0x42, %ah
    call disk_io
    movw $0x8001, %si
    movw $cd001, %di
    movw $5, %cx
    cld
    repe cmpsb
    jne fail_data
    movw $msg_cd_ok, %si
    call puts
#else
    movb $0x41, %ah
    movw $0x55aa, %bx
    movb boot_drive, %dl
    int $0x13
    jc fail_ext
    cmpw $0xaa55, %bx
    jne fail_ext
    /* LBA 1: the marker */
    movl $1, dap_lba
    movw $1, dap_count
    movw $0x8000, dap_buf
    movb $0x42, %ah
    call disk_io
    movw $0x8000, %si
    movw $marker, %di
    movw $16, %cx
    cld
    repe cmpsb
    jne fail_marker
    /* LBA 2 := this sector, then read it back */
    movl $2, dap_lba
    movw $0x7c00, dap_buf
    movb $0x43, %ah
    movb $0, %al
    call disk_io
    movw $0x9000, dap_buf
    movb $0x42, %ah
    call disk_io
    movw $0x7c00, %si
    movw $0x9000, %di
    movw $(dap - _start), %cx /* the DAP changed since the write */
    cld
    repe cmpsb
    jne fail_data
    movw $msg_disk_ok, %si
    call puts
#endif
    movb $0, %al
    outb %al, $0xf4
halt:
    hlt
    jmp halt

/* INT 13h with the DAP; AH = function. Fails the test on CF. */
disk_io:
    movw $dap, %si
    movb boot_drive, %dl
    int $0x13
    jc fail_io
    ret

fail_io:
    movw $msg_fail_io, %si
    jmp fail
fail_data:
    movw $msg_fail_data, %si
    jmp fail
#ifdef CDROM
fail_drive:
    movw $msg_fail_drive, %si
    jmp fail
#else
fail_ext:
    movw $msg_fail_ext, %si
    jmp fail
fail_marker:
    movw $msg_fail_marker, %si
#endif
fail:
    call puts
    movb $1, %al
    outb %al, $0xf4
    jmp halt

/* Prints the NUL-terminated string at SI on the debug port. */
puts:
    movw $0x402, %dx
2:  lodsb
    testb %al, %al
    jz 3f
    outb %al, %dx
    jmp 2b
3:  ret

/* Prints AL as two hex digits. */
puthex:
    movw $0x402, %dx
    movb %al, %ah
    shrb $4, %al
    call 4f
    movb %ah, %al
    andb $0x0f, %al
4:  addb $'0', %al
    cmpb $'9', %al
    jbe 5f
    addb $7, %al
5:  outb %al, %dx
    ret

boot_drive: .byte 0
    .balign 4
dap:
    .byte 16, 0
dap_count: .word 1
dap_buf:   .word 0x8000, 0
dap_lba:   .long 0, 0

#ifdef CDROM
msg_hello: .asciz "bootsect: booted from CD, drive 0x"
msg_cd_ok: .asciz "bootsect: CD ok\n"
msg_fail_drive: .asciz "bootsect: FAIL: not a CD\n"
cd001: .ascii "CD001"
#else
msg_hello: .asciz "bootsect: booted from disk, drive 0x"
msg_disk_ok: .asciz "bootsect: disk ok\n"
msg_fail_ext: .asciz "bootsect: FAIL: no EDD\n"
msg_fail_marker: .asciz "bootsect: FAIL: LBA 1\n"
marker: .ascii "BMX86 SECTOR ONE"
#endif
msg_nl: .asciz "\n"
msg_fail_io: .asciz "bootsect: FAIL: INT 13h\n"
msg_fail_data: .asciz "bootsect: FAIL: read-back\n"

    .org 510
    .byte 0x55, 0xaa
