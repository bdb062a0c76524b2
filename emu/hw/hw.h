/*
 * emu/hw: the PC's devices, QEMU style. Each device is a state struct the
 * machine allocates statically, one or more MemoryRegions with their own
 * ops registered in the I/O address space, and qemu_irq lines. Time comes
 * from QEMU_CLOCK_VIRTUAL (emu/timer).
 *
 * Every *_init() takes the parent MemoryRegion (normally get_system_io())
 * and a base port, and resets the device.
 */
#ifndef BMX_HW_HW_H
#define BMX_HW_HW_H

#include "util/util.h"
#include "memory/memory.h"
#include "timer/timer.h"

/* ---- IRQ lines (hw/core/irq.c without allocation) ---- */

typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

typedef struct IRQState {
    qemu_irq_handler handler;
    void *opaque;
    int n;
} IRQState;

typedef IRQState *qemu_irq;

void qemu_init_irq(IRQState *irq, qemu_irq_handler handler, void *opaque,
                   int n);
/* irqs[i] gets line number i. */
void qemu_init_irqs(IRQState *irqs, int count, qemu_irq_handler handler,
                    void *opaque);
/* A NULL line is unconnected: setting it does nothing. */
void qemu_set_irq(qemu_irq irq, int level);

static inline void qemu_irq_raise(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
}
static inline void qemu_irq_lower(qemu_irq irq)
{
    qemu_set_irq(irq, 0);
}
static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}

/* ---- debugcon: ports 0xE9 (Bochs) and 0x402 (SeaBIOS) ---- */

typedef void (*DebugconSink)(void *opaque, uint8_t c);

typedef struct DebugconState {
    MemoryRegion io;
    DebugconSink sink; /* NULL: qemu_printf("%c") */
    void *sink_opaque;
    uint8_t readback; /* what a read returns: 0xE9, QEMU's default */
} DebugconState;

void debugcon_init(DebugconState *s, MemoryRegion *io, uint16_t port,
                   DebugconSink sink, void *opaque);

/* ---- isa-debug-exit: port 0xF4, a write of v exits with (v << 1) | 1 ---- */

typedef void (*DebugExitFn)(void *opaque, int status);

typedef struct DebugExitState {
    MemoryRegion io;
    DebugExitFn exit_fn; /* NULL: only recorded */
    void *opaque;
    bool requested;
    int status;
} DebugExitState;

void debug_exit_init(DebugExitState *s, MemoryRegion *io, uint16_t port,
                     unsigned size, DebugExitFn fn, void *opaque);

/* ---- POST code port 0x80 ---- */

typedef void (*PostTraceFn)(void *opaque, uint8_t code);

typedef struct PostState {
    MemoryRegion io;
    PostTraceFn trace; /* optional */
    void *opaque;
    uint8_t last_code;
    uint32_t count; /* writes seen */
} PostState;

void post_port_init(PostState *s, MemoryRegion *io, uint16_t port,
                    PostTraceFn trace, void *opaque);
/* The last code written, or -1 if the guest never wrote one. */
int post_last_code(const PostState *s);

/* ---- APM control: 0xB2 APMC, 0xB3 APMS (QEMU's hw/isa/apm.c) ---- */

/* Called with the byte written to APMC; the chipset decides (SMI). */
typedef void (*apm_ctrl_changed_t)(uint32_t val, void *arg);

typedef struct APMState {
    MemoryRegion io;
    uint8_t apmc; /* last command, read back */
    uint8_t apms; /* status: a scratch byte */
    apm_ctrl_changed_t callback;
    void *arg;
} APMState;

void apm_init(APMState *apm, MemoryRegion *io, apm_ctrl_changed_t callback,
              void *arg);

/* ---- i8259 PIC pair: master 0x20, slave 0xA0, ELCR 0x4D0/0x4D1 ---- */

typedef struct PICCommonState {
    MemoryRegion base_io;
    MemoryRegion elcr_io;
    IRQState in[8]; /* input lines IRQ0-7 of this chip */
    qemu_irq int_out;
    bool master;
    uint8_t last_irr; /* edge detection */
    uint8_t irr;
    uint8_t imr;
    uint8_t isr;
    uint8_t priority_add; /* highest priority line */
    uint8_t irq_base;
    uint8_t read_reg_select;
    uint8_t poll;
    uint8_t special_mask;
    uint8_t init_state;
    uint8_t auto_eoi;
    uint8_t rotate_on_auto_eoi;
    uint8_t special_fully_nested_mode;
    uint8_t init4;
    uint8_t single_mode;
    uint8_t elcr;
    uint8_t elcr_mask;
} PICCommonState;

typedef struct PICPair {
    PICCommonState master;
    PICCommonState slave; /* cascaded on the master's IRQ2 */
} PICPair;

/* parent is the CPU's INTR line. elcr_port may be 0 (no ELCR). */
void i8259_init(PICPair *p, MemoryRegion *io, uint16_t master_base,
                uint16_t slave_base, uint16_t elcr_port, qemu_irq parent);
void i8259_reset(PICPair *p);
/* ISA IRQ n (0-15) as a qemu_irq for devices. */
qemu_irq i8259_irq(PICPair *p, int n);
/* The INTA cycle: the vector the CPU takes (IRQ7/IRQ15 of the chip's
 * base when nothing valid is pending: spurious). */
int pic_read_irq(PICPair *p);
/* Level of the master's INTR output. */
bool pic_get_output(const PICPair *p);

/* ---- i8254 PIT: ports 0x40-0x43, channel 0 on IRQ0 ---- */

#define PIT_FREQ 1193182

typedef struct PITChannelState {
    int64_t count_load_time; /* virtual ns when counting (re)started */
    int64_t next_transition_time;
    uint32_t count; /* reload value in binary: 1..0x10000 (10000 BCD) */
    uint16_t latched_count;
    uint8_t count_latched; /* RW state of a pending latch, 0 if none */
    uint8_t status_latched;
    uint8_t status;
    uint8_t read_state;
    uint8_t write_state;
    uint8_t write_latch;
    uint8_t rw_mode;
    uint8_t mode;
    uint8_t bcd;
    uint8_t gate;
    bool counting;  /* false between a control word and the first count */
    bool triggered; /* modes 1 and 5: a gate edge started the count */
    bool has_timer; /* only channel 0 drives an IRQ */
    qemu_irq irq;
    QEMUTimer irq_timer;
} PITChannelState;

