/**
 * Analysing KQL ahead, in a worker thread (./worker.ts), so that a CLI audit does not wait for the
 * Kusto language service to load: the worker starts with the process and loads the library while
 * the main thread loads the command and reads the tenant (over the network, or from a file); the
 * audit then hands it the alert queries the analysis cache cannot answer and keeps the answers
 * (`rememberKql`), and the checks find them there. Only an optimisation: whatever goes wrong, the
 * checks analyse in-process as before, with the same result.
 */
import { Worker } from 'node:worker_threads';
import { analysisCacheIsEmpty, recallKql, rememberKql, type ParsedKql } from './parse.js';
import type { KqlTableSchema } from './schemas.js';
import type { KqlWorkerRequest, KqlWorkerResponse } from './worker.js';

/**
 * The process's node options for the worker, less those that describe the main script: a worker
 * refuses `--input-type`, and `-e`/`-p` with their code mean nothing to it.
 */
function workerExecArgv(): string[] {
  const options: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const option = argv[i]!;
    if (['-e', '--eval', '-p', '--print'].includes(option)) i++;
    else if (!option.startsWith('--input-type') && !/^(-e|--eval|-p|--print)=/.test(option))
      options.push(option);
  }
  return options;
}

/** A running analysis worker. */
export class KqlWorker {
  /** Why the worker has stopped, once it has (then `analyse` rejects at once instead of waiting). */
  private stopped: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.once('exit', (code) => {
      this.stopped ??= new Error(`the KQL worker exited (code ${code})`);
    });
    // An error is answered by `analyse` (it rejects); nothing else may crash the process for it.
    worker.on('error', (error) => {
      this.stopped ??= error;
    });
  }

  /**
   * Starts the worker (the module at `script`, by default ./worker.js); it never keeps the process
   * alive on its own.
   */
  static start(script: URL = new URL('./worker.js', import.meta.url)): KqlWorker {
    const worker = new Worker(script, { execArgv: workerExecArgv() });
    worker.unref();
    return new KqlWorker(worker);
  }

  /** Analyses `queries` against `tables` in the worker; resolves with one analysis per query. */
  analyse(queries: readonly string[], tables: readonly KqlTableSchema[]): Promise<ParsedKql[]> {
    // A worker that has already stopped would never answer, nor emit anything again.
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      const cleanUp = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
      };
      const onMessage = (response: KqlWorkerResponse) => {
        cleanUp();
        if ('error' in response) reject(new Error(response.error));
        else resolve(response.analyses);
      };
      const onError = (error: Error) => {
        cleanUp();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanUp();
        reject(new Error(`the KQL worker exited (code ${code})`));
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.on('exit', onExit);
      const request: KqlWorkerRequest = { queries: [...queries], tables: tables.map((t) => t.name) };
      this.worker.postMessage(request);
    });
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

let started: KqlWorker | undefined;

/** Starts this process's analysis worker, if not started yet. */
export function startKqlWorker(): void {
  started ??= KqlWorker.start();
}

/**
 * What the CLI calls before an audit loads: starts the worker when the analyses will probably be
 * needed — the analysis cache is off or empty, as on a fresh CI runner. With a cache that holds
 * analyses, the audit most likely finds its queries there (alert queries change rarely), and a
 * worker loading the library on the other core would only slow the audit down (about a tenth of a
 * second of contention and teardown, measured); a query missing from it is analysed in-process.
 */
export function startKqlWorkerIfCold(): void {
  if (analysisCacheIsEmpty()) startKqlWorker();
}

/**
 * Makes sure every one of `queries` has an analysis at hand for `tables`: those neither in memory
 * nor in the analysis cache are analysed by the worker started with `startKqlWorker`, which is
 * then stopped. Without a started worker, or if it fails, does nothing (the checks analyse them
 * in-process). Resolves with how many the worker analysed.
 */
export async function analyseAhead(
  queries: readonly string[],
  tables: readonly KqlTableSchema[],
): Promise<number> {
  const worker = started;
  started = undefined;
  if (!worker) return 0;
  try {
    const missing = queries.filter((query) => !recallKql(query, tables));
    if (missing.length === 0) return 0;
    const analyses = await worker.analyse(missing, tables);
    missing.forEach((query, i) => {
      const analysis = analyses[i];
      if (analysis) rememberKql(query, tables, analysis);
    });
    return missing.length;
  } catch {
    return 0;
  } finally {
    // Not awaited: the worker is unref'd, and stopping it must not hold the audit up.
    void worker.close();
  }
}
