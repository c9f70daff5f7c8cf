import type { KeyboardEvent } from 'react';
import { Tag, Typography } from 'antd';

export interface Suggestion {
  code: string;
  name: string;
  matchedWords: string[];
  explanation: string;
}

/**
 * 建议类型: the types the description suggests, each a checkable tag. A click, Space or Enter picks
 * one; Enter here never submits the report (the form's noSubmitOnEnter stops that as well).
 */
export default function SuggestedTypes({
  suggestions,
  selected,
  onSelect,
}: {
  suggestions: Suggestion[];
  selected: string | undefined;
  onSelect: (code: string) => void;
}) {
  if (!suggestions.length) return null;
  const onEnter = (code: string) => (e: KeyboardEvent<HTMLSpanElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    if (!e.repeat) onSelect(code);
  };
  return (
    <div style={{ marginTop: -8, marginBottom: 16 }} aria-label="建议的事件类型">
      <Typography.Text type="secondary">建议类型：</Typography.Text>
      {suggestions.map((s) => (
        <span key={s.code} title={s.explanation}>
          <Tag.CheckableTag
            checked={selected === s.code}
            onChange={() => onSelect(s.code)}
            onKeyDown={onEnter(s.code)}
            style={{ border: '1px solid #d9d9d9' }}
          >
            {s.name}（{s.matchedWords.join('、')}）
          </Tag.CheckableTag>
        </span>
      ))}
    </div>
  );
}
