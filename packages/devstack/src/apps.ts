import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo.js';

/** How the dev stack starts each app, in start order. An app not built yet is skipped. */
export interface AppLaunch {
  name: string;
  entry: string;
  args: (ctx: { deviceIds: string[] }) => string[];
}

export const APPS: readonly AppLaunch[] = [
  { name: 'gateway', entry: 'apps/gateway/dist/main.js', args: () => [] },
  { name: 'worker', entry: 'apps/worker/dist/main.js', args: () => [] },
  { name: 'api', entry: 'apps/api/dist/main.js', args: () => [] },
  { name: 'web', entry: 'apps/web/dist/server.js', args: () => [] },
  {
    name: 'fleet',
    entry: 'apps/edge/dist/cli.js',
    args: ({ deviceIds }) => ['fleet', '--devices', deviceIds.join(','), '--passwords-from-seed'],
  },
];

export function builtApps(): AppLaunch[] {
  return APPS.filter((app) => existsSync(join(repoRoot, app.entry)));
}
