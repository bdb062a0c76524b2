/*
 * Tracing (QEMU's -d): the --trace list parser, the disassembler against
 * a table checked with objdump -M intel (style differences listed in
 * docs/cpu.md), its lengths against the decoder's, and the in_asm, exec,
 * cpu and int output of a small real-mode program (stdout captured).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>

#include "cpu-fixture.h"
#include "target-i386/translate.h"

static void test_log_mask_parse(void **state)
{
    const char *err = "x";
    (void)state;
    assert_int_equal(qemu_str_to_log_mask("in_asm", &err), CPU_LOG_TB_IN_ASM);
    assert_null(err);
    assert_int_equal(qemu_str_to_log_mask("in_asm,int,exec,cpu", &err),
                     CPU_LOG_TB_IN_ASM | CPU_LOG_INT | CPU_LOG_EXEC |
                         CPU_LOG_TB_CPU);
    assert_null(err);
    assert_int_equal(qemu_str_to_log_mask("guest_errors,unimp,pcall", &err),
                     LOG_GUEST_ERROR | LOG_UNIMP | CPU_LOG_PCALL);
    assert_int_equal(qemu_str_to_log_mask("none", &err), 0);
    assert_null(err);
    assert_int_equal(qemu_str_to_log_mask("all", &err),
                     CPU_LOG_TB_IN_ASM | CPU_LOG_INT | CPU_LOG_EXEC |
                         CPU_LOG_TB_CPU | CPU_LOG_PCALL | LOG_GUEST_ERROR |
                         LOG_UNIMP | LOG_POST);
    assert_int_equal(qemu_str_to_log_mask("post", &err), LOG_POST);
    assert_null(err);

    assert_int_equal(qemu_str_to_log_mask("in_asm,bogus", &err), 0);
    assert_non_null(err);
    assert_non_null(strstr(err, "unknown trace item 'bogus'"));
    assert_non_null(strstr(err, "in_asm"));
    assert_non_null(strstr(err, "guest_errors"));
    assert_non_null(strstr(err, "unimp"));
    err = NULL;
    assert_int_equal(qemu_str_to_log_mask("", &err), 0);
    assert_non_null(err);
    err = NULL;
    assert_int_equal(qemu_str_to_log_mask("in_asm,", &err), 0);
    assert_non_null(err);
    err = NULL;
    assert_int_equal(qemu_str_to_log_mask("in_as", &err), 0);
    assert_non_null(err);
    assert_true(qemu_log_compiled_in);
}

typedef struct DisCase {
    int code32;
    const char *hex;
    const char *text;
} DisCase;

static const DisCase dis_cases[] = {
    {1, "8b4304", "mov eax,DWORD PTR [ebx+0x4]"},
    {1, "01d8", "add eax,ebx"},
    {1, "893d34120000", "mov DWORD PTR ds:0x1234,edi"},
    {1, "83c6fc", "add esi,0xfffffffc"},
    {1, "81c378563412", "add ebx,0x12345678"},
    {1, "8d440d10", "lea eax,[ebp+ecx*1+0x10]"},
    {1, "8b048500100000", "mov eax,DWORD PTR [eax*4+0x1000]"},
    {1, "c1e004", "shl eax,0x4"},
    {1, "d1e8", "shr eax,1"},
    {1, "d3e0", "shl eax,cl"},
    {1, "f7f3", "div ebx"},
    {1, "f6c301", "test bl,0x1"},
    {1, "f7c304000000", "test ebx,0x4"},
    {1, "e8fbffffff", "call 0x0"},
    {1, "75fe", "jne 0x0"},
    {1, "0f84faffffff", "je 0x0"},
    {1, "0fb6c3", "movzx eax,bl"},
    {1, "0fb703", "movzx eax,WORD PTR [ebx]"},
    {1, "0fbfc0", "movsx eax,ax"},
    {1, "0fafc3", "imul eax,ebx"},
    {1, "0f20c0", "mov eax,cr0"},
    {1, "0f22d8", "mov cr3,eax"},
    {1, "0f0110", "lgdt [eax]"},
    {1, "0fa3d8", "bt eax,ebx"},
    {1, "0fbae005", "bt eax,0x5"},
    {1, "0fc8", "bswap eax"},
    {1, "0fc1d8", "xadd eax,ebx"},
    {1, "0fb1d8", "cmpxchg eax,ebx"},
    {1, "0fc70e", "cmpxchg8b QWORD PTR [esi]"},
    {1, "6afc", "push 0xfffffffc"},
    {1, "6878563412", "push 0x12345678"},
    {1, "6bc3fc", "imul eax,ebx,0xfffffffc"},
    {1, "69c300010000", "imul eax,ebx,0x100"},
    {1, "cd21", "int 0x21"},
    {1, "cc", "int3"},
    {1, "ea000100000800", "jmp 0x8:0x100"},
    {1, "ff10", "call DWORD PTR [eax]"},
    {1, "ff28", "jmp far FWORD PTR [eax]"},
    {1, "ffe0", "jmp eax"},
    {1, "668bc3", "mov ax,bx"},
    {1, "678b07", "mov eax,DWORD PTR [bx]"},
    {1, "2e8b03", "mov eax,DWORD PTR cs:[ebx]"},
    {1, "f3a5", "rep movsd"},
    {1, "f3a6", "repz cmpsb"},
    {1, "f2ae", "repnz scasb"},
    {1, "a4", "movsb"},
    {1, "e460", "in al,0x60"},
    {1, "ec", "in al,dx"},
    {1, "ee", "out dx,al"},
    {1, "e680", "out 0x80,al"},
    {1, "c8100000", "enter 0x10,0x0"},
    {1, "c20400", "ret 0x4"},
    {1, "9c", "pushfd"},
    {1, "60", "pushad"},
    {1, "98", "cwde"},
    {1, "99", "cdq"},
    {1, "cf", "iretd"},
    {1, "d40a", "aam"},
    {1, "d50a", "aad"},
    {1, "d408", "aam 0x8"},
    {1, "f00118", "lock add DWORD PTR [eax],ebx"},
    {1, "8cd8", "mov ax,ds"},
    {1, "8ed8", "mov ds,ax"},
    {1, "8c18", "mov WORD PTR [eax],ds"},
    {1, "a134120000", "mov eax,DWORD PTR ds:0x1234"},
    {1, "a234120000", "mov BYTE PTR ds:0x1234,al"},
    {1, "26a100000000", "mov eax,DWORD PTR es:0x0"},
    {1, "c41f", "les ebx,FWORD PTR [edi]"},
    {1, "0fb21f", "lss ebx,FWORD PTR [edi]"},
    {1, "6207", "bound eax,QWORD PTR [edi]"},
    {1, "0f00d8", "ltr ax"},
    {1, "0f01e0", "smsw ax"},
    {1, "0f0138", "invlpg [eax]"},
    {1, "dbe3", "fninit"},
    {1, "dfe0", "fnstsw ax"},
    {1, "d97dfe", "fnstcw WORD PTR [ebp-0x2]"},
    {1, "dd7dfe", "fnstsw WORD PTR [ebp-0x2]"},
    {1, "d8c1", "fadd st,st(1)"},
    {1, "dec9", "fmulp st(1),st"},
    {1, "fec0", "inc al"},
    {1, "ff30", "push DWORD PTR [eax]"},
    {1, "8f00", "pop DWORD PTR [eax]"},
    {1, "86c4", "xchg ah,al"},
    {1, "91", "xchg ecx,eax"},
    {1, "e3fe", "jecxz 0x0"},
    {1, "0f90c0", "seto al"},
    {1, "0fa4c304", "shld ebx,eax,0x4"},
    {1, "0fadc3", "shrd ebx,eax,cl"},
    {1, "0fbcc3", "bsf eax,ebx"},
    {1, "d7", "xlatb"},
    {1, "0f0b", "ud2"},
    {1, "0fa2", "cpuid"},
    {1, "0f31", "rdtsc"},
    {1, "0f06", "clts"},
    {1, "0f09", "wbinvd"},
    {1, "c60005", "mov BYTE PTR [eax],0x5"},
    {1, "c70001000000", "mov DWORD PTR [eax],0x1"},
    {1, "a801", "test al,0x1"},
    {1, "a901000000", "test eax,0x1"},
    {1, "8b4c2408", "mov ecx,DWORD PTR [esp+0x8]"},
    {1, "894424fc", "mov DWORD PTR [esp-0x4],eax"},
    {1, "8b1c8d00000000", "mov ebx,DWORD PTR [ecx*4]"},
    {1, "3b0433", "cmp eax,DWORD PTR [ebx+esi*1]"},
    {1, "0fb7441e02", "movzx eax,WORD PTR [esi+ebx*1+0x2]"},
    {1, "f3ab", "rep stosd"},
    {1, "26a4", "es movsb"},
    {1, "d9c1", "fld st(1)"},
    {1, "ddd8", "fstp st(0)"},
    {0, "8b4704", "mov ax,WORD PTR [bx+0x4]"},
    {0, "8b07", "mov ax,WORD PTR [bx]"},
    {0, "8b0e3412", "mov cx,WORD PTR ds:0x1234"},
    {0, "8902", "mov WORD PTR [bp+si],ax"},
    {0, "8b46fe", "mov ax,WORD PTR [bp-0x2]"},
    {0, "8b8000ff", "mov ax,WORD PTR [bx+si-0x100]"},
    {0, "01d8", "add ax,bx"},
    {0, "83c6fc", "add si,0xfffc"},
    {0, "b83412", "mov ax,0x1234"},
    {0, "b0ff", "mov al,0xff"},
    {0, "e2fe", "loop 0x0"},
    {0, "e80000", "call 0x3"},
    {0, "ebfe", "jmp 0x0"},
    {0, "e9fdff", "jmp 0x0"},
    {0, "7405", "je 0x7"},
    {0, "ea5be000f0", "jmp 0xf000:0xe05b"},
    {0, "9a00000010", "call 0x1000:0x0"},
    {0, "cd10", "int 0x10"},
    {0, "cf", "iret"},
    {0, "cb", "retf"},
    {0, "ca0400", "retf 0x4"},
    {0, "c3", "ret"},
    {0, "268b07", "mov ax,WORD PTR es:[bx]"},
    {0, "2eff2e3412", "jmp far DWORD PTR cs:0x1234"},
    {0, "ff1f", "call far DWORD PTR [bx]"},
    {0, "ff37", "push WORD PTR [bx]"},
    {0, "8f060010", "pop WORD PTR ds:0x1000"},
    {0, "c41e0010", "les bx,DWORD PTR ds:0x1000"},
    {0, "f3a4", "rep movsb"},
    {0, "f3ab", "rep stosw"},
    {0, "a5", "movsw"},
    {0, "66b878563412", "mov eax,0x12345678"},
    {0, "6689c3", "mov ebx,eax"},
    {0, "678b03", "mov ax,WORD PTR [ebx]"},
    {0, "8ec0", "mov es,ax"},
    {0, "8cc8", "mov ax,cs"},
    {0, "0f01160010", "lgdt ds:0x1000"},
    {0, "0f20c0", "mov eax,cr0"},
    {0, "660fb6c0", "movzx eax,al"},
    {0, "9c", "pushf"},
    {0, "60", "pusha"},
    {0, "98", "cbw"},
    {0, "99", "cwd"},
    /* FPU register forms, unknown and truncated */
    {0, "d9e8", "fld1"},
    {0, "d9c9", "fxch st(1)"},
    {0, "dcc2", "fadd st(2),st"},
    {0, "dbe5", "(bad)"},
    {1, "0fff", "(bad)"},
    {1, "0f05", "loadall"},
    {1, "8b", "(bad)"},
    {1, "b81234", "(bad)"},
};

