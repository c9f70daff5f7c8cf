import { ApiRole, grants, grantsAny, parseRoles } from './api-role.enum';

describe('roles', () => {
  it('admin implies every role; every role can read; nothing else is implied', () => {
    for (const role of Object.values(ApiRole)) expect(grants([ApiRole.admin], role)).toBe(true);
    expect(grants([ApiRole.roster_editor], ApiRole.reader)).toBe(true);
    expect(grants([ApiRole.duty_officer], ApiRole.reader)).toBe(true);
    expect(grants([ApiRole.reader], ApiRole.roster_editor)).toBe(false);
    expect(grants([ApiRole.roster_editor], ApiRole.duty_officer)).toBe(false);
    expect(grants([ApiRole.duty_officer], ApiRole.roster_editor)).toBe(false);
    expect(grants([ApiRole.roster_editor, ApiRole.duty_officer], ApiRole.admin)).toBe(false);
    expect(grants([], ApiRole.reader)).toBe(false);
  });

  it('needs any one of several roles', () => {
    expect(grantsAny([ApiRole.duty_officer], [ApiRole.roster_editor, ApiRole.duty_officer])).toBe(true);
    expect(grantsAny([ApiRole.reader], [ApiRole.roster_editor, ApiRole.duty_officer])).toBe(false);
  });

  it('reads stored roles, dropping unknown ones', () => {
    expect(parseRoles('["reader","root"]')).toEqual([ApiRole.reader]);
    expect(parseRoles('{}')).toEqual([]);
  });
});
