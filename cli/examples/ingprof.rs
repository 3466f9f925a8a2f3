fn main() {
    let bytes = tacit_core::sources::ofx::generate_ofx(100_000, 42);
    let batch = tacit_core::sources::ofx::import_ofx(&bytes).unwrap();
    let now = batch.transactions.iter().map(|t| t.transacted_at).max().unwrap() + 86400;
    for i in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let w = tacit_core::crypto::wrap::TestKeyWrapper::new(tacit_core::crypto::secret::SecretKey::from_bytes([3; 32]));
        let p = tacit_core::profile::Profile::open(&dir.path().join("x.db"), &w, tacit_core::vault::OpenOptions::default()).unwrap();
        let t = std::time::Instant::now();
        p.ingest(&batch, now).unwrap();
        eprintln!("ingest {i} {:?}", t.elapsed());
    }
}
