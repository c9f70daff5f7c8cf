import { Tag } from 'antd';
import { ROLE_LABEL } from '../../labels';

/** The roles a user or an API key may hold, as checkboxes and as tags. */
const ROLES = ['admin', 'roster_editor', 'duty_officer', 'reader'];
export const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));
export const roleTags = (roles: string[]) => roles.map((r) => <Tag key={r}>{ROLE_LABEL[r] ?? r}</Tag>);
