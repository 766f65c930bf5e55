import { describe, expect, it } from 'vitest';
import { uuidSchema } from '@gennai/contracts';
import { uuidv7 } from './uuid-v7';

describe('uuidv7', () => {
  it('is a valid version-7 UUID', () => {
    const id = uuidv7();
    expect(uuidSchema.safeParse(id).success).toBe(true);
    expect(id[14]).toBe('7');
  });

  it('sorts by creation time', () => {
    const ids = [uuidv7(1_000), uuidv7(2_000), uuidv7(3_000)];
    expect([...ids].reverse().sort()).toEqual(ids);
  });
});
