/*
 * SMM test pieces: the SMI handler (copied to SMBASE + 0x8000), and SMIs
 * raised through APMC (port 0xB2) from protected mode and from real mode
 * with known registers, which are stored right after the RSM.
 */
#include "guest.h"
#include "smm.h"

/*
 * The SMI handler. It runs in SMM's real-mode-like state (CS = SMBASE >> 4,
 * base SMBASE, IP 0x8000; the other segments base 0, limit 4 GiB), so it
 * addresses its state-save area CS-relative (0xFE00-0xFFFF) and the
 * test's data at fixed addresses below 64 KiB. Position independent.
 */
    .code16
    .section .rodata
    .globl smi_handler, smi_handler_end
smi_handler:
    mov $SMM_STACK, %esp
    pushfl                          /* EFLAGS in SMM, before any change */
    popl (SMM_EFLAGS)
    incl (SMM_COUNT)
    mov %cs, %ax
    mov %ax, (SMM_CS)
    in $0xb2, %al                   /* the command that raised the SMI */
    mov %al, (SMM_APMC)
    mov %cr0, %eax
    mov %eax, (SMM_CR0)
    /* copy the state-save area as the CPU wrote it */
    cld
    mov $0xfe00, %si
    mov $SMM_SAVE_COPY, %di
    mov $0x200, %cx
    rep movsb %cs:(%si), %es:(%di)
    /* RSM must restore a changed register */
    xorl $SMM_EAX_XOR, %cs:0xffd0
    /* SMBASE relocation when asked: RSM takes the new base */
    cmpb $0, (SMM_RELOC)
    je 1f
    mov (SMM_NEWBASE), %eax
    mov %eax, %cs:0xfef8
    movb $0, (SMM_RELOC)
1:  rsm
smi_handler_end:

/*
 * void smi_pm(void): an SMI from 32-bit protected mode. Stores the
 * registers, EFLAGS, segments and CR0 seen after the RSM in smm_after.
 */
    .code32
    .text
    .globl smi_pm, smi_pm_out, smi_pm_after
smi_pm:
    pushal
    pushfl
    mov $0x5555aaaa, %ebx
    mov $0x11112222, %ecx
    mov $0x33334444, %edx
    mov $0x55556666, %esi
    mov $0x77778888, %edi
    mov $0x9999bbbb, %ebp
    mov $SMM_CMD_PM, %eax
    std
    stc
    mov %esp, smm_before + 16
    pushfl
    popl smm_before + 32
smi_pm_out:
    outb %al, $0xb2
smi_pm_after:
    pushfl
    popl smm_after + 32
    cld
    mov %eax, smm_after + 0
    mov %ecx, smm_after + 4
    mov %edx, smm_after + 8
    mov %ebx, smm_after + 12
    mov %esp, smm_after + 16
    mov %ebp, smm_after + 20
    mov %esi, smm_after + 24
    mov %edi, smm_after + 28
    movw %ds, smm_after + 36
    movw %es, smm_after + 38
    movw %ss, smm_after + 40
    movw %cs, smm_after + 42
    movw %fs, smm_after + 44
    movw %gs, smm_after + 46
    mov %cr0, %eax
    mov %eax, smm_after + 48
    popfl
    popal
    ret

/*
 * void smi_rm(void): the same from real mode (DS = 0x0090, ES = 0x00A0,
 * SS:SP = 0000:7000). The values are stored at SMM_RM_AFTER, in the layout
 * of smm_after.
 */
    .globl smi_rm, smi_rm_out, smi_rm_after
smi_rm:
    pushal
    mov %esp, rm_saved_esp
    PM_TO_REAL
    mov $0x7000, %esp
    mov $0x0090, %ax
    mov %ax, %ds
    mov $0x00a0, %ax
    mov %ax, %es
    mov $0x1234abcd, %ebx
    mov $0x2222cccc, %ecx
    mov $0x3333dddd, %edx
    mov $0x4444eeee, %esi
    mov $0x5555ffff, %edi
    mov $0x66660000, %ebp
    mov $SMM_CMD_RM, %eax
    std
    stc
smi_rm_out:
    outb %al, $0xb2
smi_rm_after:
    pushfl
    popl %ds:(32)
    cld
    mov %eax, %ds:(0)
    mov %ecx, %ds:(4)
    mov %edx, %ds:(8)
    mov %ebx, %ds:(12)
    mov %esp, %ds:(16)
    mov %ebp, %ds:(20)
    mov %esi, %ds:(24)
    mov %edi, %ds:(28)
    movw %ds, %ds:(36)
    movw %es, %ds:(38)
    movw %ss, %ds:(40)
    movw %cs, %ds:(42)
    movw %fs, %ds:(44)
    movw %gs, %ds:(46)
    mov %cr0, %eax
    mov %eax, %ds:(48)
    /* back to protected mode */
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $SEL_CODE32, $3f

    .text
    .code32
3:  mov $SEL_DATA32, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    mov rm_saved_esp, %esp
    popal
    ret

    .bss
rm_saved_esp: .long 0
