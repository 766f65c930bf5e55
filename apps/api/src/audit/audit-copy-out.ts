import type { ClientBase } from 'pg';

/** The slice of node-postgres' connection a custom query uses. */
interface Connection {
  query(text: string): void;
}

const NULL = '\\N';
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One field of COPY's text format: `\N` is NULL; backslash escapes the control characters, tab and itself. */
function copyField(field: string): string | null {
  if (field === NULL) return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, char: string) => ESCAPES[char] ?? char);
}

/**
 * `COPY (…) TO STDOUT` through node-postgres, row by row, without an extra package: PostgreSQL streams the rows as
 * fast as they are read, with no round trip per batch (unlike FETCH), and nothing is held but the current row.
 * Each row arrives as its fields' text, exactly as the types' output functions wrote them.
 */
class CopyOutQuery {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: unknown) => void;
  private failure: unknown = null;
  private rows = 0;

  constructor(
    private readonly text: string,
    private readonly onRow: (fields: (string | null)[]) => void,
  ) {
    this.done = new Promise((resolve, reject) => ((this.resolve = resolve), (this.reject = reject)));
  }

  submit(connection: Connection) {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }) {
    if (this.failure) return;
    try {
      // One CopyData message per row, ending in a newline.
      const line = message.chunk.toString('utf8', 0, message.chunk.length - 1);
      this.onRow(line.split('\t').map(copyField));
      this.rows += 1;
    } catch (error) {
      // Thrown here it would surface in the socket's event handler; keep it for when the query ends.
      this.failure = error;
    }
  }

  handleError(error: unknown) {
    this.failure ??= error;
  }

  handleReadyForQuery() {
    if (this.failure) this.reject(this.failure);
    else this.resolve(this.rows);
  }

  handleCommandComplete() {}
  handleEmptyQuery() {}
  handleRowDescription() {}
  handleDataRow() {}
  handlePortalSuspended() {}
}

/** Runs a `COPY (…) TO STDOUT` and calls `onRow` with each row's fields; resolves with the number of rows. */
export async function copyOut(client: ClientBase, sql: string, onRow: (fields: (string | null)[]) => void): Promise<number> {
  const query = new CopyOutQuery(sql, onRow);
  // node-postgres accepts any object with submit() as a query (as pg-cursor and pg-copy-streams do).
  (client as unknown as { query(query: CopyOutQuery): void }).query(query);
  return query.done;
}
