//! Training the on-device intent model (kept out of tacit-core so the mobile library stays
//! small). Uses core's featuriser so training and inference features are identical.

pub mod chat;
pub mod data;
pub mod devset;
pub mod logreg;
pub mod metrics;
pub mod routed;
