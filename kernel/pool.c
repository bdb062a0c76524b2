/* Static pools: every byte the kernel hands out is reserved at link time,
 * so the memory footprint is known before the firmware runs. */
#include <string.h>

#include "kernel.h"

void *kpool_alloc(KPool *pool)
{
    for (size_t i = 0; i < pool->count; i++) {
        uint32_t bit = 1u << (i % 32);
        if (!(pool->used[i / 32] & bit)) {
            pool->used[i / 32] |= bit;
            pool->in_use++;
            if (pool->in_use > pool->high_water) {
                pool->high_water = pool->in_use;
            }
            void *obj = pool->storage + i * pool->obj_size;
            memset(obj, 0, pool->obj_size);
            return obj;
        }
    }
    panic("pool '%s' exhausted: all %zu objects of %zu bytes in use",
          pool->name, pool->count, pool->obj_size);
}

void kpool_free(KPool *pool, void *obj)
{
    uintptr_t off = (uintptr_t)obj - (uintptr_t)pool->storage;
    size_t i = off / pool->obj_size;
    if ((uintptr_t)obj < (uintptr_t)pool->storage || i >= pool->count ||
        off % pool->obj_size != 0) {
        panic("pool '%s': %p is not one of its objects", pool->name, obj);
    }
    uint32_t bit = 1u << (i % 32);
    if (!(pool->used[i / 32] & bit)) {
        panic("pool '%s': object %zu freed twice", pool->name, i);
    }
    pool->used[i / 32] &= ~bit;
    pool->in_use--;
}

void karena_init(KArena *a, const char *name, void *base, size_t size)
{
    *a = (KArena){.name = name, .base = base, .size = size};
}

void *karena_alloc(KArena *a, size_t size, size_t align)
{
    if (align == 0 || (align & (align - 1))) {
        panic("arena '%s': alignment %zu is not a power of two", a->name,
              align);
    }
    uintptr_t start = ((uintptr_t)a->base + a->used + align - 1) & ~(align - 1);
    size_t off = start - (uintptr_t)a->base;
    if (off > a->size || size > a->size - off) {
        panic("arena '%s' exhausted: requested %zu bytes, %zu of %zu free",
              a->name, size, a->size - a->used, a->size);
    }
    a->used = off + size;
    if (a->used > a->high_water) {
        a->high_water = a->used;
    }
    return (void *)start;
}

void karena_reset(KArena *a)
{
    a->used = 0;
}
