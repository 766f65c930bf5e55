import { describe, expect, it } from 'vitest';
import { BundleError } from './bundle-error';
import { parseBundle, readBundle } from './bundle-reader';
import { BundleWriter } from './bundle-writer';
import { fixtureBundleText, fixtureHeader } from './bundle.test-support';
import { createHash } from 'node:crypto';

function lines(text: string): string[] {
  return text.split('\n');
}

function refusal(text: string): BundleError {
  try {
    parseBundle(text);
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error('the bundle was accepted');
}

describe('parseBundle', () => {
  it('reads back exactly what was written, and writing it again gives the same bytes', () => {
    const text = fixtureBundleText();
    const bundle = parseBundle(text);
    expect(bundle.records.vote).toHaveLength(300);
    expect(bundle.records.survey_response).toHaveLength(12);
    expect(bundle.manifest.sections.rating.rows).toBe(200);
    const again = new BundleWriter().addAll(bundle.records).toText(fixtureHeader());
    expect(again).toBe(text);
  });

  it('cites the SHA-256 of the file as written', () => {
    const text = fixtureBundleText();
    expect(parseBundle(text).sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('refuses a bundle whose votes were changed after export, naming the section', () => {
    const text = fixtureBundleText();
    const index = lines(text).findIndex((line) => line.includes('"winner":"b"'));
    const tampered = lines(text);
    tampered[index] = tampered[index].replace('"winner":"b"', '"winner":"a"');
    const error = refusal(tampered.join('\n'));
    expect(error.section).toBe('vote');
    expect(error.message).toMatch(/section "vote".*SHA-256 differs/);
  });

  it('refuses a bundle with a rating removed, naming the section and the counts', () => {
    const all = lines(fixtureBundleText());
    const index = all.findIndex((line) => line.startsWith('{"section":"rating"'));
    all.splice(index, 1);
    const error = refusal(all.join('\n'));
    expect(error.section).toBe('rating');
    expect(error.message).toMatch(/199 records, the manifest says 200/);
  });

  it('refuses a manifest edited to cover a changed section', () => {
    // Changing both a record and its row count still fails: the digest covers the records themselves.
    const all = lines(fixtureBundleText());
    const manifest = JSON.parse(all[0]);
    manifest.sections.usage.rows = 2;
    all.splice(all.findIndex((line) => line.startsWith('{"section":"usage"')), 1);
    all[0] = JSON.stringify(manifest);
    expect(refusal(all.join('\n')).section).toBe('usage');
  });

  it('refuses versions it does not know, rather than guessing', () => {
    const all = lines(fixtureBundleText());
    all[0] = all[0].replace('"version":1', '"version":2');
    const error = refusal(all.join('\n'));
    expect(error.section).toBe('manifest');
    expect(error.message).toMatch(/version 2 is not supported/);
  });

  it('refuses a record with a field it does not understand, and a record out of section order', () => {
    const all = lines(fixtureBundleText());
    const vote = all.findIndex((line) => line.startsWith('{"section":"vote"'));
    const withUserId = [...all];
    withUserId[vote] = withUserId[vote].replace('{"section":"vote",', '{"section":"vote","user_id":"u1",');
    expect(refusal(withUserId.join('\n')).message).toMatch(/line \d+\).*unknown field "user_id"/);
    const rating = all.findIndex((line) => line.startsWith('{"section":"rating"'));
    const reordered = [...all];
    reordered.splice(rating + 1, 0, all[vote]);
    expect(refusal(reordered.join('\n')).message).toMatch(/sections must come in the order/);
  });

  it('refuses an empty file and a line that is not JSON', () => {
    expect(refusal('').section).toBe('manifest');
    const all = lines(fixtureBundleText());
    all.splice(3, 0, '{not json');
    expect(refusal(all.join('\n')).message).toMatch(/line 4\): not a JSON line/);
  });
});

describe('readBundle', () => {
  it('reads a bundle arriving in text chunks cut anywhere, mid-line included', async () => {
    const text = fixtureBundleText();
    async function* chunks(size: number) {
      for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
    }
    for (const size of [1, 7, 4096, text.length]) expect((await readBundle(chunks(size))).sha256).toBe(parseBundle(text).sha256);
  });

  it('reads a file whose final newline was lost, citing the hash of the file as Gennai wrote it', async () => {
    const text = fixtureBundleText().replace(/\n$/, '');
    const bundle = parseBundle(text);
    expect(bundle.records.active_users).toHaveLength(4);
    expect(bundle.sha256).toBe(createHash('sha256').update(`${text}\n`).digest('hex'));
  });
});
