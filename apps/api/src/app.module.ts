import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { AnalyticsModule } from './analytics/analytics.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ArenaModule } from './arena/arena.module';
import { AuditModule } from './audit/audit.module';
import { ChatModule } from './chat/chat.module';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { CatalogAdminModule } from './gateway/catalog/catalog-admin.module';
import { GatewayModule } from './gateway/gateway.module';
import { HealthModule } from './health/health.module';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { IdentityModule } from './identity/identity.module';
import { EvaluationReportModule } from './evaluation-report/evaluation-report.module';
import { EvaluationScopeModule } from './evaluation-scope/evaluation-scope.module';
import { LeaderboardModule } from './leaderboard/leaderboard.module';
import { LOGGER } from './logging/logger';
import { OpenAiApiModule } from './openai-api/openai-api.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { QuotasModule } from './quotas/quotas.module';
import { RatingModule } from './rating/rating.module';
import { RetentionModule } from './retention/retention.module';
import { TaskCategoryModule } from './task-category/task-category.module';
import { SurveysModule } from './surveys/surveys.module';
import { UsageModule } from './usage/usage.module';
import { UseCasesModule } from './use-cases/use-cases.module';
import { VendorExportModule } from './vendor-export/vendor-export.module';

/** Configuration and the logger, available to every module. */
@Global()
@Module({})
class CoreModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [APP_CONFIG, LOGGER],
    };
  }
}

@Module({})
export class AppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, logger),
        TypeOrmModule.forRoot(dataSourceOptions(config.database)),
        AuditModule,
        GatewayModule,
        CatalogAdminModule,
        IdentityModule,
        ApiKeysModule,
        OpenAiApiModule,
        ChatModule,
        RatingModule,
        ArenaModule,
        LeaderboardModule,
        EvaluationScopeModule,
        TaskCategoryModule,
        OrganizationsModule,
        QuotasModule,
        UsageModule,
        UseCasesModule,
        RetentionModule,
        VendorExportModule,
        SurveysModule,
        AnalyticsModule,
        EvaluationReportModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
