/*
 * ARM CMSDK APB UART. Polled transmit; receive is polled too but goes
 * through a ring buffer that the RX interrupt handler can also fill, so
 * switching to interrupts needs only cmsdk_uart_enable_rx_irq() and the
 * NVIC line of the board.
 */
#include "boot.h"
#include "cortexm-drivers.h"

#define UART_DATA(b)    REG32((b) + 0x00)
#define UART_STATE(b)   REG32((b) + 0x04)
#define UART_CTRL(b)    REG32((b) + 0x08)
#define UART_INTSTAT(b) REG32((b) + 0x0C)
#define UART_BAUDDIV(b) REG32((b) + 0x10)

#define STATE_TX_FULL  (1u << 0)
#define STATE_RX_FULL  (1u << 1)
#define CTRL_TX_EN     (1u << 0)
#define CTRL_RX_EN     (1u << 1)
#define CTRL_RX_INT_EN (1u << 3)
#define INT_RX         (1u << 1)

#define RX_RING_SIZE 64 /* power of two */

static volatile uint8_t rx_ring[RX_RING_SIZE];
static volatile uint32_t rx_head, rx_tail;

void cmsdk_uart_init(uintptr_t base, uint32_t clk_hz, uint32_t baud)
{
    uint32_t div = clk_hz / baud;
    UART_BAUDDIV(base) = div < 16 ? 16 : div; /* the UART needs >= 16 */
    UART_CTRL(base) = CTRL_TX_EN | CTRL_RX_EN;
}

void cmsdk_uart_putc(uintptr_t base, char c)
{
    while (UART_STATE(base) & STATE_TX_FULL) {
    }
    UART_DATA(base) = (uint8_t)c;
}

static bool rx_irq_wanted;

/* Takes what the UART holds while the ring has room. A full ring leaves
 * the byte in the UART, whose sender then waits (QEMU's model holds back
 * input while RX is full; a real line has flow control or overruns):
 * reading it would drop it, as a pasted line's tail was lost. */
static void rx_drain(uintptr_t base)
{
    while (rx_head - rx_tail < RX_RING_SIZE &&
           (UART_STATE(base) & STATE_RX_FULL)) {
        rx_ring[rx_head++ % RX_RING_SIZE] = (uint8_t)UART_DATA(base);
    }
}

int cmsdk_uart_getc(uintptr_t base)
{
    rx_drain(base);
    if (rx_head == rx_tail) {
        return -1;
    }
    uint8_t c = rx_ring[rx_tail++ % RX_RING_SIZE];
    if (rx_irq_wanted) {
        UART_CTRL(base) |= CTRL_RX_INT_EN; /* room again */
    }
    return c;
}

/* A second UART (the gdb stub's) reads its data register directly: the
 * ring belongs to the console UART. QEMU's model holds back the next byte
 * while RX is full, so polling loses nothing. */
int cmsdk_uart_poll(uintptr_t base)
{
    if (UART_STATE(base) & STATE_RX_FULL) {
        return (uint8_t)UART_DATA(base);
    }
    return -1;
}

void cmsdk_uart_enable_rx_irq(uintptr_t base, bool on)
{
    rx_irq_wanted = on;
    if (on) {
        UART_CTRL(base) |= CTRL_RX_INT_EN;
    } else {
        UART_CTRL(base) &= ~CTRL_RX_INT_EN;
    }
}

void cmsdk_uart_rx_irq(uintptr_t base)
{
    UART_INTSTAT(base) = INT_RX; /* write-one-to-clear */
    rx_drain(base);
    if (UART_STATE(base) & STATE_RX_FULL) {
        /* the ring is full: quiet until getc makes room */
        UART_CTRL(base) &= ~CTRL_RX_INT_EN;
    }
}
