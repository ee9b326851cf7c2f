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

LIBRARIES = espeak-ng sndfile portaudio-2.0 gumbo inih samplerate libebur128 libcjson
TEST_LIBRARIES = cmocka

PKG_CFLAGS := $(shell pkg-config --cflags $(LIBRARIES) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(LIBRARIES) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_LIBRARIES) 2>/dev/null)
TEST_LIBS := $(shell pkg-config --libs $(TEST_LIBRARIES) 2>/dev/null)

OPTIMIZE ?= -O2
CFLAGS ?= $(OPTIMIZE) -g
ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Iinclude -Isrc -DTTS_VERSION='"$(VERSION)"' -DTTS_DATADIR='"$(DATADIR)"' \
             $(PKG_CFLAGS) $(CFLAGS)

LIBRARY_SOURCES := $(shell find src -name '*.c' ! -path src/main.c | sort)
LIBRARY_OBJECTS := $(LIBRARY_SOURCES:%.c=$(BUILD)/%.o)
TEST_SOURCES := $(wildcard tests/test_*.c)
TEST_PROGRAMS := $(TEST_SOURCES:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(wildcard tests/support/*.c)
TEST_SUPPORT_OBJECTS := $(TEST_SUPPORT:%.c=$(BUILD)/%.o)

.PHONY: all deps demo check test unit-tests sanitize-check install uninstall clean bench bench-extract fuzz calibrate

all: $(BUILD)/ttsread

deps:
	@sh .ci/install-deps

# TTS_DATADIR is compiled in: a stamp holding it makes a build (or an
# install) with another PREFIX recompile what uses it.
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@

$(LIBRARY_OBJECTS) $(BUILD)/src/main.o: $(BUILD)/datadir.stamp

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
# test, then runs them all again under AddressSanitizer + UBSan.
check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory sanitize-check

test: unit-tests
	@sh tests/run-tests.sh $(BUILD)

sanitize-check:
	@$(MAKE) --no-print-directory BUILD=build/sanitize SANITIZE=1 OPTIMIZE=-O1 test

demo: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(BUILD)/demo
	$(BUILD)/ttsread assets/story.html -o $(BUILD)/demo/story.wav \
	    --captions $(BUILD)/demo/story.vtt --list-speakers
	@echo "demo: audio in $(BUILD)/demo/story.wav, captions in $(BUILD)/demo/story.vtt"

# Measures every voice profile's loudness and rewrites its gain_db.
calibrate: $(BUILD)/calibrate
	$(BUILD)/calibrate voices

$(BUILD)/calibrate: $(BUILD)/voices/calibrate.o $(BUILD)/libttsread.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

bench: all
	python3 bench/speed.py --ttsread $(BUILD)/ttsread

bench-extract: all
	sh bench/extract.sh $(BUILD)/ttsread

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
