import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OCR_QUEUE } from '@remote-ocr/contracts';
import { JOB_STORE, OBJECT_STORE } from '@remote-ocr/server';
import type { JobStore, ObjectStore } from '@remote-ocr/storage';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { Public } from '../common/api-key.guard.js';

const CHECK_TIMEOUT_MS = 2000;

async function check(probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

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
      check(() => this.queue.getJobCounts('waiting')),
      check(() => this.store.ping()),
      check(() => this.objects.ping()),
    ]);
    const ok = redis === 'ok' && database === 'ok' && storage === 'ok';
    res.status(ok ? 200 : 503);
    return { ok, checks: { redis, database, storage } };
  }
}
