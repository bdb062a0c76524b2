/* System management mode: SMIs raised by writing APMC (port 0xB2) from
 * protected and from real mode; the handler at SMBASE + 0x8000 sees SMM's
 * entry state and the state-save area (QEMU's 32-bit layout), changes the
 * saved EAX and relocates SMBASE; RSM restores the rest. */
#include "guest32.h"
#include "smm.h"

#define MEM32(a) (*(volatile uint32_t *)(a))
#define MEM16(a) (*(volatile uint16_t *)(a))
#define MEM8(a)  (*(volatile uint8_t *)(a))
/* a field of the 32-bit state-save map, offsets from SMBASE + 0x8000 */
#define SAVE(off) MEM32(SMM_SAVE_COPY + (off)-0x7e00)

#define CF 0x001u
#define DF 0x400u

extern char smi_handler[], smi_handler_end[];
extern char smi_pm_after[], smi_rm_after[];
void smi_pm(void);
void smi_rm(void);
/* what smi_pm stores: EAX ECX EDX EBX ESP EBP ESI EDI, EFLAGS, then
 * DS ES SS CS FS GS (16 bit each), CR0 */
volatile uint32_t smm_before[13], smm_after[13];

static void copy_handler(uint32_t smbase)
{
    volatile uint8_t *d = (volatile uint8_t *)(smbase + 0x8000);
    for (const char *s = smi_handler; s < smi_handler_end; s++) {
        *d++ = (uint8_t)*s;
    }
}

static uint16_t seg_after(volatile uint32_t *regs, int i)
{
    return ((volatile uint16_t *)&regs[9])[i]; /* DS ES SS CS FS GS */
}

