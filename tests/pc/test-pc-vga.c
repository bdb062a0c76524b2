/*
 * Debian's SeaBIOS with its VGA BIOS (vgabios-isavga.bin) on the pc
 * machine with --display=ansi: the ANSI stream the console wrote, played
 * back through a small VT100 model into a character grid, must equal
 * the VGA's text screen read from VRAM -- every character, attribute and
 * the cursor -- and that screen must show SeaBIOS's banner and "No
 * bootable device.". The same on isapc.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "machine/machine.h"
#include "ui/ui.h"
#include "test-host.h"

#define KiB 1024u
#define MiB (1024u * 1024u)

static uint8_t pool[12 * MiB] __attribute__((aligned(4096)));
static uint8_t bios[256 * KiB], vgabios[128 * KiB];
static size_t bios_size, vgabios_size;
static char ansi[512 * KiB];
static size_t ansi_len;
static VGATextScreen vram_screen;

static size_t load(const char *path, uint8_t *buf, size_t max)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (!f) {
        fail_msg("%s not found (Debian's seabios package; ./bmx installs "
                 "it)",
                 path);
    }
    n = fread(buf, 1, max, f);
    fclose(f);
    return n;
}

static void capture(void *opaque, const char *buf, size_t len)
{
    (void)opaque;
    assert_true(ansi_len + len <= sizeof(ansi));
    memcpy(ansi + ansi_len, buf, len);
    ansi_len += len;
}

static void drop_serial(void *opaque, const uint8_t *buf, int len)
{
    (void)opaque, (void)buf, (void)len;
}

static void drop_debug(void *opaque, uint8_t c)
{
    (void)opaque, (void)c;
}

/* ---- a VT100 model: CUP, ED 2, SGR, DECTCEM, UTF-8 text ---- */

static struct {
    int cols, rows, row, col;
    uint16_t cells[VGA_TEXT_MAX_COLS * VGA_TEXT_MAX_ROWS];
    uint8_t attr;
    bool cursor_shown;
} term;

static uint8_t ansi_to_cga(int a)
{
    static const uint8_t map[8] = {0, 4, 2, 6, 1, 5, 3, 7};
    return map[a & 7];
}

static void term_sgr(const int *p, int n)
{
    for (int i = 0; i < n; i++) {
        int v = p[i];
        if (v == 0) {
            term.attr = 0x07;
        } else if (v == 5) {
            term.attr |= 0x80;
        } else if (v >= 30 && v <= 37) {
            term.attr = (uint8_t)((term.attr & 0xf0) | ansi_to_cga(v - 30));
        } else if (v >= 90 && v <= 97) {
            term.attr = (uint8_t)((term.attr & 0xf0) | 8 | ansi_to_cga(v - 90));
        } else if (v >= 40 && v <= 47) {
            term.attr =
                (uint8_t)((term.attr & 0x8f) | ansi_to_cga(v - 40) << 4);
        } else if (v >= 100 && v <= 107) {
            term.attr = (uint8_t)((term.attr & 0x0f) | 0x80 |
                                  ansi_to_cga(v - 100) << 4);
        } else {
            fail_msg("unexpected SGR %d", v);
        }
    }
}

static uint8_t unicode_to_cp437(uint32_t u)
{
    for (int c = 1; c < 256; c++) {
        if (cp437_to_unicode((uint8_t)c) == u) {
            return (uint8_t)c;
        }
    }
    fail_msg("U+%04x is not in CP437", (unsigned)u);
    return 0;
}

static void term_play(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t b = (uint8_t)s[i];
        if (b == 0x1b) {
            int p[8] = {0}, np = 0;
            bool priv = false;
            assert_true(i + 1 < n && s[i + 1] == '[');
            i += 2;
            if (s[i] == '?') {
                priv = true;
                i++;
            }
            while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';')) {
                if (!np) {
                    np = 1;
                }
                if (s[i] == ';') {
                    np++;
                } else {
                    p[np - 1] = p[np - 1] * 10 + (s[i] - '0');
                }
                i++;
            }
            assert_true(i < n);
            char f = s[i++];
            if (priv) {
                assert_int_equal(p[0], 25);
                term.cursor_shown = f == 'h';
            } else if (f == 'H') {
                term.row = p[0] - 1;
                term.col = p[1] - 1;
                assert_true(term.row >= 0 && term.row < term.rows);
                assert_true(term.col >= 0 && term.col < term.cols);
            } else if (f == 'J') {
                assert_int_equal(p[0], 2);
                for (int k = 0; k < term.cols * term.rows; k++) {
                    term.cells[k] = 0xffff; /* unknown until drawn */
                }
            } else if (f == 'm') {
                term_sgr(p, np ? np : 1);
            } else {
                fail_msg("unexpected sequence final '%c'", f);
            }
            continue;
        }
        uint32_t u = b;
        if (b == '\r' || b == '\n') {
            i++;
            continue;
        }
        assert_true(b >= 0x20);
        if (b >= 0xe0) {
            u = (b & 0x0fu) << 12 | ((uint8_t)s[i + 1] & 0x3fu) << 6 |
                ((uint8_t)s[i + 2] & 0x3fu);
            i += 3;
        } else if (b >= 0xc0) {
            u = (b & 0x1fu) << 6 | ((uint8_t)s[i + 1] & 0x3fu);
            i += 2;
        } else {
            i++;
        }
        uint8_t ch = u < 0x80 && u != 0x7f ? (uint8_t)u : unicode_to_cp437(u);
        assert_true(term.col < term.cols);
        term.cells[term.row * term.cols + term.col] =
            (uint16_t)(ch | term.attr << 8);
        term.col++;
    }
}

