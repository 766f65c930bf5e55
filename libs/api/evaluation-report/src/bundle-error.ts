import type { BundleSection } from './bundle-format';

/**
 * A bundle that cannot be read as it is: malformed, of an unknown version, or changed after export. The message names
 * the section (and line, where there is one), so whoever holds the file knows which part to re-export or question.
 */
export class BundleError extends Error {
  override readonly name = 'BundleError';

  constructor(
    /** The section at fault, or 'manifest'. */
    readonly section: BundleSection | 'manifest',
    message: string,
    /** 1-based line in the file, when one line is at fault. */
    readonly line?: number,
  ) {
    super(`${section === 'manifest' ? 'manifest' : `section "${section}"`}${line ? ` (line ${line})` : ''}: ${message}`);
  }
}
