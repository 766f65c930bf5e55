/** Runs one statement on a connection of its own and returns the rows (test set-up and assertions). */
export function query<T = Record<string, unknown>>(url: string, sql: string, params?: unknown[]): Promise<T[]>;
