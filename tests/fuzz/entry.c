/* entry.c: libFuzzer's entry point for one target, picked at build time
 * (-DFUZZ_TARGET=fuzz_html): one program per target, see `make fuzz`. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return FUZZ_TARGET(data, size);
}
