import { hiddenShown, quotedValue } from '../common/core/quoted-value';
import { problemInChinese } from '../common/core/problem-zh';
import { textProblem } from '../common/text-policy.helper';
import { BadInputException } from '../common/domain.exception';
import { normaliseContactValue } from '../contacts/contact-method.service';
import type { RosterView } from '../roster/core/roster-view';
import { closest } from '../roster/core/text-match';
import type { NameLookup, PersonRef, PhoneClassifier } from './core/duty-sheet';

/** Matches a name as an office writes it to one person of the directory (canonical name or alias). */
export function nameLookup(view: RosterView): NameLookup {
  return (raw) => {
    const hidden = textProblem(raw);
    if (hidden)
      return {
        problem: `${quotedValue(raw.trim())} ${hidden}`,
        problemZh: `“${hiddenShown(raw.trim())}”${problemInChinese(hidden) ?? hidden}`,
      };
    const name = raw.trim();
    const found = view.personsNamed(name);
    if (found.length === 1) return { person: { id: found[0].id, name: found[0].name } };
    if (found.length > 1)
      return {
        problem: `${name} names ${found.length} persons of the directory; tell them apart by an alias`,
        problemZh: `名录中有 ${found.length} 人名为 ${name}，请用别名区分`,
      };
    const close = closest(
      name,
      view.personList().flatMap((p) => [p.name, ...p.aliases]),
      3,
      0.5,
    );
    return {
      problem: `${name} is not a person of the directory${close.length ? ` (did you mean ${close.join('、')}?)` : ''}; add them to the directory first`,
      problemZh: `${name} 不在人员名录中${close.length ? `（是否为 ${close.join('、')}？）` : ''}，请先在名录中添加`,
    };
  };
}

/** The person a mutation argument names, or a BadInputException naming the field. */
export function personNamed(view: RosterView, name: string, field: string): PersonRef {
  const found = nameLookup(view)(name);
  if ('problem' in found) throw new BadInputException(field, name, found.problem, found.problemZh);
  return found.person;
}

/** A phone cell as a contact method: a mainland mobile, else an office phone; null when neither. */
export const classifyPhone: PhoneClassifier = (raw) => {
  for (const kind of ['MOBILE', 'OFFICE_PHONE'] as const) {
    try {
      return { kind, value: normaliseContactValue(kind, raw) };
    } catch {
      // try the next kind
    }
  }
  return null;
};
