/*
 * Multiboot (v1) loader with QEMU's hw/i386/multiboot.c rules: the header
 * (magic 0x1BADB002, flags, checksum) is searched in the first 8 KiB on a
 * 4-byte boundary; with flag 16 the a.out-kludge addresses place the
 * image, otherwise it must be an ELF32 i386 executable whose PT_LOAD
 * segments go to their physical addresses. The CPU then starts in flat
 * 32-bit protected mode at the entry point with EAX = 0x2BADB002 and EBX
 * = the info block.
 *
 * Two ways in: QEMU's (multiboot_load_fw_cfg) builds the kernel buffer
 * and the info block as fw_cfg items that Debian's multiboot_dma.bin,
 * run by SeaBIOS, copies into place after the BIOS has set the machine
 * up; direct entry (multiboot_load) writes guest RAM and starts the CPU
 * at the kernel with no BIOS run, for a machine without one.
 */
#include "pc-internal.h"

#define MB_FLAG_ALIGN4K     (1u << 0)
#define MB_FLAG_MEMINFO     (1u << 1)
#define MB_FLAG_VIDEO       (1u << 2)
#define MB_FLAG_AOUT_KLUDGE (1u << 16)

#define MBI_MEM         (1u << 0)
#define MBI_BOOT_DEVICE (1u << 1)
#define MBI_CMDLINE     (1u << 2)
#define MBI_MODS        (1u << 3)
#define MBI_MMAP        (1u << 6)
#define MBI_LOADER_NAME (1u << 9)

/* The info area [MULTIBOOT_INFO_ADDR, MULTIBOOT_INFO_END): */
#define MBI_OFF_GDT     0x080 /* a flat GDT: null, null, code 0x10, data 0x18 */
#define MBI_OFF_MMAP    0x100
#define MBI_OFF_NAME    0x1c0
#define MBI_OFF_CMDLINE 0x200
#define MBI_SIZE        0x58
#define MB_CODE_SEL     0x10
#define MB_DATA_SEL     0x18

#define KiB 1024u
#define MiB (1024u * 1024u)

static const char mb_loader_name[] = "bmx86";

static int mb_error(const char *name, const char *why)
{
    qemu_printf("bmx86: %s: %s\n", name ? name : "kernel", why);
    return -1;
}

/* Where the segments go: guest RAM (direct entry), the kernel buffer
 * handed to fw_cfg (QEMU's way: multiboot_dma.bin copies it), or nowhere
 * (measuring). */
typedef enum MBMode {
    MB_MODE_MEASURE, /* before the machine exists: no RAM checks */
    MB_MODE_PROBE,
    MB_MODE_DIRECT,
    MB_MODE_BLOB,
} MBMode;

static struct {
    MBMode mode;
    uint8_t *blob;
    uint32_t base;   /* guest address of blob[0] */
    bool fixed_info; /* direct entry: the info area is taken */
} mb_target;

/* RAM the loader may write: all of it but the info area and the
 * VGA/ROM hole 0xA0000-0xFFFFF. */
static const char *mb_check_range(uint64_t start, uint64_t end)
{
    if (mb_target.mode == MB_MODE_MEASURE) {
        return end < start ? "multiboot image wraps around 4 GiB" : NULL;
    }
    if (end < start || end > pcms.cfg.ram_size) {
        return "multiboot image does not fit in guest RAM";
    }
    /* Only direct entry has its info block at a fixed place. */
    if (mb_target.fixed_info && start < MULTIBOOT_INFO_END &&
        end > MULTIBOOT_INFO_ADDR) {
        return "multiboot image overlaps the loader's info area "
               "0x9000-0x9fff";
    }
    if (start < 0x100000 && end > 0xa0000) {
        return "multiboot image overlaps the VGA/ROM hole 0xa0000-0xfffff";
    }
    return NULL;
}

static uint8_t *mb_ram(uint32_t addr)
{
    return (uint8_t *)memory_region_get_ram_ptr(&pcms.ram) + addr;
}

