/* The shared CPU + RAM fixture of the cpu-sys tests (see sys-fixture.h). */
#include "sys-fixture.h"

X86CPU test_cpu;
CPUX86State *env;
CPUState *cs;
uint8_t *ram;

static uint8_t pool[RAM_SIZE + 64 * 1024] __attribute__((aligned(4096)));
static MemoryRegion ram_mr;
static bool built;

int sys_group_setup(void **state)
{
    (void)state;
    if (built) {
        return 0;
    }
    built = true;
    memory_reset_for_tests();
    qemu_ram_pool_init(pool, sizeof(pool), "cpu-sys");
    memory_map_init();
    memory_region_init_ram(&ram_mr, NULL, "ram", RAM_SIZE, NULL);
    memory_region_add_subregion(get_system_memory(), 0, &ram_mr);
    ram = memory_region_get_ram_ptr(&ram_mr);

    x86_cpu_init(&test_cpu, X86_CPU_586);
    cs = &test_cpu.parent_obj;
    env = &test_cpu.env;
    cpu_address_space_init(cs, 0, "cpu-memory", get_system_memory());
    cs->as = cpu_get_address_space(cs, 0);
    cs->as_smm = NULL;
    cpu_x86_set_a20(&test_cpu, 1);
    return 0;
}

void sys_reset(void)
{
    memset(ram, 0, RAM_SIZE);
    x86_cpu_reset(&test_cpu);
    env->old_exception = -1;
    cs->exception_index = -1;
    tlb_flush(cs);
}

void put_desc(uint32_t table, int index, uint32_t base, uint32_t limit,
              uint32_t flags)
{
    uint32_t e1 = (base << 16) | (limit & 0xffff);
    uint32_t e2 =
        (base & 0xff000000) | ((base >> 16) & 0xff) | (limit & 0xf0000) | flags;

    wr32(table + index * 8, e1);
    wr32(table + index * 8 + 4, e2);
}

void put_gate(uint32_t table, int index, int selector, uint32_t offset,
              int type, int dpl, int params)
{
    wr32(table + index * 8, ((uint32_t)selector << 16) | (offset & 0xffff));
    wr32(table + index * 8 + 4, (offset & 0xffff0000) | D_P | D_DPL(dpl) |
                                    ((uint32_t)type << DESC_TYPE_SHIFT) |
                                    (params & 0x1f));
}

static void load_flat(int seg, int sel)
{
    uint32_t e1 = rd32(GDT_BASE + (sel & ~7));
    uint32_t e2 = rd32(GDT_BASE + (sel & ~7) + 4);
    uint32_t limit = (e1 & 0xffff) | (e2 & 0xf0000);

    if (e2 & DESC_G_MASK) {
        limit = (limit << 12) | 0xfff;
    }
    cpu_x86_load_seg_cache(env, seg, sel,
                           (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000),
                           limit, e2);
}

void sys_enter_pm(int level)
{
    uint32_t ar = DESC_A_MASK;

    put_desc(GDT_BASE, 1, 0, 0xfffff, D_P | D_CODE | D_32 | DESC_R_MASK | ar);
    put_desc(GDT_BASE, 2, 0, 0xfffff, D_P | D_DATA | D_32 | DESC_W_MASK | ar);
    put_desc(GDT_BASE, 3, 0, 0xfffff,
             D_P | D_CODE | D_32 | DESC_R_MASK | D_DPL(3) | ar);
    put_desc(GDT_BASE, 4, 0, 0xfffff,
             D_P | D_DATA | D_32 | DESC_W_MASK | D_DPL(3) | ar);
    /* TSS0 with an I/O bitmap at 0x68 covering ports 0..0x3ff */
    put_desc(GDT_BASE, 5, TSS0_BASE, 0x68 + 0x80, D_P | (11 << 8));
    put_desc(GDT_BASE, 6, TSS1_BASE, 0x67, D_P | (9 << 8));
    put_desc(GDT_BASE, 7, LDT_BASE, 0x3f, D_P | (2 << 8));
    put_desc(GDT_BASE, 8, 0, 0xfffff, D_DATA | D_32 | DESC_W_MASK | ar);
    put_desc(GDT_BASE, 9, 0, 0xfffff, D_P | D_CODE | D_32 | ar);
    put_gate(GDT_BASE, 10, SEL_CODE0, 0x5000, 12, 3, 2);
    put_desc(GDT_BASE, 11, 0, 0xfffff,
             D_P | D_CODE | D_32 | DESC_R_MASK | D_DPL(1) | ar);
    put_gate(GDT_BASE, 12, SEL_TSS1, 0, 5, 3, 0);
    put_desc(GDT_BASE, 13, 0, 0xfffff,
             D_P | D_DATA | D_32 | DESC_W_MASK | D_DPL(1) | ar);
    put_desc(GDT_BASE, 14, 0, 0xfffff,
             D_P | D_CODE | D_32 | DESC_R_MASK | DESC_C_MASK | ar);
    put_desc(GDT_BASE, 15, TSS2_BASE, 0x2b, D_P | (1 << 8));
    put_desc(GDT_BASE, 16, 0, 0xffff, D_P | D_DATA | DESC_W_MASK | ar);
    put_desc(GDT_BASE, 17, 0, 0xfffff, D_CODE | D_32 | DESC_R_MASK | ar);

    /* TSS0: ring 0 and ring 1 stacks, I/O bitmap offset 0x68 */
    wr32(TSS0_BASE + 4, STACK0_TOP);
    wr16(TSS0_BASE + 8, SEL_DATA0);
    wr32(TSS0_BASE + 12, STACK1_TOP);
    wr16(TSS0_BASE + 16, SEL_DATA1);
    wr16(TSS0_BASE + 0x66, 0x68);
    memset(ram + TSS0_BASE + 0x68, 0xff, 0x81);

    env->cr[0] = CR0_PE_MASK | CR0_ET_MASK;
    env->gdt.base = GDT_BASE;
    env->gdt.limit = GDT_LIMIT;
    env->idt.base = IDT_BASE;
    env->idt.limit = IDT_LIMIT;
    cpu_load_eflags(env, 0x00000202, ~0u);
    if (level == 3) {
        load_flat(R_CS, SEL_CODE3);
        load_flat(R_SS, SEL_DATA3);
        load_flat(R_DS, SEL_DATA3);
        load_flat(R_ES, SEL_DATA3);
        load_flat(R_FS, SEL_DATA3);
        load_flat(R_GS, SEL_DATA3);
        env->regs[R_ESP] = STACK3_TOP;
    } else {
        load_flat(R_CS, SEL_CODE0);
        load_flat(R_SS, SEL_DATA0);
        load_flat(R_DS, SEL_DATA0);
        load_flat(R_ES, SEL_DATA0);
        load_flat(R_FS, SEL_DATA0);
        load_flat(R_GS, SEL_DATA0);
        env->regs[R_ESP] = STACK0_TOP;
    }
    env->tr.selector = SEL_TSS0;
    env->tr.base = TSS0_BASE;
    env->tr.limit = 0x68 + 0x80;
    env->tr.flags = D_P | (9 << 8);
    env->ldt.selector = 0;
    env->ldt.base = 0;
    env->ldt.limit = 0;
    env->ldt.flags = 0;
    env->eip = 0x1234;
    x86_cpu_state_changed(&test_cpu);
}

