/**
 * A bulk batch into an empty store (the first load) on PostgreSQL. Nobody reads an empty store, and the rollback of a
 * failed load puts everything back, so the batch takes the large tables apart at its start and builds them once at
 * the end:
 *
 * - contacts, attempts and contact_facts lose their primary keys and secondary indexes (a sort per index at the end
 *   instead of a descent per row) and are truncated in the batch's transaction, which lets COPY write the contacts
 *   and attempts straight into them, frozen (COPY FREEZE: no staging copy, no later rewrite to set hint bits, and
 *   the visibility map is set, so the facts read the new indexes alone);
 * - when a kind's COPY ends, one anti-join looks for rows whose campaign or contact is missing, and its primary key
 *   is built, which fails only on an id met twice. Either is rare: the rows are then moved into the staging table,
 *   tagged with their place in the table (a table truncated in this transaction is filled in COPY order), and sorted
 *   out as any staged rows are, their tags taken from the sink (pgRowSink.ts), so the problems named are the same.
 *   Otherwise the kind's statistics and secondary indexes are built while the next file is read (keyLoaded);
 * - the contact facts are inserted plainly into the empty contact_facts, and its key and indexes built after them.
 *
 * After a commit the frozen rows are visible to every snapshot, also to a repeatable-read transaction begun before
 * it (COPY FREEZE's documented exception to MVCC); the bot's reads are single statements, which see the data
 * before or after the commit either way.
 */
import type { Client } from 'pg';
import type { AnyTableRows } from '../tableRows';
import { stagingTable } from './pgRowSink';

/** Tables a bulk load into an empty store takes apart and builds at the end. */
const BULK_TABLES = ['contacts', 'attempts', 'contact_facts'];

/** An index or a primary key dropped for the load, and the statement that builds it again. */
export interface IndexDef {
  table: string;
  name: string;
  sql: string;
}

