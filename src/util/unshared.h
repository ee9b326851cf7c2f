/* unshared.h: memory that synthesis workers forked from this process never
 * see, for the buffers the parent keeps writing while they run. */
#ifndef TTSREAD_UNSHARED_H
#define TTSREAD_UNSHARED_H

#include <stddef.h>

/* Zeroed memory of `bytes` that a fork leaves out (MADV_DONTFORK): the
 * parent's writes to it after a fork cost no copy-on-write fault, and the
 * fork and the child's exit have fewer pages to map and unmap. A child must
 * not touch it. NULL when memory runs out; free with tts_unshared_free and
 * the same size. */
void *tts_unshared_alloc(size_t bytes);
/* Grows or shrinks it to new_bytes, moving it if need be (the contents up to
 * the smaller size are kept); NULL (the old block kept) when memory runs out. */
void *tts_unshared_resize(void *memory, size_t old_bytes, size_t new_bytes);
void tts_unshared_free(void *memory, size_t bytes);

#endif
