import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApiException } from '../../http/api.exception';
import type { Provider } from './provider.entity';

const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * Provider credentials at rest: AES-256-GCM under GENNAI_SECRET_KEY, with the provider id as associated data so a
 * ciphertext cannot be moved to another provider's row. Also resolves env-var and file references (Kubernetes
 * Secrets). Plain secrets never leave this class except towards the provider they belong to.
 */
export class CredentialVault {
  constructor(private readonly key?: Buffer) {}

  get canSeal(): boolean {
    return !!this.key;
  }

  /** `v1:<iv>:<tag>:<ciphertext>` in base64; 400 secret_key_missing when no key is configured. */
  seal(plain: string, providerId: string): string {
    if (!this.key) throw new ApiException(400, 'secret_key_missing');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(providerId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  /** Decrypts a sealed credential; throws when the key is wrong, the text was altered or it belongs to another row. */
  open(sealed: string, providerId: string): string {
    if (!this.key) throw new Error('GENNAI_SECRET_KEY is not set, so stored credentials cannot be read');
    const [version, iv, tag, ciphertext] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('unknown credential format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(providerId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }

  /** The provider's credential in plain text, or undefined when it has none. Throws (for the log) when unavailable. */
  resolve(provider: Pick<Provider, 'id' | 'credentialKind' | 'credentialReference' | 'credentialCiphertext'>): string | undefined {
    switch (provider.credentialKind) {
      case 'encrypted':
        if (!provider.credentialCiphertext) throw new Error('no stored credential');
        try {
          return this.open(provider.credentialCiphertext, provider.id);
        } catch (error) {
          throw new Error(`stored credential cannot be decrypted (${(error as Error).message}); was GENNAI_SECRET_KEY changed?`);
        }
      case 'env': {
        const value = process.env[provider.credentialReference ?? ''];
        if (!value) throw new Error(`environment variable ${provider.credentialReference} is not set`);
        return value;
      }
      case 'file':
        try {
          return readFileSync(provider.credentialReference ?? '', 'utf8').trim();
        } catch (error) {
          throw new Error(`credential file ${provider.credentialReference} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        }
      default:
        return undefined;
    }
  }
}