typedef struct PITState {
    MemoryRegion io;
    PITChannelState channels[3];
} PITState;

void pit_init(PITState *s, MemoryRegion *io, uint16_t base, qemu_irq irq0);
void pit_reset(PITState *s);
void pit_set_gate(PITState *s, int channel, int val);
int pit_get_gate(PITState *s, int channel);
/* OUT pin of a channel at the current virtual time. */
int pit_get_out(PITState *s, int channel);

/* ---- port 0x61: PIT channel 2 gate, speaker enable, refresh toggle ---- */

typedef struct PCSpkState {
    MemoryRegion io;
    PITState *pit;
    uint8_t data_on;             /* bit 1: speaker data enable */
    uint8_t dummy_refresh_clock; /* bit 4, toggles on every read */
} PCSpkState;

void pcspk_init(PCSpkState *s, MemoryRegion *io, uint16_t port, PITState *pit);

/* ---- MC146818 RTC and CMOS NVRAM: ports 0x70/0x71, IRQ8 ---- */

#define RTC_SECONDS       0x00
#define RTC_SECONDS_ALARM 0x01
#define RTC_MINUTES       0x02
#define RTC_MINUTES_ALARM 0x03
#define RTC_HOURS         0x04
#define RTC_HOURS_ALARM   0x05
#define RTC_DAY_OF_WEEK   0x06
#define RTC_DAY_OF_MONTH  0x07
#define RTC_MONTH         0x08
#define RTC_YEAR          0x09
#define RTC_REG_A         0x0a
#define RTC_REG_B         0x0b
#define RTC_REG_C         0x0c
#define RTC_REG_D         0x0d
#define RTC_CENTURY       0x32

#define REG_A_UIP  0x80
#define REG_B_SET  0x80
#define REG_B_PIE  0x40
#define REG_B_AIE  0x20
#define REG_B_UIE  0x10
#define REG_B_SQWE 0x08
#define REG_B_DM   0x04 /* binary, not BCD */
#define REG_B_24H  0x02
#define REG_C_IRQF 0x80
#define REG_C_PF   0x40
#define REG_C_AF   0x20
#define REG_C_UF   0x10

/* Wall-clock seconds since 1970-01-01 00:00 UTC. */
typedef int64_t (*RTCHostTimeFn)(void *opaque);

typedef struct RTCState {
    MemoryRegion io;
    uint8_t cmos_data[128];
    uint8_t cmos_index;
    qemu_irq irq;
    /* RTC time = base_rtc_sec s + base_rtc_frac ns + (virtual now -
     * base_vclock_ns); while SET (or the divider) stops the clock,
     * frozen_sec/frozen_frac hold it. Seconds apart from ns: no overflow
     * for any year the CMOS holds. */
    int64_t base_rtc_sec;
    int64_t base_rtc_frac;
    int64_t base_vclock_ns;
    int64_t frozen_sec;
    int64_t frozen_frac;
    bool frozen;
    int64_t next_periodic_time;
    int64_t next_update_time;
    QEMUTimer periodic_timer;
    QEMUTimer update_timer;
} RTCState;

/* The time of day comes from host_time at init (NULL: the fixed epoch,
 * for reproducible runs), then advances with the virtual clock. */
void rtc_init(RTCState *s, MemoryRegion *io, uint16_t base, qemu_irq irq,
              RTCHostTimeFn host_time, void *opaque, int64_t epoch);
/* Sets the RTC's time of day (seconds since 1970, UTC). */
void rtc_set_time(RTCState *s, int64_t seconds);
int64_t rtc_get_time(RTCState *s);
void rtc_set_memory(RTCState *s, int addr, int val);
int rtc_get_memory(RTCState *s, int addr);
/* QEMU's pc_cmos_init memory bytes: 0x15/0x16 base KiB, 0x17/0x18 and
 * 0x30/0x31 extended KiB, 0x34/0x35 64 KiB units above 16 MiB, 0x5b-0x5d
 * 64 KiB units above 4 GiB; then the checksum. */
void rtc_set_memory_size(RTCState *s, uint64_t below_4g, uint64_t above_4g);
/* Sum of 0x10-0x2D stored big-endian at 0x2E/0x2F. */
void rtc_update_checksum(RTCState *s);

/* ---- 16550A UART: COM1 0x3F8/IRQ4 ---- */

#define UART_FIFO_LENGTH 16

/* Character backend: where transmitted bytes go (NULL: qemu_printf). */
typedef void (*SerialWriteFn)(void *opaque, const uint8_t *buf, int len);

typedef struct SerialState {
    MemoryRegion io;
    uint16_t divider;
    uint8_t rbr; /* receive register (FIFO disabled) */
    uint8_t ier;
    uint8_t iir; /* read only */
    uint8_t lcr;
    uint8_t mcr;
    uint8_t lsr; /* read only */
    uint8_t msr; /* read only */
    uint8_t scr;
    uint8_t fcr;
    uint8_t thr_ipending;
    uint8_t timeout_ipending;
    uint8_t recv_fifo_itl; /* receive trigger level */
    uint8_t recv_fifo[UART_FIFO_LENGTH];
    uint8_t recv_fifo_head;
    uint8_t recv_fifo_num;
    qemu_irq irq;
    SerialWriteFn chr_write;
    void *chr_opaque;
    int64_t char_transmit_time; /* ns per character at the set baud */
    QEMUTimer fifo_timeout_timer;
} SerialState;

void serial_init(SerialState *s, MemoryRegion *io, uint16_t base, qemu_irq irq,
                 SerialWriteFn chr_write, void *opaque);
void serial_reset(SerialState *s);
/* How many bytes the receiver takes now (for the backend's flow control). */
int serial_can_receive(SerialState *s);
/* Bytes arriving on the line; overruns set LSR.OE and are lost. */
void serial_receive(SerialState *s, const uint8_t *buf, int size);
void serial_receive_break(SerialState *s);