static int hex_bytes(const char *hex, uint8_t *out)
{
    int n = 0;
    for (; hex[0] && hex[1]; hex += 2) {
        unsigned v;
        sscanf(hex, "%2x", &v);
        out[n++] = (uint8_t)v;
    }
    return n;
}

static void test_disas_table(void **state)
{
    (void)state;
    assert_true(ARRAY_SIZE(dis_cases) >= 40);
    for (size_t i = 0; i < ARRAY_SIZE(dis_cases); i++) {
        const DisCase *c = &dis_cases[i];
        uint8_t code[16];
        char text[96];
        int n = hex_bytes(c->hex, code);
        int len = x86_disas(text, sizeof(text), code, n, 0, c->code32);
        if (strcmp(text, c->text) != 0) {
            fail_msg("%s (%d-bit): got '%s', want '%s'", c->hex,
                     c->code32 ? 32 : 16, text, c->text);
        }
        if (strcmp(c->text, "(bad)") != 0 && len != n) {
            fail_msg("%s: length %d, want %d", c->hex, len, n);
        }
        assert_true(len >= 1 && len <= n);
    }
}

/* The disassembler's lengths agree with the decoder's (Pentium model, so
 * every opcode exists). */
static void test_disas_lengths_match_decoder(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_586);
    for (size_t i = 0; i < ARRAY_SIZE(dis_cases); i++) {
        const DisCase *c = &dis_cases[i];
        uint8_t code[16];
        char text[96];
        X86Op op;
        int n = hex_bytes(c->hex, code);
        int len = x86_disas(text, sizeof(text), code, n, 0x3000, c->code32);

        if (!strcmp(c->text, "(bad)")) {
            continue;
        }
        put_bytes(0x3000, code, (size_t)n);
        env->hflags = c->code32 ? env->hflags | HF_CS32_MASK
                                : env->hflags & ~HF_CS32_MASK;
        x86_decode(env, 0x3000, &op);
        if (op.len != len) {
            fail_msg("%s: decoder length %d, disassembler %d", c->hex, op.len,
                     len);
        }
    }
    env->hflags &= ~HF_CS32_MASK;
}

