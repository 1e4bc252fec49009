import { z } from 'zod';

/** A service or executor name: what Backstage allows in `metadata.name`. */
export const EntityName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
    'must be letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit',
  );
