/*
 * A floating-point program for the tiny Linux (no libc: i486 code with
 * Linux's int 0x80 calls): x87 arithmetic, FSQRT, FSIN, FPATAN and FLDPI
 * through the kernel's lazy FPU switching. Prints the results scaled to
 * integers and "ok" when each is right to the last printed digit.
 */
#define SYS_EXIT  1
#define SYS_WRITE 4

static long sys3(long n, long a, long b, long c)
{
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c)
                     : "memory");
    return r;
}

static void put(const char *s)
{
    long n = 0;
    while (s[n]) {
        n++;
    }
    sys3(SYS_WRITE, 1, (long)s, n);
}

static void put_num(const char *name, long long v)
{
    char buf[24];
    int i = sizeof(buf) - 1;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v && i > 0);
    put(name);
    put(buf + i);
    put(" ");
}

static double x87_sin(double x)
{
    __asm__("fsin" : "+t"(x));
    return x;
}

static double x87_atan2(double y, double x)
{
    double r;
    __asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

static double x87_pi(void)
{
    double r;
    __asm__("fldpi" : "=t"(r));
    return r;
}

void _start(void)
{
    volatile double two = 2.0, one = 1.0, three = 3.0;
    long long s = (long long)(__builtin_sqrt(two) * 1e9);
    long long n = (long long)(x87_sin(one) * 1e9);
    long long a = (long long)(x87_atan2(one, one) * 4e9);
    long long p = (long long)(x87_pi() * 1e9);
    long long q = (long long)(one / three * 1e9);
    int ok = s == 1414213562 && n == 841470984 && a == 3141592653LL &&
             p == 3141592653LL && q == 333333333;

    put("fpu: ");
    put_num("sqrt2=", s);
    put_num("sin1=", n);
    put_num("4atan1=", a);
    put_num("pi=", p);
    put_num("third=", q);
    put(ok ? "ok\n" : "WRONG\n");
    sys3(SYS_EXIT, ok ? 0 : 1, 0, 0);
    for (;;) {
    }
}
