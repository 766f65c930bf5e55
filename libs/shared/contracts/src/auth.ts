import type { PiiSettingsView } from './pii-guard';

/** Realm roles shipped in the Keycloak realm `gennai`. */
export const ROLES = ['user', 'org_admin', 'platform_admin', 'evaluator', 'auditor', 'vendor'] as const;
export type Role = (typeof ROLES)[number];

/** Public identity settings the web app needs before sign-in (GET /api/auth/config). */
export interface AuthConfigView {
  /** Base URL of the identity provider, e.g. https://id.example.go.jp (Keycloak) or the dev provider. */
  url: string;
  realm: string;
  clientId: string;
  /** True when the built-in development identity provider is serving (never in production). */
  developmentProvider: boolean;
}

export interface OrganizationView {
  id: string;
  /** Stable identifier carried in the token's `organization` claim, e.g. `digital-agency`. */
  slug: string;
  name: string;
}

/** The signed-in user (GET /api/me). */
export interface MeView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  organization: OrganizationView;
  /** The user's unit (局/課) within the organisation, from the directory via Keycloak. */
  unit: { id: string; name: string } | null;
  roles: Role[];
  /** The organisation's PII policy and whether 機密性3 conversations are allowed (the chat hides class 3 if not). */
  piiSettings: PiiSettingsView;
}
