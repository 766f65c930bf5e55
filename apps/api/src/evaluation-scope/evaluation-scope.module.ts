import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { EvaluationOrganizationsController } from './evaluation-organizations.controller';

/** Who reads which organisations' evaluation data (evaluation-scope.ts), and the organisations to filter by. */
@Module({
  imports: [OrganizationsModule],
  controllers: [EvaluationOrganizationsController],
})
export class EvaluationScopeModule {}
