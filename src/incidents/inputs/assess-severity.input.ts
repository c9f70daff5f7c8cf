import { Field, Float, InputType, Int, registerEnumType } from '@nestjs/graphql';
import type { BurnedLand } from '../core/severity-figures';

export const BurnedLandEnum = { FOREST: 'FOREST', GRASSLAND: 'GRASSLAND' } as const;
registerEnumType(BurnedLandEnum, {
  name: 'BurnedLand',
  description: 'Where a fire burned, as the report says: 森林 (FOREST) or 草原 (GRASSLAND). Chooses the grading table.',
  valuesMap: {
    FOREST: { description: '森林: 森林防火条例 第四十条' },
    GRASSLAND: { description: '草原: 全国草原火灾应急预案' },
  },
});

@InputType('AssessSeverityInput', {
  description:
    'The figures a duty officer has. Omit what is not known; counts are people, amounts are yuan (元). ' +
    'Every figure must be zero or more.',
})
export class AssessSeverityInput {
  @Field({ description: 'An incident type code; its grading table is applied (config/grading.yaml).' })
  incidentType!: string;

  @Field(() => Int, { nullable: true, description: '死亡人数' })
  deaths?: number | null;

  @Field(() => Int, { nullable: true, description: '失踪人数 (counted as deaths where the table says 死亡(含失踪))' })
  missing?: number | null;

  @Field(() => Int, { nullable: true, description: '重伤人数' })
  seriouslyInjured?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: '中毒人数 (counted with serious injuries where the regulation says so)',
  })
  poisoned?: number | null;

  @Field(() => Float, { nullable: true, description: '直接经济损失, yuan' })
  directLossYuan?: number | null;

  @Field(() => Int, { nullable: true, description: '疏散、转移人数' })
  evacuated?: number | null;

  @Field(() => Float, { nullable: true, description: '震级 (M)' })
  magnitude?: number | null;

  @Field(() => Boolean, { nullable: true, description: '是否人口密集地区 (earthquake)' })
  denselyPopulated?: boolean | null;

  @Field(() => Float, { nullable: true, description: '受害森林面积 or 受害草原面积 (by burnedLand), hectares' })
  burnedHectares?: number | null;

  @Field(() => BurnedLandEnum, {
    nullable: true,
    description:
      'Forest and grassland fires: 森林 (FOREST) or 草原 (GRASSLAND) chooses the table; omitted, the forest table applies and a note says so.',
  })
  burnedLand?: BurnedLand | null;

  @Field(() => Float, { nullable: true, description: '电梯轿厢滞留人员时长, hours' })
  elevatorEntrapmentHours?: number | null;

  @Field(() => Boolean, { nullable: true, description: '锅炉、压力容器、压力管道爆炸' })
  boilerOrPressureVesselExplosion?: boolean | null;

  @Field(() => Int, { nullable: true, description: '受地质灾害威胁需搬迁转移人数' })
  relocated?: number | null;

  @Field(() => Float, { nullable: true, description: '潜在可能造成的经济损失, yuan' })
  potentialLossYuan?: number | null;
}