const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export class EmptyLoad {
  private constructor(
    private readonly client: Client,
    /** Secondary indexes, until built (or pending). */
    private readonly indexes: IndexDef[],
    /** Primary keys, until their kind's rows are in (contact_facts': until its facts are). */
    private readonly keys: IndexDef[],
  ) {}

  /** Statements left to run before the next one: sent with the next kind's COPY, or else on their own. */
  private pending: string[] = [];

  /** When contacts and attempts are empty: drops their keys and indexes (and contact_facts') and truncates them. */
  static async prepare(client: Client): Promise<EmptyLoad | null> {
    const q = <T extends object>(sql: string, params: unknown[] = []) => client.query<T>(sql, params);
    // COPY FREEZE needs no snapshot older than the TRUNCATE: a read-committed transaction's (the default)
    const { empty, readCommitted } = (
      await q<{ empty: boolean; readCommitted: boolean }>(
        `SELECT NOT EXISTS (SELECT 1 FROM contacts) AND NOT EXISTS (SELECT 1 FROM attempts) AS empty,
           current_setting('transaction_isolation') = 'read committed' AS "readCommitted"`,
      )
    ).rows[0]!;
    if (!empty || !readCommitted) return null;
    const { rows: indexes } = await q<IndexDef>(
      `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS sql
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       WHERE t.relname = ANY($1) AND t.relnamespace = to_regnamespace(current_schema()) AND NOT x.indisprimary AND NOT x.indisunique
       ORDER BY i.relname`,
      [BULK_TABLES],
    );
    const { rows: keys } = await q<IndexDef>(
      `SELECT t.relname AS table, c.conname AS name, format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid)) AS sql
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
       WHERE c.contype = 'p' AND t.relname = ANY($1) AND t.relnamespace = to_regnamespace(current_schema())`,
      [BULK_TABLES],
    );
    for (const ix of indexes) await q(`DROP INDEX ${quoteName(ix.name)}`);
    for (const key of keys) await q(`ALTER TABLE ${quoteName(key.table)} DROP CONSTRAINT ${quoteName(key.name)}`);
    // contact_facts holds nothing a first load keeps: every contact's facts are computed at its end
    await q(`TRUNCATE ${BULK_TABLES.join(', ')}`);
    return new EmptyLoad(client, indexes, keys);
  }

  /** The primary key of `table` while it is dropped. */
  droppedKey(table: string): IndexDef | undefined {
    return this.keys.find((k) => k.table === table);
  }

  /** Builds a dropped primary key again (an id met twice fails it): no longer dropped. */
  async restoreKey(key: IndexDef): Promise<void> {
    await this.client.query(key.sql);
    this.keys.splice(this.keys.indexOf(key), 1);
  }

  /**
   * Builds a dropped primary key, which fails only on an id met twice: then false, the transaction as it was before
   * (a savepoint around it), and the key still dropped.
   */
  async tryRestoreKey(key: IndexDef): Promise<boolean> {
    const q = (sql: string) => this.client.query(sql);
    await q('SAVEPOINT primary_key');
    try {
      await this.restoreKey(key);
      await q('RELEASE SAVEPOINT primary_key');
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '23505') throw error;
      await q('ROLLBACK TO SAVEPOINT primary_key');
      await q('RELEASE SAVEPOINT primary_key');
      return false;
    }
  }

  /**
   * After a kind's rows were copied straight into its table: true when none of them refers to a missing row and its
   * primary key could be built (no id twice); its statistics and secondary indexes are then left pending, to go with
   * the next kind's COPY in one message, so that its rows are read meanwhile (the sink buffering what is read until the
   * server gets to the COPY). Otherwise the table is as it was after the COPY, its rows moved into the staging table, each tagged
   * with its ordinal (1-based, the COPY's order), for the batch to sort out; false.
   */
  async keyLoaded(rows: AnyTableRows): Promise<boolean> {
    const q = (sql: string) => this.client.query(sql);
    await this.runPending();
    const key = this.droppedKey(rows.kind);
    if (!key) throw new Error(`${rows.kind} has its primary key`);
    // a reference to a table loaded here is checked in the order of an index of this one
    const built = rows.reference && BULK_TABLES.includes(rows.reference.parent) ? await this.buildIndexes(rows.kind) : [];
    if ((await this.referencesFound(rows)) && (await this.tryRestoreKey(key))) {
      this.pending.push(`ANALYZE ${rows.kind}`);
      for (const ix of this.indexes.filter((i) => i.table === rows.kind)) {
        this.pending.push(ix.sql);
        this.indexes.splice(this.indexes.indexOf(ix), 1);
      }
      return true;
    }
    for (const ix of built) await q(`DROP INDEX ${quoteName(ix.name)}`);
    this.indexes.push(...built);
    const columns = rows.columns.join(', ');
    await q(`INSERT INTO ${stagingTable(rows)} (tag, ${columns}) SELECT row_number() OVER (ORDER BY ctid), ${columns} FROM ${rows.kind}`);
    await q(`TRUNCATE ${rows.kind}`);
    return false;
  }

  /** The pending statements, for a COPY to send before itself in the same message (a failure stops it). */
  takePending(): string {
    const sql = this.pending.map((statement) => `${statement}; `).join('');
    this.pending = [];
    return sql;
  }

  /** Runs the pending statements that no COPY took. */
  private async runPending(): Promise<void> {
    const sql = this.takePending();
    if (sql) await this.client.query(sql);
  }

  /**
   * Whether every row's reference (a contact's campaign, an attempt's contact) exists. A reference to a table loaded
   * here (an attempt's contact) is looked up by merging two index-only scans in id order (attempts_by_contact and
   * contacts' key: about 0.5 s at 2M attempts), which the planner, costing index pages as if read from disk, would
   * hash instead (about 1.8 s); a campaign, in a hash of the campaigns (NOT IN: the new rows have no statistics yet).
   */
  private async referencesFound(rows: AnyTableRows): Promise<boolean> {
    if (!rows.reference) return true;
    const { parent } = rows.reference;
    const column = `s.${rows.columns[rows.reference.column]!}`;
    if (!BULK_TABLES.includes(parent)) {
      return (await this.client.query(`SELECT 1 FROM ${rows.kind} s WHERE ${column} NOT IN (SELECT id FROM ${parent}) LIMIT 1`)).rows.length === 0;
    }
    const missing = `SELECT 1 FROM ${rows.kind} s WHERE NOT EXISTS (SELECT 1 FROM ${parent} p WHERE p.id = ${column}) LIMIT 1`;
    const results = (await this.client.query(`SET enable_hashjoin = off; ${missing}; RESET enable_hashjoin`)) as unknown as { rows: unknown[] }[];
    return results[1]!.rows.length === 0;
  }

  /** Builds the dropped secondary indexes of `table`; returns them. */
  private async buildIndexes(table: string): Promise<IndexDef[]> {
    const built = this.indexes.filter((i) => i.table === table);
    for (const ix of built) {
      await this.client.query(ix.sql);
      this.indexes.splice(this.indexes.indexOf(ix), 1);
    }
    return built;
  }

  /** Builds what is still dropped of contacts and attempts (a kind whose rows never came, or were sorted out). */
  async buildTables(): Promise<void> {
    await this.runPending();
    for (const key of this.keys.filter((k) => k.table !== 'contact_facts')) await this.restoreKey(key);
    for (const table of BULK_TABLES.filter((t) => t !== 'contact_facts')) await this.buildIndexes(table);
  }

  /** Builds contact_facts' primary key and indexes, once its facts are in. */
  async buildFacts(): Promise<void> {
    for (const key of this.keys.filter((k) => k.table === 'contact_facts')) await this.restoreKey(key);
    await this.buildIndexes('contact_facts');
  }
}
