/*
 * Byte swaps and unaligned host loads/stores with QEMU's names
 * (bswap32, ldl_le_p, stq_be_p, ldn_he_p...). memcpy keeps them legal on
 * cores that fault on unaligned accesses; compilers turn it into plain
 * loads where the core allows.
 */
#ifndef BMX_UTIL_BSWAP_H
#define BMX_UTIL_BSWAP_H

#include <stdint.h>
#include <string.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "bmx86 hosts are little-endian (x86-64, Cortex-M)"
#endif

static inline uint16_t bswap16(uint16_t x)
{
    return __builtin_bswap16(x);
}

static inline uint32_t bswap32(uint32_t x)
{
    return __builtin_bswap32(x);
}

static inline uint64_t bswap64(uint64_t x)
{
    return __builtin_bswap64(x);
}

static inline int ldub_p(const void *p)
{
    return *(const uint8_t *)p;
}

static inline int ldsb_p(const void *p)
{
    return *(const int8_t *)p;
}

static inline void stb_p(void *p, uint8_t v)
{
    *(uint8_t *)p = v;
}

#define BMX_LDST_HE(lsfx, ssfx, type)                                          \
    static inline type ld##lsfx##_he_p(const void *p)                          \
    {                                                                          \
        type v;                                                                \
        memcpy(&v, p, sizeof(v));                                              \
        return v;                                                              \
    }                                                                          \
    static inline void st##ssfx##_he_p(void *p, type v)                        \
    {                                                                          \
        memcpy(p, &v, sizeof(v));                                              \
    }
BMX_LDST_HE(uw, w, uint16_t)
BMX_LDST_HE(l, l, uint32_t)
BMX_LDST_HE(q, q, uint64_t)
#undef BMX_LDST_HE

static inline int lduw_le_p(const void *p)
{
    return lduw_he_p(p);
}
static inline int ldsw_le_p(const void *p)
{
    return (int16_t)lduw_he_p(p);
}
static inline int ldl_le_p(const void *p)
{
    return (int)ldl_he_p(p);
}
static inline uint64_t ldq_le_p(const void *p)
{
    return ldq_he_p(p);
}
static inline int lduw_be_p(const void *p)
{
    return bswap16(lduw_he_p(p));
}
static inline int ldsw_be_p(const void *p)
{
    return (int16_t)bswap16(lduw_he_p(p));
}
static inline int ldl_be_p(const void *p)
{
    return (int)bswap32(ldl_he_p(p));
}
static inline uint64_t ldq_be_p(const void *p)
{
    return bswap64(ldq_he_p(p));
}
static inline void stw_le_p(void *p, uint16_t v)
{
    stw_he_p(p, v);
}
static inline void stl_le_p(void *p, uint32_t v)
{
    stl_he_p(p, v);
}
static inline void stq_le_p(void *p, uint64_t v)
{
    stq_he_p(p, v);
}
static inline void stw_be_p(void *p, uint16_t v)
{
    stw_he_p(p, bswap16(v));
}
static inline void stl_be_p(void *p, uint32_t v)
{
    stl_he_p(p, bswap32(v));
}
static inline void stq_be_p(void *p, uint64_t v)
{
    stq_he_p(p, bswap64(v));
}

/* Host-endian load/store of 1, 2, 4 or 8 bytes. */
static inline uint64_t ldn_he_p(const void *p, int sz)
{
    switch (sz) {
    case 1:
        return ldub_p(p);
    case 2:
        return lduw_he_p(p);
    case 4:
        return ldl_he_p(p);
    default:
        return ldq_he_p(p);
    }
}

static inline void stn_he_p(void *p, int sz, uint64_t v)
{
    switch (sz) {
    case 1:
        stb_p(p, (uint8_t)v);
        break;
    case 2:
        stw_he_p(p, (uint16_t)v);
        break;
    case 4:
        stl_he_p(p, (uint32_t)v);
        break;
    default:
        stq_he_p(p, v);
        break;
    }
}

/* Little-endian ones (the hosts are little-endian, as above). */
static inline uint64_t ldn_le_p(const void *p, int sz)
{
    return ldn_he_p(p, sz);
}

static inline void stn_le_p(void *p, int sz, uint64_t v)
{
    stn_he_p(p, sz, v);
}

#endif /* BMX_UTIL_BSWAP_H */
