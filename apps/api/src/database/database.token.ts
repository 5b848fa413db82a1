/** Injection token of the process's one Prisma client (with the bulk-write guard installed). */
export const DATABASE = Symbol('DATABASE');
