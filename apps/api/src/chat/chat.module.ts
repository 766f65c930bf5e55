import { Module } from '@nestjs/common';
import { ChatStreamService } from './chat-stream.service';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { ModelsController } from './models.controller';

@Module({
  controllers: [ConversationsController, ModelsController],
  providers: [ConversationsService, ChatStreamService],
})
export class ChatModule {}
