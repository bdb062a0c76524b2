/*
 * QEMU's firmware configuration device, x86 I/O flavour: a 16-bit
 * selector at 0x510, a byte-wide data port at 0x511 and the DMA address
 * register at 0x514 (big-endian, "QEMU CFG" when read). Items point at
 * the caller's static storage; scalars live in a small pool inside the
 * state. Guest writes (the data port, DMA writes) are not supported, as
 * in QEMU's current machines.
 */
#include "hw/hw.h"

static FWCfgEntry *fw_cfg_entry(FWCfgState *s, uint16_t key)
{
    uint16_t idx = key & FW_CFG_ENTRY_MASK;

    if (key & FW_CFG_ARCH_LOCAL) {
        return idx < FW_CFG_ARCH_ENTRIES ? &s->arch_entries[idx] : NULL;
    }
    return idx < ARRAY_SIZE(s->entries) ? &s->entries[idx] : NULL;
}

void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data, size_t len)
{
    FWCfgEntry *e = fw_cfg_entry(s, key);

    if (!e || (key & FW_CFG_WRITE_CHANNEL)) {
        bmx_panic("fw_cfg: key 0x%x out of range", key);
    }
    e->data = data;
    e->len = (uint32_t)len;
}

void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value)
{
    fw_cfg_add_bytes(s, key, value, strlen(value) + 1);
}

/* Storage for a scalar: the item's own if it already has one this size. */
static uint8_t *fw_cfg_scalar(FWCfgState *s, const FWCfgEntry *e, unsigned len)
{
    uint8_t *p;

    if (e && e->data >= s->scalars &&
        e->data < s->scalars + FW_CFG_SCALAR_POOL && e->len == len) {
        return (uint8_t *)e->data;
    }
    if (s->scalars_used + len > FW_CFG_SCALAR_POOL) {
        bmx_panic("fw_cfg: scalar pool (%d bytes) full", FW_CFG_SCALAR_POOL);
    }
    p = s->scalars + s->scalars_used;
    s->scalars_used += len;
    return p;
}

void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value)
{
    uint8_t *p = fw_cfg_scalar(s, fw_cfg_entry(s, key), 2);
    stw_le_p(p, value);
    fw_cfg_add_bytes(s, key, p, 2);
}

void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value)
{
    uint8_t *p = fw_cfg_scalar(s, fw_cfg_entry(s, key), 4);
    stl_le_p(p, value);
    fw_cfg_add_bytes(s, key, p, 4);
}

void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value)
{
    uint8_t *p = fw_cfg_scalar(s, fw_cfg_entry(s, key), 8);
    stq_le_p(p, value);
    fw_cfg_add_bytes(s, key, p, 8);
}

static void fw_cfg_update_dir(FWCfgState *s, uint32_t count)
{
    s->files.count = bswap32(count);
    fw_cfg_add_bytes(s, FW_CFG_FILE_DIR, &s->files,
                     sizeof(s->files.count) + count * sizeof(FWCfgFile));
}

uint16_t fw_cfg_file_key(FWCfgState *s, const char *filename)
{
    uint32_t count = bswap32(s->files.count);

    for (uint32_t i = 0; i < count; i++) {
        if (strcmp(s->files.f[i].name, filename) == 0) {
            return (uint16_t)(FW_CFG_FILE_FIRST + i);
        }
    }
    return FW_CFG_INVALID;
}

void fw_cfg_add_file(FWCfgState *s, const char *filename, const void *data,
                     size_t len)
{
    uint32_t count = bswap32(s->files.count);
    uint32_t index;

    if (strlen(filename) >= FW_CFG_MAX_FILE_PATH) {
        bmx_panic("fw_cfg: file name \"%s\" too long", filename);
    }
    if (fw_cfg_file_key(s, filename) != FW_CFG_INVALID) {
        bmx_panic("fw_cfg: duplicate file \"%s\"", filename);
    }
    if (count >= FW_CFG_FILE_SLOTS) {
        bmx_panic("fw_cfg: no slot for \"%s\" (FW_CFG_FILE_SLOTS %d)", filename,
                  FW_CFG_FILE_SLOTS);
    }
    /* Keep the directory sorted: later files move up one key. */
    index = count;
    while (index > 0 && strcmp(filename, s->files.f[index - 1].name) < 0) {
        index--;
    }
    for (uint32_t i = count; i > index; i--) {
        s->files.f[i] = s->files.f[i - 1];
        s->files.f[i].select = bswap16((uint16_t)(FW_CFG_FILE_FIRST + i));
        s->entries[FW_CFG_FILE_FIRST + i] =
            s->entries[FW_CFG_FILE_FIRST + i - 1];
    }
    memset(&s->files.f[index], 0, sizeof(FWCfgFile));
    memcpy(s->files.f[index].name, filename, strlen(filename));
    s->files.f[index].size = bswap32((uint32_t)len);
    s->files.f[index].select = bswap16((uint16_t)(FW_CFG_FILE_FIRST + index));
    fw_cfg_add_bytes(s, (uint16_t)(FW_CFG_FILE_FIRST + index), data, len);
    fw_cfg_update_dir(s, count + 1);
}

