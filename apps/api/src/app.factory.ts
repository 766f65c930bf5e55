import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { jsonBody } from './http/json-body.middleware';
import { PinoNestLogger } from './logging/logger';
import { requestLogging } from './logging/request-logging';
import { webAppMiddleware } from './web/web-app.middleware';

/** Bytes one JSON body may have: the longest allowed message in UTF-8 plus room for the envelope. */
function bodyLimit(config: AppConfig): number {
  return config.chat.maxMessageChars * 4 + 16 * 1024;
}

/** Builds the whole HTTP application (used by main.ts and by the integration tests). */
export async function createApp(config: AppConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, logger), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.disable('x-powered-by');
  app.use(requestLogging(logger));
  const identityOrigin = new URL(config.identity.url).origin;
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", identityOrigin],
          frameSrc: ["'self'", identityOrigin],
          formAction: ["'self'", identityOrigin],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
        },
      },
      strictTransportSecurity: config.publicUrl.startsWith('https:'),
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use('/api', jsonBody(bodyLimit(config)));
  if (config.identity.developmentProvider) {
    // Loaded only when enabled; it refuses to start when NODE_ENV=production.
    const { createDevIdentityRouter } = await import('./dev-identity/dev-identity.router');
    app.use(createDevIdentityRouter({ issuerBaseUrl: config.identity.url, nodeEnv: config.nodeEnv }));
    // The demo vendor's organisation, linked to the demo models' vendor (a platform_admin's job with Keycloak).
    const { seedDevOrganizations } = await import('./dev-identity/dev-organizations.seed');
    await seedDevOrganizations(app.get(DataSource), config.gateway.defaultInformationClass).catch((err: unknown) =>
      logger.warn({ err }, 'demo vendor organisation not seeded; the ベンダー向け page stays empty until a platform_admin links it'),
    );
    logger.warn('development identity provider enabled: never use it in production');
  }
  if (config.webDist) app.use(webAppMiddleware(config.webDist));
  // The OpenAI-compatible API lives at /v1, where OpenAI clients expect it.
  app.setGlobalPrefix('api', { exclude: ['healthz', 'readyz', 'v1/{*path}'] });
  app.enableShutdownHooks();
  return app;
}
