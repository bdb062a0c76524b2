/*
 * Single-threaded RCU (Deviation D10 in docs/deviations.md): see util.h. The
 * queue is an intrusive FIFO of the callers' rcu_heads, so it needs no storage
 * of its own.
 */
#include "util/util.h"

unsigned rcu_reader_depth;
static struct rcu_head *rcu_first;
static struct rcu_head **rcu_tail = &rcu_first;
unsigned rcu_callbacks_pending;

void rcu_read_unlock_unbalanced(void)
{
    bmx_panic("rcu_read_unlock without rcu_read_lock");
}

unsigned rcu_read_depth(void)
{
    return rcu_reader_depth;
}

void call_rcu1(struct rcu_head *head, RCUCBFunc *func)
{
    bmx_assert(func != NULL);
    head->next = NULL;
    head->func = func;
    *rcu_tail = head;
    rcu_tail = &head->next;
    rcu_callbacks_pending++;
}

void rcu_quiescent_state(void)
{
    bmx_assert(rcu_reader_depth == 0);
    while (rcu_first) {
        struct rcu_head *h = rcu_first;
        rcu_first = h->next;
        if (!rcu_first) {
            rcu_tail = &rcu_first;
        }
        rcu_callbacks_pending--;
        h->func(h);
    }
}

void drain_call_rcu(void)
{
    rcu_quiescent_state();
}

unsigned rcu_pending_count(void)
{
    return rcu_callbacks_pending;
}

void rcu_bql_reset_for_tests(void)
{
    rcu_reader_depth = 0;
    rcu_first = NULL;
    rcu_tail = &rcu_first;
    rcu_callbacks_pending = 0;
    if (bql_locked()) {
        bql_unlock();
    }
}
