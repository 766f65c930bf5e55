import type { SurveyAnswers } from '@gennai/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { Survey } from './survey.entity';

/**
 * One anonymous answer to a survey. Deliberately without a user id, and with a random (v4) id and the day only, so it
 * cannot be traced back to the person (see Surveys1796500000002). Who answered is in SurveyParticipation, unlinked.
 */
@Entity({ name: 'survey_responses' })
@Index('IDX_survey_responses_survey_org', ['surveyId', 'organizationId'])
export class SurveyResponse {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_survey_responses' })
  id!: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId!: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id', foreignKeyConstraintName: 'FK_survey_responses_survey' })
  survey?: Survey;

  /** The respondent's organisation, for the breakdown per organisation. */
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_survey_responses_organization' })
  organization?: Organization;

  /** The models the respondent used most during the survey period, most used first (the breakdown per model). */
  @Column({ name: 'model_ids', type: 'text', array: true, default: () => "'{}'" })
  modelIds!: string[];

  @Column({ type: 'jsonb' })
  answers!: SurveyAnswers;

  /** The day of the answer in GENNAI_QUOTA_TIME_ZONE — never a time. */
  @Column({ name: 'responded_on', type: 'date' })
  respondedOn!: string;
}
