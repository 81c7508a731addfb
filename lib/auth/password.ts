import 'server-only';
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
// 2 = Argon2id; the package's Algorithm enum is an ambient const enum that isolated modules cannot read.
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const passwordRules = { minLength: 10, maxLength: 200 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so a wrong email and a wrong password look alike. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('boltwork-timing-equalizer');
  await verifyPassword(await dummyHash, password);
}
