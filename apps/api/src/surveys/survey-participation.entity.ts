import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../identity/user.entity';
import { Survey } from './survey.entity';

export type SurveyParticipationState = 'answered' | 'dismissed';

/**
 * That a user answered (or declined) a survey: stops a second answer and further prompts. Holds no reference to the
 * response and only the day, so the two cannot be paired (see Surveys1796500000002).
 */
@Entity({ name: 'survey_participation' })
@Check('CHK_survey_participation_state', `"state" IN ('answered', 'dismissed')`)
@Index('IDX_survey_participation_user', ['userId'])
export class SurveyParticipation {
  @PrimaryColumn({ name: 'survey_id', type: 'uuid', primaryKeyConstraintName: 'PK_survey_participation' })
  surveyId!: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id', foreignKeyConstraintName: 'FK_survey_participation_survey' })
  survey?: Survey;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_survey_participation' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_survey_participation_user' })
  user?: User;

  @Column({ type: 'varchar', length: 16 })
  state!: SurveyParticipationState;

  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn!: string;
}
