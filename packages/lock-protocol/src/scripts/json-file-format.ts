import { format, resolveConfig } from 'prettier';

/**
 * JSON as the repository's Prettier writes it (its config resolved for `filePath`), so generated
 * files pass `prettier --check` unchanged and the staleness tests can compare text.
 */
export async function formatJsonFile(content: unknown, filePath: string): Promise<string> {
  const options = (await resolveConfig(filePath)) ?? {};
  return format(JSON.stringify(content), { ...options, filepath: filePath, parser: 'json' });
}
