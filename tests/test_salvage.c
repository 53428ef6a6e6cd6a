/* test_salvage.c - checking a database file and salvaging its history
 * (src/salvage.c) */
#include "testutil.h"

#include <stdio.h>

#include "db.h"
#include "history.h"
#include "salvage.h"

#define NOW 1700000000

struct fixture {
	char dir[64];
	char db[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/mcd-test-salvage.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/mcd.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	rm_rf_at(AT_FDCWD, f->dir);
	free(f);
	return 0;
}

/* A database at F->db whose history holds the N PATHS, visited once. */
static void make_history(struct fixture *f, const char *const *paths, int n)
{
	struct db db;

	assert_int_equal(db_open(&db, f->db), 0);
	assert_int_equal(history_add(&db, paths, n, NOW), 0);
	db_close(&db);
}

static void should_find_a_sound_database_sound_and_say_nothing(void **state)
{
	struct fixture *f = *state;
	const char *paths[] = {"/a", "/b"};
	struct buf report = BUF_INIT;

	make_history(f, paths, 2);
	assert_int_equal(salvage_check(f->db, &report), 1);
	assert_int_equal(report.len, 0);
	buf_release(&report);
}

static void should_report_a_file_that_is_no_database(void **state)
{
	struct fixture *f = *state;
	struct buf report = BUF_INIT;
	FILE *file = fopen(f->db, "w");

	assert_non_null(file);
	for (int i = 0; i < 512; i++)
		fputs("not a database ", file);
	fclose(file);
	assert_int_equal(salvage_check(f->db, &report), 0);
	assert_non_null(report.data);
	assert_true(!strncmp(report.data, "quick_check: ", 13) ||
	            !strncmp(report.data, "cannot open: ", 13));
	assert_int_equal(report.data[report.len - 1], '\n');
	buf_release(&report);
}

static void should_read_back_every_visit_and_restore_it_elsewhere(void **state)
{
	struct fixture *f = *state;
	const char *paths[] = {"/srv/a", "/srv/b b", "/srv/c"};
	struct salvage s;
	struct db db;
	char other[160];
	size_t i;

	make_history(f, paths, 3);
	salvage_init(&s);
	salvage_read(f->db, &s);
	assert_int_equal(s.n, 3);
	for (i = 0; i < s.n; i++) {
		assert_true(s.v[i].rank >= 1);
		assert_int_equal(s.v[i].last, NOW);
	}
	snprintf(other, sizeof(other), "%s/new.db", f->dir);
	assert_int_equal(db_open(&db, other), 0);
	assert_int_equal(salvage_restore(&db, &s), 0);
	db_close(&db);
	salvage_release(&s);

	salvage_init(&s);
	salvage_read(other, &s);
	assert_int_equal(s.n, 3);
	for (i = 0; i < 3; i++) {
		int found = 0;
		for (size_t k = 0; k < s.n; k++)
			found |= !strcmp(s.arena.data + s.v[k].path, paths[i]);
		assert_true(found);
	}
	salvage_release(&s);
}

static void should_salvage_nothing_from_a_file_that_is_not_there(void **state)
{
	struct fixture *f = *state;
	struct salvage s;

	salvage_init(&s);
	salvage_read(f->db, &s);
	assert_int_equal(s.n, 0);
	salvage_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(should_find_a_sound_database_sound_and_say_nothing,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(should_report_a_file_that_is_no_database, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(should_read_back_every_visit_and_restore_it_elsewhere,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(should_salvage_nothing_from_a_file_that_is_not_there,
	                                    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
