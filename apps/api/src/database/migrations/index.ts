import { InitialSchema1764345600000 } from './1764345600000-InitialSchema';

/** Every migration in order. Never edit one that has landed: add a new one (expand, then contract). */
export const MIGRATIONS = [InitialSchema1764345600000];
