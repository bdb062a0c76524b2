/*
 * Integer mix: CRC32, sieve, heap sort, matrix multiply, string copy and
 * compare, a byte-code interpreter. Only uint32_t arithmetic, no library
 * calls, so the guest and the native build compute the same checksum.
 */
#include "bench.h"

/* Also built for real mode (gcc -m16) as "realmode": same checksum. */
#ifndef BENCH_NAME
#define BENCH_NAME "int"
#endif
const char bench_name[] = BENCH_NAME;

#define CRC_BYTES  4096
#define SIEVE_SIZE 8192
#define SORT_N     512
#define MAT_N      16
#define STR_BYTES  1024

static uint32_t crc_table[256];
static uint8_t crc_buf[CRC_BYTES];
static uint8_t sieve[SIEVE_SIZE];
static uint32_t sort_a[SORT_N];
static uint32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];
static char str_a[STR_BYTES], str_b[STR_BYTES];

static uint32_t rng_state;

static uint32_t rng(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, uint32_t n, uint32_t crc)
{
    crc = ~crc;
    while (n--) {
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
}

static uint32_t run_crc(uint32_t seed)
{
    for (uint32_t i = 0; i < CRC_BYTES; i += 4) {
        uint32_t r = rng() ^ seed;
        crc_buf[i] = (uint8_t)r;
        crc_buf[i + 1] = (uint8_t)(r >> 8);
        crc_buf[i + 2] = (uint8_t)(r >> 16);
        crc_buf[i + 3] = (uint8_t)(r >> 24);
    }
    return crc32(crc_buf, CRC_BYTES, seed);
}

static uint32_t run_sieve(void)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < SIEVE_SIZE; i++) {
        sieve[i] = 1;
    }
    for (uint32_t i = 2; i < SIEVE_SIZE; i++) {
        if (sieve[i]) {
            count += i;
            for (uint32_t j = i + i; j < SIEVE_SIZE; j += i) {
                sieve[j] = 0;
            }
        }
    }
    return count;
}

static void sift_down(uint32_t *a, uint32_t start, uint32_t end)
{
    uint32_t root = start;
    while (2 * root + 1 <= end) {
        uint32_t child = 2 * root + 1, swap = root;
        if (a[swap] < a[child]) {
            swap = child;
        }
        if (child + 1 <= end && a[swap] < a[child + 1]) {
            swap = child + 1;
        }
        if (swap == root) {
            return;
        }
        uint32_t t = a[root];
        a[root] = a[swap];
        a[swap] = t;
        root = swap;
    }
}

static uint32_t run_sort(void)
{
    uint32_t *a = sort_a, sum = 0;
    for (uint32_t i = 0; i < SORT_N; i++) {
        a[i] = rng();
    }
    for (uint32_t s = SORT_N / 2; s-- > 0;) {
        sift_down(a, s, SORT_N - 1);
    }
    for (uint32_t end = SORT_N - 1; end > 0; end--) {
        uint32_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end - 1);
    }
    for (uint32_t i = 0; i < SORT_N; i++) {
        sum = sum * 31 + a[i];
    }
    return sum;
}

static uint32_t run_matrix(void)
{
    uint32_t sum = 0;
    for (int i = 0; i < MAT_N; i++) {
        for (int j = 0; j < MAT_N; j++) {
            mat_a[i][j] = rng() & 0xffff;
            mat_b[i][j] = rng() & 0xffff;
        }
    }
    for (int i = 0; i < MAT_N; i++) {
        for (int j = 0; j < MAT_N; j++) {
            uint32_t acc = 0;
            for (int k = 0; k < MAT_N; k++) {
                acc += mat_a[i][k] * mat_b[k][j];
            }
            mat_c[i][j] = acc;
            sum ^= acc + (uint32_t)(i * MAT_N + j);
        }
    }
    return sum;
}

static void str_copy(char *d, const char *s)
{
    while ((*d++ = *s++) != 0) {
    }
}

static int str_cmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static uint32_t run_strings(void)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < STR_BYTES - 1; i++) {
        str_a[i] = (char)('a' + rng() % 26);
    }
    str_a[STR_BYTES - 1] = 0;
    for (uint32_t round = 0; round < 4; round++) {
        str_copy(str_b, str_a);
        uint32_t pos = rng() % (STR_BYTES - 1);
        str_b[pos] = (char)(str_b[pos] + 1 + round);
        sum = sum * 7 + (uint32_t)str_cmp(str_a, str_b) + pos;
    }
    return sum;
}

/* A stack machine; the program sums i * i ^ (i >> 3) for i = n .. 1. */
enum {
    OP_PUSH,
    OP_LOAD,
    OP_STORE,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_XOR,
    OP_SHR,
    OP_DUP,
    OP_JNZ,
    OP_HALT
};

static const uint8_t program[] = {
    OP_PUSH,
    0,
    OP_STORE,
    1, /* acc = 0 */
    /* loop (pc 4): */
    OP_LOAD,
    0,
    OP_DUP,
    0,
    OP_MUL,
    0, /* i * i */
    OP_LOAD,
    0,
    OP_PUSH,
    3,
    OP_SHR,
    0, /* i >> 3 */
    OP_XOR,
    0,
    OP_LOAD,
    1,
    OP_ADD,
    0,
    OP_STORE,
    1,
    OP_LOAD,
    0,
    OP_PUSH,
    1,
    OP_SUB,
    0,
    OP_DUP,
    0,
    OP_STORE,
    0,
    OP_JNZ,
    4,
    OP_LOAD,
    1,
    OP_HALT,
    0,
};

static uint32_t interpret(uint32_t n)
{
    uint32_t stack[16], vars[4] = {n, 0, 0, 0};
    uint32_t sp = 0, pc = 0;
    for (;;) {
        uint8_t op = program[pc], arg = program[pc + 1];
        pc += 2;
        switch (op) {
        case OP_PUSH:
            stack[sp++] = arg;
            break;
        case OP_LOAD:
            stack[sp++] = vars[arg & 3];
            break;
        case OP_STORE:
            vars[arg & 3] = stack[--sp];
            break;
        case OP_ADD:
            sp--;
            stack[sp - 1] += stack[sp];
            break;
        case OP_SUB:
            sp--;
            stack[sp - 1] -= stack[sp];
            break;
        case OP_MUL:
            sp--;
            stack[sp - 1] *= stack[sp];
            break;
        case OP_XOR:
            sp--;
            stack[sp - 1] ^= stack[sp];
            break;
        case OP_SHR:
            sp--;
            stack[sp - 1] >>= stack[sp] & 31;
            break;
        case OP_DUP:
            stack[sp] = stack[sp - 1];
            sp++;
            break;
        case OP_JNZ:
            if (stack[--sp]) {
                pc = arg;
            }
            break;
        default:
            return stack[sp - 1];
        }
        sp &= 15;
    }
}

uint32_t bench_workload(uint32_t iterations)
{
    uint32_t sum = 0;
    rng_state = 2463534242u;
    crc_init();
    for (uint32_t it = 0; it < iterations; it++) {
        sum = sum * 33 + run_crc(it);
        sum = sum * 33 + run_sieve();
        sum = sum * 33 + run_sort();
        sum = sum * 33 + run_matrix();
        sum = sum * 33 + run_strings();
        sum = sum * 33 + interpret(300 + (it & 63));
    }
    return sum;
}
