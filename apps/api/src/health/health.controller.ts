import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../identity/access.decorators';

/** Probes for Kubernetes and load balancers (outside the /api prefix, never logged per call). */
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Liveness: the process is up and serving HTTP. */
  @Public()
  @Get('healthz')
  alive() {
    return { status: 'ok' };
  }

  /** Readiness: the database answers and every migration this release knows has been applied. */
  @Public()
  @Get('readyz')
  async ready(@Res({ passthrough: true }) res: Response) {
    const checks = { database: 'fail', migrations: 'fail' };
    try {
      await this.dataSource.query('SELECT 1');
      checks.database = 'ok';
      checks.migrations = (await this.dataSource.showMigrations()) ? 'pending' : 'ok';
    } catch {
      // reported through the checks below
    }
    const ready = checks.database === 'ok' && checks.migrations === 'ok';
    res.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', checks };
  }
}
