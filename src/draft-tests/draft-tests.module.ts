/**
 * Draft tests: an action's saved draft, read from its stream, run once by the runtime's draft runner. Its own module
 * because it is the one Management API endpoint that calls into the runtime; the runtime in turn reads the bindings
 * and actions read side, so keeping this out of ActionsModule keeps the module graph free of cycles.
 */
import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { RuntimeModule } from '../runtime/runtime.module';
import { ActionDraftTester } from './action-draft-tester';
import { DraftTestsController } from './http/draft-tests.controller';

@Module({
  imports: [ActionsModule, RuntimeModule],
  controllers: [DraftTestsController],
  providers: [ActionDraftTester],
})
export class DraftTestsModule {}