/* Runs the fixture CPU with stdout going to a file; returns its text. */
static char trace_out[65536];

static void run_captured(int mask)
{
    FILE *tmp = tmpfile();
    int saved;
    size_t n;

    assert_non_null(tmp);
    fflush(stdout);
    saved = dup(1);
    dup2(fileno(tmp), 1);
    qemu_loglevel = mask;
    run_until_hlt(1000);
    qemu_loglevel = 0;
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    rewind(tmp);
    n = fread(trace_out, 1, sizeof(trace_out) - 1, tmp);
    trace_out[n] = 0;
    fclose(tmp);
}

static int count_lines_with(const char *needle)
{
    int n = 0;
    for (const char *p = trace_out; (p = strstr(p, needle)) != NULL; p++) {
        n++;
    }
    return n;
}

static void test_trace_realmode_program(void **state)
{
    static const uint8_t prog[] = {
        0xb8, 0x34, 0x12, /* mov ax,0x1234 */
        0xcd, 0x80,       /* int 0x80 */
        0xf4,             /* hlt */
    };
    static const uint8_t handler[] = {
        0x43, /* inc bx */
        0xcf, /* iret */
    };
    static const uint8_t vec[] = {0x00, 0x20, 0x00, 0x00}; /* 0000:2000 */
    (void)state;

    cpu_fixture_reset(X86_CPU_386);
    put_bytes(0x1000, prog, sizeof(prog));
    put_bytes(0x2000, handler, sizeof(handler));
    put_bytes(0x80 * 4, vec, sizeof(vec));
    run_captured(CPU_LOG_TB_IN_ASM | CPU_LOG_INT | CPU_LOG_EXEC |
                 CPU_LOG_TB_CPU);
    assert_int_equal(env->regs[R_EBX], 1);

    /* in_asm: the two blocks, with bytes and disassembly */
    assert_int_equal(count_lines_with("IN: \n"), 3);
    assert_non_null(strstr(trace_out, "0x00001000:  0000:1000  b8 34 12"
                                      "              mov ax,0x1234\n"));
    assert_non_null(strstr(trace_out, "0x00001003:  0000:1003  cd 80"
                                      "                 int 0x80\n"));
    assert_non_null(strstr(trace_out, "0x00002000:  0000:2000  43"
                                      "                    inc bx\n"));
    assert_non_null(strstr(trace_out, "0x00002001:  0000:2001  cf"
                                      "                    iret\n"));
    assert_non_null(strstr(trace_out, "0x00001005:  0000:1005  f4"
                                      "                    hlt\n"));
    /* exec: one line per block entered, QEMU's layout */
    assert_int_equal(count_lines_with("Trace 0: "), 3);
    assert_non_null(strstr(trace_out, "[00000000/00001000/00000040] \n"));
    assert_non_null(strstr(trace_out, "[00000000/00002000/00000040] \n"));
    /* int: the INT 80h delivery, pc at the INT instruction */
    assert_non_null(strstr(trace_out, "     0: v=80 e=0000 i=1 cpl=0 "
                                      "IP=0000:00001003 pc=00001003 "
                                      "SP=0000:00008000 "
                                      "env->regs[R_EAX]=00001234\n"));
    /* cpu: the register dump before each block and after the int line */
    assert_int_equal(count_lines_with("EAX="), 4);
    assert_non_null(strstr(trace_out, "EAX=00001234 EBX=00000000 "));
    assert_non_null(strstr(trace_out, "EIP=00002000 EFL="));
    assert_non_null(strstr(trace_out, "CS =0000 00000000 0000ffff "));
    assert_non_null(strstr(trace_out, "\nGDT=     "));
    assert_non_null(strstr(trace_out, "\nCR0="));
    assert_non_null(strstr(trace_out, "CCO="));

    /* tracing off: nothing is printed */
    cpu_fixture_reset(X86_CPU_386);
    put_bytes(0x1000, prog, sizeof(prog));
    put_bytes(0x2000, handler, sizeof(handler));
    put_bytes(0x80 * 4, vec, sizeof(vec));
    run_captured(0);
    assert_string_equal(trace_out, "");
    assert_int_equal(env->regs[R_EBX], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_mask_parse),
        cmocka_unit_test(test_disas_table),
        cmocka_unit_test(test_disas_lengths_match_decoder),
        cmocka_unit_test(test_trace_realmode_program),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