/* ---- helpers shared by the test files ---- */

bool zf(void)
{
    return cpu_cc_compute_all(env) & CC_Z;
}

int cpl(void)
{
    return env->hflags & HF_CPL_MASK;
}

void real_mode(void)
{
    sys_reset();
    env->cr[0] = CR0_ET_MASK;
    cpu_load_eflags(env, 0x0302, ~0u); /* IF, TF */
    cpu_x86_load_seg_real(env, R_CS, 0x1000);
    cpu_x86_load_seg_real(env, R_SS, 0x2000);
    cpu_x86_load_seg_real(env, R_DS, 0);
    env->regs[R_ESP] = 0x12340100;
    env->eip = 0x50;
    env->idt.base = 0;
    env->idt.limit = 0x3ff;
    x86_cpu_state_changed(&test_cpu);
    wr16(0x21 * 4, 0x0400);
    wr16(0x21 * 4 + 2, 0x3000);
}

void idt_setup(void)
{
    put_gate(IDT_BASE, 0x80, SEL_CODE0, 0x6000, 14, 3, 0); /* int gate */
    put_gate(IDT_BASE, 0x0d, SEL_CODE0, 0x7000, 15, 0, 0); /* trap gate */
    put_gate(IDT_BASE, 0x81, SEL_CODE0, 0x6100, 6, 3, 0);  /* 286 int */
    put_gate(IDT_BASE, 0x82, SEL_CODE3, 0x6200, 14, 3, 0); /* to ring 3 */
    put_gate(IDT_BASE, 0x83, SEL_CODE0, 0x6300, 14, 3, 0);
    wr32(IDT_BASE + 0x83 * 8 + 4, rd32(IDT_BASE + 0x83 * 8 + 4) & ~D_P);
    put_gate(IDT_BASE, 0x84, SEL_TSS1, 0, 5, 3, 0);        /* task gate */
    put_gate(IDT_BASE, 0x85, SEL_CONF0, 0x6500, 14, 3, 0); /* conforming */
}

void tss1_setup(void)
{
    int i;

    wr32(TSS1_BASE + 0x20, 0x7777);
    wr32(TSS1_BASE + 0x24, 0x00000002 | CC_Z);
    for (i = 0; i < 8; i++) {
        wr32(TSS1_BASE + 0x28 + i * 4, 0x100 + i);
    }
    wr32(TSS1_BASE + 0x28 + R_ESP * 4, 0x6800);
    wr16(TSS1_BASE + 0x48 + R_ES * 4, SEL_DATA0);
    wr16(TSS1_BASE + 0x48 + R_CS * 4, SEL_CODE0);
    wr16(TSS1_BASE + 0x48 + R_SS * 4, SEL_DATA0);
    wr16(TSS1_BASE + 0x48 + R_DS * 4, SEL_DATA0);
    wr16(TSS1_BASE + 0x48 + R_FS * 4, 0);
    wr16(TSS1_BASE + 0x48 + R_GS * 4, SEL_DATA0);
    wr16(TSS1_BASE + 0x60, 0);
}

int gdt_type(int sel)
{
    return (rd32(GDT_BASE + (sel & ~7) + 4) >> 8) & 0xf;
}

void identity_page_dir(uint32_t pd, uint32_t pt)
{
    for (int i = 0; i < 1024; i++) {
        wr32(pd + i * 4, 0);
        wr32(pt + i * 4,
             (uint32_t)i << 12 | PG_PRESENT_MASK | PG_RW_MASK | PG_USER_MASK);
    }
    wr32(pd, pt | PG_PRESENT_MASK | PG_RW_MASK | PG_USER_MASK);
}
