import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OCR_QUEUE } from '@remote-ocr/contracts';
import { JOB_STORE, OBJECT_STORE } from '@remote-ocr/server';
import type { JobStore, ObjectStore } from '@remote-ocr/storage';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { Public } from '../common/api-key.guard.js';

const CHECK_TIMEOUT_MS = 2000;

/**
 * One readiness probe: 'ok', 'no answer in 2000 ms', or 'unavailable'. The error itself (driver
 * text naming hosts, ports and paths) goes to the log, not to the caller.
 */
async function check(name: string, probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout()), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch (error) {
    if (error instanceof ProbeTimeout) return error.message;
    logger.warn({ err: error, check: name }, `readiness check ${name} failed`);
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

class ProbeTimeout extends Error {
  constructor() {
    super(`no answer in ${CHECK_TIMEOUT_MS} ms`);
  }
}

const logger = new Logger('Health');

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @InjectQueue(OCR_QUEUE) private readonly queue: Queue,
  ) {}

  /** Liveness: the process answers. No auth. */
  @Public()
  @Get()
  live() {
    return { ok: true };
  }

  /** Readiness: Redis, the database and the object store all answer within 2 s. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const [redis, database, storage] = await Promise.all([
      check('redis', () => this.queue.getJobCounts('waiting')),
      check('database', () => this.store.ping()),
      check('storage', () => this.objects.ping()),
    ]);
    const ok = redis === 'ok' && database === 'ok' && storage === 'ok';
    res.status(ok ? 200 : 503);
    return { ok, checks: { redis, database, storage } };
  }
}
