export {
  findService,
  findServices,
  serviceUrl,
  SERVICES,
  type FoundService,
  type ServiceName,
} from './services.js';
export { probeMqtt, probePostgres, probeRedis, portAnswers, type ProbeResult } from './probe.js';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
export { freePort } from './free-port.js';
