// Nothing to compile: the header declares a libFuzzer function. SwiftPM needs a source file.
#include "CFuzzer.h"
