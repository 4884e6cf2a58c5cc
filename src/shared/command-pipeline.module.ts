/**
 * Gives feature modules the one write path (command-pipeline.ts). The pipeline answers a write only once the
 * projections have applied it, so this module imports the projections module for their progress.
 */
import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { CommandPipeline } from './command-pipeline';

@Module({
  imports: [ProjectionsModule],
  providers: [CommandPipeline],
  exports: [CommandPipeline],
})
export class CommandPipelineModule {}
