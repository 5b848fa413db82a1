// Generated from apps/api/openapi.json by scripts/generate.mjs (openapi-typescript). Do not edit.
export interface paths {
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['health_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['health_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/access-codes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['accessCodes_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/access-codes/{accessCodeId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['accessCodes_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations['accessCodes_update'];
    trace?: never;
  };
  '/v1/access-codes/{accessCodeId}/reveal': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['accessCodes_reveal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/access-codes/{accessCodeId}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['accessCodes_revoke'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/access-codes/{accessCodeId}/transitions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['accessCodes_transitions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['apiKeys_list'];
    put?: never;
    post: operations['apiKeys_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys/{apiKeyId}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['apiKeys_revoke'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit-entries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['auditEntries_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['auth_login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['auth_logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['auth_session'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['invitations_list'];
    put?: never;
    post: operations['invitations_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/invitations/{invitationId}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['invitations_revoke'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/invitations/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['invitations_accept'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/lock-events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['lockEvents_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/locks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['locks_list'];
    put?: never;
    post: operations['locks_register'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/locks/{lockId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['locks_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations['locks_update'];
    trace?: never;
  };
  '/v1/locks/{lockId}/commission': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['locks_commission'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/locks/{lockId}/decommission': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['locks_decommission'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/locks/{lockId}/device-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put: operations['locks_setDeviceKeys'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['members_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members/{memberId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['members_get'];
    put?: never;
    post?: never;
    delete: operations['members_remove'];
    options?: never;
    head?: never;
    patch: operations['members_update'];
    trace?: never;
  };
  '/v1/organizations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['organizations_list'];
    put?: never;
    post: operations['organizations_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/organizations/{organizationId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['organizations_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations['organizations_update'];
    trace?: never;
  };
  '/v1/properties': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['properties_list'];
    put?: never;
    post: operations['properties_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/properties/{propertyId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['properties_get'];
    put?: never;
    post?: never;
    delete: operations['properties_remove'];
    options?: never;
    head?: never;
    patch: operations['properties_update'];
    trace?: never;
  };
  '/v1/tenancies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['tenancies_list'];
    put?: never;
    post: operations['tenancies_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/tenancies/{tenancyId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['tenancies_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations['tenancies_update'];
    trace?: never;
  };
  '/v1/units': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['units_list'];
    put?: never;
    post: operations['units_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/units/{unitId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['units_get'];
    put?: never;
    post?: never;
    delete: operations['units_remove'];
    options?: never;
    head?: never;
    patch: operations['units_update'];
    trace?: never;
  };
  '/v1/units/{unitId}/access-codes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['unitAccessCodes_timeline'];
    put?: never;
    post: operations['unitAccessCodes_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/units/{unitId}/primary-code': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['unitAccessCodes_setPrimary'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    AcceptInvitationDto: {
      /** @description Your name (new accounts). */
      name?: string;
      /**
       * Format: password
       * @description New accounts: the password to set (12+ characters). Existing accounts: your password.
       */
      password: string;
      token: string;
      /**
       * @default cookie
       * @enum {string}
       */
      tokenDelivery: 'cookie' | 'bearer';
    };
    AccessCodeDto: {
      /** @example 6 */
      codeLength: number;
      /** Format: date-time */
      createdAt: string;
      /** @description Chosen by Lockstep (true) or by the person who set it. */
      generated: boolean;
      /** @description Who it is for, without an account. */
      holderName: string | null;
      /**
       * Format: uuid
       * @description The technician it is for.
       */
      holderUserId: string | null;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      issuedById: string | null;
      kind: components['schemas']['AccessCodeKind'];
      /** @example Boiler service */
      label: string;
      /**
       * @description The code masked: never more than leaves four digits hidden.
       * @example ••••42
       */
      maskedCode: string;
      /** @description Entries allowed (1 = one-time); null: unlimited. */
      maxUses: number | null;
      /** Format: date-time */
      revokedAt: string | null;
      /** Format: uuid */
      revokedById: string | null;
      schedule:
        | components['schemas']['OnceScheduleDto']
        | components['schemas']['WeeklyScheduleDto']
        | components['schemas']['AlwaysScheduleDto'];
      state: components['schemas']['AccessCodeState'];
      /**
       * Format: uuid
       * @description The primary this one replaces.
       */
      supersedesId: string | null;
      /** @description Status per target lock. */
      targets: components['schemas']['AccessCodeTargetDto'][];
      /**
       * @description The property's time zone the schedule is read in.
       * @example Europe/Berlin
       */
      timeZone: string;
      /** Format: uuid */
      unitId: string;
      /** Format: date-time */
      updatedAt: string;
      useCount: number;
      /** @description Optimistic-concurrency version; send it back as If-Match. */
      version: number;
    };
    /** @enum {string} */
    AccessCodeKind: 'primary' | 'maintenance' | 'guest';
    AccessCodePageDto: {
      items: components['schemas']['AccessCodeDto'][];
      nextCursor: string | null;
    };
    /** @enum {string} */
    AccessCodeState: 'active' | 'revoked' | 'expired' | 'superseded';
    AccessCodeTargetDto: {
      failureReason: string | null;
      /** Format: uuid */
      id: string;
      /** Format: date-time */
      installedAt: string | null;
      /** Format: uuid */
      lockId: string;
      /** @example Front door */
      lockName: string;
      /** Format: date-time */
      removedAt: string | null;
      /** @description Slot on the lock (1 = primary). */
      slot: number | null;
      status: components['schemas']['CodeTargetStatus'];
      /** Format: date-time */
      updatedAt: string;
      /**
       * @description set_late, removal_overdue, modified_on_device.
       * @example [
       *       "set_late"
       *     ]
       */
      warnings: string[];
    };
    AccessCodeTransitionDto: {
      /** Format: date-time */
      at: string;
      /** @example created */
      cause: string;
      details: {
        [key: string]: unknown;
      } | null;
      fromStatus: components['schemas']['CodeTargetStatus'] | null;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      lockId: string;
      /** Format: uuid */
      targetId: string;
      toStatus: components['schemas']['CodeTargetStatus'];
      warning: string | null;
    };
    AccessCodeTransitionPageDto: {
      items: components['schemas']['AccessCodeTransitionDto'][];
      nextCursor: string | null;
    };
    AlwaysScheduleDto: {
      /**
       * @description Ongoing: primary codes.
       * @enum {string}
       */
      kind: 'always';
    };
    ApiKeyDto: {
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string | null;
      /** Format: uuid */
      id: string;
      /** Format: date-time */
      lastUsedAt: string | null;
      /** @example Property-management sync */
      name: string;
      /**
       * @description First characters of the key, to recognise it.
       * @example lsk_1a2b3c4d5e6f
       */
      prefix: string;
      /** Format: date-time */
      revokedAt: string | null;
      role: components['schemas']['Role'];
      /** @description Permissions the key is limited to; empty: all of its role. */
      scopes: string[];
    };
    ApiKeyPageDto: {
      items: components['schemas']['ApiKeyDto'][];
      nextCursor: string | null;
    };
    AuditEntryDto: {
      /** @example property.updated */
      action: string;
      /** Format: uuid */
      actorApiKeyId: string | null;
      /** @description Role the actor acted as. */
      actorRole: string | null;
      /** Format: uuid */
      actorUserId: string | null;
      after: {
        [key: string]: unknown;
      } | null;
      /** Format: date-time */
      at: string;
      before: {
        [key: string]: unknown;
      } | null;
      /** Format: uuid */
      id: string;
      ip: string | null;
      requestId: string | null;
      resourceId: string | null;
      /** @example property */
      resourceType: string;
      userAgent: string | null;
    };
    AuditEntryPageDto: {
      items: components['schemas']['AuditEntryDto'][];
      nextCursor: string | null;
    };
    /** @enum {string} */
    CodeTargetStatus: 'scheduled' | 'setting' | 'set' | 'removing' | 'removed' | 'failed';
    CodeWindowDto: {
      /**
       * Format: date-time
       * @description Null: ongoing.
       */
      endsAt: string | null;
      /**
       * Format: date-time
       * @description Null: since before the range (ongoing primary).
       */
      startsAt: string | null;
    };
    CommissionedLockDto: {
      credentials: components['schemas']['DeviceCredentialsDto'];
      lock: components['schemas']['LockDto'];
    };
    CommissionLockDto: {
      /** @description With publicKey; stored sealed, never returned. */
      fingerprintKey?: string;
      /** @description With fingerprintKey: the key exchange at commissioning. */
      publicKey?: string;
    };
    CreateAccessCodeDto: {
      /**
       * @description The code (digits). Omit it to have Lockstep generate one. At least the organization's minCodeLength.
       * @example 913542
       */
      code?: string;
      /** @description Digits of a generated code; default the organization's minCodeLength. */
      codeLength?: number;
      holderName?: string | null;
      /**
       * Format: uuid
       * @description A technician member.
       */
      holderUserId?: string | null;
      /** @enum {string} */
      kind: 'maintenance' | 'guest';
      /** @example Boiler service */
      label: string;
      /** @description Target locks (a subset of the unit's); default every lock of the unit. */
      lockIds?: string[];
      /** @description 1 = one-time code. */
      maxUses?: number | null;
      schedule: components['schemas']['OnceScheduleDto'] | components['schemas']['WeeklyScheduleDto'];
    };
    CreateApiKeyDto: {
      /** Format: date-time */
      expiresAt?: string;
      name: string;
      /**
       * @default manager
       * @enum {string}
       */
      role: 'owner' | 'manager';
      /** @description Empty or absent: all of the role. */
      scopes?: (
        | 'organization:read'
        | 'organization:write'
        | 'members:read'
        | 'members:write'
        | 'api-keys:read'
        | 'api-keys:write'
        | 'properties:read'
        | 'properties:write'
        | 'units:read'
        | 'units:write'
        | 'tenancies:read'
        | 'tenancies:write'
        | 'locks:read'
        | 'locks:write'
        | 'locks:commission'
        | 'lock-events:read'
        | 'audit:read'
        | 'access-codes:read'
        | 'access-codes:write'
        | 'access-codes:reveal'
        | 'primary-code:write'
      )[];
    };
    CreatedApiKeyDto: {
      apiKey: components['schemas']['ApiKeyDto'];
      /** @description The key, shown this once (null on an idempotent replay). Send as `Authorization: Bearer <key>`. */
      key: string | null;
    };
    CreatedInvitationDto: {
      invitation: components['schemas']['InvitationDto'];
      /** @description The invitation token, returned to the inviter this once (null on an idempotent replay) to pass on to the invitee, e.g. in a link. Lockstep sends no e-mail itself yet. */
      token: string | null;
    };
    CreateInvitationDto: {
      /** Format: email */
      email: string;
      /** @description Limit the membership to these properties. */
      propertyIds?: string[];
      role: components['schemas']['Role'];
    };
    CreateOrganizationDto: {
      name: string;
      /** @example harbor-lane */
      slug: string;
    };
    CreatePropertyDto: {
      addressLine1: string;
      addressLine2?: string | null;
      city: string;
      /**
       * @description ISO 3166-1 alpha-2.
       * @example US
       */
      country: string;
      name: string;
      postalCode: string;
      region?: string | null;
      /**
       * @description IANA time zone.
       * @example America/New_York
       */
      timeZone: string;
    };
    CreateTenancyDto: {
      /** Format: date */
      endsOn?: string | null;
      /**
       * Format: date
       * @example 2026-06-01
       */
      startsOn: string;
      /** Format: uuid */
      unitId: string;
      /** Format: uuid */
      userId: string;
    };
    CreateUnitDto: {
      floor?: string | null;
      name: string;
      /** Format: uuid */
      propertyId: string;
    };
    DeviceCredentialsDto: {
      /** @description Device id: the MQTT client id and username. */
      deviceId: string;
      /** @example mqtt://broker.example:1883 */
      mqttUrl: string;
      /** @description Broker password, shown this once (null on an idempotent replay); only hashes are stored. */
      password: string | null;
      username: string;
    };
    DeviceKeysDto: {
      /** @description The per-device fingerprint key, base64url (32 bytes); stored sealed, never returned. */
      fingerprintKey: string;
      /**
       * @description X25519 public key of the lock, base64url (32 bytes, no padding).
       * @example 3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08
       */
      publicKey: string;
    };
    /** @enum {string} */
    DeviceState: 'provisioned' | 'active' | 'suspended' | 'retired';
    /** @enum {string} */
    DriftPolicy: 'restore_managed' | 'adopt_local_primary';
    FieldErrorDto: {
      /** @example timeZone */
      field: string;
      /** @example must be an IANA time zone */
      message: string;
    };
    HealthCheckDto: {
      /** @description Why the check failed. */
      error?: string;
      /** @description Time the probe took, in milliseconds. */
      latencyMs: number;
      /** @example database */
      name: string;
      /** @enum {string} */
      status: 'ok' | 'error';
    };
    InvitationDto: {
      /** Format: date-time */
      acceptedAt: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: email */
      email: string;
      /** Format: date-time */
      expiresAt: string;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      invitedById: string | null;
      propertyIds: string[];
      /** Format: date-time */
      revokedAt: string | null;
      role: components['schemas']['Role'];
      /** @enum {string} */
      status: 'pending' | 'accepted' | 'revoked' | 'expired';
    };
    InvitationPageDto: {
      items: components['schemas']['InvitationDto'][];
      nextCursor: string | null;
    };
    IssuedAccessCodeDto: {
      /** @description The masked view, as every later response shows it. */
      accessCode: components['schemas']['AccessCodeDto'];
      /**
       * @description The code in full, shown this once (null on an idempotent replay); later only by reveal.
       * @example 913542
       */
      code: string | null;
    };
    LivenessDto: {
      /** @enum {string} */
      status: 'ok';
    };
    LockDeviceDto: {
      /** @description Whether the cloud holds the device fingerprint key (sealed at rest). */
      hasFingerprintKey: boolean;
      /** @description MQTT client id and topic segment. */
      id: string;
      /** Format: date-time */
      lastSeenAt: string | null;
      online: boolean;
      /** @description X25519 public key (base64url) that PINs are encrypted to; null until the key exchange. */
      publicKey: string | null;
      state: components['schemas']['DeviceState'];
    };
    LockDto: {
      /** Format: date-time */
      createdAt: string;
      device: components['schemas']['LockDeviceDto'] | null;
      /** Format: uuid */
      id: string;
      /**
       * @description Capability profile id.
       * @example lockstep-db2
       */
      model: string;
      /** @example Front door */
      name: string;
      /** Format: uuid */
      propertyId: string;
      /** @example KW-916-000123 */
      serial: string;
      status: components['schemas']['LockStatus'];
      /**
       * Format: uuid
       * @description Null while unassigned.
       */
      unitId: string | null;
      /** Format: date-time */
      updatedAt: string;
      /** @description Optimistic-concurrency version; send it back as If-Match. */
      version: number;
    };
    LockEventDto: {
      /** Format: uuid */
      accessCodeId: string | null;
      data: {
        [key: string]: unknown;
      } | null;
      deviceId: string;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      lockId: string;
      /** @example keypad */
      method: string | null;
      /** Format: date-time */
      occurredAt: string;
      /** Format: date-time */
      receivedAt: string;
      slot: number | null;
      /**
       * @description Event kind from @lockstep/lock-protocol.
       * @example unlocked
       */
      type: string;
      /**
       * Format: uuid
       * @description Person the slot belonged to.
       */
      userId: string | null;
    };
    LockEventPageDto: {
      items: components['schemas']['LockEventDto'][];
      nextCursor: string | null;
    };
    LockPageDto: {
      items: components['schemas']['LockDto'][];
      nextCursor: string | null;
    };
    /** @enum {string} */
    LockStatus: 'registered' | 'commissioned' | 'decommissioned';
    LoginDto: {
      /**
       * Format: email
       * @example olivia.owner@demo.lockstep.dev
       */
      email: string;
      /** Format: password */
      password: string;
      /**
       * @description `cookie`: an HTTP-only session cookie (dashboard; unsafe requests then need X-CSRF-Token). `bearer`: the session token in the response body, for `Authorization: Bearer`.
       * @default cookie
       * @enum {string}
       */
      tokenDelivery: 'cookie' | 'bearer';
    };
    LoginResponseDto: {
      /** @description Value for the X-CSRF-Token header of cookie-authenticated unsafe requests (cookie delivery). */
      csrfToken: string | null;
      /** Format: date-time */
      expiresAt: string;
      memberships: components['schemas']['MembershipSummaryDto'][];
      /** @description Session token for `Authorization: Bearer` (only with tokenDelivery=bearer; shown once). */
      token: string | null;
      user: components['schemas']['UserDto'];
    };
    MemberDto: {
      /** Format: date-time */
      createdAt: string;
      /** Format: email */
      email: string;
      /**
       * Format: uuid
       * @description The membership id.
       */
      id: string;
      name: string;
      /** @description Empty: the whole organization. */
      propertyIds: string[];
      role: components['schemas']['Role'];
      /** Format: date-time */
      updatedAt: string;
      /** Format: uuid */
      userId: string;
      /** @description Optimistic-concurrency version; send it back as If-Match. */
      version: number;
    };
    MemberPageDto: {
      items: components['schemas']['MemberDto'][];
      nextCursor: string | null;
    };
    MembershipSummaryDto: {
      /** Format: uuid */
      membershipId: string;
      /** Format: uuid */
      organizationId: string;
      organizationName: string;
      organizationSlug: string;
      /** @description Empty: the whole organization. */
      propertyIds: string[];
      role: components['schemas']['Role'];
    };
    MyOrganizationDto: {
      /** Format: date-time */
      createdAt: string;
      driftPolicy: components['schemas']['DriftPolicy'];
      /** Format: uuid */
      id: string;
      /** @description Minimum digits of a code issued in this organization. */
      minCodeLength: number;
      /** @example Harbor Lane Residential */
      name: string;
      /** @description Your role in it. */
      role: components['schemas']['Role'];
      /** @example harbor-lane */
      slug: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description Optimistic-concurrency version; send it back as If-Match. */
      version: number;
    };
    MyOrganizationPageDto: {
      items: components['schemas']['MyOrganizationDto'][];
      nextCursor: string | null;
    };
    OnceScheduleDto: {
      /**
       * Format: date-time
       * @description Window end (exclusive).
       */
      endsAt: string;
      /** @enum {string} */
      kind: 'once';
      /**
       * Format: date-time
       * @description Window start (inclusive), with an offset.
       */
      startsAt: string;
    };
    OrganizationDto: {
      /** Format: date-time */
      createdAt: string;
      driftPolicy: components['schemas']['DriftPolicy'];
      /** Format: uuid */
      id: string;
      /** @description Minimum digits of a code issued in this organization. */
      minCodeLength: number;
      /** @example Harbor Lane Residential */
      name: string;
      /** @example harbor-lane */
      slug: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description Optimistic-concurrency version; send it back as If-Match. */
      version: number;
    };
    ProblemDto: {
      /** @example The request has invalid fields. */
      detail: string;
      errors?: components['schemas']['FieldErrorDto'][];
      instance?: string;
      requestId?: string;
      /** @example 400 */
      status: number;
      /** @example Invalid request */
      title: string;
      /** @example https://lockstep.dev/problems/validation-failed */
      type: string;
    };
    PropertyDto: {
      /** @example 120 Harbor Lane */
      addressLine1: string;
      addressLine2?: string | null;
      /** @example Boston */
      city: string;
      /**
       * @description ISO 3166-1 alpha-2 country code.
       * @example US
       */
      country: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      id: string;
      /** @example Harbor Lane Apartments */
      name: string;
      /** @example 02110 */
      postalCode: string;
      /** @example MA */
      region?: string | null;
      /**
       * @description IANA time zone; schedules are evaluated in it.
       * @example America/New_York
       */
      timeZone: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description Optimistic-concurrency version; send it back as If-Match. */
      version: number;
    };
    PropertyPageDto: {
      items: components['schemas']['PropertyDto'][];
      /** @description Cursor of the next page; null on the last. */
      nextCursor: string | null;
    };
    ReadinessDto: {
      checks: components['schemas']['HealthCheckDto'][];
      /** @enum {string} */
      status: 'ok' | 'error';
    };
    RegisterLockDto: {
      /**
       * @description Capability profile id of the model.
       * @example lockstep-db2
       */
      model: string;
      name: string;
      /** Format: uuid */
      propertyId: string;
      /** @example KW-916-000123 */
      serial: string;
      /** Format: uuid */
      unitId?: string | null;
    };
    RevealedAccessCodeDto: {
      /**
       * @description The code in full (null on a replay).
       * @example 913542
       */
      code: string | null;
      /** Format: uuid */
      id: string;
      /** @example ••••42 */
      maskedCode: string;
    };
    /** @enum {string} */
    Role: 'owner' | 'manager' | 'technician' | 'tenant';
    SessionDto: {
      memberships: components['schemas']['MembershipSummaryDto'][];
      user: components['schemas']['UserDto'];
    };
    SetPrimaryCodeDto: {
      /**
       * @description The new primary code; omit to have one generated.
       * @example 913542
       */
      code?: string;
      codeLength?: number;
      /** @default Primary code */
      label: string;
      /** @description Default every lock of the unit. */
      lockIds?: string[];
    };
    TenancyDto: {
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date
       * @description Move-out date (inclusive).
       */
      endsOn: string | null;
      /** Format: uuid */
      id: string;
      /**
       * Format: date
       * @description Move-in date.
       * @example 2026-06-01
       */
      startsOn: string;
      /** Format: uuid */
      unitId: string;
      /** Format: date-time */
      updatedAt: string;
      /**
       * Format: uuid
       * @description The tenant (a member with the tenant role).
       */
      userId: string;
      /** @description Optimistic-concurrency version; send it back as If-Match. */
      version: number;
    };
    TenancyPageDto: {
      items: components['schemas']['TenancyDto'][];
      nextCursor: string | null;
    };
    TimelineCodeDto: {
      /** @example 6 */
      codeLength: number;
      /** Format: date-time */
      createdAt: string;
      /** @description Chosen by Lockstep (true) or by the person who set it. */
      generated: boolean;
      /** @description Who it is for, without an account. */
      holderName: string | null;
      /**
       * Format: uuid
       * @description The technician it is for.
       */
      holderUserId: string | null;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      issuedById: string | null;
      kind: components['schemas']['AccessCodeKind'];
      /** @example Boiler service */
      label: string;
      /**
       * @description The code masked: never more than leaves four digits hidden.
       * @example ••••42
       */
      maskedCode: string;
      /** @description Entries allowed (1 = one-time); null: unlimited. */
      maxUses: number | null;
      /** Format: date-time */
      revokedAt: string | null;
      /** Format: uuid */
      revokedById: string | null;
      schedule:
        | components['schemas']['OnceScheduleDto']
        | components['schemas']['WeeklyScheduleDto']
        | components['schemas']['AlwaysScheduleDto'];
      state: components['schemas']['AccessCodeState'];
      /**
       * Format: uuid
       * @description The primary this one replaces.
       */
      supersedesId: string | null;
      /** @description Status per target lock. */
      targets: components['schemas']['AccessCodeTargetDto'][];
      /**
       * @description The property's time zone the schedule is read in.
       * @example Europe/Berlin
       */
      timeZone: string;
      /** Format: uuid */
      unitId: string;
      /** Format: date-time */
      updatedAt: string;
      useCount: number;
      /** @description Optimistic-concurrency version; send it back as If-Match. */
      version: number;
      /** @description Windows overlapping the range (whole, not clipped; cut at revocation). */
      windows: components['schemas']['CodeWindowDto'][];
    };
    UnitDto: {
      /** Format: date-time */
      createdAt: string;
      /** @example 2 */
      floor: string | null;
      /** Format: uuid */
      id: string;
      /** @example 2B */
      name: string;
      /** Format: uuid */
      propertyId: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description Optimistic-concurrency version; send it back as If-Match. */
      version: number;
    };
    UnitPageDto: {
      items: components['schemas']['UnitDto'][];
      nextCursor: string | null;
    };
    UnitTimelineDto: {
      /** Format: date-time */
      from: string;
      /** @description Codes with a window in the range, by first window. */
      items: components['schemas']['TimelineCodeDto'][];
      /** @example Europe/Berlin */
      timeZone: string;
      /** Format: date-time */
      to: string;
      /** Format: uuid */
      unitId: string;
    };
    UpdateAccessCodeDto: {
      /**
       * Format: date-time
       * @description Once schedules: a later end (extend).
       */
      endsAt?: string;
      holderName?: string | null;
      /** Format: uuid */
      holderUserId?: string | null;
      label?: string;
      maxUses?: number | null;
      /**
       * Format: date
       * @description Weekly schedules: a later last date, or null for open-ended (extend).
       */
      untilDate?: string | null;
    };
    UpdateLockDto: {
      name?: string;
      /**
       * Format: uuid
       * @description Assign to a unit of the same property; null unassigns.
       */
      unitId?: string | null;
    };
    UpdateMemberDto: {
      /** @description Properties the membership is limited to; empty: all. */
      propertyIds?: string[];
      role?: components['schemas']['Role'];
    };
    UpdateOrganizationDto: {
      /** @description When a lock drifts: restore the managed codes, or adopt a primary set on the lock as the tenant’s. */
      driftPolicy?: components['schemas']['DriftPolicy'];
      /** @description Minimum digits of new codes (default 6). Warning: the keypad has five buttons, so 4 digits are only 5^4 = 625 button sequences — tried through in under four hours at three attempts a minute. */
      minCodeLength?: number;
      name?: string;
    };
    UpdatePropertyDto: {
      addressLine1?: string;
      addressLine2?: string | null;
      city?: string;
      /** @description ISO 3166-1 alpha-2. */
      country?: string;
      name?: string;
      postalCode?: string;
      region?: string | null;
      /** @description IANA time zone. */
      timeZone?: string;
    };
    UpdateTenancyDto: {
      /**
       * Format: date
       * @description null: open-ended.
       */
      endsOn?: string | null;
      /** Format: date */
      startsOn?: string;
    };
    UpdateUnitDto: {
      floor?: string | null;
      name?: string;
    };
    UserDto: {
      /** Format: email */
      email: string;
      /** Format: uuid */
      id: string;
      name: string;
    };
    WeeklyScheduleDto: {
      /**
       * Format: date
       * @description First local date (inclusive).
       * @example 2026-12-07
       */
      fromDate: string;
      /** @enum {string} */
      kind: 'weekly';
      /**
       * @description Local end time; earlier than localStart = overnight, 24:00 = midnight.
       * @example 17:00
       */
      localEnd: string;
      /**
       * @description Local start time (HH:MM) in the property's time zone.
       * @example 09:00
       */
      localStart: string;
      /**
       * Format: date
       * @description Last local date (inclusive); null or absent: open-ended.
       */
      untilDate?: string | null;
      /**
       * @description ISO weekdays, 1 = Monday … 7 = Sunday.
       * @example [
       *       1,
       *       3,
       *       5
       *     ]
       */
      weekdays: number[];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  health_live: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The process is up. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LivenessDto'];
        };
      };
    };
  };
  health_ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Database, queue backend and broker answer. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReadinessDto'];
        };
      };
      /** @description At least one dependency failed. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  accessCodes_list: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        holderUserId?: string;
        kind?: components['schemas']['AccessCodeKind'];
        limit?: number;
        state?: components['schemas']['AccessCodeState'];
        unitId?: string;
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Masked. A technician sees the codes they hold; a tenant their unit’s; landlords within reach. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AccessCodePageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  accessCodes_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        accessCodeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Masked, with the status per target lock. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AccessCodeDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  accessCodes_update: {
    parameters: {
      query?: never;
      header: {
        /** @description The ETag (version) you read; a stale one answers 412. */
        'If-Match': string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        accessCodeId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateAccessCodeDto'];
      };
    };
    responses: {
      /** @description Label, holder, use limit, or a later end (endsAt / untilDate), re-planned against the other codes. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AccessCodeDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not active, or the extension clashes with other codes. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The resource changed since you read it. */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description E.g. an earlier end; `errors` names the field. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description If-Match is missing. */
      428: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  accessCodes_reveal: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        accessCodeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The code in full; audited (without the code), rate-limited, never cached. Landlords within reach, the holder technician, the tenant for their primary. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevealedAccessCodeDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /**
       * @description A tenant asking for a code other than the primary.
       *
       *     Your role lacks this permission.
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  accessCodes_revoke: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        accessCodeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked now; the worker removes it from the locks. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AccessCodeDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description A primary (rotate it instead), or not active. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  accessCodes_transitions: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        limit?: number;
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        accessCodeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every status change per lock, oldest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AccessCodeTransitionPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  apiKeys_list: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        limit?: number;
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  apiKeys_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateApiKeyDto'];
      };
    };
    responses: {
      /** @description The key is in the response this once. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedApiKeyDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  apiKeys_revoke: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        apiKeyId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The key no longer authenticates. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  auditEntries_list: {
    parameters: {
      query?: {
        action?: string;
        actorUserId?: string;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        /** @description Entries at or after this time. */
        from?: string;
        limit?: number;
        resourceId?: string;
        resourceType?: string;
        /** @description Entries before this time. */
        to?: string;
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Newest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditEntryPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  auth_login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LoginResponseDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Too many attempts for this address. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  auth_logout: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The session is revoked and its cookies cleared. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  auth_session: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The signed-in user and their memberships. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  invitations_list: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        limit?: number;
        status?: 'pending' | 'accepted' | 'revoked' | 'expired';
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InvitationPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  invitations_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateInvitationDto'];
      };
    };
    responses: {
      /** @description The token is in the response this once. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedInvitationDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  invitations_revoke: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        invitationId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InvitationDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  invitations_accept: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AcceptInvitationDto'];
      };
    };
    responses: {
      /** @description You are a member now, and signed in. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LoginResponseDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description No open invitation has this token. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  lockEvents_list: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        /** @description Events at or after this time. */
        from?: string;
        limit?: number;
        lockId?: string;
        propertyId?: string;
        /** @description Events before this time. */
        to?: string;
        type?: string;
        unitId?: string;
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Newest first; a tenant sees their unit only. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LockEventPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  locks_list: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        limit?: number;
        propertyId?: string;
        status?: components['schemas']['LockStatus'];
        unitId?: string;
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LockPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  locks_register: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RegisterLockDto'];
      };
    };
    responses: {
      /** @description Registered; commission it to give it credentials. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LockDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description A lock with this serial exists. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  locks_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        lockId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LockDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  locks_update: {
    parameters: {
      query?: never;
      header: {
        /** @description The ETag (version) you read; a stale one answers 412. */
        'If-Match': string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        lockId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateLockDto'];
      };
    };
    responses: {
      /** @description Rename, or assign to a unit (null unassigns). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LockDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The resource changed since you read it. */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description If-Match is missing. */
      428: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  locks_commission: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        lockId: string;
      };
      cookie?: never;
    };
    /** @description Optional: the lock's identity output (public key and fingerprint key), the key exchange. */
    requestBody?: {
      content: {
        'application/json': components['schemas']['CommissionLockDto'];
      };
    };
    responses: {
      /** @description The broker password is in the response this once. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CommissionedLockDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Already commissioned. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  locks_decommission: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        lockId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The device identity is retired; its credentials stop working. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LockDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not commissioned. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  locks_setDeviceKeys: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        lockId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeviceKeysDto'];
      };
    };
    responses: {
      /** @description The key exchange for a lock commissioned without it: its X25519 public key and fingerprint key (sealed at rest). The same keys again: no change. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LockDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not commissioned, or other keys are stored (decommission and commission again to replace them). */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  members_list: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        limit?: number;
        role?: components['schemas']['Role'];
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MemberPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  members_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        memberId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MemberDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  members_remove: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        memberId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The person no longer belongs to the organization. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  members_update: {
    parameters: {
      query?: never;
      header: {
        /** @description The ETag (version) you read; a stale one answers 412. */
        'If-Match': string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        memberId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateMemberDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MemberDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The resource changed since you read it. */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description If-Match is missing. */
      428: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  organizations_list: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Organizations you belong to (a key: its own). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MyOrganizationPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  organizations_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateOrganizationDto'];
      };
    };
    responses: {
      /** @description You become its owner. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MyOrganizationDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  organizations_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        organizationId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrganizationDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  organizations_update: {
    parameters: {
      query?: never;
      header: {
        /** @description The ETag (version) you read; a stale one answers 412. */
        'If-Match': string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        organizationId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateOrganizationDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrganizationDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The resource changed since you read it. */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description If-Match is missing. */
      428: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  properties_list: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        limit?: number;
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PropertyPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  properties_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreatePropertyDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PropertyDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description A property with this name exists. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  properties_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        propertyId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PropertyDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  properties_remove: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        propertyId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The property still has units or locks. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  properties_update: {
    parameters: {
      query?: never;
      header: {
        /** @description The ETag (version) you read; a stale one answers 412. */
        'If-Match': string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        propertyId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdatePropertyDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PropertyDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The resource changed since you read it. */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description If-Match is missing. */
      428: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  tenancies_list: {
    parameters: {
      query?: {
        /** @description Only tenancies active on this date. */
        activeOn?: string;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        limit?: number;
        unitId?: string;
        userId?: string;
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A tenant sees only their own tenancies. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TenancyPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  tenancies_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateTenancyDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TenancyDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The unit or the tenant is not visible to you. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  tenancies_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        tenancyId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TenancyDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  tenancies_update: {
    parameters: {
      query?: never;
      header: {
        /** @description The ETag (version) you read; a stale one answers 412. */
        'If-Match': string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        tenancyId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateTenancyDto'];
      };
    };
    responses: {
      /** @description E.g. set the move-out date. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TenancyDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The resource changed since you read it. */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description If-Match is missing. */
      428: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  units_list: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        limit?: number;
        propertyId?: string;
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnitPageDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  units_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateUnitDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnitDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The property has a unit with this name. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  units_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        unitId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnitDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  units_remove: {
    parameters: {
      query?: never;
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        unitId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; its locks become unassigned. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The unit still has tenancies or access codes. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  units_update: {
    parameters: {
      query?: never;
      header: {
        /** @description The ETag (version) you read; a stale one answers 412. */
        'If-Match': string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        unitId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateUnitDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnitDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The resource changed since you read it. */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description If-Match is missing. */
      428: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  unitAccessCodes_timeline: {
    parameters: {
      query?: {
        /** @description Default now. */
        from?: string;
        /** @description Default from + 7 days; at most 92 days after from. */
        to?: string;
      };
      header?: {
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        unitId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The unit’s codes (masked) with their windows in [from, to) and the status per lock. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnitTimelineDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  unitAccessCodes_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        unitId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateAccessCodeDto'];
      };
    };
    responses: {
      /** @description The code in full this once (`code`), and the masked view every later response shows. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IssuedAccessCodeDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description The unit (or holder) is not visible to you. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description A button-level conflict (naming the code by id and label, the lock and the overlapping windows) or no free slot (naming the codes holding the slots). */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Too short, weak, bad schedule, lock not of the unit: `errors` and `problems` name the field. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
  unitAccessCodes_setPrimary: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body returns the first response (kept 24 h). */
        'Idempotency-Key'?: string;
        /** @description Organization id or slug to act in; optional for API keys and for users with one membership. */
        'Lockstep-Organization'?: string;
      };
      path: {
        unitId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SetPrimaryCodeDto'];
      };
    };
    responses: {
      /** @description A new primary (slot 1) for all the unit’s locks or `lockIds`; the old primary stays on each lock until the new one is confirmed there. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IssuedAccessCodeDto'];
        };
      };
      /** @description Invalid input; `errors` names each field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not signed in. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Your role lacks this permission. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description Not your unit (tenants: the unit of your active tenancy). */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      /** @description A button-level conflict with a code on the lock. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDto'];
        };
      };
    };
  };
}
