import type { DataSourceOptions } from 'typeorm';
import { AnswerRating } from '../rating/answer-rating.entity';
import { Conversation } from '../chat/entities/conversation.entity';
import { Message } from '../chat/entities/message.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../identity/user.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { CatalogModel } from '../gateway/catalog/catalog-model.entity';
import { ModelDeployment } from '../gateway/catalog/model-deployment.entity';
import { Provider } from '../gateway/catalog/provider.entity';
import { QuotaCounter } from '../quotas/quota-counter.entity';
import { QuotaRule } from '../quotas/quota-rule.entity';
import { UsageRecord } from '../usage/usage-record.entity';
import { MIGRATIONS } from './migrations';
import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditSignIn } from '../audit/audit-sign-in.entity';
import { UseCase } from '../use-cases/use-case.entity';
import { LegalHold } from '../retention/legal-hold.entity';
import { RetentionRun } from '../retention/retention-run.entity';
import { Battle } from '../arena/battle.entity';
import { LeaderboardSnapshot } from '../leaderboard/leaderboard-snapshot.entity';
import { Survey } from '../surveys/survey.entity';
import { SurveyParticipation } from '../surveys/survey-participation.entity';
import { SurveyResponse } from '../surveys/survey-response.entity';
import { ANALYTICS_ENTITIES } from '../analytics/entities/analytics-entities';
import { EvaluationReportRecord } from '../evaluation-report/evaluation-report.entity';

/** Every entity, listed explicitly (no globs: the bundle and the migration CLI see the same set). */
export const ENTITIES = [
  Organization,
  User,
  Conversation,
  Message,
  AnswerRating,
  Provider,
  CatalogModel,
  ModelDeployment,
  QuotaRule,
  QuotaCounter,
  UsageRecord,
  ApiKey,
  AuditEntry,
  AuditChainHead,
  AuditSignIn,
  UseCase,
  LegalHold,
  RetentionRun,
  Battle,
  LeaderboardSnapshot,
  Survey,
  SurveyResponse,
  SurveyParticipation,
  ...ANALYTICS_ENTITIES,
  EvaluationReportRecord,
];

/** The one DataSource definition, used by the app, `migrate` and the schema-drift check. */
export function dataSourceOptions(database: { url: string; poolSize: number; ssl: boolean }): DataSourceOptions {
  return {
    type: 'postgres',
    url: database.url,
    ssl: database.ssl ? { rejectUnauthorized: true } : false,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: database.poolSize, application_name: 'gennai-api' },
  };
}