static void mb_write(uint32_t addr, const void *data, size_t len)
{
    if (mb_target.mode == MB_MODE_BLOB) {
        memcpy(mb_target.blob + (addr - mb_target.base), data, len);
    } else if (mb_target.mode == MB_MODE_DIRECT) {
        memcpy(mb_ram(addr), data, len);
        invalidate_and_set_dirty(&pcms.ram, addr, len);
    }
}

static void mb_zero(uint32_t addr, size_t len)
{
    if (mb_target.mode == MB_MODE_BLOB) {
        memset(mb_target.blob + (addr - mb_target.base), 0, len);
    } else if (mb_target.mode == MB_MODE_DIRECT) {
        memset(mb_ram(addr), 0, len);
        invalidate_and_set_dirty(&pcms.ram, addr, len);
    }
}

/* ---- ELF32 ---- */

#define EI_NIDENT 16
#define PT_LOAD   1
#define EM_386    3
#define ET_EXEC   2

static int mb_load_elf(const uint8_t *img, size_t size, const char *name,
                       MultibootLoadInfo *out)
{
    uint32_t phoff, entry;
    unsigned phnum, phentsize;
    uint64_t lo = UINT64_MAX, hi = 0;
    const char *why;

    if (size < 52) {
        return mb_error(name, "truncated ELF header");
    }
    if (img[4] != 1) {
        return mb_error(name, "ELF image is not 32-bit (ELFCLASS32)");
    }
    if (img[5] != 1 || lduw_le_p(img + 18) != EM_386) {
        return mb_error(name, "ELF image is not for i386");
    }
    if (lduw_le_p(img + 16) != ET_EXEC) {
        return mb_error(name, "ELF image is not an executable");
    }
    entry = (uint32_t)ldl_le_p(img + 24);
    phoff = (uint32_t)ldl_le_p(img + 28);
    phentsize = (unsigned)lduw_le_p(img + 42);
    phnum = (unsigned)lduw_le_p(img + 44);
    if (phentsize < 32 ||
        (uint64_t)phoff + (uint64_t)phnum * phentsize > size) {
        return mb_error(name, "truncated ELF program headers");
    }
    /* Check every segment before writing anything. */
    for (unsigned pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < phnum; i++) {
            const uint8_t *ph = img + phoff + (size_t)i * phentsize;
            uint32_t offset = (uint32_t)ldl_le_p(ph + 4);
            uint32_t paddr = (uint32_t)ldl_le_p(ph + 12);
            uint32_t filesz = (uint32_t)ldl_le_p(ph + 16);
            uint32_t memsz = (uint32_t)ldl_le_p(ph + 20);

            if ((uint32_t)ldl_le_p(ph) != PT_LOAD || !memsz) {
                continue;
            }
            if (!pass) {
                if (filesz > memsz || (uint64_t)offset + filesz > size) {
                    return mb_error(name, "truncated ELF segment");
                }
                why = mb_check_range(paddr, (uint64_t)paddr + memsz);
                if (why) {
                    return mb_error(name, why);
                }
                lo = MIN(lo, (uint64_t)paddr);
                hi = MAX(hi, (uint64_t)paddr + memsz);
                continue;
            }
            mb_write(paddr, img + offset, filesz);
            mb_zero(paddr + filesz, memsz - filesz);
        }
        if (!pass && hi == 0) {
            return mb_error(name, "ELF image has nothing to load");
        }
    }
    out->entry = entry;
    out->load_start = (uint32_t)lo;
    out->load_end = (uint32_t)hi;
    out->elf = true;
    return 0;
}

/* ---- a.out kludge: the header gives the addresses ---- */

