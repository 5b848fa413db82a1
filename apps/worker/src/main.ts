import { ConfigError, loadWorkerConfig } from '@lockstep/config';
import { startWorker } from './worker.js';

/** Entry point: config (a bad variable stops start-up with its name, no stack), start, stop on signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadWorkerConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const worker = await startWorker(config);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`worker: ${signal}, stopping`);
    worker.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('worker: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
