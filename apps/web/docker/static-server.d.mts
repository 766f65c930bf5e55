import type { Server } from 'node:http';

export interface StaticServerOptions {
  /** Directory of the built web app (holds index.html and assets/). */
  root: string;
  /** Public base URL of Keycloak; its origin is allowed by the Content-Security-Policy. */
  keycloakUrl?: string;
}

/** Creates (does not start) the server of the web container image. */
export function createStaticServer(options: StaticServerOptions): Server;
/** The Content-Security-Policy header every answer carries. */
export function contentSecurityPolicy(keycloakUrl?: string): string;
/** The origin of KEYCLOAK_URL; throws naming the variable when it is not an http(s) URL. */
export function keycloakOrigin(keycloakUrl?: string): string | undefined;
