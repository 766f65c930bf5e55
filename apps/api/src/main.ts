import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { createLogger } from './logging/logger';

async function bootstrap() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  await app.listen(config.port, '0.0.0.0');
  logger.info({ port: config.port, publicUrl: config.publicUrl }, `Gennai API listening on ${config.publicUrl}`);
}

bootstrap().catch((error: unknown) => {
  createLogger('error').fatal({ err: error }, 'failed to start');
  process.exit(1);
});