void fw_cfg_add_e820(FWCfgState *s, uint64_t address, uint64_t length,
                     uint32_t type)
{
    uint16_t key;
    size_t len;

    if (s->e820_count >= FW_CFG_E820_MAX) {
        bmx_panic("fw_cfg: e820 table full (%d entries)", FW_CFG_E820_MAX);
    }
    stq_le_p(&s->e820[s->e820_count].address, address);
    stq_le_p(&s->e820[s->e820_count].length, length);
    stl_le_p(&s->e820[s->e820_count].type, type);
    s->e820_count++;
    len = s->e820_count * sizeof(E820Entry);
    key = fw_cfg_file_key(s, "etc/e820");
    if (key == FW_CFG_INVALID) {
        fw_cfg_add_file(s, "etc/e820", s->e820, len);
    } else {
        s->entries[key].len = (uint32_t)len;
        s->files.f[key - FW_CFG_FILE_FIRST].size = bswap32((uint32_t)len);
    }
}

void fw_cfg_add_pc_items(FWCfgState *s, uint64_t ram_size, uint16_t cpus,
                         bool boot_menu, uint16_t boot_menu_wait_ms)
{
    uint8_t *wait = fw_cfg_scalar(s, NULL, 2);

    fw_cfg_add_i64(s, FW_CFG_RAM_SIZE, ram_size);
    fw_cfg_add_i16(s, FW_CFG_NB_CPUS, cpus);
    fw_cfg_add_i16(s, FW_CFG_MAX_CPUS, cpus);
    fw_cfg_add_i16(s, FW_CFG_NOGRAPHIC, 1);
    fw_cfg_add_i16(s, FW_CFG_BOOT_MENU, boot_menu);
    fw_cfg_add_i32(s, FW_CFG_IRQ0_OVERRIDE, 1); /* as QEMU without KVM */
    stw_le_p(wait, boot_menu_wait_ms);
    fw_cfg_add_file(s, "etc/boot-menu-wait", wait, 2);
}

static void fw_cfg_select(FWCfgState *s, uint16_t key)
{
    FWCfgEntry *e = fw_cfg_entry(s, key & ~FW_CFG_WRITE_CHANNEL);

    s->cur_offset = 0;
    s->cur_entry = e ? key : FW_CFG_INVALID;
}

static const FWCfgEntry *fw_cfg_cur(FWCfgState *s)
{
    const FWCfgEntry *e;

    if (s->cur_entry == FW_CFG_INVALID) {
        return NULL;
    }
    e = fw_cfg_entry(s, s->cur_entry & ~FW_CFG_WRITE_CHANNEL);
    return e && e->data ? e : NULL;
}

static uint64_t fw_cfg_comb_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)addr;
    (void)size;
    FWCfgState *s = opaque;
    const FWCfgEntry *e = fw_cfg_cur(s);

    if (!e || s->cur_offset >= e->len) {
        return 0;
    }
    return e->data[s->cur_offset++];
}

static void fw_cfg_comb_write(void *opaque, hwaddr addr, uint64_t value,
                              unsigned size)
{
    (void)addr;
    FWCfgState *s = opaque;

    if (size == 2) {
        fw_cfg_select(s, (uint16_t)value);
    }
    /* Byte writes are data writes: ignored, as QEMU >= 2.4. */
}

static bool fw_cfg_comb_valid(void *opaque, hwaddr addr, unsigned size,
                              bool is_write, MemTxAttrs attrs)
{
    (void)opaque;
    (void)addr;
    (void)attrs;
    return size == 1 || (is_write && size == 2);
}

static const MemoryRegionOps fw_cfg_comb_ops = {
    .read = fw_cfg_comb_read,
    .write = fw_cfg_comb_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.accepts = fw_cfg_comb_valid},
};