/* ---- port 0x92: fast A20 gate and fast reset ---- */

typedef struct Port92State {
    MemoryRegion io;
    uint8_t outport;
    qemu_irq a20_out;   /* level = A20 enabled */
    qemu_irq reset_out; /* pulsed on a reset request */
} Port92State;

void port92_init(Port92State *s, MemoryRegion *io, uint16_t port,
                 qemu_irq a20_out, qemu_irq reset_out);
/* Call on machine reset. */
void port92_reset(Port92State *s);

/* ---- i8042 keyboard controller: 0x60 data, 0x64 status/command ---- */

#define KBD_QUEUE_SIZE 32

typedef struct KBDState {
    MemoryRegion io_data;
    MemoryRegion io_cmd;
    uint8_t write_cmd; /* controller command awaiting its data byte */
    uint8_t status;
    uint8_t mode; /* the command byte */
    uint8_t outport;
    uint8_t obdata;  /* output buffer */
    bool cb_pending; /* a controller reply waits for the output buffer */
    bool cb_aux;     /* ... and comes from the aux (mouse) port */
    uint8_t cbdata;
    /* The PS/2 keyboard behind it. */
    uint8_t kbd_queue[KBD_QUEUE_SIZE];
    uint8_t kbd_rptr;
    uint8_t kbd_count;
    uint8_t kbd_write_cmd; /* keyboard command awaiting its argument */
    uint8_t kbd_scan_enabled;
    uint8_t kbd_scancode_set;
    uint8_t kbd_ledstate;
    bool kbd_need_high_bit; /* translation: an F0 (break) came first */
    qemu_irq irq_kbd;   /* IRQ1 */
    qemu_irq irq_mouse; /* IRQ12 */
    qemu_irq a20_out;
    qemu_irq reset_out;
} KBDState;

void i8042_init(KBDState *s, MemoryRegion *io, uint16_t data_port,
                uint16_t cmd_port, qemu_irq irq_kbd, qemu_irq irq_mouse,
                qemu_irq a20_out, qemu_irq reset_out);
void i8042_reset(KBDState *s);
/* A byte into the output queue as the host reads it (after any
 * translation): replies, or raw test input. */
void i8042_put_keycode(KBDState *s, uint8_t code);
/* A key going down or up; qnum is QEMU's key number (set-1 make code,
 * 0x80 | code for E0 keys). The keyboard sends it in its scancode set
 * (2 by default), the controller translates to set 1 when command byte
 * bit 6 is on. false if the PC keyboard has no such key. */
bool i8042_put_qnum(KBDState *s, int qnum, bool down);
/* Types an ASCII character through i8042_put_qnum (make and break, with
 * shift if needed); false if the character has no key. */
bool i8042_put_char(KBDState *s, char c);
/* Bytes the keyboard's queue still takes: an input backend paces its
 * keys with it, as QEMU's input queue does, instead of losing them. */
int i8042_queue_room(const KBDState *s);
/* The most bytes one typed key sends (Ctrl, Alt and Shift around an E0
 * key, make and break: 4 keys x 5 bytes in set 2). */
#define KBD_KEY_MAX_BYTES 20

/* ---- fw_cfg: selector 0x510 (16-bit), data 0x511, DMA 0x514 ---- */

#define FW_CFG_SIGNATURE      0x00
#define FW_CFG_ID             0x01
#define FW_CFG_UUID           0x02
#define FW_CFG_RAM_SIZE       0x03
#define FW_CFG_NOGRAPHIC      0x04
#define FW_CFG_NB_CPUS        0x05
#define FW_CFG_MACHINE_ID     0x06
#define FW_CFG_KERNEL_ADDR    0x07
#define FW_CFG_KERNEL_SIZE    0x08
#define FW_CFG_KERNEL_CMDLINE 0x09
#define FW_CFG_INITRD_ADDR    0x0a
#define FW_CFG_INITRD_SIZE    0x0b
#define FW_CFG_BOOT_DEVICE    0x0c
#define FW_CFG_NUMA           0x0d
#define FW_CFG_BOOT_MENU      0x0e
#define FW_CFG_MAX_CPUS       0x0f
#define FW_CFG_KERNEL_ENTRY   0x10
#define FW_CFG_KERNEL_DATA    0x11
#define FW_CFG_INITRD_DATA    0x12
#define FW_CFG_CMDLINE_ADDR   0x13
#define FW_CFG_CMDLINE_SIZE   0x14
#define FW_CFG_CMDLINE_DATA   0x15
#define FW_CFG_SETUP_ADDR     0x16
#define FW_CFG_SETUP_SIZE     0x17
#define FW_CFG_SETUP_DATA     0x18
#define FW_CFG_FILE_DIR       0x19
#define FW_CFG_FILE_FIRST     0x20
#define FW_CFG_WRITE_CHANNEL  0x4000
#define FW_CFG_ARCH_LOCAL     0x8000
#define FW_CFG_ENTRY_MASK     (~(FW_CFG_WRITE_CHANNEL | FW_CFG_ARCH_LOCAL))
#define FW_CFG_INVALID        0xffff
/* x86 arch-local items */
#define FW_CFG_ACPI_TABLES    (FW_CFG_ARCH_LOCAL + 0)
#define FW_CFG_SMBIOS_ENTRIES (FW_CFG_ARCH_LOCAL + 1)
#define FW_CFG_IRQ0_OVERRIDE  (FW_CFG_ARCH_LOCAL + 2)
#define FW_CFG_E820_TABLE     (FW_CFG_ARCH_LOCAL + 3)
#define FW_CFG_HPET           (FW_CFG_ARCH_LOCAL + 4)

#define FW_CFG_VERSION        0x01
#define FW_CFG_VERSION_DMA    0x02
#define FW_CFG_DMA_SIGNATURE  0x51454d5520434647ULL /* "QEMU CFG" */
#define FW_CFG_DMA_CTL_ERROR  0x01
#define FW_CFG_DMA_CTL_READ   0x02
#define FW_CFG_DMA_CTL_SKIP   0x04
#define FW_CFG_DMA_CTL_SELECT 0x08
#define FW_CFG_DMA_CTL_WRITE  0x10

