# ttsread: build, test, install, demo, bench.
# Every library is found with pkg-config; outputs go under build/.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/ttsread
MANDIR = $(PREFIX)/share/man/man1
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions

BUILD ?= build
CC ?= cc
VERSION = 0.1.0

LIBRARIES = espeak-ng sndfile portaudio-2.0 gumbo inih soxr libebur128 libcjson icu-uc libcurl \
            libzip libexttextcat
TEST_LIBRARIES = cmocka
# Media keys for --play (src/play/mpris.c: MPRIS over sd-bus): on when
# libsystemd is found; MPRIS=0 builds without them and without libsystemd.
MPRIS ?= $(shell pkg-config --exists libsystemd 2>/dev/null && echo 1 || echo 0)
ifeq ($(MPRIS),1)
LIBRARIES += libsystemd
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(LIBRARIES) 2>/dev/null)
# Opened at run time (dlopen) by their one module, so that a run that does
# not need them does not pay for loading them: compiler flags only.
LOADED_LIBRARIES = libcurl portaudio-2.0 libzip
PKG_LIBS := $(shell pkg-config --libs $(filter-out $(LOADED_LIBRARIES),$(LIBRARIES)) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_LIBRARIES) 2>/dev/null)
TEST_LIBS := $(shell pkg-config --libs $(TEST_LIBRARIES) 2>/dev/null)

OPTIMIZE ?= -O2
CFLAGS ?= $(OPTIMIZE) -g
ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif
# The fuzz build (make fuzz): clang, libFuzzer's coverage hooks, ASan+UBSan.
ifeq ($(SANITIZE),fuzz)
CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
          -fno-sanitize-recover=all
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Iinclude -Isrc -DTTS_VERSION='"$(VERSION)"' -DTTS_DATADIR='"$(DATADIR)"' \
             -DTTS_MPRIS=$(MPRIS) \
             $(PKG_CFLAGS) $(CFLAGS)

