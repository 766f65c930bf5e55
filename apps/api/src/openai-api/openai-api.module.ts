import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { PiiGuardModule } from '../pii-guard/pii-guard.module';
import { QuotasModule } from '../quotas/quotas.module';
import { ChatCompletionsService } from './chat-completions.service';
import { OpenAiApiController } from './openai-api.controller';
import { openAiJsonBody } from './openai-json-body.middleware';

/** /v1/models and /v1/chat/completions for programs (the official OpenAI clients work against them). */
@Module({
  imports: [QuotasModule, PiiGuardModule],
  controllers: [OpenAiApiController],
  providers: [ChatCompletionsService],
})
export class OpenAiApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(openAiJsonBody()).forRoutes(OpenAiApiController);
  }
}
