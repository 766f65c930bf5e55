import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../dev/embedded-postgres.mjs';
import { query } from './sql.mjs';

describe('startEmbeddedPostgres', () => {
  const scratch: string[] = [];
  afterAll(async () => {
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
  });

  async function scratchDir() {
    const dir = await mkdtemp(join(tmpdir(), 'gennai-pg-spec-'));
    await chmod(dir, 0o755); // as root the server runs as `postgres`, who must be able to enter it
    scratch.push(dir);
    return join(dir, 'postgres');
  }

  it('serves a gennai database on a free port and removes a temporary data dir on stop', async () => {
    const server = await startEmbeddedPostgres({ persistent: false });
    try {
      expect(server.url).toMatch(/^postgres:\/\/[^@]+@127\.0\.0\.1:\d+\/gennai$/);
      expect(await query(server.url, 'SELECT current_database() AS name')).toEqual([{ name: 'gennai' }]);
      expect(existsSync(server.dataDir)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dataDir)).toBe(false);
  });

  it('keeps data in a persistent data dir across restarts', async () => {
    const dataDir = await scratchDir();
    const first = await startEmbeddedPostgres({ dataDir, persistent: true });
    await query(first.url, "CREATE TABLE note (text text); INSERT INTO note VALUES ('kept')");
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, persistent: true });
    try {
      expect(await query(second.url, 'SELECT text FROM note')).toEqual([{ text: 'kept' }]);
    } finally {
      await second.stop();
    }
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  });

  it('starts again after `npm start` was killed and left its server running on the data dir', async () => {
    const dataDir = await scratchDir();
    // A separate Node process plays `npm start`; kill -9 leaves its PostgreSQL orphaned, holding postmaster.pid.
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(new URL('../dev/embedded-postgres.mjs', import.meta.url).href)};
      const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, persistent: true });
      console.log('READY ' + server.url);
      setInterval(() => {}, 60_000);`;
    const killedRun = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      killedRun.stdout.on('data', (chunk: Buffer) => {
        const match = /READY (\S+)/.exec(chunk.toString());
        if (match) resolve(match[1]);
      });
      killedRun.on('exit', (code) => reject(new Error(`the first run exited early (code ${code})`)));
    });
    await query(url, 'CREATE TABLE survived (id int)');
    killedRun.kill('SIGKILL');
    await new Promise((resolve) => killedRun.once('exit', resolve));
    const orphanPid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(existsSync(`/proc/${orphanPid}`)).toBe(true);

    const second = await startEmbeddedPostgres({ dataDir, persistent: true });
    try {
      expect(await query(second.url, "SELECT to_regclass('survived') IS NOT NULL AS present")).toEqual([{ present: true }]);
      expect(existsSync(`/proc/${orphanPid}`)).toBe(false);
    } finally {
      await second.stop();
    }
  });
});
