import { Module } from '@nestjs/common';
import { PiiGuard } from './pii-guard.service';

/** The PII guard and the 機密性3 gate, used by the chat and by the OpenAI-compatible API before a model is called. */
@Module({
  providers: [PiiGuard],
  exports: [PiiGuard],
})
export class PiiGuardModule {}