#define FW_CFG_MAX_FILE_PATH 56
#ifndef FW_CFG_FILE_SLOTS
#define FW_CFG_FILE_SLOTS 32
#endif
#define FW_CFG_ARCH_ENTRIES 8
#define FW_CFG_SCALAR_POOL  128
#define FW_CFG_E820_MAX     16

#define E820_RAM      1
#define E820_RESERVED 2
#define E820_ACPI     3
#define E820_NVS      4
#define E820_UNUSABLE 5

/* An "etc/e820" entry as SeaBIOS reads it (little-endian). */
typedef struct QEMU_PACKED E820Entry {
    uint64_t address;
    uint64_t length;
    uint32_t type;
} E820Entry;

/* One directory entry, big-endian as the guest reads it. */
typedef struct FWCfgFile {
    uint32_t size;   /* big-endian */
    uint16_t select; /* big-endian */
    uint16_t reserved;
    char name[FW_CFG_MAX_FILE_PATH];
} FWCfgFile;

typedef struct FWCfgEntry {
    uint32_t len;
    const uint8_t *data; /* caller's storage; NULL: no such item */
} FWCfgEntry;

typedef struct FWCfgState {
    MemoryRegion comb_io;
    MemoryRegion dma_io;
    FWCfgEntry entries[FW_CFG_FILE_FIRST + FW_CFG_FILE_SLOTS];
    FWCfgEntry arch_entries[FW_CFG_ARCH_ENTRIES];
    struct {
        uint32_t count; /* big-endian */
        FWCfgFile f[FW_CFG_FILE_SLOTS];
    } files;
    uint8_t scalars[FW_CFG_SCALAR_POOL]; /* storage of add_i16/i32/i64 */
    unsigned scalars_used;
    E820Entry e820[FW_CFG_E820_MAX];
    unsigned e820_count;
    uint16_t cur_entry;
    uint32_t cur_offset;
    AddressSpace *dma_as; /* NULL: no DMA interface */
    uint64_t dma_addr;
} FWCfgState;

/* dma_iobase 0 or dma_as NULL: the I/O interface only. Adds the
 * signature, the ID and the (empty) file directory. */
void fw_cfg_init_io(FWCfgState *s, MemoryRegion *io, uint16_t iobase,
                    uint16_t dma_iobase, AddressSpace *dma_as);
/* data must outlive the machine (static storage); no copy is made. */
void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data,
                      size_t len);
void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value);
/* Little-endian values, stored inside the FWCfgState. */
void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value);
/* A named file (e.g. "etc/e820"); the directory stays sorted by name.
 * A duplicate name or a full directory is a fatal error. */
void fw_cfg_add_file(FWCfgState *s, const char *filename, const void *data,
                     size_t len);
/* Key of a file, or FW_CFG_INVALID. */
/* QEMU's fw_cfg_modify_file: new data and size for a file (added if it
 * does not exist yet). */
void fw_cfg_modify_file(FWCfgState *s, const char *filename, const void *data,
                        size_t len);
uint16_t fw_cfg_file_key(FWCfgState *s, const char *filename);
/* Appends a range to "etc/e820" (created on first use). */
void fw_cfg_add_e820(FWCfgState *s, uint64_t address, uint64_t length,
                     uint32_t type);
/* The items SeaBIOS asks a PC for: RAM size, CPU counts, boot menu and
 * "etc/boot-menu-wait" (ms), IRQ0 override, no graphics. */
void fw_cfg_add_pc_items(FWCfgState *s, uint64_t ram_size, uint16_t cpus,
                         bool boot_menu, uint16_t boot_menu_wait_ms);

/* ---- pc-testdev: QEMU's ISA test device (kvm-unit-tests) ---- */
#define PC_TESTDEV_IOMEM_BASE 0xff000000u
#define PC_TESTDEV_IOMEM_SIZE 0x10000u
#define PC_TESTDEV_IRQS       16 /* ISA lines 0-15 (QEMU: 24 GSIs) */

typedef struct PCTestdevState {
    MemoryRegion data_io, flush_io, data_byte_io, irq_io, iomem_mr;
    uint32_t data;
    uint8_t *iomem; /* PC_TESTDEV_IOMEM_SIZE bytes from the caller */
    qemu_irq irq[PC_TESTDEV_IRQS];
} PCTestdevState;

/* The data register at 0xE0/0xE8, the flush port 0xE4, IRQ lines at
 * 0x2000 + n (irqs[n], may be NULL), and iomem behind MMIO at
 * PC_TESTDEV_IOMEM_BASE in mem. */
void pc_testdev_init(PCTestdevState *s, MemoryRegion *io, MemoryRegion *mem,
                     uint8_t *iomem, const qemu_irq *irqs);

/* ---- The PC's ISA devices wired together (QEMU's pc_basic_device_init,
 * pc_cmos_init and fw_cfg_arch_create in one call) ---- */

typedef struct PCISAConfig {
    qemu_irq cpu_intr;          /* the PIC's output: the CPU's INTR line */
    qemu_irq a20;               /* port 0x92 and the i8042 output port */
    qemu_irq reset;             /* pulsed on a reset request */
    SerialWriteFn serial_write; /* COM1 backend (NULL: qemu_printf) */
    void *serial_opaque;
    DebugconSink debugcon_sink; /* 0xE9 and 0x402 (NULL: qemu_printf) */
    void *debugcon_opaque;
    DebugExitFn debug_exit; /* 0xF4 */
    void *debug_exit_opaque;
    RTCHostTimeFn rtc_time; /* NULL: rtc_epoch */
    void *rtc_opaque;
    int64_t rtc_epoch;
    uint64_t ram_below_4g;
    uint64_t ram_above_4g;
    uint16_t cpus;
    AddressSpace *dma_as; /* fw_cfg DMA target (NULL: no DMA) */
    qemu_irq ignne;       /* raised by a write to port 0xF0 (may be NULL) */
} PCISAConfig;

