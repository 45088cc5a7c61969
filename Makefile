# flamewalk — build and install like a system tool.
#
#   make                      release build (the Swift runtime linked statically)
#   make install PREFIX=DIR   bin/flamewalk, the man page and shell completions under DIR
#   make uninstall PREFIX=DIR
#
# DESTDIR is honoured for packaging. STATIC=0 links the Swift runtime dynamically (smaller
# binary; the machine then needs the Swift runtime libraries).

PREFIX ?= /usr/local
SWIFT ?= swift
STATIC ?= 1

BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

# The static build has its own build directory: the man page plugin builds the package
# again in .build, dynamically, and would otherwise replace the binary.
ifeq ($(STATIC),1)
BUILD_FLAGS = --static-swift-stdlib --scratch-path .build-static
BINARY = .build-static/release/flamewalk
else
BUILD_FLAGS =
BINARY = .build/release/flamewalk
endif

MANPAGE = .build/plugins/GenerateManual/outputs/flamewalk/flamewalk.1

.PHONY: all build man install uninstall

all: build

build:
	$(SWIFT) build -c release --product flamewalk $(BUILD_FLAGS)

# The man page is generated from the argument parser's help (swift-argument-parser's
# generate-manual plugin), so it cannot drift from `flamewalk --help`.
man:
	$(SWIFT) package --allow-writing-to-package-directory generate-manual

install: build man
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 $(BINARY) $(BINDIR)/flamewalk
	install -m 644 $(MANPAGE) $(MANDIR)/flamewalk.1
	$(BINARY) --generate-completion-script bash > $(BASHDIR)/flamewalk
	$(BINARY) --generate-completion-script zsh > $(ZSHDIR)/_flamewalk
	$(BINARY) --generate-completion-script fish > $(FISHDIR)/flamewalk.fish

uninstall:
	rm -f $(BINDIR)/flamewalk $(MANDIR)/flamewalk.1 $(BASHDIR)/flamewalk \
		$(ZSHDIR)/_flamewalk $(FISHDIR)/flamewalk.fish
