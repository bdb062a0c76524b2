/* ARM MPS2 with AN500: Cortex-M7, 4 MiB code, 4 MiB SRAM, 16 MiB at 0x60000000.
 */
#define BOARD_NAME         "mps2-an500"
#define BOARD_CPU          "cortex-m7"
#define BOARD_QEMU_MACHINE "mps2-an500"
#define BOARD_UART0_BASE   0x40004000u
#define BOARD_UART1_BASE   0x40005000u /* the gdb stub (--gdb=uart1) */
#define BOARD_UART_CLK_HZ  25000000u
#define BOARD_SYSCLK_HZ    25000000u
#define BOARD_L1_CACHES    1 /* L1 I and D: the code generator cleans them */
