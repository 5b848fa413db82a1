import { type OrgScope, type Role } from '@lockstep/db';
import { type TPermission } from './permissions.js';

/**
 * How far inside its organization an actor reaches.
 * - organization: everything (owners, unscoped managers, API keys);
 * - properties: a manager whose membership lists properties;
 * - units: a tenant, through their active tenancies;
 * - locks: a technician, through the active access codes issued to them.
 * The id lists are resolved once per request.
 */
export type Reach =
  | { readonly kind: 'organization' }
  | { readonly kind: 'properties'; readonly propertyIds: readonly string[] }
  | { readonly kind: 'units'; readonly propertyIds: readonly string[]; readonly unitIds: readonly string[] }
  | {
      readonly kind: 'locks';
      readonly propertyIds: readonly string[];
      readonly unitIds: readonly string[];
      readonly lockIds: readonly string[];
    };

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string;
}

/** The authenticated caller acting in one organization; every service method takes one. */
export interface Actor extends OrgScope {
  readonly organizationId: string;
  readonly role: Role;
  /** The person, or null for an API key. */
  readonly userId: string | null;
  readonly apiKeyId: string | null;
  readonly membershipId: string | null;
  readonly permissions: ReadonlySet<TPermission>;
  readonly reach: Reach;
  readonly origin: RequestOrigin;
}

/** Who is calling, before an organization is chosen (login-level routes). */
export type Principal =
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly sessionId: string;
      readonly origin: RequestOrigin;
    }
  | {
      readonly kind: 'api-key';
      readonly apiKeyId: string;
      readonly organizationId: string;
      readonly role: Role;
      readonly scopes: readonly string[];
      readonly origin: RequestOrigin;
    };
