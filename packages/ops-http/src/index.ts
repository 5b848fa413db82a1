export { HttpServer, type HealthReport } from './http-server.js';
