# mcd - monorepo navigation helper
#
#   make              build ./mcd
#   make test         unit tests (ASan+UBSan) and shell tests, with a summary line;
#                     installs the test packages that are missing first (test-deps)
#   make install      install under $(DESTDIR)$(PREFIX)
#   make deps         apt-get install the packages that building needs, when missing
#   make test-deps    apt-get install the packages that the tests need, when missing

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
DESTDIR  ?=
PKG_CONFIG ?= pkg-config
# fish reads vendor_completions.d under each folder of XDG_DATA_DIRS and,
# when that is not set, only its own (pkg-config fish: completionsdir):
# with the default PREFIX the completion goes there, else under PREFIX.
FISH_PC_COMPDIR := $(if $(filter file,$(origin PREFIX)),$(shell $(PKG_CONFIG) --variable=completionsdir fish 2>/dev/null))
FISHCOMPDIR ?= $(or $(FISH_PC_COMPDIR),$(PREFIX)/share/fish/vendor_completions.d)

CC      ?= cc
CFLAGS  ?= -O2
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
# GNU readline is GPL: a binary linked with it is distributed under GPL
# terms. make LINE_EDITOR=libedit links libedit's readline interface instead.
LINE_EDITOR ?= readline
ifeq ($(LINE_EDITOR),libedit)
PKGS     = sqlite3 libedit
DEFS     = -D_GNU_SOURCE -DMCD_LIBEDIT
else
PKGS     = sqlite3 readline
DEFS     = -D_GNU_SOURCE
endif
CPPFLAGS_ALL = $(DEFS) -Isrc -Ibuild $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# mcd runs on every cd and TAB, and a process start is most of its time:
# the dynamic loader's work (mapping, relocating and binding SQLite,
# readline and the C library) was more than the query itself. So the
# binary is linked fully static, as a static PIE (address randomisation
# kept), from the static archives of the same Debian -dev packages. Where
# that link fails (no libc.a), glibc stays shared and only the libraries
# whose archives exist are linked in; --as-needed drops unused ones.
# LINK=shared links the shared libraries (for distribution packages).
LINK    ?= static
STATIC_LIBS = sqlite3 readline edit tinfo termcap
LIBS_FALLBACK = -lsqlite3 -l$(LINE_EDITOR:libedit=edit)
# without pkg-config the private libraries are unknown: link the shared ones
PC_STATIC := $(shell $(PKG_CONFIG) --static --libs $(PKGS) 2>/dev/null)
ifeq ($(LINK)$(if $(PC_STATIC),,-unknown),static)
# archives are looked up where the linker will: pkg-config's -L, then the compiler's
LIB_DIRS := $(patsubst -L%,%,$(filter -L%,$(PC_STATIC))) \
	$(subst :, ,$(shell $(CC) -print-search-dirs 2>/dev/null | sed -n 's/^libraries: =//p'))
lib_file = $(firstword $(wildcard $(addsuffix /lib$(1),$(LIB_DIRS))))
link_arg = $(if $(filter -l%,$(1)),$(or \
	$(and $(filter $(1:-l%=%),$(STATIC_LIBS)),$(call lib_file,$(1:-l%=%).a)), \
	$(and $(call lib_file,$(1:-l%=%).so),$(1))),$(1))
LIBS    := -Wl,--as-needed $(foreach f,$(PC_STATIC),$(call link_arg,$(f))) -lpthread
# fully static: every -l must have its archive (sqlite3.pc names -lz, unused)
full_arg = $(if $(filter -l%,$(1)),$(if $(call lib_file,$(1:-l%=%).a),$(1)),$(1))
LIBS_FULL := $(foreach f,$(PC_STATIC),$(call full_arg,$(f))) -lpthread
LINK_FULL = -static-pie
else
LIBS    := -Wl,--as-needed $(or $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null),$(LIBS_FALLBACK)) -lpthread
endif
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g