static void fw_cfg_dma_transfer(FWCfgState *s)
{
    static const uint8_t zeros[512];
    uint8_t desc[16];
    uint32_t control, length;
    uint64_t address;
    uint8_t status;
    const FWCfgEntry *e;

    if (address_space_read(s->dma_as, s->dma_addr, MEMTXATTRS_UNSPECIFIED, desc,
                           sizeof(desc)) != MEMTX_OK) {
        status = FW_CFG_DMA_CTL_ERROR;
        goto done;
    }
    control = (uint32_t)ldl_be_p(desc);
    length = (uint32_t)ldl_be_p(desc + 4);
    address = ldq_be_p(desc + 8);
    if (control & FW_CFG_DMA_CTL_SELECT) {
        fw_cfg_select(s, (uint16_t)(control >> 16));
    }
    e = fw_cfg_cur(s);
    status = 0;
    while (length > 0 && !(status & FW_CFG_DMA_CTL_ERROR)) {
        uint32_t len;

        if (control & FW_CFG_DMA_CTL_WRITE) {
            status |= FW_CFG_DMA_CTL_ERROR; /* no writable items */
            break;
        }
        if (!e || s->cur_offset >= e->len) {
            /* Past the end (or no item): reads give zeros, a skip moves
             * nothing. A skip takes the whole length at once, as QEMU's
             * does: in zero-fill steps a guest's 4 GiB skip was 67 million
             * iterations (seconds hosted, minutes on a board). */
            len = (control & FW_CFG_DMA_CTL_READ)
                      ? MIN(length, (uint32_t)sizeof(zeros))
                      : length;
            if ((control & FW_CFG_DMA_CTL_READ) &&
                address_space_write(s->dma_as, address, MEMTXATTRS_UNSPECIFIED,
                                    zeros, len) != MEMTX_OK) {
                status |= FW_CFG_DMA_CTL_ERROR;
            }
        } else {
            len = MIN(length, e->len - s->cur_offset);
            if ((control & FW_CFG_DMA_CTL_READ) &&
                address_space_write(s->dma_as, address, MEMTXATTRS_UNSPECIFIED,
                                    e->data + s->cur_offset, len) != MEMTX_OK) {
                status |= FW_CFG_DMA_CTL_ERROR;
            }
            s->cur_offset += len;
        }
        address += len;
        length -= len;
    }
done:
    /* The control word becomes 0 on success, ERROR otherwise. */
    stl_be_p(desc, status);
    address_space_write(s->dma_as, s->dma_addr, MEMTXATTRS_UNSPECIFIED, desc,
                        4);
    /* The next descriptor address arrives in two halves: start clean, as
     * QEMU does, or the high half would be OR-ed with this one. */
    s->dma_addr = 0;
}

static uint64_t fw_cfg_dma_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque;
    unsigned shift = 64 - (unsigned)(addr + size) * 8;
    uint64_t v = FW_CFG_DMA_SIGNATURE >> shift;
    return size == 8 ? v : v & ((1ULL << (size * 8)) - 1);
}

static void fw_cfg_dma_write(void *opaque, hwaddr addr, uint64_t value,
                             unsigned size)
{
    FWCfgState *s = opaque;

    if (size == 4) {
        if (addr == 0) {
            s->dma_addr = value << 32; /* high half first */
        } else if (addr == 4) {
            s->dma_addr |= value;
            fw_cfg_dma_transfer(s);
        }
    } else if (size == 8 && addr == 0) {
        s->dma_addr = value;
        fw_cfg_dma_transfer(s);
    }
}

static bool fw_cfg_dma_valid(void *opaque, hwaddr addr, unsigned size,
                             bool is_write, MemTxAttrs attrs)
{
    (void)opaque;
    (void)attrs;
    return !is_write || (size == 4 && (addr == 0 || addr == 4)) ||
           (size == 8 && addr == 0);
}

static const MemoryRegionOps fw_cfg_dma_ops = {
    .read = fw_cfg_dma_read,
    .write = fw_cfg_dma_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = {.min_access_size = 1,
              .max_access_size = 8,
              .accepts = fw_cfg_dma_valid},
    .impl = {.min_access_size = 1, .max_access_size = 8},
};

void fw_cfg_init_io(FWCfgState *s, MemoryRegion *io, uint16_t iobase,
                    uint16_t dma_iobase, AddressSpace *dma_as)
{
    static const char signature[4] = {'Q', 'E', 'M', 'U'};
    bool dma = dma_iobase && dma_as;

    memset(s, 0, sizeof(*s));
    s->cur_entry = FW_CFG_INVALID;
    s->dma_as = dma ? dma_as : NULL;
    fw_cfg_add_bytes(s, FW_CFG_SIGNATURE, signature, sizeof(signature));
    fw_cfg_add_i32(s, FW_CFG_ID,
                   FW_CFG_VERSION | (dma ? FW_CFG_VERSION_DMA : 0));
    fw_cfg_update_dir(s, 0);
    memory_region_init_io(&s->comb_io, NULL, &fw_cfg_comb_ops, s, "fwcfg", 2);
    memory_region_add_subregion(io, iobase, &s->comb_io);
    if (dma) {
        memory_region_init_io(&s->dma_io, NULL, &fw_cfg_dma_ops, s, "fwcfg.dma",
                              8);
        memory_region_add_subregion(io, dma_iobase, &s->dma_io);
    }
}
