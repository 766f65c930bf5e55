import { createHash, type Hash } from 'node:crypto';
import { BUNDLE_FORMAT, BUNDLE_SECTIONS, BUNDLE_VERSION, type BundleManifest, type BundleRecords, type BundleSection } from './bundle-format';
import { encodeRecord, type RecordOf } from './bundle-records';

/** What the exporter says about a bundle; the writer adds the format, version and section digests. */
export type BundleHeader = Omit<BundleManifest, 'format' | 'version' | 'sections'>;

/**
 * Collects records section by section (in any order: a database exporter reads them as it can) and writes the file:
 * the manifest line, then each section's lines in BUNDLE_SECTIONS order. Lines are hashed as they are added, so the
 * manifest's digests cost nothing at the end.
 */
export class BundleWriter {
  private readonly lines = new Map<BundleSection, string[]>(BUNDLE_SECTIONS.map((section) => [section, []]));
  private readonly hashes = new Map<BundleSection, Hash>(BUNDLE_SECTIONS.map((section) => [section, createHash('sha256')]));

  add<S extends BundleSection>(section: S, record: RecordOf<S>): void {
    const line = encodeRecord(section, record);
    (this.lines.get(section) as string[]).push(line);
    (this.hashes.get(section) as Hash).update(`${line}\n`);
  }

  addAll(records: Partial<BundleRecords>): this {
    for (const section of BUNDLE_SECTIONS) for (const record of records[section] ?? []) this.add(section, record as RecordOf<typeof section>);
    return this;
  }

  /** The manifest; call once, after the last `add`. */
  manifest(header: BundleHeader): BundleManifest {
    const sections = Object.fromEntries(
      BUNDLE_SECTIONS.map((section) => [section, { rows: (this.lines.get(section) as string[]).length, sha256: (this.hashes.get(section) as Hash).copy().digest('hex') }]),
    ) as BundleManifest['sections'];
    return {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      period: { from: header.period.from, to: header.period.to, time_zone: header.period.time_zone },
      models: header.models,
      generated_at: header.generated_at,
      generator: header.generator,
      settings: header.settings,
      labels: header.labels,
      sections,
    };
  }

  /** The file, line by line, each ending in "\n" (for streaming to a response or a file). */
  *chunks(header: BundleHeader): Generator<string> {
    yield `${JSON.stringify(this.manifest(header))}\n`;
    for (const section of BUNDLE_SECTIONS) for (const line of this.lines.get(section) as string[]) yield `${line}\n`;
  }

  /** The whole file as one string (tests, small bundles). */
  toText(header: BundleHeader): string {
    return [...this.chunks(header)].join('');
  }
}