static int mb_load_kludge(const uint8_t *img, size_t size, const char *name,
                          uint32_t hdr_off, MultibootLoadInfo *out)
{
    const uint8_t *h = img + hdr_off;
    uint32_t header_addr, load_addr, load_end, bss_end, entry;
    uint64_t file_off, load_size, end;
    const char *why;

    if ((uint64_t)hdr_off + 32 > size) {
        return mb_error(name, "truncated multiboot header (address fields)");
    }
    header_addr = (uint32_t)ldl_le_p(h + 12);
    load_addr = (uint32_t)ldl_le_p(h + 16);
    load_end = (uint32_t)ldl_le_p(h + 20);
    bss_end = (uint32_t)ldl_le_p(h + 24);
    entry = (uint32_t)ldl_le_p(h + 28);
    if (header_addr < load_addr || header_addr - load_addr > hdr_off) {
        return mb_error(name, "multiboot header_addr is below load_addr "
                              "or before the file start");
    }
    file_off = hdr_off - (header_addr - load_addr);
    load_size = load_end ? (uint64_t)load_end - load_addr : size - file_off;
    if (load_end && load_end < load_addr) {
        return mb_error(name, "multiboot load_end_addr below load_addr");
    }
    if (file_off + load_size > size) {
        return mb_error(name, "truncated: the image is shorter than "
                              "load_end_addr says");
    }
    end = (uint64_t)load_addr + load_size;
    if (bss_end) {
        if (bss_end < end) {
            return mb_error(name, "multiboot bss_end_addr below the image end");
        }
        end = bss_end;
    }
    why = mb_check_range(load_addr, end);
    if (why) {
        return mb_error(name, why);
    }
    if (entry < load_addr || entry >= end) {
        return mb_error(name, "multiboot entry_addr outside the image");
    }
    mb_write(load_addr, img + file_off, (size_t)load_size);
    mb_zero((uint32_t)(load_addr + load_size),
            (size_t)(end - load_addr - load_size));
    out->entry = entry;
    out->load_start = load_addr;
    out->load_end = (uint32_t)end;
    out->elf = false;
    return 0;
}

/* QEMU's command line: the kernel's file name, a space, --append. */
static size_t mb_cmdline_len(const char *name, const char *cmdline)
{
    return strlen(name ? name : "") + 1 + strlen(cmdline ? cmdline : "") + 1;
}

static void mb_cmdline_put(uint8_t *dst, const char *name, const char *cmdline)
{
    size_t n = strlen(name ? name : "");
    memcpy(dst, name ? name : "", n);
    dst[n] = ' ';
    memcpy(dst + n + 1, cmdline ? cmdline : "",
           strlen(cmdline ? cmdline : "") + 1);
}

/* ---- info block and CPU state ---- */

static void mb_put_mmap_entry(uint8_t *p, uint64_t base, uint64_t len,
                              uint32_t type)
{
    stl_le_p(p, 20); /* size of the rest of the entry */
    stq_le_p(p + 4, base);
    stq_le_p(p + 12, len);
    stl_le_p(p + 20, type);
}

static void mb_build_info(const char *name, const char *cmdline)
{
    /* Built in place in guest RAM (no static copy on a board). */
    const size_t size = MULTIBOOT_INFO_END - MULTIBOOT_INFO_ADDR;
    uint8_t *area = mb_ram(MULTIBOOT_INFO_ADDR);
    uint8_t *info = area, *mm = area + MBI_OFF_MMAP, *gdt = area + MBI_OFF_GDT;
    uint64_t ram = pcms.cfg.ram_size;
    unsigned n = 0;

    memset(area, 0, size);
    mb_put_mmap_entry(mm + 24 * n++, 0, 0x9fc00, E820_RAM);
    mb_put_mmap_entry(mm + 24 * n++, 0x9fc00, 0x400, E820_RESERVED);
    mb_put_mmap_entry(mm + 24 * n++, 0xf0000, 0x10000, E820_RESERVED);
    if (ram > MiB) {
        mb_put_mmap_entry(mm + 24 * n++, MiB, ram - MiB, E820_RAM);
    }
    memcpy(area + MBI_OFF_NAME, mb_loader_name, sizeof(mb_loader_name));
    mb_cmdline_put(area + MBI_OFF_CMDLINE, name, cmdline);

    stl_le_p(info + 0, MBI_MEM | MBI_BOOT_DEVICE | MBI_CMDLINE | MBI_MODS |
                           MBI_MMAP | MBI_LOADER_NAME);
    stl_le_p(info + 4, 640); /* mem_lower, KiB */
    stl_le_p(info + 8, ram > MiB ? (uint32_t)((ram - MiB) / KiB) : 0);
    stl_le_p(info + 12, 0x8000ffffu); /* boot_device: none */
    stl_le_p(info + 16, MULTIBOOT_INFO_ADDR + MBI_OFF_CMDLINE);
    stl_le_p(info + 20, 0); /* mods_count */
    stl_le_p(info + 24, MULTIBOOT_INFO_ADDR + MBI_OFF_MMAP);
    stl_le_p(info + 44, 24 * n); /* mmap_length */
    stl_le_p(info + 48, MULTIBOOT_INFO_ADDR + MBI_OFF_MMAP);
    stl_le_p(info + 64, MULTIBOOT_INFO_ADDR + MBI_OFF_NAME);

    /* Flat 4 GiB code (0x10) and data (0x18) descriptors. */
    stl_le_p(gdt + 16, 0x0000ffff);
    stl_le_p(gdt + 20, 0x00cf9b00);
    stl_le_p(gdt + 24, 0x0000ffff);
    stl_le_p(gdt + 28, 0x00cf9300);
    invalidate_and_set_dirty(&pcms.ram, MULTIBOOT_INFO_ADDR, size);
}

