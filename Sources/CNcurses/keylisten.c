// Reading single keys from the terminal while the explorer's files load (before ncurses
// takes the terminal): the terminal is put in non-canonical, no-echo mode, and every way
// out — the end of the load, Ctrl-C, a crash signal, an exit through `fw_listen_restore` —
// puts its modes back first. Everything a signal handler calls here is async-signal-safe.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "CNcurses.h"

static int fw_listen_fd = -1;
static int fw_listen_opened;
static struct termios fw_listen_saved;
static volatile sig_atomic_t fw_listen_active;
static const int fw_listen_signals[] = {SIGINT, SIGSEGV, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
static struct sigaction fw_listen_previous[32];

void fw_listen_restore(void) {
  if (fw_listen_active && fw_listen_fd >= 0) tcsetattr(fw_listen_fd, TCSANOW, &fw_listen_saved);
  fw_listen_active = 0;
}

static void fw_listen_on_signal(int sig) {
  fw_listen_restore();
  static const char erase[] = "\r\033[K";
  ssize_t ignored = write(STDERR_FILENO, erase, sizeof erase - 1);
  (void)ignored;
  // The action that was there before (the default, or the runtime's backtrace) runs next.
  sigaction(sig, &fw_listen_previous[sig], NULL);
  raise(sig);
}

int fw_listen_begin(void) {
  if (isatty(STDIN_FILENO)) {
    fw_listen_fd = STDIN_FILENO;
    fw_listen_opened = 0;
  } else {
    fw_listen_fd = open("/dev/tty", O_RDONLY | O_NOCTTY);
    fw_listen_opened = fw_listen_fd >= 0;
  }
  if (fw_listen_fd < 0 || tcgetattr(fw_listen_fd, &fw_listen_saved) != 0) {
    fw_listen_end();
    return -1;
  }
  struct termios raw = fw_listen_saved;
  raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  sigemptyset(&action.sa_mask);
  action.sa_handler = fw_listen_on_signal;
  action.sa_flags = SA_RESETHAND;
  for (unsigned i = 0; i < sizeof fw_listen_signals / sizeof *fw_listen_signals; i++) {
    sigaction(fw_listen_signals[i], &action, &fw_listen_previous[fw_listen_signals[i]]);
  }
  if (tcsetattr(fw_listen_fd, TCSANOW, &raw) != 0) {
    fw_listen_end();
    return -1;
  }
  fw_listen_active = 1;
  return 0;
}

int fw_listen_read(int timeout_ms) {
  if (fw_listen_fd < 0) return -1;
  struct pollfd descriptor = {fw_listen_fd, POLLIN, 0};
  if (poll(&descriptor, 1, timeout_ms) <= 0) return -1;
  unsigned char byte;
  if (read(fw_listen_fd, &byte, 1) == 1) return byte;
  // A terminal that cannot be read (hung up): wait as if nothing was typed.
  usleep((useconds_t)timeout_ms * 1000);
  return -2;
}

void fw_listen_end(void) {
  fw_listen_restore();
  if (fw_listen_fd >= 0) {
    for (unsigned i = 0; i < sizeof fw_listen_signals / sizeof *fw_listen_signals; i++) {
      sigaction(fw_listen_signals[i], &fw_listen_previous[fw_listen_signals[i]], NULL);
    }
  }
  if (fw_listen_opened) close(fw_listen_fd);
  fw_listen_fd = -1;
  fw_listen_opened = 0;
}
