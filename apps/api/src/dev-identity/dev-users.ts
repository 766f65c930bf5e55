import type { Role } from '@gennai/contracts';
import { DEMO_MODEL_VENDOR } from '../gateway/catalog/demo-models';

/** An organisation of the demo users: its Keycloak alias (Gennai's slug) and name. */
export interface DevOrganization {
  slug: string;
  name: string;
  /**
   * For an organisation of a model vendor's staff: the catalogue vendor it represents (`organizations.vendor`). The
   * development provider links it when it starts (dev-organizations.seed.ts) — in production a platform_admin does.
   */
  vendor?: string;
}

/** A demo account of the development identity provider (no password: pick it on the sign-in page). */
export interface DevUser {
  /** Token `sub`: a fixed UUID, so the same person keeps their conversations across restarts. */
  id: string;
  /** `preferred_username`, unique. */
  username: string;
  familyName: string;
  givenName: string;
  email: string;
  roles: Role[];
  organization: DevOrganization;
  /** The `org_unit` path (局/課), if any. */
  unit?: string;
}

export const DIGITAL_AGENCY: DevOrganization = { slug: 'digital-agency', name: 'デジタル庁' };
export const YOKOSUKA_CITY: DevOrganization = { slug: 'yokosuka-city', name: '横須賀市' };
/** The staff of the demo models' vendor, so the ベンダー向け page has models to show (like a real vendor's staff). */
export const DEMO_VENDOR: DevOrganization = { slug: 'demo-vendor', name: 'デモモデルベンダー', vendor: DEMO_MODEL_VENDOR };

function demoUser(
  id: string,
  username: string,
  [familyName, givenName]: [string, string],
  roles: Role[],
  organization: DevOrganization,
  unit?: string,
): DevUser {
  return { id, username, familyName, givenName, email: `${username}@${organization.slug}.example.jp`, roles, organization, ...(unit ? { unit } : {}) };
}

/** Every role is held by someone, and each staff organisation has at least one plain `user`. */
export const DEV_USERS: readonly DevUser[] = [
  demoUser('6f1c2a4e-0d3b-4c59-9a51-0b8e1f2d3a01', 'hanako', ['デジタル', '花子'], ['user'], DIGITAL_AGENCY, '戦略・組織グループ/総務担当'),
  demoUser('6f1c2a4e-0d3b-4c59-9a51-0b8e1f2d3a02', 'taro', ['デジタル', '太郎'], ['user', 'org_admin'], DIGITAL_AGENCY),
  demoUser('6f1c2a4e-0d3b-4c59-9a51-0b8e1f2d3a03', 'jiro', ['デジタル', '次郎'], ['user', 'platform_admin'], DIGITAL_AGENCY),
  demoUser('6f1c2a4e-0d3b-4c59-9a51-0b8e1f2d3a04', 'misaki', ['デジタル', '美咲'], ['user', 'evaluator'], DIGITAL_AGENCY),
  demoUser('6f1c2a4e-0d3b-4c59-9a51-0b8e1f2d3a05', 'kenta', ['ベンダー', '健太'], ['vendor'], DEMO_VENDOR),
  demoUser('6f1c2a4e-0d3b-4c59-9a51-0b8e1f2d3a06', 'ichiro', ['横須賀', '一郎'], ['user'], YOKOSUKA_CITY, '市民部/市民課'),
  demoUser('6f1c2a4e-0d3b-4c59-9a51-0b8e1f2d3a07', 'sakura', ['横須賀', 'さくら'], ['user', 'org_admin'], YOKOSUKA_CITY),
  demoUser('6f1c2a4e-0d3b-4c59-9a51-0b8e1f2d3a08', 'makoto', ['横須賀', '誠'], ['user', 'auditor'], YOKOSUKA_CITY),
];

/** Japanese order, family name first: 「デジタル 花子」. */
export function displayName(user: DevUser): string {
  return `${user.familyName} ${user.givenName}`;
}

/** Labels for the sign-in page. */
export const ROLE_LABELS: Record<Role, { ja: string; en: string }> = {
  user: { ja: '利用者', en: 'user' },
  org_admin: { ja: '組織管理者', en: 'organisation admin' },
  platform_admin: { ja: '基盤管理者', en: 'platform admin' },
  evaluator: { ja: '評価者', en: 'evaluator' },
  auditor: { ja: '監査担当', en: 'auditor' },
  vendor: { ja: 'ベンダー', en: 'vendor' },
};
