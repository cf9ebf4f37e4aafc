/**
 * The SQLite state store: the apply journal (so an interrupted apply resumes and a finished one is
 * not repeated) and the drill records. It never holds a secret.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Default location, relative to the working directory (like Terraform's state, beside the config). */
export const DEFAULT_STATE_PATH = '.breakglass/state.db';

const migrations: string[] = [
  `CREATE TABLE applies (
     id TEXT PRIMARY KEY,            -- digest of the plan
     tenant_id TEXT NOT NULL,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     status TEXT NOT NULL            -- running | done | failed
   );
   CREATE TABLE steps (
     apply_id TEXT NOT NULL REFERENCES applies(id),
     address TEXT NOT NULL,
     status TEXT NOT NULL,           -- started | done | failed
     started_at TEXT NOT NULL,
     finished_at TEXT,
     output TEXT,                    -- JSON of the ids the step produced (never a secret)
     error TEXT,
     PRIMARY KEY (apply_id, address)
   );
   CREATE TABLE drills (
     id TEXT PRIMARY KEY,
     tenant_id TEXT NOT NULL,
     account_id TEXT NOT NULL,
     user_principal_name TEXT NOT NULL,
     started_at TEXT NOT NULL,
     verified_at TEXT,
     verified INTEGER NOT NULL DEFAULT 0,
     sign_in_id TEXT,
     alert_fired INTEGER,
     notes TEXT
   );`,
];

export type StepStatus = 'started' | 'done' | 'failed';

export interface StepRecord {
  address: string;
  status: StepStatus;
  output: Record<string, unknown> | null;
  error: string | null;
}

export interface DrillRecord {
  id: string;
  tenantId: string;
  accountId: string;
  userPrincipalName: string;
  startedAt: string;
  verifiedAt: string | null;
  verified: boolean;
  signInId: string | null;
  alertFired: boolean | null;
  notes: string | null;
}

/** The state store. Open one per process; every write is its own transaction. */
export class StateStore {
  private readonly db: Database.Database;

  constructor(path: string = DEFAULT_STATE_PATH) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    for (let version = current; version < migrations.length; version++) {
      this.db.transaction(() => {
        this.db.exec(migrations[version]!);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  /** Starts (or returns the unfinished) apply of a plan; returns its status so callers can resume. */
  beginApply(applyId: string, tenantId: string, now: Date): 'new' | 'resumed' | 'done' {
    const row = this.db.prepare('SELECT status FROM applies WHERE id = ?').get(applyId) as
      { status: string } | undefined;
    if (row?.status === 'done') return 'done';
    if (row) {
      this.db.prepare("UPDATE applies SET status = 'running' WHERE id = ?").run(applyId);
      return 'resumed';
    }
    this.db
      .prepare("INSERT INTO applies (id, tenant_id, started_at, status) VALUES (?, ?, ?, 'running')")
      .run(applyId, tenantId, now.toISOString());
    return 'new';
  }

  finishApply(applyId: string, status: 'done' | 'failed', now: Date): void {
    this.db
      .prepare('UPDATE applies SET status = ?, finished_at = ? WHERE id = ?')
      .run(status, now.toISOString(), applyId);
  }

  /** The journal of one apply, keyed by change address. */
  steps(applyId: string): Map<string, StepRecord> {
    const rows = this.db
      .prepare('SELECT address, status, output, error FROM steps WHERE apply_id = ?')
      .all(applyId) as {
      address: string;
      status: StepStatus;
      output: string | null;
      error: string | null;
    }[];
    return new Map(
      rows.map((r) => [
        r.address,
        {
          address: r.address,
          status: r.status,
          output: r.output ? (JSON.parse(r.output) as Record<string, unknown>) : null,
          error: r.error,
        },
      ]),
    );
  }

  /** Records that a step began — written before the API call, so a crash leaves a trace. */
  stepStarted(applyId: string, address: string, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO steps (apply_id, address, status, started_at) VALUES (?, ?, 'started', ?)
         ON CONFLICT (apply_id, address) DO UPDATE SET status = 'started', started_at = excluded.started_at, error = NULL`,
      )
      .run(applyId, address, now.toISOString());
  }

  stepDone(applyId: string, address: string, output: Record<string, unknown>, now: Date): void {
    this.db
      .prepare(
        "UPDATE steps SET status = 'done', finished_at = ?, output = ? WHERE apply_id = ? AND address = ?",
      )
      .run(now.toISOString(), JSON.stringify(output), applyId, address);
  }

  stepFailed(applyId: string, address: string, error: string, now: Date): void {
    this.db
      .prepare(
        "UPDATE steps SET status = 'failed', finished_at = ?, error = ? WHERE apply_id = ? AND address = ?",
      )
      .run(now.toISOString(), error, applyId, address);
  }

  addDrill(drill: DrillRecord): void {
    this.db
      .prepare(
        `INSERT INTO drills (id, tenant_id, account_id, user_principal_name, started_at, verified_at, verified, sign_in_id, alert_fired, notes)
         VALUES (@id, @tenantId, @accountId, @userPrincipalName, @startedAt, @verifiedAt, @verified, @signInId, @alertFired, @notes)`,
      )
      .run({
        ...drill,
        verified: drill.verified ? 1 : 0,
        alertFired: drill.alertFired === null ? null : drill.alertFired ? 1 : 0,
      });
  }

  updateDrill(
    id: string,
    patch: Partial<Pick<DrillRecord, 'verifiedAt' | 'verified' | 'signInId' | 'alertFired' | 'notes'>>,
  ): void {
    const current = this.drills().find((d) => d.id === id);
    if (!current) throw new Error(`no drill ${id}`);
    const next = { ...current, ...patch };
    this.db
      .prepare(
        'UPDATE drills SET verified_at = ?, verified = ?, sign_in_id = ?, alert_fired = ?, notes = ? WHERE id = ?',
      )
      .run(
        next.verifiedAt,
        next.verified ? 1 : 0,
        next.signInId,
        next.alertFired === null ? null : next.alertFired ? 1 : 0,
        next.notes,
        id,
      );
  }

  drills(tenantId?: string): DrillRecord[] {
    const rows = (
      tenantId
        ? this.db.prepare('SELECT * FROM drills WHERE tenant_id = ? ORDER BY started_at').all(tenantId)
        : this.db.prepare('SELECT * FROM drills ORDER BY started_at').all()
    ) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r.id as string,
      tenantId: r.tenant_id as string,
      accountId: r.account_id as string,
      userPrincipalName: r.user_principal_name as string,
      startedAt: r.started_at as string,
      verifiedAt: (r.verified_at as string | null) ?? null,
      verified: r.verified === 1,
      signInId: (r.sign_in_id as string | null) ?? null,
      alertFired: r.alert_fired === null ? null : r.alert_fired === 1,
      notes: (r.notes as string | null) ?? null,
    }));
  }

  /** Every row of every table, for the test that proves no secret was stored. */
  dumpForInspection(): string {
    return ['applies', 'steps', 'drills']
      .map((t) => JSON.stringify(this.db.prepare(`SELECT * FROM ${t}`).all()))
      .join('\n');
  }

  close(): void {
    this.db.close();
  }
}
