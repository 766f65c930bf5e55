import { createHash, type Hash } from 'node:crypto';
import { BundleError } from './bundle-error';
import { BUNDLE_SECTIONS, type Bundle, type BundleManifest, type BundleRecords, type BundleSection } from './bundle-format';
import { decodeRecord, type RecordOf } from './bundle-records';
import { readManifest } from './manifest-reader';

const HASH_BATCH_LINES = 4096;

/**
 * Reads a bundle line by line and refuses it, naming the section, when anything is off: a malformed line, a record
 * out of section order, a row count or SHA-256 that differs from the manifest (the file was changed after export, or
 * cut short). Only a bundle that passes every check becomes a `Bundle`.
 */
export class BundleReader {
  private manifest?: BundleManifest;
  private lineNumber = 0;
  private sectionIndex = 0;
  private readonly records = Object.fromEntries(BUNDLE_SECTIONS.map((section) => [section, []])) as unknown as { [S in BundleSection]: RecordOf<S>[] };
  private readonly hashes = new Map<BundleSection, Hash>(BUNDLE_SECTIONS.map((section) => [section, createHash('sha256')]));
  private readonly file = createHash('sha256');
  /** Lines of the current section not yet hashed: hashing a few thousand at a time is several times cheaper. */
  private pending: string[] = [];
  /** The text after the last "\n" written so far (`write`). */
  private partial = '';
  private trailingBlank = false;

  /** One line of the file, without its "\n". */
  push(line: string): void {
    this.lineNumber++;
    if (line === '') {
      // Only the end of the file may be blank (the newline after the last record).
      this.trailingBlank = true;
      return;
    }
    if (this.trailingBlank) throw new BundleError(BUNDLE_SECTIONS[this.sectionIndex], 'blank line inside the bundle', this.lineNumber - 1);
    if (!this.manifest) {
      this.manifest = readManifest(parseLine(line, 'manifest', this.lineNumber));
      this.file.update(`${line}\n`);
      return;
    }
    const value = parseLine(line, BUNDLE_SECTIONS[this.sectionIndex], this.lineNumber);
    const section = (value as { section?: unknown }).section;
    const index = BUNDLE_SECTIONS.indexOf(section as BundleSection);
    if (index < 0) throw new BundleError(BUNDLE_SECTIONS[this.sectionIndex], `unknown section ${JSON.stringify(section)}`, this.lineNumber);
    if (index < this.sectionIndex) {
      throw new BundleError(section as BundleSection, `record after the "${BUNDLE_SECTIONS[this.sectionIndex]}" section: sections must come in the order ${BUNDLE_SECTIONS.join(', ')}`, this.lineNumber);
    }
    if (index !== this.sectionIndex) this.hashPending();
    this.sectionIndex = index;
    const name = section as BundleSection;
    this.pending.push(line);
    if (this.pending.length === HASH_BATCH_LINES) this.hashPending();
    (this.records[name] as RecordOf<BundleSection>[]).push(decodeRecord(name, value, this.lineNumber));
  }

  private hashPending(): void {
    if (this.pending.length === 0) return;
    // Encoded once for both digests.
    const bytes = Buffer.from(`${this.pending.join('\n')}\n`, 'utf8');
    (this.hashes.get(BUNDLE_SECTIONS[this.sectionIndex]) as Hash).update(bytes);
    this.file.update(bytes);
    this.pending = [];
  }

  /**
   * Text in chunks of any size (a file stream's), split into lines here: far cheaper than a line-by-line reader's
   * event per line. `finish` takes whatever follows the last "\n".
   */
  write(chunk: string): void {
    let start = 0;
    let end = chunk.indexOf('\n');
    if (end < 0) {
      this.partial += chunk;
      return;
    }
    this.push(this.partial + chunk.slice(0, end));
    this.partial = '';
    start = end + 1;
    while ((end = chunk.indexOf('\n', start)) >= 0) {
      this.push(chunk.slice(start, end));
      start = end + 1;
    }
    this.partial = chunk.slice(start);
  }

  /** Checks every section against the manifest and returns the bundle. */
  finish(): Bundle {
    if (this.partial !== '') {
      this.push(this.partial);
      this.partial = '';
    }
    if (!this.manifest) throw new BundleError('manifest', 'the file is empty');
    this.hashPending();
    for (const section of BUNDLE_SECTIONS) {
      const expected = this.manifest.sections[section];
      const rows = this.records[section].length;
      if (rows !== expected.rows) throw new BundleError(section, `${rows} records, the manifest says ${expected.rows}: the bundle is incomplete or was changed`);
      const digest = (this.hashes.get(section) as Hash).digest('hex');
      if (digest !== expected.sha256) throw new BundleError(section, 'SHA-256 differs from the manifest: the section was changed after export');
    }
    return { manifest: this.manifest, records: this.records as BundleRecords, sha256: this.file.digest('hex') };
  }
}

/** A bundle held in one string. */
export function parseBundle(text: string): Bundle {
  const reader = new BundleReader();
  reader.write(text);
  return reader.finish();
}

/** A bundle arriving as text in chunks of any size, e.g. `createReadStream(path, { encoding: 'utf8' })`. */
export async function readBundle(chunks: AsyncIterable<string>): Promise<Bundle> {
  const reader = new BundleReader();
  for await (const chunk of chunks) reader.write(chunk);
  return reader.finish();
}

function parseLine(line: string, section: BundleSection | 'manifest', lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BundleError(section, 'not a JSON line', lineNumber);
  }
}
