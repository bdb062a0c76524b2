/*
 * libFuzzer harness: the bytes a terminal sends to --display=ansi's
 * keyboard (emu/ui/input-ansi.c: escape sequences of xterm, VT220 and the
 * Linux console, Alt as an ESC prefix, the lone-ESC timeout, Ctrl-A
 * commands). Input: terminal bytes; 0xFE n is an idle line for n * 10 ms
 * (so lone ESCs time out or not). Checks: every key is a qnum (a set-1
 * make code, 0x80 | code for E0 ones), never released unless pressed,
 * never pressed twice without a release, and after a final idle second
 * no key is left down (the guest would see it repeat forever).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool down[256];

static void key(void *opaque, int qnum, bool is_down)
{
    (void)opaque;
    if (qnum <= 0 || qnum > 0xff || qnum == 0x80) {
        fprintf(stderr, "ansi fuzz: key %d is not a qnum\n", qnum);
        abort();
    }
    if (down[qnum] == is_down) {
        fprintf(stderr, "ansi fuzz: key 0x%02x %s twice\n", qnum,
                is_down ? "pressed" : "released");
        abort();
    }
    down[qnum] = is_down;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    AnsiInput in;
    int64_t now = 1000000000;

    memset(down, 0, sizeof(down));
    ansi_input_init(&in, key, NULL);
    for (size_t i = 0; i < size; i++) {
        if (data[i] == 0xfe && i + 1 < size) {
            now += (int64_t)data[++i] * 10000000;
            ansi_input_idle(&in, now);
            continue;
        }
        now += 100000; /* bytes 0.1 ms apart: one burst */
        ansi_input_byte(&in, data[i], now);
    }
    now += 1000000000;
    ansi_input_idle(&in, now);
    for (int q = 0; q < 256; q++) {
        if (down[q]) {
            fprintf(stderr, "ansi fuzz: key 0x%02x left down\n", q);
            abort();
        }
    }
    return 0;
}
