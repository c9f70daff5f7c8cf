import { useMemo } from 'react';
import { actorLabel } from './codes';
import { useSession } from './session';

/**
 * Who made a change, readable (用户 duty, 名录导入, 初始管理员密钥 …), the recorded value in its
 * tooltip. The signed-in user is shown by name; `names` adds others (username to display name).
 */
export function ActorName({ actor, names }: { actor: string | null | undefined; names?: ReadonlyMap<string, string> }) {
  const { user } = useSession();
  const known = useMemo(() => {
    const all = new Map(names ?? []);
    if (!all.has(user.username)) all.set(user.username, user.displayName);
    return all;
  }, [names, user.username, user.displayName]);
  if (!actor) return <>—</>;
  return (
    <span title={actor} data-actor={actor}>
      {actorLabel(actor, known)}
    </span>
  );
}
