/* Fixed addresses shared by the SMM test's C side and its SMI handler
 * (below 64 KiB: the handler addresses them 16-bit, DS base 0). */
#ifndef SMM_H
#define SMM_H

#define SMM_COUNT     0x800 /* SMIs handled */
#define SMM_CS        0x804 /* CS in the handler: SMBASE >> 4 */
#define SMM_APMC      0x808 /* port 0xB2 read in the handler */
#define SMM_EFLAGS    0x80c /* EFLAGS on entry to the handler */
#define SMM_CR0       0x810 /* CR0 in the handler */
#define SMM_RELOC     0x814 /* non-zero: write SMM_NEWBASE to SMBASE */
#define SMM_NEWBASE   0x818
#define SMM_RM_AFTER  0x900      /* smi_rm's results */
#define SMM_STACK     0x3f00     /* the handler's stack */
#define SMM_SAVE_COPY 0x4000     /* the state-save area, SMBASE + 0xFE00.. */
#define SMM_EAX_XOR   0x5a5a5a5a /* the handler changes the saved EAX */
#define SMM_CMD_PM    0xc3       /* APMC commands */
#define SMM_CMD_RM    0xc4

#endif
