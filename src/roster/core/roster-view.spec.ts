import { CommandRole } from './command-role';
import { CommandBodyEntity } from '../entities/command-body.entity';
import { PersonEntity } from '../entities/person.entity';
import { PositionEntity } from '../entities/position.entity';
import { SeatAssignmentEntity } from '../entities/seat-assignment.entity';
import { SeatEntity } from '../entities/seat.entity';
import { RosterView } from './roster-view';

const at = (iso: string) => new Date(iso);
const T0 = at('2019-09-10T16:00:00Z'); // 2019-09-11 00:00 +08:00
const T1 = at('2021-03-01T00:00:00Z'); // a new bureau chief
const T2 = at('2022-06-01T00:00:00Z'); // vacancy begins
const T3 = at('2022-07-01T00:00:00Z'); // acting holder

function build(options: { twin?: boolean; reversed?: boolean } = {}): RosterView {
  const body = Object.assign(new CommandBodyEntity(), {
    id: 'b1',
    jurisdiction: 'J',
    code: 'FLOOD_DROUGHT',
    kind: 'POST',
    name: '防汛抗旱指挥部',
    otherNames: '[]',
    ordinal: 1,
    duties: '…',
    membersText: null,
    officeHostUnit: '市应急管理局',
    officeDuties: '…',
    documentRef: 'doc',
    establishedAt: T0,
    recordedAt: T0,
  });
  const person = (id: string, name: string) => Object.assign(new PersonEntity(), { id, name, recordedAt: T0 });
  const position = Object.assign(new PositionEntity(), {
    id: 'pos1',
    jurisdiction: 'J',
    title: '市应急管理局局长',
    multiHolder: false,
    aliases: '[]',
  });
  const seat = (id: string, role: CommandRole, ordinal: number, from = T0, to: Date | null = null) =>
    Object.assign(new SeatEntity(), {
      id,
      bodyId: 'b1',
      role,
      ordinal,
      positionId: 'pos1',
      listedTitle: null,
      effectiveFrom: from,
      effectiveTo: to,
      recordedAt: T0,
      endRecordedAt: null,
    });
  const assign = (seatId: string, personId: string | null, from: Date, to: Date | null, acting = false) =>
    Object.assign(new SeatAssignmentEntity(), {
      id: `${seatId}-${from.getTime()}`,
      seatId,
      personId,
      tenureId: null,
      effectiveFrom: from,
      effectiveTo: to,
      recordedAt: T0,
      endRecordedAt: null,
      acting,
    });
  const rows = <T>(list: T[]): T[] => (options.reversed ? [...list].reverse() : list);
  return new RosterView({
    revision: 1,
    bodies: [body],
    positions: [position],
    persons: [person('p1', '鲍瑞卿'), person('p2', '测试甲'), person('p3', '测试乙')],
    aliases: [],
    tenures: [],
    seats: rows([
      seat('s-dir', CommandRole.OFFICE_DIRECTOR, 1),
      seat('s-dep', CommandRole.DEPUTY_COMMANDER, 1),
      seat('s-late', CommandRole.DEPUTY_COMMANDER, 2, T1),
      ...(options.twin ? [seat('s-twin', CommandRole.DEPUTY_COMMANDER, 2, T1)] : []),
    ]),
    assignments: rows([
      assign('s-dir', 'p1', T0, T1),
      assign('s-dir', 'p2', T1, T2),
      assign('s-dir', 'p3', T3, null, true),
      assign('s-dep', 'p1', T0, T1),
      assign('s-dep', 'p2', T1, null),
      assign('s-late', 'p2', T1, null),
      ...(options.twin ? [assign('s-twin', 'p2', T1, null)] : []),
    ]),
  });
}

describe('RosterView asOf', () => {
  const view = build();
  const body = view.body('FLOOD_DROUGHT')!;
  const who = (instant: Date) =>
    view.seatsAt(body, instant).map((s) => `${s.role}:${s.person?.name ?? '(vacant)'}${s.acting ? '(acting)' : ''}`);

  it('shows the holder as the roster stood at each instant', () => {
    expect(who(T0)).toEqual(['DEPUTY_COMMANDER:鲍瑞卿', 'OFFICE_DIRECTOR:鲍瑞卿']);
    expect(who(new Date(T1.getTime() - 1))).toEqual(['DEPUTY_COMMANDER:鲍瑞卿', 'OFFICE_DIRECTOR:鲍瑞卿']);
    expect(who(T1)).toEqual(['DEPUTY_COMMANDER:测试甲', 'DEPUTY_COMMANDER:测试甲', 'OFFICE_DIRECTOR:测试甲']);
  });

  it('shows a seat as vacant, then filled by an acting holder', () => {
    expect(who(T2)).toContain('OFFICE_DIRECTOR:(vacant)');
    expect(view.seatsAt(body, T2, CommandRole.OFFICE_DIRECTOR)[0]).toMatchObject({ person: null, acting: false });
    expect(who(T3)).toContain('OFFICE_DIRECTOR:测试乙(acting)');
  });

  it('has no seats before they were created', () => {
    expect(view.seatsAt(body, new Date(T0.getTime() - 1))).toEqual([]);
    expect(view.seatsAt(body, T0).map((s) => s.seatId)).not.toContain('s-late');
  });

  it('lists the seats a person held at an instant', () => {
    expect(view.seatsOfPersonAt('p1', T0).map((s) => s.role)).toEqual([
      CommandRole.DEPUTY_COMMANDER,
      CommandRole.OFFICE_DIRECTOR,
    ]);
    expect(view.seatsOfPersonAt('p1', T1)).toEqual([]);
    expect(view.seatsOfPersonAt('p2', T2).map((s) => s.seatId)).toEqual(['s-dep', 's-late']);
  });
});

describe('RosterView order', () => {
  it('lists two seats at the same place in one order, whatever order the database returned them in', () => {
    const ids = (view: RosterView) => ({
      body: view.seatsAt(view.body('FLOOD_DROUGHT')!, T1).map((s) => s.seatId),
      person: view.seatsOfPersonAt('p2', T1).map((s) => s.seatId),
      history: view.assignmentsOfPerson('p2').map((a) => a.seatId),
    });
    const forward = ids(build({ twin: true }));
    expect(forward.body).toEqual(['s-dep', 's-late', 's-twin', 's-dir']);
    expect(ids(build({ twin: true, reversed: true }))).toEqual(forward);
  });
});
