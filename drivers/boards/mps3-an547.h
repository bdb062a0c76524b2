/* ARM MPS3 with AN547: Cortex-M55 booting Secure; Secure aliases used. */
#define BOARD_NAME         "mps3-an547"
#define BOARD_CPU          "cortex-m55"
#define BOARD_QEMU_MACHINE "mps3-an547"
#define BOARD_UART0_BASE   0x59303000u
#define BOARD_UART1_BASE   0x59304000u /* the gdb stub (--gdb=uart1) */
#define BOARD_UART_CLK_HZ  25000000u
#define BOARD_SYSCLK_HZ    32000000u
#define BOARD_L1_CACHES    1 /* L1 I and D: the code generator cleans them */
