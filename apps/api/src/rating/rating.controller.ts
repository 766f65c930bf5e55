import { Body, Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import { rateAnswerSchema, type RateAnswerRequest, type RatingView } from '@gennai/contracts';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { RatingService } from './rating.service';

@Controller('messages/:messageId/rating')
export class RatingController {
  constructor(private readonly ratings: RatingService) {}

  @Roles('user')
  @Put()
  rate(
    @CurrentCaller() caller: Caller,
    @Param('messageId', new UuidParamPipe('message')) messageId: string,
    @Body(new ZodValidationPipe(rateAnswerSchema)) body: RateAnswerRequest,
  ): Promise<RatingView> {
    return this.ratings.rate(caller, messageId, body);
  }

  @Roles('user')
  @Delete()
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('messageId', new UuidParamPipe('message')) messageId: string): Promise<void> {
    return this.ratings.remove(caller, messageId);
  }
}
