//! The encrypted vault (in progress).