typedef struct PCISADevices {
    PICPair pic;
    PITState pit;
    PCSpkState pcspk;
    RTCState rtc;
    SerialState com1;
    Port92State port92;
    KBDState kbd;
    FWCfgState fw_cfg;
    DebugconState debugcon;
    DebugconState debugcon_fw;
    DebugExitState debug_exit;
    PostState post;
    MemoryRegion ioport_f0; /* the coprocessor error latch's clear */
    qemu_irq ignne;
    /* ISA IRQ lines (QEMU's GSIs 0-15): each goes to the 8259 and, once
     * pc_isa_set_ioapic() connected one, to the I/O APIC */
    IRQState gsi[16];
    struct IOAPICState *ioapic;
} PCISADevices;

/* PIC 0x20/0xA0/0x4D0, PIT 0x40 (IRQ0), 0x61, RTC 0x70 (IRQ8), COM1 0x3F8
 * (IRQ4), 0x92, i8042 0x60/0x64 (IRQ1, IRQ12), fw_cfg 0x510 (+DMA 0x514),
 * debugcon 0xE9/0x402, isa-debug-exit 0xF4, POST 0x80, the coprocessor
 * error port 0xF0 (a write clears FERR#: IRQ 13, cfg->ignne). Fills the CMOS
 * memory bytes and the fw_cfg items SeaBIOS needs (RAM size, CPUs,
 * etc/e820). */
void pc_isa_init(PCISADevices *d, MemoryRegion *io, const PCISAConfig *cfg);
/* What a machine reset does to these devices (the PIC, PIT, UART, i8042,
 * port 0x92); CMOS and fw_cfg contents stay. */
void pc_isa_reset(PCISADevices *d);
/* ISA IRQ n of these devices (for devices added later: IDE, ...). */
qemu_irq pc_isa_irq(PCISADevices *d, int n);
void pc_isa_set_ioapic(PCISADevices *d, struct IOAPICState *ioapic);

#endif /* BMX_HW_HW_H */

/* ---- PCI: host bridge, i440FX, PIIX3 ---- */
/* ---- PCI: configuration mechanism #1 (0xCF8/0xCFC), i440FX, PIIX3 ----
 * (after the main guard so this block stays self-contained) */
#ifndef BMX_HW_PCI_BLOCK_H
#define BMX_HW_PCI_BLOCK_H

#define PCI_CONFIG_SPACE_SIZE 256
#define PCI_BUS_MAX_DEVICES   8
#define PCI_DEVFN(slot, func) ((((slot)&0x1f) << 3) | ((func)&0x07))

#define PCI_VENDOR_ID                  0x00
#define PCI_DEVICE_ID                  0x02
#define PCI_COMMAND                    0x04
#define PCI_STATUS                     0x06
#define PCI_REVISION_ID                0x08
#define PCI_CLASS_PROG                 0x09
#define PCI_CLASS_DEVICE               0x0a
#define PCI_HEADER_TYPE                0x0e
#define PCI_INTERRUPT_LINE             0x3c
#define PCI_HEADER_TYPE_MULTI_FUNCTION 0x80

typedef struct PCIDevice PCIDevice;
typedef struct PCIBus PCIBus;

/* Config-space hooks; NULL: pci_default_read/write_config. */
typedef uint32_t (*PCIConfigReadFn)(PCIDevice *d, uint32_t addr, int len);
typedef void (*PCIConfigWriteFn)(PCIDevice *d, uint32_t addr, uint32_t val,
                                 int len);

struct PCIDevice {
    uint8_t config[PCI_CONFIG_SPACE_SIZE];
    uint8_t wmask[PCI_CONFIG_SPACE_SIZE];   /* writable bits */
    uint8_t w1cmask[PCI_CONFIG_SPACE_SIZE]; /* write-1-to-clear bits */
    uint8_t devfn;
    const char *name;
    PCIConfigReadFn config_read;
    PCIConfigWriteFn config_write;
    PCIBus *bus;
};

struct PCIBus {
    PCIDevice *devices[PCI_BUS_MAX_DEVICES];
    unsigned ndevices;
};

/* The host side of configuration mechanism #1. */
typedef struct PCIHostState {
    MemoryRegion conf_mem; /* 0xCF8, 32-bit accesses only */
    MemoryRegion data_mem; /* 0xCFC-0xCFF */
    uint32_t config_reg;
    PCIBus bus;
} PCIHostState;

/* Registers 0xCF8/0xCFC in io and empties the bus. */
void pci_host_init(PCIHostState *s, MemoryRegion *io);
/* Puts d on the bus at devfn with a zeroed config space whose standard
 * header bits are writable as QEMU's pci_init_wmask makes them (command,
 * cache line, latency, interrupt line, and 0x40-0xFF); the caller fills
 * in IDs and device-specific masks afterwards. */
void pci_register_device(PCIBus *bus, PCIDevice *d, const char *name,
                         uint8_t devfn, PCIConfigReadFn rd,
                         PCIConfigWriteFn wr);
PCIDevice *pci_find_device(PCIBus *bus, uint8_t devfn);
uint32_t pci_default_read_config(PCIDevice *d, uint32_t addr, int len);
void pci_default_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                              int len);
/* What a guest sees at bus 0 devfn, config offset addr (len 1, 2, 4);
 * all ones where nothing answers. */
uint32_t pci_host_config_read(PCIHostState *s, uint8_t devfn, uint32_t addr,
                              int len);
void pci_host_config_write(PCIHostState *s, uint8_t devfn, uint32_t addr,
                           uint32_t val, int len);

static inline void pci_set_word(uint8_t *config, uint16_t val)
{
    config[0] = (uint8_t)val;
    config[1] = (uint8_t)(val >> 8);
}
static inline uint16_t pci_get_word(const uint8_t *config)
{
    return (uint16_t)(config[0] | (config[1] << 8));
}

/* ---- i440FX host bridge (PMC): PAM and SMRAM ---- */

#define I440FX_PAM        0x59
#define I440FX_PAM_SIZE   7
#define I440FX_SMRAM      0x72
#define PAM_REGIONS_COUNT 13
#define SMRAM_D_OPEN      0x40
#define SMRAM_D_CLS       0x20
#define SMRAM_D_LCK       0x10
#define SMRAM_G_SMRAME    0x08
#define SMRAM_C_BASE_SEG  0x07

