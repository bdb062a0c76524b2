/*
 * The Linux boot protocol as qemu-system-i386 -kernel serves it (QEMU's
 * x86_load_linux in hw/i386/x86.c): the machine reads the bzImage's setup
 * header, chooses where setup, command line, kernel and initrd go, fills
 * the header fields a boot loader must fill, and hands the pieces to the
 * guest as fw_cfg items. The option ROM linuxboot_dma.bin, run by SeaBIOS,
 * copies them into place and jumps to the setup code. Nothing here touches
 * guest RAM.
 */
#include "pc-internal.h"

#define KiB 1024u
#define MiB (1024u * 1024u)

/* Setup header fields (Documentation/arch/x86/boot.rst). */
#define HDR_CL_MAGIC       0x020
#define HDR_CL_OFFSET      0x022
#define HDR_SETUP_SECTS    0x1f1
#define HDR_VID_MODE       0x1fa
#define HDR_MAGIC          0x202
#define HDR_VERSION        0x206
#define HDR_TYPE_OF_LOADER 0x210
#define HDR_LOADFLAGS      0x211
#define HDR_RAMDISK_IMAGE  0x218
#define HDR_RAMDISK_SIZE   0x21c
#define HDR_HEAP_END_PTR   0x224
#define HDR_CMD_LINE_PTR   0x228
#define HDR_INITRD_MAX     0x22c
#define HDR_XLOADFLAGS     0x236
#define HDR_CMDLINE_SIZE   0x238
#define HDR_END            0x23c /* what the checks here read */
#define HDR_PREF_ADDRESS   0x258 /* 2.10+: where it decompresses */
#define HDR_INIT_SIZE      0x260 /* 2.10+: the room it needs there */

#define LOADED_HIGH     0x01
#define CAN_USE_HEAP    0x80
#define XLF_INITRD_4G   0x02 /* XLF_CAN_BE_LOADED_ABOVE_4G */
#define LOADER_QEMU     0xb0 /* type_of_loader: QEMU's id, as QEMU */
#define CL_MAGIC_VALUE  0xa33f
#define CMDLINE_MAX_OLD 255u /* before protocol 2.06 */

/* QEMU's pc keeps this much under the top of RAM for ACPI tables and
 * SeaBIOS's high allocations (acpi_data_size of pc-i440fx). */
#define PC_ACPI_DATA_SIZE (0x20000u + 0x8000u)

bool x86_is_linux_kernel(const uint8_t *image, size_t size)
{
    return size >= HDR_MAGIC + 4 &&
           ldl_le_p(image + HDR_MAGIC) == LINUX_HDRS_MAGIC;
}

