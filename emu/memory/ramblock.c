/*
 * RAMBlocks (system/physmem.c) carved from one static pool that the host
 * hands over (e.g. the board's PSRAM). Blocks are never freed: a machine
 * allocates its RAM once (Deviation D1).
 */
#include "memory-internal.h"

#define POOL_ALIGN 16u

/* Under AddressSanitizer the free part of the pool is poisoned, so a
 * host access past a block's end is caught although the pool is one
 * array. */
#if defined(__SANITIZE_ADDRESS__)
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define POOL_POISON(a, s)   __asan_poison_memory_region((a), (s))
#define POOL_UNPOISON(a, s) __asan_unpoison_memory_region((a), (s))
#else
#define POOL_POISON(a, s)   ((void)(a), (void)(s))
#define POOL_UNPOISON(a, s) ((void)(a), (void)(s))
#endif

/* Zeroes a new block (16-byte aligned, whole pages) four words a step: a
 * libc built for size (picolibc on the boards) clears byte by byte, which
 * for 16 MiB of guest RAM is seconds of a 25 MHz core. GCC would turn the
 * loop back into a memset call. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
static void
ram_zero(void *host, size_t size)
{
    uint32_t *p = host, *end = p + size / 4;

    while (p < end) {
        p[0] = p[1] = p[2] = p[3] = 0;
        p += 4;
    }
}

static struct {
    uint8_t *base;
    size_t size;
    size_t used;
    const char *name;
    bool zeroed; /* nothing was written in it before it was handed out */
} ram_pool;

static RAMBlock ram_blocks[BMX_RAMBLOCK_MAX];
static unsigned ram_blocks_nr;
static RAMBlock *ram_list_first;
static RAMBlock *mru_block;
static ram_addr_t next_ram_offset;

#define RAM_ADDR_SPACE ((ram_addr_t)BMX_RAM_ADDR_SPACE_MIB << 20)

void qemu_ram_pool_init(void *base, size_t size, const char *name)
{
    if (ram_pool.base) {
        bmx_panic("pool '%s': already initialised", ram_pool.name);
    }
    if (!base || !size) {
        bmx_panic("pool '%s': no memory given", name ? name : "?");
    }
    ram_pool.base = base;
    ram_pool.size = size;
    ram_pool.used = 0;
    ram_pool.name = name ? name : "ram";
    POOL_POISON(base, size);
    /* Align the start: the host may hand any address. */
    uintptr_t mis = (uintptr_t)base & (POOL_ALIGN - 1);
    if (mis) {
        ram_pool.used = POOL_ALIGN - mis;
        if (ram_pool.used > size) {
            ram_pool.used = size;
        }
    }
}

void qemu_ram_pool_set_zeroed(void)
{
    ram_pool.zeroed = true;
}

ram_addr_t qemu_ram_addr_space_free(void)
{
    return RAM_ADDR_SPACE - next_ram_offset;
}

size_t qemu_ram_pool_free(void)
{
    return ram_pool.size - ram_pool.used;
}

static uint8_t *ram_pool_alloc(size_t size)
{
    size_t free = qemu_ram_pool_free();
    if (!ram_pool.base) {
        bmx_panic("pool: qemu_ram_pool_init() was not called before "
                  "allocating %lu bytes",
                  (unsigned long)size);
    }
    if (size > free) {
        bmx_panic("pool '%s': requested %lu bytes, %lu free", ram_pool.name,
                  (unsigned long)size, (unsigned long)free);
    }
    uint8_t *p = ram_pool.base + ram_pool.used;
    POOL_UNPOISON(p, size);
    ram_pool.used += size;
    /* Keep the next block aligned (sizes are page multiples anyway). */
    size_t pad =
        (POOL_ALIGN - (ram_pool.used & (POOL_ALIGN - 1))) & (POOL_ALIGN - 1);
    ram_pool.used += MIN(pad, qemu_ram_pool_free());
    return p;
}

static RAMBlock *ram_block_add(ram_addr_t size, uint8_t *host, uint32_t flags,
                               MemoryRegion *mr)
{
    if (ram_blocks_nr >= BMX_RAMBLOCK_MAX) {
        bmx_panic("RAMBlock table: requested 1 block for '%s', 0 free of %d "
                  "(BMX_RAMBLOCK_MAX)",
                  mr && mr->name ? mr->name : "?", BMX_RAMBLOCK_MAX);
    }
    if (size > RAM_ADDR_SPACE - next_ram_offset) {
        bmx_panic("RAM address space: requested %lu bytes for '%s', %lu "
                  "free (BMX_RAM_ADDR_SPACE_MIB)",
                  (unsigned long)size, mr && mr->name ? mr->name : "?",
                  (unsigned long)(RAM_ADDR_SPACE - next_ram_offset));
    }
    RAMBlock *b = &ram_blocks[ram_blocks_nr++];
    memset(b, 0, sizeof(*b));
    b->mr = mr;
    b->host = host;
    b->offset = next_ram_offset;
    b->used_length = size;
    b->max_length = size;
    b->flags = flags;
    b->idstr = mr && mr->name ? mr->name : "";
    next_ram_offset += size;

    /* Keep the list sorted by offset (it is: offsets only grow). */
    RAMBlock **pp = &ram_list_first;
    while (*pp) {
        pp = &(*pp)->next;
    }
    *pp = b;

    /* A new block is dirty for every client, code included (QEMU). */
    cpu_physical_memory_set_dirty_range(b->offset, size, DIRTY_CLIENTS_ALL);
    return b;
}

