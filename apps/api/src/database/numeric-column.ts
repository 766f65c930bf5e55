/**
 * PostgreSQL returns `bigint` and `numeric` as strings (they can exceed a JS number's exact range); the columns using
 * this transformer hold counts, sums and amounts well inside it, so entities read them as numbers.
 */
export const NUMERIC_AS_NUMBER = { to: (value: number) => value, from: (value: string) => Number(value) };
