/**
 * Reading the organisation and unit from token claims (docs/operator/identity.md).
 *
 * Keycloak's organization membership mapper writes the `organization` claim as aliases (`["digital-agency"]`) or, with
 * "add organization id/attributes" on, as `{ "digital-agency": { "id": "…", "gennai.provision": ["true"] } }`; with both
 * the realm's `organization` scope and a client mapper it is an array mixing the two. A plain string (a user-attribute
 * or hard-coded mapper) is accepted as an alias too. All shapes collapse to one list of organisations by alias.
 */
export interface OrganizationClaim {
  /** The Keycloak Organization's alias: Gennai's organisation slug. */
  alias: string;
  keycloakId: string | null;
  /** `gennai.name`: the name Gennai gives the organisation when it creates it. */
  name: string | null;
  /** `gennai.provision` = true: Gennai may create this organisation at its first member's sign-in. */
  provision: boolean;
}

const ALIAS = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ALIAS = 100;

export function parseOrganizationClaim(value: unknown): OrganizationClaim[] {
  const found = new Map<string, OrganizationClaim>();
  const add = (alias: string, details?: unknown) => {
    if (alias.length > MAX_ALIAS || !ALIAS.test(alias)) return;
    const entry = found.get(alias) ?? { alias, keycloakId: null, name: null, provision: false };
    if (details && typeof details === 'object' && !Array.isArray(details)) {
      const attributes = details as Record<string, unknown>;
      entry.keycloakId ??= firstText(attributes.id);
      entry.name ??= firstText(attributes['gennai.name']);
      entry.provision ||= firstText(attributes['gennai.provision'])?.toLowerCase() === 'true';
    }
    found.set(alias, entry);
  };
  const visit = (item: unknown) => {
    if (typeof item === 'string') add(item.trim());
    else if (item && typeof item === 'object' && !Array.isArray(item)) {
      for (const [alias, details] of Object.entries(item as Record<string, unknown>)) add(alias, details);
    }
  };
  if (Array.isArray(value)) value.forEach(visit);
  else visit(value);
  return [...found.values()];
}

export const MAX_UNIT_DEPTH = 8;
const MAX_UNIT_NAME = 200;

/**
 * The `org_unit` claim, e.g. `情報システム局/総務課`: the unit path from the organisation down, '/' separated.
 * Blank segments are dropped; null when absent, empty, too deep or with an over-long name (the user then belongs to
 * the organisation itself — a bad directory value must not block sign-in).
 */
export function parseUnitPath(value: unknown): string[] | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string') return null;
  const segments = text.split('/').map((segment) => segment.normalize('NFC').trim()).filter(Boolean);
  if (!segments.length || segments.length > MAX_UNIT_DEPTH || segments.some((s) => s.length > MAX_UNIT_NAME)) return null;
  return segments;
}

function firstText(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() ? first.trim() : null;
}
