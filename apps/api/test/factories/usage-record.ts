import { uuidv7 } from '../../src/database/uuid-v7';
import type { NewUsageRecord } from '../../src/usage/usage-recorder.service';

/** A usage record as the gateway writes it for one successful request (10 in, 20 out, ¥0.5), with any field replaced. */
export function usageRecord(overrides: Partial<NewUsageRecord> = {}): NewUsageRecord {
  return {
    createdAt: new Date(),
    organizationId: uuidv7(),
    userId: uuidv7(),
    apiKeyId: null,
    app: 'chat',
    requestedModelId: 'echo',
    modelId: 'echo',
    deploymentId: 'echo#0',
    inputTokens: 10,
    outputTokens: 20,
    cost: 0.5,
    currency: 'JPY',
    latencyMs: 100,
    timeToFirstTokenMs: 40,
    outcome: 'complete',
    errorCode: null,
    attempts: [{ modelId: 'echo', deploymentId: 'echo#0', outcome: 'ok', httpStatus: 200, latencyMs: 100, inputTokens: 10, outputTokens: 20 }],
    conversationId: null,
    messageId: null,
    ...overrides,
  };
}
