import { useState } from 'react';
import { useLazyQuery } from '@apollo/client/react';
import { Alert, App, Button, Col, InputNumber, Radio, Row } from 'antd';
import { errorText, SEVERITY_LABEL } from '../../labels';
import { ASSESS, FIGURES } from './queries';

/**
 * 不确定等级？按伤亡和损失评估: the casualties and losses typed in, the grade the server suggests from
 * them with the criterion quoted, and 采用建议等级.
 */
export default function AssessPanel({
  incidentType,
  onAdopt,
}: {
  incidentType: string | undefined;
  onAdopt: (severity: string) => void;
}) {
  const { message } = App.useApp();
  const [assess, assessment] = useLazyQuery<any>(ASSESS, { fetchPolicy: 'network-only' });
  const [figures, setFigures] = useState<Record<string, number | null>>({});
  /** Forest and grassland fires are graded by different tables: the report says which. */
  const [burnedLand, setBurnedLand] = useState<'FOREST' | 'GRASSLAND' | null>(null);

  async function runAssessment() {
    if (!incidentType) {
      message.warning('请先选择事件类型');
      return;
    }
    const input: Record<string, unknown> = { incidentType };
    for (const f of FIGURES) {
      const v = figures[f.name];
      if (v !== null && v !== undefined) input[f.name] = f.scale ? v * f.scale : v;
    }
    if (incidentType === 'FOREST_GRASSLAND_FIRE' && burnedLand) input.burnedLand = burnedLand;
    await assess({ variables: { input } });
  }

  const assessed = assessment.data?.assessSeverity;
  return (
    <>
      {incidentType === 'FOREST_GRASSLAND_FIRE' && (
        <Radio.Group
          aria-label="火灾发生地"
          style={{ marginBottom: 8 }}
          value={burnedLand}
          onChange={(e) => setBurnedLand(e.target.value as 'FOREST' | 'GRASSLAND')}
          options={[
            { value: 'FOREST', label: '森林' },
            { value: 'GRASSLAND', label: '草原' },
          ]}
        />
      )}
      <Row gutter={8}>
        {FIGURES.map((f) => (
          <Col xs={12} sm={8} key={f.name}>
            <label style={{ display: 'block', fontSize: 12, color: '#666' }} htmlFor={`fig-${f.name}`}>
              {f.label}（{f.unit}）
            </label>
            <InputNumber
              id={`fig-${f.name}`}
              min={0}
              style={{ width: '100%', marginBottom: 8 }}
              value={figures[f.name] ?? null}
              onChange={(v) => setFigures({ ...figures, [f.name]: v as number | null })}
            />
          </Col>
        ))}
      </Row>
      <Button onClick={() => void runAssessment()} loading={assessment.loading}>
        评估等级
      </Button>
      {assessment.error && <Alert type="error" title={errorText(assessment.error)} style={{ marginTop: 8 }} />}
      {assessed && (
        <Alert
          style={{ marginTop: 8 }}
          type={assessed.suggested ? 'info' : 'warning'}
          title={assessed.suggested ? `建议等级：${SEVERITY_LABEL[assessed.suggested]}` : '无法据此给出建议等级'}
          description={
            <>
              {assessed.criterion && (
                <blockquote style={{ margin: '4px 0', paddingLeft: 8, borderLeft: '3px solid #91caff' }}>
                  “{assessed.criterion}”
                </blockquote>
              )}
              {assessed.regulation && <div>依据：{assessed.regulation}</div>}
              <div>{assessed.message}</div>
              {assessed.notes?.map((n: string) => (
                <div key={n}>· {n}</div>
              ))}
              {assessed.decisions?.length > 0 && (
                <details style={{ marginTop: 4 }}>
                  <summary>适用的解释性决定（非原文）</summary>
                  {assessed.decisions.map((d: string) => (
                    <div key={d}>· {d}</div>
                  ))}
                </details>
              )}
              {assessed.suggested && (
                <Button
                  size="small"
                  type="primary"
                  style={{ marginTop: 8 }}
                  onClick={() => onAdopt(assessed.suggested)}
                >
                  采用建议等级
                </Button>
              )}
            </>
          }
        />
      )}
    </>
  );
}
