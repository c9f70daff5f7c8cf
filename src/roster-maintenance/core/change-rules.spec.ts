import { join } from 'node:path';
import { DomainException } from '../../common/domain.exception';
import { CommandRole } from '../../roster/core/command-role';
import { readRosterFile } from '../../roster-io/roster-file.schema';
import { rosterRowsFromFile } from '../../roster-io/roster-rows.helper';
import {
  assertEstablished,
  assertRoleFits,
  assertWithinSeat,
  effectiveFrom,
  heldBy,
  holderNamed,
  holderNames,
} from './change-rules';
import { RosterState } from './roster-state';

const JINCHENG = join(__dirname, '..', '..', '..', 'config', 'roster', 'jincheng-2019.yaml');
const RECORDED = new Date('2019-09-12T00:00:00Z');
/** The fake clock of these tests: every "now" is this instant, never the wall clock. */
const NOW = new Date('2021-06-01T02:00:00Z');
const ESTABLISHED = new Date('2019-09-10T16:00:00Z'); // the document's date, 2019-09-11 00:00 +08:00

function state(now = NOW): RosterState {
  return new RosterState(rosterRowsFromFile(readRosterFile(JINCHENG), RECORDED), now);
}

const refused = (work: () => unknown): DomainException => {
  try {
    work();
  } catch (error) {
    return error as DomainException;
  }
  throw new Error('expected a refusal');
};

describe('change rules', () => {
  it('a change takes effect at the state\'s "now" unless it says otherwise', () => {
    expect(effectiveFrom(state(), {})).toEqual(NOW);
    const later = new Date('2022-01-01T00:00:00Z');
    expect(effectiveFrom(state(), { effectiveFrom: later })).toEqual(later);
  });

  it('refuses a change dated before the command system was established, naming the field, in both languages', () => {
    const error = refused(() => effectiveFrom(state(), { effectiveFrom: new Date(ESTABLISHED.getTime() - 1) }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/^effectiveFrom: is before the command system was established \(2019-09-11\)/);
    expect(error.details.problemZh).toContain('早于指挥体系建立之日');
    expect(effectiveFrom(state(), { effectiveFrom: ESTABLISHED })).toEqual(ESTABLISHED);
  });

  it('refuses an over-long documentRef, and answers NOT_FOUND when no roster is loaded', () => {
    expect(refused(() => effectiveFrom(state(), { documentRef: 'x'.repeat(129) })).message).toMatch(/^documentRef: /);
    const empty = new RosterState(
      { revision: 0, bodies: [], seats: [], assignments: [], persons: [], aliases: [], positions: [], tenures: [] },
      NOW,
    );
    expect(refused(() => effectiveFrom(empty, {})).code).toBe('NOT_FOUND');
  });

  it('finds the holder of a title by name or alias, and names the holders when the name is not one of them', () => {
    const s = state();
    const position = s.position('市应急管理局局长');
    const tenures = s.tenuresOf(position.id);
    expect(holderNames(s, tenures, NOW)).toBe('鲍瑞卿');
    expect(holderNamed(s, position, tenures, NOW, '鲍瑞卿').name).toBe('鲍瑞卿');
    const error = refused(() => holderNamed(s, position, tenures, NOW, '张平'));
    expect(error.message).toBe(
      'replacing: is not a holder of 市应急管理局局长 on 2021-06-01T02:00:00.000Z; holders then: 鲍瑞卿 (got "张平")',
    );
  });

  it('tells whose seat it is from an instant', () => {
    const s = state();
    const position = s.position('市应急管理局局长');
    const seats = s.seatsOfPositionFrom(position.id, NOW);
    expect(seats.length).toBeGreaterThan(1);
    const holder = s.tenuresOf(position.id)[0].personId;
    const other = s.rows.persons.find((p) => p.id !== holder)!.id;
    expect(seats.every((seat) => heldBy(s, seat, NOW, holder))).toBe(true);
    expect(seats.some((seat) => heldBy(s, seat, NOW, other))).toBe(false);
  });

  it("keeps a seat's changes within its lifetime and a body's within its existence", () => {
    const s = state();
    const seat = s.rows.seats[0];
    const before = new Date(seat.effectiveFrom.getTime() - 1);
    expect(refused(() => assertWithinSeat(s, seat.id, before, 'removed')).message).toMatch(
      /^effectiveFrom: .* is before .*, when seat .* was added; it cannot be removed before it existed/,
    );
    expect(() => assertWithinSeat(s, seat.id, NOW, 'reassigned')).not.toThrow();
    const body = s.body('EARTHQUAKE');
    expect(refused(() => assertEstablished(body, before)).details.problemZh).toContain('设立之日');
    expect(() => assertEstablished(body, NOW)).not.toThrow();
  });

  it('gives a post only commander, deputy and office-director seats, and no seat to the leader on duty', () => {
    const s = state();
    expect(() => assertRoleFits(s.body('EARTHQUAKE'), CommandRole.MEMBER)).toThrow(
      /^role: is for the headquarters only/,
    );
    expect(() => assertRoleFits(s.body('EARTHQUAKE'), CommandRole.DEPUTY_COMMANDER)).not.toThrow();
    const hq = s.rows.bodies.find((b) => b.kind === 'HEADQUARTERS')!;
    expect(() => assertRoleFits(hq, CommandRole.MEMBER)).not.toThrow();
    expect(() => assertRoleFits(hq, CommandRole.LEADER_ON_DUTY)).toThrow(/^role: is not a seat/);
  });
});

describe('roster state', () => {
  it('finds a position by title or alias and suggests close titles for an unknown one', () => {
    const s = state();
    expect(s.findPosition(' 市应急管理局局长 ')?.title).toBe('市应急管理局局长');
    expect(() => s.position('市应急管理局长')).toThrow(
      /^positionTitle: no position has this title; close titles: .*市应急管理局局长/,
    );
  });

  it('finds persons by a lookalike spelling of their name (NFKC, invisible characters)', () => {
    const s = state();
    expect(s.personsNamed('鲍瑞卿').map((p) => p.name)).toEqual(['鲍瑞卿']);
    expect(s.personsNamed('鲍\u200b瑞卿').map((p) => p.name)).toEqual(['鲍瑞卿']);
    expect(s.personName(null)).toBe('空缺');
  });

  it('lists every seat of a body in force at an instant with its holder', () => {
    const s = state();
    const seat = s.seat(s.rows.seats[0].id);
    expect(s.seatAt(seat.id, NOW)).toBe(seat);
    expect(s.assignmentAt(seat.id, NOW)?.personId).toBeTruthy();
    expect(s.seatAt(seat.id, new Date(ESTABLISHED.getTime() - 1))).toBeUndefined();
    expect(() => s.seat('nope')).toThrow(/^seatId: no seat has this id/);
  });
});
