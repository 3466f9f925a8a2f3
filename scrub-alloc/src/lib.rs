//! A global allocator that zeroes every block before handing it back to the system allocator.
//!
//! Why: Tacit decrypts records, parses statements and builds HTTP requests in ordinary
//! `String`s and `Vec`s, and dependencies (hyper's header values, rustls buffers, serde) own
//! buffers we cannot reach. When such a buffer is freed, the system allocator keeps its bytes
//! until the block is reused, so a memory dump taken after the vault is closed would still
//! show transaction descriptions, account numbers or the SimpleFIN `Authorization` header.
//! Zeroing at the one place every Rust allocation ends (`dealloc`) covers all of them,
//! including code we did not write, without relying on each owner to call `zeroize`.
//!
//! The shipped binaries install it (`tacit-ffi`, the mobile library, and the `tacit` CLI):
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: tacit_scrub_alloc::ScrubAlloc = tacit_scrub_alloc::ScrubAlloc;
//! ```
//!
//! What it does not cover: memory still in use (the owner's job: keys are boxed and zeroized
//! on drop), memory allocated outside Rust's allocator (SQLite's own `malloc`, which only ever
//! holds ciphertext and keyed references), and stack frames (see `tacit_core::crypto::scrub`).
//!
//! This is the only `unsafe` code Tacit writes; `tacit-core` forbids `unsafe` altogether.
//! Cost: one `memset` per free (measured by `tacit bench ingest` / `tacit bench assistant`,
//! see the README).
#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]

use core::alloc::{GlobalAlloc, Layout};

/// The system allocator, with every block zeroed before it is freed (and before the old
/// block of a `realloc` is released).
#[derive(Debug, Clone, Copy, Default)]
pub struct ScrubAlloc;

extern crate std;
use std::alloc::System;

/// Overwrites `len` bytes at `ptr` with zeros in a way the optimiser may not remove (a store
/// just before `free` is otherwise a dead store).
///
/// # Safety
/// `ptr` must be valid for writes of `len` bytes.
unsafe fn scrub(ptr: *mut u8, len: usize) {
    // SAFETY: the caller guarantees `ptr..ptr+len` is writable.
    unsafe { core::ptr::write_bytes(ptr, 0, len) };
    // `black_box` makes the compiler assume the zeroed bytes are read, so the `memset` above
    // is kept even though the block is freed right after.
    core::hint::black_box(ptr);
    core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::SeqCst);
}

// SAFETY: every method forwards to `System` with the caller's layout unchanged; `dealloc`
// only writes inside the block it is about to free, which the caller owns.
unsafe impl GlobalAlloc for ScrubAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was returned by `alloc` for `layout`, so `layout.size()` bytes are
        // ours to write until we free them.
        unsafe {
            scrub(ptr, layout.size());
            System.dealloc(ptr, layout);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Never let the system allocator move the block itself: it would free the old copy
        // unscrubbed. Allocate, copy, then scrub and free the old block.
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return core::ptr::null_mut();
        };
        // SAFETY: `new_layout` has a non-zero size (the caller guarantees `new_size > 0`).
        let new_ptr = unsafe { System.alloc(new_layout) };
        if !new_ptr.is_null() {
            // SAFETY: both blocks are valid for the copied length and do not overlap (the new
            // one was just allocated); the old block is ours to scrub and free.
            unsafe {
                core::ptr::copy_nonoverlapping(ptr, new_ptr, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new_ptr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realloc_keeps_the_contents_and_the_old_block_is_scrubbed_before_free() {
        let a = ScrubAlloc;
        let layout = Layout::from_size_align(64, 8).unwrap();
        // SAFETY: sizes are non-zero; every pointer is used within its layout.
        unsafe {
            let p = a.alloc(layout);
            assert!(!p.is_null());
            for i in 0..64 {
                *p.add(i) = i as u8 + 1;
            }
            let q = a.realloc(p, layout, 4096);
            assert!(!q.is_null());
            for i in 0..64 {
                assert_eq!(*q.add(i), i as u8 + 1);
            }
            a.dealloc(q, Layout::from_size_align(4096, 8).unwrap());
        }
    }

    #[test]
    fn scrub_zeroes_every_byte() {
        let mut buf = [0xA5u8; 300];
        // SAFETY: `buf` is 300 writable bytes.
        unsafe { scrub(buf.as_mut_ptr(), buf.len()) };
        assert!(buf.iter().all(|&b| b == 0));
    }
}
