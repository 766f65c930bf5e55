import type { OrganizationNodeView, OrganizationSettingsView } from '@gennai/contracts';

const SETTINGS: OrganizationSettingsView = { defaultInformationClass: 2, auditKeepsMessageText: true, disabledModelIds: [], piiPolicy: 'warn', confidentialClassEnabled: false, conversationRetentionDays: null, auditRetentionDays: 365 * 5, vendorFeedbackSharing: 'ratings_only' };

/** An organisation as GET /api/admin/organizations lists it, administered by the caller. */
export function organizationNode(overrides: Partial<OrganizationNodeView> & Pick<OrganizationNodeView, 'id' | 'name'>): OrganizationNodeView {
  return {
    kind: 'organization',
    slug: null,
    parentId: null,
    organizationId: overrides.id,
    linkedToKeycloak: true,
    memberCount: 0,
    vendor: null,
    settings: { ...SETTINGS },
    canEditSettings: true,
    canEditNode: false,
    ...overrides,
  };
}

/** A unit (局・部・課) of an organisation, under `parent` (the organisation itself or another of its units). */
export function unitNode(parent: OrganizationNodeView, overrides: Partial<OrganizationNodeView> & Pick<OrganizationNodeView, 'id' | 'name'>): OrganizationNodeView {
  return organizationNode({ kind: 'unit', parentId: parent.id, organizationId: parent.organizationId, settings: null, canEditSettings: false, linkedToKeycloak: false, ...overrides });
}
