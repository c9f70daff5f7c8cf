import { registerEnumType } from '@nestjs/graphql';

/**
 * What an API key may do. admin: keys and everything else; roster_editor: personnel and seat
 * changes, contact data; duty_officer: incident intake and acknowledgement, contact data;
 * reader: the directory and incidents, no contact data. Every role can read (implies reader);
 * admin implies every role.
 */
export enum ApiRole {
  admin = 'admin',
  roster_editor = 'roster_editor',
  duty_officer = 'duty_officer',
  reader = 'reader',
}

export const API_ROLES: readonly ApiRole[] = Object.values(ApiRole);

registerEnumType(ApiRole, {
  name: 'ApiRole',
  description:
    'A role of an API key. admin: keys and everything; roster_editor: personnel and seat changes, contacts; duty_officer: incident intake and acknowledgement, contacts; reader: directory and incidents, no contact data. Every role can read; admin implies every role.',
});

const IMPLIED: Record<ApiRole, readonly ApiRole[]> = {
  admin: API_ROLES,
  roster_editor: [ApiRole.roster_editor, ApiRole.reader],
  duty_officer: [ApiRole.duty_officer, ApiRole.reader],
  reader: [ApiRole.reader],
};

/** True when a key holding `held` may act as `required`. */
export function grants(held: readonly ApiRole[], required: ApiRole): boolean {
  return held.some((role) => IMPLIED[role]?.includes(required));
}

/** True when a key holding `held` has at least one of `required` (an empty list requires nothing). */
export function grantsAny(held: readonly ApiRole[], required: readonly ApiRole[]): boolean {
  return required.length === 0 || required.some((role) => grants(held, role));
}

export function parseRoles(json: string): ApiRole[] {
  const value = JSON.parse(json) as unknown;
  return Array.isArray(value) ? value.filter((r): r is ApiRole => API_ROLES.includes(r as ApiRole)) : [];
}
