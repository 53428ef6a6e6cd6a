/* dbfile.h - what db.c (the connection) and dbfile.c (the file and its
 * folder) share; no other module includes it
 *
 * db_open_journal() runs the header check before SQLite opens a file, and
 * both files record why a file is refused: dbfile.c's checks of the bytes
 * before the open, db.c's of what SQLite reads after it. dbfile.c keeps
 * the one reason, which db_open_default() reports.
 */
#ifndef MCD_DBFILE_H
#define MCD_DBFILE_H

/* Check the file at PATH (its first 100 bytes, and the WAL beside it)
 * before SQLite opens it, reading it only, never writing. Returns 1 when
 * its header says it is in WAL mode already; 0 when it is missing or
 * empty, cannot be read (SQLite then reports why) or may not be in WAL
 * mode; DB_UNUSABLE when it is truncated, not an SQLite database or
 * another program's, DB_NEWER when it is from a newer mcd, both with the
 * reason recorded. */
int dbfile_check_header(const char *path);

/* Record why a file is unusable (a printf format and its arguments) as
 * the reason; returns DB_UNUSABLE. */
int dbfile_unusable(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Record that a file has schema VERSION, newer than db_schema_version(),
 * as the reason; returns DB_NEWER. */
int dbfile_newer(int version);

/* Forget the recorded reason: each open starts without one. */
void dbfile_clear_reason(void);

#endif
