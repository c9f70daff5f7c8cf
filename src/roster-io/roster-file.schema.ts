import { z } from 'zod';
import { isCalendarDate } from '../common/core/calendar-date';
import { ConfigFileError, YamlSource } from '../config/yaml-file.reader';
import { COMMAND_ROLES, CommandRole } from '../roster/core/command-role';

/**
 * The roster file format (config/roster/*.yaml): one jurisdiction's command system as the founding
 * document lists it. Generic: another city's file in the same format loads without code changes.
 */
const text = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} must not be empty`);
const code = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case code such as EARTHQUAKE');
const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
      // (a text not of that form is refused by the format's own message)
      .refine(
        (text) => !/^\d{4}-\d{2}-\d{2}$/.test(text) || isCalendarDate(text),
        'is not a date of the calendar (month 01-12, a day the month has)',
      ),
  );

/**
 * The person of a seat that is vacant (exports of an instant when a post was empty). A real
 * person is never named so; the loader leaves such a seat unfilled.
 */
export const VACANT_SEAT_PERSON = '（空缺）';

export const isVacantSeatPerson = (person: string): boolean => person.trim() === VACANT_SEAT_PERSON;

const seatSchema = z.strictObject({
  role: z.enum(COMMAND_ROLES as [CommandRole, ...CommandRole[]], {
    error: (issue) => `unknown role ${JSON.stringify(issue.input)}; expected one of ${COMMAND_ROLES.join(', ')}`,
  }),
  person: text('person'),
  title: text('title (the seat is listed under a title)'),
});

const officeSchema = z.strictObject({ hostUnit: text('hostUnit'), duties: text('duties') });

const bodySchema = z.strictObject({
  code,
  name: text('name'),
  otherNames: z.array(text('otherNames[]')).default([]),
  duties: text('duties'),
  membersText: z.string().nullable().default(null),
  office: officeSchema,
  seats: z.array(seatSchema).min(1, 'a body needs at least one seat'),
});

/**
 * A reading the document does not print, for staff to confirm (rosterIssues lists it while the seat still
 * shows it): the seat, the inferred title, the verbatim quote it rests on and, where the document also
 * reads otherwise, the conflicting quote. `decision` says what was decided and why.
 */
const inferenceSchema = z.strictObject({
  body: code,
  role: seatSchema.shape.role,
  person: text('person'),
  title: text('title'),
  quote: text('quote'),
  quoteRef: text('quoteRef'),
  conflictQuote: text('conflictQuote').optional(),
  conflictRef: text('conflictRef').optional(),
  decision: text('decision'),
});

export const rosterFileSchema = z.strictObject({
  jurisdiction: z.strictObject({ code, name: text('name') }),
  document: z.strictObject({
    ref: text('ref'),
    title: text('title'),
    issuer: text('issuer'),
    effectiveFrom: isoDate,
  }),
  people: z.array(z.strictObject({ name: text('name'), aliases: z.array(text('alias')).default([]) })).default([]),
  titles: z
    .array(
      z.strictObject({
        title: text('title'),
        multiHolder: z.boolean().default(false),
        aliases: z.array(text('alias')).default([]),
      }),
    )
    .default([]),
  inferences: z.array(inferenceSchema).default([]),
  headquarters: bodySchema,
  posts: z.array(bodySchema).min(1, 'at least one post is required'),
});

export type RosterFile = z.infer<typeof rosterFileSchema>;
export type RosterBody = RosterFile['headquarters'];
export type RosterSeat = RosterBody['seats'][number];
export type RosterInference = RosterFile['inferences'][number];

/** Reads and validates a roster file: structure first, then the cross-references. */
export function readRosterFile(path: string): RosterFile {
  return parseRoster(YamlSource.read(path));
}

export function parseRoster(source: YamlSource): RosterFile {
  const roster = source.parse(rosterFileSchema);
  const problems = crossCheck(roster, source);
  if (problems.length > 0) throw new ConfigFileError(source.file, problems);
  return roster;
}

/** The name a person is known by in the roster, after aliases. */
export function canonicalNames(roster: RosterFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const person of roster.people) {
    names.set(person.name, person.name);
    for (const alias of person.aliases) names.set(alias, person.name);
  }
  return names;
}

export function canonicalTitles(roster: RosterFile): Map<string, string> {
  const titles = new Map<string, string>();
  for (const title of roster.titles) for (const alias of title.aliases) titles.set(alias, title.title);
  return titles;
}

function crossCheck(roster: RosterFile, source: YamlSource): string[] {
  const problems: string[] = [];
  const people = new Map<string, number>();
  const aliasOwner = new Map<string, string>();
  roster.people.forEach((person, i) => {
    if (people.has(person.name))
      problems.push(
        `${source.where(['people', i, 'name'])}: duplicate person ${JSON.stringify(person.name)} (also people[${people.get(person.name)}])`,
      );
    people.set(person.name, i);
  });
  roster.people.forEach((person, i) => {
    person.aliases.forEach((alias, j) => {
      const owner = aliasOwner.get(alias);
      if (people.has(alias) || (owner && owner !== person.name)) {
        problems.push(
          `${source.where(['people', i, 'aliases', j])}: alias ${JSON.stringify(alias)} already names ${JSON.stringify(owner ?? alias)}`,
        );
      }
      aliasOwner.set(alias, person.name);
    });
  });

  const titleIndex = new Map<string, number>();
  roster.titles.forEach((title, i) => {
    if (titleIndex.has(title.title))
      problems.push(`${source.where(['titles', i, 'title'])}: duplicate title ${JSON.stringify(title.title)}`);
    titleIndex.set(title.title, i);
  });
  const multiHolder = new Set(roster.titles.filter((t) => t.multiHolder).map((t) => t.title));
  const names = canonicalNames(roster);
  const titles = canonicalTitles(roster);

  const codes = new Map<string, string>();
  const holders = new Map<string, { person: string; where: string }>();
  const bodies: Array<[RosterBody, (string | number)[]]> = [
    [roster.headquarters, ['headquarters']],
    ...roster.posts.map((post, i): [RosterBody, (string | number)[]] => [post, ['posts', i]]),
  ];
  for (const [body, path] of bodies) {
    const seen = codes.get(body.code);
    if (seen) problems.push(`${source.where([...path, 'code'])}: duplicate body code ${body.code} (also ${seen})`);
    codes.set(body.code, source.where([...path, 'code']));
    const seatKeys = new Set<string>();
    body.seats.forEach((seat, i) => {
      const where = source.where([...path, 'seats', i]);
      if (isVacantSeatPerson(seat.person)) return;
      const person = names.get(seat.person) ?? seat.person;
      const title = titles.get(seat.title) ?? seat.title;
      const key = `${seat.role}/${person}`;
      if (seatKeys.has(key))
        problems.push(`${where}: duplicate person ${JSON.stringify(person)} as ${seat.role} on ${body.code}`);
      seatKeys.add(key);
      if (!multiHolder.has(title)) {
        const holder = holders.get(title);
        if (holder && holder.person !== person) {
          problems.push(
            `${where}: title ${JSON.stringify(title)} is held by ${JSON.stringify(holder.person)} (${holder.where}) and ${JSON.stringify(person)}; declare it under titles with multiHolder: true, or add an alias under people`,
          );
        } else if (!holder) holders.set(title, { person, where });
      }
    });
  }
  if (!roster.headquarters.seats.some((s) => s.role === CommandRole.COMMANDER)) {
    problems.push(`${source.where(['headquarters', 'seats'])}: the headquarters needs a COMMANDER seat`);
  }
  roster.inferences.forEach((inference, i) => {
    const body = bodies.find(([candidate]) => candidate.code === inference.body)?.[0];
    const person = names.get(inference.person) ?? inference.person;
    const seat = body?.seats.find(
      (s) => s.role === inference.role && (names.get(s.person) ?? s.person) === person && s.title === inference.title,
    );
    if (!seat) {
      problems.push(
        `${source.where(['inferences', i])}: no seat ${inference.role} of ${inference.body} is held by ${JSON.stringify(inference.person)} under ${JSON.stringify(inference.title)}`,
      );
    }
  });
  roster.posts.forEach((post, i) => {
    if (post.code === roster.headquarters.code)
      problems.push(`${source.where(['posts', i, 'code'])}: a post cannot use the headquarters code`);
    post.seats.forEach((seat, j) => {
      if (seat.role === CommandRole.EXECUTIVE_DEPUTY_COMMANDER || seat.role === CommandRole.MEMBER) {
        problems.push(
          `${source.where(['posts', i, 'seats', j, 'role'])}: role ${seat.role} is for the headquarters only; list a post's members in membersText`,
        );
      }
    });
  });
  return problems;
}
