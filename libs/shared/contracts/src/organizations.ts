import { z } from 'zod';
import type { Role } from './auth';
import { informationClassSchema } from './gateway';
import type { InformationClass } from './gateway-constants';
import { PII_POLICIES, type PiiPolicy } from './pii-guard';
import { RETENTION_LIMITS } from './retention';
import { VENDOR_FEEDBACK_SHARING, type VendorFeedbackSharing, vendorNameSchema } from './vendor-export';

/** Organisations own data (members, conversations, quotas, audit); units (局/部 → 課) group an organisation's members. */
export const ORGANIZATION_KINDS = ['organization', 'unit'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** A Keycloak Organization alias: what the token's `organization` claim names. */
export const organizationSlugSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens (e.g. digital-agency)');

const nodeName = z.string().trim().min(1).max(200);

/** What an organisation's administrators decide for it (docs/operator/organizations.md). */
export const organizationSettingsFields = {
  defaultInformationClass: informationClassSchema,
  auditKeepsMessageText: z.boolean(),
  /** Catalogue models switched off for this organisation's members. */
  disabledModelIds: z.array(z.string().trim().min(1).max(100)).max(500),
  /** The PII guard's policy (docs/operator/pii-guard.md). */
  piiPolicy: z.enum(PII_POLICIES),
  /** Whether 機密性3 may be entered at all. */
  confidentialClassEnabled: z.boolean(),
  /** Days conversations are kept after their last activity (null: forever; docs/operator/retention.md). */
  conversationRetentionDays: z.number().int().min(RETENTION_LIMITS.conversationDays.min).max(RETENTION_LIMITS.conversationDays.max).nullable(),
  /** Days audit entries are kept (null: forever). */
  auditRetentionDays: z.number().int().min(RETENTION_LIMITS.auditDays.min).max(RETENTION_LIMITS.auditDays.max).nullable(),
  /** What model vendors receive of the members' feedback (docs/operator/vendor-feedback.md). */
  vendorFeedbackSharing: z.enum(VENDOR_FEEDBACK_SHARING),
};

export const organizationSettingsSchema = z.strictObject(organizationSettingsFields).partial();
export type OrganizationSettingsUpdate = z.input<typeof organizationSettingsSchema>;

/** POST /api/admin/organizations (platform_admin): an organisation at the top or under another, or a unit. */
export const createOrganizationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('organization'), slug: organizationSlugSchema, name: nodeName, parentId: z.uuid().nullable().default(null) }),
  z.strictObject({ kind: z.literal('unit'), name: nodeName, parentId: z.uuid() }),
]);
export type CreateOrganizationRequest = z.input<typeof createOrganizationSchema>;

/** PATCH /api/admin/organizations/:id — name and place in the tree (platform_admin), settings (its administrators). */
export const updateOrganizationSchema = z.strictObject({
  name: nodeName.optional(),
  parentId: z.uuid().nullable().optional(),
  /** platform_admin: the catalogue vendor whose staff this organisation's members are (null: none). */
  vendor: vendorNameSchema.nullable().optional(),
  settings: organizationSettingsSchema.optional(),
});
export type UpdateOrganizationRequest = z.input<typeof updateOrganizationSchema>;

/** GET /api/admin/organizations/:id/members */
export const organizationMembersQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export interface OrganizationSettingsView {
  defaultInformationClass: InformationClass;
  auditKeepsMessageText: boolean;
  disabledModelIds: string[];
  piiPolicy: PiiPolicy;
  confidentialClassEnabled: boolean;
  conversationRetentionDays: number | null;
  auditRetentionDays: number | null;
  vendorFeedbackSharing: VendorFeedbackSharing;
}

/** One node of the organisation tree as administrators see it. */
export interface OrganizationNodeView {
  id: string;
  kind: OrganizationKind;
  /** Keycloak Organization alias (organisations only). */
  slug: string | null;
  name: string;
  parentId: string | null;
  /** The organisation this node's data belongs to: itself, or a unit's organisation. */
  organizationId: string;
  /** Whether a Keycloak Organization has been linked (a member signed in through it). */
  linkedToKeycloak: boolean;
  /** Members whose organisation (or unit, for a unit) this is, directly. */
  memberCount: number;
  /** The catalogue vendor this organisation's members work for (organisations of vendor staff only). */
  vendor: string | null;
  /** Organisations only. */
  settings: OrganizationSettingsView | null;
  /** Whether the caller may change the settings (its administrators) and the node itself (platform_admin). */
  canEditSettings: boolean;
  canEditNode: boolean;
}

/** A member, as of their last sign-in; Keycloak stays the authority for roles. */
export interface OrganizationMemberView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  unit: { id: string; name: string } | null;
  lastSeenAt: string;
  /** The user in Keycloak's admin console, when Gennai runs against Keycloak. */
  manageUrl: string | null;
}

/** A catalogue model and whether this organisation's members may use it, and why not. */
export interface OrganizationModelView {
  id: string;
  displayName: string;
  vendor: string;
  domestic: boolean;
  maxInformationClass: InformationClass;
  /** Allowed by the platform's access rule for this model (platform administrators decide). */
  allowedByPlatform: boolean;
  /** Switched off by this organisation's administrators. */
  disabledByOrganization: boolean;
}
