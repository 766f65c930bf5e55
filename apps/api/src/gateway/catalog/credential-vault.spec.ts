import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialVault } from './credential-vault';

const key = Buffer.alloc(32, 9);
const provider = (fields: Partial<Parameters<CredentialVault['resolve']>[0]>) => ({
  id: 'plamo',
  credentialKind: 'none' as const,
  credentialReference: null,
  credentialCiphertext: null,
  ...fields,
});

describe('CredentialVault', () => {
  it('seals a credential so that only the same provider row opens it', () => {
    const vault = new CredentialVault(key);
    const sealed = vault.seal('sk-plamo-secret', 'plamo');
    expect(sealed).not.toContain('sk-plamo-secret');
    expect(sealed).toMatch(/^v1:/);
    expect(vault.open(sealed, 'plamo')).toBe('sk-plamo-secret');
    expect(() => vault.open(sealed, 'elyza')).toThrow();
    expect(vault.seal('sk-plamo-secret', 'plamo')).not.toBe(sealed);
  });

  it('refuses an altered ciphertext and a different key', () => {
    const sealed = new CredentialVault(key).seal('secret', 'p');
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[3], 'base64');
    flipped[0] ^= 1;
    expect(() => new CredentialVault(key).open([...parts.slice(0, 3), flipped.toString('base64')].join(':'), 'p')).toThrow();
    expect(() => new CredentialVault(Buffer.alloc(32, 1)).open(sealed, 'p')).toThrow();
  });

  it('asks for GENNAI_SECRET_KEY before storing a credential without one', () => {
    expect(() => new CredentialVault().seal('secret', 'p')).toThrow(expect.objectContaining({ statusCode: 400, code: 'secret_key_missing' }));
  });

  it('resolves env-var and file references, and says which one is missing', () => {
    const vault = new CredentialVault(key);
    process.env.GENNAI_TEST_PROVIDER_KEY = 'from-env';
    expect(vault.resolve(provider({ credentialKind: 'env', credentialReference: 'GENNAI_TEST_PROVIDER_KEY' }))).toBe('from-env');
    expect(() => vault.resolve(provider({ credentialKind: 'env', credentialReference: 'GENNAI_TEST_MISSING' }))).toThrow(/GENNAI_TEST_MISSING/);
    const file = join(mkdtempSync(join(tmpdir(), 'vault-')), 'key');
    writeFileSync(file, 'from-file\n');
    expect(vault.resolve(provider({ credentialKind: 'file', credentialReference: file }))).toBe('from-file');
    expect(vault.resolve(provider({}))).toBeUndefined();
    const sealed = vault.seal('stored', 'plamo');
    expect(vault.resolve(provider({ credentialKind: 'encrypted', credentialCiphertext: sealed }))).toBe('stored');
  });
});

describe('CredentialVault failures operators can act on', () => {
  it('refuses an altered authentication tag or IV and an unknown format', () => {
    const vault = new CredentialVault(key);
    const [version, iv, tag, ciphertext] = vault.seal('secret', 'p').split(':');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    expect(() => vault.open([version, iv, flip(tag), ciphertext].join(':'), 'p')).toThrow();
    expect(() => vault.open([version, flip(iv), tag, ciphertext].join(':'), 'p')).toThrow();
    expect(() => vault.open(['v2', iv, tag, ciphertext].join(':'), 'p')).toThrow(/unknown credential format/);
  });

  it('explains a stored credential that cannot be read, without the credential', () => {
    const sealed = new CredentialVault(key).seal('sk-very-secret', 'plamo');
    const run = (vault: CredentialVault) => () => vault.resolve(provider({ credentialKind: 'encrypted', credentialCiphertext: sealed }));
    expect(run(new CredentialVault(Buffer.alloc(32, 1)))).toThrow(/GENNAI_SECRET_KEY changed/);
    expect(run(new CredentialVault())).toThrow(/GENNAI_SECRET_KEY is not set/);
    expect(() => new CredentialVault(key).resolve(provider({ credentialKind: 'file', credentialReference: '/nonexistent/gennai-key' }))).toThrow(
      /credential file \/nonexistent\/gennai-key cannot be read \(ENOENT\)/,
    );
  });
});
