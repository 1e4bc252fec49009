import { CredentialRef } from '../domain/catalog/executors.js';

/**
 * A credential is never written in the catalog: the catalog names where it lives (an environment
 * variable or a file), and the composition root resolves it once at boot and hands each executor
 * its own values only.
 */
export const credentialRefSchema = CredentialRef;
export type { CredentialRef };

export type CredentialName =
  | 'password'
  | 'token'
  | 'secret'
  | 'privateKey'
  | 'passphrase'
  | 'connectionString';
export type CredentialRefs = Partial<Record<CredentialName, CredentialRef>>;
export type ResolvedCredentials = Readonly<Partial<Record<CredentialName, string>>>;

export interface CredentialSources {
  /** The environment as src/config.ts hands it over (nothing here reads the process environment itself). */
  env: Readonly<Record<string, string | undefined>>;
  readFile: (path: string) => string;
}

/** Resolves each reference; a missing one is an error naming the reference, never a value. */
export function resolveCredentials(
  refs: CredentialRefs | undefined,
  sources: CredentialSources,
): ResolvedCredentials {
  const resolved: Partial<Record<CredentialName, string>> = {};
  for (const [name, ref] of Object.entries(refs ?? {}) as Array<[CredentialName, CredentialRef]>) {
    if (ref.env !== undefined) {
      const value = sources.env[ref.env];
      if (value === undefined || value === '') throw new Error(`credential ${name}: $${ref.env} is not set`);
      resolved[name] = value;
    } else if (ref.file !== undefined) {
      let value: string;
      try {
        value = sources.readFile(ref.file);
      } catch (error) {
        throw new Error(
          `credential ${name}: cannot read ${ref.file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
      // Files written with `echo` end with a newline that is not part of the secret.
      value = value.replace(/\r?\n$/, '');
      if (value === '') throw new Error(`credential ${name}: ${ref.file} is empty`);
      resolved[name] = value;
    }
  }
  return resolved;
}