/* PAM attribute of a segment: bit 0 read enable, bit 1 write enable
 * (to DRAM); the cleared direction goes to PCI. */
#define PAM_ATTR_PCI 0 /* reads and writes go to PCI (ROM) */
#define PAM_ATTR_RO  1 /* reads from RAM, writes dropped */
#define PAM_ATTR_WO  2 /* reads from PCI (ROM), writes to RAM */
#define PAM_ATTR_RW  3 /* RAM */

typedef struct PAMMemoryRegion {
    /* alias[i] is enabled when the segment's mode is i */
    MemoryRegion alias[4];
    MemoryRegion *ram;    /* the write-only mode writes here... */
    AddressSpace *pci_as; /* ...and reads from here (NULL: all ones) */
    uint32_t start;
    unsigned current;
} PAMMemoryRegion;

typedef struct I440FXState {
    PCIDevice dev;
    AddressSpace pci_as; /* the PCI memory space, for PAM write-only */
    PAMMemoryRegion pam_regions[PAM_REGIONS_COUNT];
    MemoryRegion smram_region; /* non-SMM: PCI (VGA) window at 0xA0000 */
    MemoryRegion smram;        /* SMM-only view: container, 4 GiB */
    MemoryRegion low_smram;    /* RAM at 0xA0000 inside smram */
    bool smram_locked;         /* D_LCK seen: until reset */
} I440FXState;

/* QEMU's init_pam()/pam_update(): four aliases per segment, one enabled. */
void init_pam(PAMMemoryRegion *mem, MemoryRegion *ram_memory,
              MemoryRegion *system_memory, MemoryRegion *pci_address_space,
              uint32_t start, uint32_t size);
void pam_update(PAMMemoryRegion *pam, int idx, uint8_t val);

/* The i440FX at devfn 0. ram_memory is the whole guest RAM ("pc.ram",
 * offset = guest physical address), pci_memory the PCI address space that
 * holds the ROMs. Its "smram" region is what the CPU's SMM address space
 * overlays on system memory (see pc.c). */
void i440fx_init(I440FXState *d, PCIBus *bus, MemoryRegion *system_memory,
                 MemoryRegion *pci_memory, MemoryRegion *ram_memory,
                 uint64_t ram_size);
/* Power-on values: all PAM segments to PCI, SMRAM 0x02 (unlocked). */
void i440fx_reset(I440FXState *d);
/* What a system reset does (QEMU's): PAM and SMRAM stay, the SMRAM lock
 * goes. */
void i440fx_system_reset(I440FXState *d);

/* ---- PIIX3 PCI-to-ISA bridge (function 0 of slot 1) ---- */

#define PIIX_PIRQC        0x60 /* PIRQA-D route control, 0x60-0x63 */
#define PIIX_NUM_PIRQS    4
#define PIIX_PIRQ_DISABLE 0x80

typedef struct PIIX3State {
    PCIDevice dev;
    MemoryRegion rcr_mem; /* 0xCF9 reset control */
    uint8_t rcr;
    PICPair *pic;
    struct PCISADevices *isa; /* when set, PIRQs use its ISA lines */
    qemu_irq reset_out;
    int pirq_level[PIIX_NUM_PIRQS]; /* PCI INTx lines asserted per PIRQ */
    IRQState pirq_in[PIIX_NUM_PIRQS];
} PIIX3State;

/* At devfn PCI_DEVFN(1, 0); PIRQs route to the PIC's ISA lines, the
 * reset control register 0xCF9 pulses reset_out (bit 2 with bit 1 or
 * bit 3 set). The ELCR itself stays in the PIC (0x4D0/0x4D1), which the
 * BIOS programs for the routed lines. */
void piix3_init(PIIX3State *s, PCIBus *bus, MemoryRegion *io, PICPair *pic,
                qemu_irq reset_out);
void piix3_reset(PIIX3State *s);
/* PCI interrupt line PIRQA..D (0-3) as a qemu_irq. */
qemu_irq piix3_pirq(PIIX3State *s, int pirq);
/* ISA IRQ a PIRQ is routed to, or -1 when disabled. */
int piix3_pirq_route(PIIX3State *s, int pirq);

#endif /* BMX_HW_PCI_BLOCK_H */
/* ---- end of PCI ---- */

/* ---- local APIC (0xFEE00000) and I/O APIC (0xFEC00000) of the P6 pc ---- */
#ifndef BMX_HW_APIC_BLOCK_H
#define BMX_HW_APIC_BLOCK_H

#define APIC_DEFAULT_BASE   0xfee00000u
#define IOAPIC_DEFAULT_BASE 0xfec00000u
#define IOAPIC_NUM_PINS     24

typedef struct APICState {
    MemoryRegion mmio;
    uint32_t mmio_base;
    uint64_t apic_base; /* IA32_APIC_BASE */
    bool hw_enabled;    /* its bit 11 */
    uint8_t id;
    uint32_t tpr, ldr, dfr, svr, esr, esr_pending;
    uint32_t isr[8], tmr[8], irr[8];
    uint32_t icr[2];
    uint32_t lvt[6];
    uint32_t initial_count, divide_conf;
    int count_shift;
    int64_t initial_count_load_time;
    QEMUTimer timer;
    bool extint_level; /* the 8259's INTR, on LINT0 */
    qemu_irq intr;     /* to the CPU: an interrupt to take */
    qemu_irq nmi;      /* to the CPU's NMI */
    /* EOI of a level-triggered vector (the I/O APIC's Remote IRR) */
    void (*eoi_broadcast)(void *opaque, int vector);
    void *eoi_opaque;
} APICState;