const char *x86_linux_plan(const uint8_t *image, size_t size,
                           size_t cmdline_len, size_t initrd_size,
                           uint64_t ram_size, LinuxLoadInfo *li)
{
    uint32_t setup_sects, initrd_max, kernel_end, top;
    uint8_t loadflags;

    memset(li, 0, sizeof(*li));
    if (!x86_is_linux_kernel(image, size)) {
        return "not a Linux kernel (no \"HdrS\" setup header at 0x202)";
    }
    if (size < HDR_END) {
        return "Linux kernel truncated inside its setup header";
    }
    li->protocol = lduw_le_p(image + HDR_VERSION);
    if (li->protocol < 0x200) {
        li->limit = LINUX_LIMIT_PROTOCOL;
        return "Linux boot protocol older than 2.00 (a zImage of before "
               "1996): bmx86 loads protocol 2.00 and later";
    }
    loadflags = image[HDR_LOADFLAGS];
    /* QEMU's three layouts; the command-line room is 16-byte aligned. */
    li->cmdline_room = (uint32_t)((cmdline_len + 16) & ~(size_t)15);
    if (!(loadflags & LOADED_HIGH)) {
        li->real_addr = 0x90000; /* zImage: low kernel at 64 KiB */
        li->cmdline_addr = 0x9a000 - li->cmdline_room;
        li->prot_addr = 0x10000;
    } else if (li->protocol < 0x202) {
        li->real_addr = 0x90000; /* high but ancient */
        li->cmdline_addr = 0x9a000 - li->cmdline_room;
        li->prot_addr = 0x100000;
    } else {
        li->real_addr = 0x10000;
        li->cmdline_addr = 0x20000;
        li->prot_addr = 0x100000;
    }
    li->cmdline_max = li->protocol >= 0x206
                          ? (uint32_t)ldl_le_p(image + HDR_CMDLINE_SIZE)
                          : CMDLINE_MAX_OLD;
    if (cmdline_len > li->cmdline_max) {
        li->limit = LINUX_LIMIT_CMDLINE;
        return "command line longer than the kernel's cmdline_size";
    }
    if (li->protocol < 0x202 && li->cmdline_room > 0x9a000 - 0x98000) {
        /* Below 2.02 it shares the setup segment's last 8 KiB. */
        return "command line longer than the 8 KiB a protocol < 2.02 "
               "kernel leaves it";
    }
    setup_sects = image[HDR_SETUP_SECTS];
    li->setup_size = ((setup_sects ? setup_sects : 4) + 1) * 512;
    if (li->setup_size > size) {
        return "Linux kernel truncated: shorter than its setup code "
               "(setup_sects)";
    }
    if (li->real_addr + li->setup_size > li->cmdline_addr) {
        return "Linux setup code too large: it would overlap the command "
               "line";
    }
    li->kernel_size = (uint32_t)(size - li->setup_size);
    kernel_end = li->prot_addr + li->kernel_size;
    if (!(loadflags & LOADED_HIGH) && kernel_end > li->real_addr) {
        return "zImage kernel too large for low memory (at most 512 KiB)";
    }
    /* The initrd goes as high as initrd_addr_max and the RAM allow. */
    if (li->protocol >= 0x20c &&
        (lduw_le_p(image + HDR_XLOADFLAGS) & XLF_INITRD_4G)) {
        initrd_max = 0xffffffffu;
    } else if (li->protocol >= 0x203) {
        initrd_max = (uint32_t)ldl_le_p(image + HDR_INITRD_MAX);
    } else {
        initrd_max = 0x37ffffffu;
    }
    top = (uint32_t)MIN(ram_size, (uint64_t)PC_RAM_MAX);
    if (top <= PC_ACPI_DATA_SIZE || kernel_end > top - PC_ACPI_DATA_SIZE) {
        li->limit = LINUX_LIMIT_RAM;
        return "Linux kernel does not fit in guest RAM (from 1 MiB, below "
               "the 160 KiB kept at the top for the BIOS)";
    }
    /* The decompressor runs at pref_address or higher (even a relocatable
     * kernel does not go below it) and needs init_size bytes there: with
     * less RAM it runs into unassigned memory and hangs (QEMU lets it). */
    if (li->protocol >= 0x20a && size >= HDR_INIT_SIZE + 4) {
        uint64_t need = ldq_le_p(image + HDR_PREF_ADDRESS) +
                        ldl_le_p(image + HDR_INIT_SIZE);
        li->init_end = need;
        if (need > top - PC_ACPI_DATA_SIZE) {
            li->limit = LINUX_LIMIT_INIT;
            return "Linux kernel needs more RAM to decompress and start "
                   "(pref_address + init_size from its header)";
        }
    }
    if (initrd_max >= top - PC_ACPI_DATA_SIZE) {
        initrd_max = top - PC_ACPI_DATA_SIZE - 1;
    }
    li->initrd_max = initrd_max;
    if (initrd_size) {
        li->limit = LINUX_LIMIT_INITRD;
        if (initrd_size >= initrd_max) {
            return "initrd too large for guest RAM and the kernel's "
                   "initrd_addr_max";
        }
        li->initrd_addr =
            (uint32_t)((initrd_max - initrd_size) & ~(uint64_t)4095);
        li->initrd_size = (uint32_t)initrd_size;
        if (li->initrd_addr < kernel_end) {
            return "initrd does not fit between the kernel's end and the "
                   "kernel's initrd_addr_max / the top of RAM";
        }
        li->limit = LINUX_LIMIT_NONE;
    }
    return NULL;
}

void x86_linux_fill_header(uint8_t *setup, const LinuxLoadInfo *li)
{
    if (li->protocol >= 0x202) {
        stl_le_p(setup + HDR_CMD_LINE_PTR, li->cmdline_addr);
    } else {
        stw_le_p(setup + HDR_CL_MAGIC, CL_MAGIC_VALUE);
        stw_le_p(setup + HDR_CL_OFFSET,
                 (uint16_t)(li->cmdline_addr - li->real_addr));
    }
    setup[HDR_TYPE_OF_LOADER] = LOADER_QEMU;
    if (li->protocol >= 0x201) {
        setup[HDR_LOADFLAGS] |= CAN_USE_HEAP;
        stw_le_p(setup + HDR_HEAP_END_PTR,
                 (uint16_t)(li->cmdline_addr - li->real_addr - 0x200));
    }
    if (li->initrd_size) {
        stl_le_p(setup + HDR_RAMDISK_IMAGE, li->initrd_addr);
        stl_le_p(setup + HDR_RAMDISK_SIZE, li->initrd_size);
    }
}

