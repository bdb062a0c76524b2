/* ARM MPS2+ with AN505: Cortex-M33 booting Secure; everything is used
 * through its Secure alias (address bit 28 set). */
#define BOARD_NAME         "mps2-an505"
#define BOARD_CPU          "cortex-m33"
#define BOARD_QEMU_MACHINE "mps2-an505"
#define BOARD_UART0_BASE   0x50200000u
#define BOARD_UART1_BASE   0x50201000u /* the gdb stub (--gdb=uart1) */
#define BOARD_UART_CLK_HZ  20000000u
#define BOARD_SYSCLK_HZ    20000000u
