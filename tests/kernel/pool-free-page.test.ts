/** Pool pages: a page whose every block is freed goes back to the system, so no header ever has to describe a whole free page. */
import { describe, expect, it } from 'vitest';
import { Pool } from '../../src/kernel/mm/pool.ts';

describe('ExFreePoolWithTag of the last block in a page', () => {
  it('returns the page: nothing is left to walk there, and the next allocation takes a fresh page', () => {
    const pool = new Pool(0);
    const a = pool.allocate(0x100, 'Irp ', false, 'test:a');
    const b = pool.allocate(0x200, 'Irp ', false, 'test:b');
    const page = (a & ~0xfffn).toString(16).padStart(16, '0');
    expect(pool.state.pages[page]).toBeDefined();
    pool.free(a);
    expect(pool.state.pages[page]?.blocks.length).toBe(3);
    pool.free(b);
    // Before the fix the page stayed as one free block of 0x1000 bytes: a BlockSize of 0x100 units, written as 0.
    expect(pool.state.pages[page]).toBeUndefined();
    expect(pool.find(a)).toBeNull();
    const c = pool.allocate(0x100, 'Irp ', false, 'test:c');
    expect(c & ~0xfffn).not.toBe(a & ~0xfffn);
  });
});