static void linux_print_limit(const char *name, const char *why,
                              const LinuxLoadInfo *li, size_t cmdline_len,
                              size_t initrd_size)
{
    qemu_printf("bmx86: %s: %s", name, why);
    switch (li->limit) {
    case LINUX_LIMIT_CMDLINE:
        qemu_printf(" (%lu bytes, at most %lu)", (unsigned long)cmdline_len,
                    (unsigned long)li->cmdline_max);
        break;
    case LINUX_LIMIT_INITRD:
        qemu_printf(" (%lu bytes; initrd_addr_max and RAM allow up to 0x%lx, "
                    "the kernel ends at 0x%lx)",
                    (unsigned long)initrd_size, (unsigned long)li->initrd_max,
                    (unsigned long)(li->prot_addr + li->kernel_size));
        break;
    case LINUX_LIMIT_PROTOCOL:
        qemu_printf(" (it has %u.%02x)", li->protocol >> 8,
                    li->protocol & 0xff);
        break;
    case LINUX_LIMIT_RAM:
        qemu_printf(" (%lu KiB of kernel, %lu KiB of RAM)",
                    (unsigned long)(li->kernel_size / KiB),
                    (unsigned long)(pcms.cfg.ram_size / KiB));
        break;
    case LINUX_LIMIT_INIT:
        qemu_printf(" (it needs RAM up to %lu KiB, the guest has %lu KiB: "
                    "give it more with --ram, or build it with a lower "
                    "CONFIG_PHYSICAL_START)",
                    (unsigned long)(li->init_end / KiB),
                    (unsigned long)(pcms.cfg.ram_size / KiB));
        break;
    case LINUX_LIMIT_NONE:
        break;
    }
    qemu_printf("\n");
}

int x86_load_linux(uint8_t *kernel, size_t kernel_size, const char *name,
                   const uint8_t *initrd, size_t initrd_size,
                   const char *initrd_name, const char *cmdline,
                   LinuxLoadInfo *out)
{
    FWCfgState *fw = &pcms.devs.fw_cfg;
    size_t cmdline_len = strlen(cmdline);
    LinuxLoadInfo li;
    const char *why;

    bmx_assert(pcms.ready);
    why = x86_linux_plan(kernel, kernel_size, cmdline_len, initrd_size,
                         pcms.cfg.ram_size, &li);
    if (why) {
        /* An initrd that does not fit is the initrd's problem. */
        linux_print_limit(
            li.limit == LINUX_LIMIT_INITRD && initrd_name ? initrd_name : name,
            why, &li, cmdline_len, initrd_size);
        return -1;
    }
    /* The image is the loader's own copy: its header is filled in place. */
    x86_linux_fill_header(kernel, &li);
    fw_cfg_add_i32(fw, FW_CFG_CMDLINE_ADDR, li.cmdline_addr);
    fw_cfg_add_i32(fw, FW_CFG_CMDLINE_SIZE, (uint32_t)cmdline_len + 1);
    fw_cfg_add_bytes(fw, FW_CFG_CMDLINE_DATA, cmdline, cmdline_len + 1);
    if (li.initrd_size) {
        fw_cfg_add_i32(fw, FW_CFG_INITRD_ADDR, li.initrd_addr);
        fw_cfg_add_i32(fw, FW_CFG_INITRD_SIZE, li.initrd_size);
        fw_cfg_add_bytes(fw, FW_CFG_INITRD_DATA, initrd, li.initrd_size);
    }
    fw_cfg_add_i32(fw, FW_CFG_KERNEL_ADDR, li.prot_addr);
    fw_cfg_add_i32(fw, FW_CFG_KERNEL_SIZE, li.kernel_size);
    fw_cfg_add_bytes(fw, FW_CFG_KERNEL_DATA, kernel + li.setup_size,
                     li.kernel_size);
    fw_cfg_add_i32(fw, FW_CFG_SETUP_ADDR, li.real_addr);
    fw_cfg_add_i32(fw, FW_CFG_SETUP_SIZE, li.setup_size);
    fw_cfg_add_bytes(fw, FW_CFG_SETUP_DATA, kernel, li.setup_size);
    if (out) {
        *out = li;
    }
    return 0;
}
