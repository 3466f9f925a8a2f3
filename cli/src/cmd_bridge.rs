//! `tacit bridge --sandbox [--port N] [--seed N] [--utc-offset MIN] [--ca-out FILE]`: a
//! developer's SimpleFIN bridge. Serves the sandbox bank (the year ending today, as the bank
//! shows it now) over HTTPS on 127.0.0.1 with its own fresh test certificate authority, so an
//! app or `tacit sync` can link and sync without a real bank.
//!
//! Prints `port=`, `setup_token=` (single use, like a real bridge's) and `ca_der=` (the path of
//! the CA certificate, DER: give it to `trustBridgeCertificate` or `tacit sync --ca-cert`),
//! then `ready`, and serves until its standard input closes (Ctrl-D) or it is interrupted.
//! The server is the tests crate's loopback bridge, the one the test suites sync from.

use crate::common::{self, OK};
use std::io::{Read, Write};
use std::path::PathBuf;
use tacit_core::clock::{Clock, SystemClock};
use tacit_core::sources::sandbox::SandboxBank;
use tacit_core::time::local_date;
use tacit_devbridge::server::{ServerData, SimpleFinServer};

const HELP: &str =
    "usage: tacit bridge --sandbox [--port N] [--seed N] [--utc-offset MINUTES] [--ca-out FILE]
  serves the sandbox bank as a SimpleFIN bridge over HTTPS on 127.0.0.1 (its own test CA);
  prints port=, setup_token= and ca_der= (the CA certificate's path), then serves until
  standard input closes (Ctrl-D) or Ctrl-C";

/// What the command line asked for.
#[derive(Debug, PartialEq)]
struct Options {
    port: u16,
    seed: u64,
    utc_offset: i32,
    ca_out: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        port: 0,
        seed: 7,
        utc_offset: 0,
        ca_out: None,
    };
    let mut sandbox = false;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--sandbox" => sandbox = true,
            "--port" => o.port = value()?.parse().map_err(|_| "--port: 0 to 65535")?,
            "--seed" => o.seed = value()?.parse().map_err(|_| "--seed: a whole number")?,
            "--utc-offset" => {
                o.utc_offset = value()?
                    .parse()
                    .ok()
                    .filter(|m: &i32| (-840..=840).contains(m))
                    .ok_or("--utc-offset: minutes, -840 to 840")?
            }
            "--ca-out" => o.ca_out = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    if !sandbox {
        return Err("--sandbox is required (the only bank this bridge serves)".into());
    }
    Ok(o)
}

/// Runs the command; returns the exit status.
pub fn run(args: &[String]) -> i32 {
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => return common::usage(&e, HELP),
    };
    let now = SystemClock.now();
    let data = SandboxBank::year_ending(o.seed, local_date(now, o.utc_offset), o.utc_offset);
    let batch = data.snapshot_at(now.min(data.end));
    let server = match SimpleFinServer::start_on(
        &ServerData {
            accounts: batch.accounts,
            transactions: batch.transactions,
        },
        o.port,
    ) {
        Ok(s) => s,
        Err(e) => return common::fail(&format!("port {}", o.port), &e),
    };
    let ca_path = o.ca_out.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("tacit-bridge-{}-ca.der", server.addr().port()))
    });
    if let Err(e) = std::fs::write(&ca_path, server.ca_der()) {
        return common::fail(&ca_path.display().to_string(), &e);
    }
    let mut out = std::io::stdout().lock();
    let printed = writeln!(
        out,
        "port={}\nsetup_token={}\nca_der={}\nready",
        server.addr().port(),
        server.setup_token(),
        ca_path.display()
    )
    .and_then(|()| out.flush());
    drop(out);
    if let Err(e) = printed {
        return common::fail("stdout", &e);
    }
    eprintln!(
        "tacit bridge: serving the sandbox bank (seed {}); Ctrl-D to stop",
        o.seed
    );
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    let served = server.account_requests().len();
    eprintln!("tacit bridge: {served} /accounts requests served");
    let _ = std::fs::remove_file(&ca_path);
    OK
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_parse_and_refuse() {
        let o = parse(&args(&["--sandbox", "--port", "8443", "--seed", "3"])).unwrap();
        assert_eq!((o.port, o.seed, o.utc_offset, o.ca_out), (8443, 3, 0, None));
        assert!(
            parse(&args(&["--port", "1"])).is_err(),
            "--sandbox is required"
        );
        assert!(parse(&args(&["--sandbox", "--port", "70000"])).is_err());
        assert!(parse(&args(&["--sandbox", "--utc-offset", "900"])).is_err());
        assert!(parse(&args(&["--sandbox", "--port"])).is_err());
        assert!(parse(&args(&["--sandbox", "--bank", "x"])).is_err());
    }
}