static void grid_row(const uint16_t *cells, int cols, int row, char *out)
{
    for (int c = 0; c < cols; c++) {
        uint8_t ch = (uint8_t)cells[row * cols + c];
        out[c] = ch >= 0x20 && ch < 0x7f ? (char)ch : '.';
    }
    out[cols] = 0;
}

static void run_seabios(PCMachineType type)
{
    PCMachineConfig cfg;
    PCRunResult r;
    char line[VGA_TEXT_MAX_COLS + 1];
    bool banner = false, no_boot = false;

    bios_size = load("/usr/share/seabios/bios.bin", bios, sizeof(bios));
    vgabios_size =
        load("/usr/share/seabios/vgabios-isavga.bin", vgabios, sizeof(vgabios));
    qemu_ram_pool_init(pool, sizeof(pool), "vga-test");
    pc_machine_default_config(&cfg);
    cfg.type = type;
    cfg.bios = bios;
    cfg.bios_size = bios_size;
    cfg.ram_size = 4 * MiB;
    cfg.vga = true;
    cfg.vga_rom = vgabios;
    cfg.vga_rom_size = vgabios_size;
    cfg.vga_rom_name = "vgabios-isavga.bin";
    cfg.display_ansi = true;
    cfg.display_write = capture;
    cfg.serial_write = drop_serial;
    cfg.debugcon_sink = drop_debug;
    cfg.input = PC_INPUT_KEYBOARD;
    assert_int_equal(pc_machine_init(&cfg), 0);
    r = pc_machine_run(200000000);
    assert_int_equal(r.reason, PC_EXIT_NO_BOOTABLE_DEVICE);

    assert_true(vga_text_snapshot(pc_machine_vga(), &vram_screen));
    assert_int_equal(vram_screen.cols, 80);
    assert_int_equal(vram_screen.rows, 25);
    term.cols = 80;
    term.rows = 25;
    term.attr = 0x07;
    term_play(ansi, ansi_len);
    print_message("ANSI stream %zu bytes\n", ansi_len);
    for (int row = 0; row < 25; row++) {
        grid_row(term.cells, 80, row, line);
        if (!strncmp(line, "SeaBIOS (version ", 17)) {
            banner = row == 0;
        }
        if (strstr(line, "No bootable device.")) {
            no_boot = true;
        }
        for (int col = 0; col < 80; col++) {
            uint16_t want = vram_screen.cells[row * 80 + col];
            uint16_t got = term.cells[row * 80 + col];
            if ((want & 0xff) == 0) {
                want |= 0x20; /* NUL draws as a space */
            }
            if (got != want) {
                fail_msg("row %d col %d: the terminal shows %04x, VRAM "
                         "holds %04x (row: \"%s\")",
                         row, col, got, want, line);
            }
        }
    }
    assert_true(banner);
    assert_true(no_boot);
    assert_int_equal(term.cursor_shown, vram_screen.cursor_visible);
    if (vram_screen.cursor_visible) {
        assert_int_equal(term.row, vram_screen.cursor_row);
        assert_int_equal(term.col, vram_screen.cursor_col);
    }
}

static void test_pc(void **state)
{
    (void)state;
    run_seabios(PC_MACHINE_PC);
}

static void test_isapc(void **state)
{
    (void)state;
    run_seabios(PC_MACHINE_ISAPC);
}

int main(int argc, char **argv)
{
    /* One machine per process: the argument picks pc or isapc. */
    const struct CMUnitTest pc[] = {cmocka_unit_test(test_pc)};
    const struct CMUnitTest isapc[] = {cmocka_unit_test(test_isapc)};

    if (argc > 1 && !strcmp(argv[1], "isapc")) {
        return cmocka_run_group_tests(isapc, NULL, NULL);
    }
    return cmocka_run_group_tests(pc, NULL, NULL);
}
