import { buildReport, readBundle, reportFiles, type ReportLocale } from '@gennai/evaluation-report';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * `npm run report:rebuild -- <bundle.jsonl> <out-dir> [--locale en]`: rebuilds an evaluation report from a bundle —
 * report.html, report.json and tables/*.csv, byte-identical to the ones Gennai generated from the same bundle. Needs no
 * database and no configuration. Exit 0 when written, 1 when the bundle is refused (the message names the section),
 * 2 on wrong usage.
 */
export async function rebuildReport(bundlePath: string, outDir: string, locale: ReportLocale = 'ja'): Promise<{ files: string[]; bundleSha256: string }> {
  const report = buildReport(await readBundle(createReadStream(bundlePath, { encoding: 'utf8' })), { locale });
  const files: string[] = [];
  for (const [path, content] of reportFiles(report)) {
    const target = join(outDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, 'utf8');
    files.push(path);
  }
  return { files, bundleSha256: report.bundleSha256 };
}

async function main(args: string[]): Promise<number> {
  const localeAt = args.indexOf('--locale');
  const locale = localeAt >= 0 ? args[localeAt + 1] : 'ja';
  const [bundlePath, outDir, extra] = localeAt >= 0 ? [...args.slice(0, localeAt), ...args.slice(localeAt + 2)] : args;
  if (extra !== undefined) return usage();
  if (!bundlePath || !outDir || (locale !== 'ja' && locale !== 'en')) return usage();
  try {
    const { files, bundleSha256 } = await rebuildReport(bundlePath, outDir, locale);
    console.log(`bundle ${bundleSha256}: wrote ${files.length} files to ${outDir}`);
    return 0;
  } catch (error) {
    console.error(`report:rebuild: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function usage(): number {
  console.error('usage: npm run report:rebuild -- <bundle.jsonl> <out-dir> [--locale ja|en]');
  return 2;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