void apic_init(APICState *s, MemoryRegion *sys, qemu_irq intr, qemu_irq nmi);
void apic_reset(APICState *s);
/* The registers a hardware disable (IA32_APIC_BASE bit 11) clears. */
void apic_reset_state(APICState *s);
/* WRMSR IA32_APIC_BASE: enable bit and base (the registers move). */
void apic_set_base(APICState *s, uint64_t val);
/* A fixed interrupt message: IRR (and TMR if level). */
void apic_set_irq(APICState *s, int vector, bool level);
/* INTA: the vector to take, the spurious vector, or -1 for the 8259. */
int apic_get_interrupt(APICState *s);
/* Would the 8259's INTR reach the CPU (LINT0 ExtINT, or APIC off)? */
bool apic_accept_pic_intr(const APICState *s);
void apic_deliver_pic_intr(APICState *s, int level);
void apic_deliver_lint1(APICState *s, int level);
/* For the idle loop: an accepted interrupt waits / the timer's deadline. */
bool apic_has_pending(const APICState *s);
int64_t apic_next_timer_ns(const APICState *s);

typedef struct IOAPICState {
    MemoryRegion mmio;
    APICState *lapic;
    uint8_t id;
    uint8_t ioregsel;
    uint32_t irr;   /* requests waiting */
    uint32_t level; /* input levels */
    uint64_t ioredtbl[IOAPIC_NUM_PINS];
    IRQState in[IOAPIC_NUM_PINS]; /* ISA IRQ n is in[n] (0 goes to pin 2) */
} IOAPICState;

void ioapic_init(IOAPICState *s, MemoryRegion *sys, APICState *lapic);
void ioapic_reset(IOAPICState *s);
void ioapic_eoi(void *opaque, int vector);

#endif /* BMX_HW_APIC_BLOCK_H */
/* ---- IDE: ATA disks and ATAPI CD-ROMs (QEMU's hw/ide), the PIIX3 IDE
 * function with bus-master DMA, and the ISA channels ----
 * (after the main guard so this block stays self-contained) */
#ifndef BMX_HW_IDE_BLOCK_H
#define BMX_HW_IDE_BLOCK_H

#include "block/block.h"

/* The PIO/DMA bounce buffer of a drive: 16 sectors (8 KiB, 4 CD sectors);
 * longer transfers go through it in turns. */
#define IDE_BUF_SECTORS   16
#define IDE_BUF_SIZE      (IDE_BUF_SECTORS * BDRV_SECTOR_SIZE)
#define MAX_MULT_SECTORS  16
#define ATAPI_SECTOR_SIZE 2048

/* status register */
#define ERR_STAT   0x01
#define INDEX_STAT 0x02
#define ECC_STAT   0x04 /* corrected error */
#define DRQ_STAT   0x08
#define SEEK_STAT  0x10
#define SRV_STAT   0x10
#define WRERR_STAT 0x20
#define READY_STAT 0x40
#define BUSY_STAT  0x80
/* error register */
#define MARK_ERR 0x01 /* bad address mark */
#define TRK0_ERR 0x02
#define ABRT_ERR 0x04 /* command aborted */
#define MCR_ERR  0x08
#define ID_ERR   0x10 /* ID field not found */
#define MC_ERR   0x20
#define ECC_ERR  0x40 /* uncorrectable */
/* device control register */
#define IDE_CTRL_HOB         0x80
#define IDE_CTRL_RESET       0x04
#define IDE_CTRL_DISABLE_IRQ 0x02
/* ATAPI interrupt reason (sector count register) */
#define ATAPI_INT_REASON_CD 0x01
#define ATAPI_INT_REASON_IO 0x02

/* bus-master IDE (SFF-8038i) */
#define BM_STATUS_DMAING 0x01
#define BM_STATUS_ERROR  0x02
#define BM_STATUS_INT    0x04
#define BM_CMD_START     0x01
#define BM_CMD_READ      0x08 /* the device reads: writes to memory */

typedef enum IDEDriveKind { IDE_HD, IDE_CD } IDEDriveKind;

typedef enum IDEDMACmd {
    IDE_DMA_NONE,
    IDE_DMA_READ,  /* disk to memory */
    IDE_DMA_WRITE, /* memory to disk */
    IDE_DMA_ATAPI, /* an ATAPI reply or READ(10/12) to memory */
} IDEDMACmd;

typedef struct IDEState IDEState;
typedef struct IDEBus IDEBus;
typedef struct BMDMAState BMDMAState;
typedef void EndTransferFunc(IDEState *s);

struct IDEState {
    IDEBus *bus;
    uint8_t unit;
    bool present; /* a drive sits here (a CD drive may be empty) */
    IDEDriveKind drive_kind;
    BlockBackend *blk; /* NULL: no medium */
    char drive_serial_str[21];
    char drive_model_str[41];
    /* geometry: what IDENTIFY reports and INITIALIZE DEVICE PARAMETERS
     * may change the logical half of */
    int cylinders, heads, sectors;
    int cur_heads, cur_sectors;
    uint64_t nb_sectors;
    int mult_sectors;
    uint8_t xfer_mode; /* SET FEATURES 0x03: class << 3 | mode */
    /* taskfile */
    uint8_t feature, error, nsector, sector, lcyl, hcyl;
    uint8_t hob_feature, hob_nsector, hob_sector, hob_lcyl, hob_hcyl;
    uint8_t select, status;
    bool lba48;
    /* the running command */
    uint64_t req_sector;
    uint32_t req_nsector; /* sectors left */
    int req_nb_sectors;   /* per DRQ block */
    uint8_t *data_ptr, *data_end;
    EndTransferFunc *end_transfer_func;
    IDEDMACmd dma_cmd;
    bool dma_pending; /* waits for the bus master's START */
    /* ATAPI */
    uint8_t sense_key, asc;
    bool tray_locked;
    bool atapi_dma;
    uint8_t packet[12];
    int64_t cd_lba; /* next CD sector to load, -1: the buffer is the reply */
    uint32_t packet_transfer_size;
    uint32_t io_buffer_index, io_buffer_size;
    uint8_t io_buffer[IDE_BUF_SIZE + 4];
};

struct BMDMAState {
    uint8_t cmd;
    uint8_t status;
    uint32_t addr; /* the PRD table */
    IDEBus *bus;
    /* where the PRD walk is */
    uint32_t cur_addr;
    uint32_t cur_prd_addr;
    uint32_t cur_prd_len;
    bool cur_prd_last;
};

