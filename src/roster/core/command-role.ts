/** The kind of seat a person holds on a command body (contract enum CommandRole). */
export enum CommandRole {
  COMMANDER = 'COMMANDER',
  EXECUTIVE_DEPUTY_COMMANDER = 'EXECUTIVE_DEPUTY_COMMANDER',
  DEPUTY_COMMANDER = 'DEPUTY_COMMANDER',
  MEMBER = 'MEMBER',
  OFFICE_DIRECTOR = 'OFFICE_DIRECTOR',
  /** Not a seat: the 带班领导 on the duty roster, told first in an activation (config/duty.yaml). */
  LEADER_ON_DUTY = 'LEADER_ON_DUTY',
}

export type CommandRoleValue = `${CommandRole}`;

/** The roles a seat can have (LEADER_ON_DUTY comes from the duty roster, never from a seat). */
export const COMMAND_ROLES: readonly CommandRole[] = Object.values(CommandRole).filter(
  (r) => r !== CommandRole.LEADER_ON_DUTY,
);

/** Every role a recipient can hold in an activation: the seat roles and LEADER_ON_DUTY. */
export const RECIPIENT_ROLES: readonly CommandRole[] = Object.values(CommandRole);

/** Display order of roles on a body. */
export const ROLE_ORDER: Record<CommandRole, number> = {
  COMMANDER: 0,
  EXECUTIVE_DEPUTY_COMMANDER: 1,
  DEPUTY_COMMANDER: 2,
  MEMBER: 3,
  OFFICE_DIRECTOR: 4,
  LEADER_ON_DUTY: 5,
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
    case CommandRole.LEADER_ON_DUTY:
      return '带班领导';
  }
}
