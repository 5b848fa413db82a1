import { z } from 'zod';
import { commonShape, mqttShape } from './common.js';
import { loadConfig } from './load-config.js';

/** The fleet simulator's service configuration (`lockstep-edge fleet` under docker compose / npm run dev). */
export const edgeShape = {
  ...commonShape,
  ...mqttShape,
  /** Folder holding each simulated lock's non-volatile memory. */
  EDGE_STATE_DIR: z.string().default('.lockstep/edge'),
  EDGE_FLEET_SIZE: z.coerce.number().int().min(0).max(100_000).default(8),
};
export const ZEdgeConfigObject = z.object(edgeShape);
export const ZEdgeConfigSchema = ZEdgeConfigObject;
export type TEdgeConfig = z.output<typeof ZEdgeConfigSchema>;

export const loadEdgeConfig = (env?: Record<string, string | undefined>) =>
  loadConfig('edge', ZEdgeConfigSchema, env);
