import { closeSync, constants, fchmodSync, openSync, writeSync } from 'node:fs';

/**
 * `mediamon encryption create-key`: a static key for MediaConnect's static-key encryption (seed 004), as the text to
 * store in the setup's Secrets Manager secret ("Plaintext", the key alone): lowercase hex of `bits / 8` bytes from a
 * cryptographically secure source. The key goes to stdout, or with `--out` to a new file only the owner can read; it is
 * never written anywhere else (no log, no temporary file, no API call).
 */

export const KEY_BITS = [128, 192, 256] as const;
export type KeyBits = (typeof KEY_BITS)[number];

/** The CSPRNG: `crypto.randomBytes` in the CLI, a fake in tests. */
export type RandomSource = (size: number) => Buffer;

/** A new key: `bits / 8` random bytes as lowercase hex (32, 48 or 64 characters). */
export function createStaticKey(bits: KeyBits, random: RandomSource): string {
  const bytes = random(bits / 8);
  if (bytes.length !== bits / 8) throw new Error(`the random source gave ${bytes.length} bytes, not ${bits / 8}`);
  return bytes.toString('hex');
}

/** `--bits`: 128, 192 or 256; undefined for anything else. */
export function parseKeyBits(value: string): KeyBits | undefined {
  return KEY_BITS.find((bits) => String(bits) === value);
}

/** The file exists already: `--out` never overwrites (an old key may still be in use). */
export class KeyFileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} exists; refusing to overwrite a key file: remove it first or choose another --out`);
    this.name = 'KeyFileExistsError';
  }
}

/**
 * Writes the key to a new file with mode 0600, without a trailing newline (`--secret-string file://<out>` stores the
 * file as it is, and a newline would become part of the key). `O_EXCL` makes creating and checking one step, so a file
 * made in between is never overwritten; the mode is set again on the open file, whatever the umask.
 */
export function writeKeyFile(path: string, key: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new KeyFileExistsError(path);
    throw error;
  }
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, key);
  } finally {
    closeSync(fd);
  }
}
