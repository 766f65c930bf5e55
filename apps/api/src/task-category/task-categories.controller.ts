import { Body, Controller, Get, Param, PipeTransform, Put, Query } from '@nestjs/common';
import {
  changeTaskCategorySchema,
  listTaskCategoriesQuerySchema,
  TASK_CATEGORY_ITEM_KINDS,
  taskCategoryCountsQuerySchema,
  type ChangeTaskCategoryRequest,
  type ListTaskCategoriesQuery,
  type TaskCategoryCountsQuery,
  type TaskCategoryCountsView,
  type TaskCategoryItemKind,
  type TaskCategoryItemView,
  type TaskCategoryPageView,
} from '@gennai/contracts';
import { ApiException } from '../http/api.exception';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { TaskCategoriesService } from './task-categories.service';

/** `conversation` or `battle`; anything else names nothing here. */
class ItemKindPipe implements PipeTransform<string, TaskCategoryItemKind> {
  transform(value: string): TaskCategoryItemKind {
    if ((TASK_CATEGORY_ITEM_KINDS as readonly string[]).includes(value)) return value as TaskCategoryItemKind;
    throw new ApiException(404, 'route_not_found');
  }
}

/**
 * Task categories of conversations and battles (管理 → タスク分類): evaluators and administrators review them and
 * correct the classifier. Outside the caller's organisations everything answers 404.
 */
@Controller('evaluation/task-categories')
export class TaskCategoriesController {
  constructor(private readonly categories: TaskCategoriesService) {}

  @Roles('evaluator', 'platform_admin', 'org_admin')
  @Get()
  list(@CurrentCaller() caller: Caller, @Query(new ZodValidationPipe(listTaskCategoriesQuerySchema)) query: ListTaskCategoriesQuery): Promise<TaskCategoryPageView> {
    return this.categories.list(caller, query);
  }

  @Roles('evaluator', 'platform_admin', 'org_admin')
  @Get('counts')
  counts(@CurrentCaller() caller: Caller, @Query(new ZodValidationPipe(taskCategoryCountsQuerySchema)) query: TaskCategoryCountsQuery): Promise<TaskCategoryCountsView> {
    return this.categories.counts(caller, query);
  }

  @Roles('evaluator', 'platform_admin', 'org_admin')
  @Put(':kind/:id')
  change(
    @CurrentCaller() caller: Caller,
    @Param('kind', new ItemKindPipe()) kind: TaskCategoryItemKind,
    @Param('id', new UuidParamPipe('conversation')) id: string,
    @Body(new ZodValidationPipe(changeTaskCategorySchema)) body: ChangeTaskCategoryRequest,
  ): Promise<TaskCategoryItemView> {
    return this.categories.change(caller, kind, id, body.category);
  }
}
