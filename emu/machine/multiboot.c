/*
 * Multiboot (v1) loader with QEMU's hw/i386/multiboot.c rules: the header
 * (magic 0x1BADB002, flags, checksum) is searched in the first 8 KiB on a
 * 4-byte boundary; with flag 16 the a.out-kludge addresses place the
 * image, otherwise it must be an ELF32 i386 executable whose PT_LOAD
 * segments go to their physical addresses. The CPU then starts in flat
 * 32-bit protected mode at the entry point with EAX = 0x2BADB002 and EBX
 * = the info block -- directly, without the BIOS and QEMU's option ROM.
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

/* RAM the loader may write: all of it but the info area and the
 * VGA/ROM hole 0xA0000-0xFFFFF. */
static const char *mb_check_range(uint64_t start, uint64_t end)
{
    if (end < start || end > pcms.cfg.ram_size) {
        return "multiboot image does not fit in guest RAM";
    }
    if (start < MULTIBOOT_INFO_END && end > MULTIBOOT_INFO_ADDR) {
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
    memcpy(mb_ram(addr), data, len);
    invalidate_and_set_dirty(&pcms.ram, addr, len);
}

static void mb_zero(uint32_t addr, size_t len)
{
    memset(mb_ram(addr), 0, len);
    invalidate_and_set_dirty(&pcms.ram, addr, len);
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

/* ---- info block and CPU state ---- */

static void mb_put_mmap_entry(uint8_t *p, uint64_t base, uint64_t len,
                              uint32_t type)
{
    stl_le_p(p, 20); /* size of the rest of the entry */
    stq_le_p(p + 4, base);
    stq_le_p(p + 12, len);
    stl_le_p(p + 20, type);
}

static void mb_build_info(const char *cmdline, size_t cmdlen)
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
    memcpy(area + MBI_OFF_CMDLINE, cmdline, cmdlen);

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

int multiboot_load(const uint8_t *image, size_t size, const char *name,
                   const char *cmdline, MultibootLoadInfo *out)
{
    MultibootLoadInfo info;
    size_t search = MIN(size, (size_t)MULTIBOOT_SEARCH);
    size_t cmdlen = cmdline ? strlen(cmdline) + 1 : 1;
    uint32_t hdr = UINT32_MAX, flags;
    int r;

    if (!pcms.ready) {
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
    if (cmdlen > MULTIBOOT_INFO_END - MULTIBOOT_INFO_ADDR - MBI_OFF_CMDLINE) {
        qemu_printf("bmx86: %s: kernel command line too long: %lu bytes, "
                    "at most %lu (the multiboot info area)\n",
                    name ? name : "kernel", (unsigned long)(cmdlen - 1),
                    (unsigned long)(MULTIBOOT_INFO_END - MULTIBOOT_INFO_ADDR -
                                    MBI_OFF_CMDLINE - 1));
        return -1;
    }
    flags = (uint32_t)ldl_le_p(image + hdr + 4);
    /* Unknown "required" bits 2..15 (video mode...): QEMU refuses too. */
    if (flags & 0x0000fffcu & ~MB_FLAG_VIDEO) {
        return mb_error(name, "multiboot header asks for unsupported "
                              "features");
    }
    memset(&info, 0, sizeof(info));
    if (flags & MB_FLAG_AOUT_KLUDGE) {
        r = mb_load_kludge(image, size, name, hdr, &info);
    } else if (size >= 4 && !memcmp(image, "\177ELF", 4)) {
        r = mb_load_elf(image, size, name, &info);
    } else {
        return mb_error(name, "multiboot kernel is neither ELF nor has the "
                              "a.out-kludge address fields (flag 16)");
    }
    if (r) {
        return r;
    }
    mb_build_info(cmdline ? cmdline : "", cmdlen);
    info.info_addr = MULTIBOOT_INFO_ADDR;
    mb_enter(info.entry);
    if (out) {
        *out = info;
    }
    return 0;
}
