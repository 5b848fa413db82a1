import { type TSystem } from './system.js';

/**
 * The PIN canary (issue #7 "Secrets"): known codes must appear nowhere but in the responses that
 * are allowed to show them (the create response, `reveal`). Searched: everything the gateway, worker,
 * API and fleet printed, every Redis key and value of the test's prefix, every other API response,
 * and the stored command payloads, outbox rows, transitions, alerts, events and audit records. A code
 * counts as found only with no digit on either side, so timestamps and ids cannot fake a hit; the
 * tests use 8-digit codes, which a UUID or base64 string matches by chance about never.
 */
export interface TCanaryFinding {
  where: string;
  excerpt: string;
}

const SECRET_RESPONSE =
  /^POST \/v1\/(units\/[^/]+\/(access-codes|primary-code)|access-codes\/[^/]+\/reveal) → 20[01]\n/;

export async function pinCanary(system: TSystem, pins: readonly string[]): Promise<TCanaryFinding[]> {
  const sources: { where: string; text: string }[] = [];
  for (const p of system.processes()) sources.push({ where: `${p.name} output`, text: p.output });
  sources.push({ where: 'redis', text: await system.redis.dump() });
  system.http.responses
    .filter((r) => !SECRET_RESPONSE.test(r))
    .forEach((text, index) => sources.push({ where: `API response #${index}`, text }));
  const tables: [string, string][] = [
    ['commands', 'SELECT payload::text AS t FROM commands'],
    ['outbox', 'SELECT data::text AS t FROM outbox'],
    [
      'access_code_transitions',
      "SELECT coalesce(details::text, '') || cause AS t FROM access_code_transitions",
    ],
    ['alerts', "SELECT title || ' ' || coalesce(detail, '') AS t FROM alerts"],
    ['lock_events', "SELECT coalesce(data::text, '') AS t FROM lock_events"],
    ['audit_log', "SELECT coalesce(before::text, '') || coalesce(after::text, '') AS t FROM audit_log"],
  ];
  for (const [table, sql] of tables) {
    const rows = await system.pool.query<{ t: string | null }>(sql);
    sources.push({ where: `table ${table}`, text: rows.rows.map((r) => r.t ?? '').join('\n') });
  }
  const findings: TCanaryFinding[] = [];
  for (const pin of pins) {
    const pattern = new RegExp(`(?<![0-9])${pin}(?![0-9])`);
    for (const source of sources) {
      const match = pattern.exec(source.text);
      if (match) {
        const at = match.index;
        findings.push({
          where: source.where,
          excerpt: source.text.slice(Math.max(0, at - 80), at + 80).replaceAll(pin, '<PIN>'),
        });
      }
    }
  }
  return findings;
}
