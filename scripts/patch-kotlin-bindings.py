#!/usr/bin/env python3
"""Post-processes the uniffi-generated Kotlin (dev/tacit/tacit.kt) for call overhead.

uniffi 0.32's Kotlin allocates a fresh JNA `UniffiRustCallStatus` Structure for every native
call (an object method makes two: clone the handle, then the method; a string argument adds
`rustbuffer_alloc`, a returned buffer adds `rustbuffer_free`). Each JNA Structure costs a
`Memory` (malloc, a global ConcurrentHashMap entry, a Cleaner registration) and a reflective
write before and read after the call; the native memory is only released after a GC, so
between collections the map grows by hundreds of thousands of entries. Measured on this
machine (scripts/bench-ffi.sh): a trivial method call went from about 50,000 ns to about
2,000 ns under load, and a chat reply's FFI cost fell by a factor of several.

The patch keeps up to 8 statuses per thread and reuses them:
- a status is taken from the calling thread's pool, so nested calls (an error's
  `RustBuffer.free`, a foreign callback calling back into Rust) get their own;
- auto-synchronisation is off: the native memory is zeroed when a used status is taken, and
  after the call its first byte (`code`) is read directly; only a non-zero code reads the
  whole structure (Rust writes the status only on error or panic);
- everything else (error lifting, panics, async completion) is unchanged.

The anchors must match exactly once; otherwise this fails, and generate-bindings.sh with it
(a uniffi upgrade must revisit the patch). Run by scripts/lib-bindings.sh after generation.
"""
import sys

ANCHOR = """    var status = UniffiRustCallStatus()
    val return_value = callback(status)
    uniffiCheckCallStatus(errorHandler, status)
    return return_value
}
"""

REPLACEMENT = """    // Patched by scripts/patch-kotlin-bindings.py: a pooled status per thread.
    val status = UniffiCallStatusPool.take()
    try {
        val return_value = callback(status)
        if (status.pointer.getByte(0) != 0.toByte()) status.read()
        uniffiCheckCallStatus(errorHandler, status)
        return return_value
    } finally {
        UniffiCallStatusPool.give(status)
    }
}

/**
 * Reusable call statuses, per thread (added by scripts/patch-kotlin-bindings.py): saves a JNA
 * Structure allocation and its reflective write / read on every native call.
 *
 * @suppress
 */
internal object UniffiCallStatusPool {
    private const val MAX_PER_THREAD = 8
    private val pool = ThreadLocal.withInitial { ArrayList<UniffiRustCallStatus>(MAX_PER_THREAD) }

    fun take(): UniffiRustCallStatus {
        val free = pool.get()
        if (free.isEmpty()) {
            val s = UniffiRustCallStatus()
            s.setAutoSynch(false)
            s.write()
            return s
        }
        val s = free.removeAt(free.size - 1)
        if (s.code != UNIFFI_CALL_SUCCESS || s.pointer.getByte(0) != UNIFFI_CALL_SUCCESS) {
            s.code = UNIFFI_CALL_SUCCESS
            s.error_buf = RustBuffer.ByValue()
            s.write()
        }
        return s
    }

    fun give(s: UniffiRustCallStatus) {
        val free = pool.get()
        if (free.size < MAX_PER_THREAD) free.add(s)
    }
}
"""


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: patch-kotlin-bindings.py PATH/tacit.kt", file=sys.stderr)
        return 2
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if "UniffiCallStatusPool" in text:
        print(f"{path}: already patched", file=sys.stderr)
        return 1
    if text.count(ANCHOR) != 1:
        print(f"{path}: the call-status anchor was not found exactly once; "
              "uniffi's Kotlin template changed: revisit scripts/patch-kotlin-bindings.py",
              file=sys.stderr)
        return 1
    for needed in ("UNIFFI_CALL_SUCCESS", "class UniffiRustCallStatus"):
        if needed not in text:
            print(f"{path}: expected `{needed}` in the generated code", file=sys.stderr)
            return 1
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(ANCHOR, REPLACEMENT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
