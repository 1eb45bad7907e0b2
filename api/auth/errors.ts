/** The email and password do not match a user; deliberately silent about which one is wrong. */
export class InvalidCredentialsError extends Error {
  override readonly name = 'InvalidCredentialsError';

  constructor() {
    super('Invalid email or password');
  }
}

/** An access token failed verification; `reason` is the verifier's code, never the token. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
  readonly reason: string;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`Invalid access token: ${reason}`, options);
    this.reason = reason;
  }
}

/** A refresh token is unknown, expired or revoked. */
export class InvalidRefreshTokenError extends Error {
  override readonly name = 'InvalidRefreshTokenError';

  constructor() {
    super('Invalid refresh token');
  }
}

/** A refresh token was presented a second time; its whole family has been revoked. */
export class RefreshTokenReusedError extends Error {
  override readonly name = 'RefreshTokenReusedError';
  readonly familyId: string;

  constructor(familyId: string) {
    super('Refresh token reused; every token of its family is revoked');
    this.familyId = familyId;
  }
}

/** A user with this email exists already. */
export class DuplicateUserError extends Error {
  override readonly name = 'DuplicateUserError';
  readonly email: string;

  constructor(email: string, options?: { cause?: unknown }) {
    super(`A user with email ${email} exists already`, options);
    this.email = email;
  }
}

/** A stored password hash is not in the format this service writes. */
export class MalformedPasswordHashError extends Error {
  override readonly name = 'MalformedPasswordHashError';

  constructor() {
    super('Stored password hash is malformed');
  }
}
