import type { ChildProcess } from 'node:child_process';

export const REPO_ROOT: string;

export interface AppProcessOptions {
  env?: Record<string, string | undefined>;
  inheritEnv?: boolean;
  extraArgs?: string[];
  label?: string;
  keepChars?: number;
}

export interface AppProcess {
  name: string;
  app: 'api' | 'worker';
  child: ChildProcess;
  pid: number | undefined;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
}

export function startAppProcess(app: 'api' | 'worker', options?: AppProcessOptions): AppProcess;
export function waitForHttp(url: string, proc: AppProcess, timeoutMs?: number): Promise<void>;