static void mb_enter(uint32_t entry)
{
    CPUState *cs = &machine_cpu.parent_obj;
    CPUX86State *env = &machine_cpu.env;
    const uint32_t common =
        DESC_P_MASK | DESC_S_MASK | DESC_A_MASK | DESC_B_MASK | DESC_G_MASK;

    x86_cpu_reset(&machine_cpu);
    cpu_x86_set_a20(&machine_cpu, 1);
    memset(env->regs, 0, sizeof(env->regs));
    env->regs[R_EAX] = MULTIBOOT_BOOTLOADER_MAGIC;
    env->regs[R_EBX] = MULTIBOOT_INFO_ADDR;
    env->regs[R_ESP] = MULTIBOOT_INFO_ADDR;
    env->gdt.base = MULTIBOOT_INFO_ADDR + MBI_OFF_GDT;
    env->gdt.limit = 31;
    env->idt.base = 0;
    env->idt.limit = 0x3ff;
    cpu_x86_update_cr0(env, env->cr[0] | CR0_PE_MASK);
    cpu_x86_load_seg_cache(env, R_CS, MB_CODE_SEL, 0, 0xffffffff,
                           common | DESC_CS_MASK | DESC_R_MASK);
    for (int seg = R_ES; seg <= R_GS; seg++) {
        if (seg != R_CS) {
            cpu_x86_load_seg_cache(env, seg, MB_DATA_SEL, 0, 0xffffffff,
                                   common | DESC_W_MASK);
        }
    }
    env->eip = entry;
    cpu_load_eflags(env, 0x2, ~0u);
    cs->halted = 0;
    cs->exception_index = -1;
    x86_cpu_state_changed(&machine_cpu);
}

/* Finds the header, checks the image and writes its segments to the
 * current target; fills entry and the load range. */
