/** POST /api/v2/actions/actions/{id}/test (docs/api.md, "Rules": draft test): runs the saved draft once. */
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../auth/auth.decorators';
import { Meta, RequestMeta } from '../../shared/http/request-meta';
import { ValidBody } from '../../shared/http/validation';
import { ActionDraftTester } from '../action-draft-tester';
import { TestActionDto } from './draft-test.dto';

@ApiTags('actions')
@ApiBearerAuth()
@Controller('api/v2/actions/actions')
export class DraftTestsController {
  constructor(private readonly tester: ActionDraftTester) {}

  @Post(':id/test')
  @HttpCode(200)
  @RequireScopes('create:actions')
  test(@Param('id') id: string, @Body(ValidBody) body: TestActionDto, @Meta() meta: RequestMeta) {
    return this.tester.test(meta.principal.tenantId, id, body.payload);
  }
}
