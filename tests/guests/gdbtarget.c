/* The gdb stub's test guest (tests/guests/gdb-test.sh drives gdb against
 * it): gdb breaks at gdb_set_eax, changes EAX from 1 to 42, steps one
 * instruction, watches gdb_counter and continues to the end. The exit
 * value proves the changed register took effect: 21 (status 43) when the
 * store saw 42, 1 (status 3) when it ran without a debugger. */
#include "guest32.h"

volatile uint32_t gdb_result;
volatile uint32_t gdb_counter;
/* set by gdb-rsp-test.py: the guest spins until the debugger clears it
 * (Ctrl-C while running) */
volatile uint32_t gdb_spin;

uint32_t gdb_probe(void);
__asm__(".text\n"
        ".globl gdb_probe\n"
        "gdb_probe:\n"
        "    mov $1, %eax\n"
        ".globl gdb_set_eax\n"
        "gdb_set_eax:\n" /* gdb stops here and writes EAX */
        "    mov %eax, gdb_result\n"
        ".globl gdb_after_store\n"
        "gdb_after_store:\n" /* where one stepi lands */
        "    ret\n");

int main32(void);
int main32(void)
{
    test_name = "gdbtarget";
    while (gdb_spin) {
    }
    gdb_probe();
    for (int i = 0; i < 3; i++) {
        gdb_counter = gdb_counter + 1; /* the watched variable */
    }
    while (gdb_spin) { /* again: a debugger attaches to a running guest */
    }
    puts32(gdb_result == 42 ? "gdbtarget: EAX was changed to 42\n"
                            : "gdbtarget: EAX kept its value\n");
    return gdb_result == 42 ? 21 : 1;
}