int main32(void);
int main32(void)
{
    uint32_t cr0 = read_cr0(), cr3 = read_cr3();

    test_name = "smm";

    /* Under QEMU's pc (how the image was validated) an APMC write raises
     * SMI only with PIIX4 PM's APMC_EN (device 1.3, config 0x5B bit 1);
     * the bare machine has no PCI and ignores these accesses. */
    outl(0xcf8, 0x80000b58);
    uint32_t devactb = inl(0xcfc);
    outl(0xcf8, 0x80000b58);
    outl(0xcfc, devactb | (1u << 25));

    MEM32(SMM_COUNT) = 0;
    MEM32(SMM_RELOC) = 0;
    copy_handler(0x30000); /* the default SMBASE */

    /* APMS is a scratch byte: no SMI */
    outb(0xb3, 0x5a);
    CHECK_EQ(1, inb(0xb3), 0x5a);
    CHECK_EQ(2, MEM32(SMM_COUNT), 0);

    /* from protected mode */
    smi_pm();
    CHECK_EQ(3, MEM32(SMM_COUNT), 1);
    CHECK_EQ(4, MEM16(SMM_CS), 0x3000);
    CHECK_EQ(5, MEM8(SMM_APMC), SMM_CMD_PM);
    CHECK_EQ(6, MEM32(SMM_EFLAGS), 0x2);
    CHECK_EQ(7, MEM32(SMM_CR0) & 0x8000000d, 0); /* PG, TS, EM, PE */
    CHECK_EQ(8, inb(0xb2), SMM_CMD_PM);
    /* after RSM: the changed EAX, everything else as before */
    CHECK_EQ(10, smm_after[0], SMM_CMD_PM ^ SMM_EAX_XOR);
    CHECK_EQ(11, smm_after[1], 0x11112222);
    CHECK_EQ(12, smm_after[2], 0x33334444);
    CHECK_EQ(13, smm_after[3], 0x5555aaaa);
    CHECK_EQ(14, smm_after[4], smm_before[4]);
    CHECK_EQ(15, smm_after[5], 0x9999bbbb);
    CHECK_EQ(16, smm_after[6], 0x55556666);
    CHECK_EQ(17, smm_after[7], 0x77778888);
    CHECK_EQ(18, smm_after[8], smm_before[8]);
    CHECK_EQ(19, smm_after[8] & (DF | CF), DF | CF);
    CHECK_EQ(20, seg_after(smm_after, 0), SEL_DATA32);
    CHECK_EQ(21, seg_after(smm_after, 1), SEL_DATA32);
    CHECK_EQ(22, seg_after(smm_after, 2), SEL_DATA32);
    CHECK_EQ(23, seg_after(smm_after, 3), SEL_CODE32);
    CHECK_EQ(24, seg_after(smm_after, 4), SEL_DATA32);
    CHECK_EQ(25, seg_after(smm_after, 5), SEL_DATA32);
    CHECK_EQ(26, smm_after[12], cr0);
    puts32("smm: SMI from protected mode ok\n");

    /* the state-save map the CPU wrote */
    CHECK_EQ(30, SAVE(0x7ffc), cr0);
    CHECK_EQ(31, SAVE(0x7ff8), cr3);
    CHECK_EQ(32, SAVE(0x7ff4), smm_before[8]);
    CHECK_EQ(33, SAVE(0x7ff0), (uint32_t)smi_pm_after);
    CHECK_EQ(34, SAVE(0x7fec), 0x77778888); /* EDI */
    CHECK_EQ(35, SAVE(0x7fe8), 0x55556666); /* ESI */
    CHECK_EQ(36, SAVE(0x7fe4), 0x9999bbbb); /* EBP */
    CHECK_EQ(37, SAVE(0x7fe0), smm_before[4]);
    CHECK_EQ(38, SAVE(0x7fdc), 0x5555aaaa); /* EBX */
    CHECK_EQ(39, SAVE(0x7fd8), 0x33334444); /* EDX */
    CHECK_EQ(40, SAVE(0x7fd4), 0x11112222); /* ECX */
    CHECK_EQ(41, SAVE(0x7fd0), SMM_CMD_PM); /* EAX */
    CHECK_EQ(42, SAVE(0x7fc8) & 0x2ff, 0);  /* DR7: no breakpoint */
    CHECK_EQ(43, SAVE(0x7fa8), SEL_DATA32); /* ES */
    CHECK_EQ(44, SAVE(0x7fac), SEL_CODE32); /* CS */
    CHECK_EQ(45, SAVE(0x7fb0), SEL_DATA32); /* SS */
    CHECK_EQ(46, SAVE(0x7fb4), SEL_DATA32); /* DS */
    CHECK_EQ(47, SAVE(0x7fb8), SEL_DATA32); /* FS */
    CHECK_EQ(48, SAVE(0x7fbc), SEL_DATA32); /* GS */
    CHECK_EQ(49, SAVE(0x7f90 + 8), 0);      /* CS cache: base, limit */
    CHECK_EQ(50, SAVE(0x7f90 + 4), 0xffffffff);
    CHECK_EQ(51, SAVE(0x7f90) & 0xffff, 0xc09b); /* G D P S code RA */
    CHECK_EQ(52, SAVE(0x7f74), GDT_ADDR);
    CHECK_EQ(53, SAVE(0x7f70), GDT_COUNT * 8 - 1);
    CHECK_EQ(54, SAVE(0x7f58), IDT_ADDR);
    CHECK_EQ(55, SAVE(0x7f54), 256 * 8 - 1);
    CHECK_EQ(56, SAVE(0x7f14), 0);          /* CR4 */
    CHECK_EQ(57, SAVE(0x7efc), 0x00020000); /* revision: relocation */
    CHECK_EQ(58, SAVE(0x7ef8), 0x30000);    /* SMBASE */
    puts32("smm: state-save map ok\n");

    /* SMBASE relocation: the handler writes 0x40000 in the map, RSM takes
     * it, the next SMI enters at 0x48000 */
    copy_handler(0x40000);
    MEM32(SMM_NEWBASE) = 0x40000;
    MEM32(SMM_RELOC) = 1;
    smi_pm();
    CHECK_EQ(60, MEM32(SMM_COUNT), 2);
    CHECK_EQ(61, MEM16(SMM_CS), 0x3000);
    CHECK_EQ(62, MEM32(SMM_RELOC), 0);
    CHECK_EQ(63, SAVE(0x7ef8), 0x30000);
    CHECK_EQ(64, smm_after[0], SMM_CMD_PM ^ SMM_EAX_XOR);
    MEM8(0x38000) = 0xf4; /* the old entry point would halt */
    puts32("smm: SMBASE relocation ok\n");

    /* from real mode, entering at the new base */
    smi_rm();
    volatile uint32_t *rm = (volatile uint32_t *)SMM_RM_AFTER;
    CHECK_EQ(70, MEM32(SMM_COUNT), 3);
    CHECK_EQ(71, MEM16(SMM_CS), 0x4000);
    CHECK_EQ(72, MEM8(SMM_APMC), SMM_CMD_RM);
    CHECK_EQ(73, SAVE(0x7ef8), 0x40000);
    CHECK_EQ(74, rm[0], SMM_CMD_RM ^ SMM_EAX_XOR);
    CHECK_EQ(75, rm[1], 0x2222cccc);
    CHECK_EQ(76, rm[2], 0x3333dddd);
    CHECK_EQ(77, rm[3], 0x1234abcd);
    CHECK_EQ(78, rm[4], 0x7000);
    CHECK_EQ(79, rm[5], 0x66660000);
    CHECK_EQ(80, rm[6], 0x4444eeee);
    CHECK_EQ(81, rm[7], 0x5555ffff);
    CHECK_EQ(82, rm[8] & (DF | CF), DF | CF);
    CHECK_EQ(83, seg_after(rm, 0), 0x0090);
    CHECK_EQ(84, seg_after(rm, 1), 0x00a0);
    CHECK_EQ(85, seg_after(rm, 2), 0);
    CHECK_EQ(86, seg_after(rm, 3), 0xf000);
    CHECK_EQ(87, rm[12] & 1, 0); /* still real mode */
    CHECK_EQ(88, SAVE(0x7ff0), (uint32_t)smi_rm_after);
    CHECK_EQ(89, SAVE(0x7fac), 0xf000);          /* CS */
    CHECK_EQ(90, SAVE(0x7f90 + 8), 0xf0000);     /* CS base */
    CHECK_EQ(91, SAVE(0x7fb4), 0x0090);          /* DS */
    CHECK_EQ(92, SAVE(0x7f2c + 8), 0x900);       /* DS base */
    CHECK_EQ(93, SAVE(0x7ffc) & 1, 0);           /* CR0.PE */
    CHECK_EQ(94, SAVE(0x7fd0), SMM_CMD_RM);      /* EAX */
    CHECK_EQ(95, SAVE(0x7fe0) & 0xffff, 0x7000); /* ESP */
    puts32("smm: SMI from real mode ok\n");

    /* APMC reads back the last command */
    CHECK_EQ(96, inb(0xb2), SMM_CMD_RM);
    CHECK_EQ(97, inb(0xb3), 0x5a);

    puts32("smm: all ok\n");
    return 0;
}