SRCS     = $(filter-out src/main.c,$(wildcard src/*.c)) build/scripts.c
OBJS     = $(SRCS:%.c=build/%.o)
ASAN_OBJS = $(SRCS:%.c=build/asan/%.o)
TESTS    = $(patsubst tests/%.c,build/asan/%,$(wildcard tests/test_*.c))
SCRIPTS  = shell/mcd.bash shell/mcd.zsh shell/mcd.fish shell/mcd.posix

# What building and installing need (make deps); what the tests need too
# (make test-deps, which make test runs first).
BUILD_PKGS  = build-essential pkg-config libsqlite3-dev libreadline-dev
DEBIAN_PKGS = build-essential pkg-config libsqlite3-dev libreadline-dev libcmocka-dev \
              zsh tmux git shellcheck clang clang-format libclang-rt-dev valgrind groff-base mandoc \
              fzf direnv bash-completion zsh-autosuggestions zsh-syntax-highlighting \
              fish dash mksh busybox

# keep every object: they are reused across targets
.SECONDARY:

.PHONY: all test run-tests install uninstall clean deps test-deps fmt fmt-check fuzz check-valgrind eval
all: mcd

# V=1 shows the full commands
Q = $(if $(V),,@)

# In a static link, readline's and libedit's user lookups (~user: getpwnam,
# getpwuid, their _r forms...) and SQLite's extension loading (dlopen, which mcd never
# asks for) warn that they load shared modules at run time: those
# warnings, for those calls only, are not shown; anything else is.
STATIC_QUIET = getpwnam|getpwuid|getpwnam_r|getpwuid_r|getpwent|setpwent|endpwent|dlopen
mcd: build/src/main.o $(OBJS)
ifdef LINK_FULL
	@echo "  LD      $@ (static)"
	$(Q)if $(CC) $(CFLAGS) $(LDFLAGS) $(LINK_FULL) -o $@ $^ $(LIBS_FULL) >build/link.log 2>&1; then \
		awk '/: in function /{ held = $$0; next } \
		     /warning: Using .($(STATIC_QUIET)). in statically linked/{ held = ""; next } \
		     { if (held != "") print held; held = ""; print } \
		     END { if (held != "") print held }' build/link.log >&2; \
	else \
		echo "  LD      $@ (no full static link, glibc shared: see build/link.log)"; \
		$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS); \
	fi
else
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
endif

build/%.o: %.c $(wildcard src/*.h) | build/scripts.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS_ALL) $(CPPFLAGS) -c -o $@ $<

build/asan/%.o: %.c $(wildcard src/*.h) | build/scripts.c
	@mkdir -p $(dir $@)
	@echo "  CC+SAN  $<"
	$(Q)$(CC) $(WARN) -O1 $(SAN) $(CPPFLAGS_ALL) $(CPPFLAGS) -c -o $@ $<

# The shell integration is embedded in the binary as C strings.
build/scripts.c: $(SCRIPTS) tests/embed.awk
	@mkdir -p build
	@echo "  EMBED   $(SCRIPTS)"
	$(Q)awk -f tests/embed.awk $(SCRIPTS) > $@.tmp && mv $@.tmp $@

# The sanitizer build of the binary, used by the shell tests.
build/asan/mcd: build/asan/src/main.o $(ASAN_OBJS)
	@echo "  LD+SAN  $@"
	$(Q)$(CC) $(SAN) -o $@ $^ $(LIBS)

# Tests find the source tree's files (man/mcd.1) through MCD_SOURCE_DIR.
TEST_DEFS = -DMCD_SOURCE_DIR='"$(CURDIR)"'
build/asan/test_%: tests/test_%.c $(wildcard tests/*.h) $(ASAN_OBJS)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(WARN) -O1 $(SAN) $(CPPFLAGS_ALL) $(TEST_DEFS) $(shell $(PKG_CONFIG) --cflags cmocka) \
		-o $@ $< $(ASAN_OBJS) $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka || echo -lcmocka)

# make test also runs each fuzz target for a few seconds when clang is there
FUZZ_CC   ?= clang
FUZZ_TIME ?= 60
FUZZERS    = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
HAVE_CLANG = $(shell echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' | \
             $(FUZZ_CC) -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1 && echo yes)
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
             $(DEFS) -Isrc $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)

# make test installs what only the tests need when it is missing, then
# builds and runs them in a make of its own, which sees what was just
# installed (cmocka, clang for the fuzzers).
test: test-deps
	@$(MAKE) --no-print-directory run-tests

run-tests: mcd build/asan/mcd $(TESTS) $(if $(HAVE_CLANG),$(FUZZERS))
	@FUZZERS="$(if $(HAVE_CLANG),$(FUZZERS))" bash tests/run $(TESTS)

# Each fuzz target links only the modules it exercises.
build/fuzz/fuzz_manifest: $(wildcard src/manifest*.c) src/util.c
build/fuzz/fuzz_ignore: src/ignore.c src/util.c
build/fuzz/fuzz_query: src/rank.c src/keywords.c src/cand.c src/match.c src/prefilter.c src/testcode.c src/history.c src/db.c src/dbfile.c src/snapshot.c src/view.c src/view_write.c src/util.c
build/fuzz/fuzz_import: src/import.c src/util.c
build/fuzz/fuzz_view: src/view.c src/view_write.c src/db.c src/dbfile.c src/prefilter.c src/util.c
build/fuzz/%: tests/fuzz/%.c $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(filter %.c,$(filter-out $<,$^)) $(LIBS)

# Fuzz every target for FUZZ_TIME seconds, keeping a corpus per target.
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do \
		mkdir -p build/corpus/$${f##*/}; \
		echo "== $$f ($(FUZZ_TIME) s)"; \
		$$f -max_total_time=$(FUZZ_TIME) -print_final_stats=1 build/corpus/$${f##*/} 2>&1 \
			| grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Done' || exit 1; \
	done

# The unit tests without sanitizers, under valgrind: no error, no leak.
VG_OBJS  = $(SRCS:%.c=build/vg/%.o)
VG_TESTS = $(patsubst tests/%.c,build/vg/%,$(wildcard tests/test_*.c))
build/vg/%.o: %.c $(wildcard src/*.h) | build/scripts.c
	@mkdir -p $(dir $@)
	@echo "  CC(vg)  $<"
	$(Q)$(CC) $(WARN) -O1 -g $(CPPFLAGS_ALL) $(CPPFLAGS) -c -o $@ $<
build/vg/test_%: tests/test_%.c $(wildcard tests/*.h) $(VG_OBJS)
	@echo "  TEST    $@"
	$(Q)$(CC) $(WARN) -O1 -g $(CPPFLAGS_ALL) $(TEST_DEFS) $(shell $(PKG_CONFIG) --cflags cmocka) \
		-o $@ $< $(VG_OBJS) $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka || echo -lcmocka)
check-valgrind: $(VG_TESTS)
	@fail=0; for t in $(VG_TESTS); do \
		if valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
			$$t >build/vg/$${t##*/}.log 2>&1; \
		then echo "ok   $$t"; else echo "FAIL $$t (build/vg/$${t##*/}.log)"; fail=1; fi; \
	done; exit $$fail

# Jump accuracy: the shared cases, then our own held-out sets (tests/eval*).
SHARED ?= ../shared
eval: mcd
	@$(SHARED)/eval/run ./mcd $(SHARED)/eval/cases/*.case | tail -n 9
	@for d in tests/eval tests/eval2 tests/eval3; do [ -d $$d/cases ] || continue; echo "== $$d"; \
		EVAL_TREES=$$PWD/$$d/trees $(SHARED)/eval/run ./mcd $$d/cases/*.case | tail -n 9; done

# Speed against find/bfs/fdfind/zoxide/fzy (bench/run; never part of make test).
# make bench BENCH_ARGS=--quick runs one small tree in under a minute.
.PHONY: bench
bench: mcd
	@bash bench/run $(BENCH_ARGS)

install: mcd
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 mcd $(DESTDIR)$(BINDIR)/mcd
	install -m 0644 man/mcd.1 $(DESTDIR)$(MANDIR)/man1/mcd.1
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0644 completions/mcd.bash $(DESTDIR)$(BASHCOMPDIR)/mcd
	install -m 0644 completions/_mcd $(DESTDIR)$(ZSHCOMPDIR)/_mcd
	install -m 0644 completions/mcd.fish $(DESTDIR)$(FISHCOMPDIR)/mcd.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mcd $(DESTDIR)$(MANDIR)/man1/mcd.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/mcd $(DESTDIR)$(ZSHCOMPDIR)/_mcd $(DESTDIR)$(FISHCOMPDIR)/mcd.fish

clean:
	rm -rf build mcd

# apt-get install those of the Debian packages $(1) that are missing (with
# sudo unless root), saying so; $(2) names them in messages. Elsewhere than
# on Debian, it says what to install and goes on.
define apt_install
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "not Debian: install the $(2) yourself: $(strip $(1))"; exit 0; \
	fi; \
	missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing $(2):$$missing"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q $$missing; \
	else echo "$(2) present"; fi
endef

deps:
	$(call apt_install,$(BUILD_PKGS),build dependencies)

test-deps:
	$(call apt_install,$(DEBIAN_PKGS),test dependencies)

# The C sources in .clang-format's layout: make fmt applies it; make
# fmt-check (run by make test) fails when a file is not in it.
FMT_FILES = $(wildcard src/*.c src/*.h tests/*.c tests/*.h tests/fuzz/*.c)
fmt:
	clang-format -i $(FMT_FILES)

fmt-check:
	@clang-format --dry-run --Werror $(FMT_FILES)