RAMBlock *qemu_ram_alloc(ram_addr_t size, uint32_t ram_flags, MemoryRegion *mr,
                         void **errp)
{
    (void)errp; /* Errors are fatal here: there is nothing to fall back on */
    size = TARGET_PAGE_ALIGN(size);
    uint8_t *host = ram_pool_alloc(size);
    /* Anonymous RAM starts zeroed in QEMU; a zeroed pool is already (each
     * byte is handed out once). */
    if (!ram_pool.zeroed) {
        ram_zero(host, size);
    }
    return ram_block_add(size, host, ram_flags & ~RAM_PREALLOC, mr);
}

RAMBlock *qemu_ram_alloc_from_ptr(ram_addr_t size, void *host, MemoryRegion *mr,
                                  void **errp)
{
    (void)errp;
    if (!host) {
        bmx_panic("qemu_ram_alloc_from_ptr: NULL host pointer for '%s'",
                  mr && mr->name ? mr->name : "?");
    }
    /* Deviation D17: the RAM address space is page-granular; the host
     * memory is the caller's and only [0, size) of it is ever touched. */
    ram_addr_t rsize = TARGET_PAGE_ALIGN(size);
    RAMBlock *b = ram_block_add(rsize, host, RAM_PREALLOC, mr);
    b->used_length = size;
    b->max_length = size;
    return b;
}

RAMBlock *qemu_get_ram_block(ram_addr_t addr)
{
    RAMBlock *block = mru_block;
    if (block && addr - block->offset < block->max_length) {
        return block;
    }
    for (block = ram_list_first; block; block = block->next) {
        if (addr - block->offset < block->max_length) {
            mru_block = block;
            return block;
        }
    }
    bmx_panic("bad RAM address 0x%lx: no RAMBlock holds it (%u blocks, "
              "%lu bytes of RAM address space in use)",
              (unsigned long)addr, ram_blocks_nr,
              (unsigned long)next_ram_offset);
}

void ramblock_bad_offset(RAMBlock *block, ram_addr_t offset)
{
    bmx_panic("RAMBlock '%s': offset 0x%lx beyond its %lu bytes", block->idstr,
              (unsigned long)offset, (unsigned long)block->max_length);
}

void *qemu_map_ram_ptr(RAMBlock *block, ram_addr_t addr)
{
    if (block == NULL) {
        block = qemu_get_ram_block(addr);
        addr -= block->offset;
    }
    return ramblock_ptr(block, addr);
}

void *qemu_ram_ptr_length(RAMBlock *block, ram_addr_t addr, hwaddr *size,
                          bool lock)
{
    (void)lock;
    if (*size == 0) {
        return NULL;
    }
    if (block == NULL) {
        block = qemu_get_ram_block(addr);
        addr -= block->offset;
    }
    void *p = ramblock_ptr(block, addr);
    *size = MIN(*size, (hwaddr)(block->max_length - addr));
    return p;
}

const char *qemu_ram_get_idstr(RAMBlock *rb)
{
    return rb->idstr;
}

ram_addr_t qemu_ram_get_offset(RAMBlock *rb)
{
    return rb->offset;
}

ram_addr_t qemu_ram_get_used_length(RAMBlock *rb)
{
    return rb->used_length;
}

RAMBlock *qemu_ram_block_from_host(void *ptr, bool round_offset,
                                   ram_addr_t *offset)
{
    uint8_t *host = ptr;
    RAMBlock *block = mru_block;
    if (!(block && host >= block->host &&
          (uintptr_t)(host - block->host) < block->max_length)) {
        for (block = ram_list_first; block; block = block->next) {
            if (host >= block->host &&
                (uintptr_t)(host - block->host) < block->max_length) {
                break;
            }
        }
    }
    if (!block) {
        return NULL;
    }
    *offset = (ram_addr_t)(host - block->host);
    if (round_offset) {
        *offset &= (ram_addr_t)TARGET_PAGE_MASK;
    }
    return block;
}

ram_addr_t qemu_ram_addr_from_host(void *ptr)
{
    ram_addr_t offset;
    RAMBlock *block = qemu_ram_block_from_host(ptr, false, &offset);
    if (!block) {
        return RAM_ADDR_INVALID;
    }
    return block->offset + offset;
}

ram_addr_t last_ram_offset(void)
{
    return next_ram_offset;
}

void ramblock_reset(void)
{
    if (ram_pool.base) {
        POOL_UNPOISON(ram_pool.base, ram_pool.size);
    }
    memset(&ram_pool, 0, sizeof(ram_pool));
    memset(ram_blocks, 0, sizeof(ram_blocks));
    ram_blocks_nr = 0;
    ram_list_first = NULL;
    mru_block = NULL;
    next_ram_offset = 0;
}
