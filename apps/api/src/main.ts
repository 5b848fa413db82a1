import { ConfigError, loadApiConfig } from '@lockstep/config';
import { createApp } from './app.js';

let config;
try {
  config = loadApiConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const { app, logger } = await createApp(config);
await app.listen({ host: config.API_HOST, port: config.API_PORT });
logger.info({ host: config.API_HOST, port: config.API_PORT }, 'api listening');

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
