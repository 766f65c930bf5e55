import * as contracts from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import * as web from './gateway-constants';

describe('gateway constants copied into the web', () => {
  it('equal the contract’s', () => {
    expect(web.INFORMATION_CLASSES).toEqual(contracts.INFORMATION_CLASSES);
    expect(web.MODEL_CAPABILITIES).toEqual(contracts.MODEL_CAPABILITIES);
    expect(web.CURRENCIES).toEqual(contracts.CURRENCIES);
    expect(web.API_KEY_MAX_DAYS).toBe(contracts.API_KEY_MAX_DAYS);
  });
});
