/**
 * Opens a SQLite database that only the bridge's user may read (0600): the outbox and the local
 * back office hold citizens' submissions. The file is created 0600 before SQLite opens it, and an
 * existing one (and its -wal/-shm/-journal) is narrowed to 0600; SQLite creates its -wal and -shm
 * files with the database file's mode, so they are 0600 too.
 */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';

export function openPrivateDatabase(file: string): Database.Database {
  if (file !== ':memory:') {
    closeSync(openSync(file, 'a', 0o600));
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(f)) chmodSync(f, 0o600);
  }
  return new Database(file);
}
