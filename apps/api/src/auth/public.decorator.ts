import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'lockstep:public';

/** Marks a route or controller as reachable without authentication (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
