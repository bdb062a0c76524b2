/* ARM MPS2 with AN385: Cortex-M3, 4 MiB code, 4 MiB SRAM, 16 MiB PSRAM. */
#define BOARD_NAME         "mps2-an385"
#define BOARD_CPU          "cortex-m3"
#define BOARD_QEMU_MACHINE "mps2-an385"
#define BOARD_UART0_BASE   0x40004000u
#define BOARD_UART1_BASE   0x40005000u /* the gdb stub (--gdb=uart1) */
#define BOARD_UART_CLK_HZ  25000000u
#define BOARD_SYSCLK_HZ    25000000u
