import { BundleError } from './bundle-error';
import { BUNDLE_FORMAT, BUNDLE_SECTIONS, BUNDLE_VERSION, type BundleManifest, type BundleSettings, type LocalizedLabel, type SectionDigest } from './bundle-format';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** Validates line 1 of a bundle. A version this reader does not know is refused, never guessed at. */
export function readManifest(value: unknown): BundleManifest {
  const m = object(value, 'the manifest');
  if (m['format'] !== BUNDLE_FORMAT) fail(`not a Gennai evaluation bundle (format ${JSON.stringify(m['format'])})`);
  if (m['version'] !== BUNDLE_VERSION) fail(`version ${JSON.stringify(m['version'])} is not supported (this reader knows version ${BUNDLE_VERSION})`);
  const period = object(m['period'], 'period');
  const from = day(period['from'], 'period.from');
  const to = day(period['to'], 'period.to');
  if (from > to) fail('period.from is after period.to');
  const models = strings(m['models'], 'models');
  if (new Set(models).size !== models.length) fail('models are listed twice');
  const labels = object(m['labels'], 'labels');
  const sections = object(m['sections'], 'sections');
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    period: { from, to, time_zone: text(period['time_zone'], 'period.time_zone') },
    models,
    generated_at: text(m['generated_at'], 'generated_at'),
    generator: text(m['generator'], 'generator'),
    settings: settings(object(m['settings'], 'settings')),
    labels: {
      models: stringRecord(labels['models'], 'labels.models'),
      categories: labelRecord(labels['categories'], 'labels.categories'),
      tags: labelRecord(labels['tags'], 'labels.tags'),
      apps: labelRecord(labels['apps'], 'labels.apps'),
    },
    sections: Object.fromEntries(BUNDLE_SECTIONS.map((section) => [section, digest(sections[section], `sections.${section}`)])) as BundleManifest['sections'],
  };
}

function settings(s: Record<string, unknown>): BundleSettings {
  const rounds = s['bootstrap_rounds'];
  if (typeof rounds !== 'number' || !Number.isInteger(rounds) || rounds < 1 || rounds > 100_000) fail('settings.bootstrap_rounds must be a whole number from 1 to 100000');
  const seed = s['bootstrap_seed'];
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail('settings.bootstrap_seed must be a 32-bit whole number');
  const styleRounds = s['style_bootstrap_rounds'];
  if (typeof styleRounds !== 'number' || !Number.isInteger(styleRounds) || styleRounds < 1 || styleRounds > 100_000) fail('settings.style_bootstrap_rounds must be a whole number from 1 to 100000');
  const level = s['confidence_level'];
  if (typeof level !== 'number' || !(level > 0 && level < 1)) fail('settings.confidence_level must lie between 0 and 1');
  const bothBad = s['both_bad'];
  if (bothBad !== 'tie' && bothBad !== 'exclude') fail('settings.both_bad must be "tie" or "exclude"');
  const width = s['style_bucket_width'];
  if (typeof width !== 'number' || !(width >= 0 && width <= 1)) fail('settings.style_bucket_width must lie between 0 and 1');
  const minGroup = s['min_group_size'];
  if (typeof minGroup !== 'number' || !Number.isInteger(minGroup) || minGroup < 1) fail('settings.min_group_size must be a whole number ≥ 1');
  const bounds = s['latency_bucket_bounds_ms'];
  if (!Array.isArray(bounds) || bounds.length === 0 || !bounds.every((b, i) => typeof b === 'number' && b > 0 && (i === 0 || b > (bounds[i - 1] as number)))) {
    fail('settings.latency_bucket_bounds_ms must be increasing positive numbers');
  }
  return {
    bootstrap_rounds: rounds,
    bootstrap_seed: seed,
    style_bootstrap_rounds: styleRounds,
    confidence_level: level,
    both_bad: bothBad,
    style_bucket_width: width,
    min_group_size: minGroup,
    latency_bucket_bounds_ms: bounds as number[],
  };
}

function digest(value: unknown, what: string): SectionDigest {
  const d = object(value, what);
  const rows = d['rows'];
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0) fail(`${what}.rows is not a whole number ≥ 0`);
  const sha256 = d['sha256'];
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) fail(`${what}.sha256 is not a SHA-256 in hex`);
  return { rows, sha256 };
}

function fail(message: string): never {
  throw new BundleError('manifest', message, 1);
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') fail(`${what} is not a non-empty string`);
  return value;
}

function day(value: unknown, what: string): string {
  if (typeof value !== 'string' || !DAY.test(value)) fail(`${what} is not a day (YYYY-MM-DD)`);
  return value;
}

function strings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) fail(`${what} is not a list of names`);
  return value as string[];
}

function stringRecord(value: unknown, what: string): Record<string, string> {
  const record = object(value, what);
  for (const [key, label] of Object.entries(record)) if (typeof label !== 'string') fail(`${what}.${key} is not text`);
  return record as Record<string, string>;
}

function labelRecord(value: unknown, what: string): Record<string, LocalizedLabel> {
  const record = object(value, what);
  for (const [key, label] of Object.entries(record)) {
    const l = object(label, `${what}.${key}`);
    if (typeof l['ja'] !== 'string' || typeof l['en'] !== 'string') fail(`${what}.${key} needs "ja" and "en" text`);
  }
  return record as Record<string, LocalizedLabel>;
}
