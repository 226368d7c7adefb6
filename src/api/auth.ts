/**
 * Writes need `Authorization: Bearer <LCT_API_TOKEN>`. The token is compared in constant time (both sides
 * hashed to 32 bytes first, so not even its length leaks), and changes are recorded in `data_lineage` under
 * the token's name, `api:token-<first 8 hex digits of its SHA-256>`, never the token itself.
 */
import crypto from 'node:crypto';
import type { Context } from 'hono';
import { ApiError } from './errors.js';

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest();

export class TokenCheck {
  private readonly digest: Buffer | null;
  /** `token-1a2b3c4d`: how lineage names writes made with this token. */
  readonly name: string | null;

  constructor(token: string | null | undefined) {
    const value = token?.trim() ? token.trim() : null;
    this.digest = value ? sha256(value) : null;
    this.name = this.digest ? `token-${this.digest.toString('hex').slice(0, 8)}` : null;
  }

  get enabled(): boolean {
    return this.digest !== null;
  }

  /** The lineage source of an authorized request; 401 otherwise. */
  require(c: Context): string {
    const challenge = { 'WWW-Authenticate': 'Bearer realm="lct"' };
    if (!this.digest) {
      throw new ApiError(
        401,
        'Writes are disabled: this server has no token. Set LCT_API_TOKEN and restart lct serve.',
        undefined,
        challenge,
      );
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match)
      throw new ApiError(401, 'Missing token: send Authorization: Bearer <LCT_API_TOKEN>.', undefined, challenge);
    if (!crypto.timingSafeEqual(sha256(match[1]!), this.digest)) {
      throw new ApiError(401, 'Wrong token.', undefined, {
        'WWW-Authenticate': 'Bearer realm="lct", error="invalid_token"',
      });
    }
    return `api:${this.name}`;
  }
}

/** The lineage name of a token, as the server records it (for scripts that want to find their writes). */
export function tokenName(token: string): string {
  return new TokenCheck(token).name!;
}
