/* Private to emu/machine: the one CPU and run-loop pieces both machines
 * share. */
#ifndef BMX_MACHINE_INTERNAL_H
#define BMX_MACHINE_INTERNAL_H

#include "machine/machine.h"
#include "memory/memory.h"
#include "target-i386/cpu.h"
#include "gdbstub/gdbstub.h"

extern X86CPU machine_cpu;

/* Creates the memory map and the CPU (once per process: the memory model
 * keeps static state), with cs->as pointing at address_space_memory. */
void machine_core_init(X86CPULevel level);

/* Set by machine_request_stop(); the run loops clear it on entry. */
extern volatile bool machine_stop_requested;

/* Guest shutdown requests (triple fault) seen since the last clear. */
bool machine_take_shutdown_request(void);

#endif
