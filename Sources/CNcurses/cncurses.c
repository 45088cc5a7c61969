#include "CNcurses.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/term.h>

static SCREEN *fw_screen;
static FILE *fw_tty_in;
static FILE *fw_tty_out;
static struct termios fw_saved_modes;
static int fw_have_modes;
static int fw_tty_fd = -1;

int fw_terminal_can_address(void) {
  char *cup = tigetstr("cup");
  return cup != NULL && cup != (char *)-1;
}

SCREEN *fw_open_screen(const char *term) {
  // The terminal's modes before ncurses changes them: what a crash must restore.
  if (fw_tty_fd < 0) fw_tty_fd = open("/dev/tty", O_WRONLY | O_NOCTTY);
  if (fw_tty_fd >= 0 && tcgetattr(fw_tty_fd, &fw_saved_modes) == 0) fw_have_modes = 1;
  FILE *in = stdin;
  FILE *out = stdout;
  if (!isatty(fileno(stdout)) || !isatty(fileno(stdin))) {
    fw_tty_out = fopen("/dev/tty", "w");
    fw_tty_in = fopen("/dev/tty", "r");
    if (fw_tty_out == NULL || fw_tty_in == NULL) return NULL;
    in = fw_tty_in;
    out = fw_tty_out;
  }
  fw_screen = newterm(term, out, in);
  return fw_screen;
}

void fw_close_screen(SCREEN *screen) {
  endwin();
  if (screen) delscreen(screen);
  if (fw_tty_in) fclose(fw_tty_in);
  if (fw_tty_out) fclose(fw_tty_out);
  fw_tty_in = fw_tty_out = NULL;
  fw_screen = NULL;
}

static volatile sig_atomic_t fw_signal;
static char fw_reset[256];
static int fw_reset_length;
// Every signal whose default action ends the process: the explorer restores the terminal
// and exits with 128 + the signal instead.
static const int fw_quit_signals[] = {SIGINT,  SIGTERM, SIGHUP,  SIGQUIT, SIGUSR1,
                                      SIGUSR2, SIGALRM, SIGPIPE, SIGVTALRM, SIGPROF};
static const int fw_crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
static struct sigaction fw_previous[32];

static void fw_on_quit(int sig) { fw_signal = sig; }

static void fw_on_crash(int sig) {
  if (fw_tty_fd >= 0) {
    ssize_t ignored = write(fw_tty_fd, fw_reset, (size_t)fw_reset_length);
    (void)ignored;
    if (fw_have_modes) tcsetattr(fw_tty_fd, TCSANOW, &fw_saved_modes);
  }
  sigaction(sig, &fw_previous[sig], NULL);
  raise(sig);
}

void fw_guard_install(const char *reset, int length) {
  // A parent may have left these blocked (test runners do); the explorer must see them.
  sigset_t wanted;
  sigemptyset(&wanted);
  sigaddset(&wanted, SIGINT);
  sigaddset(&wanted, SIGTERM);
  sigaddset(&wanted, SIGHUP);
  sigaddset(&wanted, SIGQUIT);
  sigaddset(&wanted, SIGUSR1);
  sigaddset(&wanted, SIGUSR2);
  sigaddset(&wanted, SIGALRM);
  sigaddset(&wanted, SIGWINCH);
  sigaddset(&wanted, SIGTSTP);
  sigaddset(&wanted, SIGCONT);
  sigprocmask(SIG_UNBLOCK, &wanted, NULL);
  if (length > (int)sizeof(fw_reset)) length = (int)sizeof(fw_reset);
  memcpy(fw_reset, reset, (size_t)length);
  fw_reset_length = length;
  if (fw_tty_fd < 0) fw_tty_fd = open("/dev/tty", O_WRONLY | O_NOCTTY);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  sigemptyset(&action.sa_mask);
  action.sa_handler = fw_on_quit;
  for (unsigned i = 0; i < sizeof fw_quit_signals / sizeof *fw_quit_signals; i++) {
    sigaction(fw_quit_signals[i], &action, &fw_previous[fw_quit_signals[i]]);
  }
  action.sa_handler = fw_on_crash;
  action.sa_flags = SA_RESETHAND;
  for (unsigned i = 0; i < sizeof fw_crash_signals / sizeof *fw_crash_signals; i++) {
    sigaction(fw_crash_signals[i], &action, &fw_previous[fw_crash_signals[i]]);
  }
}

void fw_guard_remove(void) {
  for (unsigned i = 0; i < sizeof fw_quit_signals / sizeof *fw_quit_signals; i++) {
    sigaction(fw_quit_signals[i], &fw_previous[fw_quit_signals[i]], NULL);
  }
  for (unsigned i = 0; i < sizeof fw_crash_signals / sizeof *fw_crash_signals; i++) {
    sigaction(fw_crash_signals[i], &fw_previous[fw_crash_signals[i]], NULL);
  }
  if (fw_tty_fd >= 0) close(fw_tty_fd);
  fw_tty_fd = -1;
}

int fw_pending_signal(void) { return fw_signal; }

int fw_put_cell(WINDOW *window, int y, int x, wchar_t ch, attr_t attributes, int pair) {
  cchar_t cell;
  wchar_t text[2] = {ch, 0};
  setcchar(&cell, text, attributes, (short)(pair < 32767 ? pair : 0), &pair);
  return mvwadd_wch(window, y, x, &cell);
}

int fw_get_mouse(int *x, int *y, mmask_t *state) {
  MEVENT event;
  if (getmouse(&event) != OK) return -1;
  *x = event.x;
  *y = event.y;
  *state = event.bstate;
  return 0;
}
