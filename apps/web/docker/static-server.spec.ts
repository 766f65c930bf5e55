import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticServer, keycloakOrigin } from './static-server.mjs';

const INDEX = '<!doctype html><title>Gennai</title><div id="app"></div>';
const SCRIPT = 'console.log("gennai");'.repeat(50);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request, so paths such as `/%2e%2e/` reach the server exactly as written. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web image static server', () => {
  let root: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gennai-static-'));
    root = join(dir, 'public');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), INDEX);
    writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(root, 'assets', 'index-3f2a1b.js'), SCRIPT);
    writeFileSync(join(root, 'assets', 'index-3f2a1b.js.gz'), gzipSync(SCRIPT));
    writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
    server = createStaticServer({ root, keycloakUrl: 'https://id.example.go.jp/some/path' });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(join(root, '..'), { recursive: true, force: true });
  });

  it('serves index.html at / without letting browsers keep a stale copy', async () => {
    const answer = await get(port, '/');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(INDEX);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
  });

  it('answers client-side routes with index.html so a reload keeps the page', async () => {
    const answer = await get(port, '/conversations/0b9d2c7e?tab=history');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(INDEX);
  });

  it('caches hashed assets for a year and serves the precompressed copy to gzip clients', async () => {
    const plain = await get(port, '/assets/index-3f2a1b.js');
    expect(plain.status).toBe(200);
    expect(plain.body.toString()).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['content-encoding']).toBeUndefined();

    const gzipped = await get(port, '/assets/index-3f2a1b.js', { 'accept-encoding': 'gzip, br' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(gzipped.body.length).toBeLessThan(SCRIPT.length);
  });

  it('revalidates with the ETag instead of sending the page again', async () => {
    const first = await get(port, '/');
    const again = await get(port, '/', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers a missing asset with 404, never with the HTML page', async () => {
    for (const path of ['/assets/index-old.js', '/missing.css', '/api/conversations']) {
      const answer = await get(port, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.toString()).not.toContain('<title>');
    }
  });

  it('never serves a file outside the web root', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const answer = await get(port, path);
      expect(answer.body.toString(), path).not.toContain('outside the web root');
    }
  });

  it('sends a strict Content-Security-Policy allowing only its own origin and Keycloak', async () => {
    const csp = String((await get(port, '/')).headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' https://id.example.go.jp;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('/some/path');
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    const headers = (await get(port, '/assets/index-3f2a1b.js')).headers;
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toBe(csp);
  });

  it('answers the Kubernetes probe on /healthz and refuses writes', async () => {
    const health = await get(port, '/healthz');
    expect(health.status).toBe(200);
    expect(health.body.toString()).toBe('ok\n');
    const post = await get(port, '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('refuses to start with a KEYCLOAK_URL that is not an http(s) URL', () => {
    expect(() => keycloakOrigin('id.example.go.jp')).toThrow(/KEYCLOAK_URL/);
    expect(() => keycloakOrigin('ftp://id.example.go.jp')).toThrow(/KEYCLOAK_URL/);
    expect(keycloakOrigin('https://id.example.go.jp/auth/')).toBe('https://id.example.go.jp');
  });
});
