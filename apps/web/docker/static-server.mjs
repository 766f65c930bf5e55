#!/usr/bin/env node
// Serves the built web app in its container image: a zero-dependency Node server that never writes
// to disk (read-only root filesystem), listens on 8080 and answers `GET /healthz` for Kubernetes probes.
// - /assets/* (content-hashed by Vite) are cached for a year; index.html and other files are `no-cache`.
// - Any other path without a file extension gets index.html, so client-side routes survive a reload.
// - A `.gz` sibling is sent when the browser accepts gzip (optional: the build may precompress).
// - Every answer carries a strict Content-Security-Policy: the app talks to its own origin (the API is
//   routed under /api by the Ingress) and to Keycloak (KEYCLOAK_URL) only.
// Environment: PORT (8080), HOST (0.0.0.0), WEB_ROOT (./public beside this file), KEYCLOAK_URL.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** The origin of the Keycloak URL, or throws naming the variable when it is not an http(s) URL. */
export function keycloakOrigin(keycloakUrl) {
  if (!keycloakUrl) return undefined;
  let url;
  try {
    url = new URL(keycloakUrl);
  } catch {
    throw new Error(`KEYCLOAK_URL: not a URL: ${keycloakUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`KEYCLOAK_URL: must be http(s): ${keycloakUrl}`);
  return url.origin;
}

/** Content-Security-Policy of every answer: same origin, plus Keycloak for sign-in and token calls. */
export function contentSecurityPolicy(keycloakUrl) {
  const identity = keycloakOrigin(keycloakUrl);
  const selfAnd = (...extra) => ["'self'", ...extra].join(' ');
  const withIdentity = identity ? [identity] : [];
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    // Vue binds inline style attributes (transitions, v-show); no inline scripts are allowed.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src ${selfAnd(...withIdentity)}`,
    // keycloak-js checks the session in a hidden iframe and signs in by navigating to Keycloak.
    `frame-src ${selfAnd(...withIdentity)}`,
    `form-action ${selfAnd(...withIdentity)}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

function securityHeaders(csp) {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}

async function fileAt(path) {
  try {
    const info = await stat(path);
    return info.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a URL path to a file under root, or undefined when it would leave root or is malformed. */
function filePath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const path = normalize(join(root, decoded));
  return path === root || path.startsWith(root + sep) ? path : undefined;
}

/**
 * Creates (does not start) the HTTP server.
 * @param {{ root: string, keycloakUrl?: string }} options
 */
export function createStaticServer({ root, keycloakUrl }) {
  const webRoot = resolve(root);
  const index = join(webRoot, 'index.html');
  const headers = securityHeaders(contentSecurityPolicy(keycloakUrl));

  async function send(req, res, path, info, cacheControl) {
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    const common = { ...headers, 'Content-Type': type, 'Cache-Control': cacheControl, ETag: etag, Vary: 'Accept-Encoding' };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, common).end();
      return;
    }
    const gzipped = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') ? await fileAt(`${path}.gz`) : undefined;
    const body = gzipped ? `${path}.gz` : path;
    res.writeHead(200, {
      ...common,
      'Content-Length': (gzipped ?? info).size,
      ...(gzipped ? { 'Content-Encoding': 'gzip' } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(body)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  function plain(res, status, text, extra = {}) {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
    res.end(text);
  }

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    const urlPath = (req.url ?? '/').split('?')[0];
    if (urlPath === '/healthz') return plain(res, 200, 'ok\n');
    const path = filePath(webRoot, urlPath);
    if (!path) return plain(res, 404, 'Not Found\n');
    const isAsset = urlPath.startsWith('/assets/');
    const info = path === webRoot ? undefined : await fileAt(path);
    if (info) return send(req, res, path, info, isAsset ? IMMUTABLE : REVALIDATE);
    // A missing file (an old hashed asset, a typo) is a 404, never the HTML page under a script's name.
    if (isAsset || extname(urlPath) !== '' || urlPath.startsWith('/api/')) return plain(res, 404, 'Not Found\n');
    const indexInfo = await fileAt(index);
    if (!indexInfo) return plain(res, 503, 'The web app is not built: index.html is missing\n');
    return send(req, res, index, indexInfo, REVALIDATE);
  }

  return createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  });
}

function main() {
  const root = process.env.WEB_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), 'public');
  let server;
  try {
    server = createStaticServer({ root, keycloakUrl: process.env.KEYCLOAK_URL });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '0.0.0.0';
  server.listen(port, host, () => {
    process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'web server listening', port, root })}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