LIBRARY_SOURCES := $(shell find src -name '*.c' ! -path src/main.c | sort)
LIBRARY_OBJECTS := $(LIBRARY_SOURCES:%.c=$(BUILD)/%.o)
TEST_SOURCES := $(wildcard tests/test_*.c)
TEST_PROGRAMS := $(TEST_SOURCES:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(wildcard tests/support/*.c)
TEST_SUPPORT_OBJECTS := $(TEST_SUPPORT:%.c=$(BUILD)/%.o)

.PHONY: all deps demo check check-portable check-scale test unit-tests sanitize-check install uninstall clean bench bench-batch bench-extract bench-asr bench-voices bench-formats fuzz calibrate fuzz-ci fuzz-programs

all: $(BUILD)/ttsread

deps:
	@sh .ci/install-deps

# TTS_DATADIR is compiled in: a stamp holding it makes a build (or an
# install) with another PREFIX recompile what uses it.
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@

$(LIBRARY_OBJECTS) $(BUILD)/src/main.o: $(BUILD)/datadir.stamp

# Likewise MPRIS: switching it rebuilds the media keys' module.
$(BUILD)/mpris.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(MPRIS)' | cmp -s - $@ || echo '$(MPRIS)' > $@

$(BUILD)/src/play/mpris.o: $(BUILD)/mpris.stamp

# Where Debian keeps libexttextcat's language fingerprints (fpdb.conf and *.lm).
TEXTCAT_DIR := $(shell pkg-config --variable=pkgdatadir libexttextcat 2>/dev/null)
ifneq ($(TEXTCAT_DIR),)
$(BUILD)/src/parse/language_guess.o: ALL_CFLAGS += -DTTS_TEXTCAT_DIR='"$(TEXTCAT_DIR)/"'
endif

# The read-along page template is compiled into readalong.o (.incbin).
$(BUILD)/src/sink/readalong.o: assets/readalong.html

FORCE:

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libttsread.a: $(LIBRARY_OBJECTS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/ttsread: $(BUILD)/src/main.o $(BUILD)/libttsread.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_SUPPORT_OBJECTS) $(BUILD)/libttsread.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS) -lm

unit-tests: $(BUILD)/ttsread $(TEST_PROGRAMS)

# The README's test command: installs what is missing, builds, runs every
# test, then runs them all again under AddressSanitizer + UBSan, fuzzes
# briefly and runs the README's recipes for many machines (check-scale).
# The phases are independent (each builds in its own folder; test and
# check-scale share $(BUILD), built first), so they run two at a time, each
# phase's output kept together; a failed phase fails check once all ended.
CHECK_JOBS ?= 2
check: deps
	@$(MAKE) --no-print-directory unit-tests
	@$(MAKE) --no-print-directory -k -j$(CHECK_JOBS) --output-sync=recurse \
	    test check-portable sanitize-check fuzz-ci check-scale

test: unit-tests
	@sh tests/run-tests.sh $(BUILD)

# The portable paths that SSE2 machines never take: mix and sink built with
# TTS_PORTABLE, then the tests that hold their samples to libsndfile's.
PORTABLE_TESTS = test_mix test_sink test_render
check-portable:
	@$(MAKE) --no-print-directory BUILD=build/portable CFLAGS='$(OPTIMIZE) -g -DTTS_PORTABLE' \
	    build/portable/ttsread $(PORTABLE_TESTS:%=build/portable/tests/%)
	@sh tests/run-tests.sh build/portable $(PORTABLE_TESTS)

# A one-node Slurm cluster and GNU parallel on this machine run the README's
# recipes for a batch past one machine (--shard); their outputs must be a
# single -O run's. Needs root; skips with a message otherwise. Not in `test`:
# it starts daemons.
check-scale: all
	@sh tests/scale/check-scale.sh $(BUILD)

# The speech-recognition tests score the audio, which the sanitized build
# renders sample for sample as the plain one: they run once, in `test`.
sanitize-check:
	@TTS_SANITIZED=1 $(MAKE) --no-print-directory BUILD=build/sanitize SANITIZE=1 OPTIMIZE=-O1 test

# Fuzzing: one libFuzzer program per area (tests/fuzz/), built with clang in
# its own folder. `make fuzz` runs each for FUZZ_SECONDS, growing a corpus in
# $(FUZZ_BUILD)/corpus; fuzz-ci (part of check) runs each for FUZZ_CI_SECONDS
# from the seeds alone. Either fails on any crash, leak, timeout or sanitizer
# report, leaving the input in $(FUZZ_BUILD)/fuzz/findings.
FUZZ_BUILD ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 6
FUZZ_MAX_LEN ?= 4096
FUZZ_RUNS ?=
FUZZ_TARGETS ?= input html parse cast captions speak
FUZZ_OBJECTS := $(patsubst %.c,$(BUILD)/%.o,$(filter-out tests/fuzz/entry.c,$(wildcard tests/fuzz/*.c)))

# The targets' own checks are not what is fuzzed: no coverage hooks in them.
comma := ,
ifeq ($(SANITIZE),fuzz)
$(FUZZ_OBJECTS): CFLAGS := $(subst fuzzer-no-link$(comma),,$(CFLAGS))
endif

# The crasher replay test calls the same targets, built with the library's compiler.
$(BUILD)/tests/test_fuzz_replay: $(BUILD)/tests/test_fuzz_replay.o $(FUZZ_OBJECTS) \
                                 $(TEST_SUPPORT_OBJECTS) $(BUILD)/libttsread.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS) -lm

.PRECIOUS: $(BUILD)/fuzz/entry_%.o
$(BUILD)/fuzz/entry_%.o: tests/fuzz/entry.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DFUZZ_TARGET=fuzz_$* -c $< -o $@

# Only the stages the targets reach, to keep the clang build short.
FUZZ_STAGES = util input extract parse speak cast report sink
$(BUILD)/fuzz/libttsread-stages.a: $(filter $(FUZZ_STAGES:%=$(BUILD)/src/%/%),$(LIBRARY_OBJECTS))
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/entry_%.o $(FUZZ_OBJECTS) $(BUILD)/fuzz/libttsread-stages.a
	$(CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(PKG_LIBS) -lm

fuzz-programs: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

fuzz fuzz-ci:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) SANITIZE=fuzz CC=clang OPTIMIZE=-O1 fuzz-programs
	@FUZZ_RUNS=$(FUZZ_RUNS) sh tests/fuzz/run.sh $(FUZZ_BUILD) $(if $(filter fuzz-ci,$@),$(FUZZ_CI_SECONDS) $(FUZZ_MAX_LEN) ci,$(FUZZ_SECONDS) $(FUZZ_MAX_LEN) keep) $(FUZZ_TARGETS)

demo: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(BUILD)/demo
	$(BUILD)/ttsread assets/story.html -o $(BUILD)/demo/story.wav \
	    --captions $(BUILD)/demo/story.vtt --list-speakers \
	    --readalong $(BUILD)/demo/story.html
	@echo "demo: audio in $(BUILD)/demo/story.wav, captions in $(BUILD)/demo/story.vtt," \
	    "read-along page in $(BUILD)/demo/story.html"

# Measures every voice profile's loudness and rewrites its gain_db.
calibrate: $(BUILD)/calibrate
	$(BUILD)/calibrate voices

$(BUILD)/calibrate: $(BUILD)/voices/calibrate.o $(BUILD)/libttsread.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

bench: all
	python3 bench/speed.py --ttsread $(BUILD)/ttsread

bench-batch: all
	python3 bench/speed.py --ttsread $(BUILD)/ttsread --batch-only

# Each audio format's encoding speed apart from synthesis (target: 200x real time).
bench-formats: all $(BUILD)/bench_encode
	sh bench/formats.sh $(BUILD)

$(BUILD)/bench_encode: $(BUILD)/bench/encode.o $(BUILD)/libttsread.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

bench-extract: all
	sh bench/extract.sh $(BUILD)/ttsread

# Minutes, not seconds: three pocketsphinx decodes of an 8-minute render.
bench-asr: all
	python3 bench/asr.py $(BUILD)/ttsread

# Every profile's pocketsphinx WER on the seed next to plain espeak-ng -v en-us
# (a few minutes); rewrites voices/intelligibility.tsv.
bench-voices: all
	python3 bench/voices.py --ttsread $(BUILD)/ttsread --tsv voices/intelligibility.tsv

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/voices $(DESTDIR)$(MANDIR) \
	    $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(BUILD)/ttsread $(DESTDIR)$(BINDIR)/ttsread
	install -m 644 voices/*.ini $(wildcard voices/first-names.tsv) $(DESTDIR)$(DATADIR)/voices/
	install -m 644 docs/ttsread.1 $(DESTDIR)$(MANDIR)/ttsread.1
	install -m 644 docs/completion/ttsread.bash $(DESTDIR)$(COMPLETIONDIR)/ttsread

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ttsread $(DESTDIR)$(MANDIR)/ttsread.1 $(DESTDIR)$(COMPLETIONDIR)/ttsread
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