static int mb_parse(const uint8_t *image, size_t size, const char *name,
                    MultibootLoadInfo *info)
{
    size_t search = MIN(size, (size_t)MULTIBOOT_SEARCH);
    uint32_t hdr = UINT32_MAX, flags;

    if (!pcms.ready && mb_target.mode != MB_MODE_MEASURE) {
        return mb_error(name, "no machine to load the kernel into");
    }
    if (!image || size < 12) {
        return mb_error(name, "not a multiboot kernel (file too small)");
    }
    for (size_t off = 0; off + 12 <= search; off += 4) {
        uint32_t magic = (uint32_t)ldl_le_p(image + off);
        uint32_t f = (uint32_t)ldl_le_p(image + off + 4);
        uint32_t sum = (uint32_t)ldl_le_p(image + off + 8);
        if (magic == MULTIBOOT_HEADER_MAGIC && magic + f + sum == 0) {
            hdr = (uint32_t)off;
            break;
        }
    }
    if (hdr == UINT32_MAX) {
        return mb_error(name, "not a multiboot kernel (no header with magic "
                              "0x1badb002 and a valid checksum in the first "
                              "8 KiB)");
    }
    flags = (uint32_t)ldl_le_p(image + hdr + 4);
    /* Unknown "required" bits 2..15 (video mode...): QEMU refuses too. */
    if (flags & 0x0000fffcu & ~MB_FLAG_VIDEO) {
        return mb_error(name, "multiboot header asks for unsupported "
                              "features");
    }
    memset(info, 0, sizeof(*info));
    if (flags & MB_FLAG_AOUT_KLUDGE) {
        return mb_load_kludge(image, size, name, hdr, info);
    }
    if (size >= 4 && !memcmp(image, "\177ELF", 4)) {
        return mb_load_elf(image, size, name, info);
    }
    return mb_error(name, "multiboot kernel is neither ELF nor has the "
                          "a.out-kludge address fields (flag 16)");
}

int multiboot_load(const uint8_t *image, size_t size, const char *name,
                   const char *cmdline, MultibootLoadInfo *out)
{
    MultibootLoadInfo info;
    size_t cmdlen = mb_cmdline_len(name, cmdline);
    const size_t room =
        MULTIBOOT_INFO_END - MULTIBOOT_INFO_ADDR - MBI_OFF_CMDLINE;

    /* Check everything first: measuring writes nothing. */
    mb_target.mode = MB_MODE_DIRECT;
    if (cmdlen > room) {
        qemu_printf("bmx86: %s: kernel command line too long: %lu bytes with "
                    "the file name, at most %lu (the multiboot info area)\n",
                    name ? name : "kernel", (unsigned long)(cmdlen - 1),
                    (unsigned long)(room - 1));
        return -1;
    }
    mb_target.mode = MB_MODE_PROBE;
    mb_target.fixed_info = true;
    if (mb_parse(image, size, name, &info) < 0) {
        mb_target.fixed_info = false;
        return -1;
    }
    mb_target.mode = MB_MODE_DIRECT;
    mb_parse(image, size, name, &info);
    mb_target.mode = MB_MODE_PROBE;
    mb_target.fixed_info = false;
    mb_build_info(name, cmdline);
    info.info_addr = MULTIBOOT_INFO_ADDR;
    mb_enter(info.entry);
    if (out) {
        *out = info;
    }
    return 0;
}

/* ---- QEMU's way: fw_cfg and multiboot_dma.bin ---- */

#define MB_FW_MMAP_SIZE 0x500 /* QEMU's room for the e820 map */
#define MB_FW_INFO_SIZE 0x600 /* map + info block */

static const char mb_fw_loader_name[] = "bmx86";
static uint8_t mb_fw_info[MBI_SIZE];

static size_t mb_fw_blob_size(const MultibootLoadInfo *info, const char *name,
                              const char *cmdline)
{
    uint64_t n =
        TARGET_PAGE_ALIGN((uint64_t)(info->load_end - info->load_start));
    n += mb_cmdline_len(name, cmdline) + sizeof(mb_fw_loader_name);
    return (size_t)TARGET_PAGE_ALIGN(n);
}

int multiboot_fw_cfg_size(const uint8_t *image, size_t size, const char *name,
                          const char *cmdline, size_t *blob_size)
{
    MultibootLoadInfo info;
    int r;

    mb_target.mode = MB_MODE_MEASURE;
    r = mb_parse(image, size, name, &info);
    mb_target.mode = MB_MODE_PROBE;
    if (r < 0) {
        return -1;
    }
    *blob_size = mb_fw_blob_size(&info, name, cmdline);
    return 0;
}

/* The info block and map go to the first of these that the kernel does
 * not cover; QEMU's place (0x9000) comes first. Real-mode reachable, below
 * the EBDA, above the BIOS data area. */
static const uint32_t mb_fw_info_places[] = {0x9000, 0x1000, 0x20000, 0x80000};

