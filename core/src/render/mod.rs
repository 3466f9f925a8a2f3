//! Rendering helpers for chat replies: text the user sees on the device and the platform text.

pub mod money_fmt;
