import { SetMetadata } from '@nestjs/common';
import type { Role } from '@gennai/contracts';

export const PUBLIC_ACCESS = 'gennai:public';
export const REQUIRED_ROLES = 'gennai:roles';

/** Open to anyone, signed in or not. Use for the very few routes that must be (health, sign-in config). */
export const Public = () => SetMetadata(PUBLIC_ACCESS, true);

/** Signed-in callers holding at least one of these realm roles. Every non-public handler declares this. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, roles);
