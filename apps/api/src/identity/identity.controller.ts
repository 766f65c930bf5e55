import { Controller, Get, Inject } from '@nestjs/common';
import type { AuthConfigView, MeView, Role } from '@gennai/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Public, Roles } from './access.decorators';
import { type Caller, CurrentCaller } from './caller';
import { toOrganizationView } from '../organizations/organizations.service';
import { UsersService } from './users.service';

@Controller()
export class IdentityController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  /** What the web app needs to start signing in. */
  @Public()
  @Get('auth/config')
  authConfig(): AuthConfigView {
    const { url, realm, webClientId, developmentProvider } = this.config.identity;
    return { url, realm, clientId: webClientId, developmentProvider };
  }

  /** Vendors' staff have no `user` role (no chat) but sign in to the web app for their feedback page. */
  @Roles('user', 'vendor')
  @Get('me')
  async me(@CurrentCaller() caller: Caller): Promise<MeView> {
    const user = await this.users.profile(caller.userId);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      email: user.email,
      organization: toOrganizationView(user.organization),
      unit: user.unit ? { id: user.unit.id, name: user.unit.name } : null,
      roles: caller.roles as Role[],
      piiSettings: { piiPolicy: user.organization.piiPolicy, confidentialClassEnabled: user.organization.confidentialClassEnabled },
    };
  }
}
