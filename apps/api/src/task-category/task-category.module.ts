import { Module } from '@nestjs/common';
import { PiiGuardModule } from '../pii-guard/pii-guard.module';
import { TaskCategoriesController } from './task-categories.controller';
import { TaskCategoriesService } from './task-categories.service';
import { TaskCategoryJudgeScheduler } from './task-category-judge.scheduler';

/**
 * Task categories (docs/user/evaluation.md): the review and correction API, and the optional LLM judge. Conversations are classified as their
 * messages are stored (conversation-category.ts, called by the chat); battles by the arena at creation. Uses the
 * global organisation scope and audit log.
 */
@Module({
  imports: [PiiGuardModule],
  controllers: [TaskCategoriesController],
  providers: [TaskCategoriesService, TaskCategoryJudgeScheduler],
})
export class TaskCategoryModule {}