int multiboot_load_fw_cfg(const uint8_t *image, size_t size, const char *name,
                          const char *cmdline, uint8_t *blob, size_t blob_size,
                          MultibootLoadInfo *out)
{
    FWCfgState *fw = &pcms.devs.fw_cfg;
    MultibootLoadInfo info;
    uint32_t k, cmd_off, name_off, base = UINT32_MAX;
    uint64_t end;
    uint64_t ram = pcms.cfg.ram_size;

    mb_target.mode = MB_MODE_PROBE;
    if (mb_parse(image, size, name, &info) < 0) {
        return -1;
    }
    if (blob_size < mb_fw_blob_size(&info, name, cmdline)) {
        return mb_error(name, "multiboot buffer too small (internal)");
    }
    end = (uint64_t)info.load_start + blob_size;
    if (end > ram || (info.load_start < 0x100000 && end > 0xa0000)) {
        return mb_error(name, "multiboot image and its command line do not "
                              "fit in guest RAM below the VGA/ROM hole or "
                              "the RAM's end");
    }
    for (unsigned i = 0; i < ARRAY_SIZE(mb_fw_info_places); i++) {
        uint32_t p = mb_fw_info_places[i];
        if (p + MB_FW_INFO_SIZE <= info.load_start || p >= end) {
            base = p;
            break;
        }
    }
    if (base == UINT32_MAX) {
        return mb_error(name, "multiboot image covers every place for the "
                              "info block below 640 KiB");
    }
    memset(blob, 0, blob_size);
    mb_target.mode = MB_MODE_BLOB;
    mb_target.blob = blob;
    mb_target.base = info.load_start;
    mb_parse(image, size, name, &info);
    mb_target.mode = MB_MODE_PROBE;

    /* After the kernel, page aligned: the (empty) module list, the
     * command line, the loader's name -- QEMU's layout. */
    k = (uint32_t)TARGET_PAGE_ALIGN(
        (uint64_t)(info.load_end - info.load_start));
    cmd_off = k;
    mb_cmdline_put(blob + cmd_off, name, cmdline);
    name_off = cmd_off + (uint32_t)mb_cmdline_len(name, cmdline);
    memcpy(blob + name_off, mb_fw_loader_name, sizeof(mb_fw_loader_name));

    /* mem_lower, mem_upper and the map are the option ROM's (int 12h,
     * int 15h e820). */
    memset(mb_fw_info, 0, sizeof(mb_fw_info));
    stl_le_p(mb_fw_info + 0, MBI_MEM | MBI_BOOT_DEVICE | MBI_CMDLINE |
                                 MBI_MODS | MBI_MMAP | MBI_LOADER_NAME);
    stl_le_p(mb_fw_info + 12, 0x8000ffffu); /* boot_device: none */
    stl_le_p(mb_fw_info + 16, info.load_start + cmd_off);
    stl_le_p(mb_fw_info + 20, 0);                   /* mods_count */
    stl_le_p(mb_fw_info + 24, info.load_start + k); /* mods_addr */
    stl_le_p(mb_fw_info + 48, base);                /* mmap_addr */
    stl_le_p(mb_fw_info + 64, info.load_start + name_off);

    fw_cfg_add_i32(fw, FW_CFG_KERNEL_ENTRY, info.entry);
    fw_cfg_add_i32(fw, FW_CFG_KERNEL_ADDR, info.load_start);
    fw_cfg_add_i32(fw, FW_CFG_KERNEL_SIZE, (uint32_t)blob_size);
    fw_cfg_add_bytes(fw, FW_CFG_KERNEL_DATA, blob, blob_size);
    fw_cfg_add_i32(fw, FW_CFG_INITRD_ADDR, base + MB_FW_MMAP_SIZE);
    fw_cfg_add_i32(fw, FW_CFG_INITRD_SIZE, sizeof(mb_fw_info));
    fw_cfg_add_bytes(fw, FW_CFG_INITRD_DATA, mb_fw_info, sizeof(mb_fw_info));
    info.info_addr = base + MB_FW_MMAP_SIZE;
    if (out) {
        *out = info;
    }
    return 0;
}
