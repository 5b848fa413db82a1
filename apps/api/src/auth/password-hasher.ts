import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** Argon2id with @node-rs/argon2's defaults (m = 19 MiB, t = 2, p = 1: OWASP's recommendation). */
@Injectable()
export class PasswordHasher {
  // Verified against when the e-mail is unknown, so both paths cost one argon2 run (no user oracle).
  private readonly dummy = hash('lockstep-no-such-user');

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string | null | undefined, password: string): Promise<boolean> {
    try {
      if (!passwordHash) {
        await verify(await this.dummy, password);
        return false;
      }
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }
}
