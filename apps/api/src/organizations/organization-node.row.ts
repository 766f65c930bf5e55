import type { InformationClass, OrganizationKind, OrganizationNodeView, OrganizationSettingsUpdate, PiiPolicy, VendorFeedbackSharing } from '@gennai/contracts';

/** An `organizations` row as the admin queries read it. */
export interface NodeRow {
  id: string;
  kind: OrganizationKind;
  slug: string | null;
  name: string;
  parent_id: string | null;
  unit_organization_id: string | null;
  keycloak_id: string | null;
  default_information_class: InformationClass;
  audit_keeps_message_text: boolean;
  disabled_model_ids: string[];
  pii_policy: PiiPolicy;
  confidential_class_enabled: boolean;
  conversation_retention_days: number | null;
  audit_retention_days: number | null;
  vendor: string | null;
  vendor_feedback_sharing: VendorFeedbackSharing;
  member_count: number;
}

/** Settings field → column. One table, so adding a setting is one line here and one in the contracts. */
const SETTING_COLUMNS = {
  defaultInformationClass: 'default_information_class',
  auditKeepsMessageText: 'audit_keeps_message_text',
  disabledModelIds: 'disabled_model_ids',
  piiPolicy: 'pii_policy',
  confidentialClassEnabled: 'confidential_class_enabled',
  conversationRetentionDays: 'conversation_retention_days',
  auditRetentionDays: 'audit_retention_days',
  vendorFeedbackSharing: 'vendor_feedback_sharing',
} as const satisfies Record<keyof OrganizationSettingsUpdate, string>;

/** [column, value] for each setting given. */
export function settingsAssignments(settings: OrganizationSettingsUpdate): [string, unknown][] {
  return Object.entries(settings)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => [SETTING_COLUMNS[field as keyof typeof SETTING_COLUMNS], value]);
}

export function toNodeView(row: NodeRow, permissions: { canEditSettings: boolean; canEditNode: boolean }): OrganizationNodeView {
  const isOrganization = row.kind === 'organization';
  return {
    id: row.id,
    kind: row.kind,
    slug: row.slug,
    name: row.name,
    parentId: row.parent_id,
    organizationId: row.unit_organization_id ?? row.id,
    linkedToKeycloak: row.keycloak_id !== null,
    memberCount: row.member_count,
    vendor: row.vendor,
    settings: isOrganization
      ? {
          defaultInformationClass: Number(row.default_information_class) as InformationClass,
          auditKeepsMessageText: row.audit_keeps_message_text,
          disabledModelIds: row.disabled_model_ids,
          piiPolicy: row.pii_policy,
          confidentialClassEnabled: row.confidential_class_enabled,
          conversationRetentionDays: row.conversation_retention_days,
          auditRetentionDays: row.audit_retention_days,
          vendorFeedbackSharing: row.vendor_feedback_sharing,
        }
      : null,
    ...permissions,
  };
}
