/** The kind of seat a person holds on a command body (contract enum CommandRole). */
export enum CommandRole {
  COMMANDER = 'COMMANDER',
  EXECUTIVE_DEPUTY_COMMANDER = 'EXECUTIVE_DEPUTY_COMMANDER',
  DEPUTY_COMMANDER = 'DEPUTY_COMMANDER',
  MEMBER = 'MEMBER',
  OFFICE_DIRECTOR = 'OFFICE_DIRECTOR',
}

export type CommandRoleValue = `${CommandRole}`;

export const COMMAND_ROLES: readonly CommandRole[] = Object.values(CommandRole);

/** Display order of roles on a body. */
export const ROLE_ORDER: Record<CommandRole, number> = {
  COMMANDER: 0,
  EXECUTIVE_DEPUTY_COMMANDER: 1,
  DEPUTY_COMMANDER: 2,
  MEMBER: 3,
  OFFICE_DIRECTOR: 4,
};

/** The Chinese name of a role, which differs between the headquarters and a post. */
export function roleLabel(role: CommandRole, headquarters: boolean): string {
  switch (role) {
    case CommandRole.COMMANDER:
      return headquarters ? '总指挥' : '指挥长';
    case CommandRole.EXECUTIVE_DEPUTY_COMMANDER:
      return '常务副总指挥';
    case CommandRole.DEPUTY_COMMANDER:
      return headquarters ? '副总指挥' : '副指挥长';
    case CommandRole.MEMBER:
      return '成员';
    case CommandRole.OFFICE_DIRECTOR:
      return '办公室主任';
  }
}
