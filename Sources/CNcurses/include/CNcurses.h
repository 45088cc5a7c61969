// The C side of flamewalk's terminal backend: ncursesw with the wide-character API, and
// static-inline shims for what Swift cannot import (macros, mutable globals).
#ifndef CNCURSES_H
#define CNCURSES_H

#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <ncursesw/curses.h>

static inline WINDOW *fw_stdscr(void) { return stdscr; }
static inline int fw_colors(void) { return COLORS; }
static inline int fw_color_pairs(void) { return COLOR_PAIRS; }
static inline int fw_lines(void) { return LINES; }
static inline int fw_cols(void) { return COLS; }

static inline attr_t fw_a_normal(void) { return A_NORMAL; }
static inline attr_t fw_a_bold(void) { return A_BOLD; }
static inline attr_t fw_a_dim(void) { return A_DIM; }
static inline attr_t fw_a_reverse(void) { return A_REVERSE; }
static inline attr_t fw_a_underline(void) { return A_UNDERLINE; }
static inline attr_t fw_a_italic(void) { return A_ITALIC; }

static inline mmask_t fw_mouse_mask_all(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t fw_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t fw_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t fw_button1_double(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t fw_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t fw_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int fw_key_f(int n) { return KEY_F(n); }

/// 1 when the terminal can address the cursor (a full-screen terminal), else 0.
int fw_terminal_can_address(void);

/// Opens ncurses on the controlling terminal (`/dev/tty`) when stdout or stdin is not a
/// terminal, else on stdin/stdout. Returns the screen, or NULL with errno-style failure.
SCREEN *fw_open_screen(const char *term);

/// Ends ncurses and frees the screen.
void fw_close_screen(SCREEN *screen);

/// Installs the signal guard: SIGINT, SIGTERM, SIGHUP and SIGQUIT only set a flag (read
/// with `fw_pending_signal`); crash signals write `reset` to the terminal, restore the
/// saved terminal modes and re-raise with the previous handler.
void fw_guard_install(const char *reset, int length);
void fw_guard_remove(void);
int fw_pending_signal(void);

/// Fills and draws one cell.
int fw_put_cell(WINDOW *window, int y, int x, wchar_t ch, attr_t attributes, int pair);

/// Reads the last mouse event: coordinates and button state; 0 on success.
int fw_get_mouse(int *x, int *y, mmask_t *state);

/// Key reading while the files load (keylisten.c): `fw_listen_begin` puts the terminal
/// (stdin, else /dev/tty) in non-canonical, no-echo mode and makes Ctrl-C and crash signals
/// put it back before their action (0, or -1 when there is no terminal); `fw_listen_read`
/// returns a byte typed within `timeout_ms` (-1 none, -2 read error); `fw_listen_restore`
/// puts the modes back (async-signal-safe: for exits from signal handlers);
/// `fw_listen_end` restores everything.
int fw_listen_begin(void);
int fw_listen_read(int timeout_ms);
void fw_listen_restore(void);
void fw_listen_end(void);

#endif
