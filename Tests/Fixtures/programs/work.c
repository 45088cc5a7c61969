/* work: a small C program for callgrind fixtures — two callers of one helper, recursion,
   and a mutual recursion pair. */
#include <stdio.h>

static unsigned mix(unsigned x) {
  for (int i = 0; i < 50; i++) x = x * 1103515245u + 12345u;
  return x;
}

static unsigned fib(unsigned n) { return n < 2 ? mix(n) : fib(n - 1) + fib(n - 2); }

static unsigned is_odd(unsigned n);
static unsigned is_even(unsigned n) { return n == 0 ? mix(1) : is_odd(n - 1); }
static unsigned is_odd(unsigned n) { return n == 0 ? mix(0) : is_even(n - 1); }

static unsigned light(void) {
  unsigned s = 0;
  for (int i = 0; i < 100; i++) s += mix(i);
  return s;
}

static unsigned heavy(void) {
  unsigned s = 0;
  for (int i = 0; i < 2000; i++) s += mix(i);
  return s;
}

int main(void) {
  unsigned s = light() + heavy() + fib(15) + is_even(300);
  printf("%u\n", s);
  return 0;
}
