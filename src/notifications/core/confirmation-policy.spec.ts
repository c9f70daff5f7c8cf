import {
  ConfirmationPoliciesConfig,
  describePolicy,
  evaluatePolicy,
  PolicyRecipient,
  policyFor,
  policyMetAt,
} from './confirmation-policy';

const ALL_COMMANDERS_AND_DIRECTOR = [
  { body: 'POST' as const, role: 'COMMANDER', need: 'ALL' as const },
  { body: 'POST' as const, role: 'OFFICE_DIRECTOR', need: 1 },
];
const ANY_COMMANDER = [{ body: 'POST' as const, role: 'COMMANDER', need: 1 }];
const config: ConfirmationPoliciesConfig = {
  default: { I: ALL_COMMANDERS_AND_DIRECTOR, II: ALL_COMMANDERS_AND_DIRECTOR, III: ANY_COMMANDER, IV: ANY_COMMANDER },
  belowThreshold: [],
  posts: { EARTHQUAKE: { IV: [{ body: 'HQ', role: 'OFFICE_DIRECTOR', need: 1 }] } },
};

const at = (minute: number) => new Date(Date.UTC(2024, 5, 1, 0, minute));
function person(id: string, roles: Array<[string, string]>, confirmedMinute: number | null = null): PolicyRecipient {
  return {
    personId: id,
    personName: id,
    roles: roles.map(([body, role]) => ({ body, role })),
    confirmedAt: confirmedMinute === null ? null : at(confirmedMinute),
  };
}

describe('policyFor', () => {
  it('takes the post and grade override, else the grade default, and belowThreshold when the post is not activated', () => {
    expect(policyFor(config, 'EARTHQUAKE', 'IV', true).source).toBe('posts.EARTHQUAKE.IV');
    expect(policyFor(config, 'EARTHQUAKE', 'III', true)).toEqual({
      source: 'default.III',
      requirements: ANY_COMMANDER,
    });
    expect(policyFor(config, 'TRAFFIC_ACCIDENT', 'II', true).requirements).toBe(ALL_COMMANDERS_AND_DIRECTOR);
    expect(policyFor(config, 'TRAFFIC_ACCIDENT', 'II', false)).toEqual({ source: 'belowThreshold', requirements: [] });
  });
});

describe('evaluatePolicy', () => {
  const policy = policyFor(config, 'TRAFFIC', 'II', true);
  const people = (a: number | null, b: number | null, d: number | null) => [
    person('a', [['TRAFFIC', 'COMMANDER']], a),
    person('b', [['TRAFFIC', 'COMMANDER']], b),
    person('dep', [['TRAFFIC', 'DEPUTY_COMMANDER']], 1),
    person(
      'd',
      [
        ['TRAFFIC', 'OFFICE_DIRECTOR'],
        ['HQ', 'OFFICE_DIRECTOR'],
      ],
      d,
    ),
  ];

  it('is not met after one of two commanders, and waits for the other commander and the director', () => {
    const state = evaluatePolicy(policy, 'TRAFFIC', people(2, null, null));
    expect(state.met).toBe(false);
    expect(state.waitingFor).toEqual(['b', 'd']);
    expect([...state.required].sort()).toEqual(['a', 'b', 'd']);
    expect(state.requirements.map((r) => [r.needed, r.confirmed.length, r.met])).toEqual([
      [2, 1, false],
      [1, 0, false],
    ]);
  });

  it('is met when both commanders and the director confirmed; a deputy never counts', () => {
    expect(evaluatePolicy(policy, 'TRAFFIC', people(2, 5, 3)).met).toBe(true);
    expect(evaluatePolicy(policy, 'TRAFFIC', people(2, 5, 3)).waitingFor).toEqual([]);
    expect(evaluatePolicy(policy, 'TRAFFIC', people(2, 5, 3), at(4)).met).toBe(false);
  });

  it('is never met when nobody holds a required role (every seat vacant)', () => {
    const state = evaluatePolicy(policyFor(config, 'X', 'III', true), 'X', [
      person('o', [['X', 'OFFICE_DIRECTOR']], 1),
    ]);
    expect(state.met).toBe(false);
    expect(state.waitingFor).toEqual([]);
  });

  it('caps a number above the holders at the holders', () => {
    const p = { source: 't', requirements: [{ body: 'POST' as const, role: 'COMMANDER', need: 3 }] };
    expect(evaluatePolicy(p, 'X', [person('a', [['X', 'COMMANDER']], 1)]).met).toBe(true);
  });

  it('reads HQ requirements on the headquarters body', () => {
    const p = policyFor(config, 'EARTHQUAKE', 'IV', true);
    expect(evaluatePolicy(p, 'EARTHQUAKE', [person('d', [['HQ', 'OFFICE_DIRECTOR']], 1)]).met).toBe(true);
    expect(evaluatePolicy(p, 'EARTHQUAKE', [person('d', [['EARTHQUAKE', 'OFFICE_DIRECTOR']], 1)]).met).toBe(false);
  });

  it('an empty policy is met at once', () => {
    expect(evaluatePolicy({ source: 'x', requirements: [] }, 'X', []).met).toBe(true);
  });
});

describe('policyMetAt', () => {
  const policy = policyFor(config, 'TRAFFIC', 'II', true);
  it('is the confirmation that completed the policy', () => {
    const people = [
      person('a', [['TRAFFIC', 'COMMANDER']], 7),
      person('b', [['TRAFFIC', 'COMMANDER']], 3),
      person('d', [['TRAFFIC', 'OFFICE_DIRECTOR']], 5),
      person('x', [['HQ', 'COMMANDER']], 1),
    ];
    expect(policyMetAt(policy, 'TRAFFIC', people)).toEqual(at(7));
  });
  it('is null while not met and for an empty policy', () => {
    expect(policyMetAt(policy, 'TRAFFIC', [person('a', [['TRAFFIC', 'COMMANDER']], 7)])).toBeNull();
    expect(
      policyMetAt({ source: 'x', requirements: [] }, 'TRAFFIC', [person('a', [['TRAFFIC', 'COMMANDER']], 7)]),
    ).toBeNull();
  });
});

describe('describePolicy', () => {
  it('says the policy in words', () => {
    const name = (_: string, role: string) => (role === 'COMMANDER' ? '指挥长' : '办公室主任');
    expect(describePolicy(policyFor(config, 'T', 'II', true), name)).toBe('指挥长全部确认、办公室主任至少1人确认');
    expect(describePolicy({ source: 'x', requirements: [] }, name)).toBe('无须确认');
  });
});
