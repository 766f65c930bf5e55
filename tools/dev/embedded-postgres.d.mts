export interface EmbeddedPostgresOptions {
  /** Data directory; required when persistent. An initialised one is reused. */
  dataDir?: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** Keep the data dir on stop. When false a fresh temp dir is used and removed on stop. */
  persistent: boolean;
  /** Receives the server's log lines (silent by default). */
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** postgres://… URL of the `gennai` database (created if missing). */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server (and removes a non-persistent data dir). Idempotent. */
  stop(): Promise<void>;
}

export function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres>;
export function findFreePort(): Promise<number>;
