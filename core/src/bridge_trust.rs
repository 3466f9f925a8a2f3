//! The root certificates a profile trusts for its SimpleFIN connections besides the public
//! Web PKI roots (a self-hosted bridge with its own CA, `tacit bridge --sandbox`).
//!
//! The policy lives here, not in the bindings: at most [`MAX_EXTRA_ROOTS`] roots, each at most
//! [`MAX_ROOT_DER_LEN`] bytes of DER, each refused at the call that supplies it when rustls
//! would refuse it later, duplicates kept once. The roots are held in memory only (never in
//! the vault): a host supplies them again after each open. Certificate and host name
//! verification stay on whatever is added.

use crate::error::Error;
use crate::sources::simplefin::{SimpleFinClient, SimpleFinConfig};
use std::fmt;
use std::sync::Mutex;

/// Most extra roots one profile trusts.
pub const MAX_EXTRA_ROOTS: usize = 8;
/// Largest root certificate accepted, bytes of DER.
pub const MAX_ROOT_DER_LEN: usize = 16 * 1024;

/// Extra trusted roots (DER), shared by every connection of one profile.
#[derive(Default)]
pub struct TrustRoots(Mutex<Vec<Vec<u8>>>);

impl fmt::Debug for TrustRoots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrustRoots({} extra)", self.snapshot().len())
    }
}

fn client_with(roots: &[Vec<u8>]) -> Result<SimpleFinClient, Error> {
    let c = SimpleFinClient::new(SimpleFinConfig::default())
        .map_err(|_| Error::Sync("the TLS client could not be set up".into()))?;
    if roots.is_empty() {
        return Ok(c);
    }
    c.with_extra_roots(roots)
        .map_err(|_| Error::InvalidInput("not a usable root certificate"))
}

impl TrustRoots {
    fn snapshot(&self) -> Vec<Vec<u8>> {
        // A panic while holding the lock cannot leave the list half-changed (one push).
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Also trusts `der` (one X.509 root certificate). [`Error::InvalidInput`] for an empty or
    /// oversized blob, anything rustls does not accept as a root, or a ninth root.
    pub fn add(&self, der: Vec<u8>) -> Result<(), Error> {
        if der.is_empty() || der.len() > MAX_ROOT_DER_LEN {
            return Err(Error::InvalidInput("not a usable root certificate"));
        }
        // Refuse what rustls would refuse later, at the call that supplied it.
        client_with(std::slice::from_ref(&der))?;
        let mut roots = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if roots.contains(&der) {
            return Ok(());
        }
        if roots.len() >= MAX_EXTRA_ROOTS {
            return Err(Error::InvalidInput("too many extra root certificates"));
        }
        roots.push(der);
        Ok(())
    }

    /// A SimpleFIN client trusting the public roots and these.
    pub fn client(&self) -> Result<SimpleFinClient, Error> {
        client_with(&self.snapshot())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_certificate_and_builds_a_client() {
        let t = TrustRoots::default();
        for bad in [Vec::new(), b"not a certificate".to_vec(), vec![0; 20_000]] {
            assert!(matches!(t.add(bad), Err(Error::InvalidInput(_))));
        }
        assert!(t.client().is_ok());
        assert_eq!(format!("{t:?}"), "TrustRoots(0 extra)");
    }
}
