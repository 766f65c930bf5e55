import { z } from 'zod';
import { catalogIdSchema } from './gateway';
import { ANALYTICS_APPS } from './analytics-views';

export * from './analytics-views';

/**
 * GET /api/evaluation/analytics query. Dates are calendar days in GENNAI_QUOTA_TIME_ZONE, `to` inclusive (default:
 * the last 30 days). `organizationId` narrows to that organisation and the ones under it.
 */
export const analyticsQuerySchema = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  organizationId: z.uuid().optional(),
  app: z.enum(ANALYTICS_APPS).optional(),
  modelId: catalogIdSchema.optional(),
  taskCategory: z
    .string()
    .regex(/^[a-z_]{1,32}$/)
    .optional(),
});
export type AnalyticsQuery = z.input<typeof analyticsQuerySchema>;
