#!/usr/bin/env python3
"""Post-processes the uniffi-generated Kotlin (dev/tacit/tacit.kt) for call overhead.

Every JNA Structure a call creates costs a `Memory` (malloc, an entry in JNA's global
ConcurrentHashMap, a Cleaner registration; the native memory is released only after a GC, so
between collections the map grows by hundreds of thousands of entries) plus reflective field
reads and writes. uniffi 0.32's Kotlin creates several per call. A chat reply
(`handleMessage(text)`) made four native calls: clone the object handle,
`rustbuffer_alloc` for the text, the method, `rustbuffer_free` for the returned record;
with three by-value `RustBuffer` structures (two returned, one built by Kotlin) and four
call statuses. Profiling the bindings alone (`benchEchoReply`, JFR) put about 60% of a
returned buffer's cost in `Memory.<init>`.

1. Call statuses (`call-status`): up to 8 per thread, reused:
   - a status is taken from the calling thread's pool, so nested calls (an error's
     `RustBuffer.free`, a foreign callback calling back into Rust) get their own;
   - auto-synchronisation is off: the native memory is zeroed when a used status is taken,
     and after the call its first byte (`code`) is read directly; only a non-zero code reads
     the whole structure (Rust writes the status only on error or panic);
   - error lifting, panics and async completion are unchanged.
   Measured: a trivial method call went from about 50,000 ns to about 2,000 ns under load.
2. `RustBuffer` (`rustbuffer-class`, `rustbuffer-fields`): a Pointer constructor, so JNA
   builds a returned buffer or a callback's by-value argument over the native memory it
   already has instead of allocating a `Memory`; such a structure is read at once and
   refuses to be written in place afterwards (`check` in `write()`: that memory belonged to a
   finished call). `read()`/`write()` access the three fields at fixed offsets (checked
   against JNA's layout when the class initialises) instead of by reflection.
3. Buffer reuse (`rustbuffer-alloc`, `rustbuffer-free`, `rustbuffer-cache`):
   - `UniffiRustBufferCache`: a buffer Kotlin would free (a lifted return value) is kept
     instead (at most 8, of 64 B to 16 KiB, shared by all threads, old bytes zeroed) and the
     next `RustBuffer.alloc` it fits takes it, saving the `rustbuffer_free` and
     `rustbuffer_alloc` calls. Rust receives a buffer it allocated itself, with its true
     capacity and `len` zero bytes, exactly as from `rustbuffer_alloc`.
   - `UniffiRustBufferCarriers`: the by-value structures buffers are passed to Rust in are
     reused, 8 per thread. One is taken when a buffer is lowered and released when the
     native call it was lowered in returns: the generated code lowers each argument inside
     the `uniffiRustCallWithError` of its call, on the same thread, so a carrier is never
     reused while Rust may read it. One taken outside any such call (an async call's
     arguments, a callback on a Rust thread) stays taken and is replaced, as is one JNA
     moved into an enclosing structure (a call status's `error_buf`).
   With 2 and 3 a steady-state reply is two native calls (clone, method) and one Structure
   (the returned buffer, without a `Memory`). Measured with scripts/bench-ffi.sh (five runs,
   load average 2.6-3.9 from other builds): the bindings' own cost per reply
   (`ffi_marshal_us`, `benchEchoReply`) fell from 11.5 to 4.7-5.1 us, and what Kotlin adds
   to a reply over core's own time (`ffi_overhead_pct`) from 11.4% (14.5 us) to 2.7-6.0%
   (3.3-6.9 us; median 4.7%). The kept buffers (at most 128 KiB) live as long as the process, like an
   allocator's cache.

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

REPLACEMENT = """    // Patched by scripts/patch-kotlin-bindings.py: a pooled status per thread, and the
    // RustBuffer carriers taken inside this call (its lowered arguments) reusable after it.
    val status = UniffiCallStatusPool.take()
    val carriers = UniffiRustBufferCarriers.mark()
    try {
        val return_value = callback(status)
        if (status.pointer.getByte(0) != 0.toByte()) status.read()
        uniffiCheckCallStatus(errorHandler, status)
        return return_value
    } finally {
        UniffiRustBufferCarriers.release(carriers)
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

# --- RustBuffer: no JNA Memory per returned buffer, no reflection ---------------------------
RB_CLASS_ANCHOR = """@Structure.FieldOrder("capacity", "len", "data")
open class RustBuffer : Structure() {
"""

RB_CLASS_REPLACEMENT = """@Structure.FieldOrder("capacity", "len", "data")
open class RustBuffer : Structure {
    // Patched by scripts/patch-kotlin-bindings.py: with a Pointer constructor JNA builds a
    // returned buffer (or a callback's argument) over the native memory it already has,
    // instead of allocating a tracked JNA Memory for each one.
    constructor() : super()
    constructor(p: Pointer) : super(p)
"""

RB_FIELDS_ANCHOR = """    class ByValue: RustBuffer(), Structure.ByValue
    class ByReference: RustBuffer(), Structure.ByReference
"""

RB_FIELDS_REPLACEMENT = """    class ByValue : RustBuffer, Structure.ByValue {
        constructor() : super()
        // JNA's copy of a returned value or of a callback argument: memory that lives only
        // during that call. Read at once; never written in place (see write()).
        constructor(p: Pointer) : super(p) {
            uniffiTransient = getPointer()
        }
    }
    class ByReference : RustBuffer, Structure.ByReference {
        constructor() : super()
        constructor(p: Pointer) : super(p)
    }

    // Patched by scripts/patch-kotlin-bindings.py: JNA's generic Structure.read()/write()
    // go through reflection and thread-local bookkeeping; a RustBuffer is three fields at
    // fixed offsets (checked against JNA's layout when the class initialises).
    override fun read() {
        val p = getPointer()
        if (Pointer.nativeValue(p) == 0L) return // JNA's placeholder before layout
        capacity = p.getLong(0)
        len = p.getLong(UNIFFI_RUSTBUFFER_LEN_OFFSET)
        data = p.getPointer(UNIFFI_RUSTBUFFER_DATA_OFFSET)
    }

    override fun write() {
        val p = getPointer()
        if (Pointer.nativeValue(p) == 0L) return // JNA's placeholder before layout
        check(p !== uniffiTransient) { "RustBuffer written over a finished call's memory" }
        p.setLong(0, capacity)
        p.setLong(UNIFFI_RUSTBUFFER_LEN_OFFSET, len)
        p.setPointer(UNIFFI_RUSTBUFFER_DATA_OFFSET, data)
    }

    // Set for a ByValue built over a call's transient memory (or, for a structure field, over
    // JNA's placeholder, which JNA replaces with the enclosing structure's memory before use).
    internal var uniffiTransient: Pointer? = null

    // The memory JNA allocated for this structure, if it did (not for one built over native
    // memory, nor after JNA re-homed it into an enclosing structure).
    private lateinit var uniffiOwnMemory: com.sun.jna.Memory

    override fun autoAllocate(size: Int): com.sun.jna.Memory =
        super.autoAllocate(size).also { uniffiOwnMemory = it }

    internal fun uniffiOwnsMemory(): Boolean =
        this::uniffiOwnMemory.isInitialized && getPointer() === uniffiOwnMemory

    // For UniffiRustBufferCarriers: taken and not yet released, and when it was taken.
    internal var uniffiPending: Boolean = false
    internal var uniffiTakenAt: Long = 0

    internal fun uniffiFieldOffset(name: String): Long = fieldOffset(name).toLong()
"""

# --- RustBuffer.alloc / free: kept buffers and reusable carriers -----------------------------
RB_ALLOC_ANCHOR = """        internal fun alloc(size: ULong = 0UL) = uniffiRustCall() { status ->
            // Note: need to convert the size to a `Long` value to make this work with JVM.
            UniffiLib.ffi_tacit_ffi_rustbuffer_alloc(size.toLong(), status)
        }.also {
            if(it.data == null) {
               throw RuntimeException("RustBuffer.alloc() returned null data pointer (size=${size})")
           }
        }
"""

RB_ALLOC_REPLACEMENT = """        // Patched by scripts/patch-kotlin-bindings.py: read() and write() use fixed offsets,
        // which must be JNA's (this runs before any RustBuffer exists).
        init {
            val probe = RustBuffer()
            check(
                probe.uniffiFieldOffset("capacity") == 0L &&
                    probe.uniffiFieldOffset("len") == UNIFFI_RUSTBUFFER_LEN_OFFSET &&
                    probe.uniffiFieldOffset("data") == UNIFFI_RUSTBUFFER_DATA_OFFSET
            ) { "unexpected RustBuffer layout" }
        }

        // Patched by scripts/patch-kotlin-bindings.py: a kept buffer if one fits, else
        // rustbuffer_alloc; either way in a reusable carrier structure.
        internal fun alloc(size: ULong = 0UL): RustBuffer.ByValue {
            UniffiRustBufferCache.take(size)?.let { return it }
            val fresh = uniffiRustCall() { status ->
                // Note: need to convert the size to a `Long` value to make this work with JVM.
                UniffiLib.ffi_tacit_ffi_rustbuffer_alloc(size.toLong(), status)
            }
            if (fresh.data == null) {
                throw RuntimeException("RustBuffer.alloc() returned null data pointer (size=${size})")
            }
            return UniffiRustBufferCarriers.carry(fresh.capacity, fresh.len, fresh.data)
        }
"""

RB_FREE_ANCHOR = """        internal fun free(buf: RustBuffer.ByValue) = uniffiRustCall() { status ->
            UniffiLib.ffi_tacit_ffi_rustbuffer_free(buf, status)
        }
"""

RB_FREE_REPLACEMENT = """        // Patched by scripts/patch-kotlin-bindings.py: kept for reuse when the cache takes
        // it, else freed (passed in a carrier: [buf] may be over a finished call's memory).
        internal fun free(buf: RustBuffer.ByValue) {
            if (!UniffiRustBufferCache.keep(buf.capacity, buf.len, buf.data)) {
                freeNow(buf.capacity, buf.len, buf.data)
            }
        }

        // Frees through rustbuffer_free; the carrier is reusable once that call returned.
        internal fun freeNow(capacity: Long, len: Long, data: Pointer?) {
            val mark = UniffiRustBufferCarriers.mark()
            try {
                val buf = UniffiRustBufferCarriers.carry(capacity, len, data)
                uniffiRustCall() { status ->
                    UniffiLib.ffi_tacit_ffi_rustbuffer_free(buf, status)
                }
            } finally {
                UniffiRustBufferCarriers.release(mark)
            }
        }
"""

RB_CACHE_ANCHOR = """    @Suppress("TooGenericExceptionThrown")
    fun asByteBuffer() =
        this.data?.getByteBuffer(0, this.len)?.also {
            it.order(ByteOrder.BIG_ENDIAN)
        }
}
"""

RB_CACHE_REPLACEMENT = RB_CACHE_ANCHOR + """
// Offsets of `len` and `data` in `#[repr(C)] RustBuffer { capacity: u64, len: u64, data: *mut u8 }`
// (added by scripts/patch-kotlin-bindings.py), checked against JNA's layout when RustBuffer
// initialises.
private const val UNIFFI_RUSTBUFFER_LEN_OFFSET = 8L
private const val UNIFFI_RUSTBUFFER_DATA_OFFSET = 16L

/**
 * A few Rust-allocated buffers kept for reuse (added by scripts/patch-kotlin-bindings.py).
 *
 * Every string or record lowered for Rust goes into a buffer from `rustbuffer_alloc`, and
 * every one lifted from Rust is released with `rustbuffer_free`: two more native calls per
 * crossing. A buffer Kotlin would free is Kotlin's to give away, so this keeps it instead (at
 * most [SLOTS] buffers of [MIN_CAPACITY] to [MAX_CAPACITY] bytes, shared by all threads,
 * their old bytes zeroed), and the next allocation it fits takes it: Rust then receives a
 * buffer it allocated itself, with its true capacity and `len` zero bytes, as from
 * `rustbuffer_alloc`. When full, a larger buffer replaces the smallest kept one, which is
 * freed.
 *
 * @suppress
 */
internal object UniffiRustBufferCache {
    private const val SLOTS = 8
    private const val MIN_CAPACITY = 64L
    private const val MAX_CAPACITY = 16L * 1024
    private val capacities = LongArray(SLOTS) // 0: empty slot
    private val addresses = LongArray(SLOTS)
    private val lengths = LongArray(SLOTS) // bytes known to be zero, from the start

    /**
     * A kept buffer with room for [size] bytes (the smallest such), with `len` = [size] and
     * those bytes zero, as `rustbuffer_alloc` returns one; or null.
     */
    fun take(size: ULong): RustBuffer.ByValue? {
        if (size > MAX_CAPACITY.toULong()) return null
        val want = size.toLong()
        val capacity: Long
        val address: Long
        val zeroed: Long
        synchronized(this) {
            var best = -1
            for (i in 0 until SLOTS) {
                val c = capacities[i]
                if (c > 0L && c >= want && (best < 0 || c < capacities[best])) best = i
            }
            if (best < 0) return null
            capacity = capacities[best]
            address = addresses[best]
            zeroed = lengths[best]
            capacities[best] = 0L
            addresses[best] = 0L
            lengths[best] = 0L
        }
        val data = Pointer(address)
        if (want > zeroed) data.setMemory(zeroed, want - zeroed, 0)
        return UniffiRustBufferCarriers.carry(capacity, want, data)
    }

    /** Keeps the buffer (Kotlin's to free; its bytes are zeroed) if it can; false: the caller frees it. */
    fun keep(capacity: Long, len: Long, data: Pointer?): Boolean {
        if (data == null || capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) return false
        val used = len.coerceIn(0L, capacity)
        data.setMemory(0, used, 0)
        var evictedCapacity = 0L
        var evictedAddress = 0L
        synchronized(this) {
            var slot = capacities.indexOf(0L)
            if (slot < 0) {
                slot = capacities.indices.minByOrNull { capacities[it] } ?: return false
                if (capacities[slot] >= capacity) return false
                evictedCapacity = capacities[slot]
                evictedAddress = addresses[slot]
            }
            capacities[slot] = capacity
            addresses[slot] = Pointer.nativeValue(data)
            lengths[slot] = used
        }
        if (evictedAddress != 0L) RustBuffer.freeNow(evictedCapacity, 0L, Pointer(evictedAddress))
        return true
    }
}

/**
 * Reusable `RustBuffer.ByValue` structures to pass buffers to Rust in (added by
 * scripts/patch-kotlin-bindings.py): each new JNA Structure allocates a tracked native
 * `Memory` (a global map entry and a cleaner, released only after a GC), the largest single
 * cost of a call on the JVM. Each thread has [PER_THREAD] carriers. One is taken when a buffer
 * is lowered and stays taken until the native call it was lowered in returns (the generated
 * code lowers each argument inside its call's `uniffiRustCallWithError`, on the same thread,
 * which releases them): never reused while Rust may still read it. A carrier taken outside
 * any such call, or moved by JNA into an enclosing structure, is simply replaced.
 *
 * @suppress
 */
internal object UniffiRustBufferCarriers {
    private const val PER_THREAD = 8

    private class Ring {
        val items = arrayOfNulls<RustBuffer.ByValue>(PER_THREAD)
        var next = 0
        var taken = 0L
    }

    private val rings = ThreadLocal.withInitial { Ring() }

    /** A carrier holding the given buffer. */
    fun carry(capacity: Long, len: Long, data: Pointer?): RustBuffer.ByValue {
        val ring = rings.get()
        val i = ring.next
        ring.next = (i + 1) % PER_THREAD
        var c = ring.items[i]
        if (c == null || c.uniffiPending || !c.uniffiOwnsMemory()) {
            c = RustBuffer.ByValue()
            ring.items[i] = c
        }
        c.capacity = capacity
        c.len = len
        c.data = data
        c.uniffiPending = true
        c.uniffiTakenAt = ring.taken++
        return c
    }

    /** Where this thread's carrier count is before a native call. */
    fun mark(): Long = rings.get().taken

    /** After that call: the carriers this thread took since [mark] are free again. */
    fun release(mark: Long) {
        val ring = rings.get()
        if (ring.taken == mark) return
        for (c in ring.items) {
            if (c != null && c.uniffiPending && c.uniffiTakenAt >= mark) c.uniffiPending = false
        }
    }
}
"""


PATCHES = [
    ("call-status", ANCHOR, REPLACEMENT),
    ("rustbuffer-class", RB_CLASS_ANCHOR, RB_CLASS_REPLACEMENT),
    ("rustbuffer-fields", RB_FIELDS_ANCHOR, RB_FIELDS_REPLACEMENT),
    ("rustbuffer-alloc", RB_ALLOC_ANCHOR, RB_ALLOC_REPLACEMENT),
    ("rustbuffer-free", RB_FREE_ANCHOR, RB_FREE_REPLACEMENT),
    ("rustbuffer-cache", RB_CACHE_ANCHOR, RB_CACHE_REPLACEMENT),
]


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: patch-kotlin-bindings.py PATH/tacit.kt", file=sys.stderr)
        return 2
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if "UniffiCallStatusPool" in text or "UniffiRustBufferCache" in text:
        print(f"{path}: already patched", file=sys.stderr)
        return 1
    for name, anchor, _ in PATCHES:
        if text.count(anchor) != 1:
            print(f"{path}: the {name} anchor was not found exactly once; "
                  "uniffi's Kotlin template changed: revisit scripts/patch-kotlin-bindings.py",
                  file=sys.stderr)
            return 1
    for needed in ("UNIFFI_CALL_SUCCESS", "class UniffiRustCallStatus"):
        if needed not in text:
            print(f"{path}: expected `{needed}` in the generated code", file=sys.stderr)
            return 1
    for _, anchor, replacement in PATCHES:
        text = text.replace(anchor, replacement)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
