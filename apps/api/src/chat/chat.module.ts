import { Module } from '@nestjs/common';
import { PiiGuardModule } from '../pii-guard/pii-guard.module';
import { ChatStreamService } from './chat-stream.service';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { ModelsController } from './models.controller';

@Module({
  imports: [PiiGuardModule],
  controllers: [ConversationsController, ModelsController],
  providers: [ConversationsService, ChatStreamService],
})
export class ChatModule {}
