import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type RequestHandler } from 'express';

const NOT_THE_SPA = /^\/(api|v1|realms|healthz|readyz)(\/|$)/;

/**
 * Serves the built web app from the API process (used by `npm start`; in Kubernetes the web
 * image serves it). Hashed assets are cached for a year; any other GET that accepts HTML gets
 * index.html so client-side routes survive a reload.
 */
export function webAppMiddleware(dir: string): RequestHandler[] {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) throw new Error(`GENNAI_WEB_DIST: ${index} does not exist (build the web app first: npx nx run web:build)`);
  const assets = express.static(root, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const fallback: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' || NOT_THE_SPA.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  return [(req, res, next) => (NOT_THE_SPA.test(req.path) ? next() : assets(req, res, next)), fallback];
}
