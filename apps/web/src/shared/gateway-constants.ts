import type { Currency, InformationClass, ModelCapability } from '@gennai/contracts';

/*
 * Values from @gennai/contracts' gateway.ts, whose module also builds the API's zod schemas: importing a value from
 * it would pull zod into the web bundle (bundle-budget.spec.ts forbids that), so the web keeps these copies and
 * gateway-constants.spec.ts checks they equal the contract's.
 */
export const INFORMATION_CLASSES: readonly InformationClass[] = [1, 2, 3];
export const MODEL_CAPABILITIES: readonly ModelCapability[] = ['streaming', 'vision', 'tools', 'json-output'];
export const CURRENCIES: readonly Currency[] = ['JPY', 'USD'];
export const API_KEY_MAX_DAYS = 365;
