// zlib, as Debian's zlib1g-dev installs it: flamewalk inflates gzip-compressed pprof files.
#include <zlib.h>