struct IDEBus {
    IDEState ifs[2];
    int bus_id;
    uint8_t unit; /* the selected drive */
    uint8_t cmd;  /* device control register */
    qemu_irq irq;
    BMDMAState *bmdma; /* NULL: no bus master (ISA) */
    AddressSpace *dma_as;
    const uint8_t *pci_command; /* bus-master enable lives here (or NULL) */
    MemoryRegion cmd_io;        /* base: data and taskfile */
    MemoryRegion ctrl_io;       /* base2: alternate status, device control */
};

/* An empty bus (no drives) with its interrupt line. */
void ide_bus_init(IDEBus *bus, int bus_id, qemu_irq irq);
/* Registers the taskfile at iobase (8 ports) and the control register at
 * iobase2 (1 port). */
void ide_init_ioport(IDEBus *bus, MemoryRegion *io, uint16_t iobase,
                     uint16_t iobase2);
/* Puts a drive at unit 0 (master) or 1 (slave). blk may be NULL only for
 * a CD drive (no medium). Returns false when the unit is taken or a disk
 * has no backend. */
bool ide_drive_attach(IDEBus *bus, int unit, IDEDriveKind kind,
                      BlockBackend *blk);
/* Power-on state of both drives (signatures, status). */
void ide_bus_reset(IDEBus *bus);

/* ISA: one channel at iobase/iobase2 on an ISA IRQ, PIO only
 * (QEMU's isa-ide). */
void isa_ide_init(IDEBus *bus, int bus_id, MemoryRegion *io, uint16_t iobase,
                  uint16_t iobase2, qemu_irq irq);

/* The PIIX3 IDE function (8086:7010 at 00:01.1) in legacy mode: channel
 * 0 at 0x1F0/0x3F6 on IRQ 14, channel 1 at 0x170/0x376 on IRQ 15, the
 * bus master at BAR4 (16 ports) DMAing through dma_as. */
typedef struct PCIIDEState {
    PCIDevice dev;
    IDEBus bus[2];
    BMDMAState bmdma[2];
    MemoryRegion bmdma_io;
    MemoryRegion *io; /* where BAR4 is mapped */
    bool bmdma_mapped;
    uint32_t bmdma_base;
} PCIIDEState;

void piix3_ide_init(PCIIDEState *d, PCIBus *bus, MemoryRegion *io,
                    AddressSpace *dma_as, qemu_irq irq14, qemu_irq irq15);
void piix3_ide_reset(PCIIDEState *d);

#endif /* BMX_HW_IDE_BLOCK_H */
/* ---- end of IDE ---- */

/* ---- VGA: QEMU's hw/display/vga.c registers and legacy window ----
 * (after the main guard so this block stays self-contained) */
#ifndef BMX_HW_VGA_BLOCK_H
#define BMX_HW_VGA_BLOCK_H

/* QEMU's isa-vga default: 16 MiB; a VGA's 256 KiB (4 planes of 64 KiB)
 * is all the legacy registers address, so that is what bmx86 gives. */
#define VGA_VRAM_SIZE (256 * 1024)

/* The emulated display's scan timing: 70 Hz, 449 lines (mode 3). */
#define VGA_FRAME_NS  14285714
#define VGA_LINES     449
#define VGA_VDE_LINES 400

typedef struct VGACommonState {
    MemoryRegion io;     /* 0x3B0-0x3DF (QEMU's ranges inside it) */
    MemoryRegion lowmem; /* 0xA0000-0xBFFFF, the window GR6 selects */
    uint8_t *vram;       /* 4 planes interleaved: byte (addr << 2) | plane */
    uint32_t vram_size;
    uint32_t latch;
    uint8_t sr_index, sr[8];
    uint8_t gr_index, gr[16];
    uint8_t ar_index, ar[21];
    bool ar_flip_flop;
    uint8_t cr_index, cr[256];
    uint8_t msr, fcr, st00, st01;
    uint8_t dac_state, dac_sub_index, dac_read_index, dac_write_index;
    uint8_t dac_cache[3];
    uint8_t dac_mask;
    uint8_t palette[768];
    /* Input status 1 follows the virtual clock; within one CPU slice the
     * clock stands still, so each read also moves the scan on by
     * VGA_POLL_STEP_NS: a busy-wait still sees retrace come and go. */
    int64_t scan_ns;
    /* Bumped on every change the screen shows (VRAM, CRTC, AR, GR, SR):
     * the text renderer redraws only when it moved. */
    uint32_t generation;
} VGACommonState;

#define VGA_POLL_STEP_NS 1000

/* Resets the registers; vram (vram_size bytes, a power of two >= 256 KiB
 * is clipped to 256 KiB) is the caller's and is cleared. */
void vga_common_init(VGACommonState *s, uint8_t *vram, uint32_t vram_size);
void vga_common_reset(VGACommonState *s);
/* QEMU's isa-vga: the registers at 0x3B0 in io, the window at 0xA0000 in
 * mem with the given priority (over the option-ROM/PAM area's). */
void vga_init(VGACommonState *s, MemoryRegion *mem, MemoryRegion *io,
              int priority);
/* The window (offsets from 0xA0000), as the guest sees it. */
uint64_t vga_mem_readb(VGACommonState *s, hwaddr addr);
void vga_mem_writeb(VGACommonState *s, hwaddr addr, uint32_t val);

/* A text screen as the CRTC and attribute controller present it. */
#define VGA_TEXT_MAX_COLS 132
#define VGA_TEXT_MAX_ROWS 60

typedef struct VGATextScreen {
    int cols, rows;
    bool blink;          /* AR10 bit 3: attribute bit 7 blinks (else: bright
                            background) */
    bool cursor_visible; /* CR0A bit 5 clear and start <= end, on screen */
    int cursor_col, cursor_row;
    /* character in the low byte, attribute in the high byte */
    uint16_t cells[VGA_TEXT_MAX_COLS * VGA_TEXT_MAX_ROWS];
} VGATextScreen;

/* Fills t from VRAM and the registers; false (t untouched) in a graphics
 * mode or with the screen off. */
bool vga_text_snapshot(const VGACommonState *s, VGATextScreen *t);

#endif /* BMX_HW_VGA_BLOCK_H */
